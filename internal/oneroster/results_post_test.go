package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// newV1p2TestClient is a OneRoster 1.2 client of the server at url with a static bearer
// token and a fake clock.
func newV1p2TestClient(t *testing.T, url string) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	c, err := New(Config{BaseURL: url + "/ims/oneroster/rostering/v1p2", Auth: &BearerToken{Token: "t"}, Clock: clock})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, clock
}

func twoResults() []model.Result {
	return []model.Result{
		{Base: model.Base{SourcedID: "r-a", Status: model.StatusActive}, LineItem: &model.Ref{SourcedID: "li 1"}, Student: &model.Ref{SourcedID: "s-a"},
			ScoreStatus: model.ScoreStatusFullyGraded, Score: model.NumberPtr(7)},
		{Base: model.Base{SourcedID: "r-b", Status: model.StatusActive}, LineItem: &model.Ref{SourcedID: "li 1"}, Student: &model.Ref{SourcedID: "s-b"},
			ScoreStatus: model.ScoreStatusFullyGraded, Score: model.NumberPtr(8)},
	}
}

// One POST carries every result in a ResultSet body, and the server's
// allocated sourcedIds come back paired with the supplied ones.
func TestPostResultsSendsOneRequestAndReturnsTheAllocatedIDs(t *testing.T) {
	var requests atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if want := "/ims/oneroster/gradebook/v1p2/lineItems/li%201/results"; r.Method != http.MethodPost || r.URL.EscapedPath() != want {
			t.Errorf("request %s %s, want POST %s (the gradebook service)", r.Method, r.URL.EscapedPath(), want)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		var body struct {
			Results []model.Result `json:"results"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("body: %v", err)
		}
		pairs := []model.SourcedIDPair{}
		for _, res := range body.Results {
			pairs = append(pairs, model.SourcedIDPair{Supplied: res.SourcedID, Allocated: "srv-" + res.SourcedID})
		}
		writeJSON(w, http.StatusCreated, map[string]any{"sourcedIdPairs": pairs})
	})
	c, _ := newV1p2TestClient(t, srv.URL)
	pairs, err := PostResults(context.Background(), c, "li 1", twoResults())
	if err != nil {
		t.Fatal(err)
	}
	want := []model.SourcedIDPair{{Supplied: "r-a", Allocated: "srv-r-a"}, {Supplied: "r-b", Allocated: "srv-r-b"}}
	if len(pairs) != 2 || pairs[0] != want[0] || pairs[1] != want[1] {
		t.Errorf("pairs %+v, want %+v", pairs, want)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// A POST is retried only when it certainly created nothing (a 429, no
// connection); after a 5xx or a lost answer it may have created its
// results, and a second POST would create them twice. A PUT, which is
// idempotent, is retried after the same 500.
func TestPostIsRetriedOnlyWhenItCannotHaveBeenApplied(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answer   func(w http.ResponseWriter, attempt int32)
		attempts int32
		ok       bool
		// mayBeApplied is what WriteMayHaveBeenApplied says of the error.
		mayBeApplied bool
	}{
		{name: "429 then 201", attempts: 2, ok: true, answer: func(w http.ResponseWriter, attempt int32) {
			if attempt == 1 {
				w.Header().Set("Retry-After", "1")
				writeJSON(w, http.StatusTooManyRequests, map[string]string{"imsx_codeMajor": "failure", "imsx_description": "busy"})
				return
			}
			writeJSON(w, http.StatusCreated, map[string]any{"sourcedIdPairs": []model.SourcedIDPair{{Supplied: "r-a", Allocated: "r-a"}}})
		}},
		{name: "500", attempts: 1, mayBeApplied: true, answer: func(w http.ResponseWriter, _ int32) {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"imsx_codeMajor": "failure", "imsx_description": "oops"})
		}},
		{name: "503", attempts: 1, mayBeApplied: true, answer: func(w http.ResponseWriter, _ int32) {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"imsx_codeMajor": "failure"})
		}},
		{name: "answer lost", attempts: 1, mayBeApplied: true, answer: func(w http.ResponseWriter, _ int32) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}},
		{name: "201 cut off", attempts: 1, mayBeApplied: true, answer: func(w http.ResponseWriter, _ int32) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"sourcedIdPairs":[{"suppliedSourcedId":"r-a",`)
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
		}},
		{name: "422", attempts: 1, answer: func(w http.ResponseWriter, _ int32) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"imsx_codeMajor": "failure", "imsx_description": "bad score"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var attempts atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				tc.answer(w, attempts.Add(1))
			})
			c, _ := newV1p2TestClient(t, srv.URL)
			_, err := PostResults(context.Background(), c, "li 1", twoResults()[:1])
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want success %v", err, tc.ok)
			}
			if n := attempts.Load(); n != tc.attempts {
				t.Errorf("%d attempts, want %d", n, tc.attempts)
			}
			if err != nil && WriteMayHaveBeenApplied(err) != tc.mayBeApplied {
				t.Errorf("WriteMayHaveBeenApplied(%v) = %v, want %v", err, !tc.mayBeApplied, tc.mayBeApplied)
			}
		})
	}

	var puts atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if puts.Add(1) == 1 {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"imsx_codeMajor": "failure"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	c, _ := newV1p2TestClient(t, srv.URL)
	if _, err := c.Put(context.Background(), "/results/r-a", map[string]any{}, nil); err != nil || puts.Load() != 2 {
		t.Errorf("PUT after a 500: %v after %d attempts, want success after 2", err, puts.Load())
	}
}

// A POST that never left (no server listening) is retried: it created
// nothing.
func TestPostIsRetriedWhenNoConnectionWasMade(t *testing.T) {
	srv := newTestServer(t, func(http.ResponseWriter, *http.Request) {})
	url := srv.URL
	srv.Close()
	c, clock := newV1p2TestClient(t, url)
	_, err := PostResults(context.Background(), c, "li", twoResults())
	if err == nil {
		t.Fatal("a POST to a closed port succeeded")
	}
	if n := len(clock.Sleeps()); n != DefaultMaxRetries {
		t.Errorf("%d retries, want %d: a POST that never left is safe to send again (%v)", n, DefaultMaxRetries, err)
	}
}

// A 1.1 client has no bulk POST: it fails before any request, and the
// error says what is missing.
func TestPostResultsOnOneRoster1p1SendsNothing(t *testing.T) {
	var requests atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { requests.Add(1) })
	c, _ := newTestClient(t, srv, nil)
	_, err := PostResults(context.Background(), c, "li", twoResults())
	if !errors.Is(err, ErrUnsupportedOperation) || !IsUnsupported(err) {
		t.Errorf("err = %v, want ErrUnsupportedOperation", err)
	}
	if requests.Load() != 0 {
		t.Errorf("%d requests sent", requests.Load())
	}
}

// A 1.2 server without the POST answers 404, 405 or 501, which
// PostNotOffered tells from a refusal of the results themselves.
func TestPostNotOffered(t *testing.T) {
	for status, want := range map[int]bool{404: true, 405: true, 501: true, 400: false, 403: false, 422: false, 500: false} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, status, map[string]string{"imsx_codeMajor": "failure"})
		})
		c, _ := newV1p2TestClient(t, srv.URL)
		_, err := PostResults(context.Background(), c, "li", twoResults())
		if err == nil || PostNotOffered(err) != want {
			t.Errorf("%d: PostNotOffered(%v) = %v, want %v", status, err, !want, want)
		}
	}
}

// An answer pairing a result with an empty allocated id cannot be
// trusted: the results were created under ids nobody knows.
func TestPostResultsRefusesAnEmptyAllocatedID(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusCreated, map[string]any{"sourcedIdPairs": []map[string]string{{"suppliedSourcedId": "r-a", "allocatedSourcedId": ""}}})
	})
	c, _ := newV1p2TestClient(t, srv.URL)
	_, err := PostResults(context.Background(), c, "li", twoResults()[:1])
	if !errors.Is(err, ErrUnreadableAnswer) || !WriteMayHaveBeenApplied(err) {
		t.Errorf("err = %v, want ErrUnreadableAnswer that may have been applied", err)
	}
}
