package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// specFilesV1p2 are the official OneRoster 1.2 bindings, carried in the
// repository, with the base path the sandbox serves each at and the
// number of operations each has.
var specFilesV1p2 = []struct {
	file, basePath string
	operations     int
}{
	{"../../spec/onerosterv1p2rostersservice_openapi3_v1p0.json", BasePathV1p2, 41},
	{"../../spec/onerosterv1p2gradebookservice_openapi3_v1p0.json", BasePathGradebookV1p2, 35},
	{"../../spec/onerosterv1p2resourcesservice_openapi3_v1p0.json", BasePathResourcesV1p2, 5},
}

// TestSpecWalkV1p2 calls every operation of the three 1.2 bindings under
// their base paths, with real sourcedIds, and checks the status, the
// envelope, the records and every request body against the 1.2 schemas:
// GETs of generated records, then PUTs that create records, POSTs of
// sets, and DELETEs of what the walk created.
func TestSpecWalkV1p2(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Seed: 7}})
	x := sb.sample
	existing := map[string]string{
		"academicSessions": x.SchoolYear, "classes": x.Class, "courses": x.Course, "demographics": x.Student,
		"enrollments": x.Enrollment, "gradingPeriods": x.GradingPeriod, "orgs": x.District, "schools": x.School,
		"students": x.Student, "teachers": x.Teacher, "terms": x.Term, "users": x.MultiRoleTeacher,
		"categories": x.Category, "lineItems": x.ScaledLineItem, "results": x.LateResult, "scoreScales": x.ScoreScale,
		"assessmentLineItems": x.AssessmentLineItem, "assessmentResults": x.AssessmentResult, "resources": x.Resource,
	}
	byParam := map[string]string{
		"classSourcedId": x.Class, "courseSourcedId": x.Course, "schoolSourcedId": x.School,
		"studentSourcedId": x.Student, "teacherSourcedId": x.Teacher, "termSourcedId": x.Term, "userSourcedId": x.Student,
		"lineItemSourcedId": x.LineItem, "academicSessionSourcedId": x.Term,
	}
	bodies := walkBodiesV1p2(sb)
	total := 0
	for _, file := range specFilesV1p2 {
		spec := loadSpecFile(t, file.file)
		ops := spec.operations(t)
		if len(ops) != file.operations {
			t.Errorf("%s has %d operations, want %d", file.file, len(ops), file.operations)
		}
		total += len(ops)
		// GETs first, then PUTs in the order references need, POSTs,
		// and DELETEs in the reverse order.
		order := []string{"categories", "scoreScales", "lineItems", "results", "assessmentLineItems", "assessmentResults"}
		rank := func(o specOp) int {
			topic := strings.Split(o.path, "/")[1]
			switch o.method {
			case http.MethodPut:
				return 100 + slices.Index(order, topic)
			case http.MethodPost:
				return 150
			case http.MethodDelete:
				return 200 - slices.Index(order, topic)
			}
			return 0
		}
		slices.SortStableFunc(ops, func(a, b specOp) int {
			if c := rank(a) - rank(b); c != 0 {
				return c
			}
			return strings.Compare(a.path, b.path)
		})
		for _, o := range ops {
			segs := strings.Split(strings.Trim(o.path, "/"), "/")
			topic := segs[0]
			for i, seg := range segs {
				param, ok := strings.CutPrefix(seg, "{")
				if !ok {
					continue
				}
				switch param = strings.TrimSuffix(param, "}"); {
				case param != "sourcedId":
					segs[i] = byParam[param]
				case o.method == http.MethodGet:
					segs[i] = existing[topic]
				default:
					segs[i] = walkIDs[topic]
				}
				if segs[i] == "" {
					t.Fatalf("%s %s: no id for %s", o.method, o.path, param)
				}
			}
			target := sb.http.URL + file.basePath + "/" + strings.Join(segs, "/")
			name := o.method + " " + o.path
			t.Run(name, func(t *testing.T) {
				var body any
				if o.op.RequestBody != nil {
					content, ok := o.op.RequestBody.Content["application/json"]
					if !ok {
						t.Fatal("the spec documents no JSON request body")
					}
					key, _ := spec.envelopeKey(t, content.Schema)
					b, ok := bodies[o.method+" "+o.path]
					if !ok {
						t.Fatalf("the walk has no body for %s", name)
					}
					if _, ok := b[key]; !ok {
						t.Fatalf("the walk's body lacks the envelope %q", key)
					}
					if problems := spec.validate(content.Schema, roundTrip(t, b), "body"); len(problems) > 0 {
						t.Fatalf("the walk's own body is not valid per the spec: %v", problems)
					}
					body = b
				}
				r := sb.do(o.method, target, sb.token, body)
				switch o.method {
				case http.MethodDelete:
					if r.status != http.StatusNoContent {
						t.Fatalf("status %d, want 204: %s", r.status, r.body)
					}
					if got := sb.get(target); got.status != http.StatusNotFound {
						t.Errorf("GET after DELETE: status %d, want 404", got.status)
					}
					return
				case http.MethodPut:
					if r.status != http.StatusCreated {
						t.Fatalf("status %d, want 201: %s", r.status, r.body)
					}
					// The binding documents no body for the 201: read the
					// record back and check it against the single schema.
					content := o.op.RequestBody.Content["application/json"]
					key, _ := spec.envelopeKey(t, content.Schema)
					checkAgainstSpecV1p2(t, spec, content.Schema, sb.get(target), key)
					return
				case http.MethodPost:
					if r.status != http.StatusCreated {
						t.Fatalf("status %d, want 201: %s", r.status, r.body)
					}
					content := o.op.Responses["201"].Content["application/json"]
					checkAgainstSpecV1p2(t, spec, content.Schema, r, "sourcedIdPairs")
					for _, pair := range r.records(t, "sourcedIdPairs") {
						if pair["suppliedSourcedId"] != pair["allocatedSourcedId"] {
							t.Errorf("the sandbox allocated ids of its own without the quirk: %v", pair)
						}
						if id, _ := pair["allocatedSourcedId"].(string); sb.get(sb.http.URL+file.basePath+"/"+postedTopic(o.path)+"/"+id).status != http.StatusOK {
							t.Errorf("the POSTed %s cannot be read back", id)
						}
					}
					return
				}
				if r.status != http.StatusOK {
					t.Fatalf("status %d, want 200: %s", r.status, r.body)
				}
				content := o.op.Responses["200"].Content["application/json"]
				key, prop := spec.envelopeKey(t, content.Schema)
				checkAgainstSpecV1p2(t, spec, content.Schema, r, key)
				v := r.json(t)[key]
				if spec.resolve(prop).Type == "array" {
					if len(v.([]any)) == 0 {
						t.Errorf("lists nothing for real ids")
					}
					if r.header.Get("X-Total-Count") == "" || r.header.Get("Link") == "" {
						t.Errorf("collection without paging headers: %v", r.header)
					}
				} else if id := v.(map[string]any)["sourcedId"]; id != segs[len(segs)-1] {
					t.Errorf("sourcedId %v, want %s", id, segs[len(segs)-1])
				}
			})
		}
	}
	if total != 41+35+5 {
		t.Errorf("the 1.2 bindings have %d operations, want 81", total)
	}
}

// specOp is one operation of a binding.
type specOp struct {
	method, path string
	op           operation
}

func loadSpecFile(t *testing.T, file string) *openAPI {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var spec openAPI
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	return &spec
}

// operations lists the operations of the binding.
func (spec *openAPI) operations(t *testing.T) []specOp {
	t.Helper()
	var ops []specOp
	for path, methods := range spec.Paths {
		for method, raw := range methods {
			if method == "parameters" {
				continue
			}
			var o operation
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			ops = append(ops, specOp{strings.ToUpper(method), path, o})
		}
	}
	return ops
}

// postedTopic is the topic a POST of a set creates: the last segment.
func postedTopic(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// roundTrip is v as the server reads it: numbers as float64.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// walkIDs are the sourcedIds of the records the 1.2 walk PUTs and
// DELETEs, by topic.
var walkIDs = map[string]string{
	"categories": "walk12-category", "scoreScales": "walk12-scorescale", "lineItems": "walk12-lineitem",
	"results": "walk12-result", "assessmentLineItems": "walk12-assessment", "assessmentResults": "walk12-assessmentresult",
}

// walkBodiesV1p2 are the request bodies of the 1.2 walk, by operation:
// every field the 1.2 schemas define for the records, references with
// hrefs into the service that serves them.
func walkBodiesV1p2(sb *testSandbox) map[string]map[string]any {
	x := sb.sample
	now := "2024-10-01T12:00:00Z"
	ref := func(basePath, collection, id, typ string) map[string]any {
		return map[string]any{"href": sb.http.URL + basePath + "/" + collection + "/" + id, "sourcedId": id, "type": typ}
	}
	gb := func(collection, id, typ string) map[string]any {
		return ref(BasePathGradebookV1p2, collection, id, typ)
	}
	ro := func(collection, id, typ string) map[string]any { return ref(BasePathV1p2, collection, id, typ) }
	objectives := []any{map[string]any{"source": "case", "learningObjectiveIds": []string{"urn:case:walk"}}}
	objectiveScores := []any{map[string]any{"source": "/walk", "learningObjectiveResults": []any{
		map[string]any{"learningObjectiveId": "urn:case:walk", "score": 3, "textScore": "Meets"}}}}
	lineItem := func(id string) map[string]any {
		return map[string]any{
			"sourcedId": id, "status": "active", "dateLastModified": now, "title": "Spec walk 1.2",
			"description": "Created by the 1.2 spec walk", "assignDate": "2024-10-01T08:00:00Z", "dueDate": "2024-10-08T08:00:00Z",
			"class": ro("classes", x.Class, "class"), "school": ro("schools", x.School, "org"),
			"category":        gb("categories", walkIDs["categories"], "category"),
			"gradingPeriod":   ro("academicSessions", x.GradingPeriod, "academicSession"),
			"academicSession": ro("academicSessions", x.Term, "academicSession"),
			"scoreScale":      gb("scoreScales", walkIDs["scoreScales"], "scoreScale"),
			"resultValueMin":  0, "resultValueMax": 10, "learningObjectiveSet": objectives,
		}
	}
	result := func(id, lineItemID string) map[string]any {
		return map[string]any{
			"sourcedId": id, "status": "active", "dateLastModified": now,
			"lineItem": gb("lineItems", lineItemID, "lineItem"), "student": ro("users", x.Student, "user"),
			"class": ro("classes", x.Class, "class"), "scoreScale": gb("scoreScales", walkIDs["scoreScales"], "scoreScale"),
			"scoreStatus": "fully graded", "score": 9.5, "textScore": "A", "scoreDate": "2024-10-02", "comment": "Spec walk",
			"learningObjectiveSet": objectiveScores,
			"inProgress":           "false", "incomplete": "false", "late": "true", "missing": "false",
		}
	}
	return map[string]map[string]any{
		"PUT /categories/{sourcedId}": {"category": map[string]any{
			"sourcedId": walkIDs["categories"], "status": "active", "dateLastModified": now, "title": "Spec walk 1.2", "weight": 0.25}},
		"PUT /scoreScales/{sourcedId}": {"scoreScale": map[string]any{
			"sourcedId": walkIDs["scoreScales"], "status": "active", "dateLastModified": now, "title": "Spec walk scale", "type": "letter",
			"class": ro("classes", x.Class, "class"), "course": ro("courses", x.Course, "course"),
			"scoreScaleValue": []any{map[string]any{"itemValueLHS": "9-10", "itemValueRHS": "A"}, map[string]any{"itemValueLHS": "0-8", "itemValueRHS": "B"}}}},
		"PUT /lineItems/{sourcedId}": {"lineItem": lineItem(walkIDs["lineItems"])},
		"PUT /results/{sourcedId}":   {"result": result(walkIDs["results"], walkIDs["lineItems"])},
		"PUT /assessmentLineItems/{sourcedId}": {"assessmentLineItem": map[string]any{
			"sourcedId": walkIDs["assessmentLineItems"], "status": "active", "dateLastModified": now, "title": "Spec walk assessment",
			"description": "Created by the 1.2 spec walk", "class": ro("classes", x.Class, "class"),
			"parentAssessmentLineItem": gb("assessmentLineItems", x.ParentAssessmentLineItem, "assessmentLineItem"),
			"scoreScale":               gb("scoreScales", walkIDs["scoreScales"], "scoreScale"), "resultValueMin": 0, "resultValueMax": 10,
			"learningObjectiveSet": objectives}},
		"PUT /assessmentResults/{sourcedId}": {"assessmentResult": map[string]any{
			"sourcedId": walkIDs["assessmentResults"], "status": "active", "dateLastModified": now,
			"assessmentLineItem": gb("assessmentLineItems", walkIDs["assessmentLineItems"], "assessmentLineItem"),
			"student":            ro("users", x.Student, "user"), "score": 8, "textScore": "B", "scoreDate": "2024-10-03",
			"scoreScale": gb("scoreScales", walkIDs["scoreScales"], "scoreScale"), "scorePercentile": 71.5,
			"scoreStatus": "fully graded", "comment": "Spec walk", "learningObjectiveSet": objectiveScores,
			"inProgress": "false", "incomplete": "false", "late": "false", "missing": "false"}},
		"POST /classes/{classSourcedId}/lineItems":    {"lineItems": []any{lineItem("walk12-post-class-1"), lineItem("walk12-post-class-2")}},
		"POST /schools/{schoolSourcedId}/lineItems":   {"lineItems": []any{lineItem("walk12-post-school-1")}},
		"POST /lineItems/{lineItemSourcedId}/results": {"results": []any{result("walk12-post-li-result-1", x.LineItem)}},
		"POST /classes/{classSourcedId}/academicSessions/{academicSessionSourcedId}/results": {
			"results": []any{result("walk12-post-session-result-1", x.LineItem), result("walk12-post-session-result-2", x.LineItem)}},
	}
}

// One district, two versions: a 1.2 user has roles[] (the multi-role
// teacher's secondary role first, as the sandbox stores it) and no role or
// orgs; the same user under 1.1 has role and orgs and no 1.2 field.
func TestV1p2UsersCarryRoles(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	id := sb.sample.MultiRoleTeacher
	if id == "" {
		t.Fatal("the district has no multi-role teacher")
	}
	u12 := sb.mustGet(sb.http.URL + BasePathV1p2 + "/users/" + id).json(t)["user"].(map[string]any)
	u11 := sb.mustGet("/users/" + id).json(t)["user"].(map[string]any)
	roles, _ := u12["roles"].([]any)
	if len(roles) != 2 || roles[1].(map[string]any)["roleType"] != "primary" || roles[1].(map[string]any)["role"] != u11["role"] {
		t.Errorf("1.2 roles = %v, want a secondary role then the primary %v", roles, u11["role"])
	}
	for _, f := range []string{"role", "orgs"} {
		if _, ok := u12[f]; ok {
			t.Errorf("1.2 user has the 1.1 field %s", f)
		}
	}
	for _, f := range []string{"roles", "userMasterIdentifier", "primaryOrg", "pronouns", "preferredFirstName"} {
		if _, ok := u11[f]; ok {
			t.Errorf("1.1 user has the 1.2 field %s", f)
		}
	}
	if u12["userMasterIdentifier"] == nil || u12["primaryOrg"] == nil {
		t.Errorf("1.2 user lacks userMasterIdentifier or primaryOrg: %v", u12)
	}
	r := sb.mustGet(sb.http.URL + BasePathV1p2 + "/users?limit=1000&" + filterQuery("roles.role='administrator' AND roles.roleType='secondary'"))
	ids := r.ids(t, "users")
	if !slices.Contains(ids, id) || slices.ContainsFunc(ids, func(s string) bool { return !strings.HasPrefix(s, "teacher-") }) {
		t.Errorf("filter on roles.role found %v, want the multi-role teachers only", ids)
	}
}

// 1.2 paths need 1.2 scopes and OAuth 2: a token of 1.1 scopes is
// forbidden there, and so is an OAuth 1.0a signature.
func TestV1p2NeedsItsOwnScopes(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	v11 := sb.fetchToken(ClientID, ClientSecret, strings.Join(oauthcheck.AllScopes(), " "))
	r := sb.do(http.MethodGet, sb.http.URL+BasePathV1p2+"/orgs", v11, nil)
	wantError(t, r, http.StatusForbidden, minorForbidden)
	if !strings.Contains(r.header.Get("WWW-Authenticate"), oauthcheck.ScopeV1p2RosterCore) {
		t.Errorf("WWW-Authenticate %q does not name the 1.2 scope", r.header.Get("WWW-Authenticate"))
	}
	v12 := sb.fetchToken(ClientID, ClientSecret, oauthcheck.ScopeV1p2RosterCore)
	if r := sb.do(http.MethodGet, sb.http.URL+BasePathV1p2+"/orgs", v12, nil); r.status != http.StatusOK {
		t.Errorf("1.2 token on 1.2: status %d", r.status)
	}
	if r := sb.do(http.MethodGet, "/orgs", v12, nil); r.status != http.StatusForbidden {
		t.Errorf("1.2 token on 1.1: status %d, want 403", r.status)
	}
	if r := sb.do(http.MethodGet, sb.http.URL+BasePathV1p2+"/lineItems", sb.token, nil); r.status != http.StatusNotFound {
		t.Errorf("1.2 gradebook path on the rostering service: status %d, want 404", r.status)
	}
}

// knownDeviationsV1p2 are where the sandbox's 1.2 records knowingly
// differ from the 1.2 binding. The sandbox keeps one district for both
// versions, and its 1.1 records leave out what 1.1 leaves optional and
// 1.2 requires: guardians have no enabledUser, and ungraded results no
// scoreDate (1.2 writes must send one).
var knownDeviationsV1p2 = []string{".enabledUser: required", ".scoreDate: required"}

func checkAgainstSpecV1p2(t *testing.T, spec *openAPI, s *schema, r reply, key string) {
	t.Helper()
	doc := checkEnvelope(t, spec, s, r, key, func(p string) bool {
		return slices.ContainsFunc(knownDeviationsV1p2, func(d string) bool { return strings.Contains(p, d) })
	})
	for _, p := range spec.extraFields(s, any(doc), "") {
		t.Errorf("a field the 1.2 spec does not define: %s", p)
	}
	checkHrefsV1p2(t, doc)
}

// checkHrefsV1p2 checks that every href of a 1.2 answer points at a GET
// of the 1.2 service that serves it: a line item's class into rostering,
// its category into the gradebook.
func checkHrefsV1p2(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			checkHrefsV1p2(t, x)
		}
	case map[string]any:
		for k, x := range v {
			href, ok := x.(string)
			if k != "href" || !ok {
				checkHrefsV1p2(t, x)
				continue
			}
			u, err := url.Parse(href)
			if err != nil {
				t.Errorf("href %q: %v", href, err)
				continue
			}
			served := false
			for _, a := range apis[1:] { // the 1.2 services
				if rest, ok := strings.CutPrefix(u.Path, a.basePath+"/"); ok {
					_, _, _, err := match(a.routes, http.MethodGet, splitPath(rest))
					served = err == nil
				}
			}
			if !served {
				t.Errorf("href %q is no GET of a 1.2 service", href)
			}
		}
	}
}

// TestKnownDeviationsV1p2AreReal keeps knownDeviationsV1p2 honest: each
// still occurs, so none hides a problem that was fixed.
func TestKnownDeviationsV1p2AreReal(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	var all []string
	for _, c := range []struct{ file, basePath, path string }{
		{specFilesV1p2[0].file, BasePathV1p2, "/users"},
		{specFilesV1p2[1].file, BasePathGradebookV1p2, "/results"},
	} {
		spec := loadSpecFile(t, c.file)
		var o operation
		if err := json.Unmarshal(spec.Paths[c.path]["get"], &o); err != nil {
			t.Fatal(err)
		}
		r := sb.mustGet(sb.http.URL + c.basePath + c.path + "?limit=10000")
		all = append(all, spec.validate(o.Responses["200"].Content["application/json"].Schema, any(r.json(t)), "")...)
	}
	for _, d := range knownDeviationsV1p2 {
		if !slices.ContainsFunc(all, func(p string) bool { return strings.Contains(p, d) }) {
			t.Errorf("known deviation %q no longer occurs; remove it", d)
		}
	}
}

// extraFields returns the fields of v (decoded JSON) that s does not
// define, each with its JSON path: a 1.2 answer has no field 1.2 lacks.
func (spec *openAPI) extraFields(s *schema, v any, path string) []string {
	s = spec.resolve(s)
	if s == nil {
		return nil
	}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		props := map[string]*schema{}
		for _, part := range append([]*schema{s}, s.AllOf...) {
			for name, sub := range spec.resolve(part).Properties {
				props[name] = sub
			}
		}
		if len(props) == 0 {
			return nil // a free-form object (metadata)
		}
		for name, x := range v {
			sub, ok := props[name]
			if !ok {
				out = append(out, path+"."+name)
				continue
			}
			out = append(out, spec.extraFields(sub, x, path+"."+name)...)
		}
	case []any:
		for i, x := range v {
			out = append(out, spec.extraFields(s.Items, x, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}
