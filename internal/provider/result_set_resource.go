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
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
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
// separator inside an id, and every language's UUID library reproduces it.
func resultSourcedID(lineItem, student string) string {
	return uuid.NewSHA1(resultSetNamespace, []byte(lineItem+"/"+student)).String()
}

const defaultResultSetTimeout = 30 * time.Minute

type resultSetModel struct {
	LineItemSourcedID types.String   `tfsdk:"line_item_sourced_id"`
	Results           types.Map      `tfsdk:"results"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

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
		MarkdownDescription: "The sourcedId of this student's result: `UUIDv5(" + resultSetNamespace.String() +
			", \"<line_item_sourced_id>/<student_sourced_id>\")`.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The scores of one line item for many students, as one resource: each entry of `results` is one OneRoster result, " +
			"written with `PUT /results/{sourcedId}`. Only the entries that changed are written or deleted, in parallel " +
			"(at most the provider's `max_concurrency` at once), and the set is read back through " +
			"`/classes/{class}/lineItems/{lineItem}/results`.\n\n" +
			"Each result's sourcedId is derived from the line item and the student, so that other systems can find it: " +
			"it is the name-based (version 5, SHA-1) UUID of the text `<line_item_sourced_id>/<student_sourced_id>` in the namespace `" +
			resultSetNamespace.String() + "`. For line item `quiz-1` and student `student-0001` that is `UUIDv5(" +
			resultSetNamespace.String() + ", \"quiz-1/student-0001\")`. Results of the line item with other sourcedIds are left alone.\n\n" +
			"When some writes fail, the state records exactly the writes that succeeded (a failed entry keeps its previous value, or stays absent) " +
			"and the error lists each failure by student; the next apply retries only those. " +
			"If that happens when the set is first created, Terraform marks it tainted, and the next apply replaces it.",
		Attributes: map[string]schema.Attribute{
			"line_item_sourced_id": schema.StringAttribute{
				Required: true, MarkdownDescription: "The line item whose scores these are. Changing it replaces the set.",
				Validators:    nonEmpty(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
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
	// results stays null: Read then adopts every result of the line item
	// whose sourcedId follows the rule.
	resource.ImportStatePassthroughID(ctx, path.Root("line_item_sourced_id"), req, resp)
}

// ModifyPlan fills in each entry's derived sourcedId, so that it is known
// at plan time.
func (r *resultSetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		// Destroy, or nothing changed: the state's sourcedIds stand.
		return
	}
	var plan resultSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.LineItemSourcedID.IsUnknown() || plan.Results.IsUnknown() || plan.Results.IsNull() {
		return
	}
	entries, diags := entriesOf(ctx, plan.Results)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	for student, e := range entries {
		e.SourcedID = types.StringValue(resultSourcedID(plan.LineItemSourcedID.ValueString(), student))
		entries[student] = e
	}
	plan.Results, diags = entriesValue(entries)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
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
// dropped by each successful delete.
func (r *resultSetResource) apply(ctx context.Context, op string, timeout time.Duration, plan *resultSetModel,
	prior, planned map[string]resultSetEntry, state stateSetter, diags *diag.Diagnostics) {
	client, d := r.data.Client()
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
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
			detail = readErrorDetail(err)
		}
		diags.AddAttributeError(path.Root("line_item_sourced_id"), fmt.Sprintf("Cannot %s the results of line item %q", op, lineItemID), detail)
		return
	}

	var jobs []resultJob
	for student, e := range planned {
		if p, ok := prior[student]; !ok || !sameScore(p, e) {
			jobs = append(jobs, resultJob{student: student, entry: &e})
		}
	}
	for student := range prior {
		if _, ok := planned[student]; !ok {
			jobs = append(jobs, resultJob{student: student})
		}
	}
	r.run(ctx, client, lineItem, jobs)

	// Writes answered without a body (204) are read back in one listing.
	var unread []*resultJob
	for i := range jobs {
		if j := &jobs[i]; j.entry != nil && j.err == nil && j.stored == nil {
			unread = append(unread, j)
		}
	}
	if len(unread) > 0 {
		stored, err := r.listResults(ctx, client, lineItem)
		where, _ := resultsOf(ctx, client, lineItem)
		for _, j := range unread {
			switch rec := stored[resultSourcedID(lineItemID, j.student)]; {
			case err != nil:
				j.err = fmt.Errorf("written, but reading it back failed: %w", err)
			case rec == nil:
				j.err = fmt.Errorf("the server accepted the result but does not list it under %s", where)
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
		case j.err != nil:
			failures = append(failures, j)
		case j.entry == nil:
			delete(next, j.student)
		default:
			e := *j.entry
			e.scoreFields.fill(j.stored)
			e.SourcedID = types.StringValue(resultSourcedID(lineItemID, j.student))
			next[j.student] = e
		}
	}
	if len(failures) > 0 {
		diags.AddError(fmt.Sprintf("%d of %d result changes failed", len(failures), len(jobs)), describeFailures(ctx, op, timeout, failures))
		if len(failures) == len(jobs) && op == "create" {
			// Nothing was written: there is no set to track.
			return
		}
	}
	results, d := entriesValue(next)
	diags.Append(d...)
	plan.Results = results
	diags.Append(state.Set(ctx, plan)...)
}

// resultJob is one write (entry set) or delete (entry nil) of a student's
// result, and its outcome.
type resultJob struct {
	student string
	entry   *resultSetEntry
	stored  *model.Result // what a PUT answered with, if anything
	err     error
}

// run performs the jobs, at most max_concurrency at once.
func (r *resultSetResource) run(ctx context.Context, client *oneroster.Client, lineItem *model.LineItem, jobs []resultJob) {
	client.ForEach(ctx, len(jobs), func(ctx context.Context, i int) {
		r.do(ctx, client, lineItem, &jobs[i])
	})
}

// do performs one job; a DELETE of a result that is already gone succeeds.
func (r *resultSetResource) do(ctx context.Context, client *oneroster.Client, lineItem *model.LineItem, j *resultJob) {
	id := resultSourcedID(lineItem.SourcedID, j.student)
	if j.entry == nil {
		if err := oneroster.Results.Delete(ctx, client, id); err != nil && !oneroster.IsNotFound(err) {
			j.err = err
		}
		return
	}
	rec := j.entry.record(types.StringValue(lineItem.SourcedID), types.StringValue(j.student))
	rec.SourcedID, rec.Status = id, model.StatusActive
	j.stored, j.err = oneroster.Results.Put(ctx, client, id, rec)
}

// resultsOf is where a line item's results are listed: under its class,
// the only scope the binding offers for them.
func resultsOf(ctx context.Context, client *oneroster.Client, lineItem *model.LineItem) (oneroster.Location, error) {
	route := oneroster.Results.RouteFor([]string{"class", "lineItem"})
	return oneroster.Results.Locate(ctx, client, route, map[string]string{"class": model.RefID(lineItem.Class), "lineItem": lineItem.SourcedID})
}

// listResults reads the active results of a line item by sourcedId.
func (r *resultSetResource) listResults(ctx context.Context, client *oneroster.Client, lineItem *model.LineItem) (map[string]*model.Result, error) {
	if model.RefID(lineItem.Class) == "" {
		return nil, fmt.Errorf("the line item %q names no class, and its results can only be listed through its class", lineItem.SourcedID)
	}
	loc, err := resultsOf(ctx, client, lineItem)
	if err != nil {
		return nil, err
	}
	out := map[string]*model.Result{}
	for rec, err := range oneroster.Results.List(ctx, client, loc, oneroster.ListOptions{}) {
		if err != nil {
			return nil, err
		}
		if rec.IsDeleted() || model.RefID(rec.LineItem) != lineItem.SourcedID {
			continue
		}
		out[rec.SourcedID] = &rec
	}
	return out, nil
}

// describeFailures lists each failed write or delete by student, with a
// hint per kind of failure.
func describeFailures(ctx context.Context, op string, timeout time.Duration, failures []resultJob) string {
	sort.Slice(failures, func(a, b int) bool { return failures[a].student < failures[b].student })
	var b strings.Builder
	b.WriteString("The state records the writes that succeeded; the next apply retries these:\n")
	var hints []string
	seen := map[string]bool{}
	for _, f := range failures {
		method, action := methodPut, "write"
		if f.entry == nil {
			method, action = methodDelete, "delete"
		}
		summary, detail := describeWriteError(ctx, op, timeout, "result", method, f.err)
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
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read the line item %q", lineItemID), readErrorDetail(err))
		return
	}
	stored, err := r.listResults(ctx, client, lineItem)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read the results of line item %q", lineItemID), readErrorDetail(err))
		return
	}

	entries := map[string]resultSetEntry{}
	if state.Results.IsNull() {
		// Import: adopt the results whose sourcedId follows the rule.
		for id, rec := range stored {
			student := model.RefID(rec.Student)
			if student != "" && id == resultSourcedID(lineItemID, student) {
				e := resultSetEntry{SourcedID: types.StringValue(id)}
				e.scoreFields.fill(rec)
				entries[student] = e
			}
		}
	} else {
		prior, diags := entriesOf(ctx, state.Results)
		resp.Diagnostics.Append(diags...)
		var gone []string
		for student, e := range prior {
			id := resultSourcedID(lineItemID, student)
			rec := stored[id]
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
	lineItem := &model.LineItem{Base: model.Base{SourcedID: state.LineItemSourcedID.ValueString()}}
	jobs := make([]resultJob, 0, len(prior))
	for student := range prior {
		jobs = append(jobs, resultJob{student: student})
	}
	r.run(ctx, client, lineItem, jobs)
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
	resp.Diagnostics.AddError(fmt.Sprintf("%d of %d result deletes failed", len(failures), len(jobs)), describeFailures(ctx, "delete", timeout, failures))
	// Keep tracking exactly the results that are still there.
	state.Results, diags = entriesValue(prior)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
