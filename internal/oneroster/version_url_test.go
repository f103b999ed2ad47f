package oneroster

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// A 1.2 base URL is read as 1.2 whatever the case of its segments and
// whatever ;parameters a servlet container put on them: read as 1.1, its
// users would lose their role and orgs without an error.
func TestURLVersionIgnoresCaseAndPathParameters(t *testing.T) {
	for raw, want := range map[string]Version{
		"https://sis.example/ims/oneroster/rostering/V1P2":                   Version1p2,
		"https://sis.example/ims/oneroster/rostering/v1p2;jsessionid=A1B2C3": Version1p2,
		"https://sis.example/ims/oneroster/rostering/v1p2;jsessionid=A1B2/":  Version1p2,
		"https://sis.example/ims/oneroster/V1p1":                             Version1p1,
		"https://sis.example/ims/oneroster/v1p1;jsessionid=A1B2C3":           Version1p1,
		"https://sis.example/api/oneroster":                                  "",
		"https://sis.example/api/v1p2x":                                      "",
	} {
		if got := URLVersion(raw); got != want {
			t.Errorf("URLVersion(%q) = %q, want %q", raw, got, want)
		}
	}
	for _, raw := range []string{"https://sis.example/ims/oneroster/Gradebook/V1P2", "https://sis.example/ims/oneroster/resources/v1p2;jsessionid=A1"} {
		if err := CheckBaseURL(raw); err == nil || !strings.Contains(err.Error(), "is a OneRoster 1.2 gradebook or resources service") {
			t.Errorf("CheckBaseURL(%q) = %v, want it refused as another 1.2 service", raw, err)
		}
	}
}

// The gradebook and resources URLs derived from a 1.2 base URL keep its
// path as it was written: a %2F stays a %2F (a tenant name with a slash),
// and the upper case and ;parameters of a base URL still lead to the
// sibling services.
func TestServiceBaseURLKeepsTheEscapedPath(t *testing.T) {
	for _, tc := range []struct{ base, gradebook string }{
		{"https://sis.example/t%2Fa/ims/oneroster/rostering/v1p2", "https://sis.example/t%2Fa/ims/oneroster/gradebook/v1p2"},
		{"https://sis.example/ims/oneroster/rostering/V1P2/", "https://sis.example/ims/oneroster/gradebook/V1P2"},
		{"https://sis.example/ims/oneroster/ROSTERING/v1p2;jsessionid=A1", "https://sis.example/ims/oneroster/gradebook/v1p2;jsessionid=A1"},
		{"https://sis.example/api/oneroster/v1p2", "https://sis.example/api/oneroster/v1p2"},
	} {
		if got := ServiceBaseURL(tc.base, Version1p2, ServiceGradebook); got != tc.gradebook {
			t.Errorf("ServiceBaseURL(%q) = %q, want %q", tc.base, got, tc.gradebook)
		}
	}

	var mu sync.Mutex
	var paths []string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			writeJSON(w, 200, map[string]any{"access_token": "tok", "token_type": "bearer", "expires_in": 3600})
			return
		}
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath())
		mu.Unlock()
		writeJSON(w, 200, map[string]any{"lineItem": map[string]any{"sourcedId": "li1"}})
	})
	c, err := New(Config{
		BaseURL: srv.URL + "/t%2Fa/ims/oneroster/rostering/v1p2",
		Auth:    &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL + "/token"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LineItems.Get(context.Background(), c, "li1"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := "/t%2Fa/ims/oneroster/gradebook/v1p2/lineItems/li1"; len(paths) != 1 || paths[0] != want {
		t.Errorf("requested %v, want %s", paths, want)
	}
}
