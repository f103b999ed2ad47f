package provider_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
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
		{fault: "timeouts.create cuts the set's PUTs: 4 answered, 4 applied but answered too late, 2 never sent", op: "oneroster_result_set create, destroy",
			expect: "error naming the 2 unsent; the 8 applied tracked (the late ones settled by a read-back), so destroy leaves none",
			run:    deadlineCell("create")},
		{fault: "timeouts.update cuts the set's PUTs: 4 answered, 4 applied but answered too late, 2 never sent", op: "oneroster_result_set update, destroy",
			expect: "error naming the 2 unsent; the 8 applied tracked (the late ones settled by a read-back), so destroy leaves none",
			run:    deadlineCell("update")},
		{fault: "timeouts.delete cuts the set's DELETEs: 4 answered, 4 applied but answered too late, 2 never sent", op: "oneroster_result_set destroy",
			expect: "error: 2 of 10 deletes failed (the late ones settled as done); the next destroy deletes those 2",
			run:    deadlineCell("delete")},
		{fault: "timeouts.create cuts the set's POST: applied, answered a minute late", op: "oneroster_result_set create (1.2), destroy",
			expect: "success: the results settled by a read-back on a deadline of its own, tracked under the server's ids; destroy leaves none",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{AllocateSourcedIDs: true}},
			run:    postDeadlineCell},
		{fault: "the PUT of another student's score answers 500 in the apply that releases a student", op: "oneroster_result_set update (release), destroy",
			expect: "error naming the failed write; the released student forgotten all the same, its result never deleted (not by the destroy either)",
			run:    releaseCell},
	}
}

// releaseCell releases a student whose score a teacher changed, in an
// apply where another student's write fails: the release must not wait
// for the apply to succeed, nor ever send a DELETE for the released
// result, which keeps the teacher's score through the retry and the
// destroy.
func releaseCell(t *testing.T, c *cellEnv) {
	st := activeStudents(t, c.sb.Server, 3)
	provider, quiz := providerConfig(c.sb, writes), quizConfig(c.sb)
	first := map[string]score{st[0]: graded(1), st[1]: graded(2), st[2]: graded(3)}
	second := map[string]score{st[0]: graded(5), st[2]: graded(3)}
	releasing := strings.Replace(resultSetConfig(provider, quiz, second), "  results = {", fmt.Sprintf("  released_students = [%q]\n  results = {", st[1]), 1)
	teachers := func() error {
		got, ok := sandboxRecord[model.Result](c.sb.Server, "results", quizResultID(st[1]))
		if !ok || deref(got.Score) != 7.0 {
			return fmt.Errorf("the released result of %s is %+v (active %v), want the teacher's 7", st[1], got, ok)
		}
		return nil
	}
	// A DELETE of the released result would fail, and be counted.
	watchDeletes := func() {
		c.sb.Server.AddFault(sandbox.Fault{Name: "delete-released", Method: http.MethodDelete, Path: "/results/" + quizResultID(st[1]),
			Kind: sandbox.FaultStatus, Status: http.StatusInternalServerError})
	}
	c.test(t, resource.TestCase{
		CheckDestroy: func(s *terraform.State) error {
			hits(t, c, "delete-released", 0)
			if err := teachers(); err != nil {
				return err
			}
			return checkStoredResults(c.sb.Server, nil, st[0], st[2])(s)
		},
		Steps: []resource.TestStep{
			{Config: resultSetConfig(provider, quiz, first), Check: checkStoredResults(c.sb.Server, first)},
			{
				PreConfig: func() {
					newOutOfBand(t, c.sb).put("results", "result", quizResultID(st[1]), model.Result{
						LineItem: &model.Ref{SourcedID: "quiz-1"}, Student: &model.Ref{SourcedID: st[1]}, ScoreStatus: "fully graded", Score: model.NumberPtr(7),
					})
					c.sb.Server.AddFault(sandbox.Fault{Name: "500", Method: http.MethodPut, Path: "/results/" + quizResultID(st[0]),
						Kind: sandbox.FaultStatus, Status: http.StatusInternalServerError})
					watchDeletes()
				},
				Config:      releasing,
				ExpectError: wrappedText("1 of 1 result changes failed", fmt.Sprintf("student %q (write)", st[0])),
			},
			{
				// Released although the apply failed; st[0] as before.
				PreConfig: func() {
					hits(t, c, "500", 3)
					hits(t, c, "delete-released", 0)
					c.sb.Server.ClearFaults()
					watchDeletes()
					if err := teachers(); err != nil {
						t.Error(err)
					}
				},
				Config: releasing,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[0]: 1, st[2]: 3}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check:             resource.ComposeTestCheckFunc(checkStoredResults(c.sb.Server, second), func(*terraform.State) error { return teachers() }),
			},
		},
	})
}

// postDeadlineCell creates a 1.2 set whose POST the server applies but
// answers after the set's create timeout: the read that settles it must
// not share the deadline that cut the POST.
func postDeadlineCell(t *testing.T, c *cellEnv) {
	putQuiz(t, c.sb)
	st := activeStudents(t, c.sb.Server, 3)
	scores := map[string]float64{st[0]: 1, st[1]: 2, st[2]: 3}
	provider := clientCredentialsProvider(c.sb.BaseURLV1p2, c.sb.TokenURL, sandbox.ClientSecret, "")
	c.sb.Server.AddFault(sandbox.Fault{Name: "late", Method: http.MethodPost, BasePath: sandbox.BasePathGradebookV1p2, Path: "/lineItems/*/results",
		Kind: sandbox.FaultApplied, Delay: time.Minute, Count: 1})
	c.test(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if held := quizResults(c.sb.Server); len(held) != 0 {
				return fmt.Errorf("results of quiz-1 left after destroy: %v", held)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: strings.Replace(quizV1p2Config(provider, scores), "  results = {", "  timeouts = { create = \"3s\" }\n  results = {", 1),
			Check:  resource.ComposeTestCheckFunc(checkAllocated(c.sb.Server, scores), checkRequests(c.sb.Server, map[string]int{"/lineItems/quiz-1/results": 1})),
		}},
	})
	hits(t, c, "late", 1)
}

// deadlineCell cuts the writes of a set of 10 results with the set's
// timeout for op (5s), while the server answers the first 4 requests at
// once and applies the next ones but answers them a minute late. With 4
// writes at a time, 4 are in flight when the deadline falls, and 2 are
// never sent. The set must settle the 4 late ones from the line item's
// results before it writes its state: they are on the server, and
// untracked they would outlive the destroy.
func deadlineCell(op string) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		st := activeStudents(t, c.sb.Server, 10)
		provider, quiz := providerConfig(c.sb, writes+"\n  max_concurrency = 4"), quizConfig(c.sb)
		all := map[string]score{}
		for i, s := range st {
			all[s] = graded(float64(i % 10))
		}
		withTimeout := func(results map[string]score) string {
			return strings.Replace(resultSetConfig(provider, quiz, results), "  results = {", fmt.Sprintf("  timeouts = { %s = \"5s\" }\n  results = {", op), 1)
		}
		method := http.MethodPut
		if op == "delete" {
			method = http.MethodDelete
		}
		late := func() {
			c.sb.Server.AddFault(sandbox.Fault{Name: "late", Method: method, Path: "/results/*", Kind: sandbox.FaultApplied, Delay: time.Minute, After: 4})
		}
		var steps []resource.TestStep
		switch op {
		case "create":
			steps = []resource.TestStep{{PreConfig: late, Config: withTimeout(all), ExpectError: wrappedText("2 of 10 result changes failed")}}
		case "update":
			steps = []resource.TestStep{
				{Config: withTimeout(map[string]score{st[0]: graded(1), st[1]: graded(2)})},
				{PreConfig: late, Config: withTimeout(all), ExpectError: wrappedText("2 of 10 result changes failed")},
			}
		case "delete":
			steps = []resource.TestStep{
				{Config: withTimeout(all), Check: checkStoredResults(c.sb.Server, all)},
				{PreConfig: late, Config: provider + quiz, ExpectError: wrappedText("2 of 10 result deletes failed")},
				{PreConfig: func() { hits(t, c, "late", 4); c.sb.Server.ClearFaults() }, Config: provider + quiz},
			}
		}
		c.test(t, resource.TestCase{
			CheckDestroy: func(s *terraform.State) error {
				if op != "delete" {
					hits(t, c, "late", 4)
				}
				return checkStoredResults(c.sb.Server, nil, st...)(s)
			},
			Steps: steps,
		})
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
