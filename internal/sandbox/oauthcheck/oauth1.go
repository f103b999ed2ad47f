package oauthcheck

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Signature methods accepted by the checker and by Sign.
const (
	HMACSHA1   = "HMAC-SHA1"
	HMACSHA256 = "HMAC-SHA256"
)

// maxFormBody bounds the form body read to check a signature.
const maxFormBody = 10 << 20

// SignatureBaseString returns the RFC 5849 section 3.4.1 signature base
// string: the uppercased method, the base string URI of u (section 3.4.1.2:
// lowercase scheme and host, default port dropped, path as escaped in u; u's
// query and fragment are ignored) and the normalized params (section
// 3.4.1.3.2), each percent-encoded per section 3.6 and joined with "&".
//
// params must hold every request parameter, decoded: the query, the OAuth
// protocol parameters (without the header's "realm") and a form body.
// "oauth_signature" is left out if present.
func SignatureBaseString(method string, u *url.URL, params url.Values) string {
	return strings.ToUpper(method) + "&" + encode(baseStringURI(u)) + "&" + encode(normalizeParams(params))
}

// Sign returns the base64 signature of baseString for an HMAC method
// ("HMAC-SHA1" or "HMAC-SHA256"), keyed per RFC 5849 section 3.4.2 with the
// encoded consumer secret, "&" and the encoded token secret ("" in two-legged
// OAuth).
func Sign(method, baseString, consumerSecret, tokenSecret string) (string, error) {
	sum, err := signature(method, baseString, consumerSecret, tokenSecret)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sum), nil
}

func signature(method, baseString, consumerSecret, tokenSecret string) ([]byte, error) {
	var h func() hash.Hash
	switch method {
	case HMACSHA1:
		h = sha1.New
	case HMACSHA256:
		h = sha256.New
	default:
		return nil, fmt.Errorf("oauthcheck: signature method %q is not supported; use %s or %s", printable(method), HMACSHA256, HMACSHA1)
	}
	m := hmac.New(h, []byte(encode(consumerSecret)+"&"+encode(tokenSecret)))
	m.Write([]byte(baseString))
	return m.Sum(nil), nil
}

// encode is the percent-encoding of RFC 5849 section 3.6: every byte of the
// UTF-8 text but ALPHA, DIGIT, '-', '.', '_' and '~' becomes %XX, uppercase
// hex, so a space is %20 (never '+').
func encode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0f])
	}
	return b.String()
}

// baseStringURI is RFC 5849 section 3.4.1.2.
func baseStringURI(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && (scheme != "http" || port != "80") && (scheme != "https" || port != "443") {
		host += ":" + port
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return scheme + "://" + host + path
}

// normalizeParams is RFC 5849 section 3.4.1.3.2: encode every name and value,
// sort by encoded name then encoded value, join as name=value with "&".
func normalizeParams(params url.Values) string {
	type pair struct{ name, value string }
	var pairs []pair
	for name, values := range params {
		if name == "oauth_signature" {
			continue
		}
		for _, v := range values {
			pairs = append(pairs, pair{encode(name), encode(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}
		return pairs[i].value < pairs[j].value
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}

// requestURL is the URL the client signed, as far as the server can tell:
// behind httptest or a proxy the scheme comes from r.TLS and the host from
// r.Host.
func requestURL(r *http.Request) *url.URL {
	u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if u.Host == "" {
		u.Host = r.URL.Host
	}
	return u
}

// isForm reports whether r has a body that RFC 5849 section 3.4.1.3.1 counts
// as request parameters.
func isForm(r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// requestParams gathers the request parameters of RFC 5849 section
// 3.4.1.3.1: the query, the Authorization header's parameters but "realm"
// (when hasHeader; header is what follows the "OAuth" scheme name) and a form
// body. The body is put back for the handler.
func requestParams(r *http.Request, header string, hasHeader bool) (url.Values, *Failure) {
	bad := func(reason string) *Failure {
		return &Failure{Status: http.StatusBadRequest, Reason: reason, WWWAuthenticate: oauth1Challenge()}
	}
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, bad("the query string is not valid application/x-www-form-urlencoded, so it cannot be part of a signature base string")
	}
	if hasHeader {
		hp, err := parseAuthParams(header)
		if err != nil {
			return nil, bad(
				"the Authorization: OAuth header is malformed (" + err.Error() + `); it must read OAuth name="value", name="value" with values percent-encoded ` +
					`per RFC 5849 section 3.6`,
			)
		}
		for name, values := range hp {
			if name == "realm" {
				continue
			}
			params[name] = append(params[name], values...)
		}
	}
	if isForm(r) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFormBody+1))
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			return nil, bad("the request body could not be read")
		}
		if len(body) > maxFormBody {
			return nil, bad(fmt.Sprintf("the form body is larger than %d bytes, too large to check its signature", maxFormBody))
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, bad("the form body is not valid application/x-www-form-urlencoded, so it cannot be part of a signature base string")
		}
		for name, values := range form {
			params[name] = append(params[name], values...)
		}
	}
	return params, nil
}

// parseAuthParams parses the parameters of an "Authorization: OAuth" header
// (RFC 5849 section 3.5.1): name="value" pairs separated by commas and
// optional whitespace, names and values percent-encoded. Unquoted values are
// tolerated.
func parseAuthParams(s string) (url.Values, error) {
	out := url.Values{}
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return out, nil
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, errors.New("a parameter lacks its =")
		}
		rawName := strings.TrimSpace(s[:eq])
		if strings.ContainsAny(rawName, " \t\",") {
			return nil, errors.New("a parameter name holds a space, quote or comma")
		}
		s = strings.TrimLeft(s[eq+1:], " \t")
		var rawValue string
		if strings.HasPrefix(s, `"`) {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, errors.New("a quoted value is not closed")
			}
			rawValue, s = s[1:1+end], strings.TrimLeft(s[2+end:], " \t")
			if s != "" && s[0] != ',' {
				return nil, errors.New("parameters must be separated by commas")
			}
		} else {
			end := strings.IndexByte(s, ',')
			if end < 0 {
				end = len(s)
			}
			rawValue, s = strings.TrimSpace(s[:end]), s[end:]
		}
		name, err1 := url.PathUnescape(rawName)
		value, err2 := url.PathUnescape(rawValue)
		if err1 != nil || err2 != nil {
			return nil, errors.New("a name or value has a bad percent-encoding")
		}
		out.Add(name, value)
	}
}

// nonceKey identifies a nonce per RFC 5849 section 3.3: unique for a
// timestamp and client credentials (no token in two-legged OAuth).
type nonceKey struct {
	consumer, nonce string
	timestamp       int64
}

// verifyOAuth1 checks a two-legged OAuth 1.0a request whose parameters were
// gathered by requestParams. The order is: form of the protocol parameters
// (400), consumer, clock, signature, then nonce, so that a forged request
// cannot use up a nonce.
func (c *Checker) verifyOAuth1(r *http.Request, params url.Values) (Grant, *Failure) {
	ts, f := checkOAuth1Params(params)
	if f != nil {
		return Grant{}, f
	}
	key := params.Get("oauth_consumer_key")
	c.mu.Lock()
	consumer, known := c.consumers[key]
	skew, now := c.cfg.ClockSkew, c.cfg.Now()
	c.mu.Unlock()
	if !known {
		return Grant{}, oauth1Failure(http.StatusUnauthorized, "oauth_consumer_key is not a consumer this server knows; check the consumer key")
	}
	if f := checkTimestamp(ts, now, skew); f != nil {
		return Grant{}, f
	}
	if f := checkOAuth1Signature(r, params, consumer.Secret); f != nil {
		return Grant{}, f
	}
	if f := c.useNonce(nonceKey{consumer: key, nonce: params.Get("oauth_nonce"), timestamp: ts}, now, skew); f != nil {
		return Grant{}, f
	}
	return Grant{Method: MethodOAuth1, Subject: key, Scopes: AllScopes()}, nil
}

// oauth1Failure is a refused OAuth 1.0a request, with the challenge that
// names the scheme.
func oauth1Failure(status int, reason string) *Failure {
	return &Failure{Status: status, Reason: reason, WWWAuthenticate: oauth1Challenge()}
}

// checkOAuth1Params checks the protocol parameters a signed two-legged
// request carries, each once, and returns its timestamp.
func checkOAuth1Params(params url.Values) (timestamp int64, f *Failure) {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if strings.HasPrefix(name, "oauth_") && len(params[name]) > 1 {
			return 0, oauth1Failure(
				http.StatusBadRequest,
				"the protocol parameter "+printable(name)+" appears more than once (header, query and body together); send each oauth_ parameter once",
			)
		}
	}
	for _, name := range []string{"oauth_consumer_key", "oauth_signature_method", "oauth_signature", "oauth_timestamp", "oauth_nonce"} {
		if params.Get(name) == "" {
			return 0, oauth1Failure(
				http.StatusBadRequest,
				"the OAuth 1.0a request lacks "+name+"; a signed request needs oauth_consumer_key, oauth_signature_method, oauth_timestamp, oauth_nonce and "+
					"oauth_signature",
			)
		}
	}
	if params.Has("oauth_version") && params.Get("oauth_version") != "1.0" {
		return 0, oauth1Failure(http.StatusBadRequest, "oauth_version is "+strconv.Quote(printable(params.Get("oauth_version")))+"; it must be 1.0 or absent")
	}
	method := params.Get("oauth_signature_method")
	if method != HMACSHA1 && method != HMACSHA256 {
		return 0, oauth1Failure(http.StatusBadRequest, "oauth_signature_method "+printable(method)+" is not accepted; sign with "+HMACSHA256+" or "+HMACSHA1)
	}
	if params.Get("oauth_token") != "" {
		return 0, oauth1Failure(http.StatusUnauthorized, "this server takes two-legged OAuth 1.0a: oauth_token must be absent or empty")
	}
	ts, err := strconv.ParseInt(params.Get("oauth_timestamp"), 10, 64)
	if err != nil || ts <= 0 {
		return 0, oauth1Failure(http.StatusBadRequest, "oauth_timestamp must be a positive whole number of seconds since 1970-01-01T00:00:00Z")
	}
	return ts, nil
}

// checkTimestamp refuses a timestamp more than skew away from now.
func checkTimestamp(ts int64, now time.Time, skew time.Duration) *Failure {
	diff := now.Unix() - ts
	if abs(diff) <= int64(skew/time.Second) {
		return nil
	}
	direction := "behind"
	if diff < 0 {
		direction = "ahead of"
	}
	return oauth1Failure(http.StatusUnauthorized, fmt.Sprintf("oauth_timestamp is %ds %s the server clock (at most %ds allowed); check the client's clock",
		abs(diff), direction, int64(skew/time.Second)))
}

// checkOAuth1Signature recomputes the request's signature with the
// consumer's secret (RFC 5849 section 3.4), and refuses one that differs.
func checkOAuth1Signature(r *http.Request, params url.Values, secret string) *Failure {
	base := SignatureBaseString(r.Method, requestURL(r), params)
	want, err := signature(params.Get("oauth_signature_method"), base, secret, "")
	if err != nil {
		return oauth1Failure(http.StatusBadRequest, err.Error())
	}
	got, err := base64.StdEncoding.DecodeString(params.Get("oauth_signature"))
	if err != nil || !hmac.Equal(got, want) {
		return oauth1Failure(
			http.StatusUnauthorized,
			"oauth_signature does not match the request; check the consumer secret, and that the base string covers the method, the URL (scheme, host, port, "+
				"path) and every query and form parameter, percent-encoded per RFC 5849 section 3.6 (space as %20)",
		)
	}
	return nil
}

// useNonce refuses a nonce already sent with the same consumer and
// timestamp, and remembers this one while its timestamp is still accepted.
func (c *Checker) useNonce(nk nonceKey, now time.Time, skew time.Duration) *Failure {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !now.Before(c.nextNoncePrune) {
		for k, forget := range c.nonces {
			if forget.Before(now) {
				delete(c.nonces, k)
			}
		}
		c.nextNoncePrune = now.Add(skew / 2)
	}
	if _, used := c.nonces[nk]; used {
		return oauth1Failure(
			http.StatusUnauthorized,
			"nonce already used: this oauth_nonce was already sent with the same consumer and timestamp; send a fresh nonce with every request",
		)
	}
	// Once the server clock passes ts+skew (plus the second the check
	// truncates) the timestamp check rejects a replay anyway, so the nonce
	// need not be remembered longer.
	c.nonces[nk] = time.Unix(nk.timestamp, 0).Add(skew + time.Second)
	return nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
