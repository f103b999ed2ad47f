package provider_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// teacherResult puts, behind Terraform's back, a result a teacher entered
// for student on quiz-1, and returns a check that it is still there,
// unchanged.
func teacherResult(t *testing.T, sb *sandbox.Running, id, student string) func() error {
	t.Helper()
	newOutOfBand(t, sb).put("results", "result", id, model.Result{
		Base: model.Base{SourcedID: id}, LineItem: &model.Ref{SourcedID: "quiz-1"}, Student: &model.Ref{SourcedID: student},
		ScoreStatus: "fully graded", Score: model.NumberPtr(9), ScoreDate: "2025-01-19",
	})
	before, _ := sb.Server.Record("results", id)
	return func() error {
		if after, ok := sb.Server.Record("results", id); !ok || !recordActive(after) || !reflect.DeepEqual(after, before) {
			return fmt.Errorf("the teacher's result %s of %s was changed or deleted: was %+v, now %+v", id, student, before, after)
		}
		return nil
	}
}

// oneResultEach checks that each student has exactly one result on quiz-1.
func oneResultEach(server *sandbox.Server, students ...string) error {
	held := quizResults(server)
	for _, s := range students {
		if len(held[s]) != 1 {
			return fmt.Errorf("student %s has the results %v on quiz-1, want one", s, held[s])
		}
	}
	return nil
}

// A 1.2 server whose POST answer pairs the results with sourcedIds other
// than the ones it created: with a teacher's result of another student,
// with one id for every student, or rotated among the students. The set
// never tracks a result the server does not list for the student: each
// lying pair is an error naming the students, the result the server made
// for each student is tracked instead, and the teacher's result of stu-B
// survives the apply and the destroy.
func TestAccResultSetV1p2_lyingPairs(t *testing.T) {
	for _, lie := range []sandbox.PairsLie{sandbox.LieOtherID, sandbox.LieOneID, sandbox.LieRotated} {
		t.Run(string(lie), func(t *testing.T) {
			sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}})
			putQuiz(t, sb)
			st := activeStudents(t, sb.Server, 4)
			stuB := st[3]
			teacherIntact := teacherResult(t, sb, "teacher-b", stuB)
			set := st[:3]
			scores := map[string]float64{st[0]: 4, st[1]: 5, st[2]: 6}
			want := wrappedText("3 of 3 result changes failed", "which it lists for student", "the set tracks")
			switch lie {
			case sandbox.LieOtherID:
				// One student, so that the first pair of the POST is hers.
				set, scores = st[:1], map[string]float64{st[0]: 4}
				want = wrappedText("1 of 1 result changes failed", fmt.Sprintf(`student %q (create): the server named the result "teacher-b" for it, `+
					`which it lists for student %q`, st[0], stuB), "the set tracks")
			case sandbox.LieOneID:
				want = wrappedText("3 of 3 result changes failed", "the server named one result", "for students "+quotedStudents(set), "the set tracks")
			}
			sb.Server.AddFault(sandbox.Fault{Name: "lie", Method: http.MethodPost, BasePath: sandbox.BasePathGradebookV1p2, Path: "/lineItems/*/results",
				Kind: sandbox.FaultLyingPairs, Lie: lie, LieID: "teacher-b", Count: 1})
			provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				CheckDestroy: func(*terraform.State) error {
					if err := teacherIntact(); err != nil {
						return err
					}
					if held := quizResults(sb.Server); len(held) != 1 || len(held[stuB]) != 1 {
						return fmt.Errorf("results of quiz-1 after destroy: %v, want only the teacher's", held)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{Config: quizV1p2Config(provider, scores), ExpectError: want},
					{
						// The failed create tracked the result the server made
						// for each student: the replacement deletes those, not
						// the teacher's, and writes them again.
						PreConfig: func() {
							if err := teacherIntact(); err != nil {
								t.Error(err)
							}
							if err := oneResultEach(sb.Server, set...); err != nil {
								t.Error(err)
							}
						},
						Config: quizV1p2Config(provider, scores),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							expectPriorResults{addr: resultSetAddr, want: scores},
							plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionReplace),
						}},
						Check: func(*terraform.State) error {
							if err := teacherIntact(); err != nil {
								return err
							}
							return oneResultEach(sb.Server, set...)
						},
					},
				},
			})
		})
	}
}

func quotedStudents(students []string) string {
	out := ""
	for i, s := range students {
		switch {
		case i == 0:
		case i == len(students)-1:
			out += " and "
		default:
			out += ", "
		}
		out += fmt.Sprintf("%q", s)
	}
	return out
}

// Refresh applies the same rule to every tracked sourcedId: a result the
// server now lists for another student (moved by the SIS, or tracked by
// an older provider from a lying answer) is no longer tracked, with a
// warning, so that no apply overwrites or deletes that student's score.
func TestAccResultSetV1p2_refreshDropsOtherStudentsResults(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}})
	putQuiz(t, sb)
	st := activeStudents(t, sb.Server, 3)
	scores := map[string]float64{st[0]: 4, st[1]: 5}
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	var moved string
	var intact func() error
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if err := intact(); err != nil {
				return err
			}
			if held := quizResults(sb.Server); len(held) != 1 || len(held[st[2]]) != 1 {
				return fmt.Errorf("results of quiz-1 after destroy: %v, want only %s of %s", held, moved, st[2])
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: quizV1p2Config(provider, scores), Check: checkAllocated(sb.Server, scores)},
			{
				// The SIS gives st[0]'s result to st[2], with a score of
				// its own.
				PreConfig: func() {
					moved = quizResults(sb.Server)[st[0]][0]
					intact = teacherResult(t, sb, moved, st[2])
				},
				Config: quizV1p2Config(provider, scores),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[1]: 5}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if err := intact(); err != nil {
						return err
					}
					return oneResultEach(sb.Server, st...)
				},
			},
		},
	})
}
