package provider_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

const lineItemAddr = "oneroster_line_item.test"

// lineItem is the configuration of oneroster_line_item.test.
type lineItem struct {
	id, title, description, assign, due, class, category, gradingPeriod string
	bounds                                                              string // "result_value_min = 0 …", verbatim
}

func (li lineItem) config(provider string) string {
	var b strings.Builder
	b.WriteString(provider)
	b.WriteString("\nresource \"oneroster_line_item\" \"test\" {\n")
	for _, kv := range [][2]string{
		{"sourced_id", li.id}, {"title", li.title}, {"description", li.description}, {"assign_date", li.assign},
		{"due_date", li.due}, {"class_sourced_id", li.class}, {"category_sourced_id", li.category},
		{"grading_period_sourced_id", li.gradingPeriod},
	} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "  %s = %q\n", kv[0], kv[1])
		}
	}
	b.WriteString(li.bounds + "\n}\n")
	return b.String()
}

// checkStoredLineItem compares the sandbox's line item with want (base
// fields aside).
func checkStoredLineItem(sb *sandbox.Running, id string, want model.LineItem) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := sandboxRecord[model.LineItem](sb.Server, "lineItems", id)
		if !ok {
			return fmt.Errorf("the sandbox has no active line item %q", id)
		}
		got.Base = model.Base{}
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			return fmt.Errorf("the sandbox's line item %q is\n%s\nwant\n%s", id, g, w)
		}
		return nil
	}
}

func TestAccGradebookLineItem_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := sandboxProvider(sb)
	li := lineItem{
		id: "li-1", title: "Essay", assign: "2024-09-02", due: "2024-09-09T15:00:00Z",
		class: s.Class, category: s.Category, gradingPeriod: s.GradingPeriod,
		bounds: "result_value_min = 0\n  result_value_max = 20",
	}
	want := model.LineItem{
		Title: "Essay", AssignDate: "2024-09-02", DueDate: "2024-09-09T15:00:00Z",
		Class: &model.Ref{SourcedID: s.Class, Type: "class"}, Category: &model.Ref{SourcedID: s.Category, Type: "category"},
		GradingPeriod:  &model.Ref{SourcedID: s.GradingPeriod, Type: "academicSession"},
		ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(20),
	}
	updated, wantUpdated := li, want
	updated.description, wantUpdated.Description = "Five paragraphs", "Five paragraphs"
	updated.bounds, wantUpdated.ResultValueMax = "result_value_min = 0\n  result_value_max = 25.5", model.NumberPtr(25.5)
	updated.gradingPeriod, wantUpdated.GradingPeriod = "", nil
	replaced := updated
	replaced.id = "li-2"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "lineItems", "li-1", "li-2"),
		Steps: []resource.TestStep{
			{
				Config: li.config(provider),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("class_sourced_id"), knownvalue.StringExact(s.Class)),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("result_value_max"), knownvalue.Float64Exact(20)),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("date_last_modified"), knownvalue.NotNull()),
				},
				Check: checkStoredLineItem(sb, "li-1", want),
			},
			{
				Config: updated.config(provider),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(lineItemAddr, tfjsonpath.New("date_last_modified")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("description"), knownvalue.StringExact("Five paragraphs")),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("grading_period_sourced_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("result_value_max"), knownvalue.Float64Exact(25.5)),
				},
				Check: checkStoredLineItem(sb, "li-1", wantUpdated),
			},
			{
				ResourceName: lineItemAddr, ImportState: true, ImportStateId: "li-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				Config: replaced.config(provider),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(checkStoredLineItem(sb, "li-2", wantUpdated), checkGone(sb, "lineItems", "li-1")),
			},
		},
	})
}

func TestAccGradebookLineItem_drift(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := newOutOfBand(t, sb)
	li := lineItem{id: "li-drift", title: "Quiz", assign: "2024-09-02", due: "2024-09-03", class: s.Class, category: s.Category}
	want := model.LineItem{
		Title: "Quiz", AssignDate: "2024-09-02", DueDate: "2024-09-03",
		Class: &model.Ref{SourcedID: s.Class, Type: "class"}, Category: &model.Ref{SourcedID: s.Category, Type: "category"},
	}
	cfg := li.config(sandboxProvider(sb))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "lineItems", "li-drift"),
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkStoredLineItem(sb, "li-drift", want)},
			{
				PreConfig: func() { oob.delete("lineItems", "li-drift") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkStoredLineItem(sb, "li-drift", want),
			},
			{
				// Another system adds a description and moves the due date.
				PreConfig: func() {
					changed := want
					changed.Base = model.Base{SourcedID: "li-drift", Status: "active"}
					changed.Description, changed.DueDate = "Open book", "2024-09-10"
					oob.put("lineItems", "lineItem", "li-drift", changed)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("description"), knownvalue.Null()),
					plancheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("due_date"), knownvalue.StringExact("2024-09-03")),
				}},
				Check: checkStoredLineItem(sb, "li-drift", want),
			},
		},
	})
}

// Bad values are caught at plan time, before any request; what only the
// server can know (a class that does not exist) comes back with its
// imsx description and codeMinor.
func TestAccGradebookLineItem_validation(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := sandboxProvider(sb)
	good := lineItem{id: "li-bad", title: "Quiz", assign: "2024-09-02", due: "2024-09-03", class: s.Class, category: s.Category}
	cases := map[string]struct {
		change func(*lineItem)
		want   []string
	}{
		"bounds": {
			func(li *lineItem) { li.bounds = "result_value_min = 10\n  result_value_max = 5" },
			[]string{"result_value_max (5) must be greater than result_value_min (10)"},
		},
		"equal":       {func(li *lineItem) { li.bounds = "result_value_min = 5\n  result_value_max = 5" }, []string{"must be greater than result_value_min"}},
		"assign_date": {func(li *lineItem) { li.assign = "09/02/2024" }, []string{`assign_date: "09/02/2024" is not an ISO 8601 date`}},
		"due_date":    {func(li *lineItem) { li.due = "2024-13-45" }, []string{`due_date: "2024-13-45" is not an ISO 8601 date`}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			li := good
			c.change(&li)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps:                    []resource.TestStep{{Config: li.config(provider), ExpectError: wrappedText(c.want...)}},
			})
		})
	}
	if n := sb.Server.Requests("/"); n != 0 {
		t.Errorf("invalid configurations sent %d requests; validation must come first", n)
	}

	t.Run("server", func(t *testing.T) {
		li := good
		li.class = "no-such-class"
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			Steps: []resource.TestStep{{
				Config: li.config(provider),
				ExpectError: wrappedText("The server rejected the line item", "answered 422 (codeMinor invaliddata)",
					`lineItem.class refers to "no-such-class", but no class has that sourcedId`),
			}},
		})
		if _, ok := sb.Server.Record("lineItems", "li-bad"); ok {
			t.Error("the sandbox stored a rejected line item")
		}
	})
}

// A number with no exact binary form (0.1, 12.3) reads back as the
// configured one: the server's float64 is the same number, not a change.
func TestAccGradebookLineItem_decimalBounds(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	li := lineItem{id: "li-decimal", title: "Quiz", assign: "2024-09-02", due: "2024-09-03", class: s.Class, category: s.Category,
		bounds: "result_value_min = 0.1\n  result_value_max = 12.3"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "lineItems", "li-decimal"),
		Steps: []resource.TestStep{{
			Config: li.config(sandboxProvider(sb)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("result_value_max"), knownvalue.Float64Exact(12.3)),
			},
		}},
	})
}
