package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// pairs returns the supplied → allocated sourcedIds of a POST's answer.
func (r reply) pairs(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range r.records(t, "sourcedIdPairs") {
		out[p["suppliedSourcedId"].(string)] = p["allocatedSourcedId"].(string)
	}
	return out
}

// A POST of a set creates every record under the supplied sourcedIds, or
// none: a bad record, a taken or repeated sourcedId, or a record that
// contradicts the path is a 422 naming it, and stores nothing.
func TestPostSetOfLineItems(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	post := func(path string, items ...map[string]any) reply {
		list := make([]any, len(items))
		for i, it := range items {
			list[i] = it
		}
		return sb.do(http.MethodPost, sb.gb(path), sb.token, map[string]any{"lineItems": list})
	}
	classPath := "/classes/" + x.Class + "/lineItems"
	r := post(classPath, v1p2LineItem(x, "set-1"), v1p2LineItem(x, "set-2"))
	if r.status != http.StatusCreated {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if got := r.pairs(t); len(got) != 2 || got["set-1"] != "set-1" || got["set-2"] != "set-2" {
		t.Errorf("pairs %v", got)
	}
	if ids := sb.mustGet(sb.gb(classPath)).ids(t, "lineItems"); !slices.Contains(ids, "set-1") || !slices.Contains(ids, "set-2") {
		t.Errorf("the class lists %v", ids)
	}
	if n, n11 := sb.srv.RequestsUnder(BasePathGradebookV1p2, classPath), sb.srv.Requests(classPath); n != 2 || n11 != 0 {
		t.Errorf("requests to the 1.2 gradebook's %s: %d, to 1.1's: %d; want 2 and 0", classPath, n, n11)
	}
	// The line items of a school's POST are at that school.
	if r := post("/schools/"+x.School+"/lineItems", v1p2LineItem(x, "set-3")); r.status != http.StatusCreated {
		t.Fatalf("school POST: status %d: %s", r.status, r.body)
	}

	other := v1p2LineItem(x, "set-x")
	other["class"] = map[string]any{"sourcedId": "class-00002"}
	noTitle := v1p2LineItem(x, "set-y")
	delete(noTitle, "title")
	for _, tc := range []struct {
		name, path string
		items      []map[string]any
		status     int
		field      string
	}{
		{"taken sourcedId", classPath, []map[string]any{v1p2LineItem(x, "new-1"), v1p2LineItem(x, "set-1")}, 422, "lineItems[1].sourcedId"},
		{"repeated sourcedId", classPath, []map[string]any{v1p2LineItem(x, "new-1"), v1p2LineItem(x, "new-1")}, 422, "lineItems[1].sourcedId"},
		{"no title", classPath, []map[string]any{v1p2LineItem(x, "new-1"), noTitle}, 422, "lineItems[1].title"},
		{"another class than the path", classPath, []map[string]any{other}, 422, "lineItems[0].class"},
		{"another school than the path", "/schools/" + x.OtherSchool + "/lineItems", []map[string]any{v1p2LineItem(x, "new-1")}, 422, "lineItems[0].school"},
		{"unknown class", "/classes/nope/lineItems", nil, 404, "sourcedId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(tc.path, tc.items...)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			field := r.json(t)["imsx_CodeMinor"].(map[string]any)["imsx_codeMinorField"].([]any)[0].(map[string]any)["imsx_codeMinorFieldName"]
			if field != tc.field {
				t.Errorf("field %v, want %s: %s", field, tc.field, r.description(t))
			}
			if _, ok := sb.srv.Record("lineItems", "new-1"); ok {
				t.Error("a refused POST stored a record")
			}
		})
	}
	wantError(t, sb.do(http.MethodPost, sb.gb(classPath), sb.token, map[string]any{"lineItem": v1p2LineItem(x, "one")}), http.StatusBadRequest, minorInvalidData)
}

// The results of POST /classes/{c}/academicSessions/{a}/results belong to
// line items of that class in that session (a grading period of a term
// is in the term and the school year).
func TestPostSetOfResultsBySession(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	post := func(session string, results ...map[string]any) reply {
		list := make([]any, len(results))
		for i, it := range results {
			list[i] = it
		}
		return sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/academicSessions/"+session+"/results"), sb.token, map[string]any{"results": list})
	}
	for _, session := range []string{x.Term, x.SchoolYear, x.GradingPeriod} {
		id := "by-session-" + session
		if r := post(session, v1p2Result(x, id, x.LineItem)); r.status != http.StatusCreated {
			t.Fatalf("%s: status %d: %s", session, r.status, r.body)
		}
		rec := sb.mustGet(sb.gb("/results/" + id)).json(t)["result"].(map[string]any)
		if rec["late"] != "true" || rec["textScore"] != "B" || rec["class"].(map[string]any)["sourcedId"] != x.Class {
			t.Errorf("stored %v", rec)
		}
	}
	r := post("term-2025-2", v1p2Result(x, "wrong-term", x.LineItem))
	wantError(t, r, http.StatusUnprocessableEntity, minorInvalidData)
	if !strings.Contains(r.description(t), "term-2025-2") {
		t.Errorf("description %q does not name the session", r.description(t))
	}
	wantError(t, post("nope", v1p2Result(x, "unknown-session", x.LineItem)), http.StatusNotFound, minorUnknownObject)
}

// Under AllocateSourcedIDs the server stores new records under ids of its
// own, which the pairs map from the supplied ones; without the quirk a
// record supplied with no sourcedId gets one too.
func TestPostAllocateSourcedIDs(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{AllocateSourcedIDs: true}})
	x := sb.sample
	r := sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/lineItems"), sb.token,
		map[string]any{"lineItems": []any{v1p2LineItem(x, "mine-1"), v1p2LineItem(x, "mine-2")}})
	if r.status != http.StatusCreated {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	got := r.pairs(t)
	if got["mine-1"] != "lineItem-srv-0001" || got["mine-2"] != "lineItem-srv-0002" {
		t.Fatalf("pairs %v", got)
	}
	if _, ok := sb.srv.Record("lineItems", "mine-1"); ok {
		t.Error("stored under the supplied id")
	}
	if _, ok := sb.srv.Record("lineItems", "lineItem-srv-0002"); !ok {
		t.Error("not stored under the allocated id")
	}
	// The same supplied ids again make new records.
	r = sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/lineItems"), sb.token, map[string]any{"lineItems": []any{v1p2LineItem(x, "mine-1")}})
	if got := r.pairs(t); got["mine-1"] != "lineItem-srv-0003" {
		t.Errorf("second POST: pairs %v", got)
	}

	sb.srv.SetQuirks(Quirks{})
	r = sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/academicSessions/"+x.Term+"/results"), sb.token,
		map[string]any{"results": []any{v1p2Result(x, "", x.LineItem)}})
	if got := r.pairs(t); got[""] != "result-srv-0001" {
		t.Errorf("no supplied id: pairs %v", got)
	}
}

// PostsUnsupported takes the POSTs away, as a server that only has PUTs,
// with the status it says; the rest of the service is unchanged.
func TestPostsUnsupported(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	for _, status := range []int{http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented} {
		sb.srv.SetQuirks(Quirks{PostsUnsupported: status})
		r := sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/lineItems"), sb.token, map[string]any{"lineItems": []any{v1p2LineItem(x, "absent")}})
		if r.status != status {
			t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
		}
		if status == http.StatusMethodNotAllowed && r.header.Get("Allow") != "GET" {
			t.Errorf("Allow %q, want GET", r.header.Get("Allow"))
		}
		if _, ok := sb.srv.Record("lineItems", "absent"); ok {
			t.Fatal("an absent POST stored a record")
		}
		sb.mustGet(sb.gb("/classes/" + x.Class + "/lineItems"))
		if r := sb.do(http.MethodPut, sb.gb("/lineItems/put-instead"), sb.token, map[string]any{"lineItem": v1p2LineItem(x, "put-instead")}); r.status/100 != 2 {
			t.Errorf("PUT under PostsUnsupported: status %d", r.status)
		}
	}
}

// A fault can target a 1.2 service's paths: here a POST of a set that is
// stored but whose answer is lost, so that a retry finds its sourcedIds
// taken; the same path under 1.1 is not matched.
func TestFaultOnV1p2Post(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	sb.srv.AddFault(Fault{Name: "lost", Method: http.MethodPost, BasePath: BasePathGradebookV1p2, Path: "/classes/*/lineItems",
		Kind: FaultApplied, Status: http.StatusBadGateway, Count: 1})
	body := map[string]any{"lineItems": []any{v1p2LineItem(x, "lost-1")}}
	if r := sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/lineItems"), sb.token, body); r.status != http.StatusBadGateway {
		t.Fatalf("status %d, want the fault's 502: %s", r.status, r.body)
	}
	if _, ok := sb.srv.Record("lineItems", "lost-1"); !ok {
		t.Fatal("the POST whose answer was lost was not applied")
	}
	r := sb.do(http.MethodPost, sb.gb("/classes/"+x.Class+"/lineItems"), sb.token, body)
	wantError(t, r, http.StatusUnprocessableEntity, minorInvalidData)
	if sb.srv.FaultHits("lost") != 1 {
		t.Errorf("fault hits %d", sb.srv.FaultHits("lost"))
	}
}
