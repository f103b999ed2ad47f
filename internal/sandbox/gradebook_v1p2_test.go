package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// gb and res are URLs of the 1.2 gradebook and resources services.
func (sb *testSandbox) gb(path string) string  { return sb.http.URL + BasePathGradebookV1p2 + path }
func (sb *testSandbox) res(path string) string { return sb.http.URL + BasePathResourcesV1p2 + path }

// v1p2LineItem is a valid 1.2 line item of the sample class.
func v1p2LineItem(x Sample, id string) map[string]any {
	return map[string]any{
		"sourcedId": id, "title": "Essay", "assignDate": "2024-10-01T08:00:00Z", "dueDate": "2024-10-08T08:00:00Z",
		"class": map[string]any{"sourcedId": x.Class}, "school": map[string]any{"sourcedId": x.School},
		"category": map[string]any{"sourcedId": x.Category}, "scoreScale": map[string]any{"sourcedId": x.ScoreScale},
		"academicSession": map[string]any{"sourcedId": x.Term},
	}
}

// v1p2Result is a valid 1.2 result of the sample student on lineItem.
func v1p2Result(x Sample, id, lineItem string) map[string]any {
	return map[string]any{
		"sourcedId": id, "lineItem": map[string]any{"sourcedId": lineItem}, "student": map[string]any{"sourcedId": x.Student},
		"scoreStatus": "fully graded", "score": 88, "scoreDate": "2024-10-09", "textScore": "B", "late": "true",
	}
}

// Each 1.2 operation takes the scopes its binding lists, and no other:
// the core scopes reach top-level collections only, assessments need
// scopes of their own, POSTs need createpost, and OAuth 1.0a is refused.
func TestV1p2GradebookScopes(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	tokens := map[string]string{}
	token := func(scope string) string {
		if tokens[scope] == "" {
			tokens[scope] = sb.fetchToken(ClientID, ClientSecret, scope)
		}
		return tokens[scope]
	}
	for _, tc := range []struct {
		method, url, scope string
		body               any
		want               int
		needs              string // the scope a 403 names
	}{
		{"GET", sb.gb("/lineItems"), oauthcheck.ScopeV1p2GradebookCore, nil, 200, ""},
		{"GET", sb.gb("/scoreScales/" + x.ScoreScale), oauthcheck.ScopeV1p2GradebookCore, nil, 200, ""},
		{"GET", sb.gb("/classes/" + x.Class + "/lineItems"), oauthcheck.ScopeV1p2GradebookCore, nil, 403, oauthcheck.ScopeV1p2GradebookRead},
		{"GET", sb.gb("/classes/" + x.Class + "/lineItems"), oauthcheck.ScopeV1p2GradebookRead, nil, 200, ""},
		{"GET", sb.gb("/assessmentLineItems"), oauthcheck.ScopeV1p2GradebookRead, nil, 403, oauthcheck.ScopeV1p2AssessmentRead},
		{"GET", sb.gb("/assessmentResults"), oauthcheck.ScopeV1p2AssessmentRead, nil, 200, ""},
		{"GET", sb.gb("/lineItems"), oauthcheck.ScopeGradebookRead, nil, 403, oauthcheck.ScopeV1p2GradebookRead},
		{"PUT", sb.gb("/lineItems/scope-li"), oauthcheck.ScopeV1p2GradebookPost, map[string]any{"lineItem": v1p2LineItem(x, "scope-li")}, 403,
			oauthcheck.ScopeV1p2GradebookPut},
		{"PUT", sb.gb("/lineItems/scope-li"), oauthcheck.ScopeV1p2GradebookPut, map[string]any{"lineItem": v1p2LineItem(x, "scope-li")}, 201, ""},
		{"POST", sb.gb("/classes/" + x.Class + "/lineItems"), oauthcheck.ScopeV1p2GradebookPut, map[string]any{"lineItems": []any{}}, 403,
			oauthcheck.ScopeV1p2GradebookPost},
		{"POST", sb.gb("/classes/" + x.Class + "/lineItems"), oauthcheck.ScopeV1p2GradebookPost, map[string]any{"lineItems": []any{}}, 201, ""},
		{"DELETE", sb.gb("/assessmentResults/" + x.AssessmentResult), oauthcheck.ScopeV1p2GradebookDelete, nil, 403, oauthcheck.ScopeV1p2AssessmentDel},
		{"DELETE", sb.gb("/assessmentResults/" + x.AssessmentResult), oauthcheck.ScopeV1p2AssessmentDel, nil, 204, ""},
		{"GET", sb.res("/resources"), oauthcheck.ScopeV1p2ResourceCore, nil, 200, ""},
		{"GET", sb.res("/users/" + x.Student + "/resources"), oauthcheck.ScopeV1p2ResourceCore, nil, 403, oauthcheck.ScopeV1p2Resource},
		{"GET", sb.res("/users/" + x.Student + "/resources"), oauthcheck.ScopeV1p2Resource, nil, 200, ""},
	} {
		t.Run(tc.method+" "+strings.TrimPrefix(tc.url, sb.http.URL)+" "+tc.scope[strings.LastIndex(tc.scope, "/")+1:], func(t *testing.T) {
			r := sb.do(tc.method, tc.url, token(tc.scope), tc.body)
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %s", r.status, tc.want, r.body)
			}
			if tc.needs != "" && !strings.Contains(r.header.Get("WWW-Authenticate"), tc.needs) {
				t.Errorf("WWW-Authenticate %q does not name %s", r.header.Get("WWW-Authenticate"), tc.needs)
			}
		})
	}
	// The default client holds every 1.2 scope.
	for _, scope := range []string{oauthcheck.ScopeV1p2GradebookPost, oauthcheck.ScopeV1p2AssessmentPut, oauthcheck.ScopeV1p2ResourceCore} {
		if !slices.Contains(oauthcheck.AllScopesV1p2(), scope) {
			t.Errorf("AllScopesV1p2 lacks %s", scope)
		}
	}
}

// 1.2 gradebook and resources are OAuth 2 only, like 1.2 rostering: a
// signature that 1.1 accepts is refused there.
func TestV1p2GradebookRefusesOAuth1(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	for _, u := range []string{sb.http.URL + BasePath + "/lineItems", sb.gb("/lineItems"), sb.res("/resources")} {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", oauth1Header(t, req, ConsumerKey, ConsumerSecret))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := http.StatusUnauthorized
		if strings.HasPrefix(u, sb.http.URL+BasePath+"/") {
			want = http.StatusOK
		}
		if resp.StatusCode != want {
			t.Errorf("%s with OAuth 1.0a: status %d, want %d", u, resp.StatusCode, want)
		}
	}
}

// 1.2 PUTs require what the 1.2 schemas require and check every
// reference, with an imsx error that names the field.
func TestV1p2WritesCheckFields(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	with := func(rec map[string]any, changes map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range rec {
			out[k] = v
		}
		for k, v := range changes {
			if v == nil {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return out
	}
	scale := map[string]any{"title": "Pass/fail", "type": "passfail", "class": map[string]any{"sourcedId": x.Class},
		"scoreScaleValue": []any{map[string]any{"itemValueLHS": "1", "itemValueRHS": "Pass"}}}
	assessment := map[string]any{"assessmentLineItem": map[string]any{"sourcedId": x.AssessmentLineItem},
		"student": map[string]any{"sourcedId": x.Student}, "scoreDate": "2024-10-15", "scoreStatus": "fully graded"}
	for _, tc := range []struct {
		name, path, env string
		rec             map[string]any
		field           string
	}{
		{"line item without school", "/lineItems/bad", "lineItem", with(v1p2LineItem(x, "bad"), map[string]any{"school": nil}), "lineItem.school"},
		{"line item at another school", "/lineItems/bad", "lineItem", with(v1p2LineItem(x, "bad"),
			map[string]any{"school": map[string]any{"sourcedId": x.OtherSchool}}), "lineItem.school"},
		{"line item without category", "/lineItems/bad", "lineItem", with(v1p2LineItem(x, "bad"), map[string]any{"category": nil}), "lineItem.category"},
		{"line item with an unknown scale", "/lineItems/bad", "lineItem", with(v1p2LineItem(x, "bad"),
			map[string]any{"scoreScale": map[string]any{"sourcedId": "nope"}}), "lineItem.scoreScale"},
		{"line item with a bad objective source", "/lineItems/bad", "lineItem", with(v1p2LineItem(x, "bad"), map[string]any{
			"learningObjectiveSet": []any{map[string]any{"source": "Case", "learningObjectiveIds": []string{"x"}}}}), "lineItem.learningObjectiveSet[0].source"},
		{"result without scoreDate", "/results/bad", "result", with(v1p2Result(x, "bad", x.LineItem), map[string]any{"scoreDate": nil}), "result.scoreDate"},
		{"result with 1.1's misspelt status", "/results/bad", "result", with(v1p2Result(x, "bad", x.LineItem),
			map[string]any{"scoreStatus": "not submmitted"}), "result.scoreStatus"},
		{"result in another class", "/results/bad", "result", with(v1p2Result(x, "bad", x.LineItem),
			map[string]any{"class": map[string]any{"sourcedId": "class-00002"}}), "result.class"},
		{"score scale without values", "/scoreScales/bad", "scoreScale", with(scale, map[string]any{"scoreScaleValue": []any{}}), "scoreScale.scoreScaleValue"},
		{"score scale without class", "/scoreScales/bad", "scoreScale", with(scale, map[string]any{"class": nil}), "scoreScale.class"},
		{"score scale value without RHS", "/scoreScales/bad", "scoreScale", with(scale,
			map[string]any{"scoreScaleValue": []any{map[string]any{"itemValueLHS": "1"}}}), "scoreScale.scoreScaleValue[0].itemValueRHS"},
		{"assessment its own parent", "/assessmentLineItems/" + x.ParentAssessmentLineItem, "assessmentLineItem",
			map[string]any{"title": "Loop",
				"parentAssessmentLineItem": map[string]any{"sourcedId": x.AssessmentLineItem}}, "assessmentLineItem.parentAssessmentLineItem"},
		{"assessment result without scoreDate", "/assessmentResults/bad", "assessmentResult", with(assessment, map[string]any{"scoreDate": nil}),
			"assessmentResult.scoreDate"},
		{"assessment result of a teacher", "/assessmentResults/bad", "assessmentResult", with(assessment,
			map[string]any{"student": map[string]any{"sourcedId": x.Teacher}}), "assessmentResult.student"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sb.do(http.MethodPut, sb.gb(tc.path), sb.token, map[string]any{tc.env: tc.rec})
			wantError(t, r, http.StatusUnprocessableEntity, minorInvalidData)
			if got := r.json(t)["imsx_CodeMinor"].(map[string]any)["imsx_codeMinorField"].([]any)[0].(map[string]any)["imsx_codeMinorFieldName"]; got != tc.field {
				t.Errorf("field %v, want %s: %s", got, tc.field, r.description(t))
			}
		})
	}
	if _, ok := sb.srv.Record("lineItems", "bad"); ok {
		t.Error("a refused PUT stored a record")
	}
	// The same body without the 1.2-only fault goes through 1.1, which
	// does not know school.
	li := with(v1p2LineItem(x, "ok-in-1p1"), map[string]any{"school": nil, "scoreScale": nil, "academicSession": nil})
	if r := sb.do(http.MethodPut, "/lineItems/ok-in-1p1", sb.token, map[string]any{"lineItem": li}); r.status != http.StatusCreated {
		t.Fatalf("1.1 PUT: status %d: %s", r.status, r.body)
	}
}

// One district, two versions: a line item written through 1.2 reads
// through 1.1 without its 1.2 fields, and replaced through 1.1, it keeps
// them.
func TestV1p2WritesShareTheDistrict(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	if r := sb.do(http.MethodPut, sb.gb("/lineItems/shared"), sb.token, map[string]any{"lineItem": v1p2LineItem(x, "shared")}); r.status != http.StatusCreated {
		t.Fatalf("1.2 PUT: status %d: %s", r.status, r.body)
	}
	v11 := sb.mustGet("/lineItems/shared").json(t)["lineItem"].(map[string]any)
	for _, f := range []string{"school", "scoreScale", "academicSession"} {
		if _, ok := v11[f]; ok {
			t.Errorf("1.1 reads the 1.2 field %s", f)
		}
	}
	delete(v11, "sourcedId")
	v11["title"] = "Essay (revised)"
	if r := sb.do(http.MethodPut, "/lineItems/shared", sb.token, map[string]any{"lineItem": v11}); r.status != http.StatusOK {
		t.Fatalf("1.1 PUT: status %d: %s", r.status, r.body)
	}
	v12 := sb.mustGet(sb.gb("/lineItems/shared")).json(t)["lineItem"].(map[string]any)
	if v12["title"] != "Essay (revised)" || model.RefID(asRef(v12["scoreScale"])) != x.ScoreScale || model.RefID(asRef(v12["school"])) != x.School {
		t.Errorf("after a 1.1 PUT, 1.2 reads %v", v12)
	}

	// A line item created through 1.1 has what 1.1 sent, and no school:
	// the sandbox stores what clients write, whatever the version.
	li := v1p2LineItem(x, "from-1p1")
	delete(li, "school")
	delete(li, "scoreScale")
	delete(li, "academicSession")
	if r := sb.do(http.MethodPut, "/lineItems/from-1p1", sb.token, map[string]any{"lineItem": li}); r.status != http.StatusCreated {
		t.Fatalf("1.1 PUT: status %d: %s", r.status, r.body)
	}
	if rec, _ := sb.srv.Record("lineItems", "from-1p1"); rec.(model.LineItem).School != nil {
		t.Errorf("a 1.1 line item got a school: %v", rec.(model.LineItem).School)
	}
}

func asRef(v any) *model.Ref {
	m, _ := v.(map[string]any)
	id, _ := m["sourcedId"].(string)
	return &model.Ref{SourcedID: id}
}

// The nested reads 1.2 adds: a class's categories are those of its line
// items; a school's score scales are those of its classes; a class's
// score scales are bound to it.
func TestV1p2NestedGradebookReads(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Users: 1500}})
	x := sb.sample
	cats := sb.mustGet(sb.gb("/classes/"+x.Class+"/categories")).ids(t, "categories")
	if !slices.Equal(cats, []string{"category-001", "category-002", "category-003"}) {
		t.Errorf("categories of the class: %v", cats)
	}
	classScales := sb.mustGet(sb.gb("/classes/"+x.Class+"/scoreScales")).ids(t, "scoreScales")
	if !slices.Contains(classScales, x.ScoreScale) {
		t.Errorf("scales of the class %v lack %s", classScales, x.ScoreScale)
	}
	schoolScales := sb.mustGet(sb.gb("/schools/"+x.School+"/scoreScales")).ids(t, "scoreScales")
	other := sb.mustGet(sb.gb("/schools/"+x.OtherSchool+"/scoreScales")).ids(t, "scoreScales")
	if !slices.Contains(schoolScales, x.ScoreScale) || len(other) == 0 ||
		slices.ContainsFunc(other, func(id string) bool { return slices.Contains(schoolScales, id) }) {
		t.Errorf("scales of the school %v, of the other school %v", schoolScales, other)
	}
	if n := sb.srv.CountPath("/schools/" + x.School + "/scoreScales"); n != len(schoolScales) {
		t.Errorf("CountPath of the school's scales = %d, want %d", n, len(schoolScales))
	}
	wantError(t, sb.get(sb.gb("/classes/nope/categories")), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get(sb.gb("/schools/nope/scoreScales")), http.StatusNotFound, minorUnknownObject)
	// Filters and fields work on 1.2 fields and collections.
	late := sb.mustGet(sb.gb("/results?limit=1000&"+filterQuery("late='true'"))).ids(t, "results")
	if !slices.Contains(late, x.LateResult) || slices.Contains(late, x.MissingResult) {
		t.Errorf("late results %v", late)
	}
	kids := sb.mustGet(sb.gb("/assessmentLineItems?fields=sourcedId&"+filterQuery("parentAssessmentLineItem.sourcedId='"+x.ParentAssessmentLineItem+"'"))).
		records(t, "assessmentLineItems")
	if len(kids) != len(assessmentParts) || len(kids[0]) != 1 {
		t.Errorf("children of the benchmark: %v", kids)
	}
	// 1.2 resources: a user's, which 1.2 has.
	if ids := sb.mustGet(sb.res("/users/"+x.Student+"/resources")).ids(t, "resources"); !slices.Contains(ids, x.Resource) {
		t.Errorf("resources of the student %v lack %s", ids, x.Resource)
	}
}

// The 1.2 seed: weights, schools and sessions on every line item, classes
// on every result, score scales, assessments; and none of it under 1.1.
func TestV1p2Seed(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Users: 1500}})
	x := sb.sample
	for _, id := range []string{x.ScoreScale, x.ScaledLineItem, x.LateResult, x.MissingResult, x.AssessmentLineItem, x.ParentAssessmentLineItem,
		x.AssessmentResult} {
		if id == "" {
			t.Fatalf("the sample lacks a 1.2 record: %+v", x)
		}
	}
	for _, rec := range sb.mustGet(sb.gb("/lineItems?limit=1000")).records(t, "lineItems") {
		if rec["school"] == nil || rec["academicSession"] == nil {
			t.Errorf("line item without school or academicSession: %v", rec)
		}
	}
	for _, rec := range sb.mustGet(sb.gb("/results?limit=10000")).records(t, "results") {
		if rec["class"] == nil {
			t.Errorf("result without class: %v", rec)
		}
	}
	for _, rec := range sb.mustGet(sb.gb("/categories")).records(t, "categories") {
		if rec["weight"] == nil {
			t.Errorf("category without weight: %v", rec)
		}
	}
	scale, _ := sb.srv.Record("scoreScales", x.ScoreScale)
	if s := scale.(model.ScoreScale); model.RefID(s.Class) != x.Class || model.RefID(s.Course) != x.Course {
		t.Errorf("the sample scale is bound to %v and %v", s.Class, s.Course)
	}
	if n := sb.srv.Count("scoreScales"); n < sb.srv.Count("schools") {
		t.Errorf("%d score scales for %d schools", n, sb.srv.Count("schools"))
	}
	if sb.srv.Count("assessmentResults") == 0 || sb.srv.CountPath("/classes/"+x.Class+"/scoreScales") == 0 {
		t.Error("no assessment results, or no scales of the sample class")
	}
	if r := sb.get("/scoreScales"); r.status != http.StatusNotFound {
		t.Errorf("1.1 serves score scales: status %d", r.status)
	}
	if body := string(sb.mustGet("/results?limit=10000").body); strings.Contains(body, `"late"`) || strings.Contains(body, `"textScore"`) {
		t.Error("1.1 results carry 1.2 fields")
	}
}

// A version's queries name only the fields its records have: 1.1 knows
// no late or school, 1.2 no user role.
func TestQueriesNameTheVersionsFields(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	x := sb.sample
	wantError(t, sb.get("/results?"+filterQuery("late='true'")), http.StatusBadRequest, minorInvalidFilterField)
	wantError(t, sb.get("/lineItems?sort=school"), http.StatusBadRequest, minorInvalidSortField)
	wantError(t, sb.get("/lineItems/"+x.LineItem+"?fields=school"), http.StatusBadRequest, minorInvalidSelection)
	wantError(t, sb.get(sb.http.URL+BasePathV1p2+"/users?"+filterQuery("role='teacher'")), http.StatusBadRequest, minorInvalidFilterField)
	r := sb.get(sb.gb("/lineItems?fields=school,title&sort=school"))
	if r.status != http.StatusOK || len(r.records(t, "lineItems")[0]) != 2 {
		t.Errorf("1.2 fields=school,title: %d %.200s", r.status, r.body)
	}
	if d := sb.get("/lineItems?fields=nope").description(t); strings.Contains(d, "school") || !strings.Contains(d, "gradingPeriod") {
		t.Errorf("1.1 lists the fields it knows as %q", d)
	}
}

// 1.2 writes go through the same machinery as 1.1's, quirks included:
// SoftDelete, PutNoContent, CaseInsensitiveIDs and ClampScores.
func TestV1p2WritesShareTheQuirks(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{SoftDelete: true, PutNoContent: true, CaseInsensitiveIDs: true, ClampScores: true}})
	x := sb.sample
	if r := sb.do(http.MethodDelete, sb.gb("/assessmentResults/"+x.AssessmentResult), sb.token, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE: status %d: %s", r.status, r.body)
	}
	if rec := sb.mustGet(sb.gb("/assessmentResults/" + x.AssessmentResult)).json(t)["assessmentResult"].(map[string]any); rec["status"] != "tobedeleted" {
		t.Errorf("soft-deleted assessment result has status %v", rec["status"])
	}
	res := map[string]any{"assessmentLineItem": map[string]any{"sourcedId": strings.ToUpper(x.AssessmentLineItem)},
		"student": map[string]any{"sourcedId": x.Student}, "scoreDate": "2024-10-15", "scoreStatus": "fully graded", "score": 250}
	if r := sb.do(http.MethodPut, sb.gb("/assessmentResults/quirky"), sb.token, map[string]any{"assessmentResult": res}); r.status != http.StatusNoContent {
		t.Fatalf("PUT: status %d, want 204: %s", r.status, r.body)
	}
	rec, _ := sb.srv.Record("assessmentResults", "quirky")
	if got := rec.(model.AssessmentResult); got.AssessmentLineItem.SourcedID != x.AssessmentLineItem || got.Score == nil || *got.Score != 100 {
		t.Errorf("stored %+v, want the stored spelling of the line item and the score clamped to 100", got)
	}
}
