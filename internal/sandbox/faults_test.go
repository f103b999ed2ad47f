package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// rawGet sends an authorized GET and returns the answer and the error of
// reading its body, without failing on either.
func (sb *testSandbox) rawGet(ctx context.Context, path string) (*http.Response, []byte, error) {
	sb.t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, sb.http.URL+BasePath+path, nil)
	if err != nil {
		sb.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+sb.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestFaultMatching(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	s := sb.sample
	sb.srv.AddFault(Fault{Name: "users", Path: "/users*", Kind: FaultStatus, Status: 502, After: 1, Count: 2})
	sb.srv.AddFault(Fault{Name: "one-class", Method: "get", Path: "/classes/*", Kind: FaultStatus, Status: 500})

	if r := sb.get("/users?limit=1"); r.status != 200 {
		t.Fatalf("After 1: the first matching request must pass, got %d", r.status)
	}
	wantError(t, sb.get("/users/"+s.Student), 502, minorInternal)
	wantError(t, sb.get("/users?limit=1"), 502, minorInternal)
	if r := sb.get("/users?limit=1"); r.status != 200 {
		t.Fatalf("Count 2: the fourth matching request must pass, got %d", r.status)
	}
	if got := sb.srv.FaultHits("users"); got != 2 {
		t.Errorf("FaultHits(users) = %d, want 2", got)
	}
	if r := sb.get("/orgs?limit=1"); r.status != 200 {
		t.Errorf("/orgs matched no fault but answered %d", r.status)
	}
	wantError(t, sb.get("/classes/"+s.Class), 500, minorInternal)
	if r := sb.get("/classes/" + s.Class + "/students"); r.status != 200 {
		t.Errorf("/classes/* must match one segment only, got %d for a nested path", r.status)
	}
	if r := sb.do(http.MethodDelete, "/classes/"+s.Class, sb.token, nil); r.status == 500 {
		t.Error("a GET fault fired for DELETE")
	}

	sb.srv.ClearFaults()
	if r := sb.get("/classes/" + s.Class); r.status != 200 || sb.srv.FaultHits("one-class") != 0 {
		t.Errorf("after ClearFaults: status %d, hits %d", r.status, sb.srv.FaultHits("one-class"))
	}
}

func TestFaultProbability(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "flaky", Path: "/orgs", Kind: FaultStatus, Status: 503, Probability: 0.5})
	failed := 0
	for range 200 {
		if sb.get("/orgs?limit=1").status == 503 {
			failed++
		}
	}
	// Binomial(200, 0.5): outside 50..150 has probability below 1e-12.
	if failed < 50 || failed > 150 || failed != sb.srv.FaultHits("flaky") {
		t.Errorf("probability 0.5: %d of 200 failed, %d hits", failed, sb.srv.FaultHits("flaky"))
	}
}

func TestFaultStatusRetryAfter(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	date := time.Now().Add(2 * time.Minute).UTC().Format(http.TimeFormat)
	sb.srv.AddFault(Fault{Name: "busy", Kind: FaultStatus, Status: 429, RetryAfter: date, Count: 1})
	r := sb.get("/orgs")
	wantError(t, r, 429, minorServerBusy)
	if got := r.header.Get("Retry-After"); got != date {
		t.Errorf("Retry-After %q, want %q", got, date)
	}
}

func TestFaultBodies(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	whole := sb.mustGet("/users?limit=20").body

	sb.srv.AddFault(Fault{Name: "cut", Path: "/users", Kind: FaultTruncated, Count: 1})
	r := sb.get("/users?limit=20")
	if r.status != 200 || len(r.body) != len(whole)/2 || json.Valid(r.body) {
		t.Errorf("truncated: status %d, %d of %d bytes, valid JSON %v", r.status, len(r.body), len(whole), json.Valid(r.body))
	}

	sb.srv.AddFault(Fault{Name: "reset", Path: "/users", Kind: FaultReset, Count: 1})
	resp, body, err := sb.rawGet(context.Background(), "/users?limit=20")
	if err == nil || resp == nil || resp.StatusCode != 200 || len(body) != len(whole)/2 {
		t.Errorf("reset: want a 200 whose body breaks off after half; got resp %v, %d bytes, err %v", resp != nil, len(body), err)
	}

	sb.srv.AddFault(Fault{Name: "html", Path: "/users", Kind: FaultHTML200, Count: 1})
	r = sb.get("/users")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.HasPrefix(string(r.body), "<!DOCTYPE html>") {
		t.Errorf("html200: status %d, type %q, body %.30q", r.status, r.header.Get("Content-Type"), r.body)
	}

	sb.srv.AddFault(Fault{Name: "empty", Path: "/users", Kind: FaultEmpty200, Count: 1})
	if r = sb.get("/users"); r.status != 200 || len(r.body) != 0 {
		t.Errorf("empty200: status %d, %d bytes", r.status, len(r.body))
	}
	if r = sb.get("/users?limit=20"); string(r.body) != string(whole) {
		t.Error("once every fault is used up, the answer must be the normal one")
	}
}

func TestFaultSlow(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "slow", Kind: FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := sb.rawGet(ctx, "/orgs"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow: err %v, want the client's deadline", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the client waited %s", elapsed)
	}
}

// A slow write whose client gave up ends at once: net/http watches the
// connection only once the request's body is read, so a slow PUT used to
// wait out its delay, and hold the sandbox's shutdown past its deadline.
func TestFaultSlowWriteEndsWhenItsClientGivesUp(t *testing.T) {
	run, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() }) // after a failure; the test's own Close is the one checked
	run.Server.AddFault(Fault{Name: "slow", Method: http.MethodPut, Kind: FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for run.Server.FaultHits("slow") == 0 && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	body := strings.NewReader(`{"category":{"sourcedId":"c1","status":"active","title":"Homework"}}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, run.BaseURL+"/categories/c1", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); !errors.Is(err, context.Canceled) {
		if resp != nil {
			resp.Body.Close()
		}
		t.Fatalf("slow PUT: err %v, want the client's cancellation", err)
	}
	if err := run.Close(); err != nil {
		t.Errorf("shutting down after the client gave up: %v; the slow write still waits", err)
	}
}

func TestFaultPaging(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	total := len(sb.srv.SourcedIDs("users"))

	sb.srv.AddFault(Fault{Name: "total", Path: "/users", Kind: FaultTotalCount, TotalCountDelta: -7, Count: 1})
	if got := sb.get("/users?limit=5").header.Get("X-Total-Count"); got != strconv.Itoa(total-7) {
		t.Errorf("total count: %s, want %d", got, total-7)
	}

	sb.srv.AddFault(Fault{Name: "loop", Path: "/users", Kind: FaultNextLoop, Count: 1})
	links := parseLinks(t, sb.get("/users?limit=5&offset=5").header.Get("Link"))
	if links["next"] == nil || links["next"].Query().Get("offset") != "0" || links["prev"] == nil {
		t.Errorf("next loop: links %v", links)
	}

	sb.srv.AddFault(Fault{Name: "off", Path: "/users", Kind: FaultNextOffHost, OffHost: "http://elsewhere.example:8080", Count: 1})
	links = parseLinks(t, sb.get("/users?limit=5").header.Get("Link"))
	if next := links["next"]; next == nil || next.Host != "elsewhere.example:8080" || next.Query().Get("offset") != "5" || links["first"].Host == next.Host {
		t.Errorf("next off host: links %v", links)
	}

	sb.srv.AddFault(Fault{Name: "huge", Path: "/users", Kind: FaultHugePage, Count: 1})
	if n := len(sb.get("/users?limit=3").records(t, "users")); n != 30 {
		t.Errorf("huge page: %d records for limit=3, want 30", n)
	}
}

func TestFaultExpireTokens(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "expire", Path: "/orgs", Kind: FaultExpireTokens, After: 1, Count: 1})
	sb.mustGet("/orgs")
	wantError(t, sb.get("/orgs"), 401, minorUnauthorisedRequest)
	sb.token = sb.fetchToken(ClientID, ClientSecret, "")
	sb.mustGet("/orgs")
}

func TestFaultApplied(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	s := sb.sample
	item := map[string]any{"lineItem": map[string]any{
		"title": "Quiz", "assignDate": "2024-09-02", "dueDate": "2024-09-09",
		"class": map[string]any{"sourcedId": s.Class}, "category": map[string]any{"sourcedId": s.Category},
	}}
	sb.srv.AddFault(Fault{Name: "put", Method: "PUT", Path: "/lineItems/*", Kind: FaultApplied, Count: 1})
	req, _ := http.NewRequest(http.MethodPut, sb.http.URL+BasePath+"/lineItems/li-fault", strings.NewReader(mustJSON(t, item)))
	req.Header.Set("Authorization", "Bearer "+sb.token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("applied-then-drop: got an answer %d", resp.StatusCode)
	}
	if _, ok := sb.srv.Record("lineItems", "li-fault"); !ok {
		t.Fatal("the dropped PUT was not applied")
	}

	sb.srv.AddFault(Fault{Name: "del", Method: "DELETE", Path: "/lineItems/*", Kind: FaultApplied, Status: 500, Count: 1})
	wantError(t, sb.do(http.MethodDelete, "/lineItems/li-fault", sb.token, nil), 500, minorInternal)
	if _, ok := sb.srv.Record("lineItems", "li-fault"); ok {
		t.Fatal("the DELETE answered 500 was not applied")
	}
	wantError(t, sb.do(http.MethodDelete, "/lineItems/li-fault", sb.token, nil), 404, minorUnknownObject)
}

func TestFaultTokenEndpoint(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "token-html", Token: true, Kind: FaultHTML200, Count: 1})
	resp, err := http.Post(sb.http.URL+TokenPath, "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("token html200: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if sb.srv.FaultHits("token-html") != 1 {
		t.Error("a Token fault did not fire at the token endpoint")
	}
	sb.mustGet("/orgs") // API paths are not matched by a Token fault
}

func TestClockOffset(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetClockOffset(10 * time.Minute)
	r := sb.get("/orgs?limit=1")
	date, err := http.ParseTime(r.header.Get("Date"))
	if err != nil || time.Until(date) < 9*time.Minute {
		t.Errorf("Date %q with a 10m offset (err %v)", r.header.Get("Date"), err)
	}
	sb.srv.ClearFaults()
	date, _ = http.ParseTime(sb.get("/orgs?limit=1").header.Get("Date"))
	if d := time.Until(date); d > time.Minute || d < -time.Minute {
		t.Errorf("after ClearFaults the Date is still %s off", d)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFaultFreshLinkLoop(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "loop", Path: "/users", Kind: FaultFreshLinkLoop})
	seen := map[string]bool{}
	var pages [][]string
	target := "/users?limit=5"
	for range 4 {
		r := sb.mustGet(target)
		pages = append(pages, r.ids(t, "users"))
		next := parseLinks(t, r.header.Get("Link"))["next"]
		if next == nil || seen[next.String()] {
			t.Fatalf("next link %v: want a URL not seen before", next)
		}
		seen[next.String()] = true
		target = next.String()
	}
	if strings.Join(pages[0], ",") == strings.Join(pages[1], ",") ||
		strings.Join(pages[0], ",") != strings.Join(pages[2], ",") || strings.Join(pages[1], ",") != strings.Join(pages[3], ",") {
		t.Errorf("pages do not alternate between two record sets: %v", pages)
	}
}

func TestFaultEndlessBody(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "endless", Path: "/users", Kind: FaultEndlessBody})
	req, err := http.NewRequest(http.MethodGet, sb.http.URL+BasePath+"/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+sb.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	const want = 8 << 20
	head := make([]byte, 10)
	if _, err := io.ReadFull(resp.Body, head); err != nil || string(head) != `{"users":[` {
		t.Fatalf("body starts %q (%v)", head, err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, want))
	if resp.StatusCode != 200 || n != want || err != nil {
		t.Errorf("status %d, read %d bytes (%v): the body must go on", resp.StatusCode, n, err)
	}
}

// An AfterWrite fault lets reads through until a write is applied, then
// fires: reads before a write pass, the read-back after it fails.
func TestFaultAfterWrite(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	s := sb.sample
	sb.srv.AddFault(Fault{Name: "read-back", Method: "GET", Path: "/classes/*/lineItems/*/results", Kind: FaultStatus, Status: 500, AfterWrite: true})
	listing := "/classes/" + s.Class + "/lineItems/" + s.LineItem + "/results"
	sb.mustGet(listing)
	// A refused write (404: no such result) is no write.
	wantError(t, sb.do(http.MethodDelete, "/results/no-such-result", sb.token, nil), 404, minorUnknownObject)
	sb.mustGet(listing)
	if r := sb.do(http.MethodDelete, "/results/"+s.Result, sb.token, nil); r.status/100 != 2 {
		t.Fatalf("DELETE of the sample result: %d %s", r.status, r.body)
	}
	wantError(t, sb.get(listing), 500, minorInternal)
	if got := sb.srv.FaultHits("read-back"); got != 1 {
		t.Errorf("FaultHits = %d, want 1", got)
	}
}

// FaultLyingPairs creates the POSTed results and answers pairs that name
// other records than the ones created.
func TestFaultLyingPairs(t *testing.T) {
	for _, tc := range []struct {
		lie  PairsLie
		want func(created []string) []string
	}{
		{LieOtherID, func(c []string) []string { return []string{"teacher-result", c[1]} }},
		{LieOneID, func(c []string) []string { return []string{c[0], c[0]} }},
		{LieRotated, func(c []string) []string { return []string{c[1], c[0]} }},
	} {
		t.Run(string(tc.lie), func(t *testing.T) {
			sb := newTestSandbox(t, Options{Quirks: Quirks{AllocateSourcedIDs: true}})
			st := twoStudents(t, sb)
			sb.srv.AddFault(Fault{Name: "lie", Method: "POST", BasePath: BasePathGradebookV1p2, Path: "/lineItems/*/results",
				Kind: FaultLyingPairs, Lie: tc.lie, LieID: "teacher-result"})
			r := postResults(sb, sb.sample.LineItem, resultsOf(sb.sample.LineItem, st...))
			if r.status != http.StatusCreated {
				t.Fatalf("%d %s", r.status, r.body)
			}
			var created []string
			for _, s := range st {
				for _, id := range sb.srv.SourcedIDs("results") {
					if rec, ok := sb.srv.Record("results", id); ok && model.RefID(rec.(model.Result).Student) == s &&
						model.RefID(rec.(model.Result).LineItem) == sb.sample.LineItem && strings.HasPrefix(id, "result-srv-") {
						created = append(created, id)
					}
				}
			}
			if len(created) != 2 {
				t.Fatalf("created %v, want one result per student", created)
			}
			var answered []string
			for _, p := range r.records(t, "sourcedIdPairs") {
				answered = append(answered, p["allocatedSourcedId"].(string))
			}
			if want := tc.want(created); strings.Join(answered, ",") != strings.Join(want, ",") {
				t.Errorf("pairs name %v, want %v", answered, want)
			}
		})
	}
}
