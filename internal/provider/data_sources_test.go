package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// providerConfig configures the provider block for the sandbox with OAuth 2
// client credentials.
func providerConfig(sb *sandbox.Running, extra string) string {
	return fmt.Sprintf(`
provider "oneroster" {
  base_url = %q
  oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
  }
  %s
}
`, sb.BaseURL, sandbox.ClientID, sandbox.ClientSecret, sb.TokenURL, extra)
}

// listTopics maps each list data source to the collection it reads.
var listTopics = map[string]string{
	"orgs": "orgs", "schools": "schools", "classes": "classes", "courses": "courses",
	"users": "users", "students": "students", "teachers": "teachers", "terms": "terms",
	"academic_sessions": "academicSessions", "grading_periods": "gradingPeriods",
	"enrollments": "enrollments", "demographics": "demographics",
}

func sizeCheck(addr, attr string, n int) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.ListSizeExact(n))
}

// Every list data source returns exactly the active records of its topic.
func TestAccDataSources_counts(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	var cfg strings.Builder
	cfg.WriteString(providerConfig(sb, ""))
	var checks []statecheck.StateCheck
	for attr, collection := range listTopics {
		fmt.Fprintf(&cfg, "data %q \"all\" {}\n", "oneroster_"+attr)
		checks = append(checks, sizeCheck("data.oneroster_"+attr+".all", attr, sb.Server.Count(collection)))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps:                    []resource.TestStep{{Config: cfg.String(), ConfigStateChecks: checks}},
	})
}

// Single data sources read one record each, with its fields typed and its
// references flattened.
func TestAccDataSources_single(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	rec := func(collection, id string) any {
		r, ok := sb.Server.Record(collection, id)
		if !ok {
			t.Fatalf("sandbox has no %s %s", collection, id)
		}
		return r
	}
	student := rec("users", s.Student).(model.User)
	class := rec("classes", s.Class).(model.Class)
	enrollment := rec("enrollments", s.Enrollment).(model.Enrollment)
	term := rec("terms", s.Term).(model.AcademicSession)
	singles := map[string]string{
		"org": s.District, "school": s.School, "class": s.Class, "course": s.Course, "user": s.Student,
		"student": s.Student, "teacher": s.Teacher, "term": s.Term, "academic_session": s.SchoolYear,
		"grading_period": s.GradingPeriod, "enrollment": s.Enrollment, "demographic": s.Student,
	}
	var cfg strings.Builder
	cfg.WriteString(providerConfig(sb, ""))
	var checks []statecheck.StateCheck
	for name, id := range singles {
		fmt.Fprintf(&cfg, "data %q \"x\" {\n  sourced_id = %q\n}\n", "oneroster_"+name, id)
		checks = append(checks, statecheck.ExpectKnownValue("data.oneroster_"+name+".x", tfjsonpath.New("sourced_id"), knownvalue.StringExact(id)))
	}
	checks = append(
		checks,
		statecheck.ExpectKnownValue("data.oneroster_user.x", tfjsonpath.New("family_name"), knownvalue.StringExact(student.FamilyName)),
		statecheck.ExpectKnownValue("data.oneroster_user.x", tfjsonpath.New("role"), knownvalue.StringExact("student")),
		statecheck.ExpectKnownValue("data.oneroster_user.x", tfjsonpath.New("enabled_user"), knownvalue.Bool(bool(*student.EnabledUser))),
		statecheck.ExpectKnownValue("data.oneroster_user.x", tfjsonpath.New("org_sourced_ids"), knownvalue.ListExact(stringValues(model.RefIDs(student.Orgs)))),
		statecheck.ExpectKnownValue("data.oneroster_class.x", tfjsonpath.New("school_sourced_id"), knownvalue.StringExact(s.School)),
		statecheck.ExpectKnownValue(
			"data.oneroster_class.x",
			tfjsonpath.New("term_sourced_ids"),
			knownvalue.ListExact(stringValues(model.RefIDs(class.Terms))),
		),
		statecheck.ExpectKnownValue("data.oneroster_class.x", tfjsonpath.New("title"), knownvalue.StringExact(class.Title)),
		statecheck.ExpectKnownValue("data.oneroster_enrollment.x", tfjsonpath.New("class_sourced_id"), knownvalue.StringExact(s.Class)),
		statecheck.ExpectKnownValue("data.oneroster_enrollment.x", tfjsonpath.New("user_sourced_id"), knownvalue.StringExact(s.Student)),
		statecheck.ExpectKnownValue("data.oneroster_enrollment.x", tfjsonpath.New("role"), knownvalue.StringExact(enrollment.Role)),
		statecheck.ExpectKnownValue("data.oneroster_term.x", tfjsonpath.New("start_date"), knownvalue.StringExact(term.StartDate)),
		statecheck.ExpectKnownValue("data.oneroster_term.x", tfjsonpath.New("parent_sourced_id"), knownvalue.StringExact(s.SchoolYear)),
		statecheck.ExpectKnownValue("data.oneroster_org.x", tfjsonpath.New("type"), knownvalue.StringExact("district")),
	)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: cfg.String(), ConfigStateChecks: checks},
			{
				Config:      providerConfig(sb, "") + "data \"oneroster_user\" \"missing\" {\n  sourced_id = \"no-such-user\"\n}\n",
				ExpectError: regexp.MustCompile(`No user with sourcedId "no-such-user"`),
			},
		},
	})
}

// Scoping arguments read the spec's nested endpoints.
func TestAccDataSources_scoping(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	cases := []struct {
		ds, args, path string
	}{
		{"classes", `school_sourced_id = %q`, "/schools/" + s.School + "/classes"},
		{"classes", `term_sourced_id = %q`, "/terms/" + s.Term + "/classes"},
		{"classes", `course_sourced_id = %q`, "/courses/" + s.Course + "/classes"},
		{"classes", `student_sourced_id = %q`, "/students/" + s.Student + "/classes"},
		{"classes", `teacher_sourced_id = %q`, "/teachers/" + s.Teacher + "/classes"},
		{"classes", `user_sourced_id = %q`, "/users/" + s.Student + "/classes"},
		{"students", `school_sourced_id = %q`, "/schools/" + s.School + "/students"},
		{"students", `class_sourced_id = %q`, "/classes/" + s.Class + "/students"},
		{"teachers", `class_sourced_id = %q`, "/classes/" + s.Class + "/teachers"},
		{"enrollments", `school_sourced_id = %q`, "/schools/" + s.School + "/enrollments"},
		{"enrollments", `class_sourced_id = %q`, "/schools/" + s.School + "/classes/" + s.Class + "/enrollments"},
		{"terms", `school_sourced_id = %q`, "/schools/" + s.School + "/terms"},
		{"courses", `school_sourced_id = %q`, "/schools/" + s.School + "/courses"},
		{"grading_periods", `term_sourced_id = %q`, "/terms/" + s.Term + "/gradingPeriods"},
	}
	var cfg strings.Builder
	cfg.WriteString(providerConfig(sb, ""))
	var checks []statecheck.StateCheck
	for i, c := range cases {
		id := c.path[strings.Index(c.path[1:], "/")+2:]
		id = id[:strings.Index(id, "/")]
		if c.ds == "enrollments" && strings.Contains(c.path, "/classes/") {
			id = s.Class
		}
		fmt.Fprintf(&cfg, "data %q \"s%d\" {\n  %s\n}\n", "oneroster_"+c.ds, i, fmt.Sprintf(c.args, id))
		want := sb.Server.CountPath(c.path)
		if want == 0 {
			t.Fatalf("sandbox serves no records at %s: the test would prove nothing", c.path)
		}
		checks = append(checks, sizeCheck(fmt.Sprintf("data.oneroster_%s.s%d", c.ds, i), c.ds, want))
	}
	// Students of one class of one school: both arguments together.
	fmt.Fprintf(&cfg, "data \"oneroster_students\" \"both\" {\n  school_sourced_id = %q\n  class_sourced_id = %q\n}\n", s.School, s.Class)
	checks = append(checks, sizeCheck("data.oneroster_students.both", "students", sb.Server.CountPath("/schools/"+s.School+"/classes/"+s.Class+"/students")))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps:                    []resource.TestStep{{Config: cfg.String(), ConfigStateChecks: checks}},
	})
}

// Arguments a data source cannot honour are refused at validate time,
// before any request.
func TestAccDataSources_invalidArguments(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := map[string]struct{ body, want string }{
		"scope combination": {
			body: "data \"oneroster_classes\" \"bad\" {\n  school_sourced_id = \"a\"\n  term_sourced_id = \"b\"\n}\n",
			want: `(?s)school_sourced_id\s+and\s+term_sourced_id\s+cannot\s+be\s+set\s+together:\s+set\s+only\s+one`,
		},
		"unknown where field": {
			body: "data \"oneroster_users\" \"bad\" {\n  where = [{ field = \"shoe_size\", value = \"42\" }]\n}\n",
			want: `(?s)user records have no field "shoe_size"`,
		},
		"filter and where": {
			body: "data \"oneroster_users\" \"bad\" {\n  filter = \"role='student'\"\n  where = [{ field = \"role\", value = \"student\" }]\n}\n",
			want: `(?s)"filter".*"where"|"where".*"filter"`,
		},
		"unknown sort field": {
			body: "data \"oneroster_users\" \"bad\" {\n  sort = \"shoe_size\"\n}\n",
			want: `(?s)no field "shoe_size" to sort by`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      providerConfig(sb, "") + tc.body,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// where, filter, sort, fields, include_deleted and max_items.
func TestAccDataSources_queryArguments(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	allUsers := len(sb.Server.SourcedIDs("users"))
	activeUsers := sb.Server.Count("users")
	if allUsers == activeUsers {
		t.Fatal("the sandbox district has no tobedeleted user: include_deleted would prove nothing")
	}
	cfg := providerConfig(sb, "") + `
data "oneroster_users" "obrien" {
  where = [{ field = "family_name", value = "O'Brien" }]
}

data "oneroster_users" "zoe" {
  where = [
    { field = "givenName", value = "Zoë" },
    { field = "family_name", operator = "=", value = "Müller" },
  ]
  logic = "AND"
}

data "oneroster_users" "either" {
  where = [
    { field = "family_name", value = "O'Brien" },
    { field = "family_name", value = "Müller" },
  ]
  logic = "OR"
}

data "oneroster_users" "raw" {
  filter = "familyName='O''Brien'"
}

data "oneroster_users" "sorted" {
  sort     = "family_name"
  order_by = "desc"
  max_items = 3
}

data "oneroster_users" "slim" {
  fields    = ["email", "role"]
  max_items = 1
}

data "oneroster_users" "with_deleted" {
  include_deleted = true
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oneroster_users.obrien", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(
							map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact(s.OBrien), "family_name": knownvalue.StringExact("O'Brien")},
						),
					})),
					statecheck.ExpectKnownValue("data.oneroster_users.zoe", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(
							map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact(s.ZoeMuller), "given_name": knownvalue.StringExact("Zoë")},
						),
					})),
					sizeCheck("data.oneroster_users.either", "users", 2),
					statecheck.ExpectKnownValue(
						"data.oneroster_users.raw",
						tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("sourced_id"),
						knownvalue.StringExact(s.OBrien),
					),
					sizeCheck("data.oneroster_users.sorted", "users", 3),
					sizeCheck("data.oneroster_users.slim", "users", 1),
					statecheck.ExpectKnownValue(
						"data.oneroster_users.slim",
						tfjsonpath.New("users").AtSliceIndex(0),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"sourced_id":  knownvalue.NotNull(),
							"role":        knownvalue.NotNull(),
							"family_name": knownvalue.Null(),
							"username":    knownvalue.Null(),
						}),
					),
					sizeCheck("data.oneroster_users.with_deleted", "users", allUsers),
					sortedDescending("data.oneroster_users.sorted", sb),
				},
			},
		},
	})
}

// A filter the server rejects is reported against the filter argument,
// naming the field.
func TestAccDataSources_serverRejectsFilter(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      providerConfig(sb, "") + "data \"oneroster_users\" \"bad\" {\n  filter = \"shoeSize='42'\"\n}\n",
			ExpectError: regexp.MustCompile(`(?s)The server rejected filter.*invalid_filter_field.*shoeSize`),
		}},
	})
}

// A topic the server does not implement fails with a message that says so.
func TestAccDataSources_unsupportedTopic(t *testing.T) {
	testUnsupportedTopic(t, "demographics", "demographics")
}

// testUnsupportedTopic reads the list data source ds from a server that
// answers 404, then 501, for topic, and expects the error to say the
// server does not support it.
func testUnsupportedTopic(t *testing.T, topic, ds string) {
	for _, status := range []int{404, 501} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{Unsupported: map[string]int{topic: status}}})
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      providerConfig(sb, "") + fmt.Sprintf("data \"oneroster_%s\" \"all\" {}\n", ds),
					ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)The server does not support %s.*%d`, ds, status)),
				}},
			})
		})
	}
}

// sortedDescending checks that the first family name is the greatest one
// among active users.
func sortedDescending(addr string, sb *sandbox.Running) statecheck.StateCheck {
	greatest := ""
	for _, id := range sb.Server.SourcedIDs("users") {
		r, _ := sb.Server.Record("users", id)
		u := r.(model.User)
		if !u.IsDeleted() && u.FamilyName > greatest {
			greatest = u.FamilyName
		}
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("family_name"), knownvalue.StringExact(greatest))
}

// Every paging and encoding quirk of real servers yields exactly the same
// records as a well-behaved server.
func TestAccDataSources_quirks(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 120}})
	quirks := map[string]sandbox.Quirks{
		"well_behaved":    {},
		"no_link":         {NoLinkHeader: true},
		"no_total":        {NoTotalCount: true},
		"no_link_total":   {NoLinkHeader: true, NoTotalCount: true},
		"capped_limit":    {LimitCap: 7},
		"capped_no_hints": {LimitCap: 7, NoLinkHeader: true, NoTotalCount: true},
		"string_booleans": {Booleans: "string"},
		"number_booleans": {Booleans: "number"},
		"tilde_hrefs":     {Hrefs: "tilde"},
		"no_hrefs":        {Hrefs: "none"},
		"nulls":           {Nulls: true},
	}
	cfg := providerConfig(sb, "page_size = 20") + `
data "oneroster_users" "all" {}
data "oneroster_enrollments" "all" {}
`
	want := []statecheck.StateCheck{
		sizeCheck("data.oneroster_users.all", "users", sb.Server.Count("users")),
		sizeCheck("data.oneroster_enrollments.all", "enrollments", sb.Server.Count("enrollments")),
		statecheck.ExpectKnownValue("data.oneroster_users.all", tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("enabled_user"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(
			"data.oneroster_enrollments.all",
			tfjsonpath.New("enrollments").AtSliceIndex(0).AtMapKey("class_sourced_id"),
			knownvalue.NotNull(),
		),
	}
	// Each quirk must reproduce the records of every other, value for value.
	sameUsers := statecheck.CompareValue(compare.ValuesSame())
	sameEnrollments := statecheck.CompareValue(compare.ValuesSame())
	var steps []resource.TestStep
	for name, q := range quirks {
		checks := append([]statecheck.StateCheck{
			sameUsers.AddStateValue("data.oneroster_users.all", tfjsonpath.New("users")),
			sameEnrollments.AddStateValue("data.oneroster_enrollments.all", tfjsonpath.New("enrollments")),
		}, want...)
		steps = append(steps, resource.TestStep{
			PreConfig:         func() { t.Logf("quirk %s", name); sb.Server.SetQuirks(q) },
			Config:            cfg + fmt.Sprintf("# quirk %s\n", name),
			ConfigStateChecks: checks,
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps:                    steps,
	})
}
