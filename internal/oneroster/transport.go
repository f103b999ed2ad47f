package oneroster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// newHTTPClient builds the one *http.Client used for API and token
// requests, so both share TLS, proxy and cookie settings. The transport
// (from baseTransport) is wrapped for logging; the base client's Timeout is
// kept, though the client applies Config.RequestTimeout per attempt.
func newHTTPClient(base *http.Client, transport http.RoundTripper, logger Logger, clock Clock) *http.Client {
	var jar http.CookieJar
	var timeout time.Duration
	var baseRedirect func(*http.Request, []*http.Request) error
	if base != nil {
		jar, timeout, baseRedirect = base.Jar, base.Timeout, base.CheckRedirect
	}
	return &http.Client{
		Transport: &observingTransport{base: transport, logger: logger, clock: clock},
		Jar:       jar,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if _, isTokenRequest := req.Context().Value(tokenResponseNoteKey{}).(*tokenResponseNote); isTokenRequest {
				// Go would re-send a 302'd token request as a GET without
				// credentials, and the token another host hands out would
				// then go to the API: a token endpoint that redirects is
				// misconfigured at best, and never followed.
				return &tokenRedirectError{status: req.Response.StatusCode, target: req.URL}
			}
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			// Credentials stay with the origin they were issued for, and
			// never downgrade to plain HTTP. Go copies every header of the
			// first request onto the next, and drops only Authorization
			// and cookies, and only for other domains: it keeps them for
			// subdomains, for other ports of the same host and on
			// https->http redirects, and keeps the extra headers (vendor
			// keys) everywhere.
			first := via[0].URL
			if !sameOrigin(req.URL, first) {
				// A 307/308 would resend the body, and a token request's
				// body holds the password or client secret (form client
				// authentication): such a redirect is refused outright.
				if req.GetBody != nil {
					return fmt.Errorf("refusing to follow the redirect of %s %s to %s: the request body (which may hold credentials) would go to another host",
						via[len(via)-1].Method, urlWithoutQuery(first), urlWithoutQuery(req.URL))
				}
				keepOnlyHeadersSafeAnywhere(req.Header)
			}
			if baseRedirect != nil {
				return baseRedirect(req, via)
			}
			return nil
		},
	}
}

// headersSafeAnywhere are the request headers that carry nothing of the
// client's credentials, and so may follow a redirect to another origin.
var headersSafeAnywhere = []string{"Accept", "User-Agent"}

// keepOnlyHeadersSafeAnywhere removes every header but headersSafeAnywhere
// from h: which headers hold secrets is not known by name (extra headers
// are configured freely), so every other one is dropped, Referer included,
// whose URL may hold a filter on personal data.
func keepOnlyHeadersSafeAnywhere(h http.Header) {
	for name := range h {
		if !slices.Contains(headersSafeAnywhere, http.CanonicalHeaderKey(name)) {
			delete(h, name)
		}
	}
}

// baseTransport returns the transport requests go through before logging:
// the custom client's, or a clone of http.DefaultTransport that keeps
// alive a connection for each request the client may have in flight
// (keepIdleConnections, from maxConcurrency), with cfg's TLS options
// applied.
func baseTransport(cfg Config, maxConcurrency int) (http.RoundTripper, error) {
	var custom http.RoundTripper
	if cfg.HTTPClient != nil {
		custom = cfg.HTTPClient.Transport
	}
	tlsOptions := cfg.CACertPEM != "" || cfg.InsecureSkipVerify
	if custom != nil && !tlsOptions {
		return custom, nil
	}
	var t *http.Transport
	switch c := custom.(type) {
	case nil:
		t = newDefaultTransport()
		keepIdleConnections(t, maxConcurrency)
	case *http.Transport:
		t = c.Clone()
	default:
		return nil, fmt.Errorf("CACertPEM and InsecureSkipVerify need HTTPClient.Transport to be an *http.Transport, not %T: configure TLS on your "+
			"transport instead", custom)
	}
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	if t.TLSClientConfig.MinVersion < tls.VersionTLS12 {
		t.TLSClientConfig.MinVersion = tls.VersionTLS12
	}
	if cfg.CACertPEM != "" {
		pool, err := rootsWith(cfg.CACertPEM)
		if err != nil {
			return nil, fmt.Errorf("CACertPEM %w", err)
		}
		t.TLSClientConfig.RootCAs = pool
	}
	if cfg.InsecureSkipVerify {
		t.TLSClientConfig.InsecureSkipVerify = true
	}
	return t, nil
}

// rootsWith returns the system's trusted roots plus the certificates of
// pemCerts, which must hold at least one.
func rootsWith(pemCerts string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	rest := []byte(pemCerts)
	added := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("holds a certificate (number %d) that cannot be read: %w", added+1, err)
		}
		pool.AddCert(cert)
		added++
	}
	if added == 0 {
		return nil, errors.New("holds no PEM certificate: give one or more blocks from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
	}
	return pool, nil
}

// CheckCACertPEM reports what is wrong with pemCerts as Config.CACertPEM,
// for callers that validate it before building a client; the error reads
// after the name of the caller's setting ("ca_cert_pem holds no…").
func CheckCACertPEM(pemCerts string) error {
	_, err := rootsWith(pemCerts)
	return err
}

// operationsAtOnce is how many operations callers commonly run on one
// Client at the same time, each with up to MaxConcurrency requests in
// flight: a Terraform provider shares its client among the resources the
// CLI works on at once, 10 by default.
const operationsAtOnce = 10

// keepIdleConnections lets t keep alive, per host, one connection for each
// request operationsAtOnce operations of maxConcurrency requests may have
// in flight. Go keeps 2 by default (http.DefaultMaxIdleConnsPerHost): with
// more requests at once, every connection beyond the second was closed
// when its request ended and opened again (a TLS handshake over HTTPS) by
// the next. Idle connections still close after t's IdleConnTimeout, and
// at once on Client.CloseIdleConnections.
func keepIdleConnections(t *http.Transport, maxConcurrency int) {
	perHost := max(maxConcurrency, 1) * operationsAtOnce
	t.MaxIdleConnsPerHost = max(t.MaxIdleConnsPerHost, perHost)
	if t.MaxIdleConns != 0 { // 0 is no limit
		t.MaxIdleConns = max(t.MaxIdleConns, perHost)
	}
}

// defaultTransport is a clone of http.DefaultTransport (proxy from the
// environment, HTTP/2, sane pools) that refuses TLS below 1.2.
func defaultTransport() http.RoundTripper { return newDefaultTransport() }

func newDefaultTransport() *http.Transport {
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

// PlainHTTPOffLoopback reports whether raw is an http:// URL to a host other
// than loopback: one that would carry credentials across a network in the
// clear. New refuses such URLs unless Config.AllowInsecureHTTP is set;
// callers use this to report the problem against their own setting's name.
func PlainHTTPOffLoopback(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && strings.EqualFold(u.Scheme, "http") && !isLoopbackHost(u.Hostname())
}

// isLoopbackHost reports whether host is localhost (RFC 6761 names
// included) or a loopback IP address.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkPlainHTTP(field string, u *url.URL, allow bool) error {
	if allow || !PlainHTTPOffLoopback(u.String()) {
		return nil
	}
	return fmt.Errorf(
		"%s %s uses plain http:// to a host that is not loopback, so credentials would cross the network unencrypted: use https://, or set "+
			"AllowInsecureHTTP if the network is trusted",
		field,
		urlWithoutQuery(u),
	)
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
	// secretHeaders are the client's extra headers, whose values are
	// secrets (see maskHeadersInLog).
	secretHeaders map[string]bool
}

// CloseIdleConnections closes the base transport's idle connections, if it
// keeps any (http.Client.CloseIdleConnections reaches it through here).
func (t *observingTransport) CloseIdleConnections() {
	if closer, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		closer.CloseIdleConnections()
	}
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := t.clock.Now()
	resp, err := t.base.RoundTrip(req)
	ctx := req.Context()
	note, isTokenRequest := ctx.Value(tokenResponseNoteKey{}).(*tokenResponseNote)
	if isTokenRequest && err == nil {
		note.record(resp.StatusCode, resp.Header.Get("Content-Type"))
		readableLifetime(resp, note)
		resp.Body = &prefixRecorder{ReadCloser: resp.Body, note: note}
	}
	if t.logger != nil {
		logURL := urlForLog(req.URL)
		if isTokenRequest {
			logURL = tokenURLForMessage(req.URL)
		}
		duration := t.clock.Now().Sub(start)
		fields := map[string]any{
			"method":          req.Method,
			"url":             logURL,
			"duration":        duration.String(),
			"request_headers": headersForLog(req.Header, t.secretHeaders),
		}
		// The CLI's log prints fields in no stable order (they travel as
		// maps): the message repeats the main ones in a fixed order.
		outcome := "no answer"
		if attempt, ok := ctx.Value(attemptKey{}).(int); ok {
			fields["attempt"] = attempt
		}
		if err != nil {
			// Transport errors name host and port, never headers.
			fields["error"] = err.Error()
		} else {
			fields["status"] = resp.StatusCode
			fields["response_headers"] = headersForLog(resp.Header, nil)
			outcome = strconv.Itoa(resp.StatusCode)
		}
		t.logger.Debug(ctx, fmt.Sprintf("oneroster: HTTP exchange: %s %s %s in %s", req.Method, logURL, outcome, duration), fields)
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

// tokenRedirectError is CheckRedirect's refusal of a token endpoint's
// redirect.
type tokenRedirectError struct {
	status int
	target *url.URL
}

func (e *tokenRedirectError) Error() string {
	return fmt.Sprintf("refusing to follow the token endpoint's redirect (%d) to %s", e.status, urlWithoutQuery(e.target))
}

// IsTLSFailure reports whether err is a failed TLS handshake: a
// certificate the client does not trust, no protocol version or cipher in
// common, a server that does not speak TLS there. Asking again gets the
// same answer, so the client never retries these.
func IsTLSFailure(err error) bool {
	if IsCertificateError(err) {
		return true
	}
	var record tls.RecordHeaderError
	var alert tls.AlertError
	var opErr *net.OpError
	switch {
	case errors.As(err, &record), errors.As(err, &alert):
		return true
	case errors.As(err, &opErr) && opErr.Op == "remote error":
		// How crypto/tls reports an alert the server sent.
		return true
	}
	// crypto/tls's own check of the version a server chose (a server of
	// TLS 1.1 or older that answers instead of sending an alert) is a plain
	// error, told apart only by its text.
	return strings.Contains(err.Error(), "tls: server selected unsupported protocol version")
}

// tlsFailureNote explains a failed handshake in the error: that it is not
// retried, and, when the versions did not meet, the client's TLS floor.
func tlsFailureNote(err error) string {
	note := "the TLS handshake failed, which retrying cannot cure"
	if strings.Contains(err.Error(), "protocol version") {
		note += "; the server offers only TLS versions older than 1.2, which this client refuses: the server must enable TLS 1.2 or later"
	}
	return note
}

// IsCertificateError reports whether err comes from verifying the server's
// TLS certificate (an unknown authority, a wrong host name, an expired
// certificate), which extra trusted roots (CACertPEM) may cure.
func IsCertificateError(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verifyErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid)
}
