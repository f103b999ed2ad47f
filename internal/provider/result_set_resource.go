package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_result_set: the scores of one line item for many students, one
// OneRoster result per entry, written and deleted in parallel.

// resultSetNamespace is the UUID namespace of the result sourcedIds that
// oneroster_result_set derives. It is itself the UUIDv5 of the URL
// https://github.com/edu-iac/terraform-provider-oneroster/result-set in the
// RFC 4122 URL namespace; it is written out because other systems need it
// to find the results, and it must never change.
var resultSetNamespace = uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")

// resultSourcedID derives the sourcedId of a student's result on a line
// item. A UUID rather than a readable "<lineItem>-<student>": it has a
// fixed length whatever the ids (SIS columns for sourcedIds are often 36 or
// 64 characters), it is safe in a URL path, it cannot collide because of a
// separator inside an id (resultIDText), and every language's UUID library reproduces it.
func resultSourcedID(lineItem, student string) string {
	return uuid.NewSHA1(resultSetNamespace, []byte(resultIDText(lineItem, student))).String()
}

const defaultResultSetTimeout = 30 * time.Minute

type resultSetModel struct {
	LineItemSourcedID types.String   `tfsdk:"line_item_sourced_id"`
	ExistingResults   types.String   `tfsdk:"existing_results"`
	Results           types.Map      `tfsdk:"results"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// What a result set does with a student's result that is already on the
// line item when the student joins the set.
const (
	existingAdopt = "adopt" // update it in place, under its own sourcedId
	existingFail  = "fail"  // refuse to plan
)

type resultSetEntry struct {
	scoreFields
	SourcedID types.String `tfsdk:"sourced_id"`
}

func resultSetEntryType() types.ObjectType {
	return types.ObjectType{AttrTypes: map[string]attr.Type{
		"score_status": types.StringType, "score": types.Float64Type, "score_date": types.StringType,
		"comment": types.StringType, "sourced_id": types.StringType,
	}}
}

type resultSetResource struct {
	data *providerData
}

var (
	_ resource.ResourceWithConfigure   = (*resultSetResource)(nil)
	_ resource.ResourceWithImportState = (*resultSetResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*resultSetResource)(nil)
)

func newResultSetResource() resource.Resource { return &resultSetResource{} }

func (r *resultSetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_result_set"
}

func (r *resultSetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	entry := scoreAttributes()
	entry["sourced_id"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The sourcedId of this student's result: the student's existing result on the line item when there " +
			"is one (adopted), else `UUIDv5(" + resultSetNamespace.String() + ", \"<line_item_sourced_id>/<student_sourced_id>\")`, " +
			"or on OneRoster 1.2 the sourcedId the server allocated when it created the result. " +
			"Known at plan time, but for an adopted result in a set that is being created or replaced, and for a new result on OneRoster 1.2.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The scores of one line item for many students, as one resource: each entry of `results` is one OneRoster result, " +
			"written with " + writeRequest(oneroster.Results.Info) + ". Only the entries that changed are written or deleted, in parallel " +
			"(at most the provider's `max_concurrency` at once), and the set is read back through " +
			"`" + oneroster.Results.RouteFor(lineItemResultsParams).Path + "`.\n\n" +
			"Each result's sourcedId is derived from the line item and the student, so that other systems can find it: " +
			"it is the name-based (version 5, SHA-1) UUID of the text `<line_item_sourced_id>/<student_sourced_id>` in the namespace `" +
			resultSetNamespace.String() + "`. For line item `quiz-1` and student `student-0001` that is `UUIDv5(" +
			resultSetNamespace.String() + ", \"quiz-1/student-0001\")`. " + resultIDSlashRule + " The ids are used as configured: against a server that matches ids " +
			"case-insensitively (and answers `LI1` for `li1`), the rule, the paths and the state all use the configured spelling.\n\n" +
			"**Existing results are adopted.** When a student of `results` already has a result on the line item (a score a teacher entered " +
			"in the SIS, or one another tool wrote), the set updates that result in place, under its own sourcedId, instead of writing a " +
			"second one. The plan shows it: as that entry's `sourced_id` when a student joins an existing set, and in a warning when the set " +
			"is created or replaced (the apply then fills in the `sourced_id`). A new result is written only for a student who has none. " +
			"Set `existing_results = \"fail\"` to refuse instead. Removing a student from `results` deletes only the result the set wrote " +
			"or adopted; results of students outside the set are never touched. Import adopts every active result of the line item.\n\n" +
			"**On OneRoster 1.2, new results are created in bulk**: one `POST " + oneroster.ResultsPostPath + "` per " +
			fmt.Sprint(oneroster.ResultsPostBatch) + " new results (at most `max_concurrency` at once) instead of one PUT each, so that 1,000 " +
			"scores take 4 requests instead of 1,000. The server may give the results sourcedIds of its own instead of the derived ones: the " +
			"state keeps the ones it allocated, and updates and deletes use them (`PUT` and `DELETE " + oneroster.Results.Path() + "/{sourcedId}`). " +
			"A POST is never sent twice blind: when its answer is lost, the set reads the line item's results, keeps those that hold what it " +
			"sent, and sends again only for students who have none. A server that does not offer the POST (it answers 404, 405 or 501) or " +
			"credentials without the scope `gradebook.createpost` (403) get one PUT per new result, as on 1.1, with a warning.\n\n" +
			"When some writes fail, the state records exactly the writes that succeeded (a failed entry keeps its previous value, or stays absent) " +
			"and the error lists each failure by student; the next apply retries only those. " +
			"If that happens when the set is first created, Terraform marks it tainted, and the next apply replaces it.",
		Attributes: map[string]schema.Attribute{
			"line_item_sourced_id": schema.StringAttribute{
				Required: true, MarkdownDescription: "The line item whose scores these are. Changing it replaces the set.",
				Validators:    nonEmpty(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"existing_results": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(existingAdopt),
				MarkdownDescription: "What to do when a student added to `results` already has a result on the line item that the set does not track: " +
					"`adopt` (the default) updates it in place under its own sourcedId; `fail` stops the plan and names those results, " +
					"for districts that want every existing score imported on purpose.",
				Validators: []validator.String{stringvalidator.OneOf(existingAdopt, existingFail)},
			},
			"results": schema.MapNestedAttribute{
				Required:            true,
				MarkdownDescription: "The scores, by student sourcedId.",
				NestedObject:        schema.NestedAttributeObject{Attributes: entry},
				Validators:          []validator.Map{mapvalidator.KeysAre(nonEmpty()...)},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *resultSetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *resultSetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// results stays null: Read then adopts every active result of the line
	// item.
	resource.ImportStatePassthroughID(ctx, path.Root("line_item_sourced_id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("existing_results"), existingAdopt)...)
}

// ModifyPlan fills in each entry's sourcedId, so that the plan shows which
// results will be written: the state's for a student already in the set;
// for a student who joins it, the sourcedId of the result the student
// already has on the line item (adopted), or else the derived one. The
// line item's results are read (one listing) only when students join.
//
// When the set is created or replaced, an adopted sourcedId is left
// unknown (and the adoption is named in a warning): a replacement first
// destroys the old set, which may delete the very results this plan
// sees, and Terraform plans the new set again after that; a sourcedId
// promised now could not be kept then.
func (r *resultSetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		// Destroy, or nothing changed: the state's sourcedIds stand.
		return
	}
	var plan, state resultSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || plan.LineItemSourcedID.IsUnknown() || plan.Results.IsUnknown() || plan.Results.IsNull() {
		return
	}
	entries, diags := entriesOf(ctx, plan.Results)
	resp.Diagnostics.Append(diags...)
	prior, diags := entriesOf(ctx, state.Results)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil && r.data.client != nil && r.data.client.Version() == oneroster.Version1p2 {
		// Like oneroster_result's: 1.2 refuses a result without scoreDate.
		var missing []string
		for student, e := range entries {
			if e.ScoreDate.IsNull() {
				missing = append(missing, student)
			}
		}
		sort.Strings(missing)
		for _, student := range missing {
			resp.Diagnostics.AddAttributeError(path.Root("results").AtMapKey(student).AtName("score_date"), "Missing score_date",
				fmt.Sprintf("OneRoster 1.2 requires scoreDate on every result it writes, and this provider speaks OneRoster 1.2 (%s): "+
					"the server would refuse the write. Set score_date on the result of student %q: an ISO 8601 date such as \"2024-09-09\".",
					oneroster.DisplayURL(r.data.client.BaseURL()), student))
		}
		if len(missing) > 0 {
			return
		}
	}
	lineItemID := plan.LineItemSourcedID.ValueString()
	stable := !req.State.Raw.IsNull() && state.LineItemSourcedID.Equal(plan.LineItemSourcedID)
	var joining []string
	for student, e := range entries {
		if p, ok := prior[student]; ok && state.LineItemSourcedID.Equal(plan.LineItemSourcedID) && !p.SourcedID.IsNull() {
			e.SourcedID = p.SourcedID
		} else {
			e.SourcedID = types.StringValue(resultSourcedID(lineItemID, student))
			joining = append(joining, student)
		}
		entries[student] = e
	}
	if len(joining) > 0 && r.data != nil {
		client, diags := r.data.Client()
		if diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
		existing, err := existingOf(ctx, client, lineItemID)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("line_item_sourced_id"), fmt.Sprintf("Cannot read the results of line item %q", lineItemID),
				"The plan reads the line item's results, so as to adopt the scores that students joining the set already have, and that read failed: "+
					readErrorDetail(oneroster.Results.InfoOn(client), err))
			return
		}
		var refused, adopted []string
		for _, student := range joining {
			rec := existing.byStudent[strings.ToLower(student)]
			e := entries[student]
			if rec == nil && oneroster.CanPostResults(client) {
				// Created by POST: the server allocates the sourcedId.
				e.SourcedID = types.StringUnknown()
				entries[student] = e
				continue
			}
			if rec == nil || strings.EqualFold(rec.SourcedID, e.SourcedID.ValueString()) {
				continue
			}
			line := fmt.Sprintf("  - student %q: result %q (%s)", student, rec.SourcedID, describeResult(rec))
			if plan.ExistingResults.ValueString() == existingFail {
				refused = append(refused, line)
				continue
			}
			adopted = append(adopted, line)
			e.SourcedID = types.StringValue(rec.SourcedID)
			if !stable {
				e.SourcedID = types.StringUnknown()
			}
			entries[student] = e
		}
		if len(adopted) > 0 && len(refused) == 0 {
			sort.Strings(adopted)
			resp.Diagnostics.AddAttributeWarning(path.Root("results"), fmt.Sprintf("%d existing results of line item %q will be adopted", len(adopted), lineItemID),
				fmt.Sprintf("These students already have a result on the line item, entered in the SIS or by another tool. The apply updates each "+
					"in place, under its own sourcedId, with the configured score, and the set manages it from then on:\n%s\n\n"+
					"Set existing_results = \"fail\" to refuse instead.", strings.Join(adopted, "\n")))
		}
		if len(refused) > 0 {
			sort.Strings(refused)
			resp.Diagnostics.AddAttributeError(path.Root("results"), fmt.Sprintf("%d students already have a result on line item %q", len(refused), lineItemID),
				fmt.Sprintf("existing_results = \"fail\", and these students already have a result that the set does not track:\n%s\n\n"+
					"To manage them, import the whole set (terraform import oneroster_result_set.<name> %s, or an import block with id = %q), "+
					"which adopts every active result of the line item; or set existing_results = \"adopt\" to update them in place; "+
					"or leave these students out of results.", strings.Join(refused, "\n"), shellQuote(lineItemID), lineItemID))
			return
		}
	}
	plan.Results, diags = entriesValue(entries)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// existingOf reads the active results of a line item; a line item the
// server does not have (yet) has none.
func existingOf(ctx context.Context, client *oneroster.Client, lineItemID string) (*resultIndex, error) {
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	switch {
	case oneroster.IsNotFound(err) || (err == nil && lineItem.IsDeleted()):
		return newResultIndex(), nil
	case err != nil:
		return nil, err
	}
	return lineItemResults(ctx, client, lineItemID, lineItem, "")
}

func entriesOf(ctx context.Context, m types.Map) (map[string]resultSetEntry, diag.Diagnostics) {
	entries := map[string]resultSetEntry{}
	if m.IsNull() || m.IsUnknown() {
		return entries, nil
	}
	diags := m.ElementsAs(ctx, &entries, false)
	return entries, diags
}

func entriesValue(entries map[string]resultSetEntry) (types.Map, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make(map[string]attr.Value, len(entries))
	for student, e := range entries {
		obj, d := types.ObjectValue(resultSetEntryType().AttrTypes, map[string]attr.Value{
			"score_status": e.ScoreStatus, "score": e.Score, "score_date": e.ScoreDate, "comment": e.Comment, "sourced_id": e.SourcedID,
		})
		diags.Append(d...)
		elems[student] = obj
	}
	m, d := types.MapValue(resultSetEntryType(), elems)
	diags.Append(d...)
	return m, diags
}

// sameScore reports whether two entries say the same about the score.
func sameScore(a, b resultSetEntry) bool {
	return a.ScoreStatus.Equal(b.ScoreStatus) && a.Score.Equal(b.Score) && a.ScoreDate.Equal(b.ScoreDate) && a.Comment.Equal(b.Comment)
}

func (r *resultSetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resultSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultResultSetTimeout)
	resp.Diagnostics.Append(diags...)
	planned, diags := entriesOf(ctx, plan.Results)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, "create", timeout, &plan, map[string]resultSetEntry{}, planned, &resp.State, &resp.Diagnostics)
}

func (r *resultSetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resultSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultResultSetTimeout)
	resp.Diagnostics.Append(diags...)
	planned, diags := entriesOf(ctx, plan.Results)
	resp.Diagnostics.Append(diags...)
	prior, diags := entriesOf(ctx, state.Results)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, "update", timeout, &plan, prior, planned, &resp.State, &resp.Diagnostics)
}

// stateSetter is what Create and Update write their new state to.
type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// apply writes the entries of planned that differ from prior and deletes
// those that prior has and planned does not, then records in state exactly
// what succeeded: prior entries, overwritten by each successful write and
// dropped by each successful delete. Each entry is written under its
// planned sourcedId (an adopted result's, or the derived one) and each
// delete goes to the sourcedId in state, so the set never touches a
// result it did not write or adopt.
func (r *resultSetResource) apply(ctx context.Context, op string, timeout time.Duration, plan *resultSetModel,
	prior, planned map[string]resultSetEntry, state stateSetter, diags *diag.Diagnostics) {
	client, d := r.data.Client()
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The configured spelling of the line item's id is the one used
	// throughout (paths, derived ids, state), even when the server answers
	// it in another case.
	lineItemID := plan.LineItemSourcedID.ValueString()
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	if err != nil || lineItem.IsDeleted() {
		detail := ""
		switch {
		case err == nil:
			detail = fmt.Sprintf("The server marks the line item %q as %s. Write the line item first (e.g. with oneroster_line_item).", lineItemID, lineItem.Status)
		case oneroster.IsNotFound(err):
			detail = fmt.Sprintf("The server has no line item %q. Write the line item first (e.g. with oneroster_line_item).", lineItemID)
		default:
			detail = readErrorDetail(oneroster.Results.InfoOn(client), err)
		}
		diags.AddAttributeError(path.Root("line_item_sourced_id"), fmt.Sprintf("Cannot %s the results of line item %q", op, lineItemID), detail)
		return
	}

	var jobs []resultJob
	joining := false
	for student, e := range planned {
		p, ok := prior[student]
		if !ok || !sameScore(p, e) || !p.SourcedID.Equal(e.SourcedID) {
			id := e.SourcedID.ValueString()
			adoptable := e.SourcedID.IsNull() || e.SourcedID.IsUnknown()
			if adoptable {
				id = resultSourcedID(lineItemID, student)
			}
			joining = joining || !ok
			jobs = append(jobs, resultJob{student: student, id: id, entry: &e, adoptable: adoptable})
		}
	}
	for student, p := range prior {
		if _, ok := planned[student]; !ok {
			jobs = append(jobs, resultJob{student: student, id: trackedID(p, lineItemID, student)})
		}
	}
	if joining {
		// A student may have been given a result since the plan read the
		// line item's: writing beside it would give the student two.
		existing, err := lineItemResults(ctx, client, lineItemID, lineItem, "")
		if err != nil {
			diags.AddAttributeError(path.Root("line_item_sourced_id"), fmt.Sprintf("Cannot read the results of line item %q", lineItemID),
				"Before writing, the set reads the line item's results, so as never to write a second result for a student, and that read failed: "+readErrorDetail(oneroster.Results.InfoOn(client), err))
			return
		}
		for i := range jobs {
			j := &jobs[i]
			if _, inPrior := prior[j.student]; inPrior || j.entry == nil {
				continue
			}
			rec := existing.byStudent[strings.ToLower(j.student)]
			switch {
			case rec == nil:
				// A new result. Created by POST where the version has it,
				// unless the plan promised the derived sourcedId.
				j.create = j.adoptable && oneroster.CanPostResults(client)
			case strings.EqualFold(rec.SourcedID, j.id):
			case j.adoptable && plan.ExistingResults.ValueString() != existingFail:
				j.id = rec.SourcedID // the plan left it to the apply to adopt
			default:
				j.err = fmt.Errorf("the student was given a result since the plan (%q, %s); nothing was written. Plan again to adopt it", rec.SourcedID, describeResult(rec))
			}
		}
	}
	var creates []*resultJob
	for i := range jobs {
		if jobs[i].create && jobs[i].err == nil {
			creates = append(creates, &jobs[i])
		}
	}
	r.postNew(ctx, client, lineItemID, lineItem, creates, diags)
	r.run(ctx, client, lineItemID, jobs)

	// Writes answered without a body (204) are read back in one listing.
	var unread []*resultJob
	for i := range jobs {
		if j := &jobs[i]; j.entry != nil && j.err == nil && j.stored == nil {
			unread = append(unread, j)
		}
	}
	if len(unread) > 0 {
		stored, err := lineItemResults(ctx, client, lineItemID, lineItem, "")
		where, _ := lineItemResultsAt(ctx, client, model.RefID(lineItem.Class), lineItemID)
		for _, j := range unread {
			switch rec := stored.byID[strings.ToLower(j.id)]; {
			case err != nil:
				j.err = fmt.Errorf("written, but reading it back failed: %w", err)
			case rec == nil:
				j.err = fmt.Errorf("the server accepted the result %q but does not list it under %s", j.id, where)
			default:
				j.stored = rec
			}
		}
	}

	next := make(map[string]resultSetEntry, len(planned))
	for student, e := range prior {
		next[student] = e
	}
	var failures []resultJob
	for _, j := range jobs {
		switch {
		case j.entry == nil && j.err == nil:
			delete(next, j.student)
		case j.entry != nil && j.stored != nil:
			// Written: record what the server stored, even when it is not
			// what was sent (the failure then says so), so that the state
			// tracks every result the set wrote.
			e := *j.entry
			e.scoreFields.fill(j.stored)
			e.SourcedID = types.StringValue(j.id)
			if answered := j.stored.SourcedID; answered != "" && !strings.EqualFold(answered, j.id) {
				e.SourcedID = types.StringValue(answered)
				j.err = fmt.Errorf("%s %s answered with the result %q, not %q: the server chose its own sourcedId. "+
					"The state tracks %q, so that no copy is left behind; ask the SIS vendor whether it can keep client-chosen sourcedIds",
					oneroster.OpPut.Method(), oneroster.Results.Record(j.id), answered, j.id, answered)
			} else if diffs := configuredDifferences(&j.entry.scoreFields, &e.scoreFields); len(diffs) > 0 {
				j.err = fmt.Errorf("the server stored a different result than was sent (the state records what it stored):\n%s",
					strings.TrimRight(describeDifferences(diffs), "\n"))
			}
			next[j.student] = e
		}
		if j.err != nil {
			failures = append(failures, j)
		}
	}
	if len(failures) > 0 {
		diags.AddError(fmt.Sprintf("%d of %d result changes failed", len(failures), len(jobs)), describeFailures(ctx, op, timeout, oneroster.Results.InfoOn(client), failures))
		if len(next) == 0 && op == "create" {
			// Nothing was written: there is no set to track.
			return
		}
	}
	results, d := entriesValue(next)
	diags.Append(d...)
	plan.Results = results
	diags.Append(state.Set(ctx, plan)...)
}

// trackedID is the sourcedId of the result a state entry tracks; an entry
// without one (never written by this version) has the derived id.
func trackedID(e resultSetEntry, lineItemID, student string) string {
	if id := e.SourcedID.ValueString(); id != "" {
		return id
	}
	return legacyResultSourcedID(lineItemID, student)
}

// resultJob is one write (entry set) or delete (entry nil) of a student's
// result under sourcedId id, and its outcome.
type resultJob struct {
	student string
	id      string
	// adoptable: the plan left the sourcedId to the apply, which adopts
	// the student's existing result if there is one.
	adoptable bool
	// create: a new result, to be created by POST (postNew); posted once
	// the server created it, under the sourcedId id it allocated.
	create, posted bool
	entry          *resultSetEntry
	stored         *model.Result // what a PUT answered with, if anything
	err            error
}

// run performs the jobs not already failed, at most max_concurrency at
// once.
func (r *resultSetResource) run(ctx context.Context, client *oneroster.Client, lineItemID string, jobs []resultJob) {
	client.ForEach(ctx, len(jobs), func(ctx context.Context, i int) {
		if jobs[i].err == nil && !jobs[i].posted {
			r.do(ctx, client, lineItemID, &jobs[i])
		}
	})
}

// do performs one job; a DELETE of a result that is already gone succeeds.
func (r *resultSetResource) do(ctx context.Context, client *oneroster.Client, lineItemID string, j *resultJob) {
	if j.entry == nil {
		if err := oneroster.Results.Delete(ctx, client, j.id); err != nil && !oneroster.IsNotFound(err) {
			j.err = err
		}
		return
	}
	rec := j.entry.record(types.StringValue(lineItemID), types.StringValue(j.student))
	rec.SourcedID, rec.Status = j.id, model.StatusActive
	j.stored, j.err = oneroster.Results.Put(ctx, client, j.id, rec)
}

// describeFailures lists each failed write or delete by student, with a
// hint per kind of failure; info is the results collection of the
// client's version, whose scopes the hints name.
func describeFailures(ctx context.Context, op string, timeout time.Duration, info *oneroster.Info, failures []resultJob) string {
	sort.Slice(failures, func(a, b int) bool { return failures[a].student < failures[b].student })
	var b strings.Builder
	b.WriteString("The state records the writes that succeeded; the next apply retries these:\n")
	var hints []string
	seen := map[string]bool{}
	for _, f := range failures {
		write, action := oneroster.OpPut, "write"
		switch {
		case f.entry == nil:
			write, action = oneroster.OpDelete, "delete"
		case f.create:
			write, action = oneroster.OpPost, "create"
		}
		summary, detail := describeWriteError(ctx, op, timeout, "result", info, write, f.err)
		fmt.Fprintf(&b, "  - student %q (%s): %s\n", f.student, action, f.err)
		if parts := strings.SplitN(detail, "\n\n", 2); len(parts) == 2 && !seen[summary] {
			seen[summary] = true
			hints = append(hints, parts[1])
		}
	}
	for _, h := range hints {
		fmt.Fprintf(&b, "\n%s\n", h)
	}
	return strings.TrimRight(b.String(), "\n")
}

func (r *resultSetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resultSetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lineItemID := state.LineItemSourcedID.ValueString()
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	switch {
	case oneroster.IsNotFound(err) || (err == nil && lineItem.IsDeleted()):
		resp.Diagnostics.AddWarning(fmt.Sprintf("The line item %q is gone", lineItemID),
			fmt.Sprintf("The server has no active line item %q any more, so its result set is removed from the state; the next apply writes it again.", lineItemID))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read the line item %q", lineItemID), readErrorDetail(oneroster.Results.InfoOn(client), err))
		return
	}
	stored, err := lineItemResults(ctx, client, lineItemID, lineItem, "")
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read the results of line item %q", lineItemID), readErrorDetail(oneroster.Results.InfoOn(client), err))
		return
	}

	entries := map[string]resultSetEntry{}
	if state.Results.IsNull() {
		// Import: adopt every active result of the line item, one per
		// student, whatever its sourcedId.
		for _, rec := range stored.byStudent {
			e := resultSetEntry{SourcedID: types.StringValue(rec.SourcedID)}
			e.scoreFields.fill(rec)
			entries[model.RefID(rec.Student)] = e
		}
	} else {
		prior, diags := entriesOf(ctx, state.Results)
		resp.Diagnostics.Append(diags...)
		var gone []string
		for student, e := range prior {
			id := trackedID(e, lineItemID, student)
			rec := stored.byID[strings.ToLower(id)]
			if rec == nil {
				gone = append(gone, student)
				continue
			}
			e.scoreFields.fill(rec)
			e.SourcedID = types.StringValue(id)
			entries[student] = e
		}
		if len(gone) > 0 {
			sort.Strings(gone)
			resp.Diagnostics.AddWarning(fmt.Sprintf("%d results of line item %q are gone", len(gone), lineItemID),
				fmt.Sprintf("The server no longer has the results of these students (deleted outside Terraform): %s. The next apply writes them again.",
					strings.Join(gone, ", ")))
		}
	}
	state.Results, diags = entriesValue(entries)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *resultSetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resultSetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	timeout, diags := state.Timeouts.Delete(ctx, defaultResultSetTimeout)
	resp.Diagnostics.Append(diags...)
	prior, diags := entriesOf(ctx, state.Results)
	resp.Diagnostics.Append(diags...)
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	jobs := make([]resultJob, 0, len(prior))
	for student, e := range prior {
		jobs = append(jobs, resultJob{student: student, id: trackedID(e, state.LineItemSourcedID.ValueString(), student)})
	}
	r.run(ctx, client, state.LineItemSourcedID.ValueString(), jobs)
	var failures []resultJob
	for _, j := range jobs {
		if j.err != nil {
			failures = append(failures, j)
		} else {
			delete(prior, j.student)
		}
	}
	if len(failures) == 0 {
		return
	}
	resp.Diagnostics.AddError(fmt.Sprintf("%d of %d result deletes failed", len(failures), len(jobs)), describeFailures(ctx, "delete", timeout, oneroster.Results.InfoOn(client), failures))
	// Keep tracking exactly the results that are still there.
	state.Results, diags = entriesValue(prior)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
