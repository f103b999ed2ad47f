package oneroster

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// orgsServer serves n orgs o0…o(n-1) at /ims/oneroster/v1p1/orgs, honouring
// limit and offset but capping limit at maxLimit. decorate adds headers for
// the page (from, to) given the request.
func orgsServer(t *testing.T, n, maxLimit int, decorate func(w http.ResponseWriter, r *http.Request, offset, limit int)) (*Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if limit <= 0 || limit > maxLimit {
			limit = maxLimit
		}
		var orgs []map[string]string
		for i := offset; i < n && i < offset+limit; i++ {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i), "name": fmt.Sprintf("Org %d", i), "type": "school"})
		}
		if decorate != nil {
			decorate(w, r, offset, limit)
		}
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, nil)
	return c, &calls
}

func collectOrgs(t *testing.T, c *Client, opts ListOptions) ([]string, error) {
	t.Helper()
	var ids []string
	for org, err := range List[model.Org](context.Background(), c, "/orgs", "orgs", opts) {
		if err != nil {
			return ids, err
		}
		ids = append(ids, org.SourcedID)
	}
	return ids, nil
}

func wantSequence(t *testing.T, ids []string, n int) {
	t.Helper()
	if len(ids) != n {
		t.Fatalf("read %d records, want %d: %v", len(ids), n, ids)
	}
	for i, id := range ids {
		if id != fmt.Sprintf("o%d", i) {
			t.Fatalf("record %d is %s", i, id)
		}
	}
}

func TestListFollowsNextLinks(t *testing.T) {
	c, calls := orgsServer(t, 25, 1000, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
		// Relative links, several in one header, with a quoted multi-value rel.
		var links []string
		if offset+limit < 25 {
			links = append(links, fmt.Sprintf(`<orgs?limit=%d&offset=%d>; rel="next"`, limit, offset+limit))
		}
		links = append(links, fmt.Sprintf(`<orgs?limit=%d&offset=0>; rel="first start"`, limit))
		w.Header().Set("Link", strings.Join(links, ", "))
		// A stale X-Total-Count must not matter when links are sent.
		w.Header().Set("X-Total-Count", "3")
	})
	ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	wantSequence(t, ids, 25)
	if calls.Load() != 3 {
		t.Errorf("%d requests, want 3", calls.Load())
	}
}

func TestListUsesTotalCount(t *testing.T) {
	c, calls := orgsServer(t, 25, 1000, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
		w.Header().Set("X-Total-Count", "25")
	})
	ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	wantSequence(t, ids, 25)
	if calls.Load() != 3 {
		t.Errorf("%d requests, want 3 (no extra request for an empty page)", calls.Load())
	}
}

func TestListReadsUntilEmptyPageWithoutHeaders(t *testing.T) {
	c, calls := orgsServer(t, 25, 1000, nil)
	ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	wantSequence(t, ids, 25)
	if calls.Load() != 4 {
		t.Errorf("%d requests, want 4 (the last one empty)", calls.Load())
	}
}

func TestListSurvivesSilentlyCappedLimit(t *testing.T) {
	t.Run("with total", func(t *testing.T) {
		c, calls := orgsServer(t, 10, 3, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
			w.Header().Set("X-Total-Count", "10")
		})
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err != nil {
			t.Fatal(err)
		}
		wantSequence(t, ids, 10)
		if calls.Load() != 4 {
			t.Errorf("%d requests, want 4", calls.Load())
		}
	})
	t.Run("without headers", func(t *testing.T) {
		c, _ := orgsServer(t, 10, 3, nil)
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err != nil {
			t.Fatal(err)
		}
		wantSequence(t, ids, 10)
	})
}

func TestListSendsQueryOptions(t *testing.T) {
	var got string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		writeJSON(w, 200, map[string]any{"users": []any{}})
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.PageSize = 500 })
	for _, err := range List[model.User](context.Background(), c, "/students", "users", ListOptions{
		Filter: "familyName='O''Brien'", Sort: "familyName", OrderBy: "desc", Fields: []string{"sourcedId", "familyName"},
	}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := "fields=sourcedId%2CfamilyName&filter=familyName%3D%27O%27%27Brien%27&limit=500&offset=0&orderBy=desc&sort=familyName"
	if got != want {
		t.Errorf("query\n got %s\nwant %s", got, want)
	}
}

func TestListDetectsRepeatedPage(t *testing.T) {
	// A server that ignores offset: every page is the first one.
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var orgs []map[string]string
		for i := range 10 {
			orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
		}
		writeJSON(w, 200, map[string]any{"orgs": orgs})
	})
	c, _ := newTestClient(t, srv, nil)
	ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
	if err == nil {
		t.Fatal("no error for a repeated page")
	}
	assertContains(t, err.Error(), "the same page twice")
	if len(ids) != 10 || calls.Load() != 2 {
		t.Errorf("yielded %d records in %d requests before the error, want the 10 of the first page in 2", len(ids), calls.Load())
	}
}

func TestListDetectsNextLinkLoop(t *testing.T) {
	var calls atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		page := calls.Add(1)
		// Pages alternate between two links: a→b→a.
		next := "/ims/oneroster/v1p1/orgs?page=b"
		if r.URL.Query().Get("page") == "b" {
			next = "/ims/oneroster/v1p1/orgs?page=a"
		}
		w.Header().Set("Link", "<"+next+`>; rel=next`)
		writeJSON(w, 200, map[string]any{"orgs": []map[string]string{{"sourcedId": fmt.Sprintf("p%d", page)}}})
	})
	c, _ := newTestClient(t, srv, nil)
	_, err := collectOrgs(t, c, ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "points back to a page already read") {
		t.Fatalf("got %v", err)
	}
	if calls.Load() > 3 {
		t.Errorf("%d requests", calls.Load())
	}
}

func TestListRefusesNextLinkToAnotherHost(t *testing.T) {
	var evilCalls atomic.Int32
	evil := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		evilCalls.Add(1)
		writeJSON(w, 200, map[string]any{"orgs": []any{}})
	})
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "<"+evil.URL+`/orgs?offset=1>; rel="next"`)
		writeJSON(w, 200, map[string]any{"orgs": []map[string]string{{"sourcedId": "o0"}}})
	})
	c, _ := newTestClient(t, srv, nil)
	_, err := collectOrgs(t, c, ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "refusing to follow the next link") {
		t.Fatalf("got %v", err)
	}
	if evilCalls.Load() != 0 {
		t.Error("credentials were sent to another host")
	}
	// Get refuses absolute URLs off the base host too.
	if _, err := c.Get(context.Background(), evil.URL+"/orgs", nil, nil); err == nil || evilCalls.Load() != 0 {
		t.Errorf("Get to another host: %v", err)
	}
}

func TestListDetectsEndlessCollections(t *testing.T) {
	t.Run("total keeps growing", func(t *testing.T) {
		c, _ := orgsServer(t, 1_000_000, 10, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
			w.Header().Set("X-Total-Count", strconv.Itoa(offset+limit+1))
		})
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err == nil || !strings.Contains(err.Error(), "X-Total-Count grew") {
			t.Fatalf("got %v after %d records", err, len(ids))
		}
	})
	t.Run("page cap", func(t *testing.T) {
		c, calls := orgsServer(t, 1_000_000, 10, nil)
		c.maxPages = 5
		_, err := collectOrgs(t, c, ListOptions{PageSize: 10})
		if err == nil || !strings.Contains(err.Error(), "stopped after 5 pages") {
			t.Fatalf("got %v", err)
		}
		if calls.Load() != 5 {
			t.Errorf("%d requests", calls.Load())
		}
	})
}

func TestListStopsWhenConsumerBreaks(t *testing.T) {
	c, calls := orgsServer(t, 100, 10, nil)
	n := 0
	for _, err := range List[model.Org](context.Background(), c, "/orgs", "orgs", ListOptions{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if calls.Load() != 2 {
		t.Errorf("%d requests after reading 15 of 100 records, want 2", calls.Load())
	}
}

func TestListStopsWhenContextEnds(t *testing.T) {
	c, calls := orgsServer(t, 100, 10, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var lastErr error
	n := 0
	for _, err := range List[model.Org](ctx, c, "/orgs", "orgs", ListOptions{PageSize: 10}) {
		if err != nil {
			lastErr = err
			break
		}
		if n++; n == 10 {
			cancel()
		}
	}
	if lastErr == nil || !strings.Contains(lastErr.Error(), "context canceled") {
		t.Errorf("got %v", lastErr)
	}
	if calls.Load() != 1 {
		t.Errorf("%d requests", calls.Load())
	}
}

func TestListRejectsUnusablePages(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body, want string
	}{
		{"html", "text/html", "<!DOCTYPE html><html>Maintenance</html>", "HTML page, not JSON"},
		{"empty", "application/json", "", "empty body"},
		{"truncated", "application/json", `{"orgs":[{"sourcedId":"o1"}`, "truncated"},
		{"wrong envelope", "application/json", `{"schools":[{"sourcedId":"o1"}]}`, `no "orgs" array (it has schools)`},
		{"not an object", "application/json", `[{"sourcedId":"o1"}]`, `not a JSON object with a "orgs" array`},
		{"garbage", "application/json", `{"orgs":[}`, "not valid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, tc.contentType, tc.body) })
			c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = NoRetries })
			ids, err := collectOrgs(t, c, ListOptions{})
			if err == nil {
				t.Fatalf("no error; read %v", ids)
			}
			assertContains(t, err.Error(), tc.want)
			assertContains(t, err.Error(), "GET http://")
			if len(ids) != 0 {
				t.Errorf("records yielded from a broken page: %v", ids)
			}
		})
	}
	t.Run("null and {} are empty pages", func(t *testing.T) {
		for _, body := range []string{`{"orgs":null}`, `{}`, `{"orgs":[]}`} {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, "application/json", body) })
			c, _ := newTestClient(t, srv, nil)
			if ids, err := collectOrgs(t, c, ListOptions{}); err != nil || len(ids) != 0 {
				t.Errorf("%s: %v %v", body, ids, err)
			}
		}
	})
}

func TestListDecodesRecordsTolerantly(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("offset") != "0" {
			writeRaw(w, 200, "application/json", `{"users":[]}`)
			return
		}
		writeRaw(w, 200, "application/json", `{"users":[
		  {"sourcedId":"u1","status":"active","enabledUser":"true","givenName":"Ana","familyName":"Lee","role":"student",
		   "orgs":[{"href":"~/ims/oneroster/v1p1/orgs/894","sourcedId":"894","type":"org"}],
		   "grades":"09,10","middleName":null,"futureField":{"x":[1,2]}},
		  {"sourcedId":"u2","enabledUser":0,"givenName":"Bo","familyName":"Ng","role":"teacher","orgs":[{"sourcedId":"895"}],"email":null},
		  {"sourcedId":"u3","enabledUser":false,"username":"c","status":"inactive"}
		],"extra":"ignored"}`)
	})
	c, _ := newTestClient(t, srv, nil)
	var users []model.User
	for u, err := range List[model.User](context.Background(), c, "/students", "users", ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	if len(users) != 3 {
		t.Fatalf("%d users", len(users))
	}
	if u := users[0]; u.EnabledUser == nil || !bool(*u.EnabledUser) || u.Orgs[0].Href != "~/ims/oneroster/v1p1/orgs/894" || len(u.Grades) != 2 ||
		u.MiddleName != "" {
		t.Errorf("user 1 decoded as %+v", u)
	}
	if u := users[1]; u.EnabledUser == nil || bool(*u.EnabledUser) || u.Orgs[0].Href != "" || u.Email != "" {
		t.Errorf("user 2 decoded as %+v", u)
	}
	if !users[2].IsDeleted() {
		t.Errorf("user 3 status %q should read as deleted", users[2].Status)
	}
}

func TestListReportsRecordThatDoesNotFit(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, 200, "application/json", `{"users":[{"sourcedId":"u1"},{"sourcedId":"u2","enabledUser":"perhaps"}]}`)
	})
	c, _ := newTestClient(t, srv, nil)
	_, err := func() ([]model.User, error) {
		for _, err := range List[model.User](context.Background(), c, "/users", "users", ListOptions{}) {
			if err != nil {
				return nil, err
			}
		}
		return nil, nil
	}()
	if err == nil {
		t.Fatal("no error")
	}
	assertContains(t, err.Error(), `record 2 of "users"`)
}

// With X-Total-Count, later pages are fetched by offset concurrently, also
// when the server sends next links (which alone would force one page at a
// time).
func TestListFetchesAheadConcurrently(t *testing.T) {
	for _, withLinks := range []bool{false, true} {
		t.Run(fmt.Sprintf("next links %v", withLinks), func(t *testing.T) {
			arrived := map[int]chan struct{}{}
			for o := 0; o <= 100; o += 10 {
				arrived[o] = make(chan struct{})
			}
			c, calls := orgsServer(t, 95, 1000, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
				w.Header().Set("X-Total-Count", "95")
				if withLinks && offset+limit < 95 {
					w.Header().Set("Link", fmt.Sprintf(`</orgs?limit=%d&offset=%d>; rel="next"`, limit, offset+limit))
				}
				close(arrived[offset])
				if offset == 10 {
					// Answer page 2 only once page 3 has been requested: this
					// proves the two were in flight together.
					select {
					case <-arrived[20]:
					case <-time.After(5 * time.Second):
						t.Error("page 3 was not requested while page 2 was in flight")
					}
				}
			})
			ids, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: 4})
			if err != nil {
				t.Fatal(err)
			}
			wantSequence(t, ids, 95)
			if calls.Load() != 10 {
				t.Errorf("%d requests, want 10 (none past the total)", calls.Load())
			}
		})
	}
}

func TestListFetchingAheadSurvivesShortPages(t *testing.T) {
	t.Run("capped limit", func(t *testing.T) {
		c, _ := orgsServer(t, 10, 3, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
			w.Header().Set("X-Total-Count", "10")
		})
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: 3})
		if err != nil {
			t.Fatal(err)
		}
		wantSequence(t, ids, 10)
	})
	t.Run("one short page in the middle", func(t *testing.T) {
		var mu sync.Mutex
		var offsets []int
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			mu.Lock()
			offsets = append(offsets, offset)
			mu.Unlock()
			end := min(offset+10, 50)
			if offset == 20 {
				end = 25 // this page comes back short: later offsets shift
			}
			var orgs []map[string]string
			for i := offset; i < end; i++ {
				orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
			}
			w.Header().Set("X-Total-Count", "50")
			writeJSON(w, 200, map[string]any{"orgs": orgs})
		})
		c, _ := newTestClient(t, srv, nil)
		ids, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: 3})
		if err != nil {
			t.Fatal(err)
		}
		wantSequence(t, ids, 50)
		mu.Lock()
		defer mu.Unlock()
		for _, want := range []int{25, 35, 45} {
			if !slices.Contains(offsets, want) {
				t.Errorf("offset %d never requested (requests: %v)", want, offsets)
			}
		}
	})
}

func TestListFetchingAheadStopsWhenConsumerBreaks(t *testing.T) {
	c, calls := orgsServer(t, 1000, 10, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
		w.Header().Set("X-Total-Count", "1000")
	})
	n := 0
	for _, err := range List[model.Org](context.Background(), c, "/orgs", "orgs", ListOptions{PageSize: 10, Concurrency: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 25 {
			break
		}
	}
	// Page 1, then at most 4 pages in flight for each of pages 2 and 3.
	if got := calls.Load(); got > 1+2+4 {
		t.Errorf("%d requests for 25 of 1000 records", got)
	}
}

// A total that shrinks between pages (records deleted meanwhile, or a
// server that miscounts) must not end the listing early: every record the
// server still serves is read, one at a time or fetched ahead.
func TestListReadsOnWhenTotalCountShrinks(t *testing.T) {
	for _, concurrency := range []int{1, 4} {
		t.Run(fmt.Sprintf("concurrency %d", concurrency), func(t *testing.T) {
			c, _ := orgsServer(t, 45, 1000, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
				total := 45
				if offset > 0 {
					total = 20
				}
				w.Header().Set("X-Total-Count", strconv.Itoa(total))
			})
			ids, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: concurrency})
			if err != nil {
				t.Fatal(err)
			}
			wantSequence(t, ids, 45)
		})
	}
}

// What confirming the end of a listing against X-Total-Count costs an
// honest server: one request (an empty page) when the last page is full,
// so that a total too low cannot cut the listing short; none when the
// last page is short of the others, when a first page short of the limit
// holds the total, or when the server sends next links (which say where
// the end is).
func TestListConfirmsTheTotalOnlyAfterAFullPage(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		records, cap, pageSize int
		links                  bool
		want                   int
	}{
		{"the last page short", 25, 1000, 10, false, 3},
		{"the last page full", 30, 1000, 10, false, 4},
		{"one page, short of the limit", 10, 1000, 100, false, 1},
		{"one page, as large as the limit", 10, 1000, 10, false, 2},
		{"capped silently, the last page short", 10, 3, 10, false, 4},
		{"capped silently, the last page full", 9, 3, 10, false, 4},
		{"capped silently, one page", 3, 3, 10, false, 1},
		{"next links, the last page full", 30, 1000, 10, true, 3},
	} {
		for _, concurrency := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/concurrency %d", tc.name, concurrency), func(t *testing.T) {
				c, calls := orgsServer(t, tc.records, tc.cap, func(w http.ResponseWriter, r *http.Request, offset, limit int) {
					w.Header().Set("X-Total-Count", strconv.Itoa(tc.records))
					if tc.links && offset+limit < tc.records {
						w.Header().Set("Link", fmt.Sprintf(`</ims/oneroster/v1p1/orgs?limit=%d&offset=%d>; rel="next"`, limit, offset+limit))
					}
				})
				ids, err := collectOrgs(t, c, ListOptions{PageSize: tc.pageSize, Concurrency: concurrency})
				if err != nil {
					t.Fatal(err)
				}
				wantSequence(t, ids, tc.records)
				if got := int(calls.Load()); got != tc.want {
					t.Errorf("%d requests, want %d", got, tc.want)
				}
			})
		}
	}
}

// Confirming the end after a full page must not break servers whose
// total is right but whose pages past the end repeat what was read: one
// that ignores limit and offset and sends the whole collection at once,
// and one that answers an offset past the end with its last page again.
// Before, both failed with "the same page twice" once the collection
// filled a page, where they had worked when the total was believed.
func TestListEndsAtAnHonestTotalWhenThePageAfterItRepeats(t *testing.T) {
	for _, server := range []struct {
		name string
		page func(n, offset, limit int) (from, to int)
	}{
		{"ignores limit and offset", func(n, _, _ int) (int, int) { return 0, n }},
		{"answers past the end with its last page", func(n, offset, limit int) (int, int) {
			if offset >= n {
				offset = (n - 1) / limit * limit
			}
			return offset, min(n, offset+limit)
		}},
	} {
		for _, n := range []int{10, 12, 20} {
			for _, concurrency := range []int{1, 4} {
				t.Run(fmt.Sprintf("%s/%d records/concurrency %d", server.name, n, concurrency), func(t *testing.T) {
					var calls atomic.Int32
					srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
						calls.Add(1)
						q := r.URL.Query()
						offset, _ := strconv.Atoi(q.Get("offset"))
						limit, _ := strconv.Atoi(q.Get("limit"))
						from, to := server.page(n, offset, limit)
						var orgs []map[string]string
						for i := from; i < to; i++ {
							orgs = append(orgs, map[string]string{"sourcedId": fmt.Sprintf("o%d", i)})
						}
						w.Header().Set("X-Total-Count", strconv.Itoa(n))
						writeJSON(w, 200, map[string]any{"orgs": orgs})
					})
					c, _ := newTestClient(t, srv, nil)
					ids, err := collectOrgs(t, c, ListOptions{PageSize: 10, Concurrency: concurrency})
					if err != nil {
						t.Fatalf("after %d records in %d requests: %v", len(ids), calls.Load(), err)
					}
					wantSequence(t, ids, n)
				})
			}
		}
	}
}
