package provider_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The CI guide's for_each workspace, as written, over six districts of
// which two have a wrong secret and one a plain-http base_url: the
// plan fails, the guide's grep lists exactly the three, sorted, as the
// guide quotes them, and no secret shows.
func TestAccGuideCI_manyDistricts(t *testing.T) {
	raw, err := os.ReadFile(ciGuideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	workspace := fencedBlock(t, guide, "## Many districts", "terraform")
	quoted := fencedBlock(t, guide, "<!-- sorted errors: checked by TestAccGuideCI_manyDistricts -->", "text")

	sb := acctest.Sandbox(t, sandbox.Options{})
	names := []string{"springfield", "shelbyville", "ogdenville", "north-haverbrook", "lincoln-unified", "capital-city"}
	wrong := map[string]string{"ogdenville": "rotated-in-march", "lincoln-unified": "rotated-in-april"}
	districts := map[string]any{}
	secrets := map[string]string{}
	for _, name := range names {
		districts[name] = map[string]string{"base_url": sb.BaseURL, "token_url": sb.TokenURL, "client_id": sandbox.ClientID}
		secrets[name] = sandbox.ClientSecret
		if s, ok := wrong[name]; ok {
			secrets[name] = s
		}
	}
	districts["capital-city"] = map[string]string{
		"base_url": "http://sis.capital-city.example/ims/oneroster/v1p1", "token_url": sb.TokenURL, "client_id": sandbox.ClientID,
	}
	districtsJSON, _ := json.Marshal(districts)
	secretsJSON, _ := json.Marshal(secrets)
	ws := newCLIWorkspace(t, map[string]string{"main.tf": workspace})
	ws.env = []string{"TF_VAR_districts=" + string(districtsJSON), "TF_VAR_district_secrets=" + string(secretsJSON)}

	out, err := ws.run("plan", "-input=false", "-lock=false", "-no-color")
	var exit *exec.ExitError
	if err == nil || !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("the plan should fail with status 1, got %v:\n%s", err, out)
	}
	// The guide's pipeline: grep '^Error: Connection "' | sort.
	var listed []string
	for _, line := range strings.Split(out, "\n") {
		if regexp.MustCompile(`^Error: Connection "`).MatchString(line) {
			listed = append(listed, line)
		}
	}
	slices.Sort(listed)
	if got, want := strings.Join(listed, "\n")+"\n", quoted; got != want {
		t.Errorf("the guide's grep lists:\n%s\nthe guide quotes:\n%s\nfull output:\n%s", got, want, out)
	}
	if n := strings.Count(out, "Error: "); n != len(wrong)+1 {
		t.Errorf("the plan printed %d errors, want %d:\n%s", n, len(wrong)+1, out)
	}
	for _, s := range wrong {
		if strings.Contains(out, s) {
			t.Errorf("the plan output contains the secret %q", s)
		}
	}
}
