package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestStartAndClose(t *testing.T) {
	run, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(run.URL, "http://127.0.0.1:") || run.BaseURL != run.URL+BasePath || run.TokenURL != run.URL+TokenPath+"?appName=sandbox" {
		t.Fatalf("URLs: %+v", run)
	}
	resp, err := http.PostForm(run.TokenURL, map[string][]string{
		"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("token: %d %v", resp.StatusCode, err)
	}
	req, _ := http.NewRequest(http.MethodGet, run.BaseURL+"/orgs/org-district", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"org":{"sourcedId":"org-district"`) {
		t.Fatalf("GET org: %d %s", resp.StatusCode, body)
	}
	if run.Server.Requests("/orgs") != 1 || run.Server.TokenRequests() != 1 {
		t.Errorf("counts: %d API, %d token", run.Server.Requests("/orgs"), run.Server.TokenRequests())
	}
	run.Server.ResetRequests()
	if run.Server.Requests("") != 0 {
		t.Error("ResetRequests kept counts")
	}
	if err := run.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(run.URL + "/"); err == nil {
		t.Fatal("still serving after Close")
	}
	if err := run.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := Start(Options{Addr: "256.0.0.1:0"}); err == nil {
		t.Fatal("Start on a bad address did not fail")
	}
}

func TestPanicBecomes500(t *testing.T) {
	v1p1 := &apis[0]
	saved := v1p1.routes
	v1p1.routes = append(saved[:len(saved):len(saved)], get("/boom", scopeCore, func(*call, *district) { panic("boom") }))
	t.Cleanup(func() { v1p1.routes = saved })
	sb := newTestSandbox(t, Options{Quirks: Quirks{ErrorShape: ErrorShapeSet}})
	r := sb.get("/boom")
	if r.status != http.StatusInternalServerError || !strings.Contains(string(r.body), `"statusInfoSet":[`) ||
		!strings.Contains(string(r.body), minorInternal) || strings.Contains(string(r.body), "boom") {
		t.Fatalf("panic: %d %s", r.status, r.body)
	}
	sb.mustGet("/orgs")
}

func TestOutsideTheAPI(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	r := sb.do(http.MethodGet, sb.http.URL+"/elsewhere", sb.token, nil)
	wantError(t, r, http.StatusNotFound, minorUnknownObject)
	if !strings.Contains(r.description(t), BasePath) {
		t.Errorf("the 404 does not point at the base path: %s", r.body)
	}
}

// TestConcurrentUse reads, writes and flips quirks at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				id := fmt.Sprintf("cc-%d-%d", w, i)
				switch i % 4 {
				case 0:
					r := sb.do(http.MethodPut, "/categories/"+id, sb.token, map[string]any{"category": map[string]any{"title": id}})
					if r.status != http.StatusCreated && r.status != http.StatusNoContent {
						errs <- fmt.Sprintf("PUT %s: %d %s", id, r.status, r.body)
					}
				case 1:
					sb.srv.SetQuirks(Quirks{Booleans: BooleansString, SoftDelete: w%2 == 0})
				case 2:
					if r := sb.get("/categories?sort=title"); r.status != http.StatusOK {
						errs <- fmt.Sprintf("GET: %d", r.status)
					}
				default:
					sb.do(http.MethodDelete, fmt.Sprintf("/categories/cc-%d-%d", w, i-3), sb.token, nil)
					_ = sb.srv.Count("categories")
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
