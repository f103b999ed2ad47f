package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_connection: one district's OneRoster connection, declared as
// code and proved at plan time. Nothing is written to the server.
//
// Its interface checks, constructor and model are below. The framework
// calls its methods in this order:
//   - ConfigValidators: exactly one auth block.
//   - ModifyPlan: the target (the vendor preset applied; the base and token
//     URLs it resolves are shown in the plan) → probe (check): the
//     endpoints' URLs, the version, a client, then a token and a read of
//     each topic (probeConnection, connection_probes.go) and the write
//     scopes when grades_enabled; an error fails the plan → the version
//     found, into the plan.
//   - Create, Update: apply: the same probe with the planned values and
//     the configured credentials (write-only ones included) → what it
//     found, into the state.
//   - Read: the probe again with the state's credentials (with write-only
//     ones there are none, and the state is kept); a failure warns and
//     keeps the state, for the next plan to fail on.
//   - Delete: nothing on the server; the state entry goes.
//
// It has no import: nothing on the server is the connection.

var (
	_ resource.Resource                     = (*connectionResource)(nil)
	_ resource.ResourceWithConfigure        = (*connectionResource)(nil)
	_ resource.ResourceWithConfigValidators = (*connectionResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*connectionResource)(nil)
)

// connectionResource declares one district's OneRoster connection and
// proves it works: at plan time it authenticates and probes each topic.
// Nothing is created on the server; the state records what was found.
type connectionResource struct {
	data *providerData
}

func newConnectionResource() resource.Resource { return &connectionResource{} }

type connectionModel struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	BaseURL           types.String `tfsdk:"base_url"`
	Version           types.String `tfsdk:"oneroster_version"`
	Topics            types.List   `tfsdk:"topics"`
	GradesEnabled     types.Bool   `tfsdk:"grades_enabled"`
	AvailableTopics   types.List   `tfsdk:"available_topics"`
	UnavailableTopics types.Map    `tfsdk:"unavailable_topics"`
	RecordCounts      types.Map    `tfsdk:"record_counts"`
	GrantedScopes     types.List   `tfsdk:"granted_scopes"`
	ResolvedBaseURL   types.String `tfsdk:"resolved_base_url"`
	ResolvedTokenURL  types.String `tfsdk:"resolved_token_url"`
	CanWriteGrades    types.Bool   `tfsdk:"can_write_grades"`
	MissingWriteScope types.String `tfsdk:"missing_write_scopes"`
	connectionAuthModel
	serviceURLsModel
	presetModel
	connectionHeadersModel
}

// usesWriteOnly reports whether any secret, credential or header map, is
// given write-only.
func (m connectionModel) usesWriteOnly() bool {
	return m.connectionAuthModel.usesWriteOnly() || m.connectionHeadersModel.usesWriteOnly()
}

// connectionSecrets are what a connection authenticates with: its
// credentials and its header maps, each write-only form folded in.
type connectionSecrets struct {
	auth    authModel
	headers connectionHeadersModel
}

// secrets reads m's secrets. Write-only values are only present when m
// was read from the configuration; from a plan or state they are null.
func (m connectionModel) secrets() connectionSecrets {
	return connectionSecrets{auth: m.credentials(), headers: m.connectionHeadersModel}
}

func (r *connectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_connection"
}

func (r *connectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := resourceAuthAttributes()
	maps.Copy(attrs, resourceVendorAttributes())
	maps.Copy(attrs, resourceServiceURLAttributes())
	maps.Copy(attrs, connectionHeaderAttributes())
	maps.Copy(attrs, connectionSettingAttributes())
	maps.Copy(attrs, connectionReportAttributes())
	resp.Schema = schema.Schema{MarkdownDescription: connectionDescription, Attributes: attrs}
}

// connectionDescription is oneroster_connection's documentation.
const connectionDescription = "Declares one district's OneRoster connection and proves it works. During `plan` (whenever its values are known) " +
	"it authenticates and probes each topic with a one-record GET: bad credentials, an unreachable token URL or a 401/403 fail the plan, " +
	"and a topic the server does not implement is a warning, while a server that implements none of the topics probed fails the plan " +
	"(most often a base_url without the OneRoster path, `…/ims/oneroster/v1p1` or `…/ims/oneroster/rostering/v1p2`: " +
	"the message names the one that answers). " +
	"With stored credentials refresh probes again, so revoked credentials show up on the next plan. " +
	"The connection carries its own credentials, independent of the provider block, so one workspace can check many districts; " +
	"it uses the provider block's transport settings (`ca_cert_pem`, `insecure_skip_verify`, `allow_insecure_http`, retries, timeouts). " +
	"Nothing is written to the server.\n\n" +
	"**Write-only credentials** (`client_secret_wo`, `consumer_secret_wo`, `password_wo`; Terraform 1.11+ and OpenTofu 1.11+) keep " +
	"the secrets out of the plan and state, and `extra_headers_wo` and `gradebook_headers_wo` keep the header values (vendor keys) out too. " +
	"Each needs its `…_wo_version`: bump it when the secret changes, and the update validates " +
	"the connection again with the new value. In that mode every `plan` still probes, since the configuration (write-only values " +
	"included) is available at plan time, so wrong or revoked credentials still fail the plan. Refresh cannot probe: Read sees only " +
	"the state, which holds no secret, so it keeps the recorded `available_topics`, `unavailable_topics`, `record_counts` and " +
	"`granted_scopes` unchanged. A refresh-only run therefore re-checks nothing, and those attributes are recorded anew only when " +
	"an apply updates the connection (bump a `…_wo_version` to force one)."

// connectionSettingAttributes are what a connection is configured with,
// besides its credentials, vendor preset, service URLs and headers.
func connectionSettingAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	attrs["name"] = schema.StringAttribute{
		Required: true, MarkdownDescription: "A name for the connection, used in messages (e.g. the district's name).",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["base_url"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The district server's OneRoster base URL, whole, e.g. `https://sis.example.org/ims/oneroster/v1p1`. " +
			"Or, for OneRoster 1.2, the rostering service's `https://sis.example.org/ims/oneroster/rostering/v1p2`. Required unless `vendor` fills it in; when " +
			"both are set, this wins.",
		Validators: []validator.String{endpointURLCheck(urlBase)},
	}
	attrs[attrVersion] = schema.StringAttribute{
		Optional: true, Computed: true, Validators: versionValidators(),
		MarkdownDescription: versionDescription() + " When not set, the version detected from `base_url`: the connection reports which one it speaks. " +
			"Probes use that version's paths, service base URLs and scopes.",
	}
	attrs["topics"] = schema.ListAttribute{
		ElementType: types.StringType, Optional: true, Computed: true,
		Default: listdefault.StaticValue(stringList(defaultRosterTopics())),
		MarkdownDescription: "Rostering topics to probe with a one-record GET. Defaults to `" + strings.Join(defaultRosterTopics(), "`, `") + "`. " +
			"Allowed: `" + strings.Join(rosterTopicNames(), "`, `") + "`.",
		Validators: []validator.List{
			listvalidator.ValueStringsAre(topicCheck),
			listvalidator.UniqueValues(),
		},
	}
	attrs["grades_enabled"] = schema.BoolAttribute{
		Optional: true, Computed: true, Default: booldefault.StaticBool(false),
		MarkdownDescription: "Also probe the gradebook reads (" + gradebookTopicsDescription() + ", at the gradebook service's base URL). Defaults to `false`.",
	}
	attrs["missing_write_scopes"] = schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString(severityWarning),
		MarkdownDescription: "With `grades_enabled`, what the plan does when the granted scopes lack gradebook write access, or when it cannot be proven: " +
			"`warning` (the default), `error`, for workspaces whose gradebook resources must not start an apply they cannot finish, " +
			"or `ignore`, for read-only workspaces (`can_write_grades` still tells).",
		Validators: []validator.String{stringvalidator.OneOf(severityWarning, severityError, severityIgnore)},
	}
	return attrs
}

// connectionReportAttributes are what the probes found, computed.
func connectionReportAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	attrs["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The connection's `name`."}
	attrs["resolved_base_url"] = schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "The base URL the connection uses: `base_url`, or the one `vendor` derives. Shown in the plan, so that a preset is never magic.",
	}
	attrs["resolved_token_url"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The OAuth 2 token URL the connection uses (configured, or derived by `vendor`), with query values other than `appName`, " +
			"`grant_type` and `scope` masked; empty for OAuth 1 and bearer tokens.",
	}
	attrs["can_write_grades"] = schema.BoolAttribute{
		Computed: true,
		MarkdownDescription: "With `grades_enabled`: whether the token's granted scopes include every scope the gradebook resources write with, " +
			"so that they can write: on OneRoster 1.1 `gradebook.createput` and `gradebook.delete`; on 1.2 those under the 1.2 prefix, " +
			"`gradebook.createpost` for the bulk POST of results, and `assessment.createput` and `assessment.delete` for the assessments. Null when it cannot " +
			"be proven without writing: under OAuth 1.0a, " +
			"which has no scopes, or when the token response does not list the granted scopes. The provider never writes to find out.",
	}
	attrs["available_topics"] = schema.ListAttribute{
		ElementType: types.StringType, Computed: true,
		MarkdownDescription: "Topics the server answered, in probe order.",
	}
	attrs["unavailable_topics"] = schema.MapAttribute{
		ElementType: types.StringType, Computed: true,
		MarkdownDescription: "Topics the server does not implement (404 or 501), with the server's answer.",
	}
	attrs["record_counts"] = schema.MapAttribute{
		ElementType: types.Int64Type, Computed: true,
		MarkdownDescription: "Records per topic, from the server's `X-Total-Count` header where it sends one.",
	}
	attrs["granted_scopes"] = schema.ListAttribute{
		ElementType: types.StringType, Computed: true,
		MarkdownDescription: "Scopes granted with the OAuth 2 token, when the token response lists them; empty otherwise.",
	}
	return attrs
}

func (r *connectionResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(authPathExpressions()...)}
}

func (r *connectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan is where the connection proves itself: a plan fails when the
// credentials or the server do not work.
func (r *connectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to prove
	}
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creds := credentialsFromConfig(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var explicit types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attrVersion), &explicit)...)
	if target, _ := r.target(ctx, plan, creds, explicit); target != nil {
		// The derived URLs are known now: show them in the plan.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("resolved_base_url"), target.baseURL)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("resolved_token_url"), target.tokenURL())...)
	}
	report, diags := r.probe(ctx, plan, creds, explicit)
	resp.Diagnostics.Append(diags...)
	// The other computed attributes are filled at apply, so that plan and
	// apply agree; the version follows from the configuration alone, and
	// is known as soon as it is detected.
	if report != nil && plan.Version.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attrVersion), report.version.Title())...)
	}
}

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, req.Config, &resp.State, &resp.Diagnostics)
}

// credentialsFromConfig reads the auth blocks and header maps from the
// configuration, the only place where write-only values are present (plan
// and state hold them as null).
func credentialsFromConfig(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) connectionSecrets {
	var cfg connectionModel
	diags.Append(config.Get(ctx, &cfg)...)
	return cfg.secrets()
}

// apply (Create and Update) probes the connection with the planned values
// and the configured credentials, and records the findings in state.
func (r *connectionResource) apply(ctx context.Context, plan tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, diags *diag.Diagnostics) {
	var m connectionModel
	diags.Append(plan.Get(ctx, &m)...)
	creds := credentialsFromConfig(ctx, config, diags)
	if diags.HasError() {
		return
	}
	var explicit types.String
	diags.Append(config.GetAttribute(ctx, path.Root(attrVersion), &explicit)...)
	report, d := r.probe(ctx, m, creds, explicit)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if report == nil {
		// Only possible when values are still unknown, which the framework
		// rules out at apply.
		diags.AddError("Connection not checked", "Some of the connection's values were still unknown at apply; this is a bug in the provider.")
		return
	}
	m.ID = m.Name
	report.setComputed(&m)
	diags.Append(state.Set(ctx, &m)...)
}

// Read probes again, so that revoked credentials or a shrunken district
// show up on the next plan. A failing probe keeps the last known state and
// warns: ModifyPlan turns the same failure into an error on the next plan,
// and a destroy still works. With write-only credentials there is nothing
// to probe with (they are not in the state): Read keeps the state, and the
// plan's probe, which sees the configuration, does the checking.
func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.usesWriteOnly() {
		tflog.Debug(
			ctx,
			"oneroster_connection uses write-only credentials: refresh keeps the recorded state without probing",
			map[string]any{"name": state.Name.ValueString()},
		)
		return
	}
	// The recorded version was resolved from the same base_url, so it
	// stands for the configuration's choice.
	report, diags := r.probe(ctx, state, state.secrets(), state.Version)
	if diags.HasError() {
		for _, d := range diags.Errors() {
			resp.Diagnostics.AddWarning("Connection check failed on refresh: "+d.Summary(), d.Detail())
		}
		return
	}
	// Its warnings (a missing write scope, a topic not implemented) are
	// left to the plan's probe, which runs next with the configuration:
	// reported here too, every plan would show each of them twice.
	for _, d := range diags.Warnings() {
		tflog.Debug(ctx, "oneroster_connection refresh: warning left to the plan", map[string]any{"name": state.Name.ValueString(), "summary": d.Summary()})
	}
	if report != nil {
		report.setComputed(&state)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *connectionResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// Nothing exists on the server; removing the resource from state is all.
}

// connectionTarget is where and how a connection connects, once its
// vendor preset (if any) is applied.
type connectionTarget struct {
	baseURL string
	auth    oneroster.Auth
	config  oneroster.Config // the provider block's, with the connection's headers
	vendor  *oneroster.Vendor
	// version is the explicit choice of version, if any.
	version versionChoice
}

func (t *connectionTarget) tokenURL() string {
	for _, e := range authEndpoints(t.auth) {
		return oneroster.DisplayTokenURL(e.raw)
	}
	return ""
}

// target resolves m's preset, base URL and credentials, with version the
// oneroster_version setting. It returns nil (and no error) when some value
// is not known yet.
func (r *connectionResource) target(
	ctx context.Context,
	m connectionModel,
	creds connectionSecrets,
	version types.String,
) (*connectionTarget, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.BaseURL.IsUnknown() {
		return nil, diags
	}
	choice, known, d := readVersion(version, nil)
	diags.Append(d...)
	if diags.HasError() || !known {
		return nil, diags
	}
	p, d := creds.headers.readPreset(m.presetModel, presetVersion(choice, m.BaseURL, nil))
	diags.Append(d...)
	if diags.HasError() || p.unknown {
		return nil, diags
	}
	baseURL := m.BaseURL.ValueString()
	if baseURL == "" {
		baseURL = p.settings.BaseURL
	}
	if baseURL == "" {
		diags.AddAttributeError(path.Root("base_url"), "Missing base_url", p.missingBaseURLDetail(
			"Set base_url to the district server's OneRoster base URL (e.g. https://sis.example.org/ims/oneroster/v1p1), or set vendor to a preset that derives it.",
		))
		return nil, diags
	}
	auth, d := creds.auth.resolve(ctx, p.defaults(nil))
	diags.Append(d...)
	if diags.HasError() || auth.unknown {
		return nil, diags
	}
	// Without the provider's configuration (at validate time), the
	// client's defaults; the connection's own headers replace the
	// provider block's.
	config := oneroster.Config{UserAgent: userAgent("dev")}
	if r.data != nil {
		config = r.data.config
	}
	config.ExtraHeaders = p.headers
	p.fillClientLimits(&config)
	if !m.serviceURLsModel.apply(&config, nil) {
		return nil, diags
	}
	return &connectionTarget{baseURL: baseURL, auth: auth.auth, config: config, vendor: p.vendor, version: choice}, diags
}

// probe checks the connection described by m with the credentials creds
// (m's own auth blocks, with write-only values folded in). It returns nil
// (and no diagnostics) when some value is not known yet. Every diagnostic's
// summary starts with Connection "<name>": a plan of hundreds of
// connections prints them in the order the checks finish, and the name
// lets a user find and sort them (the CI guide's grep).
func (r *connectionResource) probe(ctx context.Context, m connectionModel, creds connectionSecrets, version types.String) (*probeReport, diag.Diagnostics) {
	report, diags := r.check(ctx, m, creds, version)
	if m.Name.IsUnknown() || m.Name.IsNull() {
		return report, diags
	}
	prefix := fmt.Sprintf("Connection %q: ", m.Name.ValueString())
	named := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		if strings.HasPrefix(d.Summary(), prefix) {
			named = append(named, d)
			continue
		}
		summary := prefix + d.Summary()
		withPath, hasPath := d.(diag.DiagnosticWithPath)
		switch {
		case hasPath && d.Severity() == diag.SeverityError:
			named.AddAttributeError(withPath.Path(), summary, d.Detail())
		case hasPath:
			named.AddAttributeWarning(withPath.Path(), summary, d.Detail())
		case d.Severity() == diag.SeverityError:
			named.AddError(summary, d.Detail())
		default:
			named.AddWarning(summary, d.Detail())
		}
	}
	return report, named
}

// check is probe without the connection's name in the summaries.
func (r *connectionResource) check(ctx context.Context, m connectionModel, creds connectionSecrets, version types.String) (*probeReport, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.Name.IsUnknown() || m.Topics.IsUnknown() || m.GradesEnabled.IsUnknown() || version.IsUnknown() {
		return nil, diags
	}
	target, d := r.target(ctx, m, creds, version)
	diags.Append(d...)
	if diags.HasError() || target == nil {
		return nil, diags
	}
	var topics []string
	diags.Append(m.Topics.ElementsAs(ctx, &topics, false)...)
	if diags.HasError() {
		return nil, diags
	}
	endpoints := append(authEndpoints(target.auth), endpointURL{path.Root("base_url"), target.baseURL, urlBase})
	diags.Append(checkEndpoints(target.config, append(endpoints, serviceEndpoints(target.config)...))...)
	if diags.HasError() {
		return nil, diags
	}
	config := target.config
	config.Version, d = resolveVersion(target.baseURL, target.version, target.auth)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	client, err := newClient(target.baseURL, target.auth, config)
	if err != nil {
		diags.AddError(fmt.Sprintf("Connection %q is misconfigured", m.Name.ValueString()), err.Error())
		return nil, diags
	}
	// A plan of many connections would keep every probe's connections
	// open, idle, until its end.
	defer client.CloseIdleConnections()
	if m.GradesEnabled.ValueBool() {
		// The gradebook of the version the client speaks.
		topics = append(topics, gradebookTopics(client.Catalog())...)
	}
	// When nothing answers at base_url, the probe tries the base URLs it
	// likely meant, with the same credentials and settings.
	candidate := func(baseURL string, v oneroster.Version) (*oneroster.Client, error) {
		c := config
		c.Version = v
		return newClient(baseURL, target.auth, c)
	}
	search := pathSearch{explicit: target.version.version, newClient: candidate}
	if _, isOAuth1 := target.auth.(*oneroster.OAuth1); isOAuth1 && search.explicit == "" {
		// OneRoster 1.2 is OAuth 2 only: only 1.1's path can be meant.
		search.explicit = oneroster.Version1p1
	}
	report, diags2 := probeConnection(ctx, m.Name.ValueString(), client, topics, target.vendor, search)
	diags.Append(diags2...)
	if report != nil && m.GradesEnabled.ValueBool() {
		report.canWriteGrades = checkWriteScopes(
			m.Name.ValueString(),
			client.AuthMethod(),
			client.Catalog(),
			report.grantedScopes,
			m.MissingWriteScope.ValueString(),
			&diags,
		)
	}
	if diags.HasError() {
		return nil, diags
	}
	if report != nil {
		report.baseURL, report.tokenURL = target.baseURL, target.tokenURL()
	}
	return report, diags
}

// Severities of missing_write_scopes.
const (
	severityWarning = "warning"
	severityError   = "error"
	severityIgnore  = "ignore"
)

// checkWriteScopes tells, from the scopes granted with the token, whether
// the gradebook resources can write on the catalog's version (whose scopes
// the message names); nil when that cannot be known without writing
// (OAuth 1.0a has no scopes; some token endpoints do not list the scopes
// they grant). A missing scope is a warning, an error or nothing, per
// severity; an unknown answer is a warning unless ignored.
func checkWriteScopes(name, method string, cat *oneroster.Catalog, granted []string, severity string, diags *diag.Diagnostics) *bool {
	summary := fmt.Sprintf("Connection %q: gradebook write permission", name)
	const silence = `Set missing_write_scopes = "ignore" to silence this.`
	if method == "oauth1" || len(granted) == 0 {
		why := "OAuth 1.0a grants no scopes"
		switch method {
		case oneroster.AuthMethodOAuth1:
		case oneroster.AuthMethodBearerToken:
			why = "a fixed bearer token comes with no list of the scopes it grants"
		default:
			why = "the token endpoint does not list the scopes it granted"
		}
		if severity != severityIgnore {
			diags.AddAttributeWarning(path.Root("grades_enabled"), summary+" cannot be proven",
				fmt.Sprintf("%s, and the provider never writes to find out: can_write_grades is null. "+
					"A missing permission would show up as a 403 when a gradebook resource is applied. %s", why, silence))
		}
		return nil
	}
	have := map[string]bool{}
	for _, s := range granted {
		have[s] = true
	}
	var missing []string
	for _, w := range gradebookWriteScopes(cat) {
		if !have[w.scope] {
			missing = append(missing, fmt.Sprintf("%s for %s", w.scope, strings.Join(w.collections, ", ")))
		}
	}
	ok := len(missing) == 0
	if !ok && severity != severityIgnore {
		// Short on purpose: it shows on every plan. granted_scopes lists
		// what the token has.
		detail := fmt.Sprintf("The token lacks %s, which the gradebook resources (oneroster_category, oneroster_line_item, "+
			"oneroster_result, oneroster_result_set…) need on OneRoster %s to write and delete: an apply of one would fail part-way. "+
			"Have the SIS grant them to this client, and list them in the auth block's scopes if you set scopes. "+
			`Set missing_write_scopes = "error" to fail the plan instead, or "ignore" to silence this.`,
			strings.Join(missing, "; "), cat.Version.Title())
		if severity == severityError {
			diags.AddAttributeError(path.Root("grades_enabled"), summary+" missing", detail)
		} else {
			diags.AddAttributeWarning(path.Root("grades_enabled"), summary+" missing", detail)
		}
	}
	return &ok
}

// probeReport is what probing a connection found.
type probeReport struct {
	version       oneroster.Version
	available     []string
	unavailable   map[string]string
	counts        map[string]int64
	grantedScopes []string
	// baseURL and tokenURL are the URLs probed, vendor preset applied.
	baseURL, tokenURL string
	// canWriteGrades is nil when not checked or not knowable.
	canWriteGrades *bool
}

func (p *probeReport) setComputed(m *connectionModel) {
	m.Version = types.StringValue(p.version.Title())
	m.AvailableTopics = stringList(p.available)
	unavailable := make(map[string]attr.Value, len(p.unavailable))
	for k, v := range p.unavailable {
		unavailable[k] = types.StringValue(v)
	}
	m.UnavailableTopics = types.MapValueMust(types.StringType, unavailable)
	counts := make(map[string]attr.Value, len(p.counts))
	for k, v := range p.counts {
		counts[k] = types.Int64Value(v)
	}
	m.RecordCounts = types.MapValueMust(types.Int64Type, counts)
	m.GrantedScopes = stringList(p.grantedScopes)
	m.ResolvedBaseURL = types.StringValue(p.baseURL)
	m.ResolvedTokenURL = types.StringValue(p.tokenURL)
	m.CanWriteGrades = types.BoolPointerValue(p.canWriteGrades)
}

// probeConnection authenticates and then GETs one record of each topic.
// Failures name the connection, the auth method, the URL and the server's
// answer; a topic the server does not implement is only a warning.
//
// When topics were probed and none answered (each a 404 or 501), the plan
// fails: a server that serves none of them cannot serve the connection, and
// most often the base URL is wrong. A base URL that lacks the OneRoster
// path has search's candidates probed, and the message names the one that
// answers.
func probeConnection(ctx context.Context, name string, client *oneroster.Client, topics []string, vendor *oneroster.Vendor,
	search pathSearch) (*probeReport, diag.Diagnostics) {
	p := &connectionProbe{
		name:   name,
		client: client,
		vendor: vendor,
		method: client.AuthMethod(),
		report: &probeReport{
			version:       client.Version(),
			unavailable:   map[string]string{},
			counts:        map[string]int64{},
			available:     []string{},
			grantedScopes: []string{},
		},
	}
	if !p.authenticate(ctx) {
		return nil, p.diags
	}
	probes := p.probeAll(ctx, topics)
	for i, topic := range topics {
		if !p.recordProbe(topic, probes[i]) {
			return nil, p.diags
		}
	}
	if p.diags.HasError() {
		return nil, p.diags
	}
	if len(p.unsupported) > 0 && len(p.report.available) == 0 {
		p.noTopicAnswered(ctx, search)
		return nil, p.diags
	}
	p.warnUnsupported()
	return p.report, p.diags
}

// connectionProbe is one run of probeConnection: what it probes with, and
// what it has found so far.
type connectionProbe struct {
	name   string
	client *oneroster.Client
	vendor *oneroster.Vendor
	method string
	report *probeReport
	// unsupported are the topics the server does not implement, and
	// firstUnsupported the first one's answer.
	unsupported      []string
	firstUnsupported error
	diags            diag.Diagnostics
}

// hint points at a vendor preset, or at the setting most often wrong with
// the one in use, when the failure may come from a wrong URL, auth style or
// scope.
func (p *connectionProbe) hint() string {
	return vendorHint(p.vendor, p.client.BaseURL(), p.client.TokenURL())
}

// authenticate fetches an OAuth 2 token (OAuth 1 signs each request and has
// none) and records the scopes it grants. It reports whether probing can go
// on.
func (p *connectionProbe) authenticate(ctx context.Context) bool {
	if p.method == "oauth1" {
		return true
	}
	token, err := p.client.Token(ctx)
	if err != nil {
		p.tokenFailed(err)
		return false
	}
	p.report.grantedScopes = append(p.report.grantedScopes, token.GrantedScopes...)
	return true
}

// topicProbe is one topic's probe: the catalog's collection of that name
// (nil when the version the client speaks has none) and its answer.
type topicProbe struct {
	collection *oneroster.Info
	resp       *oneroster.Response
	err        error
	done       bool // false when the probe was skipped: an earlier one ended probing
}

// probeAll probes topics, up to the client's MaxConcurrency at once: a
// thousand connections in one plan each wait on a dozen GETs, and one
// after the other they made most of the plan's time. Once a probe ends
// probing (unreachable host, credentials rejected), the topics after it
// are skipped, as they were when probes ran one by one: those not
// started do not start, and those in flight are cancelled, so that a
// rejected credential is not sent again and again, nor an unreachable
// host waited on. Topics before it are always probed, even when a later
// topic's probe ended probing first: the report is the one sequential
// probes make, whatever order the probes finish in.
func (p *connectionProbe) probeAll(ctx context.Context, topics []string) []topicProbe {
	probes := make([]topicProbe, len(topics))
	var mu sync.Mutex
	stoppedAt := len(topics)                            // the first topic whose probe ended probing
	inFlight := make([]context.CancelFunc, len(topics)) // by topic, the probes running
	p.client.ForEach(ctx, len(topics), func(ctx context.Context, i int) {
		collection, known := p.client.Catalog().Lookup(topics[i])
		if !known {
			probes[i] = topicProbe{done: true}
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		mu.Lock()
		if i > stoppedAt {
			mu.Unlock()
			return
		}
		inFlight[i] = cancel
		mu.Unlock()
		resp, err := collection.Probe(ctx, p.client)
		mu.Lock()
		defer mu.Unlock()
		inFlight[i] = nil
		if i > stoppedAt {
			return // cancelled, or finished after an earlier topic ended probing: skipped either way
		}
		probes[i] = topicProbe{collection: collection, resp: resp, err: err, done: true}
		if endsProbing(err) {
			stoppedAt = i
			for _, cancelLater := range inFlight[i+1:] {
				if cancelLater != nil {
					cancelLater()
				}
			}
		}
	})
	return probes
}

// endsProbing reports whether a probe's error ends the probing of a
// connection (probeFailed returns false for it).
func endsProbing(err error) bool {
	return oneroster.IsUnreachable(err) || oneroster.IsUnauthorized(err)
}

// recordProbe records topic's probe in the report, in topics' order. It
// reports whether probing can go on.
func (p *connectionProbe) recordProbe(topic string, probe topicProbe) bool {
	// Probes read the catalog of the version the client speaks: its
	// paths, and the scopes the hints name.
	switch {
	case !probe.done:
		return false // only after a probe that ended probing, which returned false first
	case probe.collection == nil && slices.Contains(rosterTopicNames(), topic):
		// A collection of another version only.
		version := p.client.Version().Title()
		p.diags.AddAttributeError(path.Root("topics"), fmt.Sprintf("Connection %q: %s on OneRoster %s", p.name, topic, version),
			fmt.Sprintf("OneRoster %s has no %s. Remove %q from topics.", version, topic, topic))
		return true
	case probe.collection == nil: // the topics attribute's validator allows only catalog names
		p.diags.AddError(fmt.Sprintf("Connection %q: unknown topic %s", p.name, topic), "Use one of: "+strings.Join(rosterTopicNames(), ", ")+".")
		return true
	}
	resp, err := probe.resp, probe.err
	switch {
	case err == nil:
		p.report.available = append(p.report.available, topic)
		if resp.HasTotalCount {
			p.report.counts[topic] = int64(resp.TotalCount)
		}
	case probe.collection.Top().Unsupported(err):
		p.report.unavailable[topic] = err.Error()
		p.unsupported = append(p.unsupported, topic)
		if p.firstUnsupported == nil {
			p.firstUnsupported = err
		}
	default:
		return p.probeFailed(topic, probe.collection, err)
	}
	return true
}

// noTopicAnswered fails the plan on base_url when every topic probed
// answered that the server does not implement it: a server that serves
// none of them cannot serve the connection. A base URL that lacks the
// OneRoster path has search's candidates probed, and the message names the
// one that answers.
func (p *connectionProbe) noTopicAnswered(ctx context.Context, search pathSearch) {
	baseURL := p.client.BaseURL()
	answered := ""
	if lacksOneRosterPath(baseURL) {
		answered = answeringCandidate(ctx, baseURL, search.explicit, p.unsupported[0], search.newClient)
	}
	p.diags.AddAttributeError(path.Root("base_url"), fmt.Sprintf("Connection %q: no topic answered", p.name),
		fmt.Sprintf("The server answered that it does not implement any topic probed at %s (%s); the first answer: %s. "+
			"A server that serves none of them cannot serve this connection, so most often base_url is wrong: it must be the server's whole "+
			"OneRoster base URL.%s%s",
			oneroster.DisplayURL(baseURL), strings.Join(p.unsupported, ", "), p.firstUnsupported,
			missingPathHint(baseURL, answered), p.hint()))
}

// warnUnsupported adds a warning for each topic the server does not
// implement, when some others answer.
func (p *connectionProbe) warnUnsupported() {
	for _, topic := range p.unsupported {
		p.diags.AddWarning(fmt.Sprintf("Connection %q: %s not supported", p.name, topic),
			fmt.Sprintf("The server does not implement %s (%s). To silence this warning, %s.",
				topic, p.report.unavailable[topic], stopProbing(collectionOf(p.client, topic))))
	}
}

// stopProbing says how to stop probing collection: a rostering topic
// leaves topics, while the gradebook is probed as a whole, because
// grades_enabled is set (topics takes no gradebook collection).
func stopProbing(collection *oneroster.Info) string {
	if collection.Group == oneroster.GroupGradebook {
		return "set grades_enabled = false if this connection does not write grades: grades_enabled probes the whole gradebook, " +
			"and topics takes no gradebook collection"
	}
	return fmt.Sprintf("remove %q from topics", collection.Name)
}

// collectionOf is the topic's collection in the catalog of the client's
// version (probeConnection has checked that it is there), or a rostering
// collection of that name.
func collectionOf(client *oneroster.Client, topic string) *oneroster.Info {
	if info, ok := client.Catalog().Lookup(topic); ok {
		return info
	}
	return &oneroster.Info{Name: topic, Group: oneroster.GroupRostering}
}

// pathSearch is how probeConnection looks for the base URL meant when
// nothing answers at one that lacks the OneRoster path: the explicit
// version ("" for none), and how to make a client for a candidate.
type pathSearch struct {
	explicit  oneroster.Version
	newClient candidateClient
}
