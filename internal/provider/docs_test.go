package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The README and the provider page say how many authentication methods
// there are and name them: every paragraph that says "exactly one of"
// gives the provider block's count and names every method it names any of.
func TestReadmeAndProviderPageNameEveryAuthMethod(t *testing.T) {
	numbers := []string{"zero", "one", "two", "three", "four", "five", "six"}
	count := numbers[len(authMethods)]
	countPhrase := regexp.MustCompile(`exactly one of (\w+) authentication methods`)
	for _, file := range []string{"../../README.md", "../../templates/index.md.tmpl"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		naming := 0
		for _, paragraph := range strings.Split(string(raw), "\n\n") {
			if !strings.Contains(paragraph, "exactly one of") {
				continue
			}
			if m := countPhrase.FindStringSubmatch(paragraph); m != nil && m[1] != count {
				t.Errorf("%s says %q; the provider block has %s authentication methods", file, m[0], count)
			}
			named := 0
			for _, m := range authMethods {
				if strings.Contains(paragraph, "`"+m.attribute+"`") {
					named++
				}
			}
			if named > 0 {
				naming++
			}
			if named > 0 && named < len(authMethods) {
				t.Errorf("%s names %d of the %d authentication methods in:\n%s", file, named, len(authMethods), paragraph)
			}
		}
		if naming == 0 {
			t.Errorf("%s has no paragraph naming the authentication methods with \"exactly one of\"", file)
		}
	}
}

var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// Nothing is published on the Registry yet, so the docs link each other
// relatively, and every relative link resolves to a file of the
// repository (which is also how the Registry renders them once published).
func TestDocsLinksResolve(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../README.md", "../../docs/*.md", "../../docs/*/*.md", "../../templates/*.tmpl", "../../templates/*/*.tmpl"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d documentation files: %q", len(files), files)
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range markdownLink.FindAllStringSubmatch(string(raw), -1) {
			link := m[1]
			switch {
			case strings.Contains(link, "registry.terraform.io/providers/edu-iac"):
				t.Errorf("%s links %s: nothing is published on the Registry yet; link the page relatively", file, link)
			case strings.HasPrefix(link, "http://"), strings.HasPrefix(link, "https://"), strings.HasPrefix(link, "#"), strings.HasPrefix(link, "mailto:"):
			default:
				target, _, _ := strings.Cut(link, "#")
				dir := filepath.Dir(file)
				if strings.HasPrefix(file, "../../templates/") {
					// A template renders to the same place under docs/.
					dir = filepath.Join("../../docs", strings.TrimPrefix(dir, "../../templates"))
				}
				if _, err := os.Stat(filepath.Join(dir, target)); err != nil {
					t.Errorf("%s links %s, which does not resolve to a file: %v", file, link, err)
				}
			}
		}
	}
}

// A district's legal review needs the licence, and every release archive
// carries it.
func TestLicenseShipsInEveryArchive(t *testing.T) {
	raw, err := os.ReadFile("../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "Mozilla Public License Version 2.0\n") {
		t.Errorf("LICENSE is not the MPL-2.0 text: it starts %q", strings.SplitN(string(raw), "\n", 2)[0])
	}
	cfg, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	archives := string(cfg)[strings.Index(string(cfg), "\narchives:"):]
	if end := strings.Index(archives[1:], "\n\n"); end >= 0 {
		archives = archives[:end+1]
	}
	if !regexp.MustCompile(`(?m)^\s+files:\n(\s+- .*\n)*\s+- LICENSE\n`).MatchString(archives + "\n") {
		t.Errorf(".goreleaser.yml's archives do not list LICENSE in files:\n%s", archives)
	}
}

// The result set's page and its import example say the same thing about
// what an import adopts, and what the resource does: every active result.
func TestResultSetImportDocsAgree(t *testing.T) {
	raw, err := os.ReadFile("../../examples/resources/oneroster_result_set/import.sh")
	if err != nil {
		t.Fatal(err)
	}
	var resp resource.SchemaResponse
	newResultSetResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	const rule = "adopts every active result of the line item"
	if !strings.Contains(resp.Schema.MarkdownDescription, "Import "+rule) {
		t.Errorf("the result set's description no longer says %q", "Import "+rule)
	}
	if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(string(raw), "#", "")), " "), rule) {
		t.Errorf("import.sh does not say the import %s:\n%s", rule, raw)
	}
}
