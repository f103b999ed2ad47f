package provider_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// gradebookSafetyCells are the fault-matrix cells of gradebook writes against a SIS that others write too.
func gradebookSafetyCells() []matrixCell {
	createLI := "oneroster_line_item create"
	var cells []matrixCell
	cells = append(cells,
		matrixCell{fault: "stale 404 before the create, then every PUT answers 503; the line item is a teacher's", op: createLI,
			expect: "error: the object there is not the one sent; not in state, so the teacher's line item survives the destroy unchanged",
			run:    teacherLineItemCell(false)},
		matrixCell{fault: "someone else's line item is tobedeleted, every PUT answers 503 (not applied)", op: createLI,
			expect: "error naming its tobedeleted status; not in state, so no apply deletes it",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: true}},
			run:    teacherLineItemCell(true)},
		matrixCell{fault: "PUT answered 201 under the server's own sourcedId (srv-N)", op: createLI + ", twice, then destroy",
			expect: "error naming both ids; the copy is tracked and replaced: never two, none after destroy",
			run:    otherIDCell},
		matrixCell{fault: "PUT answered 200 with an imsx failure body", op: "oneroster_category create",
			expect: "error with the server's reason, not retried; nothing in state",
			run:    imsxPutCell},
		matrixCell{fault: "DELETE answered 200 with an imsx failure body", op: "oneroster_result destroy",
			expect: "error with the server's reason; the result stays on the server and in the state",
			run:    imsxDeleteCell},
		matrixCell{fault: "ids matched case-insensitively (GET /lineItems/li-case answers LI-CASE)", op: "oneroster_result_set apply, re-plan, destroy",
			expect: "the configured id throughout: results under its derived ids, empty re-plan, destroy removes them",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{CaseInsensitiveIDs: true}},
			run:    caseInsensitiveSetCell},
		matrixCell{fault: "score clamped to result_value_max (15 stored as 10)", op: "oneroster_result create",
			expect: "error naming score, both values and the likely rule; no inconsistent-result error",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{ClampScores: true}},
			run:    clampedResultCell},
		matrixCell{fault: "score clamped to result_value_max (15 stored as 10)", op: "oneroster_result_set apply",
			expect: "error naming the student, both values and the rule; state records 10; a config of 10 converges",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{ClampScores: true}},
			run:    clampedSetCell},
		matrixCell{fault: "results listing refuses the student.sourcedId filter (400)", op: "oneroster_result create for a student with a teacher's score",
			expect: "error with the import hint, found by reading the line item's results whole; nothing written",
			run:    filterRefusedCell},
		matrixCell{fault: "result PUTs answered 201 under the server's own sourcedIds (srv-N)", op: "oneroster_result_set create, then apply on a fixed server",
			expect: "error naming both ids per student; the copies are tracked, replaced by the next apply, none left after destroy",
			run:    otherIDSetCell},
	)
	return cells
}

// filterRefusedCell creates a result for a student who already has one
// that a teacher entered, on a server that refuses the filter the check
// for it uses: the check reads the line item's results whole instead.
func filterRefusedCell(t *testing.T, c *cellEnv) {
	s := c.sb.Server.Sample()
	before := snapshot(c.sb.Server, "results")
	c.sb.Server.AddFault(sandbox.Fault{Name: "400", Method: "GET", Path: "/classes/*/lineItems/*/results", Kind: sandbox.FaultStatus, Status: 400, Count: 1})
	c.test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerConfig(c.sb, writes) + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = %q
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 1
}
`, s.LineItem, s.Student),
			ExpectError: wrappedText(importHint("result", "result", s.Result)...),
		}},
	})
	hits(t, c, "400", 1)
	if err := unchanged(c.sb.Server, "results", before); err != nil {
		t.Error(err)
	}
}

// teacherLineItemCell creates a line item over a teacher's one that the
// create could not see (a stale read answers 404, or it is tobedeleted),
// while every PUT fails without being applied. Reading back after the lost
// answer shows someone else's object: the create must not track it, or a
// later apply or destroy would delete it.
func teacherLineItemCell(tobedeleted bool) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		s := c.sb.Server.Sample()
		oob := newOutOfBand(t, c.sb)
		oob.put("lineItems", "lineItem", "li-teacher", model.LineItem{
			Base: model.Base{SourcedID: "li-teacher"}, Title: "Teacher's quiz", AssignDate: "2024-09-02", DueDate: "2024-09-09",
			Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
		})
		want := wrappedText("Cannot create the line item", "503", `The server holds a line item "li-teacher", but not the one this create sent`,
			`title: sent "Fault quiz", the server stored "Teacher's quiz"`, "It is not kept in the state, so that no apply deletes it",
			"terraform import oneroster_line_item.<name> li-teacher")
		if tobedeleted {
			oob.delete("lineItems", "li-teacher") // SoftDelete: marked tobedeleted
			want = wrappedText("Cannot create the line item", `status: the server marks it "tobedeleted"`, "It is not kept in the state")
		} else {
			c.sb.Server.AddFault(sandbox.Fault{Name: "stale", Method: "GET", Path: "/lineItems/li-teacher", Kind: sandbox.FaultStatus, Status: 404, Count: 1})
		}
		before := snapshot(c.sb.Server, "lineItems")
		c.sb.Server.AddFault(sandbox.Fault{Name: "503", Method: "PUT", Path: "/lineItems/*", Kind: sandbox.FaultStatus, Status: 503})
		li := lineItem{id: "li-teacher", title: "Fault quiz", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}
		c.test(t, resource.TestCase{
			// Nothing is in state: the destroy deletes nothing.
			CheckDestroy: func(*terraform.State) error { return unchanged(c.sb.Server, "lineItems", before) },
			Steps:        []resource.TestStep{{Config: li.config(providerConfig(c.sb, writes)), ExpectError: want}},
		})
		hits(t, c, "503", 3)
	}
}

// otherIDCell creates a line item on a server that stores every PUT under
// an id of its own: each apply fails naming both ids, and the state tracks
// the server's copy, so that the next apply deletes it before writing the
// next one and the destroy leaves none.
func otherIDCell(t *testing.T, c *cellEnv) {
	s := c.sb.Server.Sample()
	before := c.sb.Server.Count("lineItems")
	c.sb.Server.AddFault(sandbox.Fault{Name: "other", Method: "PUT", Path: "/lineItems/*", Kind: sandbox.FaultOtherID})
	cfg := lineItem{
		id:       "li-mine",
		title:    "Fault quiz",
		assign:   "2024-09-02",
		due:      "2024-09-09",
		class:    s.Class,
		category: s.Category,
	}.config(
		providerConfig(c.sb, writes),
	)
	copies := func(want int, gone ...string) func() {
		return func() {
			if n := c.sb.Server.Count("lineItems"); n != before+want {
				t.Errorf("%d line items, want %d: a copy was orphaned", n, before+want)
			}
			for _, id := range gone {
				if _, ok := c.sb.Server.Record("lineItems", id); ok {
					t.Errorf("the copy %s is still there", id)
				}
			}
		}
	}
	c.test(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if n := c.sb.Server.Count("lineItems"); n != before {
				return fmt.Errorf("%d line items after destroy, want %d", n, before)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: wrappedText(`The server stored the line item as "srv-1", not "li-mine"`, "The state tracks the copy")},
			{PreConfig: copies(1), Config: cfg, ExpectError: wrappedText(`The server stored the line item as "srv-2", not "li-mine"`)},
			{PreConfig: copies(1, "srv-1"), Config: providerConfig(c.sb, writes)},
		},
	})
}

// imsxPutCell creates a category on a server that refuses the PUT with 200
// and an imsx failure body.
func imsxPutCell(t *testing.T, c *cellEnv) {
	c.sb.Server.AddFault(sandbox.Fault{Name: "refuse", Method: "PUT", Path: "/categories/*", Kind: sandbox.FaultImsxFailure,
		Description: "categories are managed by the district office"})
	c.test(t, resource.TestCase{
		CheckDestroy: checkGone(c.sb, "categories", "cat-refused"),
		Steps: []resource.TestStep{{
			Config:      categoryConfig(providerConfig(c.sb, writes), "cat-refused", "Refused", ""),
			ExpectError: wrappedText("The server rejected the category", "answered 200", "categories are managed by the district office"),
		}},
	})
	hits(t, c, "refuse", 1)
	if _, ok := c.sb.Server.Record("categories", "cat-refused"); ok {
		t.Error("the refused category exists")
	}
}

// imsxDeleteCell destroys a result on a server that refuses the DELETE
// with 200 and an imsx failure body: the destroy fails with the server's
// reason, and the result stays tracked.
func imsxDeleteCell(t *testing.T, c *cellEnv) {
	student := activeStudents(t, c.sb.Server, 1)[0]
	provider := providerConfig(c.sb, writes)
	config := provider + quizConfig(c.sb) + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 8
}
`, student)
	id := quizResultID(student)
	c.test(t, resource.TestCase{
		CheckDestroy: checkGone(c.sb, "results", id),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					c.sb.Server.AddFault(sandbox.Fault{Name: "refuse", Method: "DELETE", Path: "/results/*", Kind: sandbox.FaultImsxFailure,
						Description: "results with grades posted cannot be deleted"})
				},
				Config:      provider + quizConfig(c.sb),
				ExpectError: wrappedText("The server refused to delete the result", "results with grades posted cannot be deleted", "still in the state"),
			},
			{
				PreConfig: func() {
					if _, active := sandboxRecord[model.Result](c.sb.Server, "results", id); !active {
						t.Error("the refused DELETE removed the result")
					}
					c.sb.Server.ClearFaults()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("oneroster_result.test", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// caseInsensitiveSetCell writes a result set for "li-case" on a server
// that stores the line item as "LI-CASE" and matches ids in any case.
func caseInsensitiveSetCell(t *testing.T, c *cellEnv) {
	s := c.sb.Server.Sample()
	newOutOfBand(t, c.sb).put("lineItems", "lineItem", "LI-CASE", model.LineItem{
		Base: model.Base{SourcedID: "LI-CASE"}, Title: "Case quiz", AssignDate: "2024-09-02", DueDate: "2024-09-09",
		Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
	})
	st := activeStudents(t, c.sb.Server, 2)
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	ids := []string{uuid.NewSHA1(ns, []byte("li-case/"+st[0])).String(), uuid.NewSHA1(ns, []byte("li-case/"+st[1])).String()}
	c.test(t, resource.TestCase{
		CheckDestroy: checkGone(c.sb, "results", ids...),
		Steps: []resource.TestStep{{
			// The framework's plan after the apply must be empty.
			Config: seededSetConfig(providerConfig(c.sb, writes), "li-case", "", map[string]score{st[0]: graded(4), st[1]: graded(6)}),
			Check: func(*terraform.State) error {
				for _, id := range ids {
					if _, ok := sandboxRecord[model.Result](c.sb.Server, "results", id); !ok {
						return fmt.Errorf("no result %s: the set derived its ids from another spelling of the line item", id)
					}
				}
				return nil
			},
		}},
	})
}

// clampedResultCell writes a score above the line item's maximum to a
// server that clamps it.
func clampedResultCell(t *testing.T, c *cellEnv) {
	student := activeStudents(t, c.sb.Server, 1)[0]
	c.test(t, resource.TestCase{
		CheckDestroy: checkGone(c.sb, "results", quizResultID(student)),
		Steps: []resource.TestStep{{
			Config: providerConfig(c.sb, writes) + quizConfig(c.sb) + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 15
}
`, student),
			ExpectError: wrappedText("The server stored a different result than was sent", "score: sent 15, the server stored 10",
				"caps it at a maximum", "result_value_max"),
		}},
	})
}

// clampedSetCell writes a result set with one score above the line item's
// maximum to a server that clamps it: that student's entry fails, naming
// both values, and the state records what the server stored (the set,
// tainted by the failed create, is replaced next); once the configuration
// says 10, the set converges.
func clampedSetCell(t *testing.T, c *cellEnv) {
	st := activeStudents(t, c.sb.Server, 2)
	provider, quiz := providerConfig(c.sb, writes), quizConfig(c.sb)
	fixed := map[string]score{st[0]: graded(10), st[1]: graded(5)}
	c.test(t, resource.TestCase{
		CheckDestroy: checkStoredResults(c.sb.Server, nil, st...),
		Steps: []resource.TestStep{
			{
				Config: resultSetConfig(provider, quiz, map[string]score{st[0]: graded(15), st[1]: graded(5)}),
				ExpectError: wrappedText("1 of 2 result changes failed", fmt.Sprintf("student %q", st[0]),
					"score: sent 15, the server stored 10", "caps it at a maximum"),
			},
			{
				Config: resultSetConfig(provider, quiz, fixed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[0]: 10, st[1]: 5}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(fixed)},
			},
		},
	})
}

// otherIDSetCell writes a result set to a server that stores each result
// under an id of its own: the state tracks the server's copies, so that
// the next apply (the server fixed) replaces them and nothing is orphaned.
func otherIDSetCell(t *testing.T, c *cellEnv) {
	st := activeStudents(t, c.sb.Server, 2)
	provider, quiz := providerConfig(c.sb, writes), quizConfig(c.sb)
	results := map[string]score{st[0]: graded(4), st[1]: graded(6)}
	resultsOf := func(student string) []string { return existingResultsOf(c.sb.Server, "quiz-1", student) }
	c.sb.Server.AddFault(sandbox.Fault{Name: "other", Method: "PUT", Path: "/results/*", Kind: sandbox.FaultOtherID})
	c.test(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			for _, s := range st {
				if ids := resultsOf(s); len(ids) != 0 {
					return fmt.Errorf("student %s keeps results %v after destroy", s, ids)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: resultSetConfig(provider, quiz, results),
				ExpectError: wrappedText(
					"2 of 2 result changes failed",
					`answered with the result "srv-`,
					"the server chose its own sourcedId",
					"The state tracks",
				),
			},
			{
				PreConfig: func() {
					for _, s := range st {
						if ids := resultsOf(s); len(ids) != 1 {
							t.Errorf("student %s has results %v, want one", s, ids)
						}
					}
					c.sb.Server.ClearFaults()
				},
				Config:            resultSetConfig(provider, quiz, results),
				ConfigStateChecks: []statecheck.StateCheck{expectResults(results)},
				Check: func(*terraform.State) error {
					for _, s := range st {
						if ids := resultsOf(s); len(ids) != 1 || ids[0] != quizResultID(s) {
							return fmt.Errorf("student %s has results %v, want only %s", s, ids, quizResultID(s))
						}
					}
					return nil
				},
			},
		},
	})
}
