package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// oneroster_resources reads /resources whole, by class and by course, and
// oneroster_resource reads one resource with every field.
func TestAccResources_listScopedAndSingle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	raw, ok := sb.Server.Record("resources", s.Resource)
	if !ok {
		t.Fatalf("the sandbox has no resource %q", s.Resource)
	}
	res := raw.(model.Resource)
	all := sb.Server.Count("resources")
	withDeleted := len(sb.Server.SourcedIDs("resources"))
	byClass := sb.Server.CountPath("/classes/" + s.Class + "/resources")
	byCourse := sb.Server.CountPath("/courses/" + s.Course + "/resources")
	if all == 0 || withDeleted == all || byClass == 0 || byCourse == 0 {
		t.Fatalf("the sandbox must have active and deleted resources, and some for the sample class and course (all %d, with deleted %d, class %d, course %d)",
			all, withDeleted, byClass, byCourse)
	}
	cfg := providerConfig(sb, "") + fmt.Sprintf(`
data "oneroster_resources" "all" {}

data "oneroster_resources" "with_deleted" {
  include_deleted = true
}

data "oneroster_resources" "class" {
  class_sourced_id = %q
}

data "oneroster_resources" "course" {
  course_sourced_id = %q
}

data "oneroster_resources" "by_vendor" {
  where = [{ field = "vendor_resource_id", value = %q }]
}

data "oneroster_resource" "x" {
  sourced_id = %q
}
`, s.Class, s.Course, res.VendorResourceID, s.Resource)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					sizeCheck("data.oneroster_resources.all", "resources", all),
					sizeCheck("data.oneroster_resources.with_deleted", "resources", withDeleted),
					sizeCheck("data.oneroster_resources.class", "resources", byClass),
					sizeCheck("data.oneroster_resources.course", "resources", byCourse),
					sizeCheck("data.oneroster_resources.by_vendor", "resources", 1),
					statecheck.ExpectKnownValue(
						"data.oneroster_resources.by_vendor",
						tfjsonpath.New("resources").AtSliceIndex(0).AtMapKey("sourced_id"),
						knownvalue.StringExact(s.Resource),
					),
					statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("title"), knownvalue.StringExact(res.Title)),
					statecheck.ExpectKnownValue(
						"data.oneroster_resource.x",
						tfjsonpath.New("vendor_resource_id"),
						knownvalue.StringExact(res.VendorResourceID),
					),
					statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("vendor_id"), knownvalue.StringExact(res.VendorID)),
					statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("importance"), knownvalue.StringExact(res.Importance)),
					statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("role"), knownvalue.StringExact(res.Role)),
					// 1.1 has one role, which roles lists.
					statecheck.ExpectKnownValue(
						"data.oneroster_resource.x",
						tfjsonpath.New("roles"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(res.Role)}),
					),
					statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("application_id"), knownvalue.StringExact(res.ApplicationID)),
				},
			},
			{
				Config:      providerConfig(sb, "") + "data \"oneroster_resource\" \"missing\" {\n  sourced_id = \"no-such-resource\"\n}\n",
				ExpectError: regexp.MustCompile(`No resource with sourcedId "no-such-resource"`),
			},
			{
				Config:      providerConfig(sb, "") + "data \"oneroster_resources\" \"both\" {\n  class_sourced_id = \"a\"\n  course_sourced_id = \"b\"\n}\n",
				PlanOnly:    true,
				ExpectError: wrappedText("class_sourced_id and course_sourced_id cannot be set together"),
			},
			{
				Config:      providerConfig(sb, "") + "data \"oneroster_resources\" \"gone\" {\n  class_sourced_id = \"no-such-class\"\n}\n",
				ExpectError: wrappedText("Cannot read resources", "Check the scoping arguments"),
			},
			{
				// /users/{id}/resources is OneRoster 1.2's only.
				Config:      providerConfig(sb, "") + fmt.Sprintf("data \"oneroster_resources\" \"user\" {\n  user_sourced_id = %q\n}\n", s.Student),
				ExpectError: wrappedText("resources on OneRoster 1.1 has no route /users/{user}/resources (OneRoster 1.2 has it)"),
			},
		},
	})
	if n := sb.Server.Requests("/users/" + s.Student + "/resources"); n != 0 {
		t.Errorf("%d requests were sent for a route OneRoster 1.1 lacks", n)
	}
}

// A server without resources (many leave them out) says so, and a client
// without the resource scope is told which scope it lacks.
func TestAccResources_unsupportedAndForbidden(t *testing.T) {
	testUnsupportedTopic(t, "resources", "resources")
	t.Run("forbidden", func(t *testing.T) {
		sb := acctest.Sandbox(t, sandbox.Options{})
		cfg := gradebookProvider(
			sb.BaseURL,
			sb.TokenURL,
			sandbox.ClientID,
			sandbox.ClientSecret,
			oneroster.ScopeRosterCoreReadonly,
			oneroster.ScopeRosterReadonly,
		) +
			fmt.Sprintf(
				"data \"oneroster_resources\" \"class\" {\n  class_sourced_id = %q\n}\n",
				sb.Server.Sample().Class,
			)
		resource.ParallelTest(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			Steps: []resource.TestStep{{
				Config:      cfg,
				ExpectError: wrappedText("Not allowed to read resources", "needs "+oneroster.ScopeResourceReadonly),
			}},
		})
	})
}

// On OneRoster 1.2, resources come from the resources service with their
// roles[], a user's own resources are listed on the user, and
// user_sourced_id reads /users/{id}/resources: the user's own and those
// of its classes and courses.
func TestAccResources_v1p2(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	raw, ok := sb.Server.Record("resources", s.Resource)
	if !ok {
		t.Fatalf("the sandbox has no resource %q", s.Resource)
	}
	res := raw.(model.Resource)
	if len(res.Roles) == 0 {
		t.Fatalf("the sample resource %q has no 1.2 roles", s.Resource)
	}
	var user model.User
	for _, id := range sb.Server.SourcedIDs("users") {
		u, active := sandboxRecord[model.User](sb.Server, "users", id)
		if !active || len(u.Resources) == 0 {
			continue
		}
		if _, resourceActive := sandboxRecord[model.Resource](sb.Server, "resources", u.Resources[0].SourcedID); resourceActive {
			user = u
			break
		}
	}
	if user.SourcedID == "" {
		t.Fatal("no user of the sandbox has an active resource of its own")
	}
	byUser := sb.Server.CountPath("/users/" + user.SourcedID + "/resources")
	roles := make([]knownvalue.Check, len(res.Roles))
	for i, r := range res.Roles {
		roles[i] = knownvalue.StringExact(r)
	}
	own := make([]knownvalue.Check, len(user.Resources))
	for i, r := range user.Resources {
		own[i] = knownvalue.StringExact(r.SourcedID)
	}
	cfg := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "") + fmt.Sprintf(`
data "oneroster_resource" "x" {
  sourced_id = %q
}

data "oneroster_resources" "user" {
  user_sourced_id = %[2]q
}

data "oneroster_user" "u" {
  sourced_id = %[2]q
}
`, s.Resource, user.SourcedID)
	sb.Server.ResetRequests()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("roles"), knownvalue.ListExact(roles)),
				statecheck.ExpectKnownValue("data.oneroster_resource.x", tfjsonpath.New("role"), knownvalue.StringExact(res.Roles[0])),
				sizeCheck("data.oneroster_resources.user", "resources", byUser),
				statecheck.ExpectKnownValue("data.oneroster_user.u", tfjsonpath.New("resource_sourced_ids"), knownvalue.ListExact(own)),
			},
		}},
	})
	if byUser < len(user.Resources) {
		t.Errorf("/users/%s/resources lists %d resources, fewer than the user's own %d", user.SourcedID, byUser, len(user.Resources))
	}
	if n := sb.Server.RequestsUnder(sandbox.BasePathResourcesV1p2, "/resources/"+s.Resource); n == 0 {
		t.Error("the resource was not read from the 1.2 resources service")
	}
}
