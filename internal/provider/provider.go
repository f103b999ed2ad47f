// Package provider is the Terraform layer of the OneRoster provider:
// schemas, models and CRUD. It talks to servers only through
// internal/oneroster and knows nothing of HTTP.
package provider

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

var (
	_ provider.Provider                     = (*oneRosterProvider)(nil)
	_ provider.ProviderWithConfigValidators = (*oneRosterProvider)(nil)
)

type oneRosterProvider struct {
	version string
	clock   oneroster.Clock // nil: real time
	// dataSourceData is what Configure handed to data sources (and, the
	// same, to resources), for the reads the provider's server answers
	// without the framework (server.go, server_read.go).
	dataSourceData atomic.Pointer[providerData]
}

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &oneRosterProvider{version: version} }
}

// NewWithClock is New for tests: every client the provider builds waits
// (retry backoff, Retry-After) and tells time through clock, so a test can
// honour a two-minute Retry-After at once and check the wait asked for.
func NewWithClock(version string, clock oneroster.Clock) func() provider.Provider {
	return func() provider.Provider { return &oneRosterProvider{version: version, clock: clock} }
}

// providerEnvVars are the provider block's settings, besides the auth
// blocks' fields (authMethods names theirs), that fall back to an
// environment variable: the one table of them, which the documentation's
// tables are checked against.
var providerEnvVars = []struct{ attribute, envVar string }{
	{"base_url", envBaseURL},
	{attrVersion, envVersion},
	{attrGradebookBaseURL, envGradebookBaseURL},
	{attrResourcesBaseURL, envResourcesBaseURL},
}

// envVarOfSetting names the environment variable a setting in
// providerEnvVars falls back to.
func envVarOfSetting(attribute string) string {
	for _, s := range providerEnvVars {
		if s.attribute == attribute {
			return s.envVar
		}
	}
	panic("provider: no environment variable for " + attribute) // a typo in this file
}

type providerModel struct {
	BaseURL        types.String `tfsdk:"base_url"`
	PageSize       types.Int64  `tfsdk:"page_size"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxConcurrency types.Int64  `tfsdk:"max_concurrency"`
	MaxRequests    types.Int64  `tfsdk:"max_requests_per_minute"`
	Version        types.String `tfsdk:"oneroster_version"`
	authModel
	transportModel
	serviceURLsModel
	presetModel
}

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	// config is the provider block mapped onto the client's Config, without
	// base URL and credentials: the provider's own client is built from it,
	// and so are the clients oneroster_connection builds for its own
	// credentials.
	config oneroster.Config
	// client is nil when the provider block could not be resolved at this
	// stage (values unknown at plan time, or no credentials configured);
	// clientUnavailable then says why.
	client            *oneroster.Client
	clientUnavailable string
}

// Client returns the provider's client, or a diagnostic saying why there is
// none.
func (d *providerData) Client() (*oneroster.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if d == nil || d.client == nil {
		reason := "the provider was not configured"
		if d != nil && d.clientUnavailable != "" {
			reason = d.clientUnavailable
		}
		diags.AddError("OneRoster provider not configured", "This needs the provider block's connection, but "+reason+".")
		return nil, diags
	}
	return d.client, nil
}

func (p *oneRosterProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "oneroster"
	resp.Version = p.version
}

func (p *oneRosterProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := providerAuthAttributes()
	for name, a := range transportAttributes() {
		attrs[name] = a
	}
	for name, a := range providerVendorAttributes() {
		attrs[name] = a
	}
	for name, a := range providerServiceURLAttributes() {
		attrs[name] = a
	}
	attrs["base_url"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The server's OneRoster base URL, whole, e.g. `https://sis.example.org/ims/oneroster/v1p1`, or for OneRoster 1.2 the rostering " +
			"service's `https://sis.example.org/ims/oneroster/rostering/v1p2` (vendors prefix the path freely). Falls back to `ONEROSTER_BASE_URL`.",
		Validators: []validator.String{endpointURLCheck(urlBase)},
	}
	attrs[attrVersion] = schema.StringAttribute{
		Optional: true, MarkdownDescription: versionDescription() + " Falls back to `" + envVarOfSetting(attrVersion) + "`.", Validators: versionValidators(),
	}
	attrs["page_size"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf(
			"Records asked for per page (`limit`). Defaults to %d, which saves round trips on large reads. Servers cap it silently (500 and 1000 are common "+
				"caps); the provider still reads every page.",
			oneroster.DefaultPageSize,
		),
		Validators: []validator.Int64{int64validator.Between(1, 10000)},
	}
	attrs["max_retries"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf(
			"Retries of a request after a network error, 429, 502, 503 or 504 (and 500 for reads), with exponential backoff that honours `Retry-After`. "+
				"Defaults to %d; 0 disables retries.",
			oneroster.DefaultMaxRetries,
		),
		Validators: []validator.Int64{int64validator.Between(0, 50)},
	}
	attrs["request_timeout"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf(
			"Timeout of one HTTP attempt, as a Go duration (`30s`, `2m`). Defaults to `%gs`.",
			oneroster.DefaultRequestTimeout.Seconds(),
		),
		Validators: []validator.String{durationCheck},
	}
	attrs["max_concurrency"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Requests in flight at once when reading many pages or writing many results. Defaults to %d, "+
			"or to what the `vendor` preset's vendor asks for (Infinite Campus: 1).", oneroster.DefaultMaxConcurrency),
		Validators: []validator.Int64{int64validator.Between(1, 64)},
	}
	attrs["max_requests_per_minute"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Paces the provider's API requests to at most this many a minute, evenly spaced, for servers that publish a rate limit: " +
			"every request counts, retries included, whichever data source or resource sends it; token requests do not. " +
			"Unset, requests are not paced, unless the `vendor` preset's vendor publishes a rate (Ed-Fi OneRoster: 100).",
		Validators: []validator.Int64{int64validator.Between(1, 100000)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads rosters from, and writes gradebook data to, a OneRoster server (a district's SIS): OneRoster 1.1 or 1.2. " +
			"Configure the server's base URL and exactly one authentication method.",
		Attributes: attrs,
	}
}

func (p *oneRosterProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	// At most one block in the configuration; "none" is allowed here because
	// environment variables may supply the credentials (checked in Configure).
	return []provider.ConfigValidator{providervalidator.Conflicting(authPathExpressions()...), plainHTTPValidator{}}
}

func (p *oneRosterProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	config, diags := cfg.clientConfig(p.version)
	resp.Diagnostics.Append(diags...)
	version, versionKnown, diags := readVersion(cfg.Version, osEnv)
	resp.Diagnostics.Append(diags...)
	preset, diags := cfg.readPreset(presetVersion(version, cfg.BaseURL, osEnv))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	config.ExtraHeaders = preset.headers
	preset.fillClientLimits(&config)
	config.Clock = p.clock
	data := &providerData{config: config}
	resp.DataSourceData = data
	p.dataSourceData.Store(data)
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data

	data.client, data.clientUnavailable, diags = cfg.buildClient(ctx, config, preset, version, versionKnown)
	resp.Diagnostics.Append(diags...)
	if data.client != nil {
		tflog.Debug(ctx, "configured OneRoster client", map[string]any{"base_url": data.client.BaseURL(), "auth_method": data.client.AuthMethod()})
	}
}

// buildClient builds the provider's own client from config and the
// provider block's base URL and credentials, each from the configuration,
// the environment or the preset. When a setting it needs is not known until
// apply, or the block sets none, it returns no client and says why.
func (m providerModel) buildClient(
	ctx context.Context, config oneroster.Config, preset preset, version versionChoice, versionKnown bool,
) (client *oneroster.Client, unavailable string, diags diag.Diagnostics) {
	if preset.unknown {
		return nil, "its vendor or header settings are not known until apply", nil
	}
	env := preset.defaults(osEnv)
	baseURL, unavailable, diags := m.providerBaseURL(env, preset)
	if baseURL == "" {
		return nil, unavailable, diags
	}
	auth, d := m.resolve(ctx, env)
	diags.Append(d...)
	switch {
	case diags.HasError():
		return nil, "", diags
	case auth.unknown:
		return nil, "its credentials are not known until apply", diags
	case !versionKnown:
		return nil, "its " + attrVersion + " is not known until apply", diags
	case !m.serviceURLsModel.apply(&config, osEnv):
		return nil, "its " + attrGradebookBaseURL + " or " + attrResourcesBaseURL + " is not known until apply", diags
	}
	endpoints := append(authEndpoints(auth.auth), endpointURL{path.Root("base_url"), baseURL, urlBase})
	diags.Append(checkEndpoints(config, append(endpoints, serviceEndpoints(config)...))...)
	if diags.HasError() {
		return nil, "", diags
	}
	config.Version, d = resolveVersion(baseURL, version, auth.auth)
	diags.Append(d...)
	if diags.HasError() {
		return nil, "", diags
	}
	client, err := newClient(baseURL, auth.auth, config)
	if err != nil {
		diags.AddError("Invalid OneRoster provider configuration", err.Error())
		return nil, "", diags
	}
	return client, "", diags
}

// providerBaseURL is the provider block's base URL, from the configuration,
// ONEROSTER_BASE_URL or the preset. It is "" with why there is no client
// when the base URL is not known until apply or the block is empty, and ""
// with an error when it is missing from a block that sets anything else.
func (m providerModel) providerBaseURL(env envLookup, preset preset) (baseURL, unavailable string, diags diag.Diagnostics) {
	baseURL, known := stringValue(m.BaseURL, env, envBaseURL)
	switch {
	case !known:
		return "", "its base_url is not known until apply", nil
	case baseURL == "" && !m.anySet() && m.Vendor == nil:
		// A provider block may be empty when a workspace only declares
		// oneroster_connection resources, which carry their own credentials.
		return "", "the provider block sets no base_url (nor ONEROSTER_BASE_URL)", nil
	case baseURL == "":
		diags.AddAttributeError(path.Root("base_url"), "Missing base_url", preset.missingBaseURLDetail(
			"Set base_url to the server's OneRoster base URL (e.g. https://sis.example.org/ims/oneroster/v1p1) or the ONEROSTER_BASE_URL environment variable.",
		))
	}
	return baseURL, "", diags
}

// clientConfig maps the provider block onto the client's Config. Only
// what is set is mapped: everything else keeps the client's default, which
// the schema's descriptions quote from the client.
func (m providerModel) clientConfig(version string) (oneroster.Config, diag.Diagnostics) {
	cfg, diags := m.transportModel.settings()
	cfg.UserAgent = userAgent(version)
	// Unknown numbers keep their defaults: they only tune the transport.
	if !m.PageSize.IsNull() && !m.PageSize.IsUnknown() {
		cfg.PageSize = int(m.PageSize.ValueInt64())
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
		if cfg.MaxRetries == 0 {
			// max_retries = 0 says "none"; the client reads a zero as
			// "not set".
			cfg.MaxRetries = oneroster.NoRetries
		}
	}
	if !m.MaxConcurrency.IsNull() && !m.MaxConcurrency.IsUnknown() {
		cfg.MaxConcurrency = int(m.MaxConcurrency.ValueInt64())
	}
	if !m.MaxRequests.IsNull() && !m.MaxRequests.IsUnknown() {
		cfg.MaxRequestsPerMinute = int(m.MaxRequests.ValueInt64())
	}
	if !m.RequestTimeout.IsNull() && !m.RequestTimeout.IsUnknown() {
		d, err := time.ParseDuration(m.RequestTimeout.ValueString())
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q is not a positive Go duration; write it like \"30s\" or \"2m\".", m.RequestTimeout.ValueString()))
		}
		cfg.RequestTimeout = d
	}
	return cfg, diags
}

// userAgent is what the provider's clients send as User-Agent.
func userAgent(version string) string { return "terraform-provider-oneroster/" + version }

// newClient builds a OneRoster client for baseURL and auth from cfg (the
// provider block's settings); it does no network I/O.
func newClient(baseURL string, auth oneroster.Auth, cfg oneroster.Config) (*oneroster.Client, error) {
	cfg.BaseURL, cfg.Auth = baseURL, auth
	cfg.Logger = tflogLogger{}
	// Errors about the limit name the setting a user can change.
	cfg.MaxResponseBytesSetting = attrMaxResponseBytes
	return oneroster.New(cfg)
}

// tflogLogger forwards the client's request log into tflog. The client has
// already redacted credentials from every field it logs; logClientEvent
// (logging.go) masks them again.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	logClientEvent(ctx, msg, fields)
}

func (tflogLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	logClientInfo(ctx, msg, fields)
}

// Resources are the provider's resources, each constructed in its own
// file: oneroster_connection in connection_resource.go,
// oneroster_result_set in result_set_resource.go, and each gradebook kind
// in its gradebook_<kind>.go.
func (p *oneRosterProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newConnectionResource,
		newCategoryResource,
		newLineItemResource,
		newResultResource,
		newResultSetResource,
		newScoreScaleResource,
		newAssessmentLineItemResource,
		newAssessmentResultResource,
	}
}

// DataSources are the rostering topics' data sources, then a list and a
// single data source for each gradebook kind, built from the topic in the
// kind's file (gradebook_line_item.go has lineItemsTopic).
func (p *oneRosterProvider) DataSources(context.Context) []func() datasource.DataSource {
	return slices.Concat(
		rosteringDataSources(),
		topicDataSources(categoriesTopic),
		topicDataSources(lineItemsTopic),
		topicDataSources(resultsTopic),
		topicDataSources(scoreScalesTopic),
		topicDataSources(assessmentLineItemsTopic),
		topicDataSources(assessmentResultsTopic),
	)
}

// endpointURLCheck checks a base (base true) or token URL with the
// client's own rules (oneroster.CheckBaseURL, CheckEndpointURL), reported
// against the attribute; the client's messages never repeat user info or a
// query.
func endpointURLCheck(kind urlKind) stringCheck {
	description := "must be an absolute http:// or https:// URL without user info"
	if kind != urlToken {
		description += ", query string or fragment"
	}
	return stringCheck{description: description, summary: "Invalid URL", problem: func(p path.Path, v string) string {
		if err := checkEndpointURL(v, kind); err != nil {
			return fmt.Sprintf("%s %s.", p, err)
		}
		return ""
	}}
}

func checkEndpointURL(raw string, kind urlKind) error {
	switch kind {
	case urlBase:
		return oneroster.CheckBaseURL(raw)
	case urlService:
		return oneroster.CheckServiceURL(raw)
	}
	return oneroster.CheckEndpointURL(raw)
}

// durationCheck checks Go duration strings.
var durationCheck = stringCheck{
	description: "must be a positive Go duration such as 30s or 2m",
	summary:     "Invalid duration",
	problem: func(p path.Path, v string) string {
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			return fmt.Sprintf("%s: %q is not a positive Go duration; write it like \"30s\" or \"2m\".", p, v)
		}
		return ""
	},
}

// configureData takes the provider's data in a resource's or data source's
// Configure. It is nil during validation, before the provider is
// configured.
func configureData(providerDataValue any, diags *diag.Diagnostics) *providerData {
	if providerDataValue == nil {
		return nil
	}
	data, ok := providerDataValue.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; this is a bug in the provider", providerDataValue))
		return nil
	}
	return data
}
