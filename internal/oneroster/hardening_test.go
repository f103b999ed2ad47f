package oneroster

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// dotResolvingServer stands for a server behind a front that normalises
// paths (nginx): it resolves dot segments of the decoded path before
// routing, and answers every GET with the collection its path ends in.
func dotResolvingServer(t *testing.T) (*Client, *atomic.Int32, *atomic.Value) {
	t.Helper()
	var calls atomic.Int32
	var last atomic.Value
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		resolved := path.Clean(r.URL.Path)
		last.Store(r.Method + " " + resolved)
		writeJSON(w, 200, map[string]any{"students": []map[string]string{{"sourcedId": "s1"}}})
	})
	c, _ := newTestClient(t, srv, nil)
	return c, &calls, &last
}

func TestDotSegmentIDsNeverLeaveTheClient(t *testing.T) {
	ctx := context.Background()
	for _, id := range []string{".", "..", "a/../b", `..\x`} {
		t.Run(id, func(t *testing.T) {
			c, calls, last := dotResolvingServer(t)
			var errs []error
			// Reads of a scoped collection and of one record, and writes.
			for _, err := range List[model.User](ctx, c, ExpandPath("/classes/{class}/students", map[string]string{"class": id}), "students", ListOptions{}) {
				errs = append(errs, err)
				break
			}
			_, err := c.Get(ctx, ObjectPath("classes", id), nil, nil)
			errs = append(errs, err)
			_, err = c.Put(ctx, ObjectPath("categories", id), map[string]any{"category": map[string]string{"title": "x"}}, nil)
			errs = append(errs, err)
			_, err = c.Delete(ctx, ObjectPath("categories", id))
			errs = append(errs, err)
			for i, err := range errs {
				if !errors.Is(err, ErrDotSegmentID) {
					t.Errorf("request %d: got %v, want a refusal of the sourcedId", i+1, err)
				}
				if WriteMayHaveBeenApplied(err) {
					t.Errorf("request %d: a request refused before it was sent counts as possibly applied", i+1)
				}
			}
			if n := calls.Load(); n != 0 {
				t.Errorf("%d requests reached the server (the last: %v)", n, last.Load())
			}
		})
	}
	t.Run("ordinary ids pass", func(t *testing.T) {
		c, calls, _ := dotResolvingServer(t)
		for _, id := range []string{"c1", "...", ".a", "a.b", "a/b", "%2E%2E"} {
			if err := CheckSourcedID(id); err != nil {
				t.Errorf("CheckSourcedID(%q): %v", id, err)
			}
			if _, err := c.Get(ctx, ObjectPath("classes", id), nil, nil); err != nil {
				t.Errorf("GET of class %q: %v", id, err)
			}
		}
		if calls.Load() != 6 {
			t.Errorf("%d requests, want 6", calls.Load())
		}
	})
}

// endlessUsers streams {"users":[ and then records until the client
// hangs up, as a broken server did; it counts the bytes it sent.
func endlessUsers(t *testing.T, withLength bool) (*Client, *atomic.Int32, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int32
	var sent atomic.Int64
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(10<<30))
		}
		w.WriteHeader(200)
		n, _ := w.Write([]byte(`{"users":[`))
		sent.Add(int64(n))
		record := []byte(`{"sourcedId":"u","givenName":"` + strings.Repeat("x", 200) + `"},`)
		for r.Context().Err() == nil {
			n, err := w.Write(record)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.MaxResponseBytes = 1 << 20
		cfg.MaxResponseBytesSetting = "max_response_bytes"
		cfg.RequestTimeout = 20 * time.Second
	})
	return c, &calls, &sent
}

func TestSuccessfulBodiesAreCapped(t *testing.T) {
	for _, withLength := range []bool{false, true} {
		t.Run(fmt.Sprintf("Content-Length announced %v", withLength), func(t *testing.T) {
			c, calls, sent := endlessUsers(t, withLength)
			var err error
			for _, e := range List[model.User](context.Background(), c, "/users", "users", ListOptions{}) {
				if e != nil {
					err = e
					break
				}
			}
			if err == nil {
				t.Fatal("no error for an endless body")
			}
			assertContains(t, err.Error(), "larger than 1 MiB")
			assertContains(t, err.Error(), "max_response_bytes")
			if calls.Load() != 1 {
				t.Errorf("%d requests: an answer over the limit must not be retried", calls.Load())
			}
			// The client stops reading at the limit; the server may have
			// pushed some more into the socket buffers.
			if got := sent.Load(); got > 16<<20 {
				t.Errorf("the server sent %d bytes before the client hung up", got)
			}
			_, err = c.Get(context.Background(), "/users/u1", nil, &map[string]any{})
			if err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
				t.Errorf("Get: %v", err)
			}
		})
	}
	t.Run("an answer just at the limit is read", func(t *testing.T) {
		body := `{"orgs":[{"sourcedId":"o0"}]}`
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, "application/json", body) })
		c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.MaxResponseBytes = int64(len(body)) })
		var out struct{ Orgs []model.Org }
		if _, err := c.Get(context.Background(), "/orgs", nil, &out); err != nil || len(out.Orgs) != 1 {
			t.Fatalf("got %v, %v", out, err)
		}
	})
}

// linkLoopServer links every page to a fresh URL (?k=N+1) forever, and
// serves records from a window that moves by shift records a page over a
// collection of size records: shift 0 with size 20 alternates two sets
// of 10, as the hostile server of issue 15 did.
func linkLoopServer(t *testing.T, size, shift int, total string) (*Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		k, _ := strconv.Atoi(r.URL.Query().Get("k"))
		start := k * 10
		if shift > 0 {
			start = k * shift
		}
		var orgs []map[string]string
		for i := range 10 {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", (start+i)%size)})
		}
		w.Header().Set("Link", fmt.Sprintf(`</ims/oneroster/v1p1/orgs?k=%d>; rel="next"`, k+1))
		if total != "" {
			w.Header().Set("X-Total-Count", total)
		}
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, nil)
	c.maxPages = 2000 // the old guard, lowered so that a regression fails fast
	return c, &calls
}

func TestListStopsLinkLoopsThroughFreshURLs(t *testing.T) {
	t.Run("two record sets alternating", func(t *testing.T) {
		c, calls := linkLoopServer(t, 20, 0, "")
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err == nil || !strings.Contains(err.Error(), "page 3 brought only records already read") {
			t.Fatalf("got %v", err)
		}
		if len(ids) != 20 || calls.Load() != 3 {
			t.Errorf("%d records in %d requests, want the 20 distinct ones in 3", len(ids), calls.Load())
		}
	})
	t.Run("a window sliding by one record", func(t *testing.T) {
		c, calls := linkLoopServer(t, 1_000_000, 1, "")
		_, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err == nil || !strings.Contains(err.Error(), "repeat records already read") {
			t.Fatalf("got %v", err)
		}
		if calls.Load() > 5 {
			t.Errorf("%d requests", calls.Load())
		}
	})
	t.Run("fresh records far beyond X-Total-Count", func(t *testing.T) {
		c, calls := linkLoopServer(t, 1_000_000, 10, "50")
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err == nil || !strings.Contains(err.Error(), "far more than the largest X-Total-Count the server sent (50)") {
			t.Fatalf("got %v", err)
		}
		if len(ids) > totalSlack*(50+10)+10 || calls.Load() > 30 {
			t.Errorf("%d records in %d requests", len(ids), calls.Load())
		}
	})
}

// cursorServer pages by cursor only: it ignores offset, links to
// ?cursor=N, and sends X-Total-Count, as in issue 15.
func cursorServer(t *testing.T, n int) (*Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		cursor, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		var orgs []map[string]string
		for i := cursor; i < n && i < cursor+100; i++ {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
		}
		if cursor+100 < n {
			w.Header().Set("Link", fmt.Sprintf(`<http://%s/ims/oneroster/v1p1/orgs?cursor=%d>; rel="next"`, r.Host, cursor+100))
		}
		w.Header().Set("X-Total-Count", strconv.Itoa(n))
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, nil)
	return c, &calls
}

func TestListFollowsCursorLinksAtAnyConcurrency(t *testing.T) {
	for _, concurrency := range []int{1, 4} {
		t.Run(fmt.Sprintf("concurrency %d", concurrency), func(t *testing.T) {
			c, calls := cursorServer(t, 250)
			ids, err := collectOrgs(t, c, ListOptions{PageSize: 100, Concurrency: concurrency})
			if err != nil {
				t.Fatal(err)
			}
			wantSequence(t, ids, 250)
			if calls.Load() != 3 {
				t.Errorf("%d requests, want 3", calls.Load())
			}
		})
	}
}

func TestListFallsBackToLinksWhenOffsetIsIgnored(t *testing.T) {
	// Next links that look like offset paging, on a server that honours
	// them only in its own parameter order: fetched ahead by offset, every
	// page is the first; followed, they walk the collection.
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		offset := 0
		if strings.HasPrefix(r.URL.RawQuery, "offset=") {
			offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
		}
		var orgs []map[string]string
		for i := offset; i < 45 && i < offset+10; i++ {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
		}
		if offset+10 < 45 {
			w.Header().Set("Link", fmt.Sprintf(`</ims/oneroster/v1p1/orgs?offset=%d&limit=10>; rel="next"`, offset+10))
		}
		w.Header().Set("X-Total-Count", "45")
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, nil)
	ids, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	wantSequence(t, ids, 45)
}

// limitRefusingServer answers 400 to a limit above maxLimit, as some SIS
// servers do instead of capping it, and counts the limits asked.
func limitRefusingServer(t *testing.T, n, maxLimit int) (*Client, func() map[int]int) {
	t.Helper()
	var mu = make(chan struct{}, 1)
	asked := map[int]int{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		mu <- struct{}{}
		asked[limit]++
		<-mu
		if limit > maxLimit {
			writeJSON(w, 400, map[string]any{"imsx_codeMajor": "failure", "imsx_severity": "error",
				"imsx_description": fmt.Sprintf(
					"limit must be at most %d",
					maxLimit,
				), "imsx_CodeMinor": map[string]any{"imsx_codeMinorField": []map[string]string{{"imsx_codeMinorFieldName": "limit",
					"imsx_codeMinorFieldValue": "invaliddata"}}}})
			return
		}
		var orgs []map[string]string
		for i := offset; i < n && i < offset+limit; i++ {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
		}
		w.Header().Set("X-Total-Count", strconv.Itoa(n))
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.PageSize = 1000 })
	return c, func() map[int]int {
		mu <- struct{}{}
		defer func() { <-mu }()
		out := map[int]int{}
		for k, v := range asked {
			out[k] = v
		}
		return out
	}
}

func TestListRetriesARefusedLimitSmallerOnce(t *testing.T) {
	c, asked := limitRefusingServer(t, 250, 200)
	for range 2 {
		ids, err := collectOrgs(t, c, ListOptions{Concurrency: 4})
		if err != nil {
			t.Fatal(err)
		}
		wantSequence(t, ids, 250)
	}
	got := asked()
	if got[1000] != 1 || got[100] != 6 || len(got) != 2 {
		t.Errorf("limits asked %v, want 1000 once, then 100 for every page of both listings", got)
	}

	t.Run("a server that refuses 100 too", func(t *testing.T) {
		c, asked := limitRefusingServer(t, 250, 50)
		_, err := collectOrgs(t, c, ListOptions{})
		if err == nil || !strings.Contains(err.Error(), "limit must be at most 50") {
			t.Fatalf("got %v", err)
		}
		if got := asked(); got[1000] != 1 || got[100] != 1 || len(got) != 2 {
			t.Errorf("limits asked %v, want 1000 and 100, once each", got)
		}
		// 100 did not help: the limit was not the problem, and is not
		// lowered for later listings.
		_, _ = collectOrgs(t, c, ListOptions{})
		if got := asked(); got[1000] != 2 {
			t.Errorf("limits asked %v, want 1000 again", got)
		}
	})
	t.Run("other 400s are not retried", func(t *testing.T) {
		var calls atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			writeJSON(w, 400, map[string]any{"imsx_codeMajor": "failure", "imsx_description": "bad filter",
				"imsx_CodeMinor": map[string]any{
					"imsx_codeMinorField": []map[string]string{{"imsx_codeMinorFieldName": "filter", "imsx_codeMinorFieldValue": "invalid_filter_field"}},
				}})
		})
		c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.PageSize = 1000 })
		if _, err := collectOrgs(t, c, ListOptions{Filter: "x='y'"}); err == nil || calls.Load() != 1 {
			t.Errorf("got %v after %d requests", err, calls.Load())
		}
	})
}

func TestListFallingBackToLinksStaysOnTheServer(t *testing.T) {
	// Next links that page by offset, but to another host, on a server
	// that ignores offset: falling back to the links must not send the
	// credentials there.
	var evilCalls atomic.Int32
	evil := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		evilCalls.Add(1)
		writeJSON(w, 200, map[string]any{"orgs": []any{}})
	})
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		var orgs []map[string]string
		for i := range 10 {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
		}
		w.Header().Set("Link", "<"+evil.URL+`/ims/oneroster/v1p1/orgs?limit=10&offset=10>; rel="next"`)
		w.Header().Set("X-Total-Count", "45")
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, nil)
	_, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: 4})
	if err == nil || !strings.Contains(err.Error(), "refusing to follow the next link") {
		t.Fatalf("got %v", err)
	}
	if evilCalls.Load() != 0 {
		t.Error("credentials were sent to another host")
	}
}
