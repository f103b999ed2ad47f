package oneroster

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A refusal answered with a 2xx status and an imsx failure body is an
// error for every kind of request, never retried, and carries the server's
// reason; a success body that merely mentions imsx fields is not.
func TestStatusFailureIn2xxIsAnError(t *testing.T) {
	const refusal = `{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"results with grades posted cannot be deleted"}`
	var requests atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		writeRaw(w, 200, "application/json", refusal)
	})
	c, _ := newTestClient(t, srv, nil)
	ctx := context.Background()
	var out map[string]any
	_, putErr := c.Put(ctx, "/results/r1", map[string]any{"result": map[string]string{}}, &out)
	_, delErr := c.Delete(ctx, "/results/r1")
	_, getErr := c.Get(ctx, "/results/r1", nil, &out)
	var listErr error
	for _, err := range List[map[string]any](ctx, c, "/results", "results", ListOptions{}) {
		listErr = err
	}
	for name, err := range map[string]error{"PUT": putErr, "DELETE": delErr, "GET": getErr, "list": listErr} {
		var apiErr *Error
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: %v, want an *Error", name, err)
			continue
		}
		if apiErr.StatusCode != 200 || apiErr.CodeMajor != "failure" || !strings.Contains(err.Error(), "results with grades posted cannot be deleted") {
			t.Errorf("%s: %v", name, err)
		}
		if !IsRefused(err) || WriteMayHaveBeenApplied(err) {
			t.Errorf("%s: IsRefused %v, WriteMayHaveBeenApplied %v", name, IsRefused(err), WriteMayHaveBeenApplied(err))
		}
	}
	if n := requests.Load(); n != 4 {
		t.Errorf("%d requests, want 4: a refusal must not be retried", n)
	}

	ok := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, 200, "application/json", `{"imsx_codeMajor":"success","imsx_severity":"status","imsx_description":"deleted"}`)
	})
	c, _ = newTestClient(t, ok, nil)
	if _, err := c.Delete(ctx, "/results/r1"); err != nil {
		t.Errorf("codeMajor success: %v", err)
	}
}
