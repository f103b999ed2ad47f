package provider

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What a server stored, compared with what was sent. Servers normalise:
// they clamp a score to the line item's range, trim or cut a title, fill
// in defaults. Terraform would call that "Provider produced inconsistent
// result" and blame the provider; these name the attribute, both values
// and the rule the server probably applies.

// difference is one attribute the server stored otherwise.
type difference struct {
	attribute      string
	sent, stored   attr.Value
	likelyRuleText string
}

// configuredDifferences compares the attributes a configuration sets in
// two models of one resource (the planned one, and the one filled from
// what the server stored); the common gradebook attributes (sourced_id,
// status, date_last_modified, timeouts) are the server's or Terraform's
// and are left out, as are values still unknown in the plan.
func configuredDifferences(planned, stored any) []difference {
	var out []difference
	collectDifferences(reflect.ValueOf(planned).Elem(), reflect.ValueOf(stored).Elem(), &out)
	return out
}

var gradebookCommonType = reflect.TypeOf(gradebookCommon{})

func collectDifferences(p, s reflect.Value, out *[]difference) {
	for i := range p.NumField() {
		f := p.Type().Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if f.Type != gradebookCommonType {
				collectDifferences(p.Field(i), s.Field(i), out)
			}
			continue
		}
		name := f.Tag.Get("tfsdk")
		sent, ok1 := p.Field(i).Interface().(attr.Value)
		got, ok2 := s.Field(i).Interface().(attr.Value)
		if name == "" || !ok1 || !ok2 || sent.IsUnknown() || sent.Equal(got) {
			continue
		}
		*out = append(*out, difference{attribute: name, sent: sent, stored: got, likelyRuleText: likelyRule(sent, got)})
	}
}

// likelyRule guesses what the server did to a value.
func likelyRule(sent, stored attr.Value) string {
	switch {
	case sent.IsNull():
		return "the server fills in a value of its own when none is sent"
	case stored.IsNull():
		return "the server drops it: it may not support this attribute"
	}
	if a, ok := sent.(types.Float64); ok {
		if b, ok := stored.(types.Float64); ok {
			if b.ValueFloat64() < a.ValueFloat64() {
				return "the server probably caps it at a maximum; for a score, the line item's result_value_max"
			}
			return "the server probably raises it to a minimum; for a score, the line item's result_value_min"
		}
	}
	if a, ok := sent.(types.String); ok {
		if b, ok := stored.(types.String); ok {
			x, y := a.ValueString(), b.ValueString()
			switch {
			case strings.EqualFold(x, y):
				return "the server changes its case"
			case strings.TrimSpace(x) == y:
				return "the server trims spaces"
			case strings.HasPrefix(x, y):
				return fmt.Sprintf("the server probably cuts it to %d characters", utf8.RuneCountInString(y))
			}
		}
	}
	return "the server rewrites it"
}

// describeDifferences lists differences one per line.
func describeDifferences(diffs []difference) string {
	var b strings.Builder
	for _, d := range diffs {
		fmt.Fprintf(&b, "  %s: sent %s, the server stored %s (%s)\n", d.attribute, showValue(d.sent), showValue(d.stored), d.likelyRuleText)
	}
	return b.String()
}

// showValue renders a value as a configuration would write it.
func showValue(v attr.Value) string {
	if f, ok := v.(types.Float64); ok && !f.IsNull() && !f.IsUnknown() {
		return fmt.Sprintf("%g", f.ValueFloat64())
	}
	return v.String()
}
