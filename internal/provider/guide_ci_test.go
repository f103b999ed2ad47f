package provider_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

const ciGuideTemplate = "../../templates/guides/validating-connections-in-ci.md.tmpl"

// fencedBlock returns the body of the first fenced block of the given
// language that follows marker in doc.
func fencedBlock(t *testing.T, doc, marker, lang string) string {
	t.Helper()
	i := strings.Index(doc, marker)
	if i < 0 {
		t.Fatalf("%s: no %q", ciGuideTemplate, marker)
	}
	rest := doc[i+len(marker):]
	open := "```" + lang + "\n"
	j := strings.Index(rest, open)
	if j < 0 {
		t.Fatalf("%s: no ```%s block after %q", ciGuideTemplate, lang, marker)
	}
	body := rest[j+len(open):]
	k := strings.Index(body, "\n```")
	if k < 0 {
		t.Fatalf("%s: unterminated ```%s block after %q", ciGuideTemplate, lang, marker)
	}
	return body[:k+1]
}

// The CI guide's workspace, with both districts' secrets wrong, planned by
// the CLI under test against two sandboxes standing in for the districts:
// the plan fails, and its output contains the guide's quotation verbatim
// (with the districts' hosts put back in place of the sandboxes').
func TestAccGuideCI_failingPlanIsQuoted(t *testing.T) {
	raw, err := os.ReadFile(ciGuideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	workspace := fencedBlock(t, guide, "## A workspace of connections", "terraform")
	quoted := fencedBlock(t, guide, "<!-- failing plan: checked by TestAccGuideCI_failingPlanIsQuoted -->", "text")

	springfield := acctest.Sandbox(t, sandbox.Options{})
	shelbyville := acctest.Sandbox(t, sandbox.Options{})
	hosts := map[string]string{
		"https://sis.springfield.example": springfield.URL,
		"https://sis.shelbyville.example": shelbyville.URL,
	}
	config := workspace
	for guideHost, sandboxURL := range hosts {
		if !strings.Contains(config, guideHost) {
			t.Fatalf("the guide's workspace no longer mentions %s", guideHost)
		}
		config = strings.ReplaceAll(config, guideHost, sandboxURL)
	}

	ws := newCLIWorkspace(t, map[string]string{"main.tf": config})
	ws.env = []string{
		"TF_VAR_springfield_client_secret=rotated-last-week",
		"TF_VAR_shelbyville_consumer_secret=revoked-by-the-vendor",
	}
	out, err := ws.run("plan", "-input=false", "-lock=false", "-no-color")
	var exit *exec.ExitError
	if err == nil {
		t.Fatalf("the plan with wrong secrets succeeded:\n%s", out)
	} else if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("the plan should exit with status 1, got %v:\n%s", err, out)
	}
	for guideHost, sandboxURL := range hosts {
		out = strings.ReplaceAll(out, sandboxURL, guideHost)
	}
	// The CLI wraps messages to its width, at places that depend on the
	// sandboxes' port numbers, and reports the connections in the order
	// their checks finish: compare each diagnostic, whitespace collapsed.
	blocks := strings.Split(quoted, "Error: ")[1:]
	if len(blocks) < 2 {
		t.Fatalf("the guide should quote both failing connections, it quotes %d diagnostics", len(blocks))
	}
	printed := strings.Join(strings.Fields(out), " ")
	for _, block := range blocks {
		if want := strings.Join(strings.Fields("Error: "+block), " "); !strings.Contains(printed, want) {
			t.Errorf(
				"the guide quotes a diagnostic the plan does not print.\n--- quoted in %s:\n%s\n--- printed by %s:\n%s",
				ciGuideTemplate,
				"Error: "+block,
				ws.cli,
				out,
			)
		}
	}
	if n := strings.Count(out, "Error: "); n != len(blocks) {
		t.Errorf("the plan printed %d errors, the guide quotes %d:\n%s", n, len(blocks), out)
	}
	for _, secret := range []string{"rotated-last-week", "revoked-by-the-vendor"} {
		if strings.Contains(out, secret) {
			t.Errorf("the plan output contains the secret %q", secret)
		}
	}
}
