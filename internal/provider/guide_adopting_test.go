package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

const adoptingGuideTemplate = "../../templates/guides/adopting-an-existing-gradebook.md.tmpl"

// importProviderLine is the provider argument of an import block, which
// Terraform accepts only while it generates configuration.
var importProviderLine = regexp.MustCompile(`(?m)^\s*provider\s*=\s*oneroster\n`)

// The guide "Adopting an existing gradebook", run as written against the
// sandbox (the guide's class and line item ids put in place of the
// sandbox's): its query finds the district's categories and a class's
// line items, and the generated configuration imports them with nothing to
// change; its import block adopts a line item's scores into a result set
// through generated configuration; a line item a teacher adds later is
// left alone by the plan, and its narrowed query adopts it.
func TestAccGuideAdopting_asWritten(t *testing.T) {
	raw, err := os.ReadFile(adoptingGuideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	query := fencedBlock(t, guide, "<!-- the query: read by TestAccGuideAdopting_asWritten -->", "terraform")
	scores := fencedBlock(t, guide, "<!-- the scores: read by TestAccGuideAdopting_asWritten -->", "terraform")
	later := fencedBlock(t, guide, "<!-- the later query: read by TestAccGuideAdopting_asWritten -->", "terraform")

	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	// The line item's id first: the class's is a prefix of it.
	inSandbox := strings.NewReplacer(`"biology-101-quiz-1"`, `"`+s.LineItem+`"`, `"biology-101"`, `"`+s.Class+`"`).Replace
	for _, block := range []string{query, scores, later} {
		if inSandbox(block) == block {
			t.Fatalf("the guide's block no longer names the class or line item it is run with:\n%s", block)
		}
	}
	ws := newCLIWorkspace(t, map[string]string{
		"main.tf":               requiredProviders + sandboxProvider(sb),
		"gradebook.tfquery.hcl": inSandbox(query),
	})
	queryCLI(t, ws)

	// 1-3: query, generated configuration, import.
	imported := adoptInto(t, ws, "gradebook.tf")
	var classItems []string
	for _, id := range sb.Server.ActiveSourcedIDs("lineItems", 1<<20) {
		if li, ok := sandboxRecord[model.LineItem](sb.Server, "lineItems", id); ok && model.RefID(li.Class) == s.Class {
			classItems = append(classItems, id)
		}
	}
	if got := imported["oneroster_line_item"]; !sameIDs(got, classItems) {
		t.Errorf("adopted line items %v, want the class's %v", got, classItems)
	}
	if got, want := imported["oneroster_category"], sb.Server.ActiveSourcedIDs("categories", 1<<20); !sameIDs(got, want) {
		t.Errorf("adopted categories %v, want %v", got, want)
	}

	// 4: the line item's scores, into a result set.
	writeFile(t, ws, "scores-import.tf", inSandbox(scores))
	ws.mustRun("plan", "-input=false", "-lock=false", "-no-color", "-generate-config-out=scores.tf")
	generated, err := os.ReadFile(filepath.Join(ws.dir, "scores.tf"))
	if err != nil {
		t.Fatalf("the plan wrote no scores.tf: %v", err)
	}
	writeFile(t, ws, "scores-import.tf", importProviderLine.ReplaceAllString(inSandbox(scores), ""))
	expectOnlyImports(t, ws, 1, string(generated))
	var state shownState
	ws.showJSON(&state)
	for _, r := range state.Values.RootModule.Resources {
		if r.Type == "oneroster_result_set" && !strings.Contains(string(r.Values["results"]), `"sourced_id":"`+s.Result+`"`) {
			t.Errorf("the adopted set does not hold the sample student's result %s: %s", s.Result, r.Values["results"])
		}
	}

	// Later: a teacher adds a line item. The plan leaves it alone; the
	// narrowed query adopts it.
	oob := newOutOfBand(t, sb)
	oob.put("lineItems", "lineItem", "lab-report-1", model.LineItem{
		Base: model.Base{SourcedID: "lab-report-1", Status: model.StatusActive}, Title: "Lab report", AssignDate: "2024-10-01", DueDate: "2024-10-08",
		Class: &model.Ref{SourcedID: s.Class, Type: "class"}, Category: &model.Ref{SourcedID: s.Category, Type: "category"},
	})
	if out, err := ws.run("plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode"); err != nil || !strings.Contains(out, "No changes.") {
		t.Errorf("the plan after a teacher added a line item is not empty (%v):\n%s", err, out)
	}
	writeFile(t, ws, "gradebook.tfquery.hcl", inSandbox(later))
	if got := adoptInto(t, ws, "new.tf")["oneroster_line_item"]; !sameIDs(got, []string{"lab-report-1"}) {
		t.Errorf("the later query adopted %v, want only the teacher's new line item", got)
	}
}

func writeFile(t *testing.T, ws *cliWorkspace, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(ws.dir, name), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The guide's move of scores adopted one by one under a result set, in one
// apply: a removed block (destroy = false) for the oneroster_result, and
// its student added to the set's results. The set adopts the same result,
// under its own sourcedId (the plan shows it), the server keeps one result
// for the student, and the next plan is empty.
func TestAccGuideAdopting_resultsMoveUnderASet(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 2)
	before := sandboxProvider(sb) + quizConfig(sb) + fmt.Sprintf(`
resource "oneroster_result" "one_by_one" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = %q
  score_status         = "fully graded"
  score                = 7
}

resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
    %q = { score_status = "fully graded", score = 8 }
  }
}
`, st[0], st[1])
	after := sandboxProvider(sb) + quizConfig(sb) + fmt.Sprintf(`
removed {
  from = oneroster_result.one_by_one
  lifecycle {
    destroy = false
  }
}

resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
    %q = { score_status = "fully graded", score = 7 }
    %q = { score_status = "fully graded", score = 8 }
  }
}
`, st[0], st[1])
	ws := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + before})
	if v := ws.cliVersion(); v.LessThan(version.Must(version.NewVersion("1.7.0"))) {
		t.Skipf("%s has no removed blocks (Terraform 1.7+, OpenTofu 1.7+)", v)
	}
	ws.mustRun("apply", "-input=false", "-lock=false", "-no-color", "-auto-approve")
	id := quizResultID(st[0])
	writeFile(t, ws, "main.tf", requiredProviders+after)
	out := ws.mustRun("plan", "-input=false", "-lock=false", "-no-color", "-out=move.tfplan")
	if !strings.Contains(out, id) {
		t.Errorf("the plan does not show the adopted result's sourcedId %s:\n%s", id, out)
	}
	var plan shownPlan
	ws.showJSON(&plan, "move.tfplan")
	if got := plan.actions()["oneroster_result_set.quiz"]; got != "update" {
		t.Errorf("the plan %ss the set, want update (actions %v)", got, plan.actions())
	}
	if got, ok := plan.actions()["oneroster_result.one_by_one"]; ok && got != "forget" {
		t.Errorf("the plan %ss the removed result, want it forgotten (actions %v)", got, plan.actions())
	}
	ws.mustRun("apply", "-input=false", "-lock=false", "-no-color", "move.tfplan")
	if rec, ok := sandboxRecord[model.Result](sb.Server, "results", id); !ok || deref(rec.Score) != 7.0 {
		t.Errorf("after the move the result %s is %+v (active %v), want it kept with score 7", id, rec, ok)
	}
	var state shownState
	ws.showJSON(&state)
	for _, r := range state.Values.RootModule.Resources {
		if r.Type == "oneroster_result" {
			t.Errorf("%s is still in the state", r.Address)
		}
		if r.Type == "oneroster_result_set" && !strings.Contains(string(r.Values["results"]), `"sourced_id":"`+id+`"`) {
			t.Errorf("the set does not track the adopted result %s: %s", id, r.Values["results"])
		}
	}
	if out, err := ws.run("plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode"); err != nil || !strings.Contains(out, "No changes.") {
		t.Errorf("the plan after the move is not empty (%v):\n%s", err, out)
	}
}
