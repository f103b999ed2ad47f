package sandbox

import (
	"maps"
	"net/http"
	"path"
	"strings"
	"time"
)

// Quirks are deviations from the OneRoster binding that real SIS servers
// show. The zero value is a server that follows the binding.
type Quirks struct {
	// NoLinkHeader omits the RFC 8288 Link header from collection pages.
	NoLinkHeader bool
	// NoTotalCount omits the X-Total-Count header from collection pages.
	NoTotalCount bool
	// LimitCap silently caps limit (e.g. 500); 0 means no cap.
	LimitCap int
	// Booleans is how booleans are encoded: "" (JSON booleans), "string"
	// ("true"/"false") or "number" (1/0).
	Booleans string
	// Hrefs is how references carry href: "" (absolute URL), "tilde"
	// ("~/ims/oneroster/v1p1/orgs/1") or "none" (omitted).
	Hrefs string
	// Nulls sends optional absent fields as explicit nulls.
	Nulls bool
	// ErrorShape is the shape of error bodies: "" or "bare" (an
	// imsx_StatusInfo object), "set" ({"statusInfoSet":[…]}) or "flat"
	// (imsx_codeMinor as a plain string).
	ErrorShape string
	// Latency is added to every request.
	Latency time.Duration
	// Unsupported maps a topic ("demographics", "resources", "lineItems"…)
	// to the status answered for it (404 or 501). A path is refused when
	// its first segment or the topic it lists (its last non-id segment) is
	// in the map: "resources" also refuses /classes/{id}/resources.
	Unsupported map[string]int
	// TooManyRequests makes the next N API requests answer 429. Quirks()
	// reports how many are left.
	TooManyRequests int
	// RetryAfter is the Retry-After value sent with 429s (default "1").
	RetryAfter string
	// SoftDelete makes DELETE on gradebook objects set status=tobedeleted
	// instead of removing them.
	SoftDelete bool
	// PutNoContent makes PUT answer 204 with no body.
	PutNoContent bool
	// ResolveDotSegments puts the server behind a front that normalises
	// request paths before routing, as nginx does: it decodes
	// percent-escapes (%2E and %2F included) and then resolves "." and
	// ".." segments, so /classes/%2E%2E/students is routed as /students.
	// The rewritten path breaks OAuth 1 signatures, as a real front would
	// when it forwards the normalised path: use it with OAuth 2.
	ResolveDotSegments bool
	// CursorPaging pages by cursor, as some vendors do: collections ignore
	// offset, start at their own cursor parameter, and link the next page
	// as ?cursor=N (X-Total-Count is still sent unless NoTotalCount).
	CursorPaging bool
	// MaxLimit refuses, with a 400, a limit above it rather than capping
	// it (LimitCap); 0 means no such refusal.
	MaxLimit int
	// CaseInsensitiveIDs makes sourcedIds match whatever their case, as on
	// servers backed by a case-insensitive database collation: GET
	// /lineItems/li1 answers the line item stored as "LI1", under that
	// spelling, and a PUT or a reference finds the stored record the same
	// way (a PUT replaces it, keeping its spelling).
	CaseInsensitiveIDs bool
	// ClampScores makes the server store a result's score clamped to its
	// line item's resultValueMin and resultValueMax, as gradebooks that
	// enforce a line item's range do, instead of refusing it.
	ClampScores bool
	// AllocateSourcedIDs makes OneRoster 1.2's POSTs of sets (new line
	// items of a class or school, new results) store each record under a
	// sourcedId the server allocates, "<type>-srv-NNNN" ("result-srv-0001"),
	// instead of the one the client supplied, as the binding allows: the
	// sourcedIdPairs answered map each supplied id to its allocated one.
	AllocateSourcedIDs bool
	// PostsUnsupported makes OneRoster 1.2's POSTs of sets absent, as on
	// servers that only take PUTs: they answer this status (404, 405 with
	// an Allow header, or 501) before any scope or body check, so that a
	// client's fallback to PUT can be tested. 0 serves them.
	PostsUnsupported int
	// RouteQuirks are the deviations of servers that serve fewer routes
	// and filters than the binding, or wrap records otherwise
	// (route_quirks.go).
	RouteQuirks
	// VendorQuirks are the deviations vendor presets handle (vendor_quirks.go).
	VendorQuirks
}

// Quirk values.
const (
	BooleansString = "string"
	BooleansNumber = "number"
	HrefsTilde     = "tilde"
	HrefsNone      = "none"
	ErrorShapeBare = "bare"
	ErrorShapeSet  = "set"
	ErrorShapeFlat = "flat"
)

// SetQuirks replaces the quirks; requests already in flight may still see
// the old ones.
func (s *Server) SetQuirks(q Quirks) {
	q.Unsupported = maps.Clone(q.Unsupported)
	q.RouteQuirks = q.RouteQuirks.clone()
	q.VendorQuirks = q.VendorQuirks.clone()
	s.quirksMu.Lock()
	s.quirks = q
	s.quirksMu.Unlock()
}

// Quirks returns the current quirks.
func (s *Server) Quirks() Quirks {
	s.quirksMu.Lock()
	defer s.quirksMu.Unlock()
	q := s.quirks
	q.Unsupported = maps.Clone(q.Unsupported)
	q.RouteQuirks = q.RouteQuirks.clone()
	q.VendorQuirks = q.VendorQuirks.clone()
	return q
}

// takeTooManyRequests uses up one of the pending 429 answers, if any, and
// returns the Retry-After value to send with it.
func (s *Server) takeTooManyRequests() (retryAfter string, busy bool) {
	s.quirksMu.Lock()
	defer s.quirksMu.Unlock()
	if s.quirks.TooManyRequests <= 0 {
		return "", false
	}
	s.quirks.TooManyRequests--
	retryAfter = s.quirks.RetryAfter
	if retryAfter == "" {
		retryAfter = "1"
	}
	return retryAfter, true
}

// unsupported returns the topic of path segments that the Unsupported
// quirk refuses, and the status to answer (0 when it does not).
func unsupported(q Quirks, segs []string) (string, int) {
	if len(segs) == 0 || len(q.Unsupported) == 0 {
		return "", 0
	}
	if status := q.Unsupported[segs[0]]; status != 0 {
		return segs[0], status
	}
	// Topics are at even positions: /classes/{id}/lineItems/{id}/results.
	last := segs[(len(segs)-1)/2*2]
	return last, q.Unsupported[last]
}

// normalisePath rewrites r's path as a path-normalising front does (the
// ResolveDotSegments quirk): the decoded path with dot segments resolved
// and repeated slashes merged.
func normalisePath(r *http.Request) *http.Request {
	cleaned := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && cleaned != "/" {
		cleaned += "/"
	}
	if cleaned == r.URL.Path && r.URL.RawPath == "" {
		return r
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = cleaned, ""
	return r2
}

// canonicalIDs rewrites the sourcedIds of a path (segments alternate topic
// and id: /classes/{id}/lineItems/{id}/results) to the spelling stored,
// for the CaseInsensitiveIDs quirk. An id with no match is left alone.
func canonicalIDs(d *district, segs []string) {
	for i := 1; i < len(segs); i += 2 {
		if t := topics[segs[i-1]]; t != nil {
			segs[i] = foldID(t.list(d), segs[i])
		}
	}
}

// foldID returns the stored spelling of id in items, matching case
// insensitively, or id itself when nothing matches.
func foldID(items []record, id string) string {
	if find(items, id) != nil {
		return id
	}
	for _, rec := range items {
		if strings.EqualFold(idOf(rec), id) {
			return idOf(rec)
		}
	}
	return id
}
