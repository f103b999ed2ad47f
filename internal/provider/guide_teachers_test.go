package provider_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

const teachersGuideTemplate = "../../templates/guides/working-alongside-teachers.md.tmpl"

// enrolledStudents returns n active students enrolled in class, sorted.
func enrolledStudents(t *testing.T, server *sandbox.Server, class string, n int) []string {
	t.Helper()
	var out []string
	for _, id := range server.SourcedIDs("enrollments") {
		e, active := sandboxRecord[model.Enrollment](server, "enrollments", id)
		if !active || e.Role != "student" || model.RefID(e.Class) != class {
			continue
		}
		if _, ok := sandboxRecord[model.User](server, "users", model.RefID(e.User)); ok {
			out = append(out, model.RefID(e.User))
		}
	}
	sort.Strings(out)
	if len(out) < n {
		t.Fatalf("class %s has %d active students, want %d", class, len(out), n)
	}
	return out[:n]
}

// The guide's way to keep a teacher's score, run as written: a set of two
// students is applied; a teacher changes one score in the SIS; the guide's
// one-apply move (an import block, an oneroster_result, and the student
// moved from results to released_students) is applied. The teacher's score
// is still on the server, now tracked by the oneroster_result, and the
// next plan changes nothing. The guide's ids are put in place of the
// sandbox's (its line item is created with the guide's id), and the
// import block's id is checked against the rule first.
func TestAccGuideTeachers_keepATeachersScore(t *testing.T) {
	raw, err := os.ReadFile(teachersGuideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	before := fencedBlock(t, guide, "<!-- the set before: read by TestAccGuideTeachers_keepATeachersScore -->", "terraform")
	move := fencedBlock(t, guide, "<!-- the move: read by TestAccGuideTeachers_keepATeachersScore -->", "terraform")

	const lineItem, guideKept, guideReleased = "biology-101-quiz-1", "student-0001", "student-0002"
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	guideID := uuid.NewSHA1(ns, []byte(lineItem+"/"+guideReleased)).String()
	if !strings.Contains(move, `id = "`+guideID+`"`) {
		t.Fatalf("the guide's import block should name %s's result on %s, %s:\n%s", guideReleased, lineItem, guideID, move)
	}

	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := newOutOfBand(t, sb)
	oob.put("lineItems", "lineItem", lineItem, model.LineItem{
		Base: model.Base{SourcedID: lineItem}, Title: "Quiz 1", AssignDate: "2024-09-02", DueDate: "2024-09-09",
		Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
	})
	st := enrolledStudents(t, sb.Server, s.Class, 2)
	kept, released := st[0], st[1]
	releasedID := uuid.NewSHA1(ns, []byte(lineItem+"/"+released)).String()
	inSandbox := func(config string) string {
		for _, check := range []string{guideKept, guideReleased, lineItem} {
			if !strings.Contains(config, check) {
				t.Fatalf("the guide's block no longer mentions %s:\n%s", check, config)
			}
		}
		config = strings.ReplaceAll(config, guideID, releasedID)
		config = strings.ReplaceAll(config, `"`+guideKept+`"`, `"`+kept+`"`)
		return requiredProviders + sandboxProvider(sb) + strings.ReplaceAll(config, `"`+guideReleased+`"`, `"`+released+`"`)
	}

	ws := newCLIWorkspace(t, map[string]string{"main.tf": inSandbox(before)})
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	stored, ok := sandboxRecord[model.Result](sb.Server, "results", releasedID)
	if !ok || deref(stored.Score) != 55.0 {
		t.Fatalf("after the first apply the sandbox's result %s is %+v, want score 55", releasedID, stored)
	}

	// The teacher changes the score in the SIS.
	stored.Score = model.NumberPtr(81)
	oob.put("results", "result", releasedID, stored)

	if err := os.WriteFile(filepath.Join(ws.dir, "main.tf"), []byte(inSandbox(move)), 0o600); err != nil {
		t.Fatal(err)
	}
	out := ws.mustRun("plan", "-input=false", "-no-color", "-out=move.tfplan")
	if !strings.Contains(out, "will be released, not deleted") {
		t.Errorf("the plan does not say that the result is released:\n%s", out)
	}
	var plan shownPlan
	ws.showJSON(&plan, "move.tfplan")
	actions := plan.actions()
	if got := actions["oneroster_result_set.quiz1"]; got != "update" {
		t.Errorf("the plan %ss the set, want update (actions %v)", got, actions)
	}
	if got := actions["oneroster_result.quiz1_student_0002"]; got != "no-op" {
		t.Errorf("the plan %ss the imported result, want no-op: the guide's block says what the SIS holds (actions %v)", got, actions)
	}
	ws.mustRun("apply", "-input=false", "-no-color", "move.tfplan")

	got, ok := sandboxRecord[model.Result](sb.Server, "results", releasedID)
	if !ok || deref(got.Score) != 81.0 || model.RefID(got.Student) != released {
		t.Fatalf("after the move the sandbox's result %s is %+v (active %v), want the teacher's 81", releasedID, got, ok)
	}
	var state shownState
	ws.showJSON(&state)
	var results map[string]any
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == "oneroster_result_set.quiz1" {
			if err := json.Unmarshal(r.Values["results"], &results); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, ok := results[kept]; len(results) != 1 || !ok {
		t.Errorf("the set tracks %v after the move, want only %s", mapKeys(results), kept)
	}

	// The next plan neither recreates nor deletes anything.
	out, err = ws.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if err != nil {
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			t.Errorf("the plan after the move wants changes:\n%s", out)
		} else {
			t.Errorf("the plan after the move failed: %v\n%s", err, out)
		}
	}
}
