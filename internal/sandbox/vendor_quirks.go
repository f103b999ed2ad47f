package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// VendorQuirks are the deviations that vendor presets exist for, each
// seen on a real SIS (see the provider's "Connecting to your SIS" guide).
// They are part of Quirks and switch on independently.
type VendorQuirks struct {
	// Mounts serves the sandbox under other paths, as a vendor's front
	// does: each key is a path prefix that is rewritten to its value
	// before routing, e.g. "/aeries/ims/oneroster/v1p1" to BasePath and
	// "/aeries/token" to TokenPath. The longest matching prefix wins. The
	// rewrite breaks OAuth 1 signatures over the path, as a real rewriting
	// front would: use it with OAuth 2 or a bearer token.
	Mounts map[string]string
	// RequireCookies sets load-balancer cookies on every token response
	// (ASP.NET_SessionId and ARRAffinity, as Aeries does) and refuses API
	// requests that do not send back a pair the sandbox handed out.
	RequireCookies bool
	// RequireAppName refuses token requests whose URL lacks
	// ?appName=<RequireAppName> (Infinite Campus).
	RequireAppName string
	// RequireScope refuses token requests that ask for no scope (Aeries).
	RequireScope bool
	// VendorHeader, when set, is the value that gradebook requests
	// (categories, lineItems, results) must carry in
	// x-vendor-authorization; without it they get a 401 (Infinite Campus).
	VendorHeader string
	// BodyPaging pages like Focus: no Link header, offset ignored, and the
	// next page given in the body as {"pagination": {"next": "…"}} (a
	// path relative to the host, with a cursor parameter).
	BodyPaging bool
	// TokenExpiry is how token responses state the lifetime: "" (the
	// standard numeric expires_in), "string" (expires_in as a string, as
	// PowerSchool's plugin API does) or "expiration" (a non-standard
	// expiration member with the seconds, and no expires_in).
	TokenExpiry string
	// StaticBearer, when set, is a token the API accepts as a full-scope
	// grant without any token endpoint, as ClassLink's proxy does.
	StaticBearer string
	// OAuth1SignatureMethod, when set, is the only OAuth 1.0a signature
	// method the API accepts, as a server configured for one does
	// (eSchoolPlus's API profiles default to HMAC-SHA1).
	OAuth1SignatureMethod string
}

// Values of VendorQuirks.TokenExpiry.
const (
	TokenExpiryString     = "string"
	TokenExpiryExpiration = "expiration"
)

// VendorHeaderName is the header VendorQuirks.VendorHeader checks.
const VendorHeaderName = "X-Vendor-Authorization"

func (v VendorQuirks) clone() VendorQuirks {
	v.Mounts = maps.Clone(v.Mounts)
	return v
}

// mount rewrites r's path by the longest matching Mounts prefix.
func mount(r *http.Request, mounts map[string]string) *http.Request {
	if len(mounts) == 0 {
		return r
	}
	prefixes := make([]string, 0, len(mounts))
	for p := range mounts {
		prefixes = append(prefixes, p)
	}
	sort.Slice(prefixes, func(i, j int) bool { return len(prefixes[i]) > len(prefixes[j]) })
	for _, p := range prefixes {
		if r.URL.Path == p || strings.HasPrefix(r.URL.Path, p+"/") {
			r2 := r.Clone(r.Context())
			r2.URL.Path = mounts[p] + strings.TrimPrefix(r.URL.Path, p)
			r2.URL.RawPath = ""
			return r2
		}
	}
	return r
}

// vendorGate applies the request-side vendor quirks before routing; it
// answers and returns true when it refuses the request.
func (s *Server) vendorGate(w http.ResponseWriter, r *http.Request, q Quirks) bool {
	if !strings.HasPrefix(r.URL.Path, BasePath) {
		return false
	}
	if q.RequireCookies && !s.hasAffinity(r) {
		s.writeError(w, q, apiError{status: http.StatusUnauthorized, codeMinor: minorUnauthorisedRequest, field: "Cookie",
			description: "the load balancer's session cookies (ASP.NET_SessionId, ARRAffinity) from the token response are missing"})
		return true
	}
	if q.VendorHeader != "" && isGradebookRequest(r.URL.Path) && r.Header.Get(VendorHeaderName) != q.VendorHeader {
		s.writeError(w, q, apiError{status: http.StatusUnauthorized, codeMinor: minorUnauthorisedRequest, field: VendorHeaderName,
			description: "gradebook requests need the x-vendor-authorization header with the vendor key and secret"})
		return true
	}
	return false
}

// isGradebookRequest reports whether an API path names a gradebook
// collection (at the collection positions of the path).
func isGradebookRequest(p string) bool {
	segs := splitPath(strings.TrimPrefix(p, BasePath))
	for i := 0; i < len(segs); i += 2 {
		switch segs[i] {
		case "categories", "lineItems", "results":
			return true
		}
	}
	return false
}

// authenticate is s.auth.Authenticate, with the StaticBearer quirk first.
func (s *Server) authenticate(r *http.Request, q Quirks) (oauthcheck.Grant, *oauthcheck.Failure) {
	authorization := r.Header.Get("Authorization")
	if q.StaticBearer != "" && authorization == "Bearer "+q.StaticBearer {
		return oauthcheck.Grant{Method: oauthcheck.MethodOAuth2, Subject: "static-bearer", Scopes: oauthcheck.AllScopes()}, nil
	}
	if q.OAuth1SignatureMethod != "" && strings.HasPrefix(authorization, "OAuth ") &&
		!strings.Contains(authorization, `oauth_signature_method="`+q.OAuth1SignatureMethod+`"`) {
		return oauthcheck.Grant{}, &oauthcheck.Failure{Status: http.StatusUnauthorized, WWWAuthenticate: `OAuth realm="oneroster"`,
			Reason: "this server accepts only the " + q.OAuth1SignatureMethod + " signature method"}
	}
	return s.auth.Authenticate(r)
}

// hasAffinity reports whether r carries a session cookie pair the token
// endpoint handed out.
func (s *Server) hasAffinity(r *http.Request) bool {
	sess, err1 := r.Cookie("ASP.NET_SessionId")
	node, err2 := r.Cookie("ARRAffinity")
	if err1 != nil || err2 != nil {
		return false
	}
	s.quirksMu.Lock()
	defer s.quirksMu.Unlock()
	return s.sessions[sess.Value] == node.Value && node.Value != ""
}

// serveToken serves the token endpoint with the token-side vendor quirks.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request, q Quirks) {
	tokenError := func(code, desc string) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	if q.RequireAppName != "" && r.URL.Query().Get("appName") != q.RequireAppName {
		tokenError("invalid_request", "the token URL must name the district: ?appName=…")
		return
	}
	if q.RequireScope && !requestsScope(r) {
		tokenError("invalid_scope", "at least one scope must be requested")
		return
	}
	if !q.RequireCookies && q.TokenExpiry == "" {
		s.auth.TokenHandler().ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	s.auth.TokenHandler().ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusOK {
		if q.RequireCookies {
			sess, node := randomHex(), randomHex()
			s.quirksMu.Lock()
			s.sessions[sess] = node
			s.quirksMu.Unlock()
			http.SetCookie(w, &http.Cookie{Name: "ASP.NET_SessionId", Value: sess, Path: "/", HttpOnly: true})
			http.SetCookie(w, &http.Cookie{Name: "ARRAffinity", Value: node, Path: "/"})
		}
		body = rewriteExpiry(body, q.TokenExpiry)
	}
	maps.Copy(w.Header(), rec.Header())
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// requestsScope reports whether a token request asks for any scope, in its
// body or its query.
func requestsScope(r *http.Request) bool {
	if strings.TrimSpace(r.URL.Query().Get("scope")) != "" {
		return true
	}
	if r.Body == nil {
		return false
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	// The token handler reads the body again.
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	return strings.TrimSpace(form.Get("scope")) != ""
}

// rewriteExpiry restates the lifetime of a token response as mode says.
func rewriteExpiry(body []byte, mode string) []byte {
	if mode == "" {
		return body
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	secs, ok := doc["expires_in"].(float64)
	if !ok {
		return body
	}
	switch mode {
	case TokenExpiryString:
		doc["expires_in"] = strconv.FormatInt(int64(secs), 10)
	case TokenExpiryExpiration:
		delete(doc, "expires_in")
		doc["expiration"] = int64(secs)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

// bodyNextPage adds the BodyPaging quirk's pagination object to a
// collection page: the path and query of the next page, or null.
func (c *call) bodyNextPage(page []byte, next, total int) []byte {
	link := "null"
	if next < total {
		u := c.r.URL.EscapedPath() + "?"
		for _, pair := range strings.Split(c.r.URL.RawQuery, "&") {
			name, _, _ := strings.Cut(pair, "=")
			if pair == "" || name == "offset" || name == "cursor" {
				continue
			}
			u += pair + "&"
		}
		quoted, _ := json.Marshal(u + "cursor=" + strconv.Itoa(next))
		link = string(quoted)
	}
	// page is {"<key>":[…]}: put the pagination object before its end.
	out := append([]byte(nil), page[:len(page)-1]...)
	out = append(out, `,"pagination":{"next":`...)
	out = append(out, link...)
	return append(out, '}', '}')
}

func randomHex() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
