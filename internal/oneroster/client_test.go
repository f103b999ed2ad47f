package oneroster

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewValidatesAndNamesTheField(t *testing.T) {
	ok := "https://sis.example/ims/oneroster/v1p1"
	cc := func(mut func(*OAuth2ClientCredentials)) *OAuth2ClientCredentials {
		a := &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret-value", TokenURL: "https://sis.example/token"}
		mut(a)
		return a
	}
	var nilOAuth1 *OAuth1
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no base", Config{Auth: testOAuth1}, "BaseURL is empty"},
		{"relative base", Config{BaseURL: "sis.example/x", Auth: testOAuth1}, "BaseURL"},
		{"ftp base", Config{BaseURL: "ftp://sis.example/x", Auth: testOAuth1}, "must start with https://"},
		{"userinfo", Config{BaseURL: "https://u:p@sis.example/x", Auth: testOAuth1}, "user info"},
		{"query", Config{BaseURL: ok + "?a=b", Auth: testOAuth1}, "query string"},
		{"no auth", Config{BaseURL: ok}, "Auth is not set"},
		{"nil pointer", Config{BaseURL: ok, Auth: nilOAuth1}, "nil *OAuth1"},
		{"no key", Config{BaseURL: ok, Auth: &OAuth1{ConsumerSecret: "x"}}, "OAuth1.ConsumerKey is empty"},
		{"no secret", Config{BaseURL: ok, Auth: &OAuth1{ConsumerKey: "k"}}, "OAuth1.ConsumerSecret is empty"},
		{"bad method", Config{BaseURL: ok, Auth: &OAuth1{ConsumerKey: "k", ConsumerSecret: "s", SignatureMethod: "PLAINTEXT"}}, `OAuth1.SignatureMethod ` +
			`"PLAINTEXT" is not supported`},
		{"no client id", Config{BaseURL: ok, Auth: cc(func(a *OAuth2ClientCredentials) { a.ClientID = "" })}, "OAuth2ClientCredentials.ClientID is empty"},
		{"no client secret", Config{BaseURL: ok, Auth: cc(func(a *OAuth2ClientCredentials) { a.ClientSecret = "" })}, "OAuth2ClientCredentials.ClientSecret " +
			"is empty"},
		{"no token url", Config{BaseURL: ok, Auth: cc(func(a *OAuth2ClientCredentials) { a.TokenURL = "" })}, "OAuth2ClientCredentials.TokenURL is empty"},
		{"bad client auth", Config{BaseURL: ok, Auth: cc(func(a *OAuth2ClientCredentials) { a.ClientAuth = "header" })},
			`OAuth2ClientCredentials.ClientAuth "header" is not supported`},
		{"bad authorization url", Config{BaseURL: ok, Auth: cc(func(a *OAuth2ClientCredentials) { a.TokenURL, a.AuthorizationURL = "", "/token" })},
			"OAuth2ClientCredentials.AuthorizationURL"},
		{"password no user", Config{BaseURL: ok, Auth: &OAuth2Password{Password: "p", TokenURL: "https://x/t"}}, "OAuth2Password.Username is empty"},
		{"password no password", Config{BaseURL: ok, Auth: &OAuth2Password{Username: "u", TokenURL: "https://x/t"}}, "OAuth2Password.Password is empty"},
		{"password secret without id", Config{BaseURL: ok, Auth: &OAuth2Password{Username: "u", Password: "p", ClientSecret: "s", TokenURL: "https://x/t"}},
			"OAuth2Password.ClientID is empty"},
		{"negative page size", Config{BaseURL: ok, Auth: testOAuth1, PageSize: -1}, "PageSize"},
		{"negative timeout", Config{BaseURL: ok, Auth: testOAuth1, RequestTimeout: -time.Second}, "RequestTimeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if err == nil {
				t.Fatal("accepted")
			}
			assertContains(t, err.Error(), tc.want)
			if strings.Contains(err.Error(), "secret-value") {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
	c, err := New(Config{BaseURL: ok + "/", Auth: testOAuth1})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != ok || c.pageSize != DefaultPageSize || c.maxRetries != DefaultMaxRetries || c.requestTimeout != DefaultRequestTimeout {
		t.Errorf("defaults: %q %d %d %s", c.BaseURL(), c.pageSize, c.maxRetries, c.requestTimeout)
	}
}

func TestResolve(t *testing.T) {
	c, err := New(Config{BaseURL: "https://sis.example/campus/api/ims/oneroster/v1p1", Auth: testOAuth1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ref   string
		query url.Values
		want  string
	}{
		{"/orgs/1", nil, "https://sis.example/campus/api/ims/oneroster/v1p1/orgs/1"},
		{"orgs", url.Values{"filter": {"name='A B'"}}, "https://sis.example/campus/api/ims/oneroster/v1p1/orgs?filter=name%3D%27A%20B%27"},
		{ObjectPath("users", "a/b c"), nil, "https://sis.example/campus/api/ims/oneroster/v1p1/users/a%2Fb%20c"},
		{"https://SIS.example:443/campus/api/ims/oneroster/v1p1/orgs?offset=20", nil, "https://SIS.example:443/campus/api/ims/oneroster/v1p1/orgs?offset=20"},
	} {
		u, err := c.resolve(tc.ref, tc.query)
		if err != nil {
			t.Errorf("%s: %v", tc.ref, err)
			continue
		}
		if u.String() != tc.want {
			t.Errorf("resolve(%q) = %s, want %s", tc.ref, u, tc.want)
		}
	}
	for _, ref := range []string{"https://evil.example/orgs", "http://sis.example/orgs", "//evil.example/orgs", "https://sis.example:8443/orgs"} {
		if _, err := c.resolve(ref, nil); err == nil {
			t.Errorf("resolve(%q) accepted another origin", ref)
		}
	}
}

func TestRedirectToAnotherHostDropsAuthorization(t *testing.T) {
	var mu sync.Mutex
	var otherAuth string
	var otherCalled bool
	other := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		otherCalled, otherAuth = true, r.Header.Get("Authorization")
		writeJSON(w, 200, map[string]any{})
	})
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/moved", http.StatusFound)
	})
	c, _ := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	// httptest servers share 127.0.0.1, so Go's own domain check would
	// keep the header: the client's CheckRedirect must drop it.
	mu.Lock()
	defer mu.Unlock()
	if !otherCalled || otherAuth != "" {
		t.Errorf("redirect target got Authorization %q", otherAuth)
	}
}

func TestPutAndDeleteAnswers(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{{200, `{"lineItem":{"sourcedId":"li1","title":"Quiz"}}`}, {201, ""}, {204, ""}} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPut && r.Method != http.MethodDelete {
				t.Errorf("method %s", r.Method)
			}
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, tc.body)
		})
		c, _ := newTestClient(t, srv, nil)
		var out struct {
			LineItem struct{ Title string } `json:"lineItem"`
		}
		resp, err := c.Put(context.Background(), "/lineItems/li1", map[string]any{"lineItem": map[string]string{"title": "Quiz"}}, &out)
		if err != nil || resp.StatusCode != tc.status {
			t.Errorf("PUT %d: %v", tc.status, err)
		}
		if tc.body != "" && out.LineItem.Title != "Quiz" {
			t.Errorf("PUT %d: body not decoded", tc.status)
		}
		if _, err := c.Put(context.Background(), "/lineItems/li1", map[string]any{}, nil); err != nil {
			t.Errorf("PUT with nil out: %v", err)
		}
		if _, err := c.Delete(context.Background(), "/lineItems/li1"); err != nil {
			t.Errorf("DELETE %d: %v", tc.status, err)
		}
	}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, "text/html", "<html>portal</html>") })
	c, _ := newTestClient(t, srv, nil)
	if _, err := c.Delete(context.Background(), "/lineItems/li1"); err == nil {
		t.Error("an HTML page answering DELETE passed for success")
	}
}

func TestProbeReportsTotalCount(t *testing.T) {
	var gotQuery string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotQuery = r.URL.RawQuery
		w.Header().Set("X-Total-Count", "1234")
		writeJSON(w, 200, map[string]any{"orgs": []map[string]string{{"sourcedId": "o1"}}})
	})
	c, _ := newTestClient(t, srv, nil)
	resp, err := c.Probe(context.Background(), "/orgs")
	if err != nil {
		t.Fatal(err)
	}
	if gotQuery != "limit=1" || !resp.HasTotalCount || resp.TotalCount != 1234 {
		t.Errorf("query %q, response %+v", gotQuery, resp)
	}
}

func TestRequestTimeoutIsPerAttempt(t *testing.T) {
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hang until the client gives up
			return
		}
		writeJSON(w, 200, map[string]any{})
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond })
	if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
		t.Fatalf("the second attempt should succeed: %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls", calls.Load())
	}
}

func TestBaseClientTransportIsUsed(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{}) })
	var used atomic.Bool
	base := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Store(true)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.HTTPClient = base; cfg.UserAgent = "district-sync/1.0" })
	if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	if !used.Load() {
		t.Error("the configured HTTPClient's transport was bypassed")
	}
	if tr, ok := defaultTransport().(*http.Transport); !ok || tr.TLSClientConfig.MinVersion < 0x0303 {
		t.Error("default transport allows TLS below 1.2")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A OneRoster 1.2 rostering base URL is spoken as 1.2; the gradebook and
// resources services are not base URLs, and are refused with the path to
// give instead.
func TestBaseURLOfOneRoster1p2(t *testing.T) {
	for _, raw := range []string{
		"https://sis.example/ims/oneroster/rostering/v1p2",
		"https://sis.example/campus/api/ims/oneroster/rostering/v1p2/",
	} {
		if err := CheckBaseURL(raw); err != nil {
			t.Errorf("CheckBaseURL(%q): %v", raw, err)
		}
		c, err := New(Config{BaseURL: raw, Auth: &OAuth2ClientCredentials{ClientID: "i", ClientSecret: "s", TokenURL: "https://sis.example/token"}})
		if err != nil {
			t.Fatalf("New(%q): %v", raw, err)
		}
		if c.Version() != Version1p2 || c.Catalog() != CatalogV1p2 {
			t.Errorf("New(%q) speaks %q, want v1p2 with its catalog", raw, c.Version())
		}
		if _, err := New(Config{BaseURL: raw, Auth: &OAuth1{ConsumerKey: "k", ConsumerSecret: "s"}}); err == nil ||
			!strings.Contains(err.Error(), "OneRoster 1.2 is OAuth 2 only") {
			t.Errorf("New(%q) with OAuth 1 = %v, want a refusal saying 1.2 is OAuth 2 only", raw, err)
		}
	}
	for _, raw := range []string{
		"https://sis.example/ims/oneroster/gradebook/v1p2",
		"https://sis.example/ims/oneroster/resources/v1p2/",
	} {
		err := CheckBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), "/ims/oneroster/rostering/v1p2") {
			t.Errorf("CheckBaseURL(%q) = %v, want a refusal naming the rostering path", raw, err)
		}
	}
	for _, raw := range []string{
		"https://sis.example/ims/oneroster/v1p1",
		"https://v1p2.example/ims/oneroster/v1p1",
		"https://sis.example/learningdata/v1",
	} {
		if err := CheckBaseURL(raw); err != nil {
			t.Errorf("CheckBaseURL(%q): %v", raw, err)
		}
	}
}
