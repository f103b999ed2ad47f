package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// A score a teacher changed in the SIS after the last apply, which the
// plan writes back, is named in one warning with both values; a score
// whose configuration changed is not, nor is one the configuration now
// matches.
func TestAccResultSet_teacherEditWarns(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 3)
	provider, quiz := sandboxProvider(sb), quizConfig(sb)
	write := func(ws *cliWorkspace, results map[string]score) {
		if err := os.WriteFile(filepath.Join(ws.dir, "main.tf"), []byte(requiredProviders+resultSetConfig(provider, quiz, results)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	first := map[string]score{st[0]: graded(5), st[1]: graded(6), st[2]: graded(7)}
	ws := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + resultSetConfig(provider, quiz, first)})
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	const title = "scores were entered in the SIS after the last apply; this apply reverts them"
	if out := ws.mustRun("plan", "-input=false", "-no-color"); strings.Contains(out, title) {
		t.Fatalf("a plan right after the apply warns of a teacher's edit:\n%s", out)
	}

	// A teacher regrades st[0] and st[1]; st[2]'s score changes in the
	// configuration.
	oob := newOutOfBand(t, sb)
	for student, v := range map[string]float64{st[0]: 9, st[1]: 1} {
		oob.put("results", "result", quizResultID(student), model.Result{
			LineItem: &model.Ref{SourcedID: "quiz-1"}, Student: &model.Ref{SourcedID: student}, ScoreStatus: "fully graded", Score: model.NumberPtr(v),
		})
	}
	write(ws, map[string]score{st[0]: graded(5), st[1]: graded(6), st[2]: graded(8)})
	out := strings.Join(strings.Fields(ws.mustRun("plan", "-input=false", "-no-color")), " ")
	if n := strings.Count(out, title); n != 1 {
		t.Fatalf("the plan warns %d times of teachers' edits, want once:\n%s", n, out)
	}
	for _, want := range []string{
		"2 " + title,
		fmt.Sprintf("student %q: score 9 in the SIS, 5 configured (changed", st[0]),
		fmt.Sprintf("student %q: score 1 in the SIS, 6 configured (changed", st[1]),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, fmt.Sprintf("student %q: score", st[2])) {
		t.Errorf("the plan names %s, whose score only the configuration changed:\n%s", st[2], out)
	}

	// The configuration takes st[0]'s new score: only st[1] is reverted.
	write(ws, map[string]score{st[0]: graded(9), st[1]: graded(6), st[2]: graded(8)})
	out = strings.Join(strings.Fields(ws.mustRun("plan", "-input=false", "-no-color")), " ")
	if !strings.Contains(out, "1 "+title) || strings.Contains(out, fmt.Sprintf("student %q: score", st[0])) {
		t.Errorf("with st[0]'s score taken into the configuration, the plan should name st[1] alone:\n%s", out)
	}

	// After the apply that reverts it, nothing is left to warn of.
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	if out := ws.mustRun("plan", "-input=false", "-no-color"); strings.Contains(out, title) {
		t.Errorf("a plan right after the revert warns of a teacher's edit:\n%s", out)
	}
	got, _ := sandboxRecord[model.Result](sb.Server, "results", quizResultID(st[1]))
	if deref(got.Score) != 6.0 {
		t.Errorf("the apply left %s's score at %v, want 6", st[1], deref(got.Score))
	}
}
