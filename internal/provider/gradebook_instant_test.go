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

// Dates are compared as instants: a configuration that spells the
// server's instants otherwise (with or without milliseconds) plans no
// change, after an import as after a create, and an edit that only
// respells a date plans none either.
func TestAccGradebookLineItem_equivalentTimestamps(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	newOutOfBand(t, sb).put("lineItems", "lineItem", "li-instant", model.LineItem{
		Base: model.Base{SourcedID: "li-instant"}, Title: "Essay", AssignDate: "2024-09-02T23:00:00Z", DueDate: "2024-09-09T23:00:00.000Z",
		Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
	})
	config := func(assign, due string) string {
		return lineItem{id: "li-instant", title: "Essay", assign: assign, due: due, class: s.Class, category: s.Category}.config(sandboxProvider(sb))
	}
	imported := config("2024-09-02T23:00:00.000Z", "2024-09-09T23:00:00Z") + `
import {
  to = oneroster_line_item.test
  id = "li-instant"
}
`
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "lineItems", "li-instant"),
		Steps: []resource.TestStep{
			{
				// The import plans no update: the server's instants are the
				// configured ones, spelled otherwise.
				Config: imported,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("due_date"), knownvalue.StringExact("2024-09-09T23:00:00.000Z")),
				},
			},
			{Config: config("2024-09-02T23:00:00.000Z", "2024-09-09T23:00:00Z"), ConfigPlanChecks: empty},
			{Config: config("2024-09-02T23:00:00Z", "2024-09-09T23:00:00.000Z"), ConfigPlanChecks: empty},
			{
				// Another instant is a change.
				Config: config("2024-09-02T23:00:00Z", "2024-09-10T23:00:00Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("due_date"), knownvalue.StringExact("2024-09-10T23:00:00Z")),
				},
			},
		},
	})
}
