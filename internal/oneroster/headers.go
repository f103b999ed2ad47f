package oneroster

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
	// GradebookOnly limits the header to gradebook requests (paths under
	// GradebookCollections), so that a gradebook key never travels with
	// rostering reads.
	GradebookOnly bool
}

// GradebookCollections are the collections whose requests count as
// gradebook requests for ExtraHeader.GradebookOnly: the gradebook
// collections of OneRoster 1.1 and the names OneRoster 1.2 gives them.
var GradebookCollections = []string{"categories", "lineItemCategories", "lineItems", "results", "assessmentLineItems", "assessmentResults", "scoreScales"}

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
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("%q has a value with a line break or NUL byte (not shown, as it is secret): copy the value again without the trailing newline", name)
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

// isGradebookPath reports whether the request path below base names a
// gradebook collection: collection names sit at even positions of the
// path (/classes/{id}/lineItems/{id}/results), so a record whose
// sourcedId happens to be "results" does not count.
func isGradebookPath(base, u *url.URL) bool {
	if !strings.HasPrefix(u.Path, base.Path) {
		return false
	}
	rel := strings.TrimPrefix(u.Path, base.Path)
	segs := strings.Split(strings.Trim(rel, "/"), "/")
	for i := 0; i < len(segs); i += 2 {
		for _, c := range GradebookCollections {
			if segs[i] == c {
				return true
			}
		}
	}
	return false
}

// addExtraHeaders puts the configured headers on an API request and
// returns their values, to be masked in what the server answers.
func (c *Client) addExtraHeaders(req *http.Request) []string {
	var values []string
	gradebook := false
	checked := false
	for _, h := range c.extraHeaders {
		if h.GradebookOnly {
			if !checked {
				gradebook, checked = isGradebookPath(c.bases[ServiceGradebook], req.URL), true
			}
			if !gradebook {
				continue
			}
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
