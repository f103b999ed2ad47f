package provider_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The result set page's csvdecode example, applied as written (its
// students put in place by the sandbox's): the empty comment cell is
// taken as no comment, the next plan is empty, and the destroy removes
// the results.
func TestAccResultSet_csvExample(t *testing.T) {
	const dir = "../../examples/resources/oneroster_result_set/"
	example, err := os.ReadFile(dir + "csv.tf")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(dir + "quiz3.csv")
	if err != nil {
		t.Fatal(err)
	}
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	const lineItem = "biology-101-quiz-3"
	if !strings.Contains(string(example), `"`+lineItem+`"`) {
		t.Fatalf("the example no longer writes line item %s", lineItem)
	}
	newOutOfBand(t, sb).put("lineItems", "lineItem", lineItem, model.LineItem{
		Base: model.Base{SourcedID: lineItem}, Title: "Quiz 3", AssignDate: "2024-09-02", DueDate: "2024-09-09",
		Class: &model.Ref{SourcedID: s.Class}, Category: &model.Ref{SourcedID: s.Category},
	})
	st := enrolledStudents(t, sb.Server, s.Class, 3)
	rows := string(csv)
	want := map[string]struct {
		score   float64
		comment string
	}{st[0]: {9.5, "Well done"}, st[1]: {7, ""}, st[2]: {4, "Resubmit by Friday"}}
	for i, guide := range []string{"student-0001", "student-0002", "student-0003"} {
		if !strings.Contains(rows, guide+",") {
			t.Fatalf("quiz3.csv no longer has a row for %s:\n%s", guide, rows)
		}
		rows = strings.ReplaceAll(rows, guide+",", st[i]+",")
	}
	if !strings.Contains(rows, st[1]+",7,\n") {
		t.Fatalf("quiz3.csv should show an empty comment cell for student-0002:\n%s", csv)
	}

	ws := newCLIWorkspace(t, map[string]string{
		"main.tf":   requiredProviders + sandboxProvider(sb) + string(example),
		"quiz3.csv": rows,
	})
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	id := func(student string) string { return uuid.NewSHA1(ns, []byte(lineItem+"/"+student)).String() }
	for student, w := range want {
		got, ok := sandboxRecord[model.Result](sb.Server, "results", id(student))
		if !ok || deref(got.Score) != w.score || got.Comment != w.comment {
			t.Errorf("the result of %s is %+v (active %v), want score %v and comment %q", student, got, ok, w.score, w.comment)
		}
	}
	if out, err := ws.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after applying the example is not empty (%v):\n%s", err, out)
	}
	ws.mustRun("destroy", "-input=false", "-no-color", "-auto-approve")
	for student := range want {
		if _, ok := sandboxRecord[model.Result](sb.Server, "results", id(student)); ok {
			t.Errorf("the result of %s survived the destroy", student)
		}
	}
}
