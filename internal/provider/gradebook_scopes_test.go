package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Credentials whose token grants only read scopes fail the plan of every
// gradebook resource, naming the write scope the create needs (and the
// delete scope a later destroy would), before any request to the
// collection: not at apply, and never with advice to apply again.
func TestAccGradebookWriteScopes_checkedAtPlan(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	read11 := gradebookProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret,
		oneroster.ScopeRosterCoreReadonly, oneroster.ScopeGradebookReadonly)
	read12 := gradebookProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret,
		oneroster.ScopeV1p2RosterCoreReadonly, oneroster.ScopeV1p2GradebookReadonly, oneroster.ScopeV1p2AssessmentReadonly)
	cases := []struct {
		name, config, resourceType, collection, put, del string
	}{
		{"1.1 line item", lineItem{id: "li-scope", title: "Essay", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}.config(read11),
			"oneroster_line_item", "/lineItems", oneroster.ScopeGradebookCreatePut, oneroster.ScopeGradebookDelete},
		{"1.1 category", categoryConfig(read11, "cat-scope", "Tests", ""),
			"oneroster_category", "/categories", oneroster.ScopeGradebookCreatePut, oneroster.ScopeGradebookDelete},
		{"1.2 line item", lineItem{id: "li-scope", title: "Essay", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}.config(read12),
			"oneroster_line_item", "/lineItems", oneroster.ScopeV1p2GradebookCreatePut, oneroster.ScopeV1p2GradebookDelete},
		{"1.2 assessment line item", read12 + "\nresource \"oneroster_assessment_line_item\" \"test\" {\n  title = \"Fall benchmark\"\n}\n",
			"oneroster_assessment_line_item", "/assessmentLineItems", oneroster.ScopeV1p2AssessmentCreatePut, oneroster.ScopeV1p2AssessmentDelete},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb.Server.ResetRequests()
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:   tc.config,
					PlanOnly: true,
					ExpectError: wrappedText("Missing OAuth 2 scope for "+tc.resourceType, "but not "+tc.put+" (PUT "+tc.collection+"/{sourcedId}), which creating",
						"403 Forbidden", "Nothing was written", "A later replace or destroy also needs "+tc.del, "applying again will not help"),
				}},
			})
			for _, base := range []string{sandbox.BasePath, sandbox.BasePathGradebookV1p2} {
				if n := sb.Server.RequestsUnder(base, tc.collection); n != 0 {
					t.Errorf("%d requests to %s%s before the refusal, want none", n, base, tc.collection)
				}
			}
		})
	}
}
