package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Every gradebook resource has id, its sourcedId: the CLI prints it after
// a create ("Creation complete after 0s [id=…]"), an update plans it as
// known, and a generated sourcedId is the id too.
func TestAccGradebookResources_id(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	config := func(description string) string {
		return requiredProviders + sandboxProvider(sb) + fmt.Sprintf(`
resource "oneroster_category" "named" {
  sourced_id = "cat-id"
  title      = "Quizzes"
}

resource "oneroster_category" "generated" {
  title = "Homework"
}

resource "oneroster_line_item" "essay" {
  sourced_id          = "li-id"
  title               = "Essay"
  description         = %q
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %q
  category_sourced_id = oneroster_category.named.sourced_id
}

resource "oneroster_result" "score" {
  line_item_sourced_id = oneroster_line_item.essay.sourced_id
  student_sourced_id   = %q
  score_status         = "submitted"
  score                = 7
}
`, description, s.Class, s.Student)
	}
	ws := newCLIWorkspace(t, map[string]string{"main.tf": config("first")})
	out := ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	for _, addr := range []string{"oneroster_category.named", "oneroster_category.generated", "oneroster_line_item.essay", "oneroster_result.score"} {
		if !regexp.MustCompile(regexp.QuoteMeta(addr) + `: Creation complete after \S+ \[id=[^\]]+\]`).MatchString(out) {
			t.Errorf("the apply output has no id for %s:\n%s", addr, out)
		}
	}
	for _, want := range []string{"[id=cat-id]", "[id=li-id]"} {
		if !strings.Contains(out, want) {
			t.Errorf("the apply output lacks %s:\n%s", want, out)
		}
	}
	var state shownState
	ws.showJSON(&state)
	if state.Values == nil || len(state.Values.RootModule.Resources) != 4 {
		t.Fatalf("the state does not hold the four resources: %+v", state.Values)
	}
	for _, r := range state.Values.RootModule.Resources {
		id, sourcedID := string(r.Values["id"]), string(r.Values["sourced_id"])
		if id == "" || id == "null" || id != sourcedID {
			t.Errorf("%s: id %s, sourced_id %s", r.Address, id, sourcedID)
		}
	}
	ws.mustRun("destroy", "-input=false", "-no-color", "-auto-approve")
}

// An update plans id as known (the sourcedId it keeps); an import sets it.
func TestAccGradebookLineItem_idPlannedKnown(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := sandboxProvider(sb)
	li := lineItem{title: "Essay", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}
	updated := li
	updated.description = "Five paragraphs"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: li.config(provider),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(lineItemAddr, tfjsonpath.New("id"), lineItemAddr, tfjsonpath.New("sourced_id"), compare.ValuesSame()),
				},
			},
			{
				Config: updated.config(provider),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
				}},
			},
			{
				ResourceName: lineItemAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
				ImportStateIdFunc: func(st *terraform.State) (string, error) {
					return st.RootModule().Resources[lineItemAddr].Primary.Attributes["sourced_id"], nil
				},
			},
		},
	})
}
