package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
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

// On a server that compares ids exactly (the sandbox by default), students
// whose sourcedIds differ only in case are two students: a result set for
// one never adopts, overwrites or deletes the other's result, whichever
// spelling has the score.
func TestAccResultSet_caseSensitiveStudentsAreDistinct(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	existing := existingResults(sb.Server, s.LineItem)
	if _, ok := existing[s.Student]; !ok {
		t.Fatalf("the sample student %s has no result on the sample line item", s.Student)
	}
	var newcomer string
	for _, id := range sb.Server.SourcedIDs("students") {
		if _, active := sandboxRecord[model.User](sb.Server, "students", id); active && existing[id].SourcedID == "" && id != strings.ToUpper(id) {
			newcomer = id
			break
		}
	}
	if newcomer == "" {
		t.Fatal("no active student without a result on the sample line item")
	}
	// Upper-case twins of a student who has a teacher's score (the set
	// names the twin) and of one who has none (the twin has one).
	twin := func(id string) string {
		u, _ := sandboxRecord[model.User](sb.Server, "students", id)
		u.SourcedID = strings.ToUpper(id)
		if err := sb.Server.AddUser(u, s.Class); err != nil {
			t.Fatal(err)
		}
		return u.SourcedID
	}
	scoredTwin, newcomerTwin := twin(s.Student), twin(newcomer)
	teachers := "result-teacher-" + newcomerTwin
	newOutOfBand(t, sb).put("results", "result", teachers, model.Result{
		Base: model.Base{SourcedID: teachers}, LineItem: &model.Ref{SourcedID: s.LineItem}, Student: &model.Ref{SourcedID: newcomerTwin},
		ScoreStatus: "fully graded", Score: model.NumberPtr(55), ScoreDate: "2024-09-10",
	})
	before := snapshot(sb.Server, "results")

	derived := func(student string) string {
		return uuid.NewSHA1(uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96"), []byte(s.LineItem+"/"+student)).String()
	}
	idAt := func(student string) tfjsonpath.Path {
		return tfjsonpath.New("results").AtMapKey(student).AtMapKey("sourced_id")
	}
	set := func(v float64) map[string]score {
		return map[string]score{newcomer: graded(v), scoredTwin: graded(v + 1)}
	}
	// The set's students have their own derived results, with the set's
	// scores; every other result (the other spellings' included) is as
	// it was.
	checkServer := func(want map[string]score) func(*terraform.State) error {
		return func(*terraform.State) error {
			for student, sc := range want {
				got, ok := sandboxRecord[model.Result](sb.Server, "results", derived(student))
				if !ok || model.RefID(got.Student) != student || fmt.Sprint(deref(got.Score)) != fmt.Sprint(*sc.value) {
					return fmt.Errorf("student %s: result %s is %+v (active %v), want score %v", student, derived(student), got, ok, *sc.value)
				}
			}
			return unchanged(sb.Server, "results", before, derived(newcomer), derived(scoredTwin))
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		// Destroy deletes the set's own results, and nothing else.
		CheckDestroy: func(*terraform.State) error {
			for _, student := range []string{newcomer, scoredTwin} {
				if _, ok := sandboxRecord[model.Result](sb.Server, "results", derived(student)); ok {
					return fmt.Errorf("student %s keeps the set's result %s after destroy", student, derived(student))
				}
			}
			return unchanged(sb.Server, "results", before, derived(newcomer), derived(scoredTwin))
		},
		Steps: []resource.TestStep{{
			// A new set: nothing to adopt, so the plan promises the derived
			// ids (an adoption would leave them unknown).
			Config: seededSetConfig(sandboxProvider(sb), s.LineItem, "", set(77)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(resultSetAddr, idAt(newcomer), knownvalue.StringExact(derived(newcomer))),
				plancheck.ExpectKnownValue(resultSetAddr, idAt(scoredTwin), knownvalue.StringExact(derived(scoredTwin))),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resultSetAddr, idAt(newcomer), knownvalue.StringExact(derived(newcomer))),
				statecheck.ExpectKnownValue(resultSetAddr, idAt(scoredTwin), knownvalue.StringExact(derived(scoredTwin))),
			},
			Check: checkServer(set(77)),
		}, {
			// Both leave the set: only the set's results go.
			Config: seededSetConfig(sandboxProvider(sb), s.LineItem, "", nil),
			Check: func(st *terraform.State) error {
				for _, student := range []string{newcomer, scoredTwin} {
					if _, ok := sandboxRecord[model.Result](sb.Server, "results", derived(student)); ok {
						return fmt.Errorf("student %s left the set but keeps its result %s", student, derived(student))
					}
				}
				return checkServer(nil)(st)
			},
		}, {
			// ... and join it again: students who join an existing set are
			// planned from the line item's results, and still adopt nothing.
			Config: seededSetConfig(sandboxProvider(sb), s.LineItem, "", set(80)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(resultSetAddr, idAt(newcomer), knownvalue.StringExact(derived(newcomer))),
				plancheck.ExpectKnownValue(resultSetAddr, idAt(scoredTwin), knownvalue.StringExact(derived(scoredTwin))),
			}},
			Check: checkServer(set(80)),
		}},
	})
}

// On a server that folds case, which it shows by answering the GET of the
// line item "li-case" with "LI-CASE", a set for "STUDENT-…" adopts the
// result of the student the server stores as "student-…": a result of its
// own would be a second one for the same student.
func TestAccResultSet_caseFoldingServerAdoptsOtherSpelling(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{CaseInsensitiveIDs: true}})
	s := sb.Server.Sample()
	oob := newOutOfBand(t, sb)
	oob.put("lineItems", "lineItem", "LI-CASE", model.LineItem{
		Base: model.Base{SourcedID: "LI-CASE"}, Title: "Case quiz", AssignDate: "2024-09-02", DueDate: "2024-09-09",
		Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
	})
	student := activeStudents(t, sb.Server, 1)[0]
	const teachers = "result-teacher-case"
	oob.put("results", "result", teachers, model.Result{
		Base: model.Base{SourcedID: teachers}, LineItem: &model.Ref{SourcedID: "LI-CASE"}, Student: &model.Ref{SourcedID: student},
		ScoreStatus: "fully graded", Score: model.NumberPtr(55), ScoreDate: "2024-09-10",
	})
	configured := strings.ToUpper(student)
	// The student's results on the line item, whatever the spelling.
	resultsOf := func() []model.Result {
		var out []model.Result
		for _, id := range sb.Server.SourcedIDs("results") {
			if r, ok := sandboxRecord[model.Result](sb.Server, "results", id); ok && model.RefID(r.LineItem) == "LI-CASE" &&
				strings.EqualFold(model.RefID(r.Student), student) {
				out = append(out, r)
			}
		}
		return out
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if got := resultsOf(); len(got) != 0 {
				return fmt.Errorf("the student keeps results %+v after destroy", got)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: seededSetConfig(sandboxProvider(sb), "li-case", "", map[string]score{configured: graded(9)}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(configured).AtMapKey("sourced_id"),
					knownvalue.StringExact(teachers)),
			},
			Check: func(*terraform.State) error {
				got := resultsOf()
				if len(got) != 1 || got[0].SourcedID != teachers || fmt.Sprint(deref(got[0].Score)) != "9" {
					return fmt.Errorf("the student's results are %+v; want the teacher's %s alone, adopted with score 9", got, teachers)
				}
				return nil
			},
		}},
	})
}
