package oneroster

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// arrivals records, on the fake clock, when each request reached a test
// server, by path.
type arrivals struct {
	mu    sync.Mutex
	clock *fakeClock
	at    map[string][]time.Time
}

func (a *arrivals) note(r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.at[r.URL.Path] = append(a.at[r.URL.Path], a.clock.Now())
}

func (a *arrivals) of(path string) []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.at[path]...)
}

// pacedServer answers token requests and GET /orgs/o1; the first
// failFirst API requests get a 503 with Retry-After: 0.
func pacedServer(t *testing.T, failFirst int32) (*httptest.Server, *arrivals) {
	t.Helper()
	rec := &arrivals{at: map[string][]time.Time{}}
	var failed atomic.Int32
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.note(r)
		switch {
		case r.URL.Path == "/oauth/token":
			writeJSON(w, 200, map[string]any{"access_token": "tok", "token_type": "Bearer", "expires_in": 3600})
		case failed.Add(1) <= failFirst:
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 503, map[string]string{"imsx_codeMajor": "failure", "imsx_codeMinor": "server_busy"})
		default:
			writeJSON(w, 200, map[string]any{"org": map[string]string{"sourcedId": "o1"}})
		}
	}))
	return srv, rec
}

func pacedClient(t *testing.T, srv *httptest.Server, rec *arrivals, perMinute int) *Client {
	t.Helper()
	c, clock := newOAuth2Client(t, srv.URL, &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "cs", TokenURL: srv.URL + "/oauth/token"},
		func(cfg *Config) { cfg.MaxRequestsPerMinute = perMinute })
	rec.clock = clock
	return c
}

// gaps returns the intervals between consecutive instants, sorted first.
func gaps(at []time.Time) []time.Duration {
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	var out []time.Duration
	for i := 1; i < len(at); i++ {
		out = append(out, at[i].Sub(at[i-1]))
	}
	return out
}

// slotClock stands still and records where each Sleep would end: the
// instants at which paced requests start, however many run at once.
type slotClock struct {
	mu     sync.Mutex
	now    time.Time
	starts []time.Time
}

func (c *slotClock) Now() time.Time { return c.now }

func (c *slotClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.starts = append(c.starts, c.now.Add(d))
	return ctx.Err()
}

func (c *slotClock) Starts() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Time(nil), c.starts...)
}

// At 100 requests a minute, API requests start 600 ms apart; the token
// request takes no slot.
func TestMaxRequestsPerMinuteSpacesRequests(t *testing.T) {
	srv, rec := pacedServer(t, 0)
	c := pacedClient(t, srv, rec, 100)
	for range 6 {
		if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	api := rec.of("/ims/oneroster/v1p1/orgs/o1")
	if len(api) != 6 {
		t.Fatalf("%d API requests", len(api))
	}
	for _, gap := range gaps(api) {
		if gap != 600*time.Millisecond {
			t.Errorf("requests %v apart, want 600ms (all gaps: %v)", gap, gaps(api))
		}
	}
	if tokens := rec.of("/oauth/token"); len(tokens) != 1 || !tokens[0].Equal(api[0]) {
		t.Errorf("token requests at %v, want one, with the first API request (%v): it takes no slot", tokens, api[0])
	}
}

// Requests sent at once share the client's pace: each gets its own slot.
func TestMaxRequestsPerMinuteIsSharedByConcurrentRequests(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"org": map[string]string{"sourcedId": "o1"}})
	}))
	clock := &slotClock{now: time.Now()}
	c, err := New(Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: testOAuth1, Clock: clock, MaxRequestsPerMinute: 120})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	starts := clock.Starts()
	if len(starts) != 8 {
		t.Fatalf("%d slots taken, want 8", len(starts))
	}
	for _, gap := range gaps(starts) {
		if gap != 500*time.Millisecond {
			t.Errorf("slots %v apart, want 500ms (all gaps: %v)", gap, gaps(starts))
		}
	}
}

// Each retry is a request the server counts: it waits for its own slot.
func TestMaxRequestsPerMinutePacesRetries(t *testing.T) {
	srv, rec := pacedServer(t, 2)
	c := pacedClient(t, srv, rec, 30)
	if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
		t.Fatal(err)
	}
	api := rec.of("/ims/oneroster/v1p1/orgs/o1")
	if len(api) != 3 {
		t.Fatalf("%d attempts, want 3", len(api))
	}
	for _, gap := range gaps(api) {
		if gap < 2*time.Second {
			t.Errorf("attempts %v apart, want at least 2s at 30 a minute (all gaps: %v)", gap, gaps(api))
		}
	}
}

// Without the setting nothing waits; a negative rate is refused by name.
func TestMaxRequestsPerMinuteOffAndInvalid(t *testing.T) {
	srv, rec := pacedServer(t, 0)
	c := pacedClient(t, srv, rec, 0)
	for range 3 {
		if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if g := gaps(rec.of("/ims/oneroster/v1p1/orgs/o1")); len(g) != 2 || g[0] != 0 || g[1] != 0 {
		t.Errorf("unpaced requests %v apart, want no wait", g)
	}
	_, err := New(Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: testOAuth1, MaxRequestsPerMinute: -1})
	if err == nil || !strings.Contains(err.Error(), "MaxRequestsPerMinute") {
		t.Errorf("err = %v, want one naming MaxRequestsPerMinute", err)
	}
}

// A request whose context ends while it waits for its slot fails with the
// context's error, and sends nothing.
func TestMaxRequestsPerMinuteWaitEndsWithContext(t *testing.T) {
	p := newPacer(1, realClock{})
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// BenchmarkMaxRequestsPerMinute drives b.N requests from 4 goroutines
// through a client, unpaced and paced to 100 a minute, on a clock that
// stands still and records each paced request's slot. It reports the rate
// those slots make (virtual-req/min, which must not exceed 100) beside the
// real cost of a request against a local server (ns/op), so the two runs
// show what pacing adds.
func BenchmarkMaxRequestsPerMinute(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"org": map[string]string{"sourcedId": "o1"}})
	}))
	defer srv.Close()
	for _, perMinute := range []int{0, 100} {
		b.Run(fmt.Sprintf("per_minute=%d", perMinute), func(b *testing.B) {
			clock := &slotClock{now: time.Now()}
			c, err := New(Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: testOAuth1, Clock: clock, MaxRequestsPerMinute: perMinute})
			if err != nil {
				b.Fatal(err)
			}
			var sent atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for sent.Add(1) <= int64(b.N) {
						if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			if g := gaps(clock.Starts()); perMinute > 0 && len(g) > 0 {
				var span time.Duration
				for _, d := range g {
					span += d
				}
				b.ReportMetric(float64(len(g))/span.Minutes(), "virtual-req/min")
			}
		})
	}
}
