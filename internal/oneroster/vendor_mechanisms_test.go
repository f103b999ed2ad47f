package oneroster

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests cover the generic mechanisms that vendor presets rely on:
// cookies from the token response, extra headers, static bearer tokens,
// next links in the body, and non-standard token lifetimes.

func TestCookiesFromTokenResponseAreSentOnAPICalls(t *testing.T) {
	// An Aeries-style load balancer: the token response pins the client to
	// a back end with cookies, and calls without them are refused.
	var mu sync.Mutex
	var apiCookies []string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			http.SetCookie(w, &http.Cookie{Name: "ASP.NET_SessionId", Value: "sess-1", Path: "/", HttpOnly: true})
			http.SetCookie(w, &http.Cookie{Name: "ARRAffinity", Value: "node-7"})
			writeJSON(w, 200, map[string]any{"access_token": "tok-abc", "token_type": "bearer", "expires_in": 3600})
			return
		}
		mu.Lock()
		apiCookies = append(apiCookies, r.Header.Get("Cookie"))
		mu.Unlock()
		s, err1 := r.Cookie("ASP.NET_SessionId")
		a, err2 := r.Cookie("ARRAffinity")
		if err1 != nil || err2 != nil || s.Value != "sess-1" || a.Value != "node-7" {
			writeJSON(w, 401, map[string]any{"imsx_codeMajor": "failure", "imsx_description": "no affinity cookie"})
			return
		}
		writeJSON(w, 200, map[string]any{"orgs": []any{}})
	})
	c, _ := newOAuth2Client(t, srv.URL, &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret-xyz", TokenURL: srv.URL + "/token"}, nil)
	if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
		t.Fatalf("Get: %v (cookies sent: %q)", err, apiCookies)
	}
}

func TestCookieJarIsScopedToTheClientsHosts(t *testing.T) {
	base, _ := url.Parse("https://sis.district.example/ims/oneroster/v1p1")
	token, _ := url.Parse("https://login.example/token")
	other, _ := url.Parse("https://elsewhere.district.example/x")
	jar := newScopedJar(base)
	jar.allow(token)
	for _, u := range []*url.URL{base, token, other} {
		jar.SetCookies(u, []*http.Cookie{{Name: "c", Value: u.Hostname()}})
	}
	// A domain cookie from an allowed host would reach every host of the
	// domain through a plain jar.
	jar.SetCookies(base, []*http.Cookie{{Name: "wide", Value: "v", Domain: "district.example", Path: "/"}})
	if got := jar.Cookies(other); len(got) != 0 {
		t.Errorf("cookies for a host the client does not authenticate to: %v", got)
	}
	for _, u := range []*url.URL{base, token} {
		var got []*http.Cookie
		for _, c := range jar.Cookies(u) {
			if c.Name == "c" {
				got = append(got, c)
			}
		}
		if len(got) != 1 || got[0].Value != u.Hostname() {
			t.Errorf("cookies for %s = %v, want its own", u.Host, got)
		}
	}
}

// GradebookOnly headers go with the requests of the catalog's gradebook
// service, whatever the path holds: a class id "dept/class-2" puts
// lineItems at an odd segment of the decoded path, a user id
// "ldap/results" puts a gradebook collection's name at an even one.
func TestExtraHeadersAllCallsAndGradebookOnly(t *testing.T) {
	const vendorSecret = "F24F863DC12260780BECE846F4010431"
	var mu sync.Mutex
	seen := map[string]http.Header{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.EscapedPath()] = r.Header.Clone()
		mu.Unlock()
		switch {
		case strings.Contains(r.URL.Path, "/lineItems") && r.Header.Get("X-Vendor-Authorization") == "":
			writeJSON(w, 401, map[string]any{"imsx_codeMajor": "failure", "imsx_description": "vendor header missing"})
		case r.URL.Path == "/ims/oneroster/v1p1/results/echo":
			// A server that quotes what it refused.
			writeJSON(w, 400, map[string]any{"imsx_codeMajor": "failure", "imsx_description": "bad header " + r.Header.Get("X-Vendor-Authorization")})
		case strings.HasSuffix(r.URL.Path, "/lineItems"):
			writeJSON(w, 200, map[string]any{"lineItems": []any{}})
		default:
			// Every single envelope at once: each reader takes its own.
			writeJSON(w, 200, map[string]any{"user": map[string]any{"sourcedId": "u"}, "result": map[string]any{"sourcedId": "r"},
				"category": map[string]any{"sourcedId": "k"}})
		}
	})
	logger := &recordingLogger{}
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Logger = logger
		cfg.ExtraHeaders = []ExtraHeader{
			{Name: "X-Tenant", Value: "tenant-key-123"},
			{Name: "x-vendor-authorization", Value: "AwesomeLMS:" + vendorSecret, GradebookOnly: true},
		}
	})
	ctx := context.Background()
	if _, err := c.Get(ctx, "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Users.Get(ctx, c, "ldap/results"); err != nil {
		t.Fatal(err)
	}
	for _, get := range []func() error{
		func() error { _, err := Results.Get(ctx, c, "r1"); return err },
		func() error { _, err := Categories.Get(ctx, c, "k"); return err },
	} {
		if err := get(); err != nil {
			t.Fatal(err)
		}
	}
	loc, err := LineItems.Locate(ctx, c, LineItems.RouteFor([]string{"class"}), map[string]string{"class": "dept/class-2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range LineItems.List(ctx, c, loc, ListOptions{}) {
		if err != nil {
			t.Fatalf("lineItems of class dept/class-2: %v", err)
		}
	}
	want := map[string]bool{ // path -> vendor header expected
		"/orgs": false, "/users/ldap%2Fresults": false,
		"/classes/dept%2Fclass-2/lineItems": true, "/results/r1": true, "/categories/k": true,
	}
	for p, gradebook := range want {
		h, ok := seen["/ims/oneroster/v1p1"+p]
		if !ok {
			t.Errorf("%s was not requested", p)
			continue
		}
		if h.Get("X-Tenant") != "tenant-key-123" {
			t.Errorf("%s: X-Tenant = %q, want it on every call", p, h.Get("X-Tenant"))
		}
		if got := h.Get("X-Vendor-Authorization") != ""; got != gradebook {
			t.Errorf("%s: vendor header sent = %v, want %v", p, got, gradebook)
		}
	}
	_, err = Results.Get(ctx, c, "echo")
	if err == nil || strings.Contains(err.Error(), vendorSecret) {
		t.Errorf("echoed header value must be masked: %v", err)
	}
	for _, line := range logger.Lines() {
		if strings.Contains(line, vendorSecret) || strings.Contains(line, "tenant-key-123") {
			t.Errorf("log line leaks an extra header's value: %s", line)
		}
	}
	if len(logger.Lines()) == 0 {
		t.Fatal("no log lines: the leak check checked nothing")
	}
}

func TestExtraHeadersAreValidated(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {})
	for _, tc := range []struct {
		h    ExtraHeader
		want string
	}{
		{ExtraHeader{Name: "Authorization", Value: "Bearer x-secret-1"}, "client sets itself"},
		{ExtraHeader{Name: "bad name", Value: "v-secret-2"}, "not a valid HTTP header name"},
		{ExtraHeader{Name: "X-Key", Value: "line\nsecret-3"}, "line break"},
		{ExtraHeader{Name: "X-Key", Value: ""}, "empty value"},
		// RFC 9110 §5.5: no control character but tab, no space or tab at
		// either end; net/http would refuse every request.
		{ExtraHeader{Name: "X-Key", Value: "key:\x01secret-4"}, `"X-Key" has a value with the control character U+0001`},
		{ExtraHeader{Name: "X-Key", Value: "key:secret-5\x00"}, "control character U+0000"},
		{ExtraHeader{Name: "X-Key", Value: "key:\x7fsecret-6"}, "control character U+007F"},
		{ExtraHeader{Name: "X-Key", Value: "key:\x1bsecret-7"}, "control character U+001B"},
		{ExtraHeader{Name: "X-Key", Value: " key:secret-8"}, "starts or ends with a space or tab"},
		{ExtraHeader{Name: "X-Key", Value: "key:secret-9\t"}, "starts or ends with a space or tab"},
	} {
		_, err := New(Config{BaseURL: srv.URL, Auth: testOAuth1, ExtraHeaders: []ExtraHeader{tc.h}})
		if err == nil {
			t.Errorf("%q: no error", tc.h.Name)
			continue
		}
		assertContains(t, err.Error(), tc.want)
		if tc.h.Value != "" && strings.Contains(err.Error(), tc.h.Value) {
			t.Errorf("error quotes the value: %v", err)
		}
	}
	for _, value := range []string{"key:\tsecret", "clé:sécret", "a \x80 b"} { // tab inside, obs-text
		if err := CheckExtraHeader("X-Key", value); err != nil {
			t.Errorf("%q refused: %v", value, err)
		}
	}
}

func TestBearerTokenAuth(t *testing.T) {
	const token = "proxy-access-token-0123456789"
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			writeJSON(w, 401, map[string]any{"imsx_codeMajor": "failure", "imsx_description": "rejected " + r.Header.Get("Authorization")})
			return
		}
		writeJSON(w, 200, map[string]any{"schools": []any{}})
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Auth = &BearerToken{Token: token} })
	if got := c.AuthMethod(); got != AuthMethodBearerToken {
		t.Errorf("AuthMethod = %q", got)
	}
	if _, err := c.Get(context.Background(), "/schools", nil, nil); err != nil {
		t.Fatalf("Get: %v", err)
	}
	tok, err := c.Token(context.Background())
	if err != nil || tok.AccessToken != token {
		t.Errorf("Token = %v, %v; want the configured token", tok, err)
	}

	wrong, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Auth = &BearerToken{Token: "wrong-token-987654"}; cfg.MaxRetries = NoRetries })
	_, err = wrong.Get(context.Background(), "/schools", nil, nil)
	if !IsUnauthorized(err) {
		t.Fatalf("want a 401, got %v", err)
	}
	if strings.Contains(err.Error(), "wrong-token-987654") {
		t.Errorf("the echoed token is not masked: %v", err)
	}

	for _, bad := range []string{"", "  ", "tok\n"} {
		if _, err := New(Config{BaseURL: srv.URL, Auth: &BearerToken{Token: bad}}); err == nil {
			t.Errorf("token %q accepted", bad)
		}
	}
}

// bodyPagingServer pages like Focus: the next page's URL is in the body's
// pagination.next, with no Link header, no X-Total-Count, and offset
// ignored (pages are addressed by their own parameter).
func bodyPagingServer(t *testing.T, total, perPage int, nextFor func(page int) string) (*Client, *[]string) {
	var mu sync.Mutex
	var asked []string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RawQuery)
		mu.Unlock()
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var users []map[string]any
		for i := page * perPage; i < min(total, (page+1)*perPage); i++ {
			users = append(users, map[string]any{"sourcedId": fmt.Sprintf("u%d", i)})
		}
		body := map[string]any{"users": users}
		if (page+1)*perPage < total {
			body["pagination"] = map[string]any{"next": nextFor(page + 1)}
		} else {
			body["pagination"] = map[string]any{"next": nil}
		}
		writeJSON(w, 200, body)
	})
	c, _ := newTestClient(t, srv, nil)
	return c, &asked
}

type idRecord struct {
	SourcedID string `json:"sourcedId"`
}

func (r idRecord) ID() string { return r.SourcedID }

func TestListFollowsNextLinkInBody(t *testing.T) {
	for name, next := range map[string]func(int) string{
		"relative": func(p int) string { return "/ims/oneroster/v1p1/users?page=" + strconv.Itoa(p) },
		"query":    func(p int) string { return "?page=" + strconv.Itoa(p) },
	} {
		t.Run(name, func(t *testing.T) {
			c, asked := bodyPagingServer(t, 25, 10, next)
			var ids []string
			for rec, err := range List[idRecord](context.Background(), c, "/users", "users", ListOptions{}) {
				if err != nil {
					t.Fatalf("List: %v (asked %q)", err, *asked)
				}
				ids = append(ids, rec.SourcedID)
			}
			if len(ids) != 25 || ids[24] != "u24" {
				t.Errorf("got %d records (%v), want u0..u24", len(ids), ids)
			}
			if len(*asked) != 3 {
				t.Errorf("asked %d pages (%q), want 3", len(*asked), *asked)
			}
		})
	}
}

func TestListRefusesBodyNextLinkToAnotherHost(t *testing.T) {
	c, _ := bodyPagingServer(t, 25, 10, func(p int) string { return "https://attacker.example/users?page=" + strconv.Itoa(p) })
	var err error
	for _, err = range List[idRecord](context.Background(), c, "/users", "users", ListOptions{}) {
		if err != nil {
			break
		}
	}
	if err == nil || !strings.Contains(err.Error(), "refusing to follow the next link") {
		t.Errorf("want the next link refused, got %v", err)
	}
}

func TestTokenLifetimeFromNonStandardFields(t *testing.T) {
	now := time.Now()
	for name, tc := range map[string]struct {
		field string
		value any
		want  time.Duration
	}{
		"expires_in string":   {"expires_in", "3600", time.Hour},
		"expiration seconds":  {"expiration", 1800, 30 * time.Minute},
		"expiration string":   {"expiration", "900", 15 * time.Minute},
		"expiration unix":     {"expiration", now.Add(2 * time.Hour).Unix(), 2 * time.Hour},
		"expiration unix ms":  {"expiration", now.Add(2 * time.Hour).UnixMilli(), 2 * time.Hour},
		"expiration RFC 3339": {"expiration", now.Add(3 * time.Hour).UTC().Format(time.RFC3339), 3 * time.Hour},
	} {
		t.Run(name, func(t *testing.T) {
			tokens := 0
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				tokens++
				writeJSON(w, 200, map[string]any{"access_token": fmt.Sprintf("tok-%d", tokens), "token_type": "bearer", tc.field: tc.value})
			})
			c, clock := newOAuth2Client(t, srv.URL, &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret-1", TokenURL: srv.URL + "/token"}, nil)
			start := clock.Now()
			tok, err := c.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.Expiry.Sub(start); got < tc.want-2*time.Second || got > tc.want+2*time.Second {
				t.Errorf("lifetime = %s, want %s", got, tc.want)
			}
			clock.Advance(tc.want + time.Second)
			tok, err = c.Token(context.Background())
			if err != nil || tok.AccessToken != "tok-2" {
				t.Errorf("after expiry: token %v, %v; want a fresh one", tok, err)
			}
		})
	}
}
