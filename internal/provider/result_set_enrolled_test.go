package provider_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Students of a set whom the line item's class does not enroll are named
// in one warning, at the cost of one listing of the class's students per
// plan; a refused listing makes the plan say nothing of it.
func TestAccResultSet_notEnrolledWarns(t *testing.T) {
	// The test counts listings by requests, so each listing must be one
	// page: a page size of its own turns the tiny-page pass's cap off here
	// (the listing is paged like every other one there).
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{LimitCap: 10000}})
	s := sb.Server.Sample()
	enrolled := enrolledStudents(t, sb.Server, s.Class, 3)
	var strangers []string
	for _, id := range sb.Server.SourcedIDs("students") {
		if _, active := sandboxRecord[model.User](sb.Server, "users", id); active && !isEnrolled(sb.Server, id, s.Class) && len(strangers) < 2 {
			strangers = append(strangers, id)
		}
	}
	if len(strangers) < 2 {
		t.Fatal("the sandbox has fewer than 2 active students outside the sample class")
	}
	provider, quiz := sandboxProvider(sb), quizConfig(sb)
	config := func(results map[string]score) string {
		return requiredProviders + resultSetConfig(provider, quiz, results)
	}
	ws := newCLIWorkspace(t, map[string]string{"main.tf": config(map[string]score{enrolled[0]: graded(1)})})
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	write := func(results map[string]score) {
		if err := os.WriteFile(filepath.Join(ws.dir, "main.tf"), []byte(config(results)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const title = "students of results are not enrolled in class"
	students := "/classes/" + s.Class + "/students"

	// Two students join, two strangers with them.
	next := map[string]score{enrolled[0]: graded(1), enrolled[1]: graded(2), enrolled[2]: graded(3), strangers[0]: graded(4), strangers[1]: graded(5)}
	write(next)
	sb.Server.ResetRequests()
	out := strings.Join(strings.Fields(ws.mustRun("plan", "-input=false", "-no-color")), " ")
	if n := strings.Count(out, title); n != 1 {
		t.Errorf("the plan warns %d times of students outside the class, want once:\n%s", n, out)
	}
	a, b := strangers[0], strangers[1]
	if a > b {
		a, b = b, a
	}
	if want := fmt.Sprintf("2 %s %q", title, s.Class); !strings.Contains(out, want) {
		t.Errorf("the plan does not say %q:\n%s", want, out)
	}
	if want := fmt.Sprintf("writes their results all the same: %q and %q.", a, b); !strings.Contains(out, want) {
		t.Errorf("the plan does not name the strangers (%q):\n%s", want, out)
	}
	if n := sb.Server.Requests(students); n != 1 {
		t.Errorf("the plan listed the class's students %d times, want once", n)
	}
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")

	// Credentials that may not list the class's students: nothing said.
	sb.Server.AddFault(sandbox.Fault{Name: "403", Method: http.MethodGet, Path: "/classes/*/students", Kind: sandbox.FaultStatus, Status: http.StatusForbidden})
	next[strangers[0]] = graded(6)
	write(next)
	out = ws.mustRun("plan", "-input=false", "-no-color")
	if strings.Contains(out, "not enrolled") || strings.Contains(out, "Error") {
		t.Errorf("with the listing refused, the plan should say nothing of enrollments:\n%s", out)
	}
	if sb.Server.FaultHits("403") == 0 {
		t.Error("the plan did not try to list the class's students")
	}
}

// isEnrolled reports whether the sandbox has an active student enrollment
// of student in class.
func isEnrolled(server *sandbox.Server, student, class string) bool {
	for _, id := range server.SourcedIDs("enrollments") {
		if e, active := sandboxRecord[model.Enrollment](server, "enrollments", id); active && model.RefID(e.User) == student && model.RefID(e.Class) == class {
			return true
		}
	}
	return false
}
