package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The range warning: each end may be open, the ends themselves are in
// range, only the students written are named, and an unknown or null
// score is no score.
func TestWarnOutOfRange(t *testing.T) {
	num := func(v float64) *model.Number { n := model.Number(v); return &n }
	entry := func(v types.Float64) resultSetEntry { var e resultSetEntry; e.Score = v; return e }
	entries := map[string]resultSetEntry{
		"low": entry(types.Float64Value(-0.5)), "edge": entry(types.Float64Value(10)), "high": entry(types.Float64Value(10.5)),
		"unknown": entry(types.Float64Unknown()), "none": entry(types.Float64Null()), "unwritten": entry(types.Float64Value(99)),
	}
	written := []string{"edge", "high", "low", "none", "unknown"}
	for _, tc := range []struct {
		name     string
		low, max *model.Number
		want     []string // "" for no warning
	}{
		{"both ends", num(0), num(10), []string{`2 scores are outside the range of line item "li" (0 to 10)`,
			`student "high": score 10.5 is above result_value_max 10`, `student "low": score -0.5 is below result_value_min 0`}},
		{"no minimum", nil, num(10), []string{`1 scores are outside the range of line item "li" (at most 10)`, `"high"`}},
		{"no maximum", num(0), nil, []string{`(at least 0)`, `"low"`}},
		{"no range", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			warnOutOfRange("li", &model.LineItem{ResultValueMin: tc.low, ResultValueMax: tc.max}, entries, written, &diags)
			if len(tc.want) == 0 {
				if len(diags) != 0 {
					t.Fatalf("want no warning, got %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags.HasError() {
				t.Fatalf("want one warning, got %v", diags)
			}
			text := diags[0].Summary() + "\n" + diags[0].Detail()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the warning does not say %q:\n%s", w, text)
				}
			}
			for _, never := range []string{`"edge"`, `"unwritten"`, `"unknown"`, `"none"`} {
				if strings.Contains(text, never) {
					t.Errorf("the warning names %s:\n%s", never, text)
				}
			}
		})
	}
}

// An entry's flag left unset stays null when the server fills in
// "false"; a configured one, and a "true", are the server's.
func TestScoreFieldsFillKeepsUnsetFlagsNull(t *testing.T) {
	var e scoreFields
	e.Late = types.BoolValue(false)
	e.copyFromStored(&model.Result{Late: model.StringBoolPtr(false), Missing: model.StringBoolPtr(false), Incomplete: model.StringBoolPtr(true)})
	if !e.Missing.IsNull() || !e.InProgress.IsNull() {
		t.Errorf("unset flags read %v and %v, want null", e.Missing, e.InProgress)
	}
	if !e.Late.Equal(types.BoolValue(false)) || !e.Incomplete.Equal(types.BoolValue(true)) {
		t.Errorf("late %v, incomplete %v: want false (configured) and true (the server's)", e.Late, e.Incomplete)
	}
}

// The version rules of an entry are oneroster_result's, at the entry's
// path; "" (an empty CSV cell) is unset.
func TestEntryVersionRules(t *testing.T) {
	client, err := oneroster.New(oneroster.Config{BaseURL: "https://sis.example.org/ims/oneroster/v1p1", Auth: &oneroster.BearerToken{Token: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	var withText, blank resultSetEntry
	withText.TextScore = types.StringValue("B+")
	blank.TextScore = types.StringValue("")
	var diags diag.Diagnostics
	if !entryVersionRules(client, map[string]resultSetEntry{"s1": withText, "s2": blank}, &diags) || len(diags) != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	d, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || d.Path().String() != `results["s1"].text_score` || d.Summary() != "text_score needs OneRoster 1.2" {
		t.Errorf("got %q at %v", diags[0].Summary(), diags[0])
	}
}
