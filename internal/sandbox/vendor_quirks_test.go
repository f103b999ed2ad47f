package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// rawToken posts a client-credentials token request to target and returns
// the response, body read.
func rawToken(t *testing.T, target, scope string) (*http.Response, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	if scope != "" {
		form.Set("scope", scope)
	}
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(ClientID, ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &doc)
	return resp, doc
}

func rawGet(t *testing.T, target string, header http.Header, cookies []*http.Cookie) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestVendorQuirkRequireCookies(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{RequireCookies: true}})
	resp, doc := rawToken(t, sb.http.URL+TokenPath, "")
	bearer := http.Header{"Authorization": {"Bearer " + doc["access_token"].(string)}}
	if got := rawGet(t, sb.http.URL+BasePath+"/orgs", bearer, nil); got != http.StatusUnauthorized {
		t.Errorf("without cookies: %d, want 401", got)
	}
	if len(resp.Cookies()) != 2 {
		t.Fatalf("token response cookies: %v", resp.Cookies())
	}
	if got := rawGet(t, sb.http.URL+BasePath+"/orgs", bearer, resp.Cookies()); got != http.StatusOK {
		t.Errorf("with the token response's cookies: %d, want 200", got)
	}
	forged := []*http.Cookie{{Name: "ASP.NET_SessionId", Value: "x"}, {Name: "ARRAffinity", Value: "y"}}
	if got := rawGet(t, sb.http.URL+BasePath+"/orgs", bearer, forged); got != http.StatusUnauthorized {
		t.Errorf("with cookies never handed out: %d, want 401", got)
	}
}

func TestVendorQuirkTokenRequirements(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{RequireAppName: "district9", RequireScope: true}})
	scope := "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly"
	for target, want := range map[string]int{
		sb.http.URL + TokenPath + "?appName=district9":                http.StatusBadRequest, // no scope
		sb.http.URL + TokenPath + "?appName=other&scope=" + scope:     http.StatusBadRequest,
		sb.http.URL + TokenPath + "?scope=" + url.QueryEscape(scope):  http.StatusBadRequest,
		sb.http.URL + TokenPath + "?appName=district9&scope=" + scope: http.StatusOK,
	} {
		if resp, _ := rawToken(t, target, ""); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", target, resp.StatusCode, want)
		}
	}
	if resp, _ := rawToken(t, sb.http.URL+TokenPath+"?appName=district9", scope); resp.StatusCode != http.StatusOK {
		t.Errorf("scope in the body: %d, want 200", resp.StatusCode)
	}
}

func TestVendorQuirkVendorHeaderOnGradebookOnly(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{VendorHeader: "lms:secret"}})
	bearer := http.Header{"Authorization": {"Bearer " + sb.token}}
	if got := rawGet(t, sb.http.URL+BasePath+"/orgs", bearer, nil); got != http.StatusOK {
		t.Errorf("rostering without the header: %d, want 200", got)
	}
	if got := rawGet(t, sb.http.URL+BasePath+"/lineItems", bearer, nil); got != http.StatusUnauthorized {
		t.Errorf("gradebook without the header: %d, want 401", got)
	}
	bearer.Set(VendorHeaderName, "lms:secret")
	if got := rawGet(t, sb.http.URL+BasePath+"/lineItems", bearer, nil); got != http.StatusOK {
		t.Errorf("gradebook with the header: %d, want 200", got)
	}
}

func TestVendorQuirkBodyPagingAndMounts(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{BodyPaging: true, Mounts: map[string]string{"/focus/api/1.0/ims/oneroster/v1p1": BasePath}}})
	next := "/focus/api/1.0/ims/oneroster/v1p1/orgs?limit=2"
	seen := map[string]bool{}
	for pages := 0; next != ""; pages++ {
		if pages > 50 {
			t.Fatal("never ends")
		}
		r := sb.do(http.MethodGet, sb.http.URL+next, sb.token, nil)
		if r.status != http.StatusOK || r.header.Get("Link") != "" {
			t.Fatalf("GET %s: %d, Link %q", next, r.status, r.header.Get("Link"))
		}
		for _, id := range r.ids(t, "orgs") {
			if seen[id] {
				t.Fatalf("record %s twice", id)
			}
			seen[id] = true
		}
		pg, _ := r.json(t)["pagination"].(map[string]any)
		next, _ = pg["next"].(string)
	}
	if got := len(sb.get("/orgs?limit=1000").ids(t, "orgs")); got != len(seen) {
		t.Errorf("paged through %d orgs, the collection has %d", len(seen), got)
	}
}

func TestVendorQuirkTokenExpiryForms(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{TokenExpiry: TokenExpiryString}})
	if _, doc := rawToken(t, sb.http.URL+TokenPath, ""); doc["expires_in"] != "3600" {
		t.Errorf("expires_in = %#v, want \"3600\"", doc["expires_in"])
	}
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{TokenExpiry: TokenExpiryExpiration}})
	if _, doc := rawToken(t, sb.http.URL+TokenPath, ""); doc["expiration"] != float64(3600) || doc["expires_in"] != nil {
		t.Errorf("token response = %v, want expiration 3600 and no expires_in", doc)
	}
}

func TestVendorQuirkStaticBearer(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{VendorQuirks: VendorQuirks{StaticBearer: "proxy-token"}})
	if got := rawGet(t, sb.http.URL+BasePath+"/schools", http.Header{"Authorization": {"Bearer proxy-token"}}, nil); got != http.StatusOK {
		t.Errorf("static bearer: %d", got)
	}
	if got := rawGet(t, sb.http.URL+BasePath+"/schools", http.Header{"Authorization": {"Bearer other"}}, nil); got != http.StatusUnauthorized {
		t.Errorf("unknown bearer: %d", got)
	}
}
