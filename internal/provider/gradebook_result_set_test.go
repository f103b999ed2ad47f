package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
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

const resultSetAddr = "oneroster_result_set.quiz"

// score is one entry of a result set, as configured and as expected back.
type score struct {
	status  string
	value   *float64
	comment string
}

func (s score) hcl() string {
	parts := []string{fmt.Sprintf("score_status = %q", s.status)}
	if s.value != nil {
		parts = append(parts, fmt.Sprintf("score = %v", *s.value))
	}
	if s.comment != "" {
		parts = append(parts, fmt.Sprintf("comment = %q", s.comment))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

func graded(v float64) score { return score{status: "fully graded", value: &v} }

func resultSetConfig(provider, quiz string, results map[string]score) string {
	students := make([]string, 0, len(results))
	for s := range results {
		students = append(students, s)
	}
	sort.Strings(students)
	var b strings.Builder
	for _, s := range students {
		fmt.Fprintf(&b, "    %q = %s\n", s, results[s].hcl())
	}
	return provider + quiz + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
%s  }
}
`, b.String())
}

// expectResults checks the whole results map of the state: exactly these
// students, these scores, and the documented sourcedIds.
func expectResults(results map[string]score) statecheck.StateCheck {
	entries := map[string]knownvalue.Check{}
	for student, s := range results {
		var value, comment knownvalue.Check = knownvalue.Null(), knownvalue.Null()
		if s.value != nil {
			value = knownvalue.Float64Exact(*s.value)
		}
		if s.comment != "" {
			comment = knownvalue.StringExact(s.comment)
		}
		entries[student] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"score_status": knownvalue.StringExact(s.status),
			"score":        value,
			"score_date":   knownvalue.Null(),
			"comment":      comment,
			"sourced_id":   knownvalue.StringExact(quizResultID(student)),
			// OneRoster 1.2's, null where unset (this is 1.1).
			"score_scale_sourced_id": knownvalue.Null(), "text_score": knownvalue.Null(),
			"in_progress": knownvalue.Null(), "incomplete": knownvalue.Null(), "late": knownvalue.Null(), "missing": knownvalue.Null(),
			"learning_objective_scores": knownvalue.Null(),
		})
	}
	return statecheck.ExpectKnownValue(resultSetAddr, tfjsonpath.New("results"), knownvalue.MapExact(entries))
}

// checkStoredResults checks that the server has exactly these results of
// quiz-1, under the documented sourcedIds, and none for the students in
// absent.
func checkStoredResults(server *sandbox.Server, results map[string]score, absent ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for student, want := range results {
			id := quizResultID(student)
			rec, ok := server.Record("results", id)
			if !ok || !recordActive(rec) {
				return fmt.Errorf("the server has no active result %s for %s", id, student)
			}
			got := rec.(model.Result)
			if model.RefID(got.LineItem) != "quiz-1" || model.RefID(got.Student) != student || got.ScoreStatus != want.status ||
				fmt.Sprint(deref(got.Score)) != fmt.Sprint(derefFloat(want.value)) || got.Comment != want.comment {
				return fmt.Errorf("the server's result for %s is %+v (score %v), want %+v", student, got, deref(got.Score), want)
			}
		}
		for _, student := range absent {
			if rec, ok := server.Record("results", quizResultID(student)); ok && recordActive(rec) {
				return fmt.Errorf("the server still has the result of %s", student)
			}
		}
		return nil
	}
}

// checkWrites checks how many PUT or DELETE requests each student's result
// received since the last ResetRequests.
func checkWrites(sb *sandbox.Running, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for student, n := range want {
			if got := sb.Server.Requests("/results/" + quizResultID(student)); got != n {
				return fmt.Errorf("the result of %s received %d requests, want %d", student, got, n)
			}
		}
		return nil
	}
}

func TestAccGradebookResultSet_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 4)
	oob := newOutOfBand(t, sb)
	provider, quiz := sandboxProvider(sb), quizConfig(sb)
	first := map[string]score{st[0]: graded(5), st[1]: {status: "fully graded", value: ptr(6), comment: "ok"}, st[2]: {status: "exempt"}}
	second := map[string]score{st[0]: graded(5), st[1]: graded(8), st[3]: graded(9.5)}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkStoredResults(sb.Server, nil, st...),
		Steps: []resource.TestStep{
			{
				Config:            resultSetConfig(provider, quiz, first),
				ConfigStateChecks: []statecheck.StateCheck{expectResults(first)},
				Check: resource.ComposeTestCheckFunc(
					checkStoredResults(sb.Server, first),
					func(*terraform.State) error {
						// OneRoster 1.1 has no bulk POST: one PUT per result.
						if n := sb.Server.Requests("/lineItems/quiz-1/results"); n != 0 {
							return fmt.Errorf("%d requests to /lineItems/quiz-1/results on 1.1", n)
						}
						return checkWrites(sb, map[string]int{st[0]: 1, st[1]: 1, st[2]: 1})(nil)
					},
				),
			},
			{
				// One unchanged, one changed, one removed, one added: only
				// the last three are written.
				PreConfig: sb.Server.ResetRequests,
				Config:    resultSetConfig(provider, quiz, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(st[3]).AtMapKey("sourced_id"),
						knownvalue.StringExact(quizResultID(st[3]))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check: resource.ComposeTestCheckFunc(
					checkStoredResults(sb.Server, second, st[2]),
					checkWrites(sb, map[string]int{st[0]: 0, st[1]: 1, st[2]: 1, st[3]: 1}),
				),
			},
			{
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: "quiz-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "line_item_sourced_id",
			},
			{
				// One result deleted and one regraded outside Terraform.
				PreConfig: func() {
					oob.delete("results", quizResultID(st[0]))
					oob.put("results", "result", quizResultID(st[1]), model.Result{
						LineItem: &model.Ref{SourcedID: "quiz-1"}, Student: &model.Ref{SourcedID: st[1]},
						ScoreStatus: "fully graded", Score: model.NumberPtr(1),
					})
				},
				Config: resultSetConfig(provider, quiz, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check:             checkStoredResults(sb.Server, second, st[2]),
			},
		},
	})
}

// Some writes and a delete fail: the state records exactly what
// succeeded, and the next apply finishes the job. Plans do not refresh
// here, so that they show the state the failed apply left, not the
// server's.
func TestAccGradebookResultSet_partialFailure(t *testing.T) {
	srv := newFaultyServer(t, sandbox.Options{})
	st := activeStudents(t, srv.Sandbox, 5)
	provider := gradebookProvider(srv.BaseURL(), srv.TokenURL(), sandbox.ClientID, sandbox.ClientSecret)
	quiz := fmt.Sprintf(`
resource "oneroster_line_item" "quiz" {
  sourced_id          = "quiz-1"
  title               = "Quiz 1"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %q
  category_sourced_id = %q
}
`, srv.Sandbox.Sample().Class, srv.Sandbox.Sample().Category)
	first := map[string]score{st[0]: graded(1), st[1]: graded(2), st[4]: graded(3)}
	second := map[string]score{st[0]: graded(10), st[1]: graded(20), st[2]: graded(30), st[3]: graded(40)}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		CheckDestroy:             checkStoredResults(srv.Sandbox, nil, st...),
		Steps: []resource.TestStep{
			{
				Config:            resultSetConfig(provider, quiz, first),
				ConfigStateChecks: []statecheck.StateCheck{expectResults(first)},
			},
			{
				// st[1] changes, st[2] is added and st[4] removed: all three
				// fail. st[0] changes and st[3] is added: both succeed.
				PreConfig: func() {
					srv.failResults(quizResultID(st[1]), quizResultID(st[2]), quizResultID(st[4]))
				},
				Config: resultSetConfig(provider, quiz, second),
				ExpectError: wrappedText("3 of 5 result changes failed",
					fmt.Sprintf("student %q (write)", st[1]), "injected failure",
					fmt.Sprintf("student %q (write)", st[2]), "injected failure",
					fmt.Sprintf("student %q (delete)", st[4]), "injected failure"),
			},
			{
				PreConfig: func() { srv.failResults() },
				Config:    resultSetConfig(provider, quiz, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Exactly the writes that succeeded, and the prior
					// values of the ones that failed.
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[0]: 10, st[1]: 2, st[3]: 40, st[4]: 3}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check:             checkStoredResults(srv.Sandbox, second, st[4]),
			},
		},
	})
}

// A server that answers PUT with 204 and deletes softly: results are read
// back through the class-scoped endpoint, and tobedeleted ones are gone.
func TestAccGradebookResultSet_quirks(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{PutNoContent: true, SoftDelete: true}})
	st := activeStudents(t, sb.Server, 3)
	provider, quiz := sandboxProvider(sb), quizConfig(sb)
	first := map[string]score{st[0]: graded(5), st[1]: {status: "submitted"}}
	second := map[string]score{st[0]: {status: "partially graded", value: ptr(2.5), comment: "late"}, st[2]: {status: "not submitted"}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkStoredResults(sb.Server, nil, st...),
		Steps: []resource.TestStep{
			{
				Config:            resultSetConfig(provider, quiz, first),
				ConfigStateChecks: []statecheck.StateCheck{expectResults(first)},
				Check:             checkStoredResults(sb.Server, first),
			},
			{
				Config:            resultSetConfig(provider, quiz, second),
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check:             checkStoredResults(sb.Server, second, st[1]),
			},
			{
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: "quiz-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "line_item_sourced_id",
			},
		},
	})
}

// An entry whose whole value is known only at apply (here another
// resource's output; a conditional on one is the usual case) stays
// unknown in the plan, the other entries planned around it, and is
// written at apply as any other.
func TestAccGradebookResultSet_unknownEntry(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 2)
	want := map[string]score{st[0]: graded(5), st[1]: graded(6)}
	config := sandboxProvider(sb) + quizConfig(sb) + fmt.Sprintf(`
resource "terraform_data" "late_grade" {
  input = { score_status = "fully graded", score = 6 }
}

resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
    %q = { score_status = "fully graded", score = 5 }
    %q = terraform_data.late_grade.output
  }
}
`, st[0], st[1])
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkStoredResults(sb.Server, nil, st...),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionCreate),
					expectUnknownEntry{student: st[1]},
					plancheck.ExpectKnownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(st[0]).AtMapKey("sourced_id"),
						knownvalue.StringExact(quizResultID(st[0]))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(want)},
				Check:             checkStoredResults(sb.Server, want),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Once known, an entry without a required attribute is
				// refused, by Terraform itself: the provider lets its
				// validation pass only while the entry is unknown.
				Config:      strings.Replace(config, `input = { score_status = "fully graded", score = 6 }`, `input = { score = 6 }`, 1),
				ExpectError: regexp.MustCompile(`score_status`),
			},
		},
	})
}

// expectUnknownEntry checks that the plan leaves the entry of student
// unknown: wholly (Terraform 1.5, OpenTofu), or in each configured
// attribute: Terraform 1.16 hands the entry as a known object of unknown
// attributes, whose sourced_id the plan then fills in.
type expectUnknownEntry struct{ student string }

func (e expectUnknownEntry) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != resultSetAddr {
			continue
		}
		results, _ := rc.Change.AfterUnknown.(map[string]any)["results"].(map[string]any)
		switch entry := results[e.student].(type) {
		case bool:
			if entry {
				return
			}
		case map[string]any:
			if entry["score_status"] == true && entry["score"] == true {
				return
			}
		}
		resp.Error = fmt.Errorf("the entry of %s is planned known: after_unknown %v", e.student, results[e.student])
		return
	}
	resp.Error = fmt.Errorf("no change planned for %s", resultSetAddr)
}

func TestAccGradebookResultSet_errors(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 1)
	provider := sandboxProvider(sb)
	t.Run("validation", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			Steps: []resource.TestStep{{
				Config:      resultSetConfig(provider, quizConfig(sb), map[string]score{st[0]: {status: "graded"}}),
				ExpectError: wrappedText(fmt.Sprintf(`results["%s"].score_status`, st[0]), "value must be one of"),
			}},
		})
		if n := sb.Server.Requests("/"); n != 0 {
			t.Errorf("an invalid configuration sent %d requests", n)
		}
	})
	t.Run("no line item", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			Steps: []resource.TestStep{{
				Config: provider + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = "no-such-line-item"
  results = { %q = { score_status = "exempt" } }
}
`, st[0]),
				ExpectError: wrappedText(`The server has no line item "no-such-line-item"`),
			}},
		})
	})
}
