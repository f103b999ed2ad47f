package sandbox

import (
	"net/http"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// The switches that make the sandbox a gradebook other people and odd
// servers write to: case-insensitive ids, clamped scores, server-chosen
// ids and refusals answered 200.

func TestCaseInsensitiveIDs(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{CaseInsensitiveIDs: true}})
	x := sb.sample
	if r := sb.do(http.MethodPut, "/lineItems/LI-CASE", sb.token, lineItemBody(sb, "LI-CASE", nil)); r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	got := sb.mustGet("/lineItems/li-case").json(t)["lineItem"].(map[string]any)
	if got["sourcedId"] != "LI-CASE" {
		t.Errorf("GET /lineItems/li-case answered sourcedId %v, want the stored LI-CASE", got["sourcedId"])
	}
	body := map[string]any{"result": map[string]any{
		"sourcedId": "r-case", "lineItem": map[string]any{"sourcedId": "li-case"}, "student": map[string]any{"sourcedId": x.Student},
		"scoreStatus": "fully graded", "score": 5,
	}}
	if r := sb.do(http.MethodPut, "/results/r-case", sb.token, body); r.status != http.StatusCreated {
		t.Fatalf("result: %d %s", r.status, r.body)
	}
	ids := sb.mustGet("/classes/"+x.Class+"/lineItems/li-case/results").ids(t, "results")
	if len(ids) != 1 || ids[0] != "r-case" {
		t.Errorf("results of li-case: %v, want [r-case]", ids)
	}
	if r := sb.do(http.MethodPut, "/results/R-CASE", sb.token, body); r.status != http.StatusOK {
		t.Errorf("PUT /results/R-CASE must replace r-case: %d %s", r.status, r.body)
	}

	plain := newTestSandbox(t, Options{})
	if r := plain.get("/lineItems/" + "LINEITEM-00001"); r.status != http.StatusNotFound {
		t.Errorf("without the quirk ids are case-sensitive: %d", r.status)
	}
}

func TestClampScores(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{ClampScores: true}})
	x := sb.sample
	body := map[string]any{"result": map[string]any{
		"lineItem": map[string]any{"sourcedId": x.LineItem}, "student": map[string]any{"sourcedId": x.Student},
		"scoreStatus": "fully graded", "score": 150,
	}}
	r := sb.do(http.MethodPut, "/results/r-clamp", sb.token, body)
	if r.status != http.StatusCreated {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if got := r.json(t)["result"].(map[string]any)["score"]; got != float64(100) {
		t.Errorf("stored score %v, want 100 (the line item's resultValueMax)", got)
	}
}

func TestFaultOtherID(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(Fault{Name: "other", Method: "PUT", Path: "/lineItems/*", Kind: FaultOtherID})
	r := sb.do(http.MethodPut, "/lineItems/mine", sb.token, lineItemBody(sb, "mine", nil))
	if r.status != http.StatusCreated {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if got := r.json(t)["lineItem"].(map[string]any)["sourcedId"]; got != "srv-1" {
		t.Errorf("answered sourcedId %v, want srv-1", got)
	}
	if _, ok := sb.srv.Record("lineItems", "mine"); ok {
		t.Error("the line item was stored under the URL's id")
	}
	if _, ok := sb.srv.Record("lineItems", "srv-1"); !ok {
		t.Error("no line item srv-1")
	}
}

func TestFaultImsxFailure(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.AddFault(
		Fault{Name: "refuse", Method: "DELETE", Path: "/results/*", Kind: FaultImsxFailure, Description: "results with grades posted cannot be deleted"},
	)
	r := sb.do(http.MethodDelete, "/results/"+sb.sample.Result, sb.token, nil)
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200", r.status)
	}
	if got := r.json(t)["imsx_codeMajor"]; got != "failure" {
		t.Errorf("imsx_codeMajor %v", got)
	}
	if rec, ok := sb.srv.Record("results", sb.sample.Result); !ok || rec.(model.Result).IsDeleted() {
		t.Error("the refused DELETE was applied")
	}
}
