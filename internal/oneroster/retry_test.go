package oneroster

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// failThenSucceed answers the first n requests with fail, then 200 {}.
func failThenSucceed(n int32, fail http.HandlerFunc) (http.HandlerFunc, *atomic.Int32) {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			fail(w, r)
			return
		}
		writeJSON(w, 200, map[string]any{"org": map[string]string{"sourcedId": "o1"}})
	}, &calls
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	h, calls := failThenSucceed(1, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		writeJSON(w, 429, map[string]string{"imsx_codeMajor": "failure", "imsx_codeMinor": "server_busy"})
	})
	c, clock := newTestClient(t, newTestServer(t, h), nil)
	if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := clock.Sleeps(); len(got) != 1 || got[0] != 7*time.Second {
		t.Errorf("slept %v, want exactly [7s]", got)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls", calls.Load())
	}
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	var clock *fakeClock
	h, _ := failThenSucceed(1, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", clock.Now().Add(42*time.Second).UTC().Format(http.TimeFormat))
		w.WriteHeader(503)
	})
	var c *Client
	c, clock = newTestClient(t, newTestServer(t, h), nil)
	if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
		t.Fatal(err)
	}
	got := clock.Sleeps()
	// HTTP-dates have whole seconds, so up to one second is lost.
	if len(got) != 1 || got[0] < 41*time.Second || got[0] > 42*time.Second {
		t.Errorf("slept %v, want about 42s", got)
	}
}

func TestRetriedStatuses(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h, calls := failThenSucceed(2, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
			c, clock := newTestClient(t, newTestServer(t, h), nil)
			if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
				t.Fatal(err)
			}
			if calls.Load() != 3 {
				t.Errorf("%d calls, want 3", calls.Load())
			}
			sleeps := clock.Sleeps()
			if len(sleeps) != 2 {
				t.Fatalf("slept %v", sleeps)
			}
			// Exponential with equal jitter: [250ms,500ms] then [500ms,1s].
			if sleeps[0] < backoffBase/2 || sleeps[0] > backoffBase || sleeps[1] < backoffBase || sleeps[1] > 2*backoffBase {
				t.Errorf("backoff %v out of range", sleeps)
			}
		})
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 422, 501} {
		var calls atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(status)
		})
		c, _ := newTestClient(t, srv, nil)
		if _, err := c.Get(context.Background(), "/orgs", nil, nil); err == nil {
			t.Errorf("%d: no error", status)
		}
		if calls.Load() != 1 {
			t.Errorf("%d retried: %d calls", status, calls.Load())
		}
	}
}

func TestNetworkErrorIsRetried(t *testing.T) {
	h, calls := failThenSucceed(1, func(w http.ResponseWriter, r *http.Request) {
		hijacker, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server cannot hijack connections")
			return
		}
		conn, _, err := hijacker.Hijack()
		if err == nil {
			_ = conn.Close() // no answer at all
		}
	})
	c, clock := newTestClient(t, newTestServer(t, h), nil)
	if _, err := c.Get(context.Background(), "/orgs/o1", nil, nil); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || len(clock.Sleeps()) != 1 {
		t.Errorf("%d calls, sleeps %v", calls.Load(), clock.Sleeps())
	}
}

func TestTruncatedBodyIsRetriedThenReported(t *testing.T) {
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeRaw(w, 200, "application/json", `{"orgs":[{"sourcedId":"o1"},{"sourc`)
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 1 })
	var out map[string]any
	_, err := c.Get(context.Background(), "/orgs", nil, &out)
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 200 {
		t.Fatalf("got %v", err)
	}
	assertContains(t, err.Error(), "truncated")
	if calls.Load() != 2 {
		t.Errorf("%d calls, want 2", calls.Load())
	}
}

func TestDeadlineShorterThanRetryAfterFailsFast(t *testing.T) {
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(429)
	})
	c, clock := newTestClient(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, "/orgs", nil, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if time.Since(start) > 5*time.Second || len(clock.Sleeps()) != 0 {
		t.Errorf("waited before failing (sleeps %v)", clock.Sleeps())
	}
	assertContains(t, err.Error(), "429 Too Many Requests")
	assertContains(t, err.Error(), "Retry-After")
	assertContains(t, err.Error(), "deadline")
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 120*time.Second {
		t.Errorf("Error.RetryAfter not set: %v", err)
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls", calls.Load())
	}
}

func TestRetryAfterBeyondLimitFails(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(503)
	})
	c, clock := newTestClient(t, srv, nil)
	_, err := c.Get(context.Background(), "/orgs", nil, nil)
	assertContains(t, err.Error(), "asked to retry after 1h0m0s")
	if len(clock.Sleeps()) != 0 {
		t.Errorf("slept %v", clock.Sleeps())
	}
}

func TestMaxRetries(t *testing.T) {
	for _, tc := range []struct {
		maxRetries int
		wantCalls  int32
	}{{0, 6}, {2, 3}, {NoRetries, 1}, {-7, 1}} {
		var calls atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(503)
		})
		c, clock := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = tc.maxRetries })
		_, err := c.Get(context.Background(), "/orgs", nil, nil)
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
			t.Errorf("MaxRetries %d: got %v", tc.maxRetries, err)
		}
		if calls.Load() != tc.wantCalls || len(clock.Sleeps()) != int(tc.wantCalls-1) {
			t.Errorf("MaxRetries %d: %d calls and %d sleeps, want %d calls", tc.maxRetries, calls.Load(), len(clock.Sleeps()), tc.wantCalls)
		}
	}
}

func TestPutBodyIsResentOnRetry(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
		}
		if calls.Add(1) == 1 {
			w.WriteHeader(500)
			return
		}
		w.WriteHeader(201)
	})
	c, _ := newTestClient(t, srv, nil)
	body := map[string]any{"lineItem": map[string]string{"sourcedId": "li1", "title": "Quiz"}}
	resp, err := c.Put(context.Background(), "/lineItems/li1", body, nil)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if resp.StatusCode != 201 || len(bodies) != 2 || bodies[0] != bodies[1] || !strings.Contains(bodies[1], `"title":"Quiz"`) {
		t.Errorf("status %d, bodies %q", resp.StatusCode, bodies)
	}
}

func TestContextCancelledWhileWaiting(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Clock = cancellingClock{cancel} })
	_, err := c.Get(ctx, "/orgs", nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// cancellingClock cancels the request's context when asked to sleep.
type cancellingClock struct{ cancel context.CancelFunc }

func (cancellingClock) Now() time.Time { return time.Now() }
func (c cancellingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.cancel()
	return ctx.Err()
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 30 ", 30 * time.Second, true},
		{"Wed, 01 May 2024 12:01:00 GMT", time.Minute, true},
		{"Wed, 01 May 2024 11:00:00 GMT", 0, true}, // in the past: now
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffIsCapped(t *testing.T) {
	for n := 1; n < 40; n++ {
		if d := backoff(n); d <= 0 || d > backoffMax {
			t.Errorf("backoff(%d) = %v", n, d)
		}
	}
}
