package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Every list resource example finds something: run by terraform query
// against the sandbox's 1.2 base URL (which serves every kind), its ids put
// in place of the sandbox's, each list block has at least one result.
func TestAccExamples_listResources(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	inSandbox := strings.NewReplacer(`"biology-101-quiz-1"`, `"`+s.LineItem+`"`, `"biology-101"`, `"`+s.Class+`"`,
		`"student-0001"`, `"`+s.Student+`"`).Replace
	files, err := filepath.Glob("../../examples/list-resources/*/list-resource.tfquery.hcl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no list resource examples found: %v", err)
	}
	workspace := map[string]string{"main.tf": requiredProviders + v1p2Provider(sb)}
	var blocks []string
	block := regexp.MustCompile(`(?m)^list "(\w+)" "(\w+)"`)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range block.FindAllStringSubmatch(string(raw), -1) {
			blocks = append(blocks, "list."+m[1]+"."+m[2])
		}
		workspace[filepath.Base(filepath.Dir(f))+".tfquery.hcl"] = inSandbox(string(raw))
	}
	ws := newCLIWorkspace(t, workspace)
	queryCLI(t, ws)
	out := ws.mustRun("query", "-no-color")
	for _, b := range blocks {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(b) + `\s+sourced_id=`).MatchString(out) {
			t.Errorf("the example %s found nothing:\n%s", b, out)
		}
	}
}
