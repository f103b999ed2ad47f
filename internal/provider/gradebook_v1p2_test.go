package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The OneRoster 1.2 attributes of the gradebook resources: rejected at
// plan time against a 1.1 server, required where 1.2 requires them, and
// round-tripped, drift-checked and imported against a 1.2 one.

// v1p2Provider is the provider block on the sandbox's 1.2 base URL.
func v1p2Provider(sb *sandbox.Running) string {
	return gradebookProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret)
}

// v1p2Only are configurations of the three resources that set one 1.2-only
// attribute each, in the sample class.
func v1p2Only(s sandbox.Sample) map[string]string {
	lineItem := func(extra string) string {
		return fmt.Sprintf(`
resource "oneroster_line_item" "test" {
  sourced_id          = "li-v1p2"
  title               = "Lab report"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %q
  category_sourced_id = %q
  %s
}
`, s.Class, s.Category, extra)
	}
	result := func(extra string) string {
		return fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = %q
  student_sourced_id   = %q
  score_status         = "fully graded"
  %s
}
`, s.LineItem, s.Student, extra)
	}
	return map[string]string{
		"weight": `
resource "oneroster_category" "test" {
  title  = "Labs"
  weight = 0.25
}
`,
		"school_sourced_id":           lineItem(fmt.Sprintf("school_sourced_id = %q", s.School)),
		"academic_session_sourced_id": lineItem(fmt.Sprintf("academic_session_sourced_id = %q", s.Term)),
		"score_scale_sourced_id":      lineItem(`score_scale_sourced_id = "scale-letter"`),
		"learning_objectives":         lineItem(`learning_objectives = [{ source = "case", ids = ["lo-1"] }]`),
		"class_sourced_id":            result(fmt.Sprintf("class_sourced_id = %q", s.Class)),
		"text_score":                  result(`text_score = "B+"`),
		"in_progress":                 result(`in_progress = false`),
		"incomplete":                  result(`incomplete = true`),
		"late":                        result(`late = true`),
		"missing":                     result(`missing = false`),
		"learning_objective_scores":   result(`learning_objective_scores = [{ source = "case", id = "lo-1", score = 0.5 }]`),
	}
}

// Each 1.2-only attribute, set against a 1.1 server, fails the plan with
// a message that names it, the version in use and the way out; nothing is
// sent to the server.
func TestAccGradebookV1p2_attributesRejectedOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	provider := sandboxProvider(sb)
	for name, cfg := range v1p2Only(sb.Server.Sample()) {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: provider + cfg,
					ExpectError: wrappedText(name+" needs OneRoster 1.2", name+" is a OneRoster 1.2 attribute; this provider speaks OneRoster 1.1",
						fmt.Sprintf("base_url %q", sb.BaseURL), "Remove "+name, `oneroster_version = "1.2"`),
				}},
			})
		})
	}
	if n := sb.Server.Requests("/"); n != 0 {
		t.Errorf("rejected configurations sent %d requests; the version rules must come first", n)
	}
}

// A 1.2-only attribute whose value is unknown at plan time passes the plan
// (it may yet be null), and is rejected by apply's own plan once known:
// never written, never dropped.
func TestAccGradebookV1p2_unknownAttributeOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cfg := sandboxProvider(sb) + `
resource "terraform_data" "grade" {
  input = "B+"
}
` + v1p2Only(sb.Server.Sample())["text_score"] + `
# text_score, set from a value known only after apply
`
	cfg = replaceOnce(t, cfg, `text_score = "B+"`, `text_score = terraform_data.grade.output`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: cfg, ExpectError: wrappedText("text_score is a OneRoster 1.2 attribute; this provider speaks OneRoster 1.1")},
		},
	})
	if n := sb.Server.Requests("/results"); n != 0 {
		t.Errorf("the rejected result sent %d requests", n)
	}
}

// OneRoster 1.2 refuses line items without a school and results without a
// score date: plan-time errors against a 1.2 server, unless the value is
// merely not known yet.
func TestAccGradebookV1p2_requiredOn1p2(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := v1p2Provider(sb)
	noSchool := v1p2Only(s)["academic_session_sourced_id"]
	class, _ := sandboxRecord[model.Class](sb.Server, "classes", s.Class)
	classSchool := model.RefID(class.School)
	if classSchool == "" {
		t.Fatalf("the sample class %q names no school", s.Class)
	}
	unknownSchool := `
resource "terraform_data" "school" {
  input = "` + s.School + `"
}
` + replaceOnce(t, v1p2Only(s)["school_sourced_id"], fmt.Sprintf("school_sourced_id = %q", s.School), "school_sourced_id = terraform_data.school.output")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				// 1.2 requires a school, which the plan reads from the
				// class when not configured: a 1.1 line item applies
				// unchanged.
				Config: provider + noSchool,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("oneroster_line_item.test", tfjsonpath.New("school_sourced_id"), knownvalue.StringExact(classSchool)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("oneroster_line_item.test", tfjsonpath.New("school_sourced_id"), knownvalue.StringExact(classSchool)),
				},
				Check: func(*terraform.State) error {
					li, ok := sandboxRecord[model.LineItem](sb.Server, "lineItems", "li-v1p2")
					if !ok || model.RefID(li.School) != classSchool {
						return fmt.Errorf("the server holds the line item %+v, want it at the class's school %s", li, classSchool)
					}
					return nil
				},
			},
			{Config: provider + noSchool, PlanOnly: true},
			{
				// A class the server does not have: no school to read.
				Config: provider + replaceOnce(t, noSchool, fmt.Sprintf("class_sourced_id    = %q", s.Class), `class_sourced_id    = "no-such-class"`),
				ExpectError: wrappedText(
					"Missing school_sourced_id",
					"OneRoster 1.2 requires school_sourced_id (school) on every line item it writes",
					"this provider speaks OneRoster 1.2",
					fmt.Sprintf("base_url %q", sb.BaseURLV1p2),
					`reading the class "no-such-class" failed`,
					"Set school_sourced_id",
				),
			},
			{Config: provider + unknownSchool, PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				// 1.2 requires a result's scoreDate too.
				Config: provider + v1p2Only(s)["text_score"],
				ExpectError: wrappedText("Missing score_date", "OneRoster 1.2 requires score_date (scoreDate) on every result it writes",
					"Set score_date: when the score was given"),
			},
		},
	})
	// The 1.1 binding has no school on line items: the same line item
	// without one plans there.
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:             sandboxProvider(sb) + replaceOnce(t, noSchool, fmt.Sprintf("academic_session_sourced_id = %q", s.Term), ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// Under 1.1 the gradebook data sources show the 1.2 attributes as null.
func TestAccGradebookV1p2_dataSourcesNullOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	cfg := sandboxProvider(sb) + fmt.Sprintf(`
data "oneroster_category" "x" {
  sourced_id = %q
}
data "oneroster_line_item" "x" {
  sourced_id = %q
}
data "oneroster_result" "x" {
  sourced_id = %q
}
data "oneroster_line_items" "class" {
  class_sourced_id = %q
}
`, s.Category, s.LineItem, s.Result, s.Class)
	null := func(addr, attr string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.Null())
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				null("data.oneroster_category.x", "weight"),
				null("data.oneroster_line_item.x", "school_sourced_id"),
				null("data.oneroster_line_item.x", "academic_session_sourced_id"),
				null("data.oneroster_line_item.x", "score_scale_sourced_id"),
				null("data.oneroster_line_item.x", "learning_objectives"),
				statecheck.ExpectKnownValue(
					"data.oneroster_line_items.class",
					tfjsonpath.New("line_items").AtSliceIndex(0).AtMapKey("learning_objectives"),
					knownvalue.Null(),
				),
				statecheck.ExpectKnownValue(
					"data.oneroster_line_items.class",
					tfjsonpath.New("line_items").AtSliceIndex(0).AtMapKey("school_sourced_id"),
					knownvalue.Null(),
				),
				null("data.oneroster_result.x", "class_sourced_id"),
				null("data.oneroster_result.x", "text_score"),
				null("data.oneroster_result.x", "late"),
				null("data.oneroster_result.x", "missing"),
				null("data.oneroster_result.x", "in_progress"),
				null("data.oneroster_result.x", "incomplete"),
				null("data.oneroster_result.x", "learning_objective_scores"),
				// The attributes both versions have are unchanged.
				statecheck.ExpectKnownValue("data.oneroster_line_item.x", tfjsonpath.New("class_sourced_id"), knownvalue.StringExact(s.Class)),
			},
		}},
	})
}

// v1p2OutOfBand writes the sandbox's gradebook over 1.2 behind
// Terraform's back, as a teacher's SIS screen would.
func v1p2OutOfBand(t *testing.T, sb *sandbox.Running) *oneroster.Client {
	t.Helper()
	return outOfBandClient(t, sb, sb.BaseURLV1p2)
}

// changeOutOfBand reads a record over 1.2, changes it and writes it back.
func changeOutOfBand[T any](t *testing.T, c *oneroster.Client, col oneroster.Collection[T], id string, change func(*T)) {
	t.Helper()
	rec, err := col.Get(context.Background(), c, id)
	if err != nil {
		t.Fatalf("out-of-band GET %s: %v", col.Record(id), err)
	}
	change(rec)
	if _, err := col.Put(context.Background(), c, id, rec); err != nil {
		t.Fatalf("out-of-band PUT %s: %v", col.Record(id), err)
	}
}

const (
	v1p2CategoryAddr = "oneroster_category.v1p2"
	v1p2LineItemAddr = "oneroster_line_item.v1p2"
	v1p2ResultAddr   = "oneroster_result.v1p2"
)

// v1p2Gradebook declares a category, a line item in it and a result on
// it, with their 1.2 attributes, in the sample class; weight and late are
// the values a teacher may change.
func v1p2Gradebook(s sandbox.Sample, student string, weight float64, late bool) string {
	return fmt.Sprintf(`
resource "oneroster_category" "v1p2" {
  sourced_id = "cat-v1p2"
  title      = "Labs"
  weight     = %[6]g
}

resource "oneroster_line_item" "v1p2" {
  sourced_id                  = "li-v1p2"
  title                       = "Lab report"
  assign_date                 = "2024-09-02"
  due_date                    = "2024-09-09"
  class_sourced_id            = %[1]q
  category_sourced_id         = oneroster_category.v1p2.sourced_id
  school_sourced_id           = %[2]q
  academic_session_sourced_id = %[3]q
  result_value_min            = 0
  result_value_max            = 10
  learning_objectives = [
    { source = "case", ids = ["6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a01", "6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a02"] },
    { source = "/district", ids = ["SCI.7.2"] },
  ]
}

resource "oneroster_result" "v1p2" {
  line_item_sourced_id = oneroster_line_item.v1p2.sourced_id
  student_sourced_id   = %[4]q
  score_status         = "fully graded"
  score                = 8.5
  score_date           = "2024-09-10"
  text_score           = "B+"
  late                 = %[5]t
  missing              = false
  learning_objective_scores = [
    { source = "case", id = "6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a01", score = 0.7 },
    { source = "case", id = "6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a02", text_score = "Proficient" },
    { source = "/district", id = "SCI.7.2", score = 3, text_score = "Meets" },
  ]
}

data "oneroster_line_item" "v1p2" {
  sourced_id = oneroster_line_item.v1p2.sourced_id
}

data "oneroster_category" "v1p2" {
  sourced_id = oneroster_category.v1p2.sourced_id
}

data "oneroster_results" "v1p2" {
  line_item_sourced_id = oneroster_line_item.v1p2.sourced_id
  class_sourced_id     = %[1]q
  depends_on           = [oneroster_result.v1p2]
}
`, s.Class, s.School, s.Term, student, late, weight)
}

// On 1.2 the three resources apply with their 1.2 attributes, re-plan
// empty, see a teacher's changes, import and destroy.
func TestAccGradebookV1p2_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	student := activeStudents(t, sb.Server, 1)[0]
	provider := v1p2Provider(sb)
	oob := v1p2OutOfBand(t, sb)
	resultID := ""
	objectives := knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectExact(map[string]knownvalue.Check{"source": knownvalue.StringExact("case"), "ids": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a01"), knownvalue.StringExact("6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a02")})}),
		knownvalue.ObjectExact(map[string]knownvalue.Check{"source": knownvalue.StringExact("/district"), "ids": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("SCI.7.2")})}),
	})
	stateIs := func(addr, attr string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
	}
	// The result's second learning objective score, in its state and in
	// the data source.
	proficient := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"source":     knownvalue.StringExact("case"),
		"id":         knownvalue.StringExact("6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a02"),
		"score":      knownvalue.Null(),
		"text_score": knownvalue.StringExact("Proficient"),
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "lineItems", "li-v1p2"),
		Steps: []resource.TestStep{
			{
				Config: provider + v1p2Gradebook(s, student, 0.25, false),
				ConfigStateChecks: []statecheck.StateCheck{
					stateIs(v1p2CategoryAddr, "weight", knownvalue.Float64Exact(0.25)),
					stateIs(v1p2LineItemAddr, "school_sourced_id", knownvalue.StringExact(s.School)),
					stateIs(v1p2LineItemAddr, "academic_session_sourced_id", knownvalue.StringExact(s.Term)),
					stateIs(v1p2LineItemAddr, "score_scale_sourced_id", knownvalue.Null()),
					stateIs(v1p2LineItemAddr, "learning_objectives", objectives),
					stateIs(v1p2ResultAddr, "text_score", knownvalue.StringExact("B+")),
					stateIs(v1p2ResultAddr, "late", knownvalue.Bool(false)),
					stateIs(v1p2ResultAddr, "missing", knownvalue.Bool(false)),
					stateIs(v1p2ResultAddr, "learning_objective_scores", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(
							map[string]knownvalue.Check{
								"source":     knownvalue.StringExact("case"),
								"id":         knownvalue.StringExact("6b1c1f0e-0d4c-4b59-9a53-3f7b8f0e6a01"),
								"score":      knownvalue.Float64Exact(0.7),
								"text_score": knownvalue.Null(),
							},
						),
						proficient,
						knownvalue.ObjectExact(
							map[string]knownvalue.Check{"source": knownvalue.StringExact("/district"), "id": knownvalue.StringExact("SCI.7.2"),
								"score": knownvalue.Float64Exact(3), "text_score": knownvalue.StringExact("Meets")},
						),
					})),
					// Not configured, and this server fills in nothing.
					stateIs(v1p2ResultAddr, "class_sourced_id", knownvalue.Null()),
					stateIs(v1p2ResultAddr, "in_progress", knownvalue.Null()),
					// The data sources show the same.
					stateIs("data.oneroster_line_item.v1p2", "school_sourced_id", knownvalue.StringExact(s.School)),
					stateIs("data.oneroster_line_item.v1p2", "learning_objectives", objectives),
					stateIs("data.oneroster_category.v1p2", "weight", knownvalue.Float64Exact(0.25)),
					statecheck.ExpectKnownValue(
						"data.oneroster_results.v1p2",
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("text_score"),
						knownvalue.StringExact("B+"),
					),
					statecheck.ExpectKnownValue(
						"data.oneroster_results.v1p2",
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("late"),
						knownvalue.Bool(false),
					),
					statecheck.ExpectKnownValue(
						"data.oneroster_results.v1p2",
						tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("learning_objective_scores").AtSliceIndex(1),
						proficient,
					),
				},
				Check: func(st *terraform.State) error {
					resultID = st.RootModule().Resources[v1p2ResultAddr].Primary.Attributes["sourced_id"]
					cat, _ := sandboxRecord[model.Category](sb.Server, "categories", "cat-v1p2")
					li, _ := sandboxRecord[model.LineItem](sb.Server, "lineItems", "li-v1p2")
					res, _ := sandboxRecord[model.Result](sb.Server, "results", resultID)
					switch {
					case cat.Weight == nil || float64(*cat.Weight) != 0.25:
						return fmt.Errorf("the sandbox's category weight is %v, want 0.25", deref(cat.Weight))
					case model.RefID(li.School) != s.School || len(li.LearningObjectiveSet) != 2:
						return fmt.Errorf("the sandbox's line item is %+v", li)
					case res.TextScore == nil || *res.TextScore != "B+" || res.Late == nil || bool(*res.Late) || len(res.LearningObjectiveSet) != 2:
						return fmt.Errorf("the sandbox's result is %+v", res)
					}
					return nil
				},
			},
			{
				// A teacher changes the weight and marks the work late in
				// the SIS: the plan puts both back.
				PreConfig: func() {
					changeOutOfBand(t, oob, oneroster.Categories, "cat-v1p2", func(c *model.Category) { c.Weight = model.NumberPtr(0.5) })
					changeOutOfBand(t, oob, oneroster.Results, resultID, func(r *model.Result) { r.Late = model.StringBoolPtr(true) })
				},
				Config: provider + v1p2Gradebook(s, student, 0.25, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(v1p2CategoryAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(v1p2CategoryAddr, tfjsonpath.New("weight"), knownvalue.Float64Exact(0.25)),
					plancheck.ExpectResourceAction(v1p2ResultAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(v1p2ResultAddr, tfjsonpath.New("late"), knownvalue.Bool(false)),
				}},
			},
			{
				// Changed in the configuration: updated in place.
				Config: provider + v1p2Gradebook(s, student, 0.4, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(v1p2CategoryAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(v1p2ResultAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(v1p2LineItemAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateIs(v1p2CategoryAddr, "weight", knownvalue.Float64Exact(0.4)),
					stateIs(v1p2ResultAddr, "late", knownvalue.Bool(true)),
				},
			},
			{
				ResourceName:                         v1p2CategoryAddr,
				ImportState:                          true,
				ImportStateId:                        "cat-v1p2",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				ResourceName:                         v1p2LineItemAddr,
				ImportState:                          true,
				ImportStateId:                        "li-v1p2",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				ResourceName: v1p2ResultAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
				ImportStateIdFunc: func(*terraform.State) (string, error) { return resultID, nil },
			},
		},
	})
}

// A configuration without 1.2 attributes (a category and a result) is
// the same against 1.1 and 1.2 servers of one district: applied through
// 1.1, it plans nothing through 1.2, and the other way round.
func TestAccGradebookV1p2_sameConfigurationBothVersions(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	student := studentWithoutResult(t, sb.Server, s.LineItem)
	cfg := fmt.Sprintf(`
resource "oneroster_category" "same" {
  sourced_id = "cat-same"
  title      = "Projects"
}

resource "oneroster_result" "same" {
  line_item_sourced_id = %q
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 7
  score_date           = "2024-09-10"
}
`, s.LineItem, student)
	noop := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("oneroster_category.same", plancheck.ResourceActionNoop),
		plancheck.ExpectResourceAction("oneroster_result.same", plancheck.ResourceActionNoop),
	}}
	nulls := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("oneroster_category.same", tfjsonpath.New("weight"), knownvalue.Null()),
		statecheck.ExpectKnownValue("oneroster_result.same", tfjsonpath.New("late"), knownvalue.Null()),
		statecheck.ExpectKnownValue("oneroster_result.same", tfjsonpath.New("class_sourced_id"), knownvalue.Null()),
		statecheck.ExpectKnownValue("oneroster_result.same", tfjsonpath.New("text_score"), knownvalue.Null()),
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "categories", "cat-same"),
		Steps: []resource.TestStep{
			{Config: sandboxProvider(sb) + cfg, ConfigStateChecks: nulls},
			{Config: v1p2Provider(sb) + cfg, ConfigPlanChecks: noop},
			{Config: sandboxProvider(sb) + cfg, ConfigPlanChecks: noop, ConfigStateChecks: nulls},
		},
	})
}

// replaceOnce replaces the one occurrence of old in s.
func replaceOnce(t *testing.T, s, old, replacement string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("%q occurs %d times, want once", old, strings.Count(s, old))
	}
	return strings.Replace(s, old, replacement, 1)
}

// studentWithoutResult is an active student with no active result on the
// line item.
func studentWithoutResult(t *testing.T, server *sandbox.Server, lineItem string) string {
	t.Helper()
	scored := map[string]bool{}
	for _, r := range activeRecords(server, "results", func(r model.Result) bool { return model.RefID(r.LineItem) == lineItem }) {
		scored[model.RefID(r.Student)] = true
	}
	for _, id := range server.SourcedIDs("students") {
		if _, ok := sandboxRecord[model.User](server, "students", id); ok && !scored[id] {
			return id
		}
	}
	t.Fatalf("every student has a result on %s", lineItem)
	return ""
}

// The write-safety rules hold on 1.2: a create over an active object
// writes nothing and names the import.
func TestAccGradebookV1p2_neverOverwrites(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	teacher := model.Category{Base: model.Base{SourcedID: "cat-taken", Status: model.StatusActive}, Title: "Teacher's labs", Weight: model.NumberPtr(0.1)}
	if _, err := oneroster.Categories.Put(context.Background(), v1p2OutOfBand(t, sb), "cat-taken", &teacher); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: v1p2Provider(sb) + `
resource "oneroster_category" "test" {
  sourced_id = "cat-taken"
  title      = "Labs"
  weight     = 0.3
}
`,
			ExpectError: wrappedText(`The category "cat-taken" already exists`, "nothing was written", "terraform import oneroster_category.<name> cat-taken"),
		}},
	})
	if got, _ := sandboxRecord[model.Category](sb.Server, "categories", "cat-taken"); got.Title != teacher.Title || deref(got.Weight) != 0.1 {
		t.Errorf("the teacher's category became %+v (weight %v)", got, deref(got.Weight))
	}
}

// Against 1.1, the attributes the server would fill in on 1.2 are planned
// as null, not "known after apply": 1.1 servers have none to fill in.
func TestAccGradebookV1p2_plannedNullOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	cfg := sandboxProvider(sb) + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = %q
  student_sourced_id   = %q
  score_status         = "submitted"
}
`, s.LineItem, studentWithoutResult(t, sb.Server, s.LineItem))
	var checks []plancheck.PlanCheck
	for _, name := range []string{"class_sourced_id", "in_progress", "incomplete", "late", "missing", "text_score", "learning_objective_scores"} {
		checks = append(checks, plancheck.ExpectKnownValue(resultAddr, tfjsonpath.New(name), knownvalue.Null()))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps:                    []resource.TestStep{{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: checks}}},
	})
}

// A result's class, left to a server that fills it in, follows its line
// item: kept in plans while the line item stays, and derived anew (not the
// old class sent back) when the result moves to a line item of another
// class. Flags the server fills in are kept.
func TestAccGradebookV1p2_resultClassFollowsLineItem(t *testing.T) {
	sb := newFillingServer(t)
	s := sb.Server.Sample()
	var other model.Class
	for _, id := range sb.Server.SourcedIDs("classes") {
		if rec, ok := sb.Server.Record("classes", id); ok && id != s.Class {
			if c, ok := rec.(model.Class); ok && !c.IsDeleted() && c.School != nil {
				other = c
				break
			}
		}
	}
	if other.SourcedID == "" {
		t.Fatal("the sandbox has no second class")
	}
	student := studentWithoutResult(t, sb.Server, s.LineItem)
	cfg := func(lineItem string) string {
		return gradebookProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret) + fmt.Sprintf(`
resource "oneroster_line_item" "a" {
  sourced_id          = "li-class-a"
  title               = "A"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %[1]q
  category_sourced_id = %[3]q
  school_sourced_id   = %[2]q
}

resource "oneroster_line_item" "b" {
  sourced_id          = "li-class-b"
  title               = "B"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %[4]q
  category_sourced_id = %[3]q
  school_sourced_id   = %[5]q
}

resource "oneroster_result" "test" {
  sourced_id           = "res-moves"
  line_item_sourced_id = oneroster_line_item.%[6]s.sourced_id
  student_sourced_id   = %[7]q
  score_status         = "submitted"
  score_date           = "2024-09-10"
}
`, s.Class, s.School, s.Category, other.SourcedID, model.RefID(other.School), lineItem, student)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: cfg("a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(resultAddr, tfjsonpath.New("class_sourced_id")),
					plancheck.ExpectUnknownValue(resultAddr, tfjsonpath.New("late")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("class_sourced_id"), knownvalue.StringExact(s.Class)),
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("late"), knownvalue.Bool(false)),
				},
			},
			{
				Config: cfg("b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resultAddr, tfjsonpath.New("class_sourced_id")),
					// The flags the server filled in are kept, and sent back.
					plancheck.ExpectKnownValue(resultAddr, tfjsonpath.New("late"), knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("class_sourced_id"), knownvalue.StringExact(other.SourcedID)),
				},
			},
		},
	})
}

// fillingServer is the sandbox behind a 1.2 gradebook that fills in what a
// result leaves out, as 1.2 servers may: the class from its line item, and
// the flags with "false".
type fillingServer struct {
	Server      *sandbox.Server
	BaseURLV1p2 string
	TokenURL    string
}

func newFillingServer(t *testing.T) *fillingServer {
	t.Helper()
	server := sandbox.New(acctest.SandboxOptions(t, sandbox.Options{}))
	results := sandbox.BasePathGradebookV1p2 + "/results/"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, results) {
			var body map[string]map[string]any
			if err := json.NewDecoder(r.Body).Decode(&body); err == nil && body["result"] != nil {
				res := body["result"]
				if res["class"] == nil {
					ref, _ := res["lineItem"].(map[string]any)
					id, _ := ref["sourcedId"].(string)
					if rec, ok := server.Record("lineItems", id); ok {
						if li, ok := rec.(model.LineItem); ok && li.Class != nil {
							res["class"] = map[string]any{"sourcedId": li.Class.SourcedID, "type": "class"}
						}
					}
				}
				for _, flag := range []string{"inProgress", "incomplete", "late", "missing"} {
					if res[flag] == nil {
						res[flag] = "false"
					}
				}
			}
			raw, _ := json.Marshal(body)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		}
		server.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return &fillingServer{Server: server, BaseURLV1p2: ts.URL + sandbox.BasePathV1p2, TokenURL: ts.URL + sandbox.TokenPath}
}
