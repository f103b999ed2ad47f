package sandbox

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

func TestDistrictDefaultSize(t *testing.T) {
	s := New(Options{})
	if n := len(s.SourcedIDs("users")); n != DefaultUsers {
		t.Errorf("%d users, want %d", n, DefaultUsers)
	}
	want := map[string]int{"orgs": 3, "schools": 2, "academicSessions": 7, "terms": 2, "gradingPeriods": 4, "courses": 12, "categories": 4}
	for collection, n := range want {
		if got := s.Count(collection); got != n {
			t.Errorf("Count(%s) = %d, want %d", collection, got, n)
		}
	}
	for collection, atLeast := range map[string]int{
		"students": 45, "teachers": 4, "classes": 12, "enrollments": 180, "demographics": 45,
		"lineItems": 30, "results": 300, "resources": 2,
	} {
		if got := s.Count(collection); got < atLeast {
			t.Errorf("Count(%s) = %d, want at least %d", collection, got, atLeast)
		}
	}
	if s.Count("nonsense") != 0 || s.SourcedIDs("nonsense") != nil {
		t.Error("an unknown collection is not empty")
	}
	if s.FirstSourcedID("schools") != "school-001" || s.FirstSourcedID("students") != "student-000001" {
		t.Errorf("first ids: %s %s", s.FirstSourcedID("schools"), s.FirstSourcedID("students"))
	}
}

func TestDistrictIsDeterministic(t *testing.T) {
	render := func(spec DistrictSpec) []byte {
		sb := newTestSandbox(t, Options{District: spec})
		var all []byte
		for _, p := range []string{"/users", "/classes", "/enrollments", "/demographics", "/results", "/orgs", "/courses"} {
			all = append(all, sb.mustGet(p+"?limit=100000").body...)
		}
		for _, p := range []string{"/categories", "/lineItems", "/results", "/scoreScales", "/assessmentLineItems", "/assessmentResults"} {
			all = append(all, sb.mustGet(sb.http.URL+BasePathGradebookV1p2+p+"?limit=100000").body...)
		}
		return bytes.ReplaceAll(all, []byte(sb.http.URL), nil)
	}
	a := render(DistrictSpec{Seed: 42, Users: 500})
	b := render(DistrictSpec{Seed: 42, Users: 500})
	if !bytes.Equal(a, b) {
		t.Fatal("the same spec generated different data")
	}
	if bytes.Equal(a, render(DistrictSpec{Seed: 43, Users: 500})) {
		t.Fatal("another seed generated the same data")
	}
}

var idPatterns = map[string]*regexp.Regexp{
	"orgs":             regexp.MustCompile(`^(org-district|school-\d{3,})$`),
	"academicSessions": regexp.MustCompile(`^(session|term|gp)-2025(-\d)?$`),
	"courses":          regexp.MustCompile(`^course-\d{4,}$`),
	"classes":          regexp.MustCompile(`^class-\d{5,}$`),
	"users":            regexp.MustCompile(`^(admin-\d{3,}|guardian-\d{4,}|student-\d{6,}|teacher-\d{5,})$`),
	"enrollments":      regexp.MustCompile(`^enrollment-\d{7,}$`),
	"lineItems":        regexp.MustCompile(`^lineitem-\d{5,}$`),
	"results":          regexp.MustCompile(`^result-\d{6,}$`),
	// OneRoster 1.2 only.
	"scoreScales":         regexp.MustCompile(`^scorescale-\d{4,}$`),
	"assessmentLineItems": regexp.MustCompile(`^assessment-\d{4,}$`),
	"assessmentResults":   regexp.MustCompile(`^assessmentresult-\d{6,}$`),
}

func TestDistrictShape(t *testing.T) {
	s := New(Options{District: DistrictSpec{Seed: 5, Users: 3000}})
	d := s.data
	for collection, re := range idPatterns {
		ids := s.SourcedIDs(collection)
		seen := map[string]bool{}
		for _, id := range ids {
			if !re.MatchString(id) || seen[id] {
				t.Fatalf("%s: id %q is unreadable or repeated", collection, id)
			}
			seen[id] = true
		}
	}
	users := len(d.users.items)
	if users != 3000 || len(d.schools) != 6 {
		t.Errorf("%d users in %d schools", users, len(d.schools))
	}
	if n := len(d.teachers); n != 150 {
		t.Errorf("%d teachers, want 1 in 20", n)
	}

	// People: exactly one O'Brien, Zoë and Müller; about 1 in 100 students
	// tobedeleted; optional fields sometimes absent.
	names := map[string]int{}
	deleted, middle := 0, 0
	for _, rec := range d.users.items {
		u := rec.(*model.User)
		names[u.FamilyName]++
		names[u.GivenName]++
		if u.IsDeleted() {
			deleted++
		}
		if u.MiddleName != "" {
			middle++
		}
		if len(u.Orgs) == 0 || u.Username == "" || u.GivenName == "" {
			t.Fatalf("user lacks required fields: %+v", u)
		}
	}
	for _, name := range []string{"O'Brien", "Zoë", "Müller"} {
		if names[name] != 1 {
			t.Errorf("%d users named %s, want 1", names[name], name)
		}
	}
	if deleted < users/200 || deleted > users/50 {
		t.Errorf("%d tobedeleted users of %d", deleted, users)
	}
	if middle == 0 || middle == users {
		t.Errorf("middleName on %d of %d users; want some but not all", middle, users)
	}

	// Every student takes four classes of their own school; every class
	// has one primary teacher and its course belongs to its school.
	for _, rec := range d.students {
		u := rec.(*model.User)
		classes := d.classesByUser[u.SourcedID]
		if len(classes) != 4 {
			t.Fatalf("%s takes %d classes", u.SourcedID, len(classes))
		}
		for _, c := range classes {
			if model.RefID(c.(*model.Class).School) != u.Orgs[0].SourcedID {
				t.Fatalf("%s takes %s of another school", u.SourcedID, idOf(c))
			}
		}
	}
	for _, rec := range d.classes.items {
		c := rec.(*model.Class)
		primaries := 0
		for _, e := range d.enrollmentsByClass[c.SourcedID] {
			if en := e.(*model.Enrollment); en.Role == "teacher" && en.Primary != nil && bool(*en.Primary) {
				primaries++
			}
		}
		if primaries != 1 {
			t.Fatalf("%s has %d primary teachers", c.SourcedID, primaries)
		}
		course := d.courses.get(c.Course.SourcedID).(*model.Course)
		if model.RefID(course.Org) != c.School.SourcedID || len(c.Terms) == 0 || len(c.Periods) == 0 {
			t.Fatalf("class %+v does not fit its course %+v", c, course)
		}
	}
	// Every student has demographics under the same sourcedId.
	if len(d.demographics.items) != len(d.students) {
		t.Errorf("%d demographics for %d students", len(d.demographics.items), len(d.students))
	}
	for i, rec := range d.demographics.items {
		if idOf(rec) != idOf(d.students[i]) {
			t.Fatalf("demographics %s for student %s", idOf(rec), idOf(d.students[i]))
		}
	}
	// Results belong to students enrolled in the line item's class.
	for _, rec := range d.results.items {
		res := rec.(*model.Result)
		li := d.lineItems.get(res.LineItem.SourcedID).(*model.LineItem)
		in := false
		for _, c := range d.classesByUser[res.Student.SourcedID] {
			in = in || idOf(c) == li.Class.SourcedID
		}
		if !in {
			t.Fatalf("%s: %s is not in %s", res.SourcedID, res.Student.SourcedID, li.Class.SourcedID)
		}
	}
}

func TestDistrictSmallest(t *testing.T) {
	s := New(Options{District: DistrictSpec{Users: 1}})
	if n := len(s.SourcedIDs("users")); n != MinUsers {
		t.Fatalf("%d users, want the minimum %d", n, MinUsers)
	}
	x := s.Sample()
	for name, id := range map[string]string{"Class": x.Class, "Student": x.Student, "Teacher": x.Teacher, "LineItem": x.LineItem,
		"Result": x.Result, "Enrollment": x.Enrollment, "Resource": x.Resource, "DeletedUser": x.DeletedUser, "OtherSchool": x.OtherSchool} {
		if id == "" {
			t.Errorf("Sample.%s is empty", name)
		}
	}
}

func TestDistrictLarge(t *testing.T) {
	sb := newTestSandbox(t, Options{District: DistrictSpec{Users: 100000}})
	if n := len(sb.srv.SourcedIDs("users")); n != 100000 {
		t.Fatalf("%d users", n)
	}
	r := sb.mustGet("/users?limit=100&offset=99900")
	if ids := r.ids(t, "users"); len(ids) != 100 || r.header.Get("X-Total-Count") != "100000" {
		t.Fatalf("last page: %d records, total %s", len(ids), r.header.Get("X-Total-Count"))
	}
	if ids := sb.mustGet("/users?"+filterQuery("familyName='O''Brien'")).ids(t, "users"); len(ids) != 1 {
		t.Fatalf("O'Brien among 100,000: %v", ids)
	}
}
