package provider_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
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

// Gradebook writes against a SIS where teachers and other tools write too.
// The sandbox's generated district is that SIS: its categories, line items
// and results are what "teachers entered".

// snapshot is every record of a gradebook collection, tobedeleted ones
// included, by sourcedId.
func snapshot(server *sandbox.Server, collection string) map[string]any {
	out := map[string]any{}
	for _, id := range server.SourcedIDs(collection) {
		rec, _ := server.Record(collection, id)
		out[id] = rec
	}
	return out
}

// unchanged checks that the records of collection are as in before, but
// for the sourcedIds in except.
func unchanged(server *sandbox.Server, collection string, before map[string]any, except ...string) error {
	after := snapshot(server, collection)
	skip := map[string]bool{}
	for _, id := range except {
		skip[id] = true
	}
	for id, rec := range before {
		if !skip[id] && !reflect.DeepEqual(after[id], rec) {
			return fmt.Errorf("%s/%s changed: was %+v, now %+v", collection, id, rec, after[id])
		}
	}
	return nil
}

// importHint is what a create over an existing object must say.
func importHint(typeName, title, id string) []string {
	return []string{fmt.Sprintf("The %s %q already exists", title, id), "Creating it would overwrite it, so nothing was written",
		fmt.Sprintf("terraform import oneroster_%s.<name> %s", typeName, id), "import {", fmt.Sprintf("to = oneroster_%s.<name>", typeName),
		fmt.Sprintf("id = %q", id)}
}

func TestAccGradebookSafety_createOverExisting(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := sandboxProvider(sb)
	categories, lineItems, results := snapshot(sb.Server, "categories"), snapshot(sb.Server, "lineItems"), snapshot(sb.Server, "results")
	nothingChanged := func() {
		t.Helper()
		for _, err := range []error{unchanged(sb.Server, "categories", categories), unchanged(sb.Server, "lineItems", lineItems), unchanged(sb.Server,
			"results", results)} {
			if err != nil {
				t.Error(err)
			}
		}
	}
	cases := []struct {
		name, config string
		want         []string
	}{
		{"category", categoryConfig(provider, s.Category, "Overwritten", ""), importHint("category", "category", s.Category)},
		{
			"line item",
			lineItem{id: s.LineItem, title: "Overwritten", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}.config(provider),
			importHint("line_item", "line item", s.LineItem),
		},
		{"result by sourced_id", provider + fmt.Sprintf(`
resource "oneroster_result" "test" {
  sourced_id           = %q
  line_item_sourced_id = %q
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 1
}
`, s.Result, s.LineItem, s.Student), importHint("result", "result", s.Result)},
		// No sourced_id: the derived id is free, but the student has a
		// result on the line item already, under the SIS's own id.
		{"result of a student who has one", provider + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = %q
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 1
}
`, s.LineItem, s.Student), slices.Insert(importHint("result", "result", s.Result), 1, fmt.Sprintf("student %q on line item %q", s.Student, s.LineItem))},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: wrappedText(tc.want...)}},
			})
			nothingChanged()
		})
	}
}

// existingResults returns the active results of a line item by student.
func existingResults(server *sandbox.Server, lineItem string) map[string]model.Result {
	out := map[string]model.Result{}
	for _, id := range server.SourcedIDs("results") {
		if r, ok := sandboxRecord[model.Result](server, "results", id); ok && model.RefID(r.LineItem) == lineItem {
			out[model.RefID(r.Student)] = r
		}
	}
	return out
}

// seededSetConfig is a result set on an existing line item.
func seededSetConfig(provider, lineItem, extra string, results map[string]score) string {
	students := make([]string, 0, len(results))
	for s := range results {
		students = append(students, s)
	}
	sort.Strings(students)
	var b strings.Builder
	for _, s := range students {
		fmt.Fprintf(&b, "    %q = %s\n", s, results[s].hcl())
	}
	return provider + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = %q
  %s
  results = {
%s  }
}
`, lineItem, extra, b.String())
}

func TestAccGradebookSafety_resultSetAdoptsExistingResults(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := sandboxProvider(sb)
	existing := existingResults(sb.Server, s.LineItem)
	var withResult []string
	for student := range existing {
		withResult = append(withResult, student)
	}
	sort.Strings(withResult)
	if len(withResult) < 3 {
		t.Fatalf("the sample line item has %d results, want at least 3", len(withResult))
	}
	// Two students with a score a teacher entered, one without any.
	a, b := withResult[0], withResult[1]
	var newcomer string
	for _, id := range sb.Server.SourcedIDs("students") {
		if _, active := sandboxRecord[model.User](sb.Server, "students", id); !active {
			continue
		}
		if _, ok := existing[id]; !ok {
			newcomer = id
			break
		}
	}
	if newcomer == "" {
		t.Fatal("no active student without a result on the sample line item")
	}
	results := map[string]score{a: graded(91), b: graded(42), newcomer: graded(77)}
	before := snapshot(sb.Server, "results")
	derived := func(student string) string {
		return uuid.NewSHA1(uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96"), []byte(s.LineItem+"/"+student)).String()
	}
	idAt := func(student string) tfjsonpath.Path {
		return tfjsonpath.New("results").AtMapKey(student).AtMapKey("sourced_id")
	}
	// Exactly one active result per student of the set, the adopted ones
	// under their own ids with the new scores; everyone else untouched.
	checkServer := func(*terraform.State) error {
		now := existingResults(sb.Server, s.LineItem)
		for student, want := range results {
			got, ok := now[student]
			if !ok {
				return fmt.Errorf("student %s has no result", student)
			}
			if fmt.Sprint(deref(got.Score)) != fmt.Sprint(*want.value) {
				return fmt.Errorf("student %s: score %v, want %v", student, deref(got.Score), *want.value)
			}
		}
		if now[a].SourcedID != existing[a].SourcedID || now[b].SourcedID != existing[b].SourcedID || now[newcomer].SourcedID != derived(newcomer) {
			return fmt.Errorf("sourcedIds %s, %s, %s; want the existing %s, %s and the derived %s", now[a].SourcedID, now[b].SourcedID,
				now[newcomer].SourcedID, existing[a].SourcedID, existing[b].SourcedID, derived(newcomer))
		}
		count := 0
		for _, id := range sb.Server.SourcedIDs("results") {
			if r, ok := sandboxRecord[model.Result](sb.Server, "results", id); ok && model.RefID(r.LineItem) == s.LineItem &&
				results[model.RefID(r.Student)].status != "" {
				count++
			}
		}
		if count != len(results) {
			return fmt.Errorf("%d results for the set's students, want %d: one per student", count, len(results))
		}
		return unchanged(sb.Server, "results", before, existing[a].SourcedID, existing[b].SourcedID, derived(newcomer))
	}

	t.Run("fail", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			Steps: []resource.TestStep{{
				Config: seededSetConfig(provider, s.LineItem, `existing_results = "fail"`, results),
				ExpectError: wrappedText(fmt.Sprintf("2 students already have a result on line item %q", s.LineItem),
					fmt.Sprintf("student %q: result %q", a, existing[a].SourcedID), "terraform import oneroster_result_set.<name> "+s.LineItem),
			}},
		})
		if err := unchanged(sb.Server, "results", before); err != nil {
			t.Error(err)
		}
	})

	t.Run("adopt", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			// Destroy deletes what the set wrote or adopted, and only that.
			CheckDestroy: func(*terraform.State) error {
				now := existingResults(sb.Server, s.LineItem)
				for student := range results {
					if _, ok := now[student]; ok {
						return fmt.Errorf("student %s still has a result after destroy", student)
					}
				}
				return unchanged(sb.Server, "results", before, existing[a].SourcedID, existing[b].SourcedID, derived(newcomer))
			},
			Steps: []resource.TestStep{{
				// A new set: the adoption is named in a warning and done by
				// the apply (a replacement may delete what a plan sees).
				Config: seededSetConfig(provider, s.LineItem, "", map[string]score{a: results[a], newcomer: results[newcomer]}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(resultSetAddr, idAt(a)),
					plancheck.ExpectKnownValue(resultSetAddr, idAt(newcomer), knownvalue.StringExact(derived(newcomer))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultSetAddr, idAt(a), knownvalue.StringExact(existing[a].SourcedID)),
					statecheck.ExpectKnownValue(resultSetAddr, idAt(newcomer), knownvalue.StringExact(derived(newcomer))),
				},
			}, {
				// A student joins the set: the plan shows the result it adopts.
				Config: seededSetConfig(provider, s.LineItem, "", results),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(resultSetAddr, idAt(a), knownvalue.StringExact(existing[a].SourcedID)),
					plancheck.ExpectKnownValue(resultSetAddr, idAt(b), knownvalue.StringExact(existing[b].SourcedID)),
					plancheck.ExpectKnownValue(resultSetAddr, idAt(newcomer), knownvalue.StringExact(derived(newcomer))),
				}},
				Check: checkServer,
			}, {
				// A student leaves the set: only that student's result goes.
				Config: seededSetConfig(provider, s.LineItem, "", map[string]score{a: graded(91), newcomer: graded(77)}),
				Check: func(*terraform.State) error {
					if _, ok := existingResults(sb.Server, s.LineItem)[b]; ok {
						return fmt.Errorf("student %s left the set but keeps the adopted result", b)
					}
					return unchanged(sb.Server, "results", before, existing[a].SourcedID, existing[b].SourcedID, derived(newcomer))
				},
			}, {
				// Import adopts every active result of the line item.
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: s.LineItem,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("%d imported states", len(states))
					}
					want := len(existingResults(sb.Server, s.LineItem))
					if got := states[0].Attributes["results.%"]; got != fmt.Sprint(want) {
						return fmt.Errorf("import adopted %s results, want all %d of the line item", got, want)
					}
					if got := states[0].Attributes["results."+withResult[2]+".sourced_id"]; got != existing[withResult[2]].SourcedID {
						return fmt.Errorf("student %s imported with result %q, want %q", withResult[2], got, existing[withResult[2]].SourcedID)
					}
					return nil
				},
			}},
		})
	})
}

func TestAccGradebookSafety_twoWorkspacesConverge(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	newOutOfBand(t, sb).put("lineItems", "lineItem", "quiz-1", model.LineItem{
		Base: model.Base{SourcedID: "quiz-1"}, Title: "Quiz 1", AssignDate: "2024-09-02", DueDate: "2024-09-09",
		Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
	})
	student := activeStudents(t, sb.Server, 1)[0]
	config := sandboxProvider(sb) + fmt.Sprintf(`
resource "oneroster_result" "test" {
  line_item_sourced_id = "quiz-1"
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 8
}
`, student)
	id := quizResultID(student)
	oneResult := func(*terraform.State) error {
		if n := len(existingResultsOf(sb.Server, "quiz-1", student)); n != 1 {
			return fmt.Errorf("the student has %d results on quiz-1, want 1", n)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "results", id),
		Steps: []resource.TestStep{
			{
				// Workspace A creates the result under the id derived
				// from line item and student.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("oneroster_result.test", tfjsonpath.New("sourced_id"), knownvalue.StringExact(id)),
				},
				Check: oneResult,
			},
			{
				// Workspace B applies the same configuration: it meets the
				// same object, refuses to overwrite it and says how to
				// adopt it; adopting it by import gives B the same object.
				PreConfig: func() {
					resource.Test(t, resource.TestCase{
						PreCheck:                 func() { acctest.PreCheck(t) },
						ProtoV6ProviderFactories: acctest.ProviderFactories(),
						Steps: []resource.TestStep{
							{Config: config, ExpectError: wrappedText(importHint("result", "result", id)...)},
							{
								Config: config, ResourceName: "oneroster_result.test", ImportState: true, ImportStateId: id,
								ImportStateCheck: func(states []*terraform.InstanceState) error {
									if len(states) != 1 || states[0].Attributes["sourced_id"] != id || states[0].Attributes["score"] != "8" {
										return fmt.Errorf("workspace B imported %+v, want result %s with score 8", states, id)
									}
									return nil
								},
							},
						},
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("oneroster_result.test", plancheck.ResourceActionNoop),
				}},
				Check: oneResult,
			},
		},
	})
}

// existingResultsOf returns the sourcedIds of a student's active results
// on a line item.
func existingResultsOf(server *sandbox.Server, lineItem, student string) []string {
	var out []string
	for _, id := range server.SourcedIDs("results") {
		if r, ok := sandboxRecord[model.Result](server, "results", id); ok && model.RefID(r.LineItem) == lineItem && model.RefID(r.Student) == student {
			out = append(out, id)
		}
	}
	return out
}
