package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// A plan of a connection with grades_enabled and read-only scopes shows the
// write-scope warning once, in the CLI's real output, before and after the
// connection is in state (when refresh and plan both probe); with
// missing_write_scopes = "ignore" it shows none.
func TestAccConnection_writeScopeWarningOncePerPlan(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	readOnly := oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret, oneroster.ScopeRosterCoreReadonly, oneroster.ScopeGradebookReadonly)
	config := func(extra string) map[string]string {
		return map[string]string{"main.tf": requiredProviders + connectionConfig(sb.BaseURL, readOnly, "topics = [\"orgs\"]\n  grades_enabled = true\n"+extra)}
	}
	const summary = `Connection "springfield": gradebook write permission missing`
	w := newCLIWorkspace(t, config(""))
	count := func(step string, want int) string {
		t.Helper()
		out := w.mustRun("plan", "-input=false", "-no-color")
		if got := strings.Count(out, summary); got != want || strings.Contains(out, "similar warning") {
			t.Errorf("%s: the plan shows %q %d times, want %d:\n%s", step, summary, got, want, out)
		}
		return out
	}
	count("plan before create", 1)
	w.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	out := count("plan with the connection in state", 1)
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 200 {
			t.Errorf("a line of the warning is over 200 characters: %q", line)
		}
	}

	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config(`missing_write_scopes = "ignore"`)["main.tf"]), 0o600); err != nil {
		t.Fatal(err)
	}
	count("plan with missing_write_scopes = \"ignore\"", 0)
	w.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	count("plan with missing_write_scopes = \"ignore\" in state", 0)
}
