package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// A provider block whose credentials are not known until apply (here the
// client secret comes from a terraform_data output) cannot read the line
// item's results at plan time: the set plans the students' sourcedIds as
// unknown instead of failing, and the apply, with the provider
// configured, writes them under the derived ids.
func TestAccResultSet_providerUnknownAtPlan(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 2)
	results := map[string]score{st[0]: graded(4), st[1]: graded(6)}
	provider := fmt.Sprintf(`
resource "terraform_data" "secret" {
  input = %q
}
`, sandbox.ClientSecret) + strings.Replace(providerConfig(sb, ""), fmt.Sprintf("%q", sandbox.ClientSecret), "terraform_data.secret.output", 1)
	if !strings.Contains(provider, "client_secret = terraform_data.secret.output") {
		t.Fatalf("the provider block does not take its secret from terraform_data:\n%s", provider)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkStoredResults(sb.Server, nil, st...),
		Steps: []resource.TestStep{{
			Config: resultSetConfig(provider, quizConfig(sb), results),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(st[0]).AtMapKey("sourced_id")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectResults(results)},
			Check:             checkStoredResults(sb.Server, results),
		}},
	})
}
