package oneroster

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

func TestServiceBaseURL(t *testing.T) {
	for _, tc := range []struct {
		base    string
		version Version
		service Service
		want    string
	}{
		{"https://sis.example/ims/oneroster/rostering/v1p2", Version1p2, ServiceGradebook, "https://sis.example/ims/oneroster/gradebook/v1p2"},
		{"https://sis.example/ims/oneroster/rostering/v1p2/", Version1p2, ServiceResources, "https://sis.example/ims/oneroster/resources/v1p2"},
		{"https://sis.example/ims/oneroster/rostering/v1p2", Version1p2, ServiceRostering, "https://sis.example/ims/oneroster/rostering/v1p2"},
		{"https://sis.example/district/api/ims/oneroster/rostering/v1p2", Version1p2, ServiceGradebook,
			"https://sis.example/district/api/ims/oneroster/gradebook/v1p2"},
		// A vendor's own path shows no service segment: it serves all.
		{"https://sis.example/api/oneroster", Version1p2, ServiceGradebook, "https://sis.example/api/oneroster"},
		// 1.1 serves every service at its one base URL.
		{"https://sis.example/ims/oneroster/v1p1", Version1p1, ServiceGradebook, "https://sis.example/ims/oneroster/v1p1"},
	} {
		if got := ServiceBaseURL(tc.base, tc.version, tc.service); got != tc.want {
			t.Errorf("ServiceBaseURL(%s, %s, %s) = %s, want %s", tc.base, tc.version, tc.service.Segment(), got, tc.want)
		}
	}
}

// On 1.2, each collection's requests go to its service's base URL (paging
// links included), with the one token; an explicit service URL on another
// host is used, and trusted, as given.
func TestRequestsGoToTheirServiceBaseURL(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	record := func(r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		paths = append(paths, r.Host+" "+r.URL.Path)
	}
	var base string // the server's URL, once it runs
	handler := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			writeJSON(w, http.StatusOK, map[string]any{"access_token": "tok", "token_type": "bearer", "expires_in": 3600})
			return
		}
		record(r)
		if got := r.Header.Get("Authorization"); got != "Bearer tok" {
			t.Errorf("%s carries Authorization %q", r.URL.Path, got)
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/categories") && r.URL.Query().Get("offset") != "1":
			// The next page is linked on the same service.
			w.Header().Set("Link", "<"+base+r.URL.Path+"?offset=1>; rel=\"next\"")
			writeJSON(w, http.StatusOK, map[string]any{"categories": []any{map[string]any{"sourcedId": "c1", "title": "Homework"}}})
		case strings.HasSuffix(r.URL.Path, "/categories"):
			writeJSON(w, http.StatusOK, map[string]any{"categories": []any{map[string]any{"sourcedId": "c2", "title": "Tests"}}})
		case strings.HasSuffix(r.URL.Path, "/resources"):
			writeJSON(w, http.StatusOK, map[string]any{"resources": []any{}})
		case strings.Contains(r.URL.Path, "/scoreScales/"):
			writeJSON(w, http.StatusOK, map[string]any{"scoreScale": map[string]any{"sourcedId": "ss1", "title": "Letters", "type": "letter"}})
		default:
			writeJSON(w, http.StatusOK, map[string]any{"users": []any{}})
		}
	}
	base = newTestServer(t, handler).URL
	c, err := New(Config{
		BaseURL: base + "/ims/oneroster/rostering/v1p2",
		Auth:    &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret", TokenURL: base + "/token"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, err := range Users.List(ctx, c, Users.Top(), ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, err := range Categories.List(ctx, c, Categories.Top(), ListOptions{Concurrency: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("categories listed %d records over two pages, want 2", n)
	}
	if _, err := ScoreScales.Get(ctx, c, "ss1"); err != nil {
		t.Fatal(err)
	}
	for _, err := range Resources.List(ctx, c, Resources.Top(), ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	host := strings.TrimPrefix(base, "http://")
	want := []string{
		host + " /ims/oneroster/rostering/v1p2/users",
		host + " /ims/oneroster/gradebook/v1p2/categories",
		host + " /ims/oneroster/gradebook/v1p2/categories",
		host + " /ims/oneroster/gradebook/v1p2/scoreScales/ss1",
		host + " /ims/oneroster/resources/v1p2/resources",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}

	// A gradebook hosted elsewhere: its host is trusted, and requests
	// go there.
	other := newTestServer(t, handler)
	paths = nil
	c, err = New(Config{
		BaseURL:          base + "/ims/oneroster/rostering/v1p2",
		GradebookBaseURL: other.URL + "/grades/v1p2/",
		Auth:             &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret", TokenURL: base + "/token"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ServiceBaseURL(ServiceGradebook); got != other.URL+"/grades/v1p2" {
		t.Errorf("ServiceBaseURL(gradebook) = %s", got)
	}
	if _, err := Categories.Put(ctx, c, "c9", &model.Category{Base: model.Base{SourcedID: "c9"}, Title: "Labs"}); err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimPrefix(other.URL, "http://") + " /grades/v1p2/categories/c9"; len(paths) != 1 || paths[0] != want {
		t.Errorf("PUT went to %v, want %s", paths, want)
	}
}

func TestServiceBaseURLsAreChecked(t *testing.T) {
	auth := &OAuth2ClientCredentials{ClientID: "i", ClientSecret: "s", TokenURL: "https://sis.example/token"}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{BaseURL: "https://sis.example/ims/oneroster/rostering/v1p2", GradebookBaseURL: "https://sis.example/gb?key=k", Auth: auth},
			"GradebookBaseURL \"https://sis.example/gb\" has a query string"},
		{Config{BaseURL: "https://sis.example/ims/oneroster/rostering/v1p2", ResourcesBaseURL: "ftp://sis.example/res", Auth: auth}, "ResourcesBaseURL " +
			"\"ftp://sis.example/res\" must start with https://"},
		{Config{BaseURL: "https://sis.example/ims/oneroster/rostering/v1p2", GradebookBaseURL: "http://grades.example/gb", Auth: auth}, "GradebookBaseURL"},
		{Config{BaseURL: "https://sis.example/ims/oneroster/rostering/v1p2", GradebookBaseURL: "https://u:p@grades.example/gb", Auth: auth},
			"GradebookBaseURL carries user info"},
	} {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error containing %q", tc.cfg, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "key=k") {
			t.Errorf("the error shows the query: %v", err)
		}
	}
}
