package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// resultsOf is a ResultSet body of one result per student on lineItem.
func resultsOf(lineItem string, students ...string) map[string]any {
	var results []map[string]any
	for _, s := range students {
		results = append(results, map[string]any{
			"sourcedId": "r-" + s, "status": "active", "lineItem": map[string]any{"sourcedId": lineItem},
			"student": map[string]any{"sourcedId": s}, "scoreStatus": "fully graded", "score": 7, "scoreDate": "2025-01-20",
		})
	}
	return map[string]any{"results": results}
}

// twoStudents returns two active students other than the sample's.
func twoStudents(t *testing.T, sb *testSandbox) []string {
	t.Helper()
	var out []string
	for _, id := range sb.srv.SourcedIDs("students") {
		if rec, ok := sb.srv.Record("students", id); ok && !rec.(model.User).IsDeleted() && id != sb.sample.Student {
			out = append(out, id)
			if len(out) == 2 {
				return out
			}
		}
	}
	t.Fatal("fewer than 2 active students")
	return nil
}

func postResults(sb *testSandbox, lineItem string, body any) reply {
	return sb.do(http.MethodPost, sb.gb("/lineItems/"+lineItem+"/results"), sb.token, body)
}

// The results of a set are created under the supplied sourcedIds, which
// the answer pairs with themselves; with AllocateSourcedIDs under the
// server's own.
func TestPostLineItemResults(t *testing.T) {
	for _, allocate := range []bool{false, true} {
		sb := newTestSandbox(t, Options{Quirks: Quirks{AllocateSourcedIDs: allocate}})
		st := twoStudents(t, sb)
		r := postResults(sb, sb.sample.LineItem, resultsOf(sb.sample.LineItem, st...))
		if r.status != http.StatusCreated {
			t.Fatalf("allocate=%v: %d %s", allocate, r.status, r.body)
		}
		pairs := r.records(t, "sourcedIdPairs")
		if len(pairs) != 2 {
			t.Fatalf("allocate=%v: pairs %v", allocate, pairs)
		}
		for i, p := range pairs {
			supplied, allocated := p["suppliedSourcedId"].(string), p["allocatedSourcedId"].(string)
			if supplied != "r-"+st[i] || (allocated == supplied) == allocate || (allocate && !strings.HasPrefix(allocated, "result-srv-")) {
				t.Errorf("allocate=%v: pair %v", allocate, p)
			}
			rec, ok := sb.srv.Record("results", allocated)
			if !ok || model.RefID(rec.(model.Result).Student) != st[i] || model.RefID(rec.(model.Result).LineItem) != sb.sample.LineItem {
				t.Errorf("allocate=%v: no stored result %s for %s (%v)", allocate, allocated, st[i], rec)
			}
		}
	}
}

// A set is created whole or not at all: a result of another line item, a
// supplied sourcedId already taken, or an unknown line item refuse it.
func TestPostLineItemResultsRefusals(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	st := twoStudents(t, sb)
	before := sb.srv.Count("results")
	var otherLineItem string
	for _, id := range sb.srv.SourcedIDs("lineItems") {
		if id != sb.sample.LineItem {
			otherLineItem = id
			break
		}
	}
	other := resultsOf(sb.sample.LineItem, st...)
	other["results"].([]map[string]any)[1]["lineItem"] = map[string]any{"sourcedId": otherLineItem}
	r := postResults(sb, sb.sample.LineItem, other)
	wantError(t, r, http.StatusUnprocessableEntity, minorInvalidData)
	if d := r.description(t); !strings.Contains(d, "results[1]") || !strings.Contains(d, "is not the lineItem") {
		t.Errorf("refusal of a result of another line item: %q", d)
	}

	taken := resultsOf(sb.sample.LineItem, st...)
	taken["results"].([]map[string]any)[0]["sourcedId"] = sb.sample.Result
	wantError(t, postResults(sb, sb.sample.LineItem, taken), http.StatusUnprocessableEntity, minorInvalidData)

	wantError(t, postResults(sb, "no-such-line-item", resultsOf("no-such-line-item", st...)), http.StatusNotFound, minorUnknownObject)
	if n := sb.srv.Count("results"); n != before {
		t.Errorf("%d results after refused POSTs, want %d", n, before)
	}
}

// The learning-objective scores of a POSTed result are stored and read
// back as sent, groups and order kept; a group without results refuses
// the whole set, as a PUT of it would be refused.
func TestPostLineItemResultsLearningObjectives(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	st := twoStudents(t, sb)
	objectives := []any{
		map[string]any{"source": "case", "learningObjectiveResults": []any{
			map[string]any{"learningObjectiveId": "lo-2", "score": 0.5},
			map[string]any{"learningObjectiveId": "lo-1", "textScore": "Proficient"},
		}},
		map[string]any{"source": "/district", "learningObjectiveResults": []any{
			map[string]any{"learningObjectiveId": "d-1", "score": 3, "textScore": "Meets"},
		}},
	}
	body := resultsOf(sb.sample.LineItem, st...)
	body["results"].([]map[string]any)[0]["learningObjectiveSet"] = objectives
	if r := postResults(sb, sb.sample.LineItem, body); r.status != http.StatusCreated {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	got := sb.mustGet(sb.gb("/results/r-" + st[0])).json(t)["result"].(map[string]any)["learningObjectiveSet"]
	want, _ := json.Marshal(objectives)
	if have, _ := json.Marshal(got); string(have) != string(want) {
		t.Errorf("the result reads back learningObjectiveSet\n%s\nwant\n%s", have, want)
	}
	if other := sb.mustGet(sb.gb("/results/r-" + st[1])).json(t)["result"].(map[string]any); other["learningObjectiveSet"] != nil {
		t.Errorf("a result POSTed without learning objectives reads back %v", other["learningObjectiveSet"])
	}

	sb = newTestSandbox(t, Options{})
	st = twoStudents(t, sb)
	before := sb.srv.Count("results")
	body = resultsOf(sb.sample.LineItem, st...)
	body["results"].([]map[string]any)[1]["learningObjectiveSet"] = []any{map[string]any{"source": "case", "learningObjectiveResults": []any{}}}
	r := postResults(sb, sb.sample.LineItem, body)
	wantError(t, r, http.StatusUnprocessableEntity, minorInvalidData)
	if d := r.description(t); !strings.Contains(d, "learningObjectiveResults") {
		t.Errorf("refusal of an empty group: %q", d)
	}
	if n := sb.srv.Count("results"); n != before {
		t.Errorf("%d results after the refused POST, want %d", n, before)
	}
}
