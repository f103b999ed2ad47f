package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// writtenStudents are the students whose results a plan writes: those
// joining the set and those whose score changes.
func writtenStudents(prior, planned map[string]resultSetEntry) []string {
	var out []string
	for student, e := range planned {
		if p, ok := prior[student]; !ok || !sameScore(p, e) {
			out = append(out, student)
		}
	}
	sort.Strings(out)
	return out
}

// checkWritten reads the line item of a plan that writes the results of
// the students written (once, whatever their number) and warns of what
// the server would not keep as planned: scores outside the line item's
// range (warnOutOfRange) and students not in its class (warnNotEnrolled).
// A line item that does not exist yet, or cannot be read, is not checked,
// beyond a debug log.
func checkWritten(ctx context.Context, client *oneroster.Client, lineItemID string, entries map[string]resultSetEntry, written []string,
	diags *diag.Diagnostics) {
	if len(written) == 0 {
		return
	}
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	if err != nil || lineItem.IsDeleted() {
		tflog.Debug(ctx, "oneroster_result_set: written results not checked: the line item is not known", map[string]any{"line_item": lineItemID})
		return
	}
	warnOutOfRange(lineItemID, lineItem, entries, written, diags)
	warnNotEnrolled(ctx, client, lineItemID, lineItem, written, diags)
}

// warnNotEnrolled names, in one warning, the students among written whom
// the server does not list as students of the line item's class: a typo
// in a sourcedId, or a student who left the class, whose score no teacher
// would see. It costs one read of the line item and one listing of the
// class's students, whatever the number of students. It is advice, not a
// check: when the line item does not exist yet, names no class, or a read
// fails (credentials without the rostering scope, a server without the
// route), it says nothing, beyond a debug log.
func warnNotEnrolled(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem, written []string, diags *diag.Diagnostics) {
	if lineItem == nil || model.RefID(lineItem.Class) == "" {
		tflog.Debug(ctx, "oneroster_result_set: enrollments not checked: the line item's class is not known", map[string]any{"line_item": lineItemID})
		return
	}
	class := model.RefID(lineItem.Class)
	loc, err := oneroster.Students.Locate(ctx, client, oneroster.Students.RouteFor([]string{"class"}), map[string]string{"class": class})
	if err != nil {
		tflog.Debug(ctx, "oneroster_result_set: enrollments not checked", map[string]any{"class": class, "error": err.Error()})
		return
	}
	enrolled := map[string]bool{}
	for u, err := range oneroster.Students.List(ctx, client, loc, oneroster.ListOptions{}) {
		if err != nil {
			tflog.Debug(ctx, "oneroster_result_set: enrollments not checked: listing the class's students failed",
				map[string]any{"class": class, "error": err.Error()})
			return
		}
		if !u.IsDeleted() {
			enrolled[strings.ToLower(u.SourcedID)] = true
		}
	}
	var strangers []string
	for _, student := range written {
		if !enrolled[strings.ToLower(student)] {
			strangers = append(strangers, student)
		}
	}
	if len(strangers) == 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("results"), fmt.Sprintf("%d students of results are not enrolled in class %q", len(strangers), class),
		fmt.Sprintf("The server does not list these students among the students of class %q, the class of line item %q, and the apply "+
			"writes their results all the same: %s. Check their sourcedIds (a typo, or a student who left the class): the server may "+
			"refuse the writes, or keep scores that no teacher of the class sees.", class, lineItemID, quotedList(strangers)))
}
