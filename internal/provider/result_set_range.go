package provider

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// warnOutOfRange names, in one warning, the scores among the entries of
// the students written that lie outside the line item's result_value_min
// and result_value_max. Servers that enforce the range clamp such a
// score or refuse it; either way the apply could not record it as
// configured, and the plan is the place to say so. The line item is the
// one checkWritten reads already: the warning costs no request.
func warnOutOfRange(lineItemID string, lineItem *model.LineItem, entries map[string]resultSetEntry, written []string, diags *diag.Diagnostics) {
	low, high := lineItem.ResultValueMin, lineItem.ResultValueMax
	if low == nil && high == nil {
		return
	}
	var lines []string
	for _, student := range written {
		score := entries[student].Score
		if score.IsNull() || score.IsUnknown() {
			continue
		}
		v := score.ValueFloat64()
		switch {
		case low != nil && v < float64(*low):
			lines = append(lines, fmt.Sprintf("  - student %q: score %s is below result_value_min %s", student, formatScore(v), formatScore(float64(*low))))
		case high != nil && v > float64(*high):
			lines = append(lines, fmt.Sprintf("  - student %q: score %s is above result_value_max %s", student, formatScore(v), formatScore(float64(*high))))
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	summary := fmt.Sprintf("%d scores are outside the range of line item %q (%s)", len(lines), lineItemID, describeRange(low, high))
	diags.AddAttributeWarning(path.Root("results"), summary,
		fmt.Sprintf("These scores lie outside the line item's result_value_min and result_value_max:\n%s\n\n"+
			"A server that enforces the range stores such a score clamped to it, or refuses the write, and the apply then fails for "+
			"these students, naming the value the server stored. Correct the scores, or widen the line item's range.", strings.Join(lines, "\n")))
}

// describeRange is a line item's range of scores, either end open.
func describeRange(low, high *model.Number) string {
	switch {
	case low == nil:
		return "at most " + formatScore(float64(*high))
	case high == nil:
		return "at least " + formatScore(float64(*low))
	}
	return formatScore(float64(*low)) + " to " + formatScore(float64(*high))
}

// formatScore writes a score the way a configuration would.
func formatScore(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
