package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

var (
	exampleVariable = regexp.MustCompile(`(?m)^variable "(\w+)"`)
	exampleOutput   = regexp.MustCompile(`(?m)^output "(\w+)"`)
	exampleData     = regexp.MustCompile(`(?m)^data "(\w+)" "(\w+)"`)
)

// Every data-source example is a realistic use: each data source it
// declares feeds an output, and applied against the sandbox (one module
// per example, its variables set to records the sandbox has) every output
// holds data, so no example reads nothing or names a missing attribute.
// Examples of data sources only OneRoster 1.2 has are applied through the
// sandbox's 1.2 base URL, in a workspace of their own (an in-process
// provider serves every provider block of a configuration with the last
// one's settings).
func TestAccExamples_dataSources(t *testing.T) {
	skipUnlessAcceptance(t)
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	values := map[string]string{
		"class_sourced_id":     s.Class,
		"school_sourced_id":    s.School,
		"term_sourced_id":      s.Term,
		"line_item_sourced_id": s.LineItem,
		"student_sourced_id":   s.Student,
	}
	dirs, err := filepath.Glob("../../examples/data-sources/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no data-source examples found: %v", err)
	}
	var v1p1Dirs, v1p2Dirs []string
	for _, dir := range dirs {
		if raw, err := os.ReadFile(filepath.Join(dir, "data-source.tf")); err == nil && declaresV1p2Only(string(raw)) {
			v1p2Dirs = append(v1p2Dirs, dir)
		} else {
			v1p1Dirs = append(v1p1Dirs, dir)
		}
	}
	if len(v1p2Dirs) == 0 {
		t.Fatal("no example declares a OneRoster 1.2-only data source")
	}
	t.Run("v1p1", func(t *testing.T) { applyExamples(t, providerConfig(sb, ""), v1p1Dirs, values) })
	t.Run("v1p2", func(t *testing.T) {
		seed := seedV1p2Gradebook(t, sb)
		values["score_scale_sourced_id"] = seed.scoreScale
		values["assessment_line_item_sourced_id"] = seed.assessmentLineItem
		values["assessment_result_sourced_id"] = seed.assessmentResult
		applyExamples(t, v1p2Provider(sb), v1p2Dirs, values)
	})
}

// declaresV1p2Only reports whether an example declares a data source only
// OneRoster 1.2 has.
func declaresV1p2Only(body string) bool {
	for _, m := range exampleData.FindAllStringSubmatch(body, -1) {
		if slices.Contains(v1p2OnlyDataSources, m[1]) {
			return true
		}
	}
	return false
}

// applyExamples applies the data-source examples of dirs, one module each,
// under provider, and checks that each is a realistic use.
func applyExamples(t *testing.T, provider string, dirs []string, values map[string]string) {
	t.Helper()
	files := map[string]string{}
	var root strings.Builder
	root.WriteString(requiredProviders + provider)
	for _, dir := range dirs {
		name := filepath.Base(dir)
		raw, err := os.ReadFile(filepath.Join(dir, "data-source.tf"))
		if err != nil {
			t.Fatal(err)
		}
		body := string(raw)
		if len(exampleOutput.FindAllString(body, -1)) == 0 {
			t.Errorf("%s declares no output: show what the data is for", name)
		}
		for _, m := range exampleData.FindAllStringSubmatch(body, -1) {
			if ref := "data." + m[1] + "." + m[2]; !strings.Contains(body, ref) {
				t.Errorf("%s declares %s and never uses it", name, ref)
			}
		}
		files[name+"/data-source.tf"] = body
		files[name+"/versions.tf"] = requiredProviders
		fmt.Fprintf(&root, "\nmodule %q {\n  source = \"./%s\"\n", name, name)
		for _, m := range exampleVariable.FindAllStringSubmatch(body, -1) {
			v, ok := values[m[1]]
			if !ok {
				t.Fatalf("%s takes variable %q, which this test has no sandbox value for", name, m[1])
			}
			fmt.Fprintf(&root, "  %s = %q\n", m[1], v)
		}
		fmt.Fprintf(&root, "}\n\noutput %q {\n  value = module.%s\n}\n", name, name)
	}
	files["main.tf"] = root.String()
	if t.Failed() {
		return
	}

	ws := newCLIWorkspace(t, files)
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	var st shownState
	ws.showJSON(&st)
	for _, dir := range dirs {
		name := filepath.Base(dir)
		var outputs map[string]json.RawMessage
		st.output(t, name, &outputs)
		if len(outputs) == 0 {
			t.Errorf("%s: no outputs in the state", name)
		}
		for out, v := range outputs {
			if trimmed := bytes.TrimSpace(v); slices.Contains([]string{"null", "[]", "{}", `""`}, string(trimmed)) {
				t.Errorf("%s: output %s is %s against the sandbox: the example shows nothing", name, out, trimmed)
			}
		}
	}
}
