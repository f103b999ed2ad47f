package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// A set tells a teacher's edit from an ordinary drift by the results'
// dateLastModified, kept in the resource's private state (not in its
// schema, where each write would show a "known after apply" per entry):
// per student, the date the set's last apply (or import) left, and the
// date its last refresh read. A result the server changed since the apply
// that the plan now writes back is named in one warning.
const (
	appliedDatesKey = "applied_dates" // per student: dateLastModified as the last apply or import left it
	serverDatesKey  = "server_dates"  // per student: dateLastModified as the last refresh read it
)

// privateData is the resource's private state (the framework's
// *privatestate.ProviderData, which is internal to it).
type privateData interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// readDates reads a per-student map of dates from the private state; a
// missing or unreadable one (state written by an older version) is empty.
func readDates(ctx context.Context, private privateData, key string) map[string]string {
	out := map[string]string{}
	if private == nil {
		return out
	}
	raw, diags := private.GetKey(ctx, key)
	if diags.HasError() || len(raw) == 0 {
		return out
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return map[string]string{}
	}
	return out
}

func writeDates(ctx context.Context, private privateData, key string, dates map[string]string, diags *diag.Diagnostics) {
	if private == nil {
		return
	}
	raw, err := json.Marshal(dates)
	if err != nil {
		return
	}
	diags.Append(private.SetKey(ctx, key, raw)...)
}

// recordAppliedDates records the dates the apply left for the students of
// next (the state's results after the apply): the date the server stored
// with each write, else the one recorded before. A refresh's dates are
// dropped: they are older than the apply.
func recordAppliedDates(ctx context.Context, private privateData, next map[string]resultSetEntry, jobs []resultJob, diags *diag.Diagnostics) {
	prior := readDates(ctx, private, appliedDatesKey)
	dates := map[string]string{}
	for student := range next {
		if d, ok := prior[student]; ok {
			dates[student] = d
		}
	}
	for _, j := range jobs {
		if _, ok := next[j.student]; ok && j.entry != nil && j.stored != nil && j.stored.DateLastModified != "" {
			dates[j.student] = j.stored.DateLastModified
		}
	}
	writeDates(ctx, private, appliedDatesKey, dates, diags)
	diags.Append(private.SetKey(ctx, serverDatesKey, nil)...)
}

// serverDates are the dateLastModified of the results a refresh found,
// by student.
func serverDates(found map[string]*model.Result) map[string]string {
	dates := map[string]string{}
	for student, rec := range found {
		if rec.DateLastModified != "" {
			dates[student] = rec.DateLastModified
		}
	}
	return dates
}

// warnReverted names, in one warning, the students whose result the
// server changed after the set's last apply (its dateLastModified is
// newer than the one that apply left) and whose score this plan writes
// back: a teacher's edit in the SIS, which would otherwise read as an
// ordinary update. prior is the refreshed state, so it holds the SIS's
// values.
func warnReverted(ctx context.Context, private privateData, prior, planned map[string]resultSetEntry, diags *diag.Diagnostics) {
	applied, server := readDates(ctx, private, appliedDatesKey), readDates(ctx, private, serverDatesKey)
	var lines []string
	for student, p := range prior {
		e, ok := planned[student]
		if !ok || sameScore(p, e) || !newer(server[student], applied[student]) {
			continue
		}
		var values []string
		for _, d := range configuredDifferences(&e.scoreFields, &p.scoreFields) {
			values = append(values, fmt.Sprintf("%s %s in the SIS, %s configured", d.attribute, showValue(d.stored), showValue(d.sent)))
		}
		lines = append(lines, fmt.Sprintf("  - student %q: %s (changed %s; the last apply left %s)",
			student, strings.Join(values, "; "), server[student], applied[student]))
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	diags.AddAttributeWarning(path.Root("results"), fmt.Sprintf("%d scores were entered in the SIS after the last apply; this apply reverts them", len(lines)),
		fmt.Sprintf("The server changed these results after the set's last apply (their dateLastModified is newer than the one it left), "+
			"perhaps a teacher's edit; this apply writes the configured values back over them:\n%s\n\n"+
			"To keep a value, set it in results; to stop managing a student's score and leave it as the SIS has it, move the student "+
			"from results to released_students.", strings.Join(lines, "\n")))
}

// newer reports whether the timestamp a is after b; false when either is
// missing or not a timestamp.
func newer(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.After(tb)
}

// entryRecords pairs each entry of a refresh with the record it read.
func entryRecords(entries map[string]resultSetEntry, byID map[string]*model.Result) map[string]*model.Result {
	out := map[string]*model.Result{}
	for student, e := range entries {
		if rec := byID[strings.ToLower(e.SourcedID.ValueString())]; rec != nil {
			out[student] = rec
		}
	}
	return out
}
