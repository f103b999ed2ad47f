package provider

import (
	"context"
	"fmt"
	"maps"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_result_set: the scores of one line item for many students, one
// OneRoster result per entry, written and deleted in parallel.
//
// Its model, constructor and interface checks are below; each entry's
// score fields are oneroster_result's (scoreFields, gradebook_result.go).
// The framework calls its methods in this order:
//   - ValidateConfig: no student both in results and released_students.
//   - ModifyPlan (planEntries decides): the 1.2 rules on each entry
//     (score_date required, the 1.2 attributes refused against 1.1) →
//     warnings about released
//     students and teachers' later edits (result_set_dates.go) → each
//     entry's sourcedId: the state's, else the result the student already
//     has on the line item (adopted, one listing), else the derived one,
//     or unknown when 1.2's POST will allocate it → the scores written
//     checked against the line item's range and its class's students
//     (result_set_range.go, result_set_enrolled.go).
//   - Create, Update: blank cells unset (result_set_blank.go) → apply: GET
//     the line item → the writes of changed entries and the deletes of
//     removed ones → the line item's results read again when students join
//     → 1.2's bulk POST of new results (result_set_post.go) → PUTs and
//     DELETEs in parallel → a read-back of what the answers did not show →
//     the state records exactly what settled.
//   - Read (refresh, and the read after an import; result_set_read.go):
//     GET the line item → its results in one listing → each tracked entry
//     filled from its result (after an import, every active result
//     adopted). The provider's server calls the same steps without the
//     framework (server_read.go), as it validates configurations
//     (server_validate.go) and plans sets (server_plan.go, through
//     result_set_plan.go's modifyPlanValue, ModifyPlan's twin).
//   - Delete: a DELETE of each tracked result, in parallel; lost answers
//     settled by a read-back.
//   - ImportState: by line_item_sourced_id (or identity), results left
//     null for Read to adopt.

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
	ReleasedStudents  types.Set      `tfsdk:"released_students"`
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

type resultSetResource struct {
	data *providerData
}

var (
	_ resource.ResourceWithConfigure      = (*resultSetResource)(nil)
	_ resource.ResourceWithImportState    = (*resultSetResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*resultSetResource)(nil)
	_ resource.ResourceWithValidateConfig = (*resultSetResource)(nil)
	_ resource.ResourceWithIdentity       = (*resultSetResource)(nil)
)

func newResultSetResource() resource.Resource { return &resultSetResource{} }

func (r *resultSetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_result_set"
}

func (r *resultSetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: strings.Join([]string{resultSetIDsDoc(), resultSetScoresDoc(), resultSetWritesDoc()}, "\n\n"),
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
				NestedObject:        schema.NestedAttributeObject{Attributes: resultSetEntryAttributes()},
				Validators:          []validator.Map{mapKeysAre(nonEmpty()...)},
			},
			"released_students": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Students whose results the set stops managing without deleting them. A student removed from `results` " +
					"is deleted from the server unless it is listed here; listed, the set only forgets its result, which stays in the SIS " +
					"as it is. A student cannot be in both. Listing a student the set does not track does nothing, so the list may stay " +
					"after the release. Replacing the set (a new `line_item_sourced_id`) destroys the old one, which deletes every result " +
					"it still tracks, released or not.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(nonEmpty()...)},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// resultSetEntryAttributes are the attributes of one entry of results:
// a result's score attributes, where a blank is unset, and the
// sourcedId the set tracks for the student.
func resultSetEntryAttributes() map[string]schema.Attribute {
	entry := scoreAttributes()
	blankAsUnset(entry)
	entry["sourced_id"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The sourcedId of this student's result: the student's existing result on the line item when there " +
			"is one (adopted), else `UUIDv5(" + resultSetNamespace.String() + ", \"<line_item_sourced_id>/<student_sourced_id>\")`, " +
			"or on OneRoster 1.2 the sourcedId the server allocated when it created the result. " +
			"Known at plan time, but for an adopted result in a set that is being created or replaced, for a new result on OneRoster 1.2, " +
			"and for a student joining the set while the provider's connection is not known until apply.",
	}
	return entry
}

// resultSetIDsDoc opens the resource's documentation: what it writes and
// reads, and how each result's sourcedId is derived and compared.
func resultSetIDsDoc() string {
	return "The scores of one line item for many students, as one resource: each entry of `results` is one OneRoster result, " +
		"written with " + writeRequest(oneroster.Results.Info) + ". Only the entries that changed are written or deleted, in parallel " +
		"(at most the provider's `max_concurrency` at once), and the set is read back through " +
		"`" + oneroster.Results.RouteFor(lineItemResultsParams).Path + "` (on a server without that route, through `/results` " +
		"filtered by `lineItem.sourcedId`, with a warning on refresh).\n\n" +
		"Each result's sourcedId is derived from the line item and the student, so that other systems can find it: " +
		"it is the name-based (version 5, SHA-1) UUID of the text `<line_item_sourced_id>/<student_sourced_id>` in the namespace `" +
		resultSetNamespace.String() + "`. For line item `quiz-1` and student `student-0001` that is `UUIDv5(" +
		resultSetNamespace.String() + ", \"quiz-1/student-0001\")`. " + resultIDSlashRule + " The ids are used as configured: against a server that matches ids " +
		"case-insensitively (and answers `LI1` for `li1`), the rule, the paths and the state all use the configured spelling. Student and " +
		"result ids are compared exactly, so that a set for `stu-x` never takes `STU-X`'s result, unless the server has shown it " +
		"matches ids case-insensitively by answering the line item's id in another spelling."
}

// resultSetScoresDoc says whose scores the set manages: existing results
// adopted, the 1.2 attributes, and how to release a student.
func resultSetScoresDoc() string {
	return "**Existing results are adopted.** When a student of `results` already has a result on the line item (a score a teacher entered " +
		"in the SIS, or one another tool wrote), the set updates that result in place, under its own sourcedId, instead of writing a " +
		"second one. The plan shows it: as that entry's `sourced_id` when a student joins an existing set, and in a warning when the set " +
		"is created or replaced (the apply then fills in the `sourced_id`). A new result is written only for a student who has none. " +
		"Set `existing_results = \"fail\"` to refuse instead. Removing a student from `results` deletes only the result the set wrote " +
		"or adopted; results of students outside the set are never touched. Import adopts every active result of the line item. " +
		"A score the server changed after the set's last apply (its `dateLastModified` is newer than the one that apply left, as when a " +
		"teacher edits it in the SIS) and that the plan writes back is named in a warning, with the SIS's value and the configured one. " +
		"So are the students the plan writes whom the server does not list among the students of the line item's class (one listing " +
		"of `/classes/{class}/students` per plan; nothing is said when that read is refused or the line item does not exist yet).\n\n" +
		"**On OneRoster 1.2, entries carry the 1.2 result attributes** (`text_score`, `score_scale_sourced_id`, `in_progress`, " +
		"`incomplete`, `late`, `missing`, and the list `learning_objective_scores`), with `oneroster_result`'s rules: set against a " +
		"1.1 server, each is a plan-time error naming the entry. The bulk POST and the PUTs send them, and refresh and import read " +
		"them back, so that a teacher's change in the SIS shows in the plan. Unlike `oneroster_result`'s, an entry's flags are never " +
		"the server's: one left unset stays null, also when the server fills in `false`. " +
		"A score outside the line item's `result_value_min` and `result_value_max` is named in a plan-time warning with the range " +
		"(from the read of the line item that the plan makes anyway when it writes scores): a server that enforces the range clamps " +
		"such a score or refuses it, and the apply then fails for that student, naming the value the server stored.\n\n" +
		"**To stop managing a student's result without deleting it**, remove the student from `results` and add it to " +
		"`released_students` in the same apply: the set forgets the result and sends no request for it, so a teacher's score stays in " +
		"the SIS (and may be imported into an `oneroster_result` of its own in that same apply)."
}

// resultSetWritesDoc says how the set writes: 1.2's bulk POST, and what
// the state records when writes fail or their answers are lost.
func resultSetWritesDoc() string {
	return "**On OneRoster 1.2, new results are created in bulk**: one `POST " + oneroster.ResultsPostPath + "` per " +
		fmt.Sprint(oneroster.ResultsPostBatch) + " new results (at most `max_concurrency` at once) instead of one PUT each, so that 1,000 " +
		"scores take 4 requests instead of 1,000. The server may give the results sourcedIds of its own instead of the derived ones: the " +
		"state keeps the ones it allocated, and updates and deletes use them (`PUT` and `DELETE " + oneroster.Results.Path() + "/{sourcedId}`). " +
		"It keeps one only once the line item's results list it for that student: an answer that pairs a student with a result the server " +
		"lists for another student, or for no one, or two students with one result, is an error naming them, and the set then tracks the " +
		"result the server lists for the student with what was sent, or none; refresh applies the same check to every tracked sourcedId. " +
		"A POST is never sent twice blind: when its answer is lost, the set reads the line item's results, keeps those that hold what it " +
		"sent, and sends again only for students who have none. A server that does not offer the POST (it answers 404, 405 or 501) or " +
		"credentials without the scope `gradebook.createpost` (403) get one PUT per new result, as on 1.1, with a warning.\n\n" +
		"When some writes fail, the state records exactly the writes that succeeded (a failed entry keeps its previous value, or stays absent) " +
		"and the error lists each failure by student; the next apply retries only those. A write or delete whose answer was lost (a cut " +
		"connection, a 5xx, or the set's own `timeouts` falling while it was in flight) is settled first from the line item's results, " +
		"read on a deadline of its own, so that a result the server stored is tracked and the destroy removes it. " +
		"If that happens when the set is first created, Terraform marks it tainted, and the next apply replaces it."
}

// ValidateConfig refuses a student both in results and released_students:
// the set cannot both write the result and let go of it. The check reads
// the configuration's value (validateValue), which the server's own
// validation (server_validate.go) calls too.
func (r *resultSetResource) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	r.validateValue(req.Config.Raw, &resp.Diagnostics)
}

// validateValue is ValidateConfig on the configuration's value: the
// students of a known results map whom released_students also lists
// (its unknown elements name no one). Nothing else of the configuration
// is read, so that an entry's values are converted only by the
// attributes' own validation.
func (r *resultSetResource) validateValue(config tftypes.Value, diags *diag.Diagnostics) {
	var attrs, entries map[string]tftypes.Value
	if !config.IsKnown() || config.As(&attrs) != nil {
		return
	}
	results, hasResults := attrs["results"]
	releasedStudents, hasReleased := attrs["released_students"]
	if !hasResults || !hasReleased || !results.IsKnown() || results.IsNull() || results.As(&entries) != nil {
		return
	}
	released, ok := releasedFromTerraform(releasedStudents)
	if !ok {
		return
	}
	var both []string
	for student := range entries {
		if released[student] {
			both = append(both, student)
		}
	}
	if len(both) == 0 {
		return
	}
	sort.Strings(both)
	diags.AddAttributeError(path.Root("released_students"), "Students both in results and released_students",
		fmt.Sprintf("results writes the results of these students, and released_students lets go of them: %s. "+
			"To keep a student's result in the SIS without managing it, remove the student from results; to keep managing it, "+
			"remove the student from released_students.", quotedList(both)))
}

// releasedOf is the set of students of released_students; unknown
// elements are left out (none releases a student it cannot name).
func releasedOf(ctx context.Context, s types.Set) (map[string]bool, diag.Diagnostics) {
	out := map[string]bool{}
	if s.IsNull() || s.IsUnknown() {
		return out, nil
	}
	var students []types.String
	diags := s.ElementsAs(ctx, &students, true)
	for _, st := range students {
		if !st.IsUnknown() && !st.IsNull() {
			out[st.ValueString()] = true
		}
	}
	return out, diags
}

// release drops from prior the students that planned no longer has and
// released lists, and returns them: the set forgets their results without
// a request, so the apply neither deletes them nor tracks them.
func release(prior, planned map[string]resultSetEntry, released map[string]bool) []string {
	var gone []string
	for student := range prior {
		if _, kept := planned[student]; !kept && released[student] {
			gone = append(gone, student)
			delete(prior, student)
		}
	}
	sort.Strings(gone)
	return gone
}

func (r *resultSetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *resultSetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// results stays null: Read then adopts every active result of the line
	// item.
	importByIDOrIdentity(ctx, "line_item_sourced_id", req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("existing_results"), existingAdopt)...)
}

// IdentitySchema names a result set by its line item: there is one set per
// line item, and import adopts all of its results. The results' own ids
// are not part of it; they are derived (resultSourcedID) or adopted, and
// Read finds them from the line item.
func (r *resultSetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityAttribute("line_item_sourced_id", "The sourcedId of the line item whose results the set holds, as in `line_item_sourced_id`.")
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
	defer recoverSet(ctx, "plan", &resp.Diagnostics, nil)
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
		// Nothing to fill in before the line item and the results are known.
		return
	}
	p := setPlan{lineItem: plan.LineItemSourcedID, priorLineItem: state.LineItemSourcedID, existingResults: plan.ExistingResults,
		isNew: req.State.Raw.IsNull()}
	known, unknownStudents := withoutUnknownEntries(plan.Results)
	var diags diag.Diagnostics
	p.entries, diags = entriesOf(ctx, known)
	resp.Diagnostics.Append(diags...)
	p.prior, diags = entriesOf(ctx, state.Results)
	resp.Diagnostics.Append(diags...)
	for _, student := range unknownStudents {
		// Neither added nor removed: decided by the apply's own plan.
		delete(p.prior, student)
	}
	p.released, diags = releasedOf(ctx, plan.ReleasedStudents)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.planEntries(ctx, &p, req.Private, &resp.Diagnostics) {
		return
	}
	plan.Results, diags = entriesValue(p.entries, unknownStudents...)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// setPlan is what a set's plan decides on, as plain values: the planned
// line item and entries, and the prior state's (none when the set is
// new). ModifyPlan reads it from the framework's plan, modifyPlanValue
// (result_set_plan.go) from the protocol's values.
type setPlan struct {
	lineItem, priorLineItem types.String // the prior one is null for a new set
	existingResults         types.String
	released                map[string]bool // released_students, without unknown elements
	isNew                   bool            // no prior state: a create
	entries, prior          map[string]resultSetEntry
}

// planEntries is the plan's decision, from p's known line item and
// entries: the 1.2 rules, the warnings, and each entry's sourcedId, which
// it sets in p.entries. It reports false, before or after diagnostics,
// when the plan's entries are to be left as they came (an entry broke a
// rule, or existing results were refused or could not be read).
func (r *resultSetResource) planEntries(ctx context.Context, p *setPlan, private privateData, diags *diag.Diagnostics) bool {
	client := r.planClient()
	if client != nil && !entryRulesHold(client, p.entries, diags) {
		return false
	}
	lineItemID := p.lineItem.ValueString()
	sameLineItem := p.priorLineItem.Equal(p.lineItem)
	stable := !p.isNew && sameLineItem
	warnReleased(p.priorLineItem.ValueString(), stable, p.prior, p.entries, p.released, diags)
	if stable {
		warnReverted(ctx, private, p.prior, p.entries, diags)
	}
	joining := planSourcedIDs(lineItemID, sameLineItem, p.prior, p.entries)
	switch {
	case len(joining) == 0:
	case client == nil:
		// The provider's connection is not known until apply (a credential
		// from another resource's output): which results the students
		// already have, and whether the server allocates the ids, only the
		// apply's own plan can tell, with the provider configured.
		unknownSourcedIDs(p.entries, joining)
	case !adoptExisting(ctx, client, lineItemID, p.existingResults.ValueString(), stable, joining, p.entries, diags):
		return false
	}
	if client != nil {
		checkWritten(ctx, client, lineItemID, p.entries, writtenStudents(p.prior, p.entries), diags)
	}
	return true
}

// planClient is the provider's client, or nil while the provider's
// connection is not known (until apply, or in validation).
func (r *resultSetResource) planClient() *oneroster.Client {
	if r.data == nil {
		return nil
	}
	return r.data.client
}

// entryRulesHold applies the version's rules to the entries: on 1.2 the
// score date every result needs, then oneroster_result's version rules
// (entryVersionRules). It reports false, with errors naming the entries,
// when an entry breaks one.
func entryRulesHold(client *oneroster.Client, entries map[string]resultSetEntry, diags *diag.Diagnostics) bool {
	if client.Version() == oneroster.Version1p2 {
		// Like oneroster_result's: 1.2 refuses a result without scoreDate.
		var missing []string
		for student, e := range entries {
			if !e.ScoreDate.IsUnknown() && e.ScoreDate.ValueString() == "" {
				missing = append(missing, student)
			}
		}
		sort.Strings(missing)
		for _, student := range missing {
			diags.AddAttributeError(path.Root("results").AtMapKey(student).AtName("score_date"), "Missing score_date",
				fmt.Sprintf("OneRoster 1.2 requires scoreDate on every result it writes, and this provider speaks OneRoster 1.2 (%s): "+
					"the server would refuse the write. Set score_date on the result of student %q: an ISO 8601 date such as \"2024-09-09\".",
					oneroster.DisplayURL(client.BaseURL()), student))
		}
		if len(missing) > 0 {
			return false
		}
	}
	return !entryVersionRules(client, entries, diags)
}

// planSourcedIDs plans each entry's sourcedId as the state's for a
// student already in the set (on the same line item), else as the derived
// one, and returns the students who join the set.
func planSourcedIDs(lineItemID string, sameLineItem bool, prior, entries map[string]resultSetEntry) (joining []string) {
	for student, e := range entries {
		if p, ok := prior[student]; ok && sameLineItem && !p.SourcedID.IsNull() {
			e.SourcedID = p.SourcedID
		} else {
			e.SourcedID = types.StringValue(resultSourcedID(lineItemID, student))
			joining = append(joining, student)
		}
		entries[student] = e
	}
	return joining
}

// unknownSourcedIDs leaves the sourcedIds of the students unknown.
func unknownSourcedIDs(entries map[string]resultSetEntry, students []string) {
	for _, student := range students {
		e := entries[student]
		e.SourcedID = types.StringUnknown()
		entries[student] = e
	}
}

// adoptExisting reads the line item's results and plans the sourcedId of
// each student joining the set who already has one: that result's, which
// the set adopts (unknown when the set is not stable, and named in a
// warning), or an error when existingResults is "fail". A new result that
// the server will create by POST gets an unknown sourcedId. It reports
// false, with an error, when the read fails or results are refused.
func adoptExisting(ctx context.Context, client *oneroster.Client, lineItemID, existingResults string, stable bool, joining []string,
	entries map[string]resultSetEntry, diags *diag.Diagnostics) bool {
	existing, err := existingOf(ctx, client, lineItemID)
	if err != nil {
		diags.AddAttributeError(path.Root("line_item_sourced_id"), fmt.Sprintf("Cannot read the results of line item %q", lineItemID),
			"The plan reads the line item's results, so as to adopt the scores that students joining the set already have, and that read failed: "+
				readErrorDetail(oneroster.Results.InfoOn(client), err))
		return false
	}
	adopted, refused := matchExisting(client, existing, existingResults, stable, joining, entries)
	if len(refused) > 0 {
		refuseExisting(lineItemID, refused, diags)
		return false
	}
	warnAdopted(lineItemID, adopted, diags)
	return true
}

// matchExisting plans the sourcedIds of the joining students from the
// line item's existing results, and describes the results adopted and,
// under existing_results = "fail", refused (their sourcedIds unplanned).
func matchExisting(client *oneroster.Client, existing *resultIndex, existingResults string, stable bool, joining []string,
	entries map[string]resultSetEntry) (adopted, refused []string) {
	for _, student := range joining {
		rec := existing.byStudent[existing.key(student)]
		e := entries[student]
		if rec == nil && oneroster.CanPostResults(client) {
			// Created by POST: the server allocates the sourcedId.
			e.SourcedID = types.StringUnknown()
			entries[student] = e
			continue
		}
		if rec == nil || existing.same(rec.SourcedID, e.SourcedID.ValueString()) {
			continue
		}
		line := fmt.Sprintf("  - student %q: result %q (%s)", student, rec.SourcedID, describeResult(rec))
		if existingResults == existingFail {
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
	return adopted, refused
}

// warnAdopted names the existing results the apply adopts.
func warnAdopted(lineItemID string, adopted []string, diags *diag.Diagnostics) {
	if len(adopted) == 0 {
		return
	}
	sort.Strings(adopted)
	diags.AddAttributeWarning(path.Root("results"), fmt.Sprintf("%d existing results of line item %q will be adopted", len(adopted), lineItemID),
		fmt.Sprintf("These students already have a result on the line item, entered in the SIS or by another tool. The apply updates each "+
			"in place, under its own sourcedId, with the configured score, and the set manages it from then on:\n%s\n\n"+
			"Set existing_results = \"fail\" to refuse instead.", strings.Join(adopted, "\n")))
}

// refuseExisting fails the plan under existing_results = "fail", naming
// the results the students already have and the ways out.
func refuseExisting(lineItemID string, refused []string, diags *diag.Diagnostics) {
	sort.Strings(refused)
	diags.AddAttributeError(path.Root("results"), fmt.Sprintf("%d students already have a result on line item %q", len(refused), lineItemID),
		fmt.Sprintf("existing_results = \"fail\", and these students already have a result that the set does not track:\n%s\n\n"+
			"To manage them, import the whole set (terraform import oneroster_result_set.<name> %s, or an import block with id = %q), "+
			"which adopts every active result of the line item; or set existing_results = \"adopt\" to update them in place; "+
			"or leave these students out of results.", strings.Join(refused, "\n"), shellQuote(lineItemID), lineItemID))
}

// entryVersionRules applies oneroster_result's version rules
// (versionRules) to each entry: an attribute of another OneRoster version
// than client's, such as text_score against 1.1, is an error naming the
// entry. It reports whether there was one.
func entryVersionRules(client *oneroster.Client, entries map[string]resultSetEntry, diags *diag.Diagnostics) bool {
	students := make([]string, 0, len(entries))
	for student := range entries {
		students = append(students, student)
	}
	sort.Strings(students)
	server := fmt.Sprintf("base_url %q", oneroster.DisplayURL(client.BaseURL()))
	var found diag.Diagnostics
	for _, student := range students {
		one := map[string]resultSetEntry{student: entries[student]}
		unsetBlanks(one) // "" is unset (result_set_blank.go)
		e := one[student]
		// An entry's attributes are not computed: its plan is its
		// configuration, and an unset attribute is null already.
		versionRulesAt(path.Root("results").AtMapKey(student), scoreFieldTable, &e.scoreFields, &e.scoreFields, client.Version(), server,
			"result", true, &found) // no score field is required in any version: writes changes nothing here
	}
	diags.Append(found...)
	return found.HasError()
}

// warnReleased names, in one warning, the results that released_students
// lets go of in this plan, so that the reader sees that removing them from
// results deletes nothing; or, when the set is replaced (not stable),
// that the destroy of the old set deletes them all the same.
func warnReleased(lineItemID string, stable bool, prior, planned map[string]resultSetEntry, released map[string]bool, diags *diag.Diagnostics) {
	var lines []string
	for student, p := range prior {
		if _, kept := planned[student]; !kept && released[student] {
			lines = append(lines, fmt.Sprintf("  - student %q: result %q", student, trackedID(p, lineItemID, student)))
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	if !stable {
		diags.AddAttributeWarning(path.Root("released_students"), fmt.Sprintf("The replacement deletes %d released results", len(lines)),
			fmt.Sprintf("These students are in released_students, but the set is replaced, and destroying the old set deletes every result "+
				"it tracks:\n%s\n\nTo keep them, release them in an apply of their own before changing line_item_sourced_id.", strings.Join(lines, "\n")))
		return
	}
	diags.AddAttributeWarning(path.Root("released_students"), fmt.Sprintf("%d results of line item %q will be released, not deleted", len(lines), lineItemID),
		fmt.Sprintf("The set stops managing these results and leaves them in the SIS as they are; the apply sends no request for them:\n%s",
			strings.Join(lines, "\n")))
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

// sameScore reports whether two entries say the same about the score:
// every field of scoreFieldTable.
func sameScore(a, b resultSetEntry) bool {
	for _, f := range scoreFieldTable {
		if !f.value(&a.scoreFields).Equal(f.value(&b.scoreFields)) {
			return false
		}
	}
	return true
}

func (r *resultSetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer recoverSet(ctx, "create", &resp.Diagnostics, nil)
	var plan resultSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	configured, diags := entriesOf(ctx, plan.Results)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	setID := func(id types.String) { setIdentity(ctx, resp.Identity, "line_item_sourced_id", id, &resp.Diagnostics) }
	r.create(ctx, plan, configured, setID, frameworkSaver(plan, &resp.State), resp.Private, &resp.Diagnostics)
}

func (r *resultSetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer recoverSet(ctx, "update", &resp.Diagnostics, nil)
	var plan, state resultSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	configured, diags := entriesOf(ctx, plan.Results)
	resp.Diagnostics.Append(diags...)
	prior, diags := entriesOf(ctx, state.Results)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	setID := func(id types.String) { setIdentity(ctx, resp.Identity, "line_item_sourced_id", id, &resp.Diagnostics) }
	r.update(ctx, plan, configured, prior, setID, frameworkSaver(plan, &resp.State), resp.Private, &resp.Diagnostics)
}

// Create, Update and Delete read the plan and the state through the
// framework; the provider's server reads them from the protocol's values
// (result_set_apply.go). Both hand the same model and entries to create,
// update and deleteAll, and take the new state from a resultsSaver.

// resultsSaver records the set's new state: the planned set (for a
// delete, the prior one) with results.
type resultsSaver func(ctx context.Context, results map[string]resultSetEntry, diags *diag.Diagnostics)

// frameworkSaver records the new state in the framework's state: set, with
// results.
func frameworkSaver(set resultSetModel, state stateSetter) resultsSaver {
	return func(ctx context.Context, results map[string]resultSetEntry, diags *diag.Diagnostics) {
		var d diag.Diagnostics
		set.Results, d = entriesValue(results)
		diags.Append(d...)
		diags.Append(state.Set(ctx, &set)...)
	}
}

// create writes the set plan's entries, configured (blanks as ""); setID
// sets the identity to the line item's sourcedId.
func (r *resultSetResource) create(ctx context.Context, plan resultSetModel, configured map[string]resultSetEntry, setID func(types.String),
	save resultsSaver, private privateData, diags *diag.Diagnostics) {
	timeout, d := plan.Timeouts.Create(ctx, defaultResultSetTimeout)
	if diags.Append(d...); diags.HasError() {
		return
	}
	planned := maps.Clone(configured)
	unsetBlanks(planned)
	setID(plan.LineItemSourcedID)
	r.apply(ctx, "create", timeout, plan, configured, map[string]resultSetEntry{}, planned, save, private, diags)
}

// update goes from prior, the state's entries (its own map, which update
// changes), to configured, as create.
func (r *resultSetResource) update(ctx context.Context, plan resultSetModel, configured, prior map[string]resultSetEntry, setID func(types.String),
	save resultsSaver, private privateData, diags *diag.Diagnostics) {
	timeout, d := plan.Timeouts.Update(ctx, defaultResultSetTimeout)
	diags.Append(d...)
	released, d := releasedOf(ctx, plan.ReleasedStudents)
	if diags.Append(d...); diags.HasError() {
		return
	}
	planned := maps.Clone(configured)
	release(prior, planned, released)
	unsetBlanks(planned)
	unsetBlanks(prior)
	setID(plan.LineItemSourcedID)
	r.apply(ctx, "update", timeout, plan, configured, prior, planned, save, private, diags)
}

// stateSetter is what Create and Update write their new state to.
type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// apply writes the entries of planned that differ from prior and deletes
// those that prior has and planned does not, then records (save) exactly
// what succeeded: prior entries, overwritten by each successful write and
// dropped by each successful delete. Each entry is written under its
// planned sourcedId (an adopted result's, or the derived one) and each
// delete goes to the sourcedId in state, so the set never touches a
// result it did not write or adopt. configured are the planned entries
// with their blanks ("").
func (r *resultSetResource) apply(ctx context.Context, op string, timeout time.Duration, plan resultSetModel,
	configured, prior, planned map[string]resultSetEntry, save resultsSaver, private privateData, diags *diag.Diagnostics) {
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
	lineItem := writableLineItem(ctx, client, op, lineItemID, diags)
	if lineItem == nil {
		return
	}

	var jobs []resultJob
	// From here on the server may be written: whatever happens, a panic
	// included, the state records exactly the changes that settled.
	defer recoverSet(ctx, op, diags, func() { saveSettled(ctx, op, configured, prior, jobs, save, private, diags) })
	jobs, joining := resultJobs(lineItemID, prior, planned)
	if joining && !recheckJoining(ctx, client, lineItemID, lineItem, plan.ExistingResults.ValueString(), prior, jobs, diags) {
		return
	}
	r.postNew(ctx, client, lineItemID, lineItem, creates(jobs), diags)
	r.run(ctx, client, lineItemID, jobs)
	r.readBack(ctx, client, lineItemID, lineItem, jobs)
	reportFailures(ctx, op, timeout, client, jobs, diags)
	saveSettled(ctx, op, configured, prior, jobs, save, private, diags)
}

// writableLineItem reads the line item whose results the set writes; nil,
// with an error naming op, when the server has none or marks it deleted,
// or the read fails.
func writableLineItem(ctx context.Context, client *oneroster.Client, op, lineItemID string, diags *diag.Diagnostics) *model.LineItem {
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	if err == nil && !lineItem.IsDeleted() {
		return lineItem
	}
	detail := ""
	switch {
	case err == nil:
		detail = fmt.Sprintf(
			"The server marks the line item %q as %s. Write the line item first (e.g. with oneroster_line_item).",
			lineItemID,
			lineItem.Status,
		)
	case oneroster.IsNotFound(err):
		detail = fmt.Sprintf("The server has no line item %q. Write the line item first (e.g. with oneroster_line_item).", lineItemID)
	default:
		detail = readErrorDetail(oneroster.Results.InfoOn(client), err)
	}
	diags.AddAttributeError(path.Root("line_item_sourced_id"), fmt.Sprintf("Cannot %s the results of line item %q", op, lineItemID), detail)
	return nil
}

// resultJobs are the changes from prior to planned: a write of each
// entry that is new or differs, under its planned sourcedId (or the
// derived one, when the plan left it to the apply), and a delete of each
// entry planned no longer has, under the sourcedId in state. joining
// reports whether a student new to the set is written.
func resultJobs(lineItemID string, prior, planned map[string]resultSetEntry) (jobs []resultJob, joining bool) {
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
	sortJobs(jobs)
	return jobs, joining
}

// sortJobs puts jobs in the order of their students: the order of the
// writes, and so the sourcedIds a 1.2 server allocates to a POST's
// records, follow the set, not Go's order of a map.
func sortJobs(jobs []resultJob) {
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].student < jobs[b].student })
}

// recheckJoining reads the line item's results again before the writes
// of students new to the set: a student may have been given a result
// since the plan read them, and writing beside it would give the student
// two. Each such job creates a new result (by POST where the version has
// it), adopts the existing one (when the plan left that to the apply and
// existing is not "fail"), or fails. It reports false, with an error,
// when the read fails.
func recheckJoining(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem, existingResults string,
	prior map[string]resultSetEntry, jobs []resultJob, diags *diag.Diagnostics) bool {
	existing, err := lineItemResults(ctx, client, lineItemID, lineItem, "")
	if err != nil {
		diags.AddAttributeError(
			path.Root("line_item_sourced_id"),
			fmt.Sprintf("Cannot read the results of line item %q", lineItemID),
			"Before writing, the set reads the line item's results, so as never to write a second result for a student, and that read failed: "+readErrorDetail(
				oneroster.Results.InfoOn(client),
				err,
			),
		)
		return false
	}
	for i := range jobs {
		j := &jobs[i]
		if _, inPrior := prior[j.student]; inPrior || j.entry == nil {
			continue
		}
		rec := existing.byStudent[existing.key(j.student)]
		switch {
		case rec == nil:
			// A new result. Created by POST where the version has it,
			// unless the plan promised the derived sourcedId.
			j.create = j.adoptable && oneroster.CanPostResults(client)
		case existing.same(rec.SourcedID, j.id):
		case j.adoptable && existingResults != existingFail:
			j.id = rec.SourcedID // the plan left it to the apply to adopt
		default:
			j.err = fmt.Errorf(
				"the student was given a result since the plan (%q, %s); nothing was written. Plan again to adopt it",
				rec.SourcedID,
				describeResult(rec),
			)
		}
	}
	return true
}

// creates are the jobs to create by POST: new results with no error.
func creates(jobs []resultJob) []*resultJob {
	var out []*resultJob
	for i := range jobs {
		if jobs[i].create && jobs[i].err == nil {
			out = append(out, &jobs[i])
		}
	}
	return out
}

// reportFailures fails each written job whose stored result is not what
// was sent (checkStored), and reports every failed job in one error.
func reportFailures(ctx context.Context, op string, timeout time.Duration, client *oneroster.Client, jobs []resultJob, diags *diag.Diagnostics) {
	var failures []resultJob
	for i := range jobs {
		j := &jobs[i]
		checkStored(j)
		if j.err != nil {
			failures = append(failures, *j)
		}
	}
	if len(failures) > 0 {
		diags.AddError(
			fmt.Sprintf("%d of %d result changes failed", len(failures), len(jobs)),
			describeFailures(ctx, op, timeout, oneroster.Results.InfoOn(client), failures),
		)
	}
}

// checkStored sets the error of a job written without error whose stored
// result is under another sourcedId than the job's, or differs from what
// was sent. The state records what the server stored all the same
// (settled), so that it tracks every result the set wrote.
func checkStored(j *resultJob) {
	if j.entry == nil || j.stored == nil || j.err != nil {
		return
	}
	got := *j.entry
	got.scoreFields.copyFromStored(j.stored)
	if answered := j.stored.SourcedID; answered != "" && !answers(j.id, answered) {
		j.err = fmt.Errorf("%s %s answered with the result %q, not %q: the server chose its own sourcedId. "+
			"The state tracks %q, so that no copy is left behind; ask the SIS vendor whether it can keep client-chosen sourcedIds",
			oneroster.OpPut.Method(), oneroster.Results.Record(j.id), answered, j.id, answered)
	} else if diffs := configuredDifferences(&j.entry.scoreFields, &got.scoreFields); len(diffs) > 0 {
		j.err = fmt.Errorf("the server stored a different result than was sent (the state records what it stored):\n%s",
			strings.TrimRight(describeDifferences(diffs), "\n"))
	}
}

// readBack reads the line item's results once, on a deadline of its own
// (the apply's may be what cut the writes), for the writes whose answer
// did not show what the server stored (a 204, a POST's pairs) and for
// the writes and deletes whose answer was lost (a timeout, a cut
// connection, a 5xx: the server may have applied them), and settles each
// from what the server lists (settleLost).
//
// When the read fails, a result written by PUT is tracked as sent (it is
// on the server under the sourcedId the set wrote), while one created by
// POST is not tracked: only the listing would prove which result the
// server created for the student, and planning again adopts it. A lost
// write or delete then stays unsettled: the state keeps what it had.
func (r *resultSetResource) readBack(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem, jobs []resultJob) {
	unread, lost := jobsToReadBack(jobs)
	if len(unread) == 0 && len(lost) == 0 {
		return
	}
	ctx, cancel := settleContext(ctx)
	defer cancel()
	stored, err := lineItemResults(ctx, client, lineItemID, lineItem, "")
	if err != nil {
		readBackFailed(unread, lost, err)
		return
	}
	settleLost(stored, lost)
	where, _ := lineItemResultsAt(ctx, client, model.RefID(lineItem.Class), lineItemID)
	unproven, claimed := checkListed(stored, unread, studentsNaming(stored, jobs), where)
	adoptCreated(stored, unproven, claimed)
}

// jobsToReadBack picks the jobs readBack settles from the listing: the
// writes whose answer did not show what the server stored (unread), and
// the writes and deletes whose answer was lost (lost).
func jobsToReadBack(jobs []resultJob) (unread, lost []*resultJob) {
	for i := range jobs {
		switch j := &jobs[i]; {
		case j.entry != nil && j.err == nil && j.stored == nil:
			unread = append(unread, j)
		case j.sent && j.err != nil && !j.written && !j.deleted && j.stored == nil && oneroster.WriteMayHaveBeenApplied(j.err):
			lost = append(lost, j)
		}
	}
	return unread, lost
}

// readBackFailed says, for each job readBack could not settle because
// reading the line item's results failed (err), what the state does.
func readBackFailed(unread, lost []*resultJob, err error) {
	for _, j := range lost {
		j.err = fmt.Errorf("%w; reading the line item's results to learn whether the server applied it failed too (%v), "+
			"so the state keeps what it had for the student", j.err, err)
	}
	for _, j := range unread {
		if j.create {
			j.err = fmt.Errorf("the server created it (as %q), but reading the line item's results to check that failed: %w. "+
				"The set tracks no result it has not seen listed for the student: plan again, which adopts it", j.id, err)
		} else {
			j.err = fmt.Errorf("written as %q, but reading it back failed: %w. The state records what was sent", j.id, err)
		}
	}
}

// studentsNaming maps each sourcedId the writes name to the students
// whose writes name it, so that two students naming one id (a POST's
// pairs can) are both refused.
func studentsNaming(stored *resultIndex, jobs []resultJob) map[string][]string {
	named := map[string][]string{}
	for i := range jobs {
		if j := &jobs[i]; j.entry != nil && (j.err == nil || j.stored != nil) {
			named[stored.key(j.id)] = append(named[stored.key(j.id)], j.student)
		}
	}
	return named
}

// checkListed settles each unread write from the listing, stored: a
// result listed for the student under the sourcedId written is recorded
// as stored and claimed; the others fail, are not tracked, and are
// returned as unproven. where names the listing in the messages.
func checkListed(
	stored *resultIndex, unread []*resultJob, named map[string][]string, where oneroster.Location,
) (unproven []*resultJob, claimed map[string]bool) {
	claimed = map[string]bool{}
	for _, j := range unread {
		rec := stored.byID[stored.key(j.id)]
		switch {
		case len(named[stored.key(j.id)]) > 1:
			students := named[stored.key(j.id)]
			sort.Strings(students)
			j.err = fmt.Errorf("the server named one result, %q, for students %s", j.id, quotedList(students))
		case rec == nil && j.create:
			j.err = fmt.Errorf("the server paired it with the result %q, which it does not list for the student under %s", j.id, where)
		case rec == nil:
			j.err = fmt.Errorf("the server accepted the result %q but does not list it under %s", j.id, where)
		case !stored.same(model.RefID(rec.Student), j.student):
			j.err = fmt.Errorf("the server named the result %q for it, which it lists for student %q", j.id, model.RefID(rec.Student))
		default:
			j.stored = rec
			claimed[stored.key(j.id)] = true
			continue
		}
		j.written = false // not proven: not tracked, written to or deleted
		unproven = append(unproven, j)
	}
	return unproven, claimed
}

// adoptCreated tracks, for each unproven result created by POST, the
// result the server lists for the student holding what was sent: the
// answer did not tell truly which sourcedId the server gave it, and the
// student had none before the POST. A result another write claims is
// not adopted twice.
func adoptCreated(stored *resultIndex, unproven []*resultJob, claimed map[string]bool) {
	for _, j := range unproven {
		if !j.create {
			continue
		}
		found := listedAsSent(stored, j, claimed)
		if found == nil {
			j.err = fmt.Errorf("%w; the server lists no result for the student that holds what was sent, so the set tracks none "+
				"(the next apply writes it, or adopts it if the server lists it by then)", j.err)
			continue
		}
		claimed[stored.key(found.SourcedID)] = true
		j.err = fmt.Errorf("%w; the set tracks %q instead, the result the server lists for the student with what was sent. "+
			"The server's answer to POST %s does not say which result it created for which student: ask the SIS vendor",
			j.err, found.SourcedID, oneroster.ResultsPostPath)
		j.id, j.stored = found.SourcedID, found
	}
}

// listedAsSent returns the unclaimed result stored lists for j's student
// that holds what j sent, the lowest sourcedId first; nil if none does.
func listedAsSent(stored *resultIndex, j *resultJob, claimed map[string]bool) *model.Result {
	var found *model.Result
	for _, rec := range stored.byID {
		got := *j.entry
		got.scoreFields.copyFromStored(rec)
		if stored.same(model.RefID(rec.Student), j.student) && !claimed[stored.key(rec.SourcedID)] &&
			len(configuredDifferences(&j.entry.scoreFields, &got.scoreFields)) == 0 && (found == nil || rec.SourcedID < found.SourcedID) {
			found = rec
		}
	}
	return found
}

// settleLost settles the writes and deletes whose answer was lost from
// the line item's results, stored, as the server lists them: a delete
// whose result is no longer listed is done; a write whose result the
// server lists for the student under the sourcedId written is written,
// and recorded as the server holds it (an error says so when that is not
// what was sent). The others stay failed, and the state keeps what it
// had for their students.
func settleLost(stored *resultIndex, lost []*resultJob) {
	for _, j := range lost {
		rec := stored.byID[stored.key(j.id)]
		switch {
		case j.entry == nil && rec == nil:
			j.deleted, j.err = true, nil
		case j.entry == nil:
			j.err = fmt.Errorf("%w; the server still lists the result %q, so the state keeps tracking it", j.err, j.id)
		case rec == nil || !stored.same(model.RefID(rec.Student), j.student):
			j.err = fmt.Errorf("%w; the server does not list the result %q for the student, so it was not written", j.err, j.id)
		default:
			got := *j.entry
			got.scoreFields.copyFromStored(rec)
			j.written, j.stored = true, rec
			if diffs := configuredDifferences(&j.entry.scoreFields, &got.scoreFields); len(diffs) > 0 {
				j.err = fmt.Errorf("%w; the server lists the result %q with other values than were sent (the state records them):\n%s",
					j.err, j.id, strings.TrimRight(describeDifferences(diffs), "\n"))
				continue
			}
			j.err = nil
		}
	}
}

// settleContext is the context of the reads that settle writes whose
// answer was lost: ctx's values, without its deadline (which may be what
// cut the writes), on one of its own.
func settleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), lostCreateReadTimeout)
}

// quotedList renders names as "a", "b" and "c".
func quotedList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}

// saveSettled records (save) exactly the changes that settled (see
// settled), with the blanks of configured. A create that settled nothing
// records no set.
func saveSettled(ctx context.Context, op string, configured, prior map[string]resultSetEntry, jobs []resultJob, save resultsSaver,
	private privateData, diags *diag.Diagnostics) {
	next := settled(prior, jobs)
	if len(next) == 0 && op == "create" && diags.HasError() {
		// Nothing was written: there is no set to track.
		return
	}
	keepBlanks(next, configured)
	save(ctx, next, diags)
	recordAppliedDates(ctx, private, next, jobs, diags)
}

// settled is the state's results after jobs: prior, overwritten by each
// write the server accepted and dropped by each delete it accepted. A
// write whose stored form is known records it, under the sourcedId the
// server answered; one accepted by a PUT but not read back records what
// was sent; a POST whose result was not seen listed records nothing.
func settled(prior map[string]resultSetEntry, jobs []resultJob) map[string]resultSetEntry {
	next := make(map[string]resultSetEntry, len(prior)+len(jobs))
	for student, e := range prior {
		next[student] = e
	}
	for _, j := range jobs {
		switch {
		case j.entry == nil:
			if j.deleted {
				delete(next, j.student)
			}
		case j.stored != nil:
			e := *j.entry
			e.scoreFields.copyFromStored(j.stored)
			e.SourcedID = types.StringValue(j.id)
			if answered := j.stored.SourcedID; answered != "" && !answers(j.id, answered) {
				e.SourcedID = types.StringValue(answered)
			}
			next[j.student] = e
		case j.written && !j.create:
			e := *j.entry
			e.SourcedID = types.StringValue(j.id)
			next[j.student] = e
		}
	}
	return next
}

// recoverSet turns a panic of the set's operation op into an error
// diagnostic, after save has recorded what settled: a panic must not
// take the state of the writes that succeeded with it, nor crash the
// provider and lose the state of every other resource in flight. It is
// deferred; save may be nil.
func recoverSet(ctx context.Context, op string, diags *diag.Diagnostics, save func()) {
	p := recover()
	if p == nil {
		return
	}
	tflog.Error(ctx, "oneroster_result_set recovered from a panic", map[string]any{"operation": op, "panic": fmt.Sprint(p), "stack": string(debug.Stack())})
	diags.AddError(fmt.Sprintf("The result set's %s failed unexpectedly", op),
		fmt.Sprintf("The provider hit an internal error (%v). This is a bug in the provider: please report it, with the log of this run "+
			"(TF_LOG=ERROR). The state records the result changes that completed before it; plan again to see what remains.", p))
	if save != nil {
		save()
	}
}

// recoverJob turns a panic while performing job j (in a goroutine of
// its own, where a panic would end the provider) into j's error. Whether
// its request reached the server is unknown. It is deferred.
func recoverJob(ctx context.Context, j *resultJob) {
	p := recover()
	if p == nil {
		return
	}
	tflog.Error(ctx, "oneroster_result_set recovered from a panic in a write", map[string]any{"panic": fmt.Sprint(p), "stack": string(debug.Stack())})
	j.err = fmt.Errorf("the provider hit an internal error (%v), a bug to report; the server may or may not have applied the change", p)
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
	stored         *model.Result // what a PUT answered with, or the read-back found
	// written: the server accepted the PUT under id; deleted: the result
	// is gone from the server. What the state records follows from them
	// (settled), whatever else failed.
	written, deleted bool
	// sent: do sent (or tried to send) the job's request, so that a
	// failure may have been applied all the same.
	sent bool
	err  error
}

// run performs the jobs not already failed, at most max_concurrency at
// once.
func (r *resultSetResource) run(ctx context.Context, client *oneroster.Client, lineItemID string, jobs []resultJob) {
	client.ForEach(ctx, len(jobs), func(ctx context.Context, i int) {
		defer recoverJob(ctx, &jobs[i])
		if jobs[i].err == nil && !jobs[i].posted {
			r.do(ctx, client, lineItemID, &jobs[i])
		}
	})
}

// do performs one job; a DELETE of a result that is already gone succeeds.
func (r *resultSetResource) do(ctx context.Context, client *oneroster.Client, lineItemID string, j *resultJob) {
	j.sent = true
	if j.entry == nil {
		if err := oneroster.Results.Delete(ctx, client, j.id); err != nil && !oneroster.IsNotFound(err) {
			j.err = err
			return
		}
		j.deleted = true
		return
	}
	rec := j.entry.record(types.StringValue(lineItemID), types.StringValue(j.student))
	rec.SourcedID, rec.Status = j.id, model.StatusActive
	j.stored, j.err = oneroster.Results.Put(ctx, client, j.id, rec)
	j.written = j.err == nil
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

func (r *resultSetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer recoverSet(ctx, "delete", &resp.Diagnostics, nil)
	var state resultSetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	prior, diags := entriesOf(ctx, state.Results)
	resp.Diagnostics.Append(diags...)
	r.deleteAll(ctx, state, prior, frameworkSaver(state, &resp.State), &resp.Diagnostics)
}

// deleteAll deletes the results of prior, the entries of state; after a
// failure, it records (save) the results still there.
func (r *resultSetResource) deleteAll(ctx context.Context, state resultSetModel, prior map[string]resultSetEntry, save resultsSaver,
	diags *diag.Diagnostics) {
	timeout, d := state.Timeouts.Delete(ctx, defaultResultSetTimeout)
	diags.Append(d...)
	client, d := r.data.Client()
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	jobs := make([]resultJob, 0, len(prior))
	for student, e := range prior {
		jobs = append(jobs, resultJob{student: student, id: trackedID(e, state.LineItemSourcedID.ValueString(), student)})
	}
	sortJobs(jobs)
	// Keep tracking exactly the results that are still there, whatever
	// happens (a panic included).
	keep := func() { save(ctx, settled(prior, jobs), diags) }
	defer recoverSet(ctx, "delete", diags, keep)
	lineItemID := state.LineItemSourcedID.ValueString()
	r.run(ctx, client, lineItemID, jobs)
	for _, j := range jobs {
		if j.sent && j.err != nil && oneroster.WriteMayHaveBeenApplied(j.err) {
			// Some answers were lost: the line item's results tell which
			// deletes the server applied.
			rctx, cancel := settleContext(ctx)
			lineItem, err := oneroster.LineItems.Get(rctx, client, lineItemID)
			cancel()
			if err == nil {
				r.readBack(ctx, client, lineItemID, lineItem, jobs)
			}
			break
		}
	}
	var failures []resultJob
	for _, j := range jobs {
		if j.err != nil {
			failures = append(failures, j)
		}
	}
	if len(failures) == 0 {
		return
	}
	diags.AddError(
		fmt.Sprintf("%d of %d result deletes failed", len(failures), len(jobs)),
		describeFailures(ctx, "delete", timeout, oneroster.Results.InfoOn(client), failures),
	)
	keep()
}
