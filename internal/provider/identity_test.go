package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// identityCLIs are the CLIs that know resource identity: Terraform 1.12
// and later. OpenTofu has none yet (opentofu/opentofu#3787), whatever its
// version number, which tfversion compares as Terraform's; it is skipped
// by name.
func identityCLIs(t *testing.T) []tfversion.TerraformVersionCheck {
	t.Helper()
	if acctest.IsOpenTofu() {
		t.Skip("OpenTofu has no resource identity (opentofu/opentofu#3787)")
	}
	return []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
}

// expectSourcedIDIdentity checks that addr's identity is its sourcedId,
// id, and the same as its sourced_id attribute.
func expectSourcedIDIdentity(addr, id string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact(id)}),
		statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("sourced_id")),
	}
}

// importByIdentity is a step that imports addr through an import block
// with the identity its state holds, and expects a no-op import: the
// identity finds the object, and Read fills it as the create left it.
func importByIdentity(config, addr string) resource.TestStep {
	return resource.TestStep{
		Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
	}
}

// The OneRoster 1.1 gradebook: a category, a line item, a result (its
// sourcedId derived) and a result set each carry an identity after apply
// and refresh, the one a create and an import give the same, and each
// imports by identity with nothing to change.
func TestAccIdentity_gradebookV1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 3)
	// The single result is on a line item of its own: importing the set
	// adopts every result of its line item.
	quiz2 := strings.NewReplacer(`"quiz"`, `"quiz2"`, "quiz-1", "quiz-2", "Quiz 1", "Quiz 2").Replace(quizConfig(sb))
	config := sandboxProvider(sb) + quizConfig(sb) + quiz2 + fmt.Sprintf(`
resource "oneroster_category" "test" {
  sourced_id = "cat-identity"
  title      = "Homework"
}

resource "oneroster_result" "test" {
  line_item_sourced_id = oneroster_line_item.quiz2.sourced_id
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 7
}

resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
    %q = { score_status = "fully graded", score = 8 }
  }
}
`, st[0], st[1])
	updated := strings.Replace(config, `title      = "Homework"`, `title      = "Homework (weekly)"`, 1)
	checks := append(expectSourcedIDIdentity(categoryAddr, "cat-identity"), expectSourcedIDIdentity("oneroster_line_item.quiz", "quiz-1")...)
	checks = append(checks, expectSourcedIDIdentity("oneroster_result.test", resultID("quiz-2", st[0]))...)
	checks = append(checks,
		statecheck.ExpectIdentity(resultSetAddr, map[string]knownvalue.Check{"line_item_sourced_id": knownvalue.StringExact("quiz-1")}),
		statecheck.ExpectIdentityValueMatchesState(resultSetAddr, tfjsonpath.New("line_item_sourced_id")),
	)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   identityCLIs(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			{RefreshState: true},
			{
				// Refreshed and planned again: nothing to do, the identity unchanged.
				Config: config, ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// An update keeps the identity.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: checks,
			},
			importByIdentity(updated, categoryAddr),
			importByIdentity(updated, "oneroster_line_item.quiz"),
			importByIdentity(updated, "oneroster_result.test"),
			importByIdentity(updated, resultSetAddr),
		},
	})
}

// The OneRoster 1.2 gradebook objects: a score scale, assessment line
// items and an assessment result have the same identity, and import by it.
func TestAccIdentity_gradebookV1p2(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	config := assessmentResultConfig(sb, "ar-identity", `score_status = "fully graded"
  score = 62`)
	checks := append(expectSourcedIDIdentity(scoreScaleAddr, "scale-bench"), expectSourcedIDIdentity(assessmentLineItemAddr, "bench-fall-reading")...)
	checks = append(checks, expectSourcedIDIdentity(assessmentResultAddr, "ar-identity")...)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   identityCLIs(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			{RefreshState: true},
			{
				// Refreshed and planned again: nothing to do, the identity unchanged.
				Config: config, ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			importByIdentity(config, scoreScaleAddr),
			importByIdentity(config, assessmentLineItemAddr),
			importByIdentity(config, assessmentResultAddr),
		},
	})
}

// Identity survives the state commands (mv, rm and a refresh-only apply),
// and an import block written by hand with an identity adopts the objects
// again: "2 to import, 0 to add, 0 to change, 0 to destroy".
func TestAccIdentity_stateOperations(t *testing.T) {
	identityCLIs(t)
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 1)
	body := func(name string) string {
		return sandboxProvider(sb) + quizConfig(sb) + fmt.Sprintf(`
resource "oneroster_category" %q {
  sourced_id = "cat-moved"
  title      = "Homework"
}

resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
    %q = { score_status = "fully graded", score = 8 }
  }
}
`, name, st[0])
	}
	ws := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + body("before")})
	if v := ws.cliVersion(); v.LessThan(version.Must(version.NewVersion("1.12.0"))) {
		t.Skipf("Terraform %s has no resource identity (1.12+)", v)
	}
	ws.mustRun("apply", "-input=false", "-lock=false", "-no-color", "-auto-approve")
	identities := func(want map[string]map[string]string) {
		t.Helper()
		var state shownState
		ws.showJSON(&state)
		got := map[string]map[string]string{}
		for _, r := range state.Values.RootModule.Resources {
			if r.Type == "oneroster_category" || r.Type == "oneroster_result_set" {
				got[r.Address] = r.Identity
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("identities in the state: %v, want %v", got, want)
		}
	}
	set := map[string]string{"line_item_sourced_id": "quiz-1"}
	identities(map[string]map[string]string{"oneroster_category.before": {"sourced_id": "cat-moved"}, "oneroster_result_set.quiz": set})

	ws.mustRun("state", "mv", "-lock=false", "oneroster_category.before", "oneroster_category.after")
	if err := os.WriteFile(filepath.Join(ws.dir, "main.tf"), []byte(requiredProviders+body("after")), 0o600); err != nil {
		t.Fatal(err)
	}
	ws.mustRun("apply", "-refresh-only", "-input=false", "-lock=false", "-no-color", "-auto-approve")
	identities(map[string]map[string]string{"oneroster_category.after": {"sourced_id": "cat-moved"}, "oneroster_result_set.quiz": set})
	if out := ws.mustRun("plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Errorf("the plan after state mv and refresh is not empty:\n%s", out)
	}

	ws.mustRun("state", "rm", "-lock=false", "oneroster_category.after", "oneroster_result_set.quiz")
	imports := `
import {
  to       = oneroster_category.after
  identity = { sourced_id = "cat-moved" }
}

import {
  to       = oneroster_result_set.quiz
  identity = { line_item_sourced_id = "quiz-1" }
}
`
	if err := os.WriteFile(filepath.Join(ws.dir, "imports.tf"), []byte(imports), 0o600); err != nil {
		t.Fatal(err)
	}
	out := ws.mustRun("apply", "-input=false", "-lock=false", "-no-color", "-auto-approve")
	if !strings.Contains(out, "2 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply of the import blocks did not import exactly the two objects:\n%s", out)
	}
	identities(map[string]map[string]string{"oneroster_category.after": {"sourced_id": "cat-moved"}, "oneroster_result_set.quiz": set})
}
