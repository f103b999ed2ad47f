package provider_test

import (
	"fmt"
	"net/http"
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
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// OneRoster 1.2: oneroster_result_set creates new results with POST
// /lineItems/{id}/results, keeps the sourcedIds the server allocates,
// and updates and deletes them with PUT and DELETE of /results/{id}.

// quizV1p2Config is a 1.2 result set of quiz-1 on the provider block
// provider. 1.2 requires a scoreDate on every result.
func quizV1p2Config(provider string, scores map[string]float64) string {
	students := make([]string, 0, len(scores))
	for s := range scores {
		students = append(students, s)
	}
	sort.Strings(students)
	var b strings.Builder
	for _, s := range students {
		fmt.Fprintf(&b, "    %q = { score = %v, score_status = \"fully graded\", score_date = \"2025-01-20\" }\n", s, scores[s])
	}
	return provider + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = "quiz-1"
  results = {
%s  }
}
`, b.String())
}

// putQuiz writes the line item quiz-1 behind Terraform's back (through
// 1.1: the sandbox serves one district to both versions).
func putQuiz(t *testing.T, sb *sandbox.Running) {
	t.Helper()
	x := sb.Server.Sample()
	newOutOfBand(t, sb).put("lineItems", "lineItem", "quiz-1", model.LineItem{
		Title: "Quiz 1", AssignDate: "2025-01-10", DueDate: "2025-01-17",
		Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category},
	})
}

// quizResults maps each student with an active result on quiz-1 to its
// sourcedIds.
func quizResults(server *sandbox.Server) map[string][]string {
	out := map[string][]string{}
	for _, id := range server.SourcedIDs("results") {
		rec, ok := sandboxRecord[model.Result](server, "results", id)
		if ok && model.RefID(rec.LineItem) == "quiz-1" {
			out[model.RefID(rec.Student)] = append(out[model.RefID(rec.Student)], id)
		}
	}
	return out
}

// checkAllocated checks that each student has exactly one result on
// quiz-1, under a sourcedId the server allocated, that the state tracks
// that sourcedId, and that the server stored the configured score.
func checkAllocated(server *sandbox.Server, scores map[string]float64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		held := quizResults(server)
		if len(held) != len(scores) {
			return fmt.Errorf("the server has results of quiz-1 for %d students (%v), want %d", len(held), held, len(scores))
		}
		attrs := s.RootModule().Resources[resultSetAddr].Primary.Attributes
		for student, score := range scores {
			ids := held[student]
			if len(ids) != 1 || !strings.HasPrefix(ids[0], "result-srv-") {
				return fmt.Errorf("student %s has the results %v on quiz-1, want one sourcedId the server allocated", student, ids)
			}
			if got := attrs["results."+student+".sourced_id"]; got != ids[0] {
				return fmt.Errorf("the state tracks %q for %s, the server holds %q", got, student, ids[0])
			}
			rec, _ := sandboxRecord[model.Result](server, "results", ids[0])
			if fmt.Sprint(deref(rec.Score)) != fmt.Sprint(score) {
				return fmt.Errorf("the server's score of %s is %v, want %v", student, deref(rec.Score), score)
			}
		}
		return nil
	}
}

// checkRequests checks how many requests the 1.2 gradebook service got
// under each path prefix since the last ResetRequests.
func checkRequests(server *sandbox.Server, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for prefix, n := range want {
			if got := server.RequestsUnder(sandbox.BasePathGradebookV1p2, prefix); got != n {
				return fmt.Errorf("%d requests to %s%s, want %d", got, sandbox.BasePathGradebookV1p2, prefix, n)
			}
		}
		return nil
	}
}

func TestAccResultSetV1p2_postKeepsTheServersIDs(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}})
	putQuiz(t, sb)
	st := activeStudents(t, sb.Server, 4)
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	first := map[string]float64{st[0]: 5, st[1]: 6, st[2]: 7}
	second := map[string]float64{st[0]: 5, st[1]: 9, st[2]: 7, st[3]: 8}
	var allocated map[string][]string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if held := quizResults(sb.Server); len(held) != 0 {
				return fmt.Errorf("results of quiz-1 left after destroy: %v", held)
			}
			for _, ids := range allocated {
				if n := sb.Server.RequestsUnder(sandbox.BasePathGradebookV1p2, "/results/"+ids[0]); n != 1 {
					return fmt.Errorf("%d requests to /results/%s during destroy, want its DELETE", n, ids[0])
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Three new scores: one POST, no PUT; the sourcedIds are
				// the server's to choose, so the plan does not know them.
				PreConfig: sb.Server.ResetRequests,
				Config:    quizV1p2Config(provider, first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(st[0]).AtMapKey("sourced_id")),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkAllocated(sb.Server, first),
					checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 1, "/results/": 0}),
				),
			},
			{
				// The server's ids are in the state: nothing to do.
				PreConfig: sb.Server.ResetRequests,
				Config:    quizV1p2Config(provider, first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 0, "/results/": 0}),
			},
			{
				// One changed score and one new: one PUT of the changed
				// result, under the server's sourcedId, and one POST.
				PreConfig: sb.Server.ResetRequests,
				Config:    quizV1p2Config(provider, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(st[3]).AtMapKey("sourced_id")),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkAllocated(sb.Server, second),
					func(*terraform.State) error {
						allocated = quizResults(sb.Server)
						return checkRequests(sb.Server, map[string]int{
							"/lineItems/quiz-1/results": 1, "/results/": 1, "/results/" + allocated[st[1]][0]: 1,
						})(nil)
					},
				),
			},
			{
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: "quiz-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "line_item_sourced_id",
			},
			{
				// Destroy deletes the server's ids (CheckDestroy).
				PreConfig: sb.Server.ResetRequests,
				Config:    quizV1p2Config(provider, second),
			},
		},
	})
}

// A 1.2 server without the POST (404, 405, 501), or credentials without
// gradebook.createpost (403): the new results are written one PUT each,
// under the derived sourcedIds, and a warning says why. The set then
// behaves as on 1.1.
func TestAccResultSetV1p2_fallsBackToPut(t *testing.T) {
	withoutPost := fmt.Sprintf("scopes = [%q, %q, %q, %q]", oneroster.ScopeV1p2GradebookCoreReadonly, oneroster.ScopeV1p2GradebookReadonly,
		oneroster.ScopeV1p2GradebookCreatePut, oneroster.ScopeV1p2GradebookDelete)
	for _, tc := range []struct {
		status int
		scopes string // the auth block's scopes line
		says   string
	}{
		{status: http.StatusNotFound, says: "The server does not offer it"},
		{status: http.StatusMethodNotAllowed, says: "The server does not offer it"},
		{status: http.StatusNotImplemented, says: "The server does not offer it"},
		{status: http.StatusForbidden, scopes: withoutPost, says: "grant them the scope " + oneroster.ScopeV1p2GradebookCreatePost},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			quirks := sandbox.Quirks{PostsUnsupported: tc.status}
			if tc.status == http.StatusForbidden {
				quirks = sandbox.Quirks{}
			}
			sb := acctest.Sandbox(t, sandbox.Options{Quirks: quirks})
			putQuiz(t, sb)
			st := activeStudents(t, sb.Server, 2)
			scores := map[string]float64{st[0]: 3, st[1]: 4}
			provider := oauth2ClientProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret, tc.scopes, "")
			w := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + quizV1p2Config(provider, scores)})
			sb.Server.ResetRequests()
			out := w.mustRun("apply", "-auto-approve", "-no-color", "-input=false")
			for _, want := range []string{
				"Warning: 2 new results of line item \"quiz-1\" were written with one PUT each",
				"POST /lineItems/quiz-1/results", fmt.Sprint(tc.status), tc.says,
			} {
				if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
					t.Errorf("the apply does not say %q:\n%s", want, out)
				}
			}
			for _, s := range st {
				if ids := quizResults(sb.Server)[s]; len(ids) != 1 || ids[0] != quizResultID(s) {
					t.Errorf("student %s has the results %v, want the derived %s", s, ids, quizResultID(s))
				}
				if n := sb.Server.RequestsUnder(sandbox.BasePathGradebookV1p2, "/results/"+quizResultID(s)); n != 1 {
					t.Errorf("%d requests to the result of %s, want one PUT", n, s)
				}
			}
			if out := w.mustRun("plan", "-no-color", "-input=false"); !strings.Contains(out, "No changes.") {
				t.Errorf("the plan after the apply is not empty:\n%s", out)
			}
			w.mustRun("destroy", "-auto-approve", "-no-color", "-input=false")
			if held := quizResults(sb.Server); len(held) != 0 {
				t.Errorf("results left after destroy: %v", held)
			}
		})
	}
}

// The answer to a POST is lost, after the server created the results
// (applied) or before (a 502 from a gateway). The set never POSTs blind
// again: it reads the line item's results, keeps those that hold what it
// sent, and POSTs again only for the students who have none. Either way
// each student ends with exactly one result.
func TestAccResultSetV1p2_lostPostAnswer(t *testing.T) {
	for _, applied := range []bool{true, false} {
		t.Run(fmt.Sprintf("applied=%v", applied), func(t *testing.T) {
			sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}})
			lost := sandbox.Fault{Name: "lost", Method: http.MethodPost, BasePath: sandbox.BasePathGradebookV1p2, Path: "/lineItems/*/results",
				Kind: sandbox.FaultApplied, Count: 1}
			wantPosts := 1
			if !applied {
				lost.Kind, lost.Status, wantPosts = sandbox.FaultStatus, http.StatusBadGateway, 2
			}
			putQuiz(t, sb)
			st := activeStudents(t, sb.Server, 3)
			scores := map[string]float64{st[0]: 1, st[1]: 2, st[2]: 3}
			provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{
					{
						PreConfig: func() { sb.Server.AddFault(lost); sb.Server.ResetRequests() },
						Config:    quizV1p2Config(provider, scores),
						Check: resource.ComposeTestCheckFunc(
							checkAllocated(sb.Server, scores),
							checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": wantPosts, "/results/": 0}),
							func(*terraform.State) error {
								if n := sb.Server.FaultHits("lost"); n != 1 {
									return fmt.Errorf("the fault fired %d times, want 1", n)
								}
								return nil
							},
						),
					},
					{
						Config: quizV1p2Config(provider, scores),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
					},
				},
			})
		})
	}
}

// A POST the server accepts (a 2xx) without pairing the results is never
// sent again in the same apply, whatever the read-back shows: a server
// that creates them later would hold each twice. Here the answer is an
// empty 200 and nothing was created: the apply fails naming why, and the
// next one writes them.
func TestAccResultSetV1p2_unpairedAnswerIsNotResent(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}})
	sb.Server.AddFault(sandbox.Fault{Name: "empty", Method: http.MethodPost, BasePath: sandbox.BasePathGradebookV1p2, Path: "/lineItems/*/results",
		Kind: sandbox.FaultEmpty200, Count: 1})
	putQuiz(t, sb)
	st := activeStudents(t, sb.Server, 2)
	scores := map[string]float64{st[0]: 1, st[1]: 2}
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:   sb.Server.ResetRequests,
				Config:      quizV1p2Config(provider, scores),
				ExpectError: wrappedText("accepted the POST, but its answer does not pair", "the next apply writes it"),
			},
			{
				Config: quizV1p2Config(provider, scores),
				Check: resource.ComposeTestCheckFunc(
					checkAllocated(sb.Server, scores),
					checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 2, "/results/": 0}),
				),
			},
		},
	})
}

// 1.2 requires a scoreDate on every result: an entry without score_date
// fails the plan, naming the student, and nothing is sent to the gradebook.
func TestAccResultSetV1p2_scoreDateRequired(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	putQuiz(t, sb)
	student := activeStudents(t, sb.Server, 1)[0]
	cfg := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "") + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = "quiz-1"
  results = {
    %q = { score = 7, score_status = "fully graded" }
  }
}
`, student)
	sb.Server.ResetRequests()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      cfg,
			PlanOnly:    true,
			ExpectError: wrappedText("Missing score_date", "OneRoster 1.2 requires scoreDate on every result", fmt.Sprintf("student %q", student)),
		}},
	})
	if n := sb.Server.RequestsUnder(sandbox.BasePathGradebookV1p2, ""); n != 0 {
		t.Errorf("%d requests reached the 1.2 gradebook", n)
	}
}

// learningObjectiveScoresConfig is a 1.2 set of quiz-1 whose entry for
// scored carries learning-objective scores (lo-2 scored lo2), and whose
// entry for bare carries none.
func learningObjectiveScoresConfig(provider, scored, bare string, lo2 float64) string {
	return provider + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = "quiz-1"
  results = {
    %q = {
      score = 8, score_status = "fully graded", score_date = "2025-01-20"
      learning_objective_scores = [
        { source = "case", id = "lo-1", score = 1 },
        { source = "case", id = "lo-2", score = %v, text_score = "Proficient" },
        { source = "/district", id = "SCI.7.2", text_score = "Meets" },
      ]
    }
    %q = { score = 7, score_status = "fully graded", score_date = "2025-01-20" }
  }
}
`, scored, lo2, bare)
}

// storedObjectiveScores is what the server holds as the learning-objective
// scores of student's result on quiz-1, one "source/id=score/text" a score.
func storedObjectiveScores(server *sandbox.Server, student string) []string {
	rec, _ := sandboxRecord[model.Result](server, "results", firstOf(quizResults(server)[student]))
	var out []string
	for _, set := range rec.LearningObjectiveSet {
		for _, r := range set.LearningObjectiveResults {
			text := ""
			if r.TextScore != nil {
				text = *r.TextScore
			}
			out = append(out, fmt.Sprintf("%s/%s=%v/%s", set.Source, r.LearningObjectiveID, deref(r.Score), text))
		}
	}
	return out
}

// checkObjectiveScores checks that the server holds, for scored, the
// configuration's learning-objective scores with lo-2 scored lo2, and none
// for bare.
func checkObjectiveScores(server *sandbox.Server, scored, bare string, lo2 float64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		want := fmt.Sprint([]string{"case/lo-1=1/", fmt.Sprintf("case/lo-2=%v/Proficient", lo2), "/district/SCI.7.2=<nil>/Meets"})
		if got := fmt.Sprint(storedObjectiveScores(server, scored)); got != want {
			return fmt.Errorf("the server holds the learning-objective scores %s for %s, want %s", got, scored, want)
		}
		if got := storedObjectiveScores(server, bare); len(got) != 0 {
			return fmt.Errorf("the server holds learning-objective scores %v for %s, which sets none", got, bare)
		}
		return nil
	}
}

// An entry's learning-objective scores are sent by the bulk POST and by
// the PUT of a change, read back in the configured order (an empty plan
// after), shown as drift when a teacher changes one in the SIS, and
// imported.
func TestAccResultSetV1p2_learningObjectiveScores(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	putQuiz(t, sb)
	st := activeStudents(t, sb.Server, 2)
	scored, bare := st[0], st[1]
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	objectives := func(lo2 float64) []statecheck.StateCheck {
		score := func(source, id string, score, text knownvalue.Check) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"source": knownvalue.StringExact(source), "id": knownvalue.StringExact(id), "score": score, "text_score": text})
		}
		at := func(student string) tfjsonpath.Path {
			return tfjsonpath.New("results").AtMapKey(student).AtMapKey("learning_objective_scores")
		}
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(resultSetAddr, at(scored), knownvalue.ListExact([]knownvalue.Check{
				score("case", "lo-1", knownvalue.Float64Exact(1), knownvalue.Null()),
				score("case", "lo-2", knownvalue.Float64Exact(lo2), knownvalue.StringExact("Proficient")),
				score("/district", "SCI.7.2", knownvalue.Null(), knownvalue.StringExact("Meets")),
			})),
			statecheck.ExpectKnownValue(resultSetAddr, at(bare), knownvalue.Null()),
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				// Created by the bulk POST.
				PreConfig:         sb.Server.ResetRequests,
				Config:            learningObjectiveScoresConfig(provider, scored, bare, 0.5),
				ConfigStateChecks: objectives(0.5),
				Check: resource.ComposeTestCheckFunc(checkObjectiveScores(sb.Server, scored, bare, 0.5),
					checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 1, "/results/": 0})),
			},
			{
				// Refreshed as written: nothing to do.
				Config:           learningObjectiveScoresConfig(provider, scored, bare, 0.5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A changed objective score is one PUT of that result.
				PreConfig: sb.Server.ResetRequests,
				Config:    learningObjectiveScoresConfig(provider, scored, bare, 0.75),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: objectives(0.75),
				Check: resource.ComposeTestCheckFunc(checkObjectiveScores(sb.Server, scored, bare, 0.75),
					checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 0, "/results/": 1})),
			},
			{
				// A teacher rescores lo-1 in the SIS: the refresh shows it,
				// and the apply writes the configured score back.
				PreConfig: func() {
					changeOutOfBand(t, v1p2OutOfBand(t, sb), oneroster.Results, firstOf(quizResults(sb.Server)[scored]), func(r *model.Result) {
						teacher := model.Number(4)
						r.LearningObjectiveSet[0].LearningObjectiveResults[0].Score = &teacher
					})
				},
				Config: learningObjectiveScoresConfig(provider, scored, bare, 0.75),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: objectives(0.75),
				Check:             checkObjectiveScores(sb.Server, scored, bare, 0.75),
			},
			{
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: "quiz-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "line_item_sourced_id",
			},
		},
	})
}
