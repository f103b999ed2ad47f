package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Importing an object the server marks tobedeleted (the SoftDelete quirk:
// DELETE marks, as many SIS servers do) fails with what refresh says, the
// object exists and is marked tobedeleted, and the fix; importing one the
// server lacks names it too. The mark is for the import's Read only: an
// object imported while active and then marked tobedeleted is dropped by
// refresh and created again, as before.
func TestAccGradebookImport_tobedeleted(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: true}})
	oob := newOutOfBand(t, sb)
	category := func(id string) model.Category {
		return model.Category{Base: model.Base{SourcedID: id, Status: "active"}, Title: "Homework"}
	}
	oob.put("categories", "category", "cat-marked", category("cat-marked"))
	oob.delete("categories", "cat-marked")
	oob.put("categories", "category", "cat-active", category("cat-active"))
	// Import steps start from the state of a step before them.
	provider := sandboxProvider(sb) + `
resource "oneroster_category" "other" {
  sourced_id = "cat-other"
  title      = "Quizzes"
}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: provider},
			{
				Config:        categoryConfig(provider, "cat-marked", "Homework", ""),
				ResourceName:  categoryAddr,
				ImportState:   true,
				ImportStateId: "cat-marked",
				ExpectError: wrappedText(`Cannot import the category "cat-marked": it is marked tobedeleted`,
					`marks it "tobedeleted"`, "Remove the import", "writes the configuration over a tobedeleted category"),
			},
			{
				Config:        categoryConfig(provider, "cat-never", "Homework", ""),
				ResourceName:  categoryAddr,
				ImportState:   true,
				ImportStateId: "cat-never",
				ExpectError:   wrappedText(`Cannot import the category "cat-never": the server has none`, "404", "Check the sourcedId"),
			},
			{
				Config:             categoryConfig(provider, "cat-active", "Homework", ""),
				ResourceName:       categoryAddr,
				ImportState:        true,
				ImportStateId:      "cat-active",
				ImportStatePersist: true,
			},
			{
				// Marked tobedeleted after the import: refresh warns and
				// drops it, and the plan creates it again.
				PreConfig: func() { oob.delete("categories", "cat-active") },
				Config:    categoryConfig(provider, "cat-active", "Homework", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

// The same through an import block (Terraform 1.5+, OpenTofu 1.6+): the
// plan fails with the message, where it said "Cannot import non-existent
// remote object".
func TestAccGradebookImport_tobedeletedImportBlock(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: true}})
	oob := newOutOfBand(t, sb)
	oob.put("categories", "category", "cat-marked", model.Category{Base: model.Base{SourcedID: "cat-marked", Status: "active"}, Title: "Homework"})
	oob.delete("categories", "cat-marked")
	ws := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + categoryConfig(sandboxProvider(sb), "cat-marked", "Homework", "") + `
import {
  to = oneroster_category.test
  id = "cat-marked"
}
`})
	out, err := ws.run("plan", "-input=false", "-lock=false", "-no-color")
	if err == nil {
		t.Fatalf("the plan importing a tobedeleted category succeeded:\n%s", out)
	}
	if want := wrappedText(`Cannot import the category "cat-marked": it is marked tobedeleted`, "Remove the import"); !want.MatchString(out) {
		t.Errorf("the plan's output does not match %s:\n%s", want, out)
	}
}
