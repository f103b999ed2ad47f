package oauthcheck

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	clientID     = "district:app" // a colon, which Basic must carry form-urlencoded
	clientSecret = "s3cret with spaces&+:"
)

var clientScopes = []string{ScopeRosterCore, ScopeRoster, ScopeGradebookRead}

func newOAuth2Checker(t *testing.T, clientAuth string) (*Checker, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Unix(1700000000, 0)}
	return New(Config{
		Clients: []Client{
			{ID: clientID, Secret: clientSecret, Scopes: clientScopes},
			{ID: "no-scopes", Secret: "x"},
		},
		Users:      []User{{Username: "teacher@example.org", Password: "pässword", Scopes: []string{ScopeRosterCore, ScopeGradebookWrite}}},
		Now:        clock.Now,
		ClientAuth: clientAuth,
	}), clock
}

// basic is the RFC 6749 section 2.3.1 header: id and secret form-urlencoded, then Basic.
func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret)))
}

type tokenReply struct {
	status  int
	header  http.Header
	body    string
	fields  map[string]any
	token   string
	scope   string
	errCode string
}

func postToken(t *testing.T, c *Checker, target, authorization string, form url.Values) tokenReply {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest("POST", target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	return serveToken(t, c, r)
}

func serveToken(t *testing.T, c *Checker, r *http.Request) tokenReply {
	t.Helper()
	w := httptest.NewRecorder()
	c.TokenHandler().ServeHTTP(w, r)
	rep := tokenReply{status: w.Code, header: w.Header(), body: w.Body.String()}
	if err := json.Unmarshal(w.Body.Bytes(), &rep.fields); err != nil {
		t.Fatalf("body is not JSON: %q", rep.body)
	}
	rep.token, _ = rep.fields["access_token"].(string)
	rep.scope, _ = rep.fields["scope"].(string)
	rep.errCode, _ = rep.fields["error"].(string)
	if got := w.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q", got)
	}
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Errorf("Content-Type = %q", w.Header().Get("Content-Type"))
	}
	for _, secret := range []string{clientSecret, "pässword", "wr0ng-secret-9x"} {
		if rep.errCode != "" && strings.Contains(rep.body, secret) {
			t.Errorf("error body %s holds a secret", rep.body)
		}
	}
	if d, _ := rep.fields["error_description"].(string); strings.ContainsAny(d, "\"\\") || rep.errCode != "" && d == "" {
		t.Errorf("error_description %q is empty or has characters RFC 6749 5.2 forbids", d)
	}
	return rep
}

func wantGranted(t *testing.T, rep tokenReply, scopes ...string) {
	t.Helper()
	if rep.status != 200 {
		t.Fatalf("status %d: %s", rep.status, rep.body)
	}
	if rep.fields["token_type"] != "Bearer" || rep.token == "" {
		t.Errorf("reply %s", rep.body)
	}
	if rep.scope != strings.Join(scopes, " ") {
		t.Errorf("scope = %q, want %q", rep.scope, strings.Join(scopes, " "))
	}
}

func wantTokenError(t *testing.T, rep tokenReply, status int, code string) {
	t.Helper()
	if rep.status != status || rep.errCode != code {
		t.Errorf("got %d %s, want %d %s", rep.status, rep.body, status, code)
	}
	if rep.token != "" {
		t.Error("an error reply carries a token")
	}
}

func bearer(t *testing.T, c *Checker, token string) (Grant, *Failure) {
	t.Helper()
	r := httptest.NewRequest("GET", "/ims/oneroster/v1p1/orgs", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	return c.Authenticate(r)
}

func TestClientCredentials(t *testing.T) {
	cc := url.Values{"grant_type": {"client_credentials"}}
	t.Run("basic", func(t *testing.T) {
		c, _ := newOAuth2Checker(t, "")
		rep := postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc)
		wantGranted(t, rep, clientScopes...)
		if rep.fields["expires_in"] != float64(3600) {
			t.Errorf("expires_in = %v", rep.fields["expires_in"])
		}
		g, f := bearer(t, c, rep.token)
		if f != nil {
			t.Fatal(f.Reason)
		}
		if g.Method != MethodOAuth2 || g.Subject != clientID || !slices.Equal(g.Scopes, clientScopes) {
			t.Errorf("grant = %+v", g)
		}
		if !g.Has(ScopeRoster) || g.Has(ScopeDemographics) {
			t.Errorf("Has is wrong for %v", g.Scopes)
		}
		if g.Require(ScopeRoster) != nil {
			t.Error("Require refused a granted scope")
		}
		f = g.Require(ScopeDemographics)
		if f == nil || f.Status != 403 || !strings.Contains(f.WWWAuthenticate, `error="insufficient_scope"`) ||
			!strings.Contains(f.WWWAuthenticate, `scope="`+ScopeDemographics+`"`) {
			t.Errorf("Require = %+v", f)
		}
	})
	t.Run("body", func(t *testing.T) {
		c, _ := newOAuth2Checker(t, "")
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}}
		rep := postToken(t, c, "/oauth/token", "", form)
		wantGranted(t, rep, clientScopes...)
		if _, f := bearer(t, c, rep.token); f != nil {
			t.Fatal(f.Reason)
		}
	})
	t.Run("unencoded Basic is refused", func(t *testing.T) {
		// A client that forgets the form-urlencoding splits the id at its colon.
		c, _ := newOAuth2Checker(t, "")
		raw := "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":"+clientSecret))
		wantTokenError(t, postToken(t, c, "/oauth/token", raw, cc), 401, "invalid_client")
	})
	t.Run("wrong secret", func(t *testing.T) {
		c, _ := newOAuth2Checker(t, "")
		rep := postToken(t, c, "/oauth/token", basic(clientID, "wr0ng-secret-9x"), cc)
		wantTokenError(t, rep, 401, "invalid_client")
		if !strings.HasPrefix(rep.header.Get("WWW-Authenticate"), "Basic ") {
			t.Errorf("WWW-Authenticate = %q", rep.header.Get("WWW-Authenticate"))
		}
		wantTokenError(t, postToken(t, c, "/oauth/token", basic("nobody", clientSecret), cc), 401, "invalid_client")
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {"wr0ng-secret-9x"}}
		wantTokenError(t, postToken(t, c, "/oauth/token", "", form), 401, "invalid_client")
		wantTokenError(t, postToken(t, c, "/oauth/token", "", cc), 401, "invalid_client") // no credentials at all
		wantTokenError(t, postToken(t, c, "/oauth/token", "Bearer abc", cc), 401, "invalid_client")
	})
	t.Run("client auth restricted", func(t *testing.T) {
		body := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}}
		c, _ := newOAuth2Checker(t, "basic")
		wantTokenError(t, postToken(t, c, "/oauth/token", "", body), 401, "invalid_client")
		wantGranted(t, postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc), clientScopes...)
		c.SetClientAuth("body")
		rep := postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc)
		wantTokenError(t, rep, 400, "invalid_client")
		wantGranted(t, postToken(t, c, "/oauth/token", "", body), clientScopes...)
		c.SetClientAuth("any")
		both := url.Values{"grant_type": {"client_credentials"}, "client_secret": {clientSecret}}
		wantTokenError(t, postToken(t, c, "/oauth/token", basic(clientID, clientSecret), both), 400, "invalid_request")
	})
	t.Run("scope", func(t *testing.T) {
		c, _ := newOAuth2Checker(t, "")
		form := url.Values{"grant_type": {"client_credentials"}, "scope": {ScopeRoster + " " + ScopeRosterCore + " " + ScopeRoster}}
		wantGranted(t, postToken(t, c, "/oauth/token", basic(clientID, clientSecret), form), ScopeRoster, ScopeRosterCore)
		form.Set("scope", ScopeRosterCore+" "+ScopeDemographics)
		rep := postToken(t, c, "/oauth/token", basic(clientID, clientSecret), form)
		wantTokenError(t, rep, 400, "invalid_scope")
		if d := rep.fields["error_description"].(string); !strings.Contains(d, ScopeDemographics) ||
			strings.Contains(d, "scope not allowed: "+ScopeRosterCore) {
			t.Errorf("error_description %q should name only the scope not allowed", d)
		}
		form.Set("scope", `roster "quoted"`)
		wantTokenError(t, postToken(t, c, "/oauth/token", basic(clientID, clientSecret), form), 400, "invalid_scope")
		wantTokenError(t, postToken(t, c, "/oauth/token", basic("no-scopes", "x"), cc), 400, "invalid_scope")
	})
	t.Run("query parameters", func(t *testing.T) {
		c, _ := newOAuth2Checker(t, "")
		target := "/campus/oauth2/token?appName=district&grant_type=client_credentials&scope=" + url.QueryEscape(ScopeRosterCore)
		wantGranted(t, postToken(t, c, target, basic(clientID, clientSecret), nil), ScopeRosterCore)
		wantGranted(t, postToken(t, c, "/token?appName=district", basic(clientID, clientSecret), cc), clientScopes...)
		conflict := url.Values{"grant_type": {"password"}}
		wantTokenError(t, postToken(t, c, target, basic(clientID, clientSecret), conflict), 400, "invalid_request")
	})
	t.Run("bad requests", func(t *testing.T) {
		c, _ := newOAuth2Checker(t, "")
		r := httptest.NewRequest("GET", "/oauth/token?grant_type=client_credentials", nil)
		r.Header.Set("Authorization", basic(clientID, clientSecret))
		rep := serveToken(t, c, r)
		wantTokenError(t, rep, 405, "invalid_request")
		if rep.header.Get("Allow") != "POST" {
			t.Errorf("Allow = %q", rep.header.Get("Allow"))
		}
		wantTokenError(t, postToken(t, c, "/oauth/token", basic(clientID, clientSecret), url.Values{}), 400, "invalid_request")
		wantTokenError(
			t,
			postToken(t, c, "/oauth/token", basic(clientID, clientSecret), url.Values{"grant_type": {"authorization_code"}}),
			400,
			"unsupported_grant_type",
		)
		wantTokenError(
			t,
			postToken(t, c, "/oauth/token", basic(clientID, clientSecret), url.Values{"grant_type": {"client_credentials", "client_credentials"}}),
			400,
			"invalid_request",
		)
		r = httptest.NewRequest("POST", "/oauth/token", strings.NewReader(`{"grant_type":"client_credentials"}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", basic(clientID, clientSecret))
		wantTokenError(t, serveToken(t, c, r), 400, "invalid_request")
	})
}

func TestPasswordGrant(t *testing.T) {
	c, _ := newOAuth2Checker(t, "")
	form := url.Values{"grant_type": {"password"}, "username": {"teacher@example.org"}, "password": {"pässword"}}
	rep := postToken(t, c, "/oauth/token", "", form)
	wantGranted(t, rep, ScopeRosterCore, ScopeGradebookWrite)
	g, f := bearer(t, c, rep.token)
	if f != nil {
		t.Fatal(f.Reason)
	}
	if g.Subject != "teacher@example.org" || !g.Has(ScopeGradebookWrite) {
		t.Errorf("grant = %+v", g)
	}
	// With a client, the grant is what both the user and the client may have.
	wantGranted(t, postToken(t, c, "/oauth/token", basic(clientID, clientSecret), form), ScopeRosterCore)
	wantTokenError(t, postToken(t, c, "/oauth/token", basic(clientID, "wr0ng-secret-9x"), form), 401, "invalid_client")

	form.Set("password", "wr0ng-secret-9x")
	wantTokenError(t, postToken(t, c, "/oauth/token", "", form), 400, "invalid_grant")
	form.Set("username", "nobody")
	wantTokenError(t, postToken(t, c, "/oauth/token", "", form), 400, "invalid_grant")
	form.Del("password")
	wantTokenError(t, postToken(t, c, "/oauth/token", "", form), 400, "invalid_request")
}

func TestBearerExpiry(t *testing.T) {
	cc := url.Values{"grant_type": {"client_credentials"}}
	c, clock := newOAuth2Checker(t, "")
	token := postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc).token

	clock.Advance(time.Hour - time.Second)
	if _, f := bearer(t, c, token); f != nil {
		t.Fatalf("rejected before expiry: %s", f.Reason)
	}
	clock.Advance(time.Second)
	_, f := bearer(t, c, token)
	if f == nil {
		t.Fatal("accepted at expiry")
	}
	if f.Status != 401 || !strings.Contains(f.Reason, "expired") ||
		f.WWWAuthenticate != `Bearer realm="OneRoster", error="invalid_token", error_description="The access token expired"` {
		t.Errorf("failure = %+v", f)
	}
	if strings.Contains(f.Reason, token) {
		t.Error("the reason holds the token")
	}

	c.SetTokenLifetime(10 * time.Minute)
	rep := postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc)
	if rep.fields["expires_in"] != float64(600) {
		t.Errorf("expires_in = %v", rep.fields["expires_in"])
	}
	if _, f := bearer(t, c, rep.token); f != nil {
		t.Fatal(f.Reason)
	}
	c.ExpireTokens()
	if _, f := bearer(t, c, rep.token); f == nil || !strings.Contains(f.Reason, "expired") {
		t.Errorf("after ExpireTokens: %+v", f)
	}

	token = postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc).token
	c.RevokeTokens()
	if _, f := bearer(t, c, token); f == nil || !strings.Contains(f.Reason, "not one this server issued") ||
		!strings.Contains(f.WWWAuthenticate, `error="invalid_token"`) {
		t.Errorf("after RevokeTokens: %+v", f)
	}

	if _, f := bearer(t, c, "made-up"); f == nil || f.Status != 401 || !strings.Contains(f.WWWAuthenticate, `error="invalid_token"`) {
		t.Errorf("unknown token: %+v", f)
	}
	if _, f := bearer(t, c, ""); f == nil || f.Status != 400 || !strings.Contains(f.WWWAuthenticate, `error="invalid_request"`) {
		t.Errorf("empty token: %+v", f)
	}
	// Expired tokens are forgotten an hour after they expire.
	clock.Advance(2 * time.Hour)
	postToken(t, c, "/oauth/token", basic(clientID, clientSecret), cc)
	c.mu.Lock()
	n := len(c.tokens)
	c.mu.Unlock()
	if n != 1 {
		t.Errorf("%d tokens kept, want 1", n)
	}
}

func TestNoCredentialsChallenges(t *testing.T) {
	c := New(Config{
		Consumers: []Consumer{{Key: "k", Secret: "s"}},
		Clients:   []Client{{ID: "i", Secret: "s"}},
	})
	_, f := c.Authenticate(httptest.NewRequest("GET", "/ims/oneroster/v1p1/orgs", nil))
	if f == nil || f.Status != 401 || f.WWWAuthenticate != `Bearer realm="OneRoster", OAuth realm="OneRoster"` {
		t.Errorf("failure = %+v", f)
	}
	c.SetConfig(Config{Clients: []Client{{ID: "i", Secret: "s"}}})
	if _, f := c.Authenticate(httptest.NewRequest("GET", "/", nil)); f == nil || f.WWWAuthenticate != `Bearer realm="OneRoster"` {
		t.Errorf("failure = %+v", f)
	}
	// A form body without OAuth parameters is no credential either, and is put back.
	r := httptest.NewRequest("POST", "/x", strings.NewReader("a=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, f := c.Authenticate(r); f == nil || f.Status != 401 {
		t.Errorf("failure = %+v", f)
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("a") != "1" {
		t.Errorf("body not put back: %v %v", err, r.PostForm)
	}
	if got := AllScopes(); len(got) != 7 || got[0] != ScopePrefix+"roster-core.readonly" {
		t.Errorf("AllScopes = %v", got)
	}
}
