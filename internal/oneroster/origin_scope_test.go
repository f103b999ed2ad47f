package oneroster

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// These tests hold the client's credentials (Authorization, the extra
// headers, the session cookies) to the origins they are for: the service
// base URLs and the token endpoint, scheme, host and port alike.

const (
	tenantKey       = "tenant-key-7f3a"
	vendorKeySecret = "lms:vendor-secret-91c2"
)

// headerRecorder is a server that notes the headers of every request.
type headerRecorder struct {
	mu   sync.Mutex
	seen []http.Header
}

func (h *headerRecorder) note(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seen = append(h.seen, r.Header.Clone())
}

func (h *headerRecorder) headers() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]http.Header(nil), h.seen...)
}

// credentialHeaders are the headers of h that carry a credential of the
// client's, or that leak where it came from.
func credentialHeaders(h http.Header) []string {
	var out []string
	for _, name := range []string{"Authorization", "Cookie", "X-Tenant", "X-Vendor-Authorization", "Referer"} {
		if h.Get(name) != "" {
			out = append(out, name)
		}
	}
	return out
}

// newSessionServer is an API server with a token endpoint that sets a
// session cookie (the Aeries load balancer's); its gradebook line item li1
// has moved to moved (a path, or a URL on another origin). The Cookie
// headers of its /orgs requests are recorded.
func newSessionServer(t *testing.T, moved func() string) (srv *httptest.Server, orgsCookies *headerRecorder) {
	orgsCookies = &headerRecorder{}
	srv = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			http.SetCookie(w, &http.Cookie{Name: "ASP.NET_SessionId", Value: "sess-1", Path: "/"})
			writeJSON(w, 200, map[string]any{"access_token": "tok-origin", "token_type": "bearer", "expires_in": 3600})
		case "/ims/oneroster/v1p1/lineItems/li1":
			http.Redirect(w, r, moved(), http.StatusFound)
		case "/ims/oneroster/v1p1/orgs":
			orgsCookies.note(r)
			writeJSON(w, 200, map[string]any{"orgs": []any{}})
		default:
			writeJSON(w, 200, map[string]any{"lineItem": map[string]any{"sourcedId": "li1"}})
		}
	})
	return srv, orgsCookies
}

func newSessionClient(t *testing.T, srv *httptest.Server) *Client {
	c, _ := newOAuth2Client(t, srv.URL, &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret-origin", TokenURL: srv.URL + "/token"}, func(cfg *Config) {
		cfg.ExtraHeaders = []ExtraHeader{
			{Name: "X-Tenant", Value: tenantKey},
			{Name: "X-Vendor-Authorization", Value: vendorKeySecret, GradebookOnly: true},
		}
	})
	return c
}

// An API redirect to another host delivers none of the client's headers
// there, extra headers included (a vendor key is a secret), while a
// redirect on the same origin keeps them.
func TestExtraHeadersNeverFollowARedirectToAnotherOrigin(t *testing.T) {
	other := &headerRecorder{}
	otherSrv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		other.note(r)
		writeJSON(w, 200, map[string]any{"lineItem": map[string]any{"sourcedId": "li1"}})
	})
	otherURL, _ := url.Parse(otherSrv.URL)
	for name, target := range map[string]string{
		// httptest servers listen on 127.0.0.1: "localhost" is another
		// host name for Go's redirect checks.
		"another host": "http://localhost:" + otherURL.Port() + "/elsewhere/li1",
		"another port": otherSrv.URL + "/elsewhere/li1",
	} {
		t.Run(name, func(t *testing.T) {
			other.mu.Lock()
			other.seen = nil
			other.mu.Unlock()
			srv, _ := newSessionServer(t, func() string { return target })
			c := newSessionClient(t, srv)
			if _, err := LineItems.Get(context.Background(), c, "li1"); err != nil {
				t.Fatal(err)
			}
			seen := other.headers()
			if len(seen) != 1 {
				t.Fatalf("the redirect target was asked %d times, want once", len(seen))
			}
			if leaked := credentialHeaders(seen[0]); len(leaked) != 0 {
				t.Errorf("the redirect target got %v", leaked)
			}
		})
	}

	t.Run("same origin", func(t *testing.T) {
		var moved headerRecorder
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/ims/oneroster/v1p1/lineItems/li1":
				http.Redirect(w, r, "/ims/oneroster/v1p1/lineItems/li1-moved", http.StatusFound)
			case "/token":
				writeJSON(w, 200, map[string]any{"access_token": "tok-origin", "token_type": "bearer", "expires_in": 3600})
			default:
				moved.note(r)
				writeJSON(w, 200, map[string]any{"lineItem": map[string]any{"sourcedId": "li1"}})
			}
		})
		c := newSessionClient(t, srv)
		if _, err := LineItems.Get(context.Background(), c, "li1"); err != nil {
			t.Fatal(err)
		}
		seen := moved.headers()
		if len(seen) != 1 || seen[0].Get("X-Tenant") != tenantKey || seen[0].Get("X-Vendor-Authorization") != vendorKeySecret || seen[0].Get("Authorization") == "" {
			t.Errorf("a redirect on the API's own origin lost its headers: %v", seen)
		}
	})
}

// A redirect from https to plain http is another origin even on the same
// host and port numbers: nothing of the client's goes over the network in
// the clear.
func TestRedirectFromHTTPSToHTTPCarriesNoCredentials(t *testing.T) {
	c, err := New(Config{
		BaseURL: "https://sis.example/ims/oneroster/v1p1", Auth: testOAuth1,
		ExtraHeaders: []ExtraHeader{{Name: "X-Tenant", Value: tenantKey}},
	})
	if err != nil {
		t.Fatal(err)
	}
	first := httptest.NewRequest(http.MethodGet, "https://sis.example/ims/oneroster/v1p1/orgs", nil)
	for _, target := range []string{"http://sis.example/ims/oneroster/v1p1/orgs", "http://sis.example:443/ims/oneroster/v1p1/orgs"} {
		next := httptest.NewRequest(http.MethodGet, target, nil)
		next.Response = &http.Response{StatusCode: http.StatusFound}
		next.Header.Set("Authorization", "OAuth oauth_signature=x")
		next.Header.Set("X-Tenant", tenantKey)
		next.Header.Set("Accept", "application/json")
		if err := c.http.CheckRedirect(next, []*http.Request{first}); err != nil {
			t.Fatal(err)
		}
		if leaked := credentialHeaders(next.Header); len(leaked) != 0 {
			t.Errorf("%s: the redirect keeps %v", target, leaked)
		}
		if next.Header.Get("Accept") != "application/json" {
			t.Errorf("%s: Accept was dropped, and it carries no secret", target)
		}
	}
}

// Another port of the API's host is another origin: a redirect there gets
// no session cookie, and a cookie it sets never comes back to the API.
func TestRedirectToAnotherPortOfTheHostSharesNoCookies(t *testing.T) {
	other := &headerRecorder{}
	otherSrv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		other.note(r)
		http.SetCookie(w, &http.Cookie{Name: "planted", Value: "by-another-port", Path: "/"})
		writeJSON(w, 200, map[string]any{"lineItem": map[string]any{"sourcedId": "li1"}})
	})
	srv, orgsCookies := newSessionServer(t, func() string { return otherSrv.URL + "/ims/oneroster/v1p1/lineItems/li1" })
	if strings.Split(srv.Listener.Addr().String(), ":")[0] != strings.Split(otherSrv.Listener.Addr().String(), ":")[0] {
		t.Fatal("the two servers are not on one host: the test would test nothing")
	}
	c := newSessionClient(t, srv)
	ctx := context.Background()
	if _, err := LineItems.Get(ctx, c, "li1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	if seen := other.headers(); len(seen) != 1 || len(credentialHeaders(seen[0])) != 0 {
		t.Errorf("the other port got %v", seen)
	}
	api := orgsCookies.headers()
	if len(api) != 1 || !strings.Contains(api[0].Get("Cookie"), "ASP.NET_SessionId=sess-1") {
		t.Fatalf("the API's own session cookie did not come back: %v", api)
	}
	if strings.Contains(api[0].Get("Cookie"), "planted") {
		t.Errorf("a cookie set by another port reached the API: %q", api[0].Get("Cookie"))
	}
}

// A server that sets new cookies on every page cannot grow the Cookie
// header without bound: the jar keeps RFC 6265's 50 cookies per domain,
// the newest ones.
func TestCookiesPilingUpAreCapped(t *testing.T) {
	const pages, perPage, size = 12, 40, 3000
	var mu sync.Mutex
	var sent [][]string // cookie names each request carried
	maxHeader := 0
	page := 0
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		var names []string
		for _, c := range r.Cookies() {
			names = append(names, c.Name)
		}
		sent = append(sent, names)
		maxHeader = max(maxHeader, len(r.Header.Get("Cookie")))
		page++
		for i := range perPage {
			http.SetCookie(w, &http.Cookie{Name: fmt.Sprintf("p%d-%d", page, i), Value: strings.Repeat("v", size), Path: "/"})
		}
		writeJSON(w, 200, map[string]any{"orgs": []any{}})
	})
	c, _ := newTestClient(t, srv, nil)
	for range pages {
		if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	last := sent[len(sent)-1]
	if len(last) != maxCookiesPerDomain {
		t.Errorf("the last request carried %d cookies, want the jar's %d", len(last), maxCookiesPerDomain)
	}
	// Pages 1 to 11 set cookies before the last request: the newest 50 are
	// page 11's 40 and the last 10 of page 10's.
	for _, name := range []string{"p11-0", "p11-39", "p10-30", "p10-39"} {
		if !slices.Contains(last, name) {
			t.Errorf("the last request lacks the new cookie %s", name)
		}
	}
	if slices.Contains(last, "p10-29") || slices.Contains(last, "p1-0") {
		t.Errorf("the last request carries cookies that should have been evicted first: %v", last)
	}
	if limit := maxCookiesPerDomain * (size + 20); maxHeader > limit {
		t.Errorf("a Cookie header of %d bytes, above %d", maxHeader, limit)
	}
}

func TestCookieJarKeepsRFC6265Limits(t *testing.T) {
	api, _ := url.Parse("https://sis.example/ims/oneroster/v1p1/orgs")
	names := func(u *url.URL, jar *scopedJar) []string {
		var out []string
		for _, c := range jar.Cookies(u) {
			out = append(out, c.Name)
		}
		return out
	}

	t.Run("size", func(t *testing.T) {
		jar := newScopedJar(api)
		jar.SetCookies(api, []*http.Cookie{
			{Name: "fits", Value: strings.Repeat("v", maxCookieBytes-20)},
			{Name: "too-big", Value: strings.Repeat("v", maxCookieBytes)},
		})
		if got := names(api, jar); !slices.Equal(got, []string{"fits"}) {
			t.Errorf("cookies %v, want only the one within %d bytes", got, maxCookieBytes)
		}
	})

	t.Run("per domain", func(t *testing.T) {
		jar := newScopedJar(api)
		set := func(name string, c http.Cookie) {
			c.Name, c.Value, c.Path = name, "v", "/"
			jar.SetCookies(api, []*http.Cookie{&c})
		}
		for i := range maxCookiesPerDomain {
			set(fmt.Sprint("c", i), http.Cookie{})
		}
		set("c0", http.Cookie{})                               // set again: keeps its place, the oldest
		set("c1", http.Cookie{MaxAge: -1})                     // deleted: frees a place
		set("domain-wide", http.Cookie{Domain: "sis.example"}) // same domain, one more
		set("new", http.Cookie{})                              // one too many: c0 goes
		got := names(api, jar)
		if len(got) != maxCookiesPerDomain || slices.Contains(got, "c0") || slices.Contains(got, "c1") ||
			!slices.Contains(got, "c2") || !slices.Contains(got, "new") || !slices.Contains(got, "domain-wide") {
			t.Errorf("%d cookies %v: want %d, without c0 (oldest) and c1 (deleted)", len(got), got, maxCookiesPerDomain)
		}
	})

	t.Run("total", func(t *testing.T) {
		var origins []*url.URL
		for i := range maxCookies/maxCookiesPerDomain + 1 {
			u, _ := url.Parse(fmt.Sprintf("https://h%d.sis.example/", i))
			origins = append(origins, u)
		}
		jar := newScopedJar(origins...)
		for _, u := range origins {
			for i := range maxCookiesPerDomain {
				jar.SetCookies(u, []*http.Cookie{{Name: fmt.Sprint("c", i), Value: "v"}})
			}
		}
		total := 0
		for _, u := range origins {
			total += len(jar.Cookies(u))
		}
		if total != maxCookies || len(jar.Cookies(origins[0])) != 0 || len(jar.Cookies(origins[len(origins)-1])) != maxCookiesPerDomain {
			t.Errorf("%d cookies in all, %d for the first host: want %d, the first host's (the oldest) evicted",
				total, len(jar.Cookies(origins[0])), maxCookies)
		}
	})
}
