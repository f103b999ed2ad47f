package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// v1p2DataSources reads the rostering topics a district integration
// uses, and renders as the output "shared" every attribute the two
// versions share (all but the 1.2 ones), as JSON.
func v1p2DataSources(school, teacher string) string {
	return fmt.Sprintf(`
data "oneroster_orgs" "all" {}
data "oneroster_academic_sessions" "all" {}
data "oneroster_classes" "school" {
  school_sourced_id = %[1]q
}
data "oneroster_enrollments" "school" {
  school_sourced_id = %[1]q
}
data "oneroster_users" "all" {}
data "oneroster_teacher" "multi_role" {
  sourced_id = %[2]q
}

locals {
  v12_only = [
    "roles", "user_profiles", "primary_org_sourced_id", "preferred_first_name", "preferred_middle_name",
    "preferred_last_name", "pronouns", "user_master_identifier", "resource_sourced_ids",
  ]
}

output "shared" {
  value = jsonencode({
    orgs        = data.oneroster_orgs.all.orgs
    sessions    = data.oneroster_academic_sessions.all.academic_sessions
    classes     = data.oneroster_classes.school.classes
    enrollments = data.oneroster_enrollments.school.enrollments
    users       = [for u in data.oneroster_users.all.users : { for k, v in u : k => v if !contains(local.v12_only, k) }]
    teacher     = { for k, v in data.oneroster_teacher.multi_role : k => v if !contains(local.v12_only, k) }
  })
}

output "counts" {
  value = [length(data.oneroster_users.all.users), length(data.oneroster_enrollments.school.enrollments), length(data.oneroster_classes.school.classes)]
}
`, school, teacher)
}

// sameAs is a knownvalue check that records the first value it sees and
// wants every later one equal to it.
type sameAs struct{ first *string }

func (c sameAs) CheckValue(v any) error {
	s, ok := v.(string)
	switch {
	case !ok:
		return fmt.Errorf("want a string, got %T", v)
	case *c.first == "":
		*c.first = s
	case s != *c.first:
		return fmt.Errorf("differs from the first reading:\n%s\nfirst:\n%s", s, *c.first)
	}
	return nil
}

func (c sameAs) String() string { return "the same as the first reading" }

// The same data-source configuration against a 1.1 and a 1.2 base URL of
// one district gives the same values for every attribute the versions
// share; the 1.2 attributes show on 1.2 only. (One provider block per
// step: an in-process provider serves every alias of a configuration with
// the configuration of the last one.)
func TestAccV1p2_sameOutputsAsV1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 200}})
	x := sb.Server.Sample()
	if x.MultiRoleTeacher == "" {
		t.Fatal("the district has no multi-role teacher")
	}
	data := v1p2DataSources(x.School, x.MultiRoleTeacher)
	counts := knownvalue.ListExact([]knownvalue.Check{
		knownvalue.Int64Exact(int64(sb.Server.CountPath("/users"))),
		knownvalue.Int64Exact(int64(sb.Server.CountPath("/schools/" + x.School + "/enrollments"))),
		knownvalue.Int64Exact(int64(sb.Server.CountPath("/schools/" + x.School + "/classes"))),
	})
	shared := sameAs{first: new(string)}
	profile := "https://admin.sandbox-usd.example.org/profiles/" + x.MultiRoleTeacher
	teacher := "data.oneroster_teacher.multi_role"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: clientCredentialsProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientSecret, "") + data,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("shared", shared),
					statecheck.ExpectKnownOutputValue("counts", counts),
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("role"), knownvalue.StringExact("teacher")),
					// 1.1 has one role and the orgs, from which roles is
					// derived: one per org, the first primary.
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("roles"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(
							map[string]knownvalue.Check{"role_type": knownvalue.StringExact("primary"), "role": knownvalue.StringExact("teacher"),
								"org_sourced_id": knownvalue.StringExact(
									x.School,
								), "begin_date": knownvalue.StringExact(""), "end_date": knownvalue.StringExact(""), "user_profile": knownvalue.StringExact("")},
						),
					})),
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("user_master_identifier"), knownvalue.Null()),
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("user_profiles"), knownvalue.Null()),
				},
			},
			{
				Config: clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "") + data,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("shared", shared),
					statecheck.ExpectKnownOutputValue("counts", counts),
					// The multi-role teacher: its roles primary first,
					// though the server lists the primary one second.
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("roles"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(
							map[string]knownvalue.Check{
								"role_type":      knownvalue.StringExact("primary"),
								"role":           knownvalue.StringExact("teacher"),
								"org_sourced_id": knownvalue.StringExact(x.School),
							},
						),
						knownvalue.ObjectPartial(
							map[string]knownvalue.Check{
								"role_type":    knownvalue.StringExact("secondary"),
								"role":         knownvalue.StringExact("administrator"),
								"begin_date":   knownvalue.StringExact("2024-08-01"),
								"user_profile": knownvalue.StringExact(profile),
							},
						),
					})),
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("user_profiles"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(
							map[string]knownvalue.Check{"profile_id": knownvalue.StringExact(profile), "profile_type": knownvalue.StringExact("admin-console"),
								"vendor_id": knownvalue.StringExact(
									"sandbox-usd",
								), "application_id": knownvalue.StringExact(""), "description": knownvalue.StringExact("District admin console")},
						),
					})),
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("user_master_identifier"), knownvalue.StringExact("UMI-"+x.MultiRoleTeacher)),
					statecheck.ExpectKnownValue(teacher, tfjsonpath.New("primary_org_sourced_id"), knownvalue.StringExact(x.School)),
				},
			},
		},
	})
	if *shared.first == "" || len(*shared.first) < 1000 {
		t.Errorf("the shared reading is implausibly small: %q", *shared.first)
	}
}

// oneroster_connection reports the version it detected, and refuses at
// plan time a version setting its base URL contradicts, an oauth1 block
// against 1.2, and gradebook probes on 1.2.
func TestAccV1p2_connectionVersion(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 120}})
	connection := func(baseURL, extra string) string {
		return fmt.Sprintf(`
resource "oneroster_connection" "c" {
  name     = "district"
  base_url = %q
  %s
  oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
  }
}
`, baseURL, extra, sandbox.ClientID, sandbox.ClientSecret, sb.TokenURL)
	}
	oauth1On12 := fmt.Sprintf(`
resource "oneroster_connection" "c" {
  name     = "district"
  base_url = %q
  oauth1 = {
    consumer_key    = %q
    consumer_secret = %q
  }
}
`, sb.BaseURLV1p2, sandbox.ConsumerKey, sandbox.ConsumerSecret)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:             connection(sb.BaseURL, `oneroster_version = "1.2"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ExpectError:        wrappedText(`oneroster_version is "1.2", but the base URL`, "is a OneRoster 1.1 service"),
			},
			{
				Config:      oauth1On12,
				PlanOnly:    true,
				ExpectError: wrappedText("OneRoster 1.2 is OAuth 2 only"),
			},
			{
				Config: connection(sb.BaseURLV1p2, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("oneroster_connection.c", tfjsonpath.New("oneroster_version"), knownvalue.StringExact("1.2")),
					statecheck.ExpectKnownValue("oneroster_connection.c", tfjsonpath.New("available_topics"), knownvalue.ListSizeExact(10)),
				},
			},
			{
				Config: connection(sb.BaseURL, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("oneroster_connection.c", tfjsonpath.New("oneroster_version"), knownvalue.StringExact("1.1")),
				},
			},
		},
	})
}

// gradebook_base_url sends a 1.2 provider's gradebook requests where a
// vendor hosts its gradebook, here the sandbox's 1.1 path (the one server
// answers both); rostering reads stay on base_url.
func TestAccV1p2_gradebookBaseURL(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 120}})
	cfg := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "gradebook_base_url = \""+sb.BaseURL+"\"") + `
data "oneroster_line_items" "all" {}
data "oneroster_schools" "all" {}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(
					"data.oneroster_line_items.all",
					tfjsonpath.New("line_items"),
					knownvalue.ListSizeExact(sb.Server.Count("lineItems")),
				),
			},
		}},
	})
	if n := sb.Server.Requests("/lineItems"); n == 0 {
		t.Error("no request reached the gradebook at gradebook_base_url")
	}
	if n := sb.Server.Requests("/schools"); n != 0 {
		t.Errorf("%d rostering requests went to gradebook_base_url", n)
	}
}

// A read that 1.2 credentials lack the scope for names the 1.2 scope: the
// read-only client holds only 1.1's roster-core.readonly.
func TestAccV1p2_scopeHintNamesTheV1p2Scope(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 120}})
	x := sb.Server.Sample()
	provider := oauth2ClientProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ReadOnlyClientID, sandbox.ReadOnlyClientSecret, "", "")
	for name, data := range map[string]string{
		"list":   "\ndata \"oneroster_orgs\" \"all\" {}\n",
		"single": fmt.Sprintf("\ndata \"oneroster_school\" \"one\" {\n  sourced_id = %q\n}\n", x.School),
		"nested": fmt.Sprintf("\ndata \"oneroster_classes\" \"school\" {\n  school_sourced_id = %q\n}\n", x.School),
	} {
		t.Run(name, func(t *testing.T) {
			scope := "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"
			if name == "nested" {
				scope = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly"
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      provider + data,
					ExpectError: wrappedText("lack", scope),
				}},
			})
		})
	}
}

// "The teachers of this school" is asked of a 1.2 server through its
// roles: where clauses on roles.role and roles.org_sourced_id become the
// filter roles.role='teacher' AND roles.org.sourcedId='…', and find the
// teachers the school's own endpoint lists.
func TestAccV1p2_whereOnRoles(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 200}})
	x := sb.Server.Sample()
	cfg := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "") + fmt.Sprintf(`
data "oneroster_users" "teachers" {
  where = [
    { field = "roles.role", value = "teacher" },
    { field = "roles.org_sourced_id", value = %q },
  ]
}
data "oneroster_teachers" "school" {
  school_sourced_id = %q
}
output "same" {
  value = sort(data.oneroster_users.teachers.users[*].sourced_id) == sort(data.oneroster_teachers.school.teachers[*].sourced_id)
}
`, x.School, x.School)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(
					"data.oneroster_users.teachers",
					tfjsonpath.New("users"),
					knownvalue.ListSizeExact(sb.Server.CountPath("/schools/"+x.School+"/teachers")),
				),
			},
		}},
	})
}

// A 1.1 configuration's where on role and org_sourced_ids keeps working
// on a 1.2 server, whose users have roles instead (roles.role,
// roles.org.sourcedId), and finds the same teachers on both; fields that
// one version's servers lack are refused before any request.
func TestAccV1p2_queriesAcrossVersions(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 200}})
	x := sb.Server.Sample()
	teachers := fmt.Sprintf(`
data "oneroster_users" "teachers" {
  where = [
    { field = "role", value = "teacher" },
    { field = "org_sourced_ids", value = %q },
  ]
  fields = ["given_name", "role", "org_sourced_ids"]
}
`, x.School)
	want := sb.Server.CountPath("/schools/" + x.School + "/teachers")
	onlyV1p2 := `
data "oneroster_users" "by_pronouns" {
  where = [{ field = "pronouns", value = "she/her" }]
}
`
	v11 := clientCredentialsProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientSecret, "")
	v12 := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	roleOf := func(i int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(
			"data.oneroster_users.teachers",
			tfjsonpath.New("users").AtSliceIndex(i).AtMapKey("role"),
			knownvalue.StringExact("teacher"),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: v11 + teachers,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oneroster_users.teachers", tfjsonpath.New("users"), knownvalue.ListSizeExact(want)),
					roleOf(0),
				},
			},
			{
				Config: v12 + teachers,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oneroster_users.teachers", tfjsonpath.New("users"), knownvalue.ListSizeExact(want)),
					roleOf(0),
				},
			},
			{
				Config:      v11 + onlyV1p2,
				ExpectError: wrappedText(`"pronouns" is a OneRoster 1.2 field, and this provider speaks OneRoster 1.1`),
			},
		},
	})
}
