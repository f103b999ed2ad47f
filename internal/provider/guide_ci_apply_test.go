package provider_test

import (
	"os"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// guideWorkspace is a guide's configuration with the districts' hosts and
// client identifiers replaced by a sandbox's (replace maps the guide's
// text to the sandbox's); everything else runs as written.
func guideWorkspace(t *testing.T, template, config string, replace map[string]string) string {
	t.Helper()
	for from, to := range replace {
		if !strings.Contains(config, from) {
			t.Fatalf("%s: the workspace no longer contains %s", template, from)
		}
		config = strings.ReplaceAll(config, from, to)
	}
	return config
}

// The CI guide's workspace and check block, with the right secrets, apply
// as written against sandboxes that grant exactly the scopes the workspace
// asks for: no error, no warning, and the next plan is empty.
func TestAccGuideCI_workspaceAppliesAsWritten(t *testing.T) {
	raw, err := os.ReadFile(ciGuideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	workspace := fencedBlock(t, guide, "## A workspace of connections", "terraform")
	check := fencedBlock(t, guide, "To also assert on what the servers hold", "terraform")

	springfield := acctest.Sandbox(t, sandbox.Options{})
	shelbyville := acctest.Sandbox(t, sandbox.Options{})
	config := guideWorkspace(t, ciGuideTemplate, workspace+"\n"+check, map[string]string{
		"https://sis.springfield.example":  springfield.URL,
		"https://sis.shelbyville.example":  shelbyville.URL,
		`client_id     = "terraform-ci"`:   `client_id     = "` + sandbox.ClientID + `"`,
		`consumer_key    = "terraform-ci"`: `consumer_key    = "` + sandbox.ConsumerKey + `"`,
	})
	ws := newCLIWorkspace(t, map[string]string{"main.tf": config})
	ws.env = []string{
		"TF_VAR_springfield_client_secret=" + sandbox.ClientSecret,
		"TF_VAR_shelbyville_consumer_secret=" + sandbox.ConsumerSecret,
	}
	out := ws.mustRun("apply", "-input=false", "-auto-approve", "-no-color")
	for _, unwanted := range []string{"Warning:", "Error:"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("the guide's workspace, applied as written, prints a %q:\n%s", unwanted, out)
		}
	}
	if out, err := ws.run("plan", "-input=false", "-detailed-exitcode", "-no-color"); err != nil {
		t.Errorf("the plan after the apply is not empty and clean (%v):\n%s", err, out)
	}
}
