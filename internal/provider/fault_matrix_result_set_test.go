package provider_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// resultSetCells are the fault-matrix cells of oneroster_result_set's
// bookkeeping: what the state records when the server's answers or its
// listings fail part-way.
func resultSetCells() []matrixCell {
	set := "oneroster_result_set create, update, destroy"
	return []matrixCell{
		{fault: "PUTs answered 204, then the read-back listing answers 500 (at create, at update, at destroy)", op: set + " (1.1)",
			expect: "error naming each student; the written results tracked as sent: the next plan replaces or does nothing; none left after destroy",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{PutNoContent: true}},
			run:    readBackV1p1Cell},
		{fault: "POSTs paired, then the read-back listing answers 500 (at create, at update, at destroy)", op: set + " (1.2)",
			expect: "error naming each new student; the PUTs that succeeded tracked, the unproven POSTs not: the next apply adopts them; none left after destroy",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}},
			run:    readBackV1p2Cell},
	}
}

// readBackFault fails every listing of a line item's results (under the
// service at basePath) once the set has written something.
func readBackFault(basePath string) sandbox.Fault {
	return sandbox.Fault{Name: "read-back", Method: http.MethodGet, BasePath: basePath, Path: "/classes/*/lineItems/*/results",
		Kind: sandbox.FaultStatus, Status: http.StatusInternalServerError, AfterWrite: true}
}

// readBackV1p1Cell writes a 1.1 set on a server whose PUTs answer 204, so
// that what it stored is read back from the line item's results, and that
// read-back fails after the create, after an update, and during destroy.
// Each written result is tracked as sent, so nothing is left behind.
func readBackV1p1Cell(t *testing.T, c *cellEnv) {
	st := activeStudents(t, c.sb.Server, 3)
	provider, quiz := providerConfig(c.sb, writes), quizConfig(c.sb)
	first := map[string]score{st[0]: graded(1), st[1]: graded(2)}
	second := map[string]score{st[0]: graded(5), st[1]: graded(2), st[2]: graded(7)}
	failReadBack := func() { c.sb.Server.ClearFaults(); c.sb.Server.AddFault(readBackFault("")) }
	c.test(t, resource.TestCase{
		CheckDestroy: checkStoredResults(c.sb.Server, nil, st...),
		Steps: []resource.TestStep{
			{Config: provider + quiz},
			{
				PreConfig: failReadBack,
				Config:    resultSetConfig(provider, quiz, first),
				ExpectError: wrappedText("2 of 2 result changes failed", fmt.Sprintf("student %q (write): written as", sortedFirst(first)),
					"but reading it back failed", "The state records what was sent"),
			},
			{
				// The failed create tracked both results (tainted): the
				// replacement deletes and writes them again.
				PreConfig: func() { hits(t, c, "read-back", 3); c.sb.Server.ClearFaults() },
				Config:    resultSetConfig(provider, quiz, first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[0]: 1, st[1]: 2}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(first)},
				Check:             checkStoredResults(c.sb.Server, first),
			},
			{
				PreConfig:   failReadBack,
				Config:      resultSetConfig(provider, quiz, second),
				ExpectError: wrappedText("2 of 2 result changes failed", "but reading it back failed"),
			},
			{
				// Both writes of the failed update are tracked as sent.
				PreConfig: c.sb.Server.ClearFaults,
				Config:    resultSetConfig(provider, quiz, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check:             checkStoredResults(c.sb.Server, second),
			},
			{
				// Destroying the set needs no read-back.
				PreConfig: failReadBack,
				Config:    provider + quiz,
				Check:     checkStoredResults(c.sb.Server, nil, st...),
			},
		},
	})
}

// readBackV1p2Cell is readBackV1p1Cell on OneRoster 1.2, where new results
// are POSTed and the server allocates their sourcedIds: a POSTed result
// that the listing could not show is not tracked, and the next apply
// adopts it instead of creating a second one.
func readBackV1p2Cell(t *testing.T, c *cellEnv) {
	putQuiz(t, c.sb)
	st := activeStudents(t, c.sb.Server, 4)
	provider := clientCredentialsProvider(c.sb.BaseURLV1p2, c.sb.TokenURL, sandbox.ClientSecret, "")
	first := map[string]float64{st[0]: 5, st[1]: 6, st[2]: 7}
	second := map[string]float64{st[0]: 9, st[1]: 6, st[2]: 7, st[3]: 8}
	failReadBack := func() { c.sb.Server.ClearFaults(); c.sb.Server.AddFault(readBackFault(sandbox.BasePathGradebookV1p2)) }
	oneEach := func(scores map[string]float64) func() {
		return func() {
			held := quizResults(c.sb.Server)
			for student := range scores {
				if len(held[student]) != 1 {
					t.Errorf("student %s has the results %v on quiz-1, want one", student, held[student])
				}
			}
			c.sb.Server.ClearFaults()
		}
	}
	c.test(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if held := quizResults(c.sb.Server); len(held) != 0 {
				return fmt.Errorf("results of quiz-1 left after destroy: %v", held)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig:   failReadBack,
				Config:      quizV1p2Config(provider, first),
				ExpectError: wrappedText("3 of 3 result changes failed", "(create): the server created it", "plan again, which adopts it"),
			},
			{
				// Nothing was tracked, so the set is created again: it
				// adopts the results the POST made, and makes no second.
				PreConfig: oneEach(first),
				Config:    quizV1p2Config(provider, first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkAllocated(c.sb.Server, first),
			},
			{
				PreConfig: failReadBack,
				Config:    quizV1p2Config(provider, second),
				ExpectError: wrappedText("1 of 2 result changes failed", fmt.Sprintf("student %q (create): the server created it", st[3]),
					"plan again, which adopts it"),
			},
			{
				// The PUT that succeeded is tracked; the new student's
				// result is adopted.
				PreConfig: oneEach(second),
				Config:    quizV1p2Config(provider, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[0]: 9, st[1]: 6, st[2]: 7}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAllocated(c.sb.Server, second),
			},
			{
				PreConfig: failReadBack,
				Config:    clientCredentialsProvider(c.sb.BaseURLV1p2, c.sb.TokenURL, sandbox.ClientSecret, ""),
			},
		},
	})
}

// sortedFirst is the first student of results in the order failures are
// listed.
func sortedFirst[V any](results map[string]V) string {
	first := ""
	for s := range results {
		if first == "" || s < first {
			first = s
		}
	}
	return first
}
