package provider

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The clients answeringCandidate makes for the base URLs a connection
// likely meant close their connections when done, the answering one and
// the others: a plan of many connections with a wrong base_url would keep
// one open for each.
func TestAnsweringCandidateClosesItsClients(t *testing.T) {
	var mu sync.Mutex
	states := map[net.Conn]http.ConnState{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/ims/oneroster/rostering/v1p2/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"orgs":[]}`))
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		states[c] = s
	}
	srv.Start()
	defer srv.Close()
	made := 0
	newClient := func(baseURL string, v oneroster.Version) (*oneroster.Client, error) {
		made++
		return oneroster.New(oneroster.Config{BaseURL: baseURL, Version: v, Auth: &oneroster.BearerToken{Token: "t"},
			MaxRetries: oneroster.NoRetries})
	}
	if got := answeringCandidate(context.Background(), srv.URL, "", "orgs", newClient); got != srv.URL+"/ims/oneroster/rostering/v1p2" {
		t.Fatalf("answering candidate %q, want the 1.2 path", got)
	}
	if made < 2 {
		t.Fatalf("%d candidate clients made, want one that did not answer too", made)
	}
	open := func() (opened, left int) {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range states {
			if s != http.StateClosed {
				left++
			}
		}
		return len(states), left
	}
	// The server sees a connection closed a moment after the client.
	deadline := time.Now().Add(5 * time.Second)
	for _, left := open(); left > 0 && time.Now().Before(deadline); _, left = open() {
		time.Sleep(10 * time.Millisecond)
	}
	if opened, left := open(); opened == 0 || left > 0 {
		t.Errorf("%d of the %d connections the search opened are still open, want none", left, opened)
	}
}
