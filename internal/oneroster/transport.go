package oneroster

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// newHTTPClient builds the one *http.Client used for API and token
// requests, so both share TLS, proxy and cookie settings. The base client's
// Transport is wrapped for logging; its Timeout is kept, though the client
// applies Config.RequestTimeout per attempt.
func newHTTPClient(base *http.Client, logger Logger, clock Clock) *http.Client {
	var transport http.RoundTripper
	var jar http.CookieJar
	var timeout time.Duration
	var baseRedirect func(*http.Request, []*http.Request) error
	if base != nil {
		transport, jar, timeout, baseRedirect = base.Transport, base.Jar, base.Timeout, base.CheckRedirect
	}
	if transport == nil {
		transport = defaultTransport()
	}
	return &http.Client{
		Transport: &observingTransport{base: transport, logger: logger, clock: clock},
		Jar:       jar,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			// Credentials stay with the host they were issued for, and
			// never downgrade to plain HTTP. Go already drops Authorization
			// for other domains, but keeps it for subdomains and on
			// https->http redirects of the same host.
			first := via[0].URL
			if !strings.EqualFold(req.URL.Host, first.Host) || !strings.EqualFold(req.URL.Scheme, first.Scheme) {
				req.Header.Del("Authorization")
			}
			if baseRedirect != nil {
				return baseRedirect(req, via)
			}
			return nil
		},
	}
}

// defaultTransport is a clone of http.DefaultTransport (proxy from the
// environment, HTTP/2, sane pools) that refuses TLS below 1.2.
func defaultTransport() http.RoundTripper {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		// Replaced by some init code: build a fresh one instead.
		base = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t := base.Clone()
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	t.TLSClientConfig.MinVersion = tls.VersionTLS12
	return t
}

type attemptKey struct{}

// withAttempt marks ctx with the attempt number, for log lines.
func withAttempt(ctx context.Context, attempt int) context.Context {
	return context.WithValue(ctx, attemptKey{}, attempt)
}

// observingTransport logs every HTTP exchange (API, token endpoint and
// redirects alike) and notes token endpoint answers for TokenError.
type observingTransport struct {
	base   http.RoundTripper
	logger Logger
	clock  Clock
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := t.clock.Now()
	resp, err := t.base.RoundTrip(req)
	ctx := req.Context()
	if note, ok := ctx.Value(tokenResponseNoteKey{}).(*tokenResponseNote); ok && err == nil {
		note.record(resp.StatusCode, resp.Header.Get("Content-Type"))
		resp.Body = &prefixRecorder{ReadCloser: resp.Body, note: note}
	}
	if t.logger != nil {
		fields := map[string]any{
			"method":          req.Method,
			"url":             urlForLog(req.URL),
			"duration":        t.clock.Now().Sub(start).String(),
			"request_headers": headersForLog(req.Header),
		}
		if attempt, ok := ctx.Value(attemptKey{}).(int); ok {
			fields["attempt"] = attempt
		}
		if err != nil {
			// Transport errors name host and port, never headers.
			fields["error"] = err.Error()
		} else {
			fields["status"] = resp.StatusCode
			fields["response_headers"] = headersForLog(resp.Header)
		}
		t.logger.Debug(ctx, "oneroster: HTTP exchange", fields)
	}
	return resp, err
}

// prefixRecorder copies the first bytes of a token endpoint answer into its
// note as they are read.
type prefixRecorder struct {
	io.ReadCloser
	note *tokenResponseNote
}

func (r *prefixRecorder) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if n > 0 {
		r.note.addPrefix(p[:n])
	}
	return n, err
}
