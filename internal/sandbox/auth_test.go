package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

func TestScopesReadOnlyClient(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	core := sb.fetchToken(ReadOnlyClientID, ReadOnlyClientSecret, "")
	x := sb.sample
	allowed := []string{"/orgs", "/schools/" + x.School, "/users", "/students", "/teachers/" + x.Teacher, "/enrollments",
		"/academicSessions", "/terms", "/gradingPeriods", "/classes/" + x.Class, "/courses"}
	for _, p := range allowed {
		if r := sb.do(http.MethodGet, p, core, nil); r.status != http.StatusOK {
			t.Errorf("roster-core token, GET %s: %d %s", p, r.status, r.body)
		}
	}
	denied := []struct{ method, path, scope string }{
		{http.MethodGet, "/schools/" + x.School + "/classes", oauthcheck.ScopeRoster},
		{http.MethodGet, "/classes/" + x.Class + "/students", oauthcheck.ScopeRoster},
		{http.MethodGet, "/demographics", oauthcheck.ScopeDemographics},
		{http.MethodGet, "/resources", oauthcheck.ScopeResource},
		{http.MethodGet, "/classes/" + x.Class + "/resources", oauthcheck.ScopeResource},
		{http.MethodGet, "/lineItems", oauthcheck.ScopeGradebookRead},
		{http.MethodGet, "/classes/" + x.Class + "/results", oauthcheck.ScopeGradebookRead},
		{http.MethodPut, "/categories/c", oauthcheck.ScopeGradebookWrite},
		{http.MethodDelete, "/categories/" + x.Category, oauthcheck.ScopeGradebookDelete},
	}
	for _, d := range denied {
		var body any
		if d.method == http.MethodPut {
			body = map[string]any{"category": map[string]any{"title": "x"}}
		}
		r := sb.do(d.method, d.path, core, body)
		wantError(t, r, http.StatusForbidden, minorForbidden)
		if !strings.Contains(r.description(t), d.scope) {
			t.Errorf("%s %s: description does not name %s: %s", d.method, d.path, d.scope, r.description(t))
		}
		if !strings.Contains(r.header.Get("WWW-Authenticate"), `error="insufficient_scope"`) {
			t.Errorf("%s %s: WWW-Authenticate %q", d.method, d.path, r.header.Get("WWW-Authenticate"))
		}
	}
	if _, ok := sb.srv.Record("categories", x.Category); !ok {
		t.Error("a forbidden DELETE deleted")
	}

	// A token asked for roster.readonly alone reads nested endpoints but
	// not gradebook ones.
	roster := sb.fetchToken(ClientID, ClientSecret, oauthcheck.ScopeRoster)
	if r := sb.do(http.MethodGet, "/schools/"+x.School+"/classes", roster, nil); r.status != http.StatusOK {
		t.Errorf("roster.readonly, nested: %d", r.status)
	}
	if r := sb.do(http.MethodGet, "/orgs", roster, nil); r.status != http.StatusOK {
		t.Errorf("roster.readonly, core: %d", r.status)
	}
	if r := sb.do(http.MethodGet, "/categories", roster, nil); r.status != http.StatusForbidden {
		t.Errorf("roster.readonly, gradebook: %d", r.status)
	}
}

func TestAuthFailures(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	sb := newTestSandbox(t, Options{Now: func() time.Time { return now }})
	r := sb.do(http.MethodGet, "/orgs", "", nil)
	wantError(t, r, http.StatusUnauthorized, minorUnauthorisedRequest)
	if r.header.Get("WWW-Authenticate") == "" || r.description(t) == "" {
		t.Errorf("401 without challenge or reason: %v %s", r.header, r.body)
	}
	wantError(t, sb.do(http.MethodGet, "/orgs", "not-a-token", nil), http.StatusUnauthorized, minorUnauthorisedRequest)

	sb.srv.SetQuirks(Quirks{ErrorShape: ErrorShapeFlat})
	r = sb.do(http.MethodGet, "/orgs", "", nil)
	if r.status != http.StatusUnauthorized || r.json(t)["imsx_codeMinor"] != minorUnauthorisedRequest {
		t.Errorf("flat 401: %d %s", r.status, r.body)
	}
	sb.srv.SetQuirks(Quirks{})

	sb.mustGet("/orgs")
	sb.srv.Auth().ExpireTokens()
	wantError(t, sb.get("/orgs"), http.StatusUnauthorized, minorUnauthorisedRequest)
}

func TestPasswordGrant(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	form := url.Values{"grant_type": {"password"}, "username": {Username}, "password": {Password}}
	resp, err := http.Post(sb.http.URL+TokenPath, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("password grant: %d %v", resp.StatusCode, err)
	}
	if r := sb.do(http.MethodGet, "/demographics", tok.AccessToken, nil); r.status != http.StatusOK {
		t.Fatalf("password grant token: %d %s", r.status, r.body)
	}
}

// TestOAuth1 signs a two-legged request by hand (RFC 5849), with a query
// string that has a space, as a filter does.
func TestOAuth1(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	target, err := url.Parse(sb.http.URL + BasePath + "/users?limit=5&" + filterQuery("role='teacher' AND status='active'"))
	if err != nil {
		t.Fatal(err)
	}
	send := func(secret string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, target.String(), nil)
		req.Header.Set("Authorization", oauth1Header(t, req, ConsumerKey, secret))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := send(ConsumerSecret)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"role":"teacher"`) {
		t.Fatalf("OAuth 1 request: %d %s", resp.StatusCode, body)
	}
	resp = send("wrong-secret")
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("OAuth 1 with a wrong secret: %d", resp.StatusCode)
	}
}

// oauth1Header signs req two-legged with HMAC-SHA256 (RFC 5849) and
// returns its Authorization header.
func oauth1Header(t *testing.T, req *http.Request, key, secret string) string {
	t.Helper()
	params := req.URL.Query()
	oauth := map[string]string{
		"oauth_consumer_key":     key,
		"oauth_signature_method": oauthcheck.HMACSHA256,
		"oauth_timestamp":        strconv.FormatInt(time.Now().Unix(), 10),
		"oauth_nonce":            "nonce-" + strconv.FormatInt(time.Now().UnixNano(), 10),
		"oauth_version":          "1.0",
	}
	for k, v := range oauth {
		params.Set(k, v)
	}
	sig, err := oauthcheck.Sign(oauthcheck.HMACSHA256, oauthcheck.SignatureBaseString(req.Method, req.URL, params), secret, "")
	if err != nil {
		t.Fatal(err)
	}
	oauth["oauth_signature"] = sig
	var parts []string
	for k, v := range oauth {
		parts = append(parts, k+`="`+url.QueryEscape(v)+`"`)
	}
	return "OAuth " + strings.Join(parts, ", ")
}
