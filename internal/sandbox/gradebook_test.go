package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

var fixedNow = time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)

func lineItemBody(sb *testSandbox, id string, change func(li map[string]any)) map[string]any {
	li := map[string]any{
		"sourcedId": id, "title": "Essay", "assignDate": "2025-01-10T08:00:00Z", "dueDate": "2025-01-17",
		"class":          map[string]any{"sourcedId": sb.sample.Class, "type": "class"},
		"category":       map[string]any{"sourcedId": sb.sample.Category},
		"resultValueMin": 0, "resultValueMax": "20",
	}
	if change != nil {
		change(li)
	}
	return map[string]any{"lineItem": li}
}

func TestPutLineItemCreateThenReplace(t *testing.T) {
	sb := newTestSandbox(t, Options{Now: func() time.Time { return fixedNow }})
	before := sb.srv.Count("lineItems")
	r := sb.do(http.MethodPut, "/lineItems/li-new", sb.token, lineItemBody(sb, "li-new", nil))
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	got := r.json(t)["lineItem"].(map[string]any)
	if got["sourcedId"] != "li-new" || got["status"] != "active" || got["dateLastModified"] != "2025-02-03T04:05:06.000Z" {
		t.Errorf("stored line item %v", got)
	}
	if got["resultValueMax"] != float64(20) {
		t.Errorf("resultValueMax %v (sent as the string \"20\")", got["resultValueMax"])
	}
	class := got["class"].(map[string]any)
	if class["href"] != sb.http.URL+BasePath+"/classes/"+sb.sample.Class {
		t.Errorf("class ref %v", class)
	}
	if sb.srv.Count("lineItems") != before+1 {
		t.Errorf("Count(lineItems) %d, want %d", sb.srv.Count("lineItems"), before+1)
	}

	r = sb.do(http.MethodPut, "/lineItems/li-new", sb.token, lineItemBody(sb, "", func(li map[string]any) { li["title"] = "Essay (revised)" }))
	if r.status != http.StatusOK {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	if got := sb.mustGet("/lineItems/li-new").json(t)["lineItem"].(map[string]any); got["title"] != "Essay (revised)" {
		t.Errorf("after replace: %v", got)
	}
	if sb.srv.Count("lineItems") != before+1 {
		t.Errorf("replace changed the count")
	}
	rec, ok := sb.srv.Record("lineItems", "li-new")
	if !ok || rec.(model.LineItem).Title != "Essay (revised)" {
		t.Errorf("Record: %v %v", rec, ok)
	}
	if ids := sb.mustGet("/classes/"+sb.sample.Class+"/lineItems").ids(t, "lineItems"); !strings.Contains(strings.Join(ids, ","), "li-new") {
		t.Errorf("class line items %v lack li-new", ids)
	}
}

func TestPutValidation(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	cases := []struct {
		name, path string
		body       any
		status     int
		field      string
	}{
		{"missing title", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { delete(li, "title") }), 422, "lineItem.title"},
		{"missing assignDate", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { delete(li, "assignDate") }), 422, "lineItem.assignDate"},
		{"bad dueDate", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { li["dueDate"] = "next Tuesday" }), 422, "lineItem.dueDate"},
		{"missing class", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { delete(li, "class") }), 422, "lineItem.class"},
		{
			"unknown class",
			"/lineItems/v1",
			lineItemBody(sb, "v1", func(li map[string]any) { li["class"] = map[string]any{"sourcedId": "class-nope"} }),
			422,
			"lineItem.class",
		},
		{"missing category", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { delete(li, "category") }), 422, "lineItem.category"},
		{
			"unknown category",
			"/lineItems/v1",
			lineItemBody(sb, "v1", func(li map[string]any) { li["category"] = map[string]any{"sourcedId": "nope"} }),
			422,
			"lineItem.category",
		},
		{
			"unknown grading period",
			"/lineItems/v1",
			lineItemBody(sb, "v1", func(li map[string]any) { li["gradingPeriod"] = map[string]any{"sourcedId": "nope"} }),
			422,
			"lineItem.gradingPeriod",
		},
		{"min not below max", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { li["resultValueMin"] = 20 }), 422, "lineItem.resultValueMax"},
		{"sourcedId differs", "/lineItems/v1", lineItemBody(sb, "v2", nil), 422, "lineItem.sourcedId"},
		{"bad status", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { li["status"] = "archived" }), 422, "lineItem.status"},
		{"wrong type", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { li["title"] = map[string]any{} }), 422, "lineItem.title"},
		{"bad number", "/lineItems/v1", lineItemBody(sb, "v1", func(li map[string]any) { li["resultValueMax"] = "lots" }), 422, "lineItem"},
		{"wrong envelope", "/lineItems/v1", map[string]any{"category": map[string]any{"title": "x"}}, 400, "body"},
		{"not an object", "/lineItems/v1", []int{1}, 400, "body"},
		{"category without title", "/categories/c1", map[string]any{"category": map[string]any{}}, 422, "category.title"},
		{"result without scoreStatus", "/results/r1", map[string]any{"result": map[string]any{
			"lineItem": map[string]any{"sourcedId": x.LineItem}, "student": map[string]any{"sourcedId": x.Student}}}, 422, "result.scoreStatus"},
		{"result with bad scoreStatus", "/results/r1", map[string]any{"result": map[string]any{"scoreStatus": "graded",
			"lineItem": map[string]any{"sourcedId": x.LineItem}, "student": map[string]any{"sourcedId": x.Student}}}, 422, "result.scoreStatus"},
		{"result for a teacher", "/results/r1", map[string]any{"result": map[string]any{"scoreStatus": "exempt",
			"lineItem": map[string]any{"sourcedId": x.LineItem}, "student": map[string]any{"sourcedId": x.Teacher}}}, 422, "result.student"},
		{"result for unknown line item", "/results/r1", map[string]any{"result": map[string]any{"scoreStatus": "exempt",
			"lineItem": map[string]any{"sourcedId": "nope"}, "student": map[string]any{"sourcedId": x.Student}}}, 422, "result.lineItem"},
		{"result with bad scoreDate", "/results/r1", map[string]any{"result": map[string]any{"scoreStatus": "exempt", "scoreDate": "02/03/2025",
			"lineItem": map[string]any{"sourcedId": x.LineItem}, "student": map[string]any{"sourcedId": x.Student}}}, 422, "result.scoreDate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sb.do(http.MethodPut, c.path, sb.token, c.body)
			wantError(t, r, c.status, minorInvalidData)
			if !strings.Contains(string(r.body), `"imsx_codeMinorFieldName":"`+c.field+`"`) {
				t.Errorf("error does not name %s: %s", c.field, r.body)
			}
			if !strings.Contains(r.description(t), strings.TrimPrefix(c.field, "body")) {
				t.Errorf("description does not name %s: %s", c.field, r.description(t))
			}
		})
	}
	if _, ok := sb.srv.Record("lineItems", "v1"); ok {
		t.Error("an invalid PUT stored a line item")
	}
}

func TestPutResultAcceptsMisspelling(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	for _, status := range []string{"not submmitted", "not submitted", "fully graded"} {
		r := sb.do(http.MethodPut, "/results/r-spelling", sb.token, map[string]any{"result": map[string]any{
			"scoreStatus": status, "score": "7.5", "scoreDate": "2025-01-20",
			"lineItem": map[string]any{"sourcedId": x.LineItem}, "student": map[string]any{"sourcedId": x.Student}}})
		if r.status != http.StatusCreated && r.status != http.StatusOK {
			t.Fatalf("scoreStatus %q: %d %s", status, r.status, r.body)
		}
		got := r.json(t)["result"].(map[string]any)
		if got["scoreStatus"] != status || got["score"] != 7.5 {
			t.Errorf("stored %v", got)
		}
	}
	found := false
	for _, id := range sb.mustGet("/classes/"+x.Class+"/lineItems/"+x.LineItem+"/results?limit=1000").ids(t, "results") {
		found = found || id == "r-spelling"
	}
	if !found {
		t.Error("the new result is not listed under its class and line item")
	}
}

func TestDelete(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	if r := sb.do(http.MethodPut, "/categories/cat-x", sb.token, map[string]any{"category": map[string]any{"title": "Labs"}}); r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	before := len(sb.srv.SourcedIDs("categories"))
	r := sb.do(http.MethodDelete, "/categories/cat-x", sb.token, nil)
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	wantError(t, sb.get("/categories/cat-x"), http.StatusNotFound, minorUnknownObject)
	if len(sb.srv.SourcedIDs("categories")) != before-1 {
		t.Error("hard delete left the record listed")
	}
	wantError(t, sb.do(http.MethodDelete, "/categories/cat-x", sb.token, nil), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.do(http.MethodDelete, "/results/never-was", sb.token, nil), http.StatusNotFound, minorUnknownObject)

	// Generated records can be deleted too.
	if r := sb.do(http.MethodDelete, "/results/"+sb.sample.Result, sb.token, nil); r.status != http.StatusNoContent {
		t.Fatalf("delete generated result: %d", r.status)
	}
}

func TestSoftDelete(t *testing.T) {
	sb := newTestSandbox(t, Options{Now: func() time.Time { return fixedNow }, Quirks: Quirks{SoftDelete: true}})
	id := sb.sample.LineItem
	active := sb.srv.Count("lineItems")
	if r := sb.do(http.MethodDelete, "/lineItems/"+id, sb.token, nil); r.status != http.StatusNoContent {
		t.Fatalf("soft delete: %d %s", r.status, r.body)
	}
	got := sb.mustGet("/lineItems/" + id).json(t)["lineItem"].(map[string]any)
	if got["status"] != "tobedeleted" || got["dateLastModified"] != "2025-02-03T04:05:06.000Z" || got["title"] == nil {
		t.Errorf("soft-deleted line item %v", got)
	}
	if sb.srv.Count("lineItems") != active-1 {
		t.Errorf("Count %d, want %d", sb.srv.Count("lineItems"), active-1)
	}
	listed := sb.mustGet("/lineItems?"+filterQuery("status='tobedeleted'")).ids(t, "lineItems")
	if len(listed) != 1 || listed[0] != id {
		t.Errorf("tobedeleted line items listed: %v", listed)
	}
	wantError(t, sb.do(http.MethodDelete, "/lineItems/"+id, sb.token, nil), http.StatusNotFound, minorUnknownObject)
	// A PUT brings it back.
	r := sb.do(http.MethodPut, "/lineItems/"+id, sb.token, lineItemBody(sb, id, nil))
	if r.status != http.StatusOK || r.json(t)["lineItem"].(map[string]any)["status"] != "active" {
		t.Errorf("PUT over a soft-deleted record: %d %s", r.status, r.body)
	}
}

func TestPutNoContent(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{PutNoContent: true}})
	r := sb.do(http.MethodPut, "/categories/cat-quiet", sb.token, map[string]any{"category": map[string]any{"title": "Quiet"}})
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("PutNoContent: %d %q", r.status, r.body)
	}
	if got := sb.mustGet("/categories/cat-quiet").json(t)["category"].(map[string]any); got["title"] != "Quiet" {
		t.Errorf("stored %v", got)
	}
}
