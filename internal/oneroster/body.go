package oneroster

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// bodyError is a 2xx answer whose body cannot be used. interrupted marks
// bodies cut short (connection dropped, attempt timed out), which are worth
// another attempt; malformed or HTML bodies are not.
type bodyError struct {
	reason      string
	interrupted bool
}

func (e *bodyError) Error() string { return e.reason }

// peekBody wraps r's body for sniffing its first non-space byte. It returns
// 0 for an empty body.
func peekBody(r *http.Response) (*bufio.Reader, byte, error) {
	br := bufio.NewReaderSize(r.Body, maxStatusBody)
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return br, 0, nil
		}
		if err != nil {
			return br, 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return br, b, br.UnreadByte()
	}
}

// openBody starts reading a 2xx body: it peeks at its first byte and
// turns an imsx failure document into a statusFailure, so that every
// decoder of successful answers refuses it alike.
func openBody(r *http.Response) (*bufio.Reader, byte, error) {
	br, first, err := peekBody(r)
	if err != nil {
		return br, 0, readFailure(err)
	}
	if first == '{' || first == '[' {
		if failure := statusFailureIn(br); failure != nil {
			return br, first, failure
		}
	}
	return br, first, nil
}

// decodeJSONBody decodes a 2xx body into out. An empty body is an error
// unless emptyOK (PUT and DELETE answers); an HTML page is always one.
func decodeJSONBody(r *http.Response, out any, emptyOK bool) error {
	br, first, err := openBody(r)
	if err != nil {
		return err
	}
	switch first {
	case 0:
		if emptyOK || r.StatusCode == http.StatusNoContent {
			return nil
		}
		return &bodyError{reason: "the server answered with an empty body where a JSON document was expected"}
	case '<':
		return &bodyError{reason: "the server answered with an HTML page, not JSON"}
	}
	if out == nil {
		// Still read it all: a truncated answer must not pass for success.
		var discard json.RawMessage
		out = &discard
	}
	if err := json.NewDecoder(br).Decode(out); err != nil {
		return decodeFailure(err)
	}
	return nil
}

// readFailure classifies an error reading a body.
func readFailure(err error) error {
	var tooLarge *responseTooLargeError
	if errors.As(err, &tooLarge) {
		return &bodyError{reason: tooLarge.Error()}
	}
	return &bodyError{reason: "the answer was cut off: " + err.Error(), interrupted: true}
}

// responseTooLargeError is the error of reading a successful answer past
// the client's limit (Config.MaxResponseBytes). It is not worth another
// attempt: the server would send as much again.
type responseTooLargeError struct {
	limit   int64
	setting string // how the caller's users name the limit
}

func (e *responseTooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %s, the most this client reads of one answer (%s); "+
		"if the server's answers really are that large, raise %s or ask for smaller pages", formatBytes(e.limit), e.setting, e.setting)
}

// formatBytes writes n in the largest binary unit that divides it.
func formatBytes(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// cappedBody reads a successful answer's body up to a limit, and fails
// with a responseTooLargeError when the server sends more: a server that
// streams without end must not grow the provider's memory without end.
type cappedBody struct {
	io.ReadCloser
	left int64
	err  *responseTooLargeError
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the limit: the answer is too large only if more follows.
		var one [1]byte
		if n, err := b.ReadCloser.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, b.err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// decodeFailure classifies a JSON decoding error. Type errors (a record
// that does not fit the model) are returned as they are, with their field.
func decodeFailure(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var tooLarge *responseTooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return &bodyError{reason: tooLarge.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		// Reached only after the first byte was seen, so EOF is mid-document.
		return &bodyError{reason: "the answer ended before its JSON document was complete (truncated)", interrupted: true}
	case errors.As(err, &syntax):
		return &bodyError{reason: "the answer is not valid JSON: " + syntax.Error()}
	case errors.As(err, &typeErr):
		return fmt.Errorf("cannot read the answer: %w", err)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return &bodyError{reason: "the answer was cut off: " + err.Error(), interrupted: true}
	}
	var netErr interface{ Timeout() bool }
	if errors.As(err, &netErr) {
		return readFailure(err)
	}
	return fmt.Errorf("cannot read the answer: %w", err)
}

// maxStatusBody is the size under which a 2xx body is checked for an imsx
// failure: status documents are a few hundred bytes, and a larger body
// is data, decoded as it streams in.
const maxStatusBody = 8 << 10

// statusFailure is a 2xx answer whose body is an imsx_StatusInfo with
// codeMajor failure (or unsupported): some servers refuse a write, or a
// read, with 200 and say so only in the body.
type statusFailure struct {
	body []byte
}

func (e *statusFailure) Error() string { return "the server answered with an imsx failure" }

// statusFailureIn peeks at a body (not consuming it) and returns a
// statusFailure when the whole body fits in maxStatusBody and is an imsx
// status document that reports a failure.
func statusFailureIn(br *bufio.Reader) *statusFailure {
	head, err := br.Peek(maxStatusBody)
	if err == nil || !errors.Is(err, io.EOF) {
		return nil // larger than a status document, or a read error the decoder reports
	}
	info, ok := DecodeStatusInfo(head)
	refused := strings.EqualFold(info.CodeMajor, "failure") || strings.EqualFold(info.CodeMajor, "unsupported")
	if !ok || !refused {
		return nil
	}
	return &statusFailure{body: append([]byte(nil), head...)}
}
