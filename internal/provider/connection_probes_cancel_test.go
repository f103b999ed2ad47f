package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// Once a topic's probe ends probing (here, the credentials are
// rejected), the probes of later topics already in flight are cancelled:
// they would send the rejected credentials again, or wait on a host that
// is not there. The server holds the later probes until the first one is
// answered, so that they are in flight when it ends probing.
func TestProbesAfterOneThatEndsProbingAreCancelled(t *testing.T) {
	topics := []string{"orgs", "schools", "users", "classes"}
	var mu sync.Mutex
	arrived := 0
	allArrived := make(chan struct{})
	var held sync.WaitGroup
	cancelled, answered := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := strings.HasSuffix(r.URL.Path, "/orgs")
		if !first {
			held.Add(1) // before the first probe can be answered and the test wait
			defer held.Done()
		}
		mu.Lock()
		if arrived++; arrived == len(topics) {
			close(allArrived)
		}
		mu.Unlock()
		if first {
			select {
			case <-allArrived:
			case <-time.After(5 * time.Second):
				t.Error("the later topics' probes did not start while the first was in flight")
			}
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		select {
		case <-r.Context().Done():
			mu.Lock()
			cancelled++
			mu.Unlock()
		case <-time.After(5 * time.Second):
			mu.Lock()
			answered++
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	client, err := oneroster.New(oneroster.Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: &oneroster.BearerToken{Token: "t"},
		MaxRetries: oneroster.NoRetries, MaxConcurrency: len(topics)})
	if err != nil {
		t.Fatal(err)
	}
	defer client.CloseIdleConnections()
	p := &connectionProbe{client: client}
	probes := p.probeAll(context.Background(), topics)
	held.Wait()
	if !probes[0].done || !oneroster.IsUnauthorized(probes[0].err) {
		t.Fatalf("the first topic's probe: %+v, want a rejection", probes[0])
	}
	for i, probe := range probes[1:] {
		if probe.done {
			t.Errorf("%s was probed after %s ended probing: %+v", topics[i+1], topics[0], probe)
		}
	}
	if cancelled != len(topics)-1 || answered != 0 {
		t.Errorf("of the %d later probes in flight, %d were cancelled and %d answered, want all cancelled", len(topics)-1, cancelled, answered)
	}
}
