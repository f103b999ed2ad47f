package oneroster

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

const redacted = "[redacted]"

// urlWithoutQuery renders u for error messages: no user info, no query, no
// fragment. Queries are dropped there because a vendor may put anything in
// them; errors are shown to users and copied into tickets.
func urlWithoutQuery(u *url.URL) string {
	if u == nil {
		return ""
	}
	clean := *u
	clean.User = nil
	clean.RawQuery = ""
	clean.ForceQuery = false
	clean.Fragment = ""
	clean.RawFragment = ""
	return clean.String()
}

// urlForLog renders u for log lines: the query is kept, because paging and
// filter problems are diagnosed from it, but OAuth 1 parameters and
// secret-looking parameters are masked.
func urlForLog(u *url.URL) string {
	return urlMasking(u, isSensitiveParam)
}

// tokenURLForMessage renders the token endpoint u for errors and log lines.
// Every query value is masked but those of tokenURLPublicParams: vendors
// that route token requests by query put API keys there under any name,
// while a tenant name (appName) is what users need to see to tell
// endpoints apart.
func tokenURLForMessage(u *url.URL) string {
	return urlMasking(u, isTokenURLSecretParam)
}

// tokenURLPublicParams are the token URL parameters known to hold no
// secret: appName (a tenant name some vendors require) and the RFC 6749
// parameters some vendors want in the query too. Masking grant_type would
// also scrub "client_credentials" from every error description.
var tokenURLPublicParams = []string{"appName", "grant_type", "scope"}

func isTokenURLSecretParam(name string) bool {
	for _, public := range tokenURLPublicParams {
		if strings.EqualFold(name, public) {
			return false
		}
	}
	return true
}

// tokenURLSecrets lists the values tokenURLForMessage masks, so that a
// server echoing them is scrubbed too.
func tokenURLSecrets(u *url.URL) []string {
	var out []string
	for name, values := range u.Query() {
		if isTokenURLSecretParam(name) {
			out = append(out, values...)
		}
	}
	return out
}

func urlMasking(u *url.URL, sensitive func(name string) bool) string {
	if u == nil {
		return ""
	}
	clean := *u
	clean.User = nil
	clean.Fragment = ""
	clean.RawFragment = ""
	if clean.RawQuery != "" {
		clean.RawQuery = redactQuery(clean.RawQuery, sensitive)
	}
	return clean.String()
}

// redactQuery masks the values of the parameters sensitive names in a raw
// query while leaving every other byte as the server or caller wrote it.
func redactQuery(raw string, sensitive func(name string) bool) string {
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		name, _, hasValue := strings.Cut(part, "=")
		decoded, err := url.QueryUnescape(name)
		if err != nil {
			decoded = name
		}
		if hasValue && sensitive(decoded) {
			parts[i] = name + "=" + url.QueryEscape(redacted)
		}
	}
	return strings.Join(parts, "&")
}

// DisplayURL renders raw, a URL as a user configured it, for a message:
// never its user info (user:password@ is replaced by [redacted]@), nor its
// query or fragment, where vendors put keys. raw need not parse: a URL that
// is invalid (a space in the host, a password with a bare '/') is exactly
// the one that ends up in an error, so it is cut as text, assuming that
// everything up to the last '@' may be a password.
func DisplayURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		out := urlWithoutQuery(u)
		if u.User != nil {
			out = strings.Replace(out, "//", "//"+redacted+"@", 1)
		}
		return out
	}
	scheme, rest := "", raw
	if i := strings.Index(raw, "//"); i >= 0 {
		scheme, rest = raw[:i+2], raw[i+2:]
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = redacted + rest[at:]
	}
	if cut := strings.IndexAny(rest, "?#"); cut >= 0 {
		rest = rest[:cut]
	}
	return scheme + rest
}

// isSensitiveParam reports whether a query or form parameter name may carry
// a credential. The list is deliberately broad: masking a harmless value in
// a log line costs nothing, leaking a secret costs a rotation.
func isSensitiveParam(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "oauth_") {
		return true
	}
	switch n {
	case "sig", "key", "code", "auth", "authorization", "pass", "pwd":
		return true
	}
	for _, word := range []string{"secret", "password", "passwd", "token", "signature", "apikey", "api_key", "api-key", "assertion", "credential"} {
		if strings.Contains(n, word) {
			return true
		}
	}
	return false
}

// sensitiveHeaders are request and response headers whose values are never
// logged.
var sensitiveHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
	"Set-Cookie":          true,
	"X-Api-Key":           true,
}

// headersForLog flattens h into a map suitable for a log field, replacing
// sensitive values with "[redacted]": those of sensitiveHeaders, and those
// of extra, the canonical names of a client's configured extra headers.
func headersForLog(h http.Header, extra map[string]bool) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		canonical := http.CanonicalHeaderKey(name)
		if sensitiveHeaders[canonical] || extra[canonical] {
			out[canonical] = redacted
			continue
		}
		out[canonical] = strings.Join(values, ", ")
	}
	return out
}

// secretScrubber removes known secret strings from text that came from a
// server (error descriptions), since some servers echo the credentials or the
// Authorization header they rejected.
type secretScrubber struct {
	secrets []string // longest first, so that a secret containing another is masked whole
}

func newSecretScrubber(secrets ...string) *secretScrubber {
	s := &secretScrubber{}
	s.secrets = appendSecrets(nil, secrets...)
	return s
}

// appendSecrets adds every form of the non-trivial values of secrets to
// list (see secretForms), longest first. Values shorter than 4 characters
// are skipped: masking every "a" in a description would make it unreadable
// and protects nothing.
func appendSecrets(list []string, secrets ...string) []string {
	for _, s := range secrets {
		if len(s) >= 4 {
			list = append(list, secretForms(s)...)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	return list
}

// secretForms lists the ways s may travel and come back in an echo: as
// given; query- or form-encoded (golang.org/x/oauth2 sends form bodies with
// '+' for spaces); with %20 for spaces (this client's queries); and
// path-escaped, as some servers re-encode what they quote.
func secretForms(s string) []string {
	forms := []string{s}
	add := func(f string) {
		for _, seen := range forms {
			if seen == f {
				return
			}
		}
		forms = append(forms, f)
	}
	add(url.QueryEscape(s))
	add(queryEscape(s))
	add(url.PathEscape(s))
	return forms
}

// basicCredentials lists the HTTP Basic credentials (RFC 7617) that id
// and secret make, to be masked like the secret itself: a server that
// echoes the Authorization header it rejected shows base64 of id:secret,
// which is the secret in all but name. golang.org/x/oauth2 form-encodes
// both halves first (RFC 6749 §2.3.1); other clients do not, so both are
// listed, padded and unpadded.
func basicCredentials(id, secret string) []string {
	if secret == "" {
		return nil
	}
	var out []string
	for _, pair := range []string{url.QueryEscape(id) + ":" + url.QueryEscape(secret), id + ":" + secret} {
		out = append(out,
			base64.StdEncoding.EncodeToString([]byte(pair)),
			base64.RawStdEncoding.EncodeToString([]byte(pair)))
	}
	return out
}

// scrub returns text with every known secret, and every extra one given,
// replaced by "[redacted]".
func (s *secretScrubber) scrub(text string, extra ...string) string {
	if text == "" {
		return text
	}
	secrets := s.secrets
	if len(extra) > 0 {
		secrets = appendSecrets(append([]string(nil), s.secrets...), extra...)
	}
	for _, secret := range secrets {
		text = strings.ReplaceAll(text, secret, redacted)
	}
	return text
}

// maskHeadersInLog makes the log lines of hc's transport redact the values
// of headers: a configured extra header carries a key (Infinite Campus's
// vendor secret) that no generic list of header names could know.
func maskHeadersInLog(hc *http.Client, headers []ExtraHeader) {
	t, ok := hc.Transport.(*observingTransport)
	if !ok || len(headers) == 0 {
		return
	}
	t.secretHeaders = map[string]bool{}
	for _, h := range headers {
		t.secretHeaders[http.CanonicalHeaderKey(h.Name)] = true
	}
}
