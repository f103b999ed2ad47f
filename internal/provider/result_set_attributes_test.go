package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
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

// The entries of a set carry oneroster_result's 1.2 attributes: written
// (by the bulk POST, then by PUT), read back, imported; an entry that
// leaves them unset keeps them null.

// scoreAttributesConfig is a 1.2 set of quiz-1 with one entry carrying
// every 1.2 attribute (text score textScore) and one carrying none.
func scoreAttributesConfig(provider, full, bare, scale, textScore string) string {
	return provider + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = "quiz-1"
  results = {
    %q = {
      score_status           = "fully graded"
      score                  = 88
      score_date             = "2025-01-20"
      score_scale_sourced_id = %q
      text_score             = %q
      in_progress            = true
      incomplete             = true
      late                   = true
      missing                = true
    }
    %q = { score = 7, score_status = "fully graded", score_date = "2025-01-20" }
  }
}
`, full, scale, textScore, bare)
}

// checkStoredAttributes checks that the server holds the full entry's
// attributes as configured, and none for the bare entry.
func checkStoredAttributes(server *sandbox.Server, full, bare, scale, textScore string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		held := quizResults(server)
		rec, _ := sandboxRecord[model.Result](server, "results", firstOf(held[full]))
		if model.RefID(rec.ScoreScale) != scale || rec.TextScore == nil || *rec.TextScore != textScore {
			return fmt.Errorf("the server holds score scale %q and text score %v for %s, want %q and %q",
				model.RefID(rec.ScoreScale), rec.TextScore, full, scale, textScore)
		}
		for name, flag := range map[string]*model.StringBool{"inProgress": rec.InProgress, "incomplete": rec.Incomplete, "late": rec.Late, "missing": rec.Missing} {
			if flag == nil || !bool(*flag) {
				return fmt.Errorf("the server holds %s = %v for %s, want true", name, flag, full)
			}
		}
		other, _ := sandboxRecord[model.Result](server, "results", firstOf(held[bare]))
		if other.ScoreScale != nil || other.TextScore != nil || other.InProgress != nil || other.Incomplete != nil || other.Late != nil || other.Missing != nil {
			return fmt.Errorf("the server holds 1.2 attributes for %s, which sets none: %+v", bare, other)
		}
		return nil
	}
}

func firstOf(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

func TestAccResultSetV1p2_scoreAttributes(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	putQuiz(t, sb)
	st := activeStudents(t, sb.Server, 2)
	full, bare := st[0], st[1]
	scale := sb.Server.Sample().ScoreScale
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	entry := func(student, attr string) tfjsonpath.Path {
		return tfjsonpath.New("results").AtMapKey(student).AtMapKey(attr)
	}
	states := func(textScore string) []statecheck.StateCheck {
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(resultSetAddr, entry(full, "text_score"), knownvalue.StringExact(textScore)),
			statecheck.ExpectKnownValue(resultSetAddr, entry(full, "score_scale_sourced_id"), knownvalue.StringExact(scale)),
		}
		for _, flag := range []string{"in_progress", "incomplete", "late", "missing"} {
			checks = append(checks, statecheck.ExpectKnownValue(resultSetAddr, entry(full, flag), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(resultSetAddr, entry(bare, flag), knownvalue.Null()))
		}
		return append(checks, statecheck.ExpectKnownValue(resultSetAddr, entry(bare, "text_score"), knownvalue.Null()),
			statecheck.ExpectKnownValue(resultSetAddr, entry(bare, "score_scale_sourced_id"), knownvalue.Null()))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				// Created by the bulk POST.
				PreConfig:         sb.Server.ResetRequests,
				Config:            scoreAttributesConfig(provider, full, bare, scale, "B"),
				ConfigStateChecks: states("B"),
				Check: resource.ComposeTestCheckFunc(checkStoredAttributes(sb.Server, full, bare, scale, "B"),
					checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 1, "/results/": 0})),
			},
			{
				// Read back as written: nothing to do.
				Config:           scoreAttributesConfig(provider, full, bare, scale, "B"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A changed text score is one PUT.
				PreConfig: sb.Server.ResetRequests,
				Config:    scoreAttributesConfig(provider, full, bare, scale, "A"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: states("A"),
				Check: resource.ComposeTestCheckFunc(checkStoredAttributes(sb.Server, full, bare, scale, "A"),
					checkRequests(sb.Server, map[string]int{"/lineItems/quiz-1/results": 0, "/results/": 1})),
			},
			{
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: "quiz-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "line_item_sourced_id",
			},
		},
	})
}

// Each 1.2 attribute of an entry, against a 1.1 server, fails the plan
// with oneroster_result's message, at the entry; nothing is sent.
func TestAccResultSet_v1p2AttributesRejectedOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	student := activeStudents(t, sb.Server, 1)[0]
	attrs := map[string]string{
		"score_scale_sourced_id": `"scale-letter"`, "text_score": `"B+"`,
		"in_progress": "false", "incomplete": "true", "late": "true", "missing": "false",
		"learning_objective_scores": `[{ source = "case", id = "lo-1", score = 0.5 }]`,
	}
	for name, value := range attrs {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: sandboxProvider(sb) + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = %q
  results = {
    %q = { score = 7, score_status = "fully graded", %s = %s }
  }
}
`, sb.Server.Sample().LineItem, student, name, value),
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

// An empty CSV cell in a 1.2 string of an entry is unset, on 1.1 too.
func TestAccResultSet_blankV1p2StringsOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	student := activeStudents(t, sb.Server, 1)[0]
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: sandboxProvider(sb) + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = %q
  results = {
    %q = { score = 7, score_status = "fully graded", text_score = "", score_scale_sourced_id = "" }
  }
}
`, sb.Server.Sample().LineItem, student),
			PlanOnly: true, ExpectNonEmptyPlan: true,
		}},
	})
}

// A score outside the line item's range is named at plan time, with the
// range, from the line item the plan reads already.
func TestAccResultSet_outOfRangeWarns(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{ClampScores: true}})
	st := enrolledStudents(t, sb.Server, sb.Server.Sample().Class, 3)
	provider, quiz := sandboxProvider(sb), quizConfig(sb) // quiz-1 scores 0 to 10
	config := func(results map[string]score) map[string]string {
		return map[string]string{"main.tf": requiredProviders + resultSetConfig(provider, quiz, results)}
	}
	ws := newCLIWorkspace(t, config(map[string]score{st[0]: graded(1), st[1]: graded(2)}))
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	plan := func(results map[string]score) (string, int) {
		if err := os.WriteFile(filepath.Join(ws.dir, "main.tf"), []byte(config(results)["main.tf"]), 0o600); err != nil {
			t.Fatal(err)
		}
		sb.Server.ResetRequests()
		out := strings.Join(strings.Fields(ws.mustRun("plan", "-input=false", "-no-color")), " ")
		return out, sb.Server.Requests("/lineItems/quiz-1")
	}
	const title = "scores are outside the range"
	inRange, reads := plan(map[string]score{st[0]: graded(10), st[1]: graded(2), st[2]: graded(0)})
	if strings.Contains(inRange, title) {
		t.Errorf("the plan warns of scores in range:\n%s", inRange)
	}
	out, outReads := plan(map[string]score{st[0]: graded(12), st[1]: graded(2), st[2]: graded(-1)})
	for _, want := range []string{
		`2 scores are outside the range of line item "quiz-1" (0 to 10)`,
		fmt.Sprintf(`student %q: score 12 is above result_value_max 10`, st[0]),
		fmt.Sprintf(`student %q: score -1 is below result_value_min 0`, st[2]),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, fmt.Sprintf("student %q: score", st[1])) {
		t.Errorf("the plan names an unchanged score in range:\n%s", out)
	}
	if outReads != reads {
		t.Errorf("the plan read the line item %d times, %d without scores out of range: the warning must cost no request", outReads, reads)
	}
}

// A set that adopts a 1.2 result flagged late, with an entry that sets no
// flag, writes the result without it: the state and the server agree on
// null, and the next plan is empty.
func TestAccResultSetV1p2_adoptedFlagsFollowTheEntry(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	id := sb.Server.Sample().LateResult
	late, ok := sandboxRecord[model.Result](sb.Server, "results", id)
	if !ok || late.Late == nil || !bool(*late.Late) {
		t.Fatalf("the sandbox's late result %q is not flagged late: %+v", id, late)
	}
	student, lineItem := model.RefID(late.Student), model.RefID(late.LineItem)
	config := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "") + fmt.Sprintf(`
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = %q
  results = {
    %q = { score = 5, score_status = "fully graded", score_date = "2025-01-20" }
  }
}
`, lineItem, student)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(student).AtMapKey("sourced_id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(resultSetAddr, tfjsonpath.New("results").AtMapKey(student).AtMapKey("late"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if rec, _ := sandboxRecord[model.Result](sb.Server, "results", id); rec.Late != nil {
						return fmt.Errorf("the adopted result keeps late = %v; the entry sets none", *rec.Late)
					}
					return nil
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
