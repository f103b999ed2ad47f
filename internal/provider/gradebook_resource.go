package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// defaultGradebookTimeout bounds a create, update or delete of one
// gradebook object (retries and backoff included) unless timeouts say
// otherwise.
const defaultGradebookTimeout = 10 * time.Minute

// gradebookKind describes one writable gradebook object (category, line
// item, result, score scale, assessment line item, assessment result):
// its catalog collection, and its fields (gradebook_fields.go), which give
// its own attributes and how its Terraform model maps to the OneRoster
// record. Everything else (sourced_id, status, date_last_modified,
// timeouts, CRUD, import, drift, errors) is gradebookResource's, written
// once for all of them. Each kind is declared in its own file
// (gradebook_line_item.go), with its constructor and topic.
//
// The engine calls a kind's hooks in this order:
//   - ValidateConfig: validate, after the attributes' own validators.
//   - ModifyPlan: notInVersion → checkPlannedWriteScopes → versionRules (the
//     fields' version rules) → completePlan; keepUnchangedStamp last.
//   - Create: the configured sourced_id, else derivedID, else a random UUID
//     → checkNotStored (a GET of the id, then findDuplicate) → put (a PUT, then its
//     answer or a GET as the read-back, compared with what was sent);
//     lostCreate settles a PUT whose answer was lost.
//   - Read: notInVersion → a GET → copyFromStored (a 404 or tobedeleted object is
//     dropped from state, or fails the import that asked for it).
//   - Update: put. Delete: a DELETE, a 404 counting as done.
//   - ImportState: the sourced_id (or identity), marked for the Read that
//     follows.
//
// label describes a stored object in the messages of all of them.
type gradebookKind[T, M any] struct {
	typeName    string // resource type suffix: "line_item"
	title       string // for messages: "line item"
	collection  oneroster.Collection[T]
	description string // the resource's documentation
	fields      []recordField[T, M]
	base        func(*T) *model.Base
	common      func(*M) *gradebookCommon
	// validate checks a configuration beyond what single-attribute
	// validators can, from its attributes' values by name (not the
	// model: the server's own validation calls it too, server_validate.go,
	// and filling the model by reflection would cost more than the
	// check); unknown values are skipped. May be nil.
	validate func(config map[string]tftypes.Value, diags *diag.Diagnostics)
	// validatesDirectly: the server validates the kind's configurations
	// itself (server_validate.go); server_validate_test.go holds each such
	// kind's answers equal to the framework's.
	validatesDirectly bool
	// label describes a stored object for messages about it, e.g.
	// `titled "Quiz 1"`.
	label func(r *T) string
	// derivedID returns the sourcedId a create uses when none is
	// configured; nil means a random UUID. A derived id makes a second
	// create of the same thing (a lost state, another workspace) meet the
	// first one instead of writing a duplicate.
	derivedID func(m *M) string
	// findDuplicate finds an active object that the create of m would
	// duplicate under another sourcedId (a student's result on the same
	// line item); nil when the kind has no such rule. It returns nil, nil
	// when there is none.
	findDuplicate func(ctx context.Context, client *oneroster.Client, m *M) (*T, error)
	// completePlan fills what a version needs and the configuration leaves
	// out, from the server (a 1.2 line item's school, from its class),
	// after the version rules; it reports whether it changed plan. May be
	// nil.
	completePlan func(ctx context.Context, client *oneroster.Client, config, plan *M, diags *diag.Diagnostics) bool
	// plansDirectly: the provider's server plans the kind's creates and
	// changes itself (server_plan.go, modifyPlanValue), skipping the
	// framework's walks over the plan; the equivalence test
	// (TestLineItemPlansAnswerAsTheFramework) covers the kinds that do.
	plansDirectly bool
	// readsDirectly: the provider's server answers the kind's reads
	// itself (server_read.go, readValue), skipping the framework's walks
	// over the state (TestLineItemReadsAnswerAsTheFramework).
	readsDirectly bool
}

// gradebookCommon are the attributes every gradebook resource has. Each
// resource model embeds it.
type gradebookCommon struct {
	ID               types.String   `tfsdk:"id"`
	SourcedID        types.String   `tfsdk:"sourced_id"`
	Status           types.String   `tfsdk:"status"`
	DateLastModified types.String   `tfsdk:"date_last_modified"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// gradebookResource is the engine: one resource per kind, constructed in
// the kind's file (newLineItemResource in gradebook_line_item.go).
type gradebookResource[T, M any] struct {
	kind *gradebookKind[T, M]
	data *providerData
}

// gradebookResourceInterfaces are the framework's optional resource
// interfaces that the engine implements for every kind; each kind's file
// checks its resource against them.
type gradebookResourceInterfaces interface {
	resource.ResourceWithConfigure
	resource.ResourceWithValidateConfig
	resource.ResourceWithModifyPlan
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
	unchangedPlanGuard
	directPlanner
	directReader
}

func (r *gradebookResource[T, M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.typeName
}

func (r *gradebookResource[T, M]) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	k := r.kind
	attrs := resourceAttributes(k.fields)
	attrs["sourced_id"] = sourcedIDAttribute(k.title, k.derivedID != nil)
	attrs["id"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: fmt.Sprintf("The %s's sourcedId again, as the `id` that Terraform's CLI prints (`Creation complete after 1s [id=…]`) "+
			"and that tools expect of a resource. Use `sourced_id` in references.", k.title),
		PlanModifiers: []planmodifier.String{idOfSourcedID{}},
	}
	attrs["status"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "`active` while the object exists. An object the server marks `tobedeleted` is dropped from state, so that the next plan " +
			"creates it again.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	// No plan modifier on purpose: the framework keeps a computed value
	// from state when the plan changes nothing, and marks it unknown when
	// the plan changes something; an update does change dateLastModified,
	// so UseStateForUnknown would promise a value the apply breaks.
	attrs["date_last_modified"] = schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "When the server last changed the object (its `dateLastModified`). Known after each apply; never causes a diff by itself.",
	}
	attrs["timeouts"] = timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})
	resp.Schema = schema.Schema{MarkdownDescription: k.description, Attributes: attrs}
}

// sourcedIDAttribute is the optional, client-chosen sourcedId of a
// gradebook object.
func sourcedIDAttribute(title string, derived bool) schema.StringAttribute {
	unset := "a random UUID is generated at create"
	if derived {
		unset = "it is derived from the line item and the student, by the rule of `oneroster_result_set` (`UUIDv5(" + resultSetNamespace.String() +
			", \"<line_item_sourced_id>/<student_sourced_id>\")`; for ids with a slash, the form its page gives), " +
			"so that a second workspace or a lost state meets the same result"
	}
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: fmt.Sprintf("The %s's sourcedId. OneRoster clients choose it: when not set, %s. "+
			"A create fails, with the commands that import it, when an active %s with this sourcedId exists already. "+
			"Changing it replaces the %s.", title, unset, title, title),
		Validators: sourcedIDValidators(),
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
			stringplanmodifier.RequiresReplace(),
		},
	}
}

// idOfSourcedID plans id as the planned sourced_id when that is known
// (configured, or kept from the state), and as the prior id otherwise, so
// that an update never shows id as known after apply.
type idOfSourcedID struct{}

func (idOfSourcedID) Description(context.Context) string {
	return "the planned sourced_id, else the prior id"
}

func (m idOfSourcedID) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (idOfSourcedID) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() {
		return
	}
	var sourcedID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("sourced_id"), &sourcedID)...)
	switch {
	case !sourcedID.IsUnknown() && !sourcedID.IsNull():
		resp.PlanValue = sourcedID
	case !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	}
}

func (r *gradebookResource[T, M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig runs the kind's validate on the configuration's value
// (validateValue).
func (r *gradebookResource[T, M]) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	r.validateValue(req.Config.Raw, &resp.Diagnostics)
}

// validateValue is ValidateConfig on the configuration's value, as the
// server's own validation calls it too.
func (r *gradebookResource[T, M]) validateValue(config tftypes.Value, diags *diag.Diagnostics) {
	var attrs map[string]tftypes.Value
	if r.kind.validate == nil || !config.IsKnown() || config.As(&attrs) != nil {
		return
	}
	r.kind.validate(attrs, diags)
}

// plansDirectly says whether the server plans the kind's creates and
// changes itself (directPlanner).
func (r *gradebookResource[T, M]) plansDirectly() bool { return r.kind.plansDirectly }

// readsDirectly says whether the server answers the kind's reads itself
// (directReader).
func (r *gradebookResource[T, M]) readsDirectly() bool { return r.kind.readsDirectly }

// validatesDirectly says whether the server validates the kind's
// configurations itself.
func (r *gradebookResource[T, M]) validatesDirectly() bool { return r.kind.validatesDirectly }

// ModifyPlan refuses an object the server's OneRoster version lacks (a
// score scale against 1.1), before any request, and a write the token's
// scopes do not permit (checkPlannedWriteScopes), then applies the fields'
// version rules (versionRules) for the version the provider speaks, known
// once the provider is configured; with a provider block not known until
// apply, they run at apply's own plan.
func (r *gradebookResource[T, M]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer keepUnchangedStamp(ctx, req, resp)
	if r.data == nil || r.data.client == nil {
		return
	}
	client := r.data.client
	resp.Diagnostics.Append(notInVersion("oneroster_"+r.kind.typeName, r.kind.collection.Info, client)...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(checkPlannedWriteScopes(ctx, client, r.kind.collection.InfoOn(client), "oneroster_"+r.kind.typeName, r.kind.title, req)...)
	}
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var config, plan M
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	server := fmt.Sprintf("base_url %q", oneroster.DisplayURL(client.BaseURL()))
	changed := versionRules(r.kind.fields, &config, &plan, client.Version(), server, r.kind.title, plansWrite(ctx, req), &resp.Diagnostics)
	if r.kind.completePlan != nil && !resp.Diagnostics.HasError() && r.kind.completePlan(ctx, client, &config, &plan, &resp.Diagnostics) {
		changed = true
	}
	if changed && !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
}

// modifyPlanValue is ModifyPlan on the protocol's values (directPlanner),
// for the kinds whose creates and changes the server plans itself
// (plansDirectly): ModifyPlan itself, run on the framework's plan types
// built from them, so that both paths take one decision. ModifyPlan reads
// neither the private state nor the identity (both nil here), and sets
// no replacement: the server's answer carries neither from it. Only those
// kinds are registered for direct plans (newServer), so ok is always true.
func (r *gradebookResource[T, M]) modifyPlanValue(ctx context.Context, sch schema.Schema, config, plan, state tftypes.Value, _ privateData,
	diags *diag.Diagnostics) (tftypes.Value, bool) {
	req := resource.ModifyPlanRequest{Config: tfsdk.Config{Raw: config, Schema: sch}, Plan: tfsdk.Plan{Raw: plan, Schema: sch},
		State: tfsdk.State{Raw: state, Schema: sch}}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, &resp)
	diags.Append(resp.Diagnostics...)
	return resp.Plan.Raw, true
}

// plansNothingWhenUnchanged: the server answers a record's unchanged
// plans itself (server_plan.go). The engine's plan modifiers leave a value
// equal to its prior one alone (UseStateForUnknown, RequiresReplace,
// idOfSourcedID, keptWhileSame and sameInstant act only on an unknown or
// a differently spelled value), the kinds have no defaults, and on a plan
// equal to the state ModifyPlan checks no scope and completes nothing
// (completePlan fills only unknown values); what is left is in
// plansNothingFor.
func (r *gradebookResource[T, M]) plansNothingWhenUnchanged() {}

// plansNothingFor reports whether ModifyPlan leaves a plan equal to state
// as it is, with the provider's data (nil before ConfigureProvider): it
// refuses a kind the server's version lacks (notInVersion), and its
// version rules refuse or clear the attributes of another version
// (versionRules), so either sends the plan to the framework.
func (r *gradebookResource[T, M]) plansNothingFor(data *providerData, state tftypes.Value) bool {
	if data == nil || data.client == nil {
		return true // ModifyPlan returns at once
	}
	client := data.client
	if notInVersion("oneroster_"+r.kind.typeName, r.kind.collection.Info, client).HasError() {
		return false
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return false
	}
	for _, f := range r.kind.fields {
		if f.version == "" || f.version == client.Version() {
			continue
		}
		if v, ok := attrs[f.dataSource.attr]; !ok || !v.IsNull() {
			return false
		}
	}
	return true
}

// plansWrite reports whether the plan writes the object: a create, or an
// update that changes something besides the stamp the framework marks
// unknown. A plan that writes nothing (an import, a refresh of an object
// the configuration matches) is not held to what the server requires of
// writes: an object the SIS stored without a field 1.2 requires (a
// result's scoreDate) can be imported and kept as it is.
func plansWrite(ctx context.Context, req resource.ModifyPlanRequest) bool {
	if req.State.Raw.IsNull() {
		return true
	}
	var stamp types.String
	if diags := req.State.GetAttribute(ctx, path.Root("date_last_modified"), &stamp); diags.HasError() {
		return true
	}
	unchanged := req.Plan
	if diags := unchanged.SetAttribute(ctx, path.Root("date_last_modified"), stamp); diags.HasError() {
		return true
	}
	return !unchanged.Raw.Equal(req.State.Raw)
}

// importingKey marks, in the private state, the Read that follows an
// import: there an object the server does not hold, or holds as
// tobedeleted, is an error that says so, where a refresh warns and drops it.
const importingKey = "importing"

// keepUnchangedStamp plans date_last_modified as its prior value when the
// plan changes nothing else. The framework marks it unknown whenever the
// configuration differs from the state, before plan modifiers run; when
// they find no difference after all (a date spelled otherwise, see
// sameInstant), the plan must be empty, not an update of the stamp.
func keepUnchangedStamp(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || resp.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var stamp types.String
	if diags := req.State.GetAttribute(ctx, path.Root("date_last_modified"), &stamp); diags.HasError() {
		return
	}
	restored := resp.Plan
	if diags := restored.SetAttribute(ctx, path.Root("date_last_modified"), stamp); diags.HasError() {
		return
	}
	if restored.Raw.Equal(req.State.Raw) {
		resp.Plan = restored
	}
}

// IdentitySchema names a gradebook object by its sourcedId, the id it is
// imported by.
func (r *gradebookResource[T, M]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityAttribute("sourced_id", gradebookIdentityDescription(r.kind.title))
}

func (r *gradebookResource[T, M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrIdentity(ctx, "sourced_id", req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, []byte("true"))...)
}

func (r *gradebookResource[T, M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	common := r.kind.common(&plan)
	timeout, diags := common.Timeouts.Create(ctx, defaultGradebookTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := common.SourcedID.ValueString()
	if common.SourcedID.IsNull() || common.SourcedID.IsUnknown() {
		id = uuid.NewString()
		if r.kind.derivedID != nil {
			id = r.kind.derivedID(&plan)
		}
	}
	if !r.checkNotStored(ctx, timeout, id, &plan, &resp.Diagnostics) {
		return
	}
	if r.put(ctx, "create", timeout, id, &plan, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, "sourced_id", r.kind.common(&plan).SourcedID, &resp.Diagnostics)
	}
}

// checkNotStored reads, before a create writes anything, whether the object it
// would write exists already: a create never overwrites what a teacher or
// another tool stored. An active object under id (or, for kinds with a
// findDuplicate rule, under another id) fails the create with the commands
// that adopt it; a tobedeleted one may be replaced; a 404 (no such object)
// lets the create go on. Any other failure of the read (a 403, a timeout, a
// 5xx) stops the create, because without an answer the create cannot know
// whether it would overwrite something.
func (r *gradebookResource[T, M]) checkNotStored(ctx context.Context, timeout time.Duration, id string, m *M, diags *diag.Diagnostics) bool {
	k := r.kind
	client, d := r.data.Client()
	diags.Append(d...)
	if diags.HasError() {
		return false
	}
	existing, err := k.collection.Get(ctx, client, id)
	switch {
	case oneroster.IsNotFound(err):
	case err != nil && ctx.Err() != nil:
		diags.AddError(describeWriteError(ctx, "create", timeout, k.title, k.collection.InfoOn(client), oneroster.OpPut, err))
		return false
	case err != nil:
		diags.AddError(fmt.Sprintf("Cannot check whether the %s %q exists", k.title, id),
			fmt.Sprintf("Before creating it, the provider reads the %s %q so as never to overwrite one that exists, and that read failed: %s\n\n"+
				"%s", k.title, id, readErrorDetail(k.collection.InfoOn(client), err), nothingWritten(err)))
		return false
	case !k.base(existing).IsDeleted():
		k.alreadyExists(id, existing, diags)
		return false
	}
	if k.findDuplicate == nil {
		return true
	}
	other, err := k.findDuplicate(ctx, client, m)
	switch {
	case err != nil && ctx.Err() != nil:
		diags.AddError(describeWriteError(ctx, "create", timeout, k.title, k.collection.InfoOn(client), oneroster.OpPut, err))
		return false
	case err != nil:
		diags.AddError(fmt.Sprintf("Cannot check for an existing %s", k.title),
			fmt.Sprintf("Before creating the %s %q, the provider looks for one that exists under another sourcedId, and that read failed: %s\n\n"+
				"%s", k.title, id, readErrorDetail(k.collection.InfoOn(client), err), nothingWritten(err)))
		return false
	case other != nil && !strings.EqualFold(k.base(other).SourcedID, id):
		k.alreadyExists(k.base(other).SourcedID, other, diags)
		return false
	}
	return true
}

// nothingWritten ends the message of a create stopped by a failed read:
// asking again helps only when the server may answer next time, not when
// it refused the credentials (401) or the scope (403).
func nothingWritten(err error) string {
	if oneroster.IsForbidden(err) || oneroster.IsUnauthorized(err) {
		return "Nothing was written. Applying again will not help until the credentials are fixed."
	}
	return "Nothing was written. Apply again once the server answers."
}

// alreadyExists fails a create over an active object with the commands
// that adopt it.
func (k *gradebookKind[T, M]) alreadyExists(id string, existing *T, diags *diag.Diagnostics) {
	address := "oneroster_" + k.typeName + ".<name>"
	otherwise := fmt.Sprintf("To create a separate %s instead, choose another sourced_id.", k.title)
	if k.findDuplicate != nil {
		otherwise = "A student has one result per line item: adopt this one rather than write a second."
	}
	diags.AddError(fmt.Sprintf("The %s %q already exists", k.title, id),
		fmt.Sprintf("The server already has an active %s %q (%s) that this configuration does not manage: it was entered in the SIS "+
			"or written by another tool or workspace. Creating it would overwrite it, so nothing was written.\n\n"+
			"To manage it from this configuration, import it (<name> is the name of this resource block):\n\n"+
			"  terraform import %s %s\n\n"+
			"or add an import block (Terraform 1.5+, OpenTofu 1.6+) and apply again:\n\n"+
			"  import {\n    to = %s\n    id = %q\n  }\n\n"+
			"The next plan then shows what this configuration would change in it. %s",
			k.title, id, k.label(existing), address, shellQuote(id), address, id, otherwise))
}

// shellQuote quotes an id for a shell command line when it needs it.
func shellQuote(s string) string {
	plain := func(c rune) bool {
		return c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	if s == "" || strings.IndexFunc(s, func(c rune) bool { return !plain(c) }) >= 0 {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func (r *gradebookResource[T, M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := r.kind.common(&plan).Timeouts.Update(ctx, defaultGradebookTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// sourced_id cannot change in an update (it forces a replacement).
	id := r.kind.common(&state).SourcedID.ValueString()
	if r.put(ctx, "update", timeout, id, &plan, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, "sourced_id", r.kind.common(&plan).SourcedID, &resp.Diagnostics)
	}
}

// put writes m as the object id and fills m with what the server stored:
// the PUT's answer, or a GET when the server answered without a body. It
// reports whether the object was written, and so belongs in the state.
func (r *gradebookResource[T, M]) put(ctx context.Context, op string, timeout time.Duration, id string, m *M, diags *diag.Diagnostics) bool {
	k := r.kind
	client, d := r.data.Client()
	diags.Append(d...)
	if diags.HasError() {
		return false
	}
	rec := recordOf(k.fields, m)
	base := k.base(rec)
	base.SourcedID = id
	base.Status = model.StatusActive

	planned := *m
	stored, err := k.collection.Put(ctx, client, id, rec)
	if err != nil && !errors.Is(err, oneroster.ErrUnreadableAnswer) {
		summary, detail := describeWriteError(ctx, op, timeout, k.title, k.collection.InfoOn(client), oneroster.OpPut, err)
		if op == "create" && oneroster.WriteMayHaveBeenApplied(err) {
			return r.lostCreate(ctx, client, id, m, summary, detail, diags)
		}
		diags.AddError(summary, detail)
		return false
	}
	if err == nil && stored != nil {
		if answered := k.base(stored).SourcedID; answered != "" && !strings.EqualFold(answered, id) {
			return r.answeredOtherID(op, id, answered, m, stored, diags)
		}
	}
	if err == nil && stored == nil {
		stored, err = k.collection.Get(ctx, client, id)
	}
	if err != nil {
		// The object exists now: keep track of it (Terraform marks it
		// tainted), rather than leave it behind on the server.
		diags.AddError(fmt.Sprintf("Cannot read back the %s", k.title),
			fmt.Sprintf("The server accepted the %s %q, but reading back what it stored failed: %s", k.title, id, err))
		k.trackByIDOnly(m, id)
		return true
	}
	r.copyFromStored(m, stored, id)
	if diffs := configuredDifferences(&planned, m); len(diffs) > 0 {
		diags.AddError(fmt.Sprintf("The server stored a different %s than was sent", k.title),
			fmt.Sprintf("The server accepted the %s %q but changed what it stores:\n%s\n"+
				"The state records what the server stored, so the next plan shows the difference again. "+
				"Set these attributes to values the server keeps as they are (or change the rule on the server).",
				k.title, id, describeDifferences(diffs)))
	}
	return true
}

// lostCreate settles a create whose PUT failed in a way the server may
// still have applied (no answer, a timeout, a 5xx after the retries). The
// object is kept in state only when reading it back shows exactly what
// this create sent; anything else may be someone else's object (a stale
// read said 404, or it was tobedeleted and not replaced), and tracking it
// would let the next apply delete it. It reports whether m is to be
// stored in state.
func (r *gradebookResource[T, M]) lostCreate(
	ctx context.Context,
	client *oneroster.Client,
	id string,
	m *M,
	summary, detail string,
	diags *diag.Diagnostics,
) bool {
	k := r.kind
	// The create's own deadline may be what failed it: read back on a
	// short one of its own.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lostCreateReadTimeout)
	defer cancel()
	stored, err := k.collection.Get(rctx, client, id)
	planned := *m
	switch {
	case oneroster.IsNotFound(err):
		diags.AddError(summary, detail+fmt.Sprintf("\n\nReading it back shows the server has no %s %q: nothing was created. Apply again.", k.title, id))
		return false
	case err != nil:
		diags.AddError(summary, detail+fmt.Sprintf("\n\nThe server may have stored the %s %q, but reading it back failed too (%s), so Terraform cannot tell "+
			"whether the object there is the one it sent. It is not kept in the state, so that no later apply deletes an object that may not be this one. "+
			"Look it up in the SIS: if it is the one this configuration describes, import it (terraform import oneroster_%s.<name> %s); "+
			"if not, choose another sourced_id.", k.title, id, err, k.typeName, shellQuote(id)))
		return false
	}
	filled := planned
	r.copyFromStored(&filled, stored, id)
	if diffs := configuredDifferences(&planned, &filled); len(diffs) > 0 || k.base(stored).IsDeleted() {
		what := describeDifferences(diffs)
		if k.base(stored).IsDeleted() {
			what = fmt.Sprintf("  status: the server marks it %q\n", k.base(stored).Status)
		}
		diags.AddError(summary, detail+fmt.Sprintf("\n\nThe server holds a %s %q, but not the one this create sent:\n%s\n"+
			"It is someone else's object, or it changed since. It is not kept in the state, so that no apply deletes it. "+
			"If it should be managed here, import it (terraform import oneroster_%s.<name> %s); otherwise choose another sourced_id.",
			k.title, id, what, k.typeName, shellQuote(id)))
		return false
	}
	*m = filled
	diags.AddWarning(fmt.Sprintf("The answer to creating the %s %q was lost", k.title, id),
		fmt.Sprintf("%s: %s\n\nReading it back shows that the server stored exactly the %s this create sent, so it is recorded in the state as created.",
			summary, detail, k.title))
	return true
}

// lostCreateReadTimeout bounds the read-back after a create's answer was
// lost.
const lostCreateReadTimeout = time.Minute

// answeredOtherID handles a PUT answered with a record under another
// sourcedId than the one written: the server chose its own id and keeps
// a copy under it. A create tracks that copy (tainted by the error), so
// that the next apply deletes it rather than orphan it; an update keeps
// tracking its object and names the copy.
func (r *gradebookResource[T, M]) answeredOtherID(op, id, answered string, m *M, stored *T, diags *diag.Diagnostics) bool {
	k := r.kind
	detail := fmt.Sprintf("%s %s answered with a %s whose sourcedId is %q, not %q: the server stores it under an id of its own choosing, "+
		"so every apply would write another copy. ", oneroster.OpPut.Method(), k.collection.Record(id), k.title, answered, id)
	if op == "create" {
		r.copyFromStored(m, stored, answered)
		diags.AddError(fmt.Sprintf("The server stored the %s as %q, not %q", k.title, answered, id),
			detail+fmt.Sprintf("The state tracks the copy %q, so that the next apply or destroy deletes it and none is left behind. "+
				"Ask the SIS vendor whether it can keep client-chosen sourcedIds; if it cannot, this server's %ss cannot be managed by id.", answered, k.title))
		return true
	}
	diags.AddError(fmt.Sprintf("The server stored the %s as %q, not %q", k.title, answered, id),
		detail+fmt.Sprintf("The state keeps tracking %q. The server's copy %q is not managed by Terraform: delete it in the SIS, "+
			"or import it into a resource of its own.", id, answered))
	return false
}

// trackByIDOnly makes m a state entry for an object whose stored form is not
// known: its sourcedId, with the computed attributes left null.
func (k *gradebookKind[T, M]) trackByIDOnly(m *M, id string) {
	common := k.common(m)
	common.ID, common.SourcedID = types.StringValue(id), types.StringValue(id)
	common.Status = types.StringValue(model.StatusActive)
	common.DateLastModified = types.StringNull()
}

// copyFromStored copies a stored record into m, common attributes included.
func (r *gradebookResource[T, M]) copyFromStored(m *M, rec *T, id string) {
	copyFromRecord(r.kind.fields, m, rec)
	base := r.kind.base(rec)
	common := r.kind.common(m)
	common.ID, common.SourcedID = types.StringValue(id), types.StringValue(id)
	common.Status = types.StringValue(model.StatusActive)
	if base.Status != "" {
		common.Status = types.StringValue(base.Status)
	}
	common.DateLastModified = optionalString(base.DateLastModified)
}

func (r *gradebookResource[T, M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	setID := func(id types.String) { setIdentity(ctx, resp.Identity, "sourced_id", id, &resp.Diagnostics) }
	switch r.read(ctx, &state, setID, req.Private, resp.Private, &resp.Diagnostics) {
	case readGone:
		resp.State.RemoveResource(ctx)
	case readFound:
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// readValue is Read on the protocol's values (directReader), for the
// kinds whose reads the server answers itself (readsDirectly): Read's own
// steps (read), with the state converted by the model's codec
// (model_codec.go) and the identity's sourced_id set on its value
// (withIdentityAttribute), where Read has tfsdk do both. Only those kinds
// are registered for direct reads (newServer), so ok is always true.
func (r *gradebookResource[T, M]) readValue(ctx context.Context, sch schema.Schema, state tftypes.Value, identity *tftypes.Value,
	private privateData, diags *diag.Diagnostics) (tftypes.Value, bool) {
	var m M
	modelFromState(ctx, sch, state, &m, diags)
	setID := func(id types.String) { r.setIdentityValue(ctx, identity, id, diags) }
	next := state
	switch r.read(ctx, &m, setID, private, private, diags) {
	case readGone:
		next = tftypes.NewValue(state.Type(), nil)
	case readFound:
		next = stateFromModel(ctx, sch, state, &m, diags)
	}
	return next, true
}

// setIdentityValue is setIdentity on the identity's value (nil for none):
// the attribute set on the value itself, or, for an identity that is not
// an object with a string sourced_id, through the framework's identity
// type, for its diagnostics.
func (r *gradebookResource[T, M]) setIdentityValue(ctx context.Context, identity *tftypes.Value, id types.String, diags *diag.Diagnostics) {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return
	}
	if v, ok := withIdentityAttribute(*identity, "sourced_id", tftypes.NewValue(tftypes.String, id.ValueString())); ok {
		*identity = v
		return
	}
	var idSchema resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &idSchema)
	framework := &tfsdk.ResourceIdentity{Raw: *identity, Schema: idSchema.IdentitySchema}
	setIdentity(ctx, framework, "sourced_id", id, diags)
	*identity = framework.Raw
}

// readOutcome is what read found, and so what becomes of the state.
type readOutcome int

const (
	readFailed readOutcome = iota // the state stays as it was (with an error, or a Get's)
	readGone                      // the object is gone: the resource leaves the state
	readFound                     // the state is the model read sets
)

// read is Read's steps, on the prior state's model (state, as converted
// from it, with the conversion's diagnostics already in diags): it fills
// state with what the server stores, sets the identity's sourced_id
// (setID, as setIdentity does), and clears in
// next the mark an import leaves in the private state (read in prior).
// Its callers convert the model back into the new state, or remove it,
// as the outcome says.
func (r *gradebookResource[T, M]) read(ctx context.Context, state *M, setID func(sourcedID types.String),
	prior, next privateData, diags *diag.Diagnostics) readOutcome {
	k := r.kind
	client, d := r.data.Client()
	diags.Append(d...)
	diags.Append(notInVersion("oneroster_"+k.typeName, k.collection.Info, client)...)
	if diags.HasError() {
		return readFailed
	}
	id := k.common(state).SourcedID.ValueString()
	// Set on every path, a removal's included: the framework refuses a
	// read that leaves the identity null, as a state written by a CLI
	// without identity has it.
	setID(k.common(state).SourcedID)
	marker, d := prior.GetKey(ctx, importingKey)
	diags.Append(d...)
	importing := len(marker) > 0
	if importing {
		// Only the first Read after the import.
		diags.Append(next.SetKey(ctx, importingKey, nil)...)
	}
	rec, err := k.collection.Get(ctx, client, id)
	switch {
	case importing && oneroster.IsNotFound(err):
		diags.AddError(fmt.Sprintf("Cannot import the %s %q: the server has none", k.title, id),
			fmt.Sprintf("The server answered 404 for the %s %q (%s). Check the sourcedId, and that the provider block points at the server that holds it; "+
				"to create it instead, remove the import and apply.", k.title, id, err))
		return readFailed
	case importing && err == nil && k.base(rec).IsDeleted():
		diags.AddError(fmt.Sprintf("Cannot import the %s %q: it is marked tobedeleted", k.title, id),
			fmt.Sprintf("The server holds the %s %q (%s), but marks it %q: it was deleted outside Terraform, and there is nothing active to manage. "+
				"Remove the import (the import block, or do not run terraform import) and apply: the create writes the configuration over a "+
				"tobedeleted %s, so the object is active again with this configuration's values.",
				k.title, id, k.label(rec), k.base(rec).Status, k.title))
		return readFailed
	case oneroster.IsNotFound(err):
		diags.AddWarning(
			fmt.Sprintf("The %s %q is gone", k.title, id),
			fmt.Sprintf(
				"The server has no %s %q any more (it was deleted outside Terraform). It is removed from the state; the next apply creates it again.",
				k.title,
				id,
			),
		)
		return readGone
	case err != nil:
		diags.AddError(fmt.Sprintf("Cannot read the %s %q", k.title, id), readErrorDetail(k.collection.InfoOn(client), err))
		return readFailed
	case k.base(rec).IsDeleted():
		diags.AddWarning(
			fmt.Sprintf("The %s %q is marked tobedeleted", k.title, id),
			fmt.Sprintf(
				"The server marks the %s %q as %q (it was deleted outside Terraform). It is removed from the state; the next apply writes it again.",
				k.title,
				id,
				k.base(rec).Status,
			),
		)
		return readGone
	}
	r.copyFromStored(state, rec, id)
	return readFound
}

func (r *gradebookResource[T, M]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	k := r.kind
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := k.common(&state).Timeouts.Delete(ctx, defaultGradebookTimeout)
	resp.Diagnostics.Append(diags...)
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := k.common(&state).SourcedID.ValueString()
	if err := k.collection.Delete(ctx, client, id); err != nil && !oneroster.IsNotFound(err) {
		summary, detail := describeWriteError(ctx, "delete", timeout, k.title, k.collection.InfoOn(client), oneroster.OpDelete, err)
		resp.Diagnostics.AddError(summary, detail)
	}
}

// writeRequest names the request that writes one record of a collection,
// for the resources' documentation: `PUT /lineItems/{sourcedId}`.
func writeRequest(info *oneroster.Info) string {
	return "`" + oneroster.OpPut.Method() + " " + info.Path() + "/{sourcedId}`"
}

// Mapping between Terraform values and record fields.

// optionalString maps "" (absent, null or empty on the wire) to null.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// refTo builds a GUIDRef of the given type, or nil for a null id.
func refTo(id types.String, refType string) *model.Ref {
	if id.IsNull() || id.IsUnknown() || id.ValueString() == "" {
		return nil
	}
	return &model.Ref{SourcedID: id.ValueString(), Type: refType}
}

// sameID is the value to keep for an id a record refers to: the prior
// (configured) spelling when the server answered the same id in another
// case, as servers that match ids case-insensitively do; the server's
// otherwise. Ids are used as configured throughout.
func sameID(prior types.String, stored string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(prior.ValueString(), stored) {
		return prior
	}
	return optionalString(stored)
}

func numberOf(v types.Float64) *model.Number {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return model.NumberPtr(v.ValueFloat64())
}

func float64Value(n *model.Number) types.Float64 {
	if n == nil {
		return types.Float64Null()
	}
	return types.Float64Value(float64(*n))
}

// storedNumber is the value to keep for a number the server stored: the
// prior (configured) value when it is the same float64. A configured 0.1
// is the exact decimal, which no float64 is; the server's answer is the
// nearest float64, equal to it as a float64 but not as Terraform compares
// numbers, so that keeping the server's would be a change on every apply.
func storedNumber(prior types.Float64, n *model.Number) types.Float64 {
	if n != nil && !prior.IsNull() && !prior.IsUnknown() && prior.ValueFloat64() == float64(*n) {
		return prior
	}
	return float64Value(n)
}

// isoDateLayouts are the ISO 8601 forms OneRoster dates take: a full date,
// or a date-time with or without a zone.
var isoDateLayouts = []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05.999999999"}

func parseISODate(s string) (time.Time, bool) {
	for _, layout := range isoDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// storedDate is the value to keep for a date the server stored: the prior
// (configured) spelling when it names the same instant, as servers may
// answer "2024-09-02" with "2024-09-02T00:00:00Z"; the server's otherwise.
func storedDate(prior types.String, stored string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && stored != "" {
		p, ok1 := parseISODate(prior.ValueString())
		s, ok2 := parseISODate(stored)
		if ok1 && ok2 && p.Equal(s) {
			return prior
		}
	}
	return optionalString(stored)
}

// iso8601Check accepts the date forms of isoDateLayouts.
var iso8601Check = stringCheck{
	description: "must be an ISO 8601 date (2024-09-02) or date-time (2024-09-02T08:00:00Z)",
	summary:     "Invalid date",
	problem: func(p path.Path, v string) string {
		if _, ok := parseISODate(v); ok {
			return ""
		}
		return fmt.Sprintf(
			"%s: %q is not an ISO 8601 date or date-time. Write a date as 2024-09-02, or a date-time as 2024-09-02T08:00:00Z (or with an offset, "+
				"2024-09-02T08:00:00-05:00).",
			p,
			v,
		)
	},
}

// scoreStatuses are the scoreStatus values a configuration may use; the
// misspelling "not submmitted" is read (and normalized) but never written.
var scoreStatuses = []string{
	model.ScoreStatusExempt, model.ScoreStatusFullyGraded, model.ScoreStatusNotSubmitted,
	model.ScoreStatusPartiallyGraded, model.ScoreStatusSubmitted,
}

func scoreStatusValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(scoreStatuses...)}
}

const scoreStatusDescription = "One of `exempt`, `fully graded`, `not submitted`, `partially graded`, `submitted`. " +
	"The misspelling `not submmitted` that some servers send reads as `not submitted`."
