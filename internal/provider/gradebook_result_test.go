package provider_test

import (
	"fmt"
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

const resultAddr = "oneroster_result.test"

// quizConfig declares oneroster_line_item.quiz in the sample class, for
// results to score.
func quizConfig(sb *sandbox.Running) string {
	s := sb.Server.Sample()
	return fmt.Sprintf(`
resource "oneroster_line_item" "quiz" {
  sourced_id          = "quiz-1"
  title               = "Quiz 1"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %q
  category_sourced_id = %q
  result_value_min    = 0
  result_value_max    = 10
}
`, s.Class, s.Category)
}

func resultConfig(sb *sandbox.Running, id, student, body string) string {
	return sandboxProvider(sb) + quizConfig(sb) + fmt.Sprintf(`
resource "oneroster_result" "test" {
  sourced_id           = %q
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = %q
  %s
}
`, id, student, body)
}

// checkStoredResult compares the sandbox's result with the wanted score.
func checkStoredResult(sb *sandbox.Running, id, student, status string, score *float64, date, comment string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := sandboxRecord[model.Result](sb.Server, "results", id)
		if !ok {
			return fmt.Errorf("the sandbox has no active result %q", id)
		}
		if model.RefID(got.LineItem) != "quiz-1" || model.RefID(got.Student) != student || got.ScoreStatus != status ||
			fmt.Sprint(deref(got.Score)) != fmt.Sprint(derefFloat(score)) || got.ScoreDate != date || got.Comment != comment {
			return fmt.Errorf("the sandbox's result %q is %+v (score %v), want student %s, %q, score %v, date %q, comment %q",
				id, got, deref(got.Score), student, status, derefFloat(score), date, comment)
		}
		return nil
	}
}

func derefFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func ptr(f float64) *float64 { return &f }

func TestAccGradebookResult_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	students := activeStudents(t, sb.Server, 2)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "results", "res-1", "res-2"),
		Steps: []resource.TestStep{
			{
				Config: resultConfig(sb, "res-1", students[0], `score_status = "fully graded"
  score        = 9.5
  score_date   = "2024-09-10"
  comment      = "Well argued"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("score"), knownvalue.Float64Exact(9.5)),
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("score_status"), knownvalue.StringExact("fully graded")),
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("date_last_modified"), knownvalue.NotNull()),
				},
				Check: checkStoredResult(sb, "res-1", students[0], "fully graded", ptr(9.5), "2024-09-10", "Well argued"),
			},
			{
				// Update in place: regraded, comment dropped.
				Config: resultConfig(sb, "res-1", students[0], `score_status = "partially graded"
  score        = 7
  score_date   = "2024-09-11"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resultAddr, tfjsonpath.New("date_last_modified")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("comment"), knownvalue.Null()),
				},
				Check: checkStoredResult(sb, "res-1", students[0], "partially graded", ptr(7), "2024-09-11", ""),
			},
			{
				ResourceName: resultAddr, ImportState: true, ImportStateId: "res-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				Config: resultConfig(sb, "res-2", students[1], `score_status = "exempt"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("score"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(checkStoredResult(sb, "res-2", students[1], "exempt", nil, "", ""), checkGone(sb, "results", "res-1")),
			},
		},
	})
}

func TestAccGradebookResult_drift(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: true, PutNoContent: true}})
	student := activeStudents(t, sb.Server, 1)[0]
	oob := newOutOfBand(t, sb)
	cfg := resultConfig(sb, "res-drift", student, `score_status = "not submitted"`)
	outside := func(status string, score *model.Number) func() {
		return func() {
			oob.put("results", "result", "res-drift", model.Result{
				Base:     model.Base{SourcedID: "res-drift", Status: "active"},
				LineItem: &model.Ref{SourcedID: "quiz-1"}, Student: &model.Ref{SourcedID: student},
				ScoreStatus: status, Score: score,
			})
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "results", "res-drift"),
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkStoredResult(sb, "res-drift", student, "not submitted", nil, "", "")},
			{
				// Marked tobedeleted outside Terraform: written again.
				PreConfig: func() { oob.delete("results", "res-drift") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkStoredResult(sb, "res-drift", student, "not submitted", nil, "", ""),
			},
			{
				// Graded outside Terraform: the plan reverts it.
				PreConfig: outside("fully graded", model.NumberPtr(4)),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resultAddr, tfjsonpath.New("score"), knownvalue.Null()),
				}},
				Check: checkStoredResult(sb, "res-drift", student, "not submitted", nil, "", ""),
			},
			{
				// The 1.1 binding's misspelling reads as "not submitted":
				// no diff, and nothing rewritten.
				PreConfig: outside(model.ScoreStatusNotSubmittedMisspelt, nil),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultAddr, tfjsonpath.New("score_status"), knownvalue.StringExact("not submitted")),
				},
				Check: checkStoredResult(sb, "res-drift", student, model.ScoreStatusNotSubmittedMisspelt, nil, "", ""),
			},
		},
	})
}

func TestAccGradebookResult_validation(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	student := activeStudents(t, sb.Server, 1)[0]
	cases := map[string]struct{ body, want string }{
		"score_status": {`score_status = "graded"`, `value must be one of`},
		"misspelling":  {`score_status = "not submmitted"`, `value must be one of`},
		"score_date":   {"score_status = \"fully graded\"\n  score_date = \"yesterday\"", `score_date: "yesterday" is not an ISO 8601 date`},
		"score":        {"score_status = \"fully graded\"\n  score = \"nine\"", `a number is required`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps:                    []resource.TestStep{{Config: resultConfig(sb, "res-bad", student, c.body), ExpectError: wrappedText(c.want)}},
			})
		})
	}
	if n := sb.Server.Requests("/"); n != 0 {
		t.Errorf("invalid configurations sent %d requests; validation must come first", n)
	}
}

// Credentials without a scope are told which scope they lack: the one of
// the version the provider speaks, and of the request that was refused.
// On 1.2 the class-scoped read of a line item's results needs
// gradebook.readonly, which gradebook-core.readonly does not cover.
func TestAccGradebookResult_missingScope(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	student := activeStudents(t, sb.Server, 1)[0]
	x := sb.Server.Sample()
	// The line item exists already; only the result is written.
	newOutOfBand(t, sb).put("lineItems", "lineItem", "quiz-1", model.LineItem{
		Base: model.Base{SourcedID: "quiz-1"}, Title: "Quiz 1", AssignDate: "2024-09-02", DueDate: "2024-09-09",
		Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category}, School: &model.Ref{SourcedID: x.School},
	})
	result := fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = "quiz-1"
  student_sourced_id   = %q
  score_status         = "submitted"
  score_date           = "2024-09-10"
}
`, student)
	for _, tc := range []struct {
		name, baseURL string
		scopes        []string
		want          []string
	}{
		{"1.1 write", sb.BaseURL, []string{oneroster.ScopeGradebookReadonly},
			[]string{"Missing OAuth 2 scope for oneroster_result", "but not " + oneroster.ScopeGradebookCreatePut}},
		{"1.2 write", sb.BaseURLV1p2, []string{oneroster.ScopeV1p2GradebookReadonly},
			[]string{"Missing OAuth 2 scope for oneroster_result", "but not " + oneroster.ScopeV1p2GradebookCreatePut}},
		{"1.2 nested read", sb.BaseURLV1p2, []string{oneroster.ScopeV1p2GradebookCoreReadonly, oneroster.ScopeV1p2GradebookCreatePut},
			[]string{"lack the OAuth 2 scope " + oneroster.ScopeV1p2GradebookReadonly + ", which reading", "Applying again will not help"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      gradebookProvider(tc.baseURL, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret, tc.scopes...) + result,
					ExpectError: wrappedText(tc.want...),
				}},
			})
		})
	}
}
