package oneroster

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tokenServer is an OAuth 2 authorization server plus a resource server,
// shaped per test: accept decides which token requests succeed, and the API
// accepts only the tokens it still considers valid.
type tokenServer struct {
	t         *testing.T
	mu        sync.Mutex
	requests  []tokenRequest
	issued    int
	valid     map[string]bool
	expiresIn int
	scope     string
	// accept returns "" to issue a token, or an RFC 6749 error code.
	accept   func(tokenRequest) string
	apiCalls atomic.Int32
	// apiHandler, when set, answers authenticated API requests.
	apiHandler http.HandlerFunc
}

type tokenRequest struct {
	query      url.Values
	form       url.Values
	basicUser  string
	basicPass  string
	hasBasic   bool
	authHeader string
}

func newTokenServer(t *testing.T) (*tokenServer, string) {
	ts := &tokenServer{t: t, valid: map[string]bool{}, expiresIn: 3600}
	srv := newTestServer(t, ts.serve)
	return ts, srv.URL
}

func (ts *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/oauth/token") {
		if err := r.ParseForm(); err != nil {
			ts.t.Errorf("token request form: %v", err)
		}
		req := tokenRequest{query: r.URL.Query(), authHeader: r.Header.Get("Authorization")}
		req.form, _ = url.ParseQuery(mustReadBody(r))
		req.basicUser, req.basicPass, req.hasBasic = r.BasicAuth()
		ts.mu.Lock()
		ts.requests = append(ts.requests, req)
		accept := ts.accept
		ts.mu.Unlock()
		if accept != nil {
			if code := accept(req); code != "" {
				writeJSON(w, http.StatusUnauthorized, map[string]string{"error": code, "error_description": "no luck"})
				return
			}
		}
		ts.mu.Lock()
		ts.issued++
		token := fmt.Sprintf("access-token-%d", ts.issued)
		ts.valid[token] = true
		body := map[string]any{"access_token": token, "token_type": "bearer", "expires_in": ts.expiresIn}
		if ts.scope != "" {
			body["scope"] = ts.scope
		}
		ts.mu.Unlock()
		writeJSON(w, 200, body)
		return
	}
	ts.apiCalls.Add(1)
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	ts.mu.Lock()
	valid := ok && ts.valid[token]
	ts.mu.Unlock()
	if !valid {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"imsx_codeMajor": "failure", "imsx_codeMinor": "unauthorisedrequest"})
		return
	}
	if ts.apiHandler != nil {
		ts.apiHandler(w, r)
		return
	}
	writeJSON(w, 200, map[string]any{"orgs": []any{}})
}

// mustReadBody returns the form body ParseForm already consumed, rebuilt
// from r.PostForm (the body itself is gone).
func mustReadBody(r *http.Request) string { return r.PostForm.Encode() }

func (ts *tokenServer) Requests() []tokenRequest {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]tokenRequest(nil), ts.requests...)
}

func (ts *tokenServer) revokeAll() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	clear(ts.valid)
}

func newOAuth2Client(t *testing.T, base string, auth Auth, mutate func(*Config)) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	cfg := Config{BaseURL: base + "/ims/oneroster/v1p1", Auth: auth, Clock: clock}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, clock
}

func TestOAuth2ClientCredentialsAuthStyles(t *testing.T) {
	for _, tc := range []struct {
		style       ClientAuth
		serverWants string // "basic", "body" or "" (either)
		wantBasic   bool
		wantFetches int
	}{
		{ClientAuthBasic, "basic", true, 1},
		{ClientAuthBody, "body", false, 1},
		{"", "", true, 1},                  // auto: Basic first, and it works
		{ClientAuthAuto, "body", false, 2}, // auto: Basic refused, body next
	} {
		t.Run(fmt.Sprintf("%s_server_%s", tc.style, tc.serverWants), func(t *testing.T) {
			ts, base := newTokenServer(t)
			ts.scope = "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly"
			ts.accept = func(r tokenRequest) string {
				if r.form.Get("grant_type") != "client_credentials" {
					return "unsupported_grant_type"
				}
				switch {
				case r.hasBasic && r.basicUser == "cid" && r.basicPass == "csecret" && tc.serverWants != "body":
					return ""
				case !r.hasBasic && r.form.Get("client_id") == "cid" && r.form.Get("client_secret") == "csecret" && tc.serverWants != "basic":
					return ""
				}
				return "invalid_client"
			}
			c, _ := newOAuth2Client(t, base, &OAuth2ClientCredentials{
				ClientID: "cid", ClientSecret: "csecret", TokenURL: base + "/oauth/token",
				Scopes: []string{
					"https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly",
					"https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly",
				},
				ClientAuth: tc.style,
			}, nil)
			if c.AuthMethod() != AuthMethodOAuth2ClientCredentials || c.TokenURL() != base+"/oauth/token" {
				t.Errorf("AuthMethod %q TokenURL %q", c.AuthMethod(), c.TokenURL())
			}
			if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
				t.Fatal(err)
			}
			reqs := ts.Requests()
			if len(reqs) != tc.wantFetches {
				t.Fatalf("%d token requests, want %d", len(reqs), tc.wantFetches)
			}
			last := reqs[len(reqs)-1]
			if last.hasBasic != tc.wantBasic {
				t.Errorf("successful token request used Basic = %v, want %v", last.hasBasic, tc.wantBasic)
			}
			if got := last.form.Get("scope"); got != "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly "+
				"https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly" {
				t.Errorf("scope sent as %q, want both scopes space-separated", got)
			}
			tok, err := c.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(tok.GrantedScopes) != 1 || tok.GrantedScopes[0] != ts.scope {
				t.Errorf("GrantedScopes = %q, want the server's scope field", tok.GrantedScopes)
			}
			if tok.TokenType != "Bearer" {
				t.Errorf("TokenType = %q", tok.TokenType)
			}
		})
	}
}

func TestOAuth2PasswordGrant(t *testing.T) {
	for _, style := range []ClientAuth{ClientAuthBasic, ClientAuthBody} {
		t.Run(string(style), func(t *testing.T) {
			ts, base := newTokenServer(t)
			ts.accept = func(r tokenRequest) string {
				if r.form.Get("grant_type") != "password" || r.form.Get("username") != "api-user" || r.form.Get("password") != "hunter2 pw" {
					return "invalid_grant"
				}
				if style == ClientAuthBasic && (!r.hasBasic || r.basicUser != "cid") {
					return "invalid_client"
				}
				if style == ClientAuthBody && (r.hasBasic || r.form.Get("client_id") != "cid" || r.form.Get("client_secret") != "csecret") {
					return "invalid_client"
				}
				return ""
			}
			c, _ := newOAuth2Client(t, base, &OAuth2Password{
				Username: "api-user", Password: "hunter2 pw", ClientID: "cid", ClientSecret: "csecret",
				TokenURL: base + "/oauth/token", ClientAuth: style,
			}, nil)
			if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
				t.Fatal(err)
			}
			if c.AuthMethod() != AuthMethodOAuth2Password {
				t.Errorf("AuthMethod = %q", c.AuthMethod())
			}
			if n := len(ts.Requests()); n != 1 {
				t.Errorf("%d token requests", n)
			}
		})
	}
}

func TestOAuth2TokenURLQueryIsKeptAndAuthorizationURLIsTheFallback(t *testing.T) {
	ts, base := newTokenServer(t)
	c, _ := newOAuth2Client(t, base, &OAuth2ClientCredentials{
		ClientID: "cid", ClientSecret: "csecret",
		AuthorizationURL: base + "/oauth/token?appName=district&grant_type=client_credentials",
	}, nil)
	if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	reqs := ts.Requests()
	if len(reqs) != 1 || reqs[0].query.Get("appName") != "district" || reqs[0].query.Get("grant_type") != "client_credentials" {
		t.Fatalf("token requests %+v: the token URL's query string must be kept", reqs)
	}
	if !strings.HasSuffix(c.TokenURL(), "/oauth/token?appName=district&grant_type=client_credentials") {
		t.Errorf("TokenURL = %q", c.TokenURL())
	}
}

func TestOAuth2TokenIsCachedAndSharedByConcurrentRequests(t *testing.T) {
	ts, base := newTokenServer(t)
	release := make(chan struct{})
	slowAccept := func(tokenRequest) string { <-release; return "" }
	ts.accept = slowAccept
	c, _ := newOAuth2Client(t, base, &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: base + "/oauth/token"}, nil)

	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Get(context.Background(), "/orgs", nil, nil)
			errs <- err
		}()
	}
	time.Sleep(20 * time.Millisecond) // let every goroutine queue for the token
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(ts.Requests()); got != 1 {
		t.Errorf("%d token requests for %d API requests, want 1", got, n+3)
	}
	if got := ts.apiCalls.Load(); got != n+3 {
		t.Errorf("%d API calls, want %d", got, n+3)
	}
}

func TestOAuth2TokenRefreshedBeforeExpiry(t *testing.T) {
	ts, base := newTokenServer(t)
	ts.expiresIn = 600
	c, clock := newOAuth2Client(t, base, &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: base + "/oauth/token"}, nil)
	ctx := context.Background()
	first, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.Now().Add(600 * time.Second); !first.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v (from expires_in and the client clock)", first.Expiry, want)
	}
	clock.Advance(530 * time.Second) // 70s left: still outside the 60s margin
	if tok, _ := c.Token(ctx); tok.AccessToken != first.AccessToken {
		t.Errorf("token replaced too early")
	}
	clock.Advance(20 * time.Second) // 50s left: inside the margin
	if _, err := c.Get(ctx, "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	second, _ := c.Token(ctx)
	if second.AccessToken == first.AccessToken {
		t.Errorf("token not refreshed before expiry")
	}
	if got := len(ts.Requests()); got != 2 {
		t.Errorf("%d token requests, want 2", got)
	}
}

func TestOAuth2RejectedTokenIsRefetchedOnce(t *testing.T) {
	ts, base := newTokenServer(t)
	c, _ := newOAuth2Client(t, base, &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: base + "/oauth/token"},
		func(cfg *Config) { cfg.MaxRetries = NoRetries }) // the refetch happens even without retries
	ctx := context.Background()
	if _, err := c.Get(ctx, "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	ts.revokeAll() // the server forgets the token before it expires
	if _, err := c.Get(ctx, "/orgs", nil, nil); err != nil {
		t.Fatalf("after revocation: %v", err)
	}
	if got := len(ts.Requests()); got != 2 {
		t.Errorf("%d token requests, want 2", got)
	}
	if got := ts.apiCalls.Load(); got != 3 {
		t.Errorf("%d API calls, want 3 (ok, 401, ok)", got)
	}
}

func TestOAuth2SecondUnauthorizedIsAnError(t *testing.T) {
	ts, base := newTokenServer(t)
	ts.apiHandler = func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"imsx_codeMajor": "failure", "imsx_description": "token not accepted"})
	}
	c, _ := newOAuth2Client(t, base, &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: base + "/oauth/token"}, nil)
	_, err := c.Get(context.Background(), "/orgs", nil, nil)
	if !IsUnauthorized(err) {
		t.Fatalf("got %v, want a 401 error", err)
	}
	if got := len(ts.Requests()); got != 2 {
		t.Errorf("%d token requests, want 2 (initial + one refetch)", got)
	}
	if got := ts.apiCalls.Load(); got != 2 {
		t.Errorf("%d API calls, want 2", got)
	}
}

func TestOAuth2TokenErrors(t *testing.T) {
	for _, tc := range []struct {
		name         string
		handler      http.HandlerFunc
		unauthorized bool
		wantInError  []string
		wantCalls    int32
	}{
		{
			name: "invalid_client",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 401, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
			},
			unauthorized: true,
			wantInError: []string{"rejected the token request", "401 Unauthorized, invalid_client: Client authentication failed", "check the client ID and " +
				"client secret"},
			wantCalls: 1,
		},
		{
			name: "html login page with 200",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeRaw(w, 200, "text/html", "<html><body>Sign in</body></html>")
			},
			wantInError: []string{"answered 200 OK with an HTML page instead of a JSON token", "not a login or portal page"},
			wantCalls:   1,
		},
		{
			name: "wrong URL",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeRaw(w, 404, "text/html", "<html>not found</html>")
			},
			wantInError: []string{"answered 404 Not Found", "check the token URL"},
			wantCalls:   1,
		},
		{
			name: "no access_token",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, map[string]string{"token_type": "bearer"})
			},
			wantInError: []string{"without an access_token"},
			wantCalls:   1,
		},
		{
			name: "overloaded, retried",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(503)
			},
			wantInError: []string{"answered 503 Service Unavailable", "try again later", "gave up after 3 attempts"},
			wantCalls:   3,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tc.handler(w, r)
			})
			c, _ := newOAuth2Client(
				t,
				srv.URL,
				&OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: srv.URL + "/token", ClientAuth: ClientAuthBasic},
				func(cfg *Config) { cfg.MaxRetries = 2 },
			)
			_, err := c.Get(context.Background(), "/orgs", nil, nil)
			var te *TokenError
			if !errorsAs(err, &te) {
				t.Fatalf("got %T %v, want a *TokenError", err, err)
			}
			for _, want := range tc.wantInError {
				assertContains(t, err.Error(), want)
			}
			if IsUnauthorized(err) != tc.unauthorized {
				t.Errorf("IsUnauthorized = %v", !tc.unauthorized)
			}
			if got := calls.Load(); got != tc.wantCalls {
				t.Errorf("%d token requests, want %d", got, tc.wantCalls)
			}
		})
	}
}

func TestOAuth2TokenEndpointUnreachable(t *testing.T) {
	srv := newTestServer(t, func(http.ResponseWriter, *http.Request) {})
	tokenURL := srv.URL + "/token?client_secret=in-the-url"
	srv.Close()
	c, clock := newOAuth2Client(t, "https://sis.invalid", &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: tokenURL},
		func(cfg *Config) { cfg.MaxRetries = 1 })
	_, err := c.Token(context.Background())
	var te *TokenError
	if !errorsAs(err, &te) || te.Err == nil {
		t.Fatalf("got %v, want a *TokenError with the network cause", err)
	}
	assertContains(t, err.Error(), "could not reach the OAuth 2 token endpoint")
	assertContains(t, err.Error(), "check the token URL and the network or proxy settings")
	if strings.Contains(err.Error(), "in-the-url") {
		t.Errorf("error shows a secret query value: %v", err)
	}
	if len(clock.Sleeps()) != 1 {
		t.Errorf("slept %v, want one retry", clock.Sleeps())
	}
}

func TestTokenNeverPrintsAccessToken(t *testing.T) {
	tok := &Token{AccessToken: "very-secret-access-token", TokenType: "Bearer", GrantedScopes: []string{"a"}}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		outputs = append(outputs, fmt.Sprintf(verb, tok))
	}
	outputs = append(outputs, fmt.Sprint(tok), fmt.Sprintln([]*Token{tok}), tok.String(), tok.GoString())
	b, _ := json.Marshal(tok)
	outputs = append(outputs, string(b))
	for _, out := range outputs {
		if strings.Contains(out, "very-secret") || strings.Contains(out, "7665727920") /* hex */ {
			t.Errorf("token printed with its secret: %s", out)
		}
	}
	assertContains(t, tok.String(), "[redacted]")
}

func TestTokenWithOAuth1IsAnError(t *testing.T) {
	srv := newTestServer(t, func(http.ResponseWriter, *http.Request) {})
	c, _ := newTestClient(t, srv, nil)
	if _, err := c.Token(context.Background()); err == nil {
		t.Fatal("Token with OAuth 1 succeeded")
	}
	if c.TokenURL() != "" || c.AuthMethod() != AuthMethodOAuth1 {
		t.Errorf("TokenURL %q AuthMethod %q", c.TokenURL(), c.AuthMethod())
	}
}
