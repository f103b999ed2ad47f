package provider_test

import (
	"os"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

const sisGuideTemplate = "../../templates/guides/connecting-to-your-sis.md.tmpl"

// The SIS guide's Aeries example, planned as written against a sandbox
// with Aeries's quirks at the guide's district host: the plan succeeds and
// shows the resolved URLs the guide quotes.
func TestAccGuideSIS_presetExamplePlans(t *testing.T) {
	raw, err := os.ReadFile(sisGuideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	example := fencedBlock(t, guide, "so nothing is hidden:", "terraform")
	quoted := fencedBlock(t, guide, "<!-- checked by TestAccGuideSIS_presetExamplePlans -->", "")

	const district = "https://springfield.aeries.net"
	sb := vendorSandbox(t, vendorCases["aeries"])
	config := guideWorkspace(t, sisGuideTemplate, example, map[string]string{district: sb.URL})
	ws := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + config})
	ws.env = []string{"TF_VAR_springfield_client_id=" + sandbox.ClientID, "TF_VAR_springfield_client_secret=" + sandbox.ClientSecret}
	out := ws.mustRun("plan", "-input=false", "-no-color")
	if strings.Contains(out, "Warning:") {
		t.Errorf("the guide's example plans with a warning:\n%s", out)
	}
	printed := strings.Join(strings.Fields(strings.ReplaceAll(out, sb.URL, district)), " ")
	for _, line := range strings.Split(quoted, "\n") {
		if line = strings.TrimSpace(line); !strings.HasPrefix(line, "+ resolved_") {
			continue
		}
		if !strings.Contains(printed, strings.Join(strings.Fields(line), " ")) {
			t.Errorf("the guide quotes %q, the plan does not print it:\n%s", line, out)
		}
	}
	if !strings.Contains(quoted, "+ resolved_base_url") {
		t.Errorf("the guide no longer quotes resolved_base_url:\n%s", quoted)
	}
}
