package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// queryCLI skips a test of list resources unless the CLI under test has
// `terraform query`: Terraform 1.14 and later; OpenTofu has none yet.
func queryCLI(t *testing.T, ws *cliWorkspace) {
	t.Helper()
	if acctest.IsOpenTofu() {
		t.Skip("OpenTofu has no list blocks or terraform query")
	}
	if v := ws.cliVersion(); v.Segments()[0] == 1 && v.Segments()[1] < 14 {
		t.Skipf("Terraform %s has no terraform query (1.14+)", v)
	}
}

var (
	generatedImport = regexp.MustCompile(`(?m)^import \{\n  to       = (\S+)\n  provider = oneroster\n  identity = \{\n    sourced_id = "([^"]+)"\n  \}\n\}`)
	planSummary     = regexp.MustCompile(`Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy\.`)
)

// adopt is adoptInto generated.tf.
func adopt(t *testing.T, ws *cliWorkspace) map[string][]string {
	return adoptInto(t, ws, "generated.tf")
}

// adoptInto runs terraform query with -generate-config-out=file in ws and
// applies what it generated, as the guide "Adopting an existing gradebook"
// does: the plan imports every object found, by identity, with nothing to
// add, change or destroy, and the plan after the apply is empty. It returns
// the sourcedIds imported, by resource type.
func adoptInto(t *testing.T, ws *cliWorkspace, file string) map[string][]string {
	t.Helper()
	ws.mustRun("query", "-no-color", "-generate-config-out="+file)
	raw, err := os.ReadFile(filepath.Join(ws.dir, file))
	if err != nil {
		t.Fatalf("terraform query wrote no %s: %v", file, err)
	}
	imported := map[string][]string{}
	for _, m := range generatedImport.FindAllStringSubmatch(string(raw), -1) {
		typ := strings.SplitN(m[1], ".", 2)[0]
		imported[typ] = append(imported[typ], m[2])
	}
	n := len(generatedImport.FindAllString(string(raw), -1))
	if n == 0 || n != strings.Count(string(raw), "\nimport {") {
		t.Fatalf("%s has %d import blocks by identity out of %d:\n%s", file, n, strings.Count(string(raw), "\nimport {"), raw)
	}
	expectOnlyImports(t, ws, n, string(raw))
	return imported
}

// expectOnlyImports plans ws, expects n imports and nothing else, applies
// the plan and expects the next plan to be empty. generated is shown when
// the plan is not as expected.
func expectOnlyImports(t *testing.T, ws *cliWorkspace, n int, generated string) {
	t.Helper()
	out := ws.mustRun("plan", "-input=false", "-lock=false", "-no-color", "-out=adopt.tfplan")
	m := planSummary.FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(n) || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("the plan is not %d to import and nothing else:\n%s\n\ngenerated:\n%s", n, out, generated)
	}
	ws.mustRun("apply", "-input=false", "-lock=false", "-no-color", "adopt.tfplan")
	if out, err := ws.run("plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode"); err != nil || !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after the imports is not empty (%v):\n%s", err, out)
	}
}

// A workspace with only a provider block adopts, through terraform query,
// every active line item (the whole collection, no arguments) and category,
// and the results of one line item (its scoping arguments): one identity
// import block each, and the generated configuration imports with nothing
// to change. A line item marked tobedeleted is left out.
func TestAccQuery_adoptV1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: true}})
	s := sb.Server.Sample()
	oob := newOutOfBand(t, sb)
	deleted := sb.Server.ActiveSourcedIDs("lineItems", 2)[1]
	oob.delete("lineItems", deleted)
	ws := newCLIWorkspace(t, map[string]string{
		"main.tf": requiredProviders + sandboxProvider(sb),
		"gradebook.tfquery.hcl": `
list "oneroster_line_item" "all" {
  provider         = oneroster
  include_resource = true
}

list "oneroster_category" "all" {
  provider         = oneroster
  include_resource = true
}

list "oneroster_result" "quiz" {
  provider         = oneroster
  include_resource = true
  config {
    class_sourced_id     = "` + s.Class + `"
    line_item_sourced_id = "` + s.LineItem + `"
  }
}
`,
	})
	queryCLI(t, ws)
	imported := adopt(t, ws)
	wantLineItems := sb.Server.ActiveSourcedIDs("lineItems", 1<<20)
	if got := imported["oneroster_line_item"]; !sameIDs(got, wantLineItems) {
		t.Errorf("imported line items %v, want the %d active ones %v", got, len(wantLineItems), wantLineItems)
	}
	for _, id := range imported["oneroster_line_item"] {
		if id == deleted {
			t.Errorf("the tobedeleted line item %q was imported", deleted)
		}
	}
	if got, want := imported["oneroster_category"], sb.Server.ActiveSourcedIDs("categories", 1<<20); !sameIDs(got, want) {
		t.Errorf("imported categories %v, want %v", got, want)
	}
	if got := imported["oneroster_result"]; len(got) == 0 || !containsID(got, s.Result) {
		t.Errorf("imported results %v, want the results of line item %q, %q among them", got, s.LineItem, s.Result)
	}
}

// The OneRoster 1.2 kinds adopt the same way, through the 1.2 base URL:
// score scales, assessment line items and results, and a class's line
// items with their 1.2 attributes.
func TestAccQuery_adoptV1p2(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	list := func(typ, name, config string) string {
		if config != "" {
			config = "\n  config {\n" + config + "  }"
		}
		return "\nlist \"" + typ + "\" \"" + name + "\" {\n  provider         = oneroster\n  include_resource = true" + config + "\n}\n"
	}
	ws := newCLIWorkspace(t, map[string]string{
		"main.tf": requiredProviders + v1p2Provider(sb),
		"gradebook.tfquery.hcl": list("oneroster_score_scale", "all", "") +
			list("oneroster_assessment_line_item", "all", "") +
			list("oneroster_assessment_result", "all", "") +
			list("oneroster_line_item", "class", "    class_sourced_id = \""+s.Class+"\"\n") +
			list("oneroster_result", "class", "    class_sourced_id = \""+s.Class+"\"\n"),
	})
	queryCLI(t, ws)
	imported := adopt(t, ws)
	for typ, id := range map[string]string{
		"oneroster_score_scale": s.ScoreScale, "oneroster_assessment_line_item": s.AssessmentLineItem,
		"oneroster_assessment_result": s.AssessmentResult, "oneroster_line_item": s.ScaledLineItem, "oneroster_result": s.LateResult,
	} {
		if !containsID(imported[typ], id) {
			t.Errorf("%s: imported %v, not %q", typ, imported[typ], id)
		}
	}
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// sameIDs reports whether a and b hold the same ids, in any order.
func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, x := range a {
		count[x]++
	}
	for _, x := range b {
		count[x]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// The list resource through terraform-plugin-testing's query steps: the
// data sources' scoping and where arguments select, include_resource
// returns the object as the resource stores it, tobedeleted objects are
// left out unless include_deleted, and the list block's limit bounds the
// results.
func TestAccQuery_lineItemQuerySteps(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: true}})
	s := sb.Server.Sample()
	oob := newOutOfBand(t, sb)
	provider := sandboxProvider(sb)
	created := provider + fmt.Sprintf(`
resource "oneroster_line_item" "test" {
  sourced_id          = "quiz-query"
  title               = "Query me"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %q
  category_sourced_id = %q
}

resource "oneroster_line_item" "gone" {
  sourced_id          = "quiz-gone"
  title               = "Gone"
  assign_date         = "2024-09-02"
  due_date            = "2024-09-09"
  class_sourced_id    = %[1]q
  category_sourced_id = %[2]q
}
`, s.Class, s.Category)
	query := func(name, config string) string {
		return "\nlist \"oneroster_line_item\" \"" + name + "\" {\n  provider = oneroster\n  include_resource = true\n" + config + "}\n"
	}
	byTitle := func(title string) string {
		return fmt.Sprintf("  config {\n    class_sourced_id = %q\n    where = [{ field = \"title\", value = %q }]\n  }\n", s.Class, title)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   queryCLIs(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: created},
			{
				PreConfig: func() { oob.delete("lineItems", "quiz-gone") },
				Query:     true,
				Config: query("titled", byTitle("Query me")) + query("gone", byTitle("Gone")) +
					query("gone_too", fmt.Sprintf("  config {\n    class_sourced_id = %q\n    include_deleted = true\n"+
						"    where = [{ field = \"title\", value = \"Gone\" }]\n  }\n", s.Class)) +
					query("two", "  limit = 2\n"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("oneroster_line_item.titled", 1),
					querycheck.ExpectIdentity("oneroster_line_item.titled", map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact("quiz-query")}),
					querycheck.ExpectResourceDisplayName("oneroster_line_item.titled",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact("quiz-query")}),
						knownvalue.StringExact(fmt.Sprintf(`quiz-query titled "Query me", in class %q, due 2024-09-09`, s.Class))),
					querycheck.ExpectResourceKnownValues("oneroster_line_item.titled",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact("quiz-query")}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("title"), KnownValue: knownvalue.StringExact("Query me")},
							{Path: tfjsonpath.New("category_sourced_id"), KnownValue: knownvalue.StringExact(s.Category)},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("active")},
						}),
					querycheck.ExpectLength("oneroster_line_item.gone", 0),
					querycheck.ExpectLength("oneroster_line_item.gone_too", 1),
					querycheck.ExpectLength("oneroster_line_item.two", 2),
				},
			},
		},
	})
}

// queryCLIs are the CLIs with list blocks: Terraform 1.14 and later; as
// for identity, OpenTofu is skipped by name.
func queryCLIs(t *testing.T) []tfversion.TerraformVersionCheck {
	t.Helper()
	if acctest.IsOpenTofu() {
		t.Skip("OpenTofu has no list blocks or terraform query")
	}
	return []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
}
