package oneroster

import (
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
	if u == nil {
		return ""
	}
	clean := *u
	clean.User = nil
	clean.Fragment = ""
	clean.RawFragment = ""
	if clean.RawQuery != "" {
		clean.RawQuery = redactQuery(clean.RawQuery)
	}
	return clean.String()
}

// redactQuery masks the values of sensitive parameters in a raw query while
// leaving every other byte as the server or caller wrote it.
func redactQuery(raw string) string {
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		name, _, hasValue := strings.Cut(part, "=")
		decoded, err := url.QueryUnescape(name)
		if err != nil {
			decoded = name
		}
		if hasValue && isSensitiveParam(decoded) {
			parts[i] = name + "=" + url.QueryEscape(redacted)
		}
	}
	return strings.Join(parts, "&")
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
// sensitive values with "[redacted]".
func headersForLog(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		canonical := http.CanonicalHeaderKey(name)
		if sensitiveHeaders[canonical] {
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

// appendSecrets adds the non-trivial values of secrets to list, longest
// first. Values shorter than 4 characters are skipped: masking every "a" in a
// description would make it unreadable and protects nothing.
func appendSecrets(list []string, secrets ...string) []string {
	for _, s := range secrets {
		if len(s) >= 4 {
			list = append(list, s)
			if esc := url.QueryEscape(s); esc != s {
				list = append(list, esc)
			}
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	return list
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
