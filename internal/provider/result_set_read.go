package provider

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A result set's refresh, in three parts: refresh decides what the state
// holds now from what it held and what the server lists; Read hands it
// the state through the framework, and readValue through the provider's
// own server (server_read.go), which answers a no-change plan's refreshes
// without the framework's walk over every value of the set.
// server_read_test.go holds the two answers equal.

// Read is the framework's way in: the state through req.State and
// resp.State.
func (r *resultSetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer recoverSet(ctx, "read", &resp.Diagnostics, nil)
	var state resultSetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// On every path, as gradebookResource.Read does.
	setIdentity(ctx, resp.Identity, "line_item_sourced_id", state.LineItemSourcedID, &resp.Diagnostics)
	var prior map[string]resultSetEntry // nil: an import's state, without results
	if !state.Results.IsNull() {
		prior, diags = entriesOf(ctx, state.Results)
		resp.Diagnostics.Append(diags...)
	}
	entries, removed := r.refresh(ctx, client, state.LineItemSourcedID.ValueString(), prior, resp.Private, &resp.Diagnostics)
	switch {
	case removed:
		resp.State.RemoveResource(ctx)
	case entries != nil:
		state.Results, diags = entriesValue(entries)
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// readValue is the provider's server's way in (directReader): the state
// as the protocol's value, of which only results changes, and the
// identity, which it sets as Read does. It returns the new state: state
// itself after an error, null when the line item is gone. ok is false,
// before any request is sent, for a state Read would not read as it does
// (the server then asks the framework).
func (r *resultSetResource) readValue(ctx context.Context, _ schema.Schema, state tftypes.Value, identity *tftypes.Value,
	private privateData, diags *diag.Diagnostics) (newState tftypes.Value, ok bool) {
	newState = state
	defer recoverSet(ctx, "read", diags, nil)
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return state, false
	}
	lineItem, results := attrs["line_item_sourced_id"], attrs["results"]
	var lineItemID string
	if !lineItem.IsKnown() || lineItem.IsNull() || lineItem.As(&lineItemID) != nil {
		return state, false
	}
	var prior map[string]resultSetEntry // nil: an import's state, without results
	if !results.IsNull() {
		if prior, ok = entriesFromTerraform(ctx, results); !ok {
			return state, false
		}
	}
	// From here on the answer is this path's, a panic's (recoverSet) too:
	// the framework's would be the same, and a request may have been sent.
	ok = true
	client, d := r.data.Client()
	if diags.Append(d...); diags.HasError() {
		return state, true
	}
	// On every path from here, as Read does.
	if identity != nil {
		if *identity, ok = withIdentityAttribute(*identity, "line_item_sourced_id", lineItem); !ok {
			return state, false
		}
	}
	entries, removed := r.refresh(ctx, client, lineItemID, prior, private, diags)
	switch {
	case removed:
		return tftypes.NewValue(state.Type(), nil), true
	case entries == nil:
		return state, true
	}
	v, err := entriesToTerraform(ctx, entries, results.Type())
	if err != nil {
		diags.AddError("Cannot record the result set's state", "The refreshed results could not be encoded; this is a bug in the provider: "+err.Error())
		return state, true
	}
	attrs = maps.Clone(attrs) // As handed out the prior state's own map
	attrs["results"] = v
	return tftypes.NewValue(state.Type(), attrs), true
}

// refresh reads the set's results back from the server. prior are the
// state's entries by student, nil after an import, which adopts every
// active result of the line item. It returns the entries the state holds
// now, or removed when the line item is gone; after an error (in diags)
// neither, and the state stays as it was. It records in private the dates
// a teacher's later edit is told by (warnReverted).
func (r *resultSetResource) refresh(ctx context.Context, client *oneroster.Client, lineItemID string, prior map[string]resultSetEntry,
	private privateData, diags *diag.Diagnostics) (entries map[string]resultSetEntry, removed bool) {
	stored, removed := readSetResults(ctx, client, lineItemID, diags)
	if stored == nil {
		return nil, removed
	}
	datesKey := serverDatesKey
	if prior == nil {
		entries, datesKey = adoptEveryResult(stored), appliedDatesKey
	} else {
		entries = refreshTracked(stored, lineItemID, prior, diags)
	}
	// The dates a teacher's later edit is told by (warnReverted): an
	// import's are those the set starts from; a refresh's, those it read.
	writeDates(ctx, private, datesKey, serverDates(entryRecords(entries, stored.byID)), diags)
	return entries, false
}

// readSetResults reads the line item and its results. It returns nil
// after an error (in diags), and then removed when the line item is gone
// (a warning says so).
func readSetResults(ctx context.Context, client *oneroster.Client, lineItemID string, diags *diag.Diagnostics) (stored *resultIndex, removed bool) {
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	switch {
	case oneroster.IsNotFound(err) || (err == nil && lineItem.IsDeleted()):
		diags.AddWarning(
			fmt.Sprintf("The line item %q is gone", lineItemID),
			fmt.Sprintf(
				"The server has no active line item %q any more, so its result set is removed from the state; the next apply writes it again.",
				lineItemID,
			),
		)
		return nil, true
	case err != nil:
		diags.AddError(fmt.Sprintf("Cannot read the line item %q", lineItemID), readErrorDetail(oneroster.Results.InfoOn(client), err))
		return nil, false
	}
	stored, err = lineItemResults(ctx, client, lineItemID, lineItem, "")
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot read the results of line item %q", lineItemID), readErrorDetail(oneroster.Results.InfoOn(client), err))
		return nil, false
	}
	if stored.flatRead != nil {
		diags.AddWarning(flatReadSummary(fmt.Sprintf("the results of line item %q", lineItemID)), flatReadDetail(*stored.flatRead))
	}
	return stored, false
}

// adoptEveryResult is an import's refresh: it adopts every active result
// of the line item, one per student, whatever its sourcedId.
func adoptEveryResult(stored *resultIndex) map[string]resultSetEntry {
	entries := map[string]resultSetEntry{}
	for _, rec := range stored.byStudent {
		e := resultSetEntry{SourcedID: types.StringValue(rec.SourcedID)}
		e.scoreFields.copyFromStored(rec)
		entries[model.RefID(rec.Student)] = e
	}
	return entries
}

// refreshTracked refreshes each entry of prior from the result the
// server lists under its tracked sourcedId. An entry whose result is
// gone, or listed for another student, is dropped, and a warning names
// each.
func refreshTracked(stored *resultIndex, lineItemID string, prior map[string]resultSetEntry, diags *diag.Diagnostics) map[string]resultSetEntry {
	entries := map[string]resultSetEntry{}
	var gone, others []string
	for student, e := range prior {
		id := trackedID(e, lineItemID, student)
		rec := stored.byID[stored.key(id)]
		if rec == nil {
			gone = append(gone, student)
			continue
		}
		if owner := model.RefID(rec.Student); !stored.same(owner, student) {
			// Never tracked, so never written to or deleted: it is
			// another student's score.
			others = append(others, fmt.Sprintf("  - student %q: the state tracked the result %q, which the server lists for student %q",
				student, id, owner))
			continue
		}
		e.scoreFields.copyFromStored(rec)
		e.SourcedID = types.StringValue(id)
		entries[student] = e
	}
	keepBlanks(entries, prior)
	warnGone(lineItemID, gone, diags)
	warnOtherStudents(lineItemID, others, diags)
	return entries
}

// warnGone names the students whose tracked results the server no
// longer has.
func warnGone(lineItemID string, gone []string, diags *diag.Diagnostics) {
	if len(gone) == 0 {
		return
	}
	sort.Strings(gone)
	diags.AddWarning(fmt.Sprintf("%d results of line item %q are gone", len(gone), lineItemID),
		fmt.Sprintf("The server no longer has the results of these students (deleted outside Terraform): %s. The next apply writes them again.",
			strings.Join(gone, ", ")))
}

// warnOtherStudents lists the tracked results the server lists for
// another student, which the set stops tracking.
func warnOtherStudents(lineItemID string, others []string, diags *diag.Diagnostics) {
	if len(others) == 0 {
		return
	}
	sort.Strings(others)
	diags.AddWarning(fmt.Sprintf("%d results of line item %q belong to other students", len(others), lineItemID),
		fmt.Sprintf("The set tracks, for a student, only a result the server lists for that student, and these are not:\n%s\n\n"+
			"They are no longer tracked, so that no apply changes or deletes another student's score. The next apply writes these "+
			"students' results again, or adopts the result the server lists for each.", strings.Join(others, "\n")))
}

var _ directReader = (*resultSetResource)(nil)
