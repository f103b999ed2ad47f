package oneroster

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// sisGuide is the template of the "Connecting to your SIS" guide, whose
// table of examples says what each preset derives.
const sisGuide = "../../templates/guides/connecting-to-your-sis.md.tmpl"

// guideExample is one row of the guide's table.
type guideExample struct {
	vendor, version string
	inputs          map[string]string
	base, token     string // "" where the guide says the preset derives none
}

var guideInput = regexp.MustCompile(`(\w+) = "([^"]*)"`)

// guideExamples reads the table that follows the test's marker.
func guideExamples(t *testing.T) []guideExample {
	t.Helper()
	raw, err := os.ReadFile(sisGuide)
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "<!-- checked by TestVendorGuideExamples -->\n")
	if !ok {
		t.Fatal("the guide has lost its table of examples (the marker <!-- checked by TestVendorGuideExamples -->)")
	}
	url := func(cell string) string {
		if strings.HasPrefix(cell, "`https://") || strings.HasPrefix(cell, "`http://") {
			return strings.Trim(cell, "`")
		}
		return "" // "set `base_url`", "none (…)"
	}
	var rows []guideExample
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) != 5 || cells[0] == "preset" || strings.HasPrefix(cells[0], "---") {
			continue
		}
		row := guideExample{vendor: strings.Trim(cells[0], "`"), version: cells[1], inputs: map[string]string{}, base: url(cells[3]), token: url(cells[4])}
		for _, m := range guideInput.FindAllStringSubmatch(cells[2], -1) {
			row.inputs[m[1]] = m[2]
		}
		rows = append(rows, row)
	}
	return rows
}

// The guide's table of examples is what the presets derive: each row's
// inputs give exactly its base and token URLs, every preset has a row for
// each OneRoster version it has a URL for, and a preset that derives no
// base URL says so.
func TestVendorGuideExamples(t *testing.T) {
	rows := guideExamples(t)
	covered := map[string]bool{}
	for _, row := range rows {
		v, ok := LookupVendor(row.vendor)
		if !ok {
			t.Errorf("the guide shows a preset %q that does not exist", row.vendor)
			continue
		}
		version := Version1p1
		if row.version == "1.2" {
			version = Version1p2
		}
		covered[row.vendor+" "+string(version)] = true
		if missing := v.MissingInputs(row.inputs); len(missing) > 0 {
			t.Errorf("%s: the guide's example lacks the inputs %v", row.vendor, missing)
			continue
		}
		s, err := v.Settings(row.inputs, version, false)
		if err != nil {
			t.Errorf("%s %s: %v", row.vendor, row.version, err)
			continue
		}
		if s.BaseURL != row.base || s.TokenURL != row.token {
			t.Errorf("%s %s: the preset derives base %q and token %q; the guide shows %q and %q",
				row.vendor, row.version, s.BaseURL, s.TokenURL, row.base, row.token)
		}
	}
	for _, v := range Vendors {
		if !covered[v.Name+" "+string(v.DefaultVersion())] {
			t.Errorf("the guide's table has no example of %s on OneRoster %s", v.Name, v.DefaultVersion())
		}
		if v.BaseURLV1p2 != "" && !covered[v.Name+" "+string(Version1p2)] {
			t.Errorf("the guide's table has no example of %s's OneRoster 1.2 URL", v.Name)
		}
		if v.BaseURL != "" && !covered[v.Name+" "+string(Version1p1)] {
			t.Errorf("the guide's table has no example of %s's OneRoster 1.1 URL", v.Name)
		}
	}
}

// Every preset has a section in the guide, which cites sources, and no
// section still calls a fact unconfirmed.
func TestVendorGuideSectionsCiteSources(t *testing.T) {
	raw, err := os.ReadFile(sisGuide)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	for _, v := range Vendors {
		i := strings.Index(guide, "(`"+v.Name+"`")
		if i < 0 {
			i = strings.Index(guide, "`"+v.Name+"`)")
		}
		if i < 0 {
			t.Errorf("the guide has no section for %s", v.Name)
			continue
		}
		section := guide[i:]
		if next := strings.Index(section, "\n## "); next > 0 {
			section = section[:next]
		}
		if !strings.Contains(section, "**Sources:**") || !strings.Contains(section, "](https://") {
			t.Errorf("the guide's section on %s cites no source", v.Name)
		}
		if v.Beta != strings.Contains(section[:strings.Index(section, "\n")], "beta") {
			t.Errorf("%s: beta is %v, but the guide's heading says otherwise", v.Name, v.Beta)
		}
	}
	if strings.Contains(strings.ToLower(guide), "unconfirmed") {
		t.Error("the guide still calls a fact unconfirmed: find its source, or leave the fact out")
	}
}
