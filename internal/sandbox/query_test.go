package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestFilterGrammar(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Seed: 3, Users: 400}})
	x := sb.sample
	type want struct {
		ids   []string // exact sourcedIds, when set
		check func(u map[string]any) bool
		min   int
	}
	cases := []struct {
		name, filter string
		want         want
	}{
		{"escaped apostrophe", `familyName='O''Brien'`, want{ids: []string{x.OBrien}}},
		{"unicode given name", `givenName='Zoë'`, want{ids: []string{x.ZoeMuller}}},
		{"unicode family name", `familyName='Müller'`, want{ids: []string{x.ZoeMuller}}},
		{"contains is case-insensitive", `familyName~'MÜLL'`, want{ids: []string{x.ZoeMuller}}},
		{"contains with apostrophe", `familyName~'o''b'`, want{ids: []string{x.OBrien}}},
		{"AND", `role='teacher' AND status='active'`, want{min: 5, check: func(u map[string]any) bool {
			return u["role"] == "teacher" && u["status"] == "active"
		}}},
		{"OR", `sourcedId='` + x.OBrien + `' OR sourcedId='` + x.ZoeMuller + `'`, want{ids: []string{x.OBrien, x.ZoeMuller}}},
		{"not equal", `role!='student'`, want{min: 10, check: func(u map[string]any) bool { return u["role"] != "student" }}},
		{"greater or equal on strings", `sourcedId>='teacher-'`, want{min: 5, check: func(u map[string]any) bool {
			return strings.HasPrefix(u["sourcedId"].(string), "teacher-")
		}}},
		{"less than", `sourcedId<'admin-002'`, want{ids: []string{"admin-001"}}},
		{"dotted reference field", `orgs.sourcedId='` + x.OtherSchool + `' AND role='teacher'`, want{min: 2, check: func(u map[string]any) bool {
			return u["orgs"].([]any)[0].(map[string]any)["sourcedId"] == x.OtherSchool && u["role"] == "teacher"
		}}},
		{"tobedeleted listed", `status='tobedeleted'`, want{min: 1, check: func(u map[string]any) bool { return u["status"] == "tobedeleted" }}},
		{"spaces around operator", `familyName = 'O''Brien'`, want{ids: []string{x.OBrien}}},
		{"lowercase and", `familyName='O''Brien' and role='student'`, want{ids: []string{x.OBrien}}},
		{"value containing AND", `familyName='X AND Y'`, want{ids: nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sb.mustGet("/users?limit=1000&" + filterQuery(c.filter))
			got := r.records(t, "users")
			if c.want.check == nil {
				ids := r.ids(t, "users")
				if !slices.Equal(ids, c.want.ids) {
					t.Fatalf("filter %s: got %v, want %v", c.filter, ids, c.want.ids)
				}
				return
			}
			if len(got) < c.want.min {
				t.Fatalf("filter %s: %d records, want at least %d", c.filter, len(got), c.want.min)
			}
			for _, u := range got {
				if !c.want.check(u) {
					t.Errorf("filter %s let through %v", c.filter, u)
				}
			}
			if n, _ := strconv.Atoi(r.header.Get("X-Total-Count")); n != len(got) {
				t.Errorf("X-Total-Count %d, want %d", n, len(got))
			}
		})
	}
}

func TestFilterNumbersAndBooleans(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	all := sb.mustGet("/results?limit=10000").records(t, "results")
	high := sb.mustGet("/results?limit=10000&"+filterQuery("score>='90'")).records(t, "results")
	want := 0
	for _, r := range all {
		if s, ok := r["score"].(float64); ok && s >= 90 {
			want++
		}
	}
	if want == 0 || len(high) != want {
		t.Fatalf("score>='90' gave %d results, want %d (numbers compare as numbers)", len(high), want)
	}
	disabled := sb.mustGet("/users?"+filterQuery("enabledUser='false'")).records(t, "users")
	if len(disabled) == 0 {
		t.Fatal("no user with enabledUser='false'")
	}
	for _, u := range disabled {
		if u["enabledUser"] != false {
			t.Errorf("enabledUser='false' let through %v", u)
		}
	}
}

func TestFilterErrors(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	cases := []struct {
		filter, minor, mention string
	}{
		{`shoeSize='9'`, minorInvalidFilterField, "shoeSize"},
		{`orgs.colour='red'`, minorInvalidFilterField, "orgs.colour"},
		{`role='student' AND status='active' OR role='teacher'`, minorInvalidFilterField, "AND and OR"},
		{`role=student`, minorInvalidFilterField, "single quotes"},
		{`role='student`, minorInvalidFilterField, "closing quote"},
		{`role 'student'`, minorInvalidFilterField, "operator"},
		{`role='student' XOR status='active'`, minorInvalidFilterField, "AND or OR"},
		{`='student'`, minorInvalidFilterField, "field name"},
	}
	for _, c := range cases {
		t.Run(c.filter, func(t *testing.T) {
			r := sb.get("/users?" + filterQuery(c.filter))
			wantError(t, r, http.StatusBadRequest, c.minor)
			if d := r.description(t); !strings.Contains(d, c.mention) {
				t.Errorf("description %q does not mention %q", d, c.mention)
			}
		})
	}
}

func TestSortAndOrderBy(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Users: 300}})
	names := func(r reply) []string {
		var out []string
		for _, u := range r.records(t, "users") {
			out = append(out, u["familyName"].(string))
		}
		return out
	}
	asc := names(sb.mustGet("/users?limit=1000&sort=familyName"))
	if len(asc) < 250 || !sort.StringsAreSorted(asc) {
		t.Fatalf("sort=familyName not ascending (%d records)", len(asc))
	}
	desc := names(sb.mustGet("/users?limit=1000&sort=familyName&orderBy=desc"))
	if !slices.IsSortedFunc(desc, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Fatal("orderBy=desc not descending")
	}
	// Default order is by sourcedId; desc alone reverses it.
	ids := sb.mustGet("/users?limit=1000").ids(t, "users")
	if !sort.StringsAreSorted(ids) {
		t.Fatal("default order is not by sourcedId")
	}
	rev := sb.mustGet("/users?limit=1000&orderBy=desc").ids(t, "users")
	slices.Reverse(rev)
	if !slices.Equal(ids, rev) {
		t.Fatal("orderBy=desc without sort does not reverse the default order")
	}
	// Numbers sort as numbers, absent values first.
	var scores []float64
	for _, r := range sb.mustGet("/results?limit=10000&sort=score").records(t, "results") {
		if s, ok := r["score"].(float64); ok {
			scores = append(scores, s)
		} else if len(scores) > 0 {
			t.Fatal("a result without score sorts after one with a score")
		}
	}
	if len(scores) < 2 || !sort.Float64sAreSorted(scores) {
		t.Fatal("sort=score is not numeric ascending")
	}
	// Sorting combines with filters and paging.
	page := names(sb.mustGet("/users?sort=familyName&limit=5&offset=5&" + filterQuery("role='student'")))
	all := names(sb.mustGet("/users?sort=familyName&limit=1000&" + filterQuery("role='student'")))
	if !slices.Equal(page, all[5:10]) {
		t.Fatalf("sorted page %v, want %v", page, all[5:10])
	}

	r := sb.get("/users?sort=shoeSize")
	wantError(t, r, http.StatusBadRequest, minorInvalidSortField)
	if !strings.Contains(r.description(t), "shoeSize") {
		t.Errorf("description does not name the field: %s", r.body)
	}
	wantError(t, sb.get("/users?sort=familyName&orderBy=sideways"), http.StatusBadRequest, minorInvalidSortField)
}

func TestFieldSelection(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	for _, u := range sb.mustGet("/users?fields=sourcedId,%20familyName").records(t, "users") {
		if len(u) != 2 || u["sourcedId"] == nil || u["familyName"] == nil {
			t.Fatalf("fields=sourcedId,familyName gave %v", u)
		}
	}
	one := sb.mustGet("/classes/" + sb.sample.Class + "?fields=title,school").json(t)["class"].(map[string]any)
	if len(one) != 2 || one["title"] == nil || one["school"] == nil {
		t.Fatalf("fields on a single gave %v", one)
	}
	r := sb.get("/users?fields=sourcedId,shoeSize")
	wantError(t, r, http.StatusBadRequest, minorInvalidSelection)
	if !strings.Contains(r.description(t), "shoeSize") {
		t.Errorf("description does not name the field: %s", r.body)
	}
	wantError(t, sb.get("/orgs/org-district?fields=nope"), http.StatusBadRequest, minorInvalidSelection)
}

var linkPart = regexp.MustCompile(`<([^>]*)>; rel="([a-z]+)"`)

// parseLinks reads an RFC 8288 Link header into rel -> URL.
func parseLinks(t *testing.T, h string) map[string]*url.URL {
	t.Helper()
	out := map[string]*url.URL{}
	for _, m := range linkPart.FindAllStringSubmatch(h, -1) {
		u, err := url.Parse(m[1])
		if err != nil || !u.IsAbs() {
			t.Fatalf("Link %q is not an absolute URL", m[1])
		}
		out[m[2]] = u
	}
	return out
}

func TestPagingHeadersAndLinks(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Users: 250}})
	filter := filterQuery("role='student' OR role='teacher'")
	total := len(sb.mustGet("/users?limit=10000&"+filter).records(t, "users"))

	r := sb.mustGet("/users?limit=10&offset=20&sort=sourcedId&" + filter)
	if got := r.header.Get("X-Total-Count"); got != strconv.Itoa(total) {
		t.Fatalf("X-Total-Count %s, want %d", got, total)
	}
	links := parseLinks(t, r.header.Get("Link"))
	last := (total - 1) / 10 * 10
	for rel, offset := range map[string]int{"first": 0, "prev": 10, "next": 30, "last": last} {
		u := links[rel]
		if u == nil {
			t.Fatalf("no rel=%s in %s", rel, r.header.Get("Link"))
		}
		q := u.Query()
		if q.Get("offset") != strconv.Itoa(offset) || q.Get("limit") != "10" {
			t.Errorf("rel=%s: %s, want offset %d limit 10", rel, u, offset)
		}
		if q.Get("filter") != "role='student' OR role='teacher'" || q.Get("sort") != "sourcedId" {
			t.Errorf("rel=%s drops the other parameters: %s", rel, u)
		}
		if u.Host != strings.TrimPrefix(sb.http.URL, "http://") || u.Path != BasePath+"/users" {
			t.Errorf("rel=%s points elsewhere: %s", rel, u)
		}
	}

	// Following next visits every record once, and the last page has no next.
	seen := map[string]bool{}
	next := sb.http.URL + BasePath + "/users?limit=7&" + filter
	pages := 0
	for next != "" {
		r := sb.do(http.MethodGet, next, sb.token, nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", next, r.status)
		}
		for _, id := range r.ids(t, "users") {
			if seen[id] {
				t.Fatalf("%s seen twice", id)
			}
			seen[id] = true
		}
		next = ""
		if u := parseLinks(t, r.header.Get("Link"))["next"]; u != nil {
			next = u.String()
		}
		pages++
	}
	if len(seen) != total || pages != (total+6)/7 {
		t.Fatalf("followed next over %d pages, saw %d records, want %d in %d pages", pages, len(seen), total, (total+6)/7)
	}

	// First page: no prev. Past the end: empty, still 200.
	if _, ok := parseLinks(t, sb.mustGet("/users?limit=10").header.Get("Link"))["prev"]; ok {
		t.Error("first page has rel=prev")
	}
	if got := sb.mustGet("/users?offset=100000").records(t, "users"); len(got) != 0 {
		t.Errorf("offset past the end gave %d records", len(got))
	}
	// Default limit is 100.
	if got := sb.mustGet("/users").records(t, "users"); len(got) != 100 {
		t.Errorf("default page has %d records, want 100", len(got))
	}
	for _, q := range []string{"limit=0", "limit=-1", "limit=ten", "offset=-5"} {
		wantError(t, sb.get("/users?"+q), http.StatusBadRequest, minorInvalidData)
	}
}

func TestNestedEndpoints(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Users: 1000, Seed: 11}})
	x := sb.sample
	// Every student of a school lists the school among its orgs.
	for _, u := range sb.mustGet("/schools/"+x.School+"/students?limit=1000").records(t, "users") {
		if u["role"] != "student" || !strings.Contains(fmt.Sprint(u["orgs"]), x.School) {
			t.Fatalf("/schools/%s/students lists %v", x.School, u)
		}
	}
	// A class's students are the users of its student enrollments.
	var enrolled []string
	for _, e := range sb.mustGet("/schools/"+x.School+"/classes/"+x.Class+"/enrollments").records(t, "enrollments") {
		if e["role"] == "student" {
			enrolled = append(enrolled, e["user"].(map[string]any)["sourcedId"].(string))
		}
	}
	sort.Strings(enrolled)
	students := sb.mustGet("/classes/"+x.Class+"/students").ids(t, "users")
	if len(students) == 0 || !slices.Equal(students, enrolled) {
		t.Fatalf("class students %v, enrollments %v", students, enrolled)
	}
	// The student's classes include the class, and the teacher's too.
	for _, path := range []string{"/students/" + x.Student + "/classes", "/users/" + x.Student + "/classes", "/teachers/" + x.Teacher + "/classes"} {
		if ids := sb.mustGet(path).ids(t, "classes"); !slices.Contains(ids, x.Class) {
			t.Errorf("%s = %v lacks %s", path, ids, x.Class)
		}
	}
	if ids := sb.mustGet("/classes/"+x.Class+"/teachers").ids(t, "users"); !slices.Contains(ids, x.Teacher) {
		t.Errorf("class teachers %v lack %s", ids, x.Teacher)
	}
	if ids := sb.mustGet("/terms/"+x.Term+"/gradingPeriods").ids(t, "academicSessions"); !slices.Contains(ids, x.GradingPeriod) {
		t.Errorf("term grading periods %v lack %s", ids, x.GradingPeriod)
	}
	if ids := sb.mustGet("/users/"+x.Student+"/resources").ids(t, "resources"); !slices.Contains(ids, x.Resource) {
		t.Errorf("user resources %v lack %s", ids, x.Resource)
	}
	// Results of a student in a class are theirs and the class's.
	for _, res := range sb.mustGet("/classes/"+x.Class+"/students/"+x.Student+"/results").records(t, "results") {
		if res["student"].(map[string]any)["sourcedId"] != x.Student {
			t.Errorf("result of another student: %v", res)
		}
	}

	// CountPath counts the active records a path lists.
	for _, path := range []string{"/users", "/schools/" + x.School + "/students", "/schools/" + x.School + "/enrollments",
		"/classes/" + x.Class + "/students", "/schools/" + x.School + "/classes/" + x.Class + "/enrollments",
		"/terms/" + x.Term + "/classes", "/courses/" + x.Course + "/resources", "/classes/" + x.Class + "/results"} {
		active := 0
		for _, rec := range sb.mustGet(path+"?limit=100000").records(t, topicKey(path)) {
			if rec["status"] == "active" {
				active++
			}
		}
		if got := sb.srv.CountPath(path); got != active || active == 0 {
			t.Errorf("CountPath(%s) = %d, want %d (non-zero)", path, got, active)
		}
	}
	for _, path := range []string{"/schools/nope/classes", "/users/" + x.Student, "/nothing"} {
		if got := sb.srv.CountPath(path); got != 0 {
			t.Errorf("CountPath(%s) = %d, want 0", path, got)
		}
	}
	if sb.srv.Count("users") >= len(sb.srv.SourcedIDs("users")) {
		t.Error("Count(users) includes tobedeleted users")
	}

	// Parents must exist and match.
	wantError(t, sb.get("/schools/"+x.OtherSchool+"/classes/"+x.Class+"/students"), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/schools/school-999/classes"), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/students/"+x.Teacher+"/classes"), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/schools/"+x.District), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/terms/"+x.GradingPeriod), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/classes/"+x.Class+"/lineItems/lineitem-99999/results"), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/nothing-here"), http.StatusNotFound, minorUnknownObject)
	r := sb.do(http.MethodPost, "/orgs", sb.token, map[string]any{})
	wantError(t, r, http.StatusMethodNotAllowed, minorUnsupportedOperation)
	if r.header.Get("Allow") != "GET" {
		t.Errorf("Allow %q, want GET", r.header.Get("Allow"))
	}
	r = sb.do(http.MethodPatch, "/lineItems/x", sb.token, map[string]any{})
	wantError(t, r, http.StatusMethodNotAllowed, minorUnsupportedOperation)
	if r.header.Get("Allow") != "GET, PUT, DELETE" {
		t.Errorf("Allow %q", r.header.Get("Allow"))
	}
}

// topicKey returns the collection envelope key of a collection path.
func topicKey(path string) string {
	segs := splitPath(path)
	return topics[segs[(len(segs)-1)/2*2]].many
}
