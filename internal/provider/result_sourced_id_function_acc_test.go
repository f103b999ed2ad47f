package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// functionCLIs are the CLIs with provider functions: Terraform 1.8+ and
// OpenTofu 1.7+ (whose 1.12 reports 1.12, above both).
var functionCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// provider::oneroster::result_sourced_id returns the id an oneroster_result
// created for the pair gets, and imports a result a teacher's tool wrote
// under that id with nothing to change; an empty id fails the plan,
// naming the argument.
func TestAccResultSourcedIDFunction(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 2)
	oob := newOutOfBand(t, sb)
	base := sandboxProvider(sb) + quizConfig(sb)
	created := base + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 7
}

output "function" {
  value = provider::oneroster::result_sourced_id(oneroster_line_item.quiz.sourced_id, %[1]q)
}

output "same" {
  value = provider::oneroster::result_sourced_id(oneroster_line_item.quiz.sourced_id, %[1]q) == oneroster_result.test.sourced_id
}
`, st[0])
	imported := created + fmt.Sprintf(`
import {
  to = oneroster_result.adopted
  id = provider::oneroster::result_sourced_id("quiz-1", %[1]q)
}

resource "oneroster_result" "adopted" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = %[1]q
  score_status         = "fully graded"
  score                = 9
}
`, st[1])
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   functionCLIs,
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: sandboxProvider(sb) + `
output "empty" {
  value = provider::oneroster::result_sourced_id("quiz-1", "")
}
`,
				ExpectError: wrappedText(`"student_sourced_id" parameter: student_sourced_id is empty`, "Pass the sourcedId of the student"),
			},
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("function", knownvalue.StringExact(quizResultID(st[0]))),
					statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true)),
				},
			},
			{
				// Another tool wrote the second student's result under the
				// derived id; the import block finds it by the function.
				PreConfig: func() {
					oob.put("results", "result", quizResultID(st[1]), model.Result{
						Base:     model.Base{SourcedID: quizResultID(st[1]), Status: model.StatusActive},
						LineItem: &model.Ref{SourcedID: "quiz-1", Type: "lineItem"}, Student: &model.Ref{SourcedID: st[1], Type: "user"},
						ScoreStatus: "fully graded", Score: model.NumberPtr(9),
					})
				},
				Config: imported,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("oneroster_result.adopted", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}
