package oneroster

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ExtraHeader is a request header the client adds to API requests, for
// servers that want more than the OAuth credentials: Infinite Campus
// requires "x-vendor-authorization: {vendorKey}:{vendorSecret}" on its
// gradebook endpoints, and answers 401 without it. Values are treated as
// secrets: never logged, and masked in anything a server echoes back.
type ExtraHeader struct {
	Name  string
	Value string
	// GradebookOnly limits the header to requests of the gradebook
	// service (the catalog's ServiceGradebook collections, whatever their
	// path), so that a gradebook key never travels with rostering reads.
	GradebookOnly bool
}

// reservedHeaders are set by the client or by net/http itself; an extra
// header of that name would fight them (and Authorization would replace
// the configured credentials).
var reservedHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Host": true, "Content-Type": true,
	"Content-Length": true, "Transfer-Encoding": true, "Connection": true, "Cookie": true,
	"Accept": true, "User-Agent": true,
}

// CheckExtraHeader reports what is wrong with a header name and value;
// the error reads after the caller's name for the header ("header
// \"x\" …") and never quotes the value, which is a secret.
func CheckExtraHeader(name, value string) error {
	if name == "" {
		return errors.New("has an empty name: give the header's name, e.g. x-vendor-authorization")
	}
	for _, r := range name {
		if r > 0x7e || r <= ' ' || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r) {
			return fmt.Errorf("name %q is not a valid HTTP header name: use letters, digits and '-' only", name)
		}
	}
	if reservedHeaders[http.CanonicalHeaderKey(name)] {
		return fmt.Errorf("name %q is a header the client sets itself: it cannot be overridden (set credentials in the authentication settings)", name)
	}
	if value == "" {
		return fmt.Errorf("%q has an empty value: set the value, or remove the header", name)
	}
	if err := checkFieldValue(value); err != nil {
		return fmt.Errorf("%q has a value %w", name, err)
	}
	return nil
}

// checkFieldValue reports what RFC 9110 §5.5 forbids in value as a field
// value: control characters other than tab (net/http refuses to send such
// a request, and every request would fail), and space or tab at either
// end (which servers strip, so the value sent is not the one configured).
// The error reads after "has a value" and never shows the value.
func checkFieldValue(value string) error {
	for _, b := range []byte(value) {
		switch {
		case b == '\r' || b == '\n':
			return errors.New("with a line break (not shown, as it is secret): copy the value again without the trailing newline")
		case (b < ' ' && b != '\t') || b == 0x7f:
			return fmt.Errorf("with the control character %U (not shown, as it is secret), which HTTP forbids in a header value: "+
				"copy the value again without it", rune(b))
		}
	}
	if strings.TrimLeft(value, " \t") != value || strings.TrimRight(value, " \t") != value {
		return errors.New("that starts or ends with a space or tab (not shown, as it is secret), which servers strip: remove it")
	}
	return nil
}

func checkExtraHeaders(headers []ExtraHeader) error {
	seen := map[string]bool{}
	for i, h := range headers {
		if err := CheckExtraHeader(h.Name, h.Value); err != nil {
			return fmt.Errorf("ExtraHeaders[%d] %w", i, err)
		}
		key := http.CanonicalHeaderKey(h.Name) + fmt.Sprint(h.GradebookOnly)
		if seen[key] {
			return fmt.Errorf("ExtraHeaders[%d] %q is given twice: keep one", i, h.Name)
		}
		seen[key] = true
	}
	return nil
}

// addExtraHeaders puts the configured headers of a request to service on
// req and returns their values, to be masked in what the server answers.
func (c *Client) addExtraHeaders(req *http.Request, service Service) []string {
	var values []string
	for _, h := range c.extraHeaders {
		if h.GradebookOnly && service != ServiceGradebook {
			continue
		}
		req.Header.Set(h.Name, h.Value)
		values = append(values, h.Value)
	}
	return values
}

// extraHeaderSecrets lists the values of headers, with their forms.
func extraHeaderSecrets(headers []ExtraHeader) []string {
	out := make([]string, 0, len(headers))
	for _, h := range headers {
		out = append(out, h.Value)
	}
	return out
}
