package provider

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The vendor preset and the extra headers, shared by the provider block
// and oneroster_connection: described once here and rendered into both
// schema packages, like the auth blocks (auth.go).
const (
	attrVendor           = "vendor"
	attrExtraHeaders     = "extra_headers"
	attrGradebookHeaders = "gradebook_headers"
)

// vendorInputs describes the inputs a preset may take (the
// oneroster.VendorInput* names), and where a district finds them.
var vendorInputs = []struct{ name, description string }{
	{
		oneroster.VendorInputHost,
		"The SIS server's host name (e.g. `district.infinitecampus.org`), as the vendor's console shows it; `https://` is assumed unless a scheme is given.",
	},
	{oneroster.VendorInputAppName, "The district's application name that the vendor's URLs carry " +
		"(Infinite Campus: the `appName` of the token URL, also a segment of the base URL's path)."},
	{
		oneroster.VendorInputRootURL,
		"The product's root URL as the console shows it (Aeries: `https://district.aeries.net/aeries`; Aspen: the Aspen URL; PowerSchool: the server URL).",
	},
	{oneroster.VendorInputTenantURL, "The district's OneRoster server URL from the ClassLink developer console."},
	{oneroster.VendorInputAppID, "The application id from the ClassLink developer console (OneRoster module) or ClassLink's API, as given " +
		"(ids that come percent-encoded, like `MoYPlyQWmG0%3D`, are not escaped again)."},
	{oneroster.VendorInputODSAPIURL, "The URL of the Ed-Fi ODS/API that issues the tokens (e.g. `https://edfi.district.org/api`); " +
		"the token URL is this + `/oauth/token`."},
}

const attrGradebookWrites = "gradebook_writes"

func vendorDescription() string {
	return "A SIS vendor's preset: give the vendor's `name` and only what its console shows; the preset fills in `base_url`, the token URL, " +
		"the client authentication style, the scopes, the OAuth 1.0a signature method and the vendor's request limits, each only where a public source shows it, " +
		"for OneRoster 1.1 or, with `oneroster_version = \"1.2\"`, for 1.2 where a source shows a 1.2 base URL (Infinite Campus; Ed-Fi OneRoster serves only 1.2; " +
		"other presets then need `base_url`). Anything set explicitly (including the `ONEROSTER_*` environment variables " +
		"of the provider block) wins over the preset. The \"Connecting to your SIS\" guide lists each vendor's inputs and sources."
}

func vendorNameDescription() string {
	return "The preset: `" + strings.Join(oneroster.VendorNames(), "`, `") + "`."
}

const gradebookWritesDescription = "Whether gradebook writes are in use: presets that must request scopes then ask for the gradebook scopes too. " +
	"Defaults to `false`."

func headersDescription(gradebookOnly bool) string {
	if gradebookOnly {
		return "Extra request headers sent only on gradebook calls (categories, line items, results), e.g. Infinite Campus's " +
			"`x-vendor-authorization = \"<vendor key>:<vendor secret>\"`. Values are secrets: never shown in messages or logs."
	}
	return "Extra request headers sent on every API call (not on token requests), for servers that want a key beside the OAuth " +
		"credentials. Values are secrets: never shown in messages or logs. `Authorization`, `Cookie` and the headers the client sets itself cannot be overridden."
}

func providerVendorAttributes() map[string]pschema.Attribute {
	attrs := map[string]pschema.Attribute{
		"name": pschema.StringAttribute{Required: true, MarkdownDescription: vendorNameDescription(),
			Validators: []validator.String{stringvalidator.OneOf(oneroster.VendorNames()...)}},
		attrGradebookWrites: pschema.BoolAttribute{Optional: true, MarkdownDescription: gradebookWritesDescription},
	}
	for _, in := range vendorInputs {
		attrs[in.name] = pschema.StringAttribute{Optional: true, MarkdownDescription: in.description}
	}
	return map[string]pschema.Attribute{
		attrVendor: pschema.SingleNestedAttribute{Optional: true, Attributes: attrs, MarkdownDescription: vendorDescription()},
		attrExtraHeaders: pschema.MapAttribute{
			ElementType:         types.StringType,
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: headersDescription(false),
		},
		attrGradebookHeaders: pschema.MapAttribute{
			ElementType:         types.StringType,
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: headersDescription(true),
		},
	}
}

func resourceVendorAttributes() map[string]rschema.Attribute {
	attrs := map[string]rschema.Attribute{
		"name": rschema.StringAttribute{Required: true, MarkdownDescription: vendorNameDescription(),
			Validators: []validator.String{stringvalidator.OneOf(oneroster.VendorNames()...)}},
		attrGradebookWrites: rschema.BoolAttribute{Optional: true, MarkdownDescription: gradebookWritesDescription},
	}
	for _, in := range vendorInputs {
		attrs[in.name] = rschema.StringAttribute{Optional: true, MarkdownDescription: in.description}
	}
	return map[string]rschema.Attribute{
		attrVendor: rschema.SingleNestedAttribute{Optional: true, Attributes: attrs, MarkdownDescription: vendorDescription()},
		attrExtraHeaders: rschema.MapAttribute{ElementType: types.StringType, Optional: true, Sensitive: true,
			MarkdownDescription: headersDescription(false) + storedHeadersNote(attrExtraHeaders)},
		attrGradebookHeaders: rschema.MapAttribute{ElementType: types.StringType, Optional: true, Sensitive: true,
			MarkdownDescription: headersDescription(true) + storedHeadersNote(attrGradebookHeaders)},
	}
}

// storedHeadersNote tells, in oneroster_connection, that a header map is
// stored and how to keep it out.
func storedHeadersNote(name string) string {
	return fmt.Sprintf(" Stored in the state (marked sensitive); `%s%s` keeps it out.", name, writeOnlySuffix)
}

// connectionHeaderAttributes are oneroster_connection's write-only forms
// of the header maps, <name>_wo with <name>_wo_version, as its secret
// credentials have (auth.go): with them, a connection keeps every secret out
// of the plan and state. The provider block needs none: provider
// configuration is never stored.
func connectionHeaderAttributes() map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for _, name := range []string{attrExtraHeaders, attrGradebookHeaders} {
		woName, versionName := name+writeOnlySuffix, name+writeOnlyVersionSuffix
		woDesc := fmt.Sprintf("Write-only form of `%s` (Terraform 1.11+, OpenTofu 1.11+): used at plan and apply, never stored in the plan or state. "+
			"At most one of `%s` and `%s`. Requires `%s`. In this mode refresh cannot re-check the connection (see the resource description).",
			name, name, woName, versionName)
		versionDesc := fmt.Sprintf("A number to change whenever `%s` changes (e.g. the vendor key's rotation count). Terraform cannot see a write-only value "+
			"change, so bumping this plans an update that validates the connection again with the new headers.", woName)
		out[woName] = rschema.MapAttribute{
			ElementType: types.StringType, Optional: true, Sensitive: true, WriteOnly: true, MarkdownDescription: woDesc,
			Validators: []validator.Map{
				mapvalidator.ConflictsWith(path.MatchRoot(name)),
				mapvalidator.AlsoRequires(path.MatchRoot(versionName)),
			},
		}
		out[versionName] = rschema.Int64Attribute{
			Optional: true, MarkdownDescription: versionDesc,
			Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot(woName))},
		}
	}
	return out
}

// connectionHeadersModel holds the write-only header maps of
// oneroster_connection; from a plan or state the maps are null.
type connectionHeadersModel struct {
	ExtraHeadersWO            types.Map   `tfsdk:"extra_headers_wo"`
	ExtraHeadersWOVersion     types.Int64 `tfsdk:"extra_headers_wo_version"`
	GradebookHeadersWO        types.Map   `tfsdk:"gradebook_headers_wo"`
	GradebookHeadersWOVersion types.Int64 `tfsdk:"gradebook_headers_wo_version"`
}

// readPreset is p's readPreset with each write-only map standing in for
// its plain form when that is not set; diagnostics name the attribute that
// holds the value.
func (h connectionHeadersModel) readPreset(p presetModel, version oneroster.Version) (preset, diag.Diagnostics) {
	names := headerAttrNames{extra: attrExtraHeaders, gradebook: attrGradebookHeaders}
	if p.ExtraHeaders.IsNull() && !h.ExtraHeadersWO.IsNull() {
		p.ExtraHeaders, names.extra = h.ExtraHeadersWO, attrExtraHeaders+writeOnlySuffix
	}
	if p.GradebookHeaders.IsNull() && !h.GradebookHeadersWO.IsNull() {
		p.GradebookHeaders, names.gradebook = h.GradebookHeadersWO, attrGradebookHeaders+writeOnlySuffix
	}
	return p.readPresetNamed(version, names)
}

// headerAttrNames name the attributes the header maps were read from.
type headerAttrNames struct{ extra, gradebook string }

// usesWriteOnly reports whether a header map is given write-only (its
// version is required with it, and versions are stored).
func (h connectionHeadersModel) usesWriteOnly() bool {
	return !h.ExtraHeadersWOVersion.IsNull() || !h.GradebookHeadersWOVersion.IsNull()
}

type vendorModel struct {
	Name            types.String `tfsdk:"name"`
	Host            types.String `tfsdk:"host"`
	AppName         types.String `tfsdk:"app_name"`
	RootURL         types.String `tfsdk:"root_url"`
	TenantURL       types.String `tfsdk:"tenant_url"`
	AppID           types.String `tfsdk:"app_id"`
	ODSAPIURL       types.String `tfsdk:"ods_api_url"`
	GradebookWrites types.Bool   `tfsdk:"gradebook_writes"`
}

// presetModel holds the vendor block and the extra headers; embedded in
// the provider and connection models.
type presetModel struct {
	Vendor           *vendorModel `tfsdk:"vendor"`
	ExtraHeaders     types.Map    `tfsdk:"extra_headers"`
	GradebookHeaders types.Map    `tfsdk:"gradebook_headers"`
}

// preset is the outcome of reading a presetModel.
type preset struct {
	vendor   *oneroster.Vendor // nil without a vendor block
	settings oneroster.VendorSettings
	headers  []oneroster.ExtraHeader
	// unknown is set when some value is not known yet (plan time).
	unknown bool
}

// defaults returns env with the preset's values behind it: the preset is
// the last layer of the same fallback chain as the environment variables
// (configuration, then environment, then preset), so it is keyed by their
// names. Without a vendor, env is returned as is (nil for
// oneroster_connection, which reads no environment).
func (p preset) defaults(env envLookup) envLookup {
	if p.vendor == nil {
		return env
	}
	values := map[string]string{
		envBaseURL: p.settings.BaseURL,
		envVarOf(attrOAuth2ClientCredentials, "token_url"):   p.settings.TokenURL,
		envVarOf(attrOAuth2ClientCredentials, "client_auth"): string(p.settings.ClientAuth),
		scopesField.envVar:                       strings.Join(p.settings.Scopes, " "),
		envVarOf(attrOAuth1, "signature_method"): string(p.settings.SignatureMethod),
	}
	return func(name string) string {
		if env != nil {
			if v := env(name); v != "" {
				return v
			}
		}
		return values[name]
	}
}

// fillClientLimits gives cfg the preset's page size and request limits
// where cfg has none (a zero is "not set": the schema allows no zero).
func (p preset) fillClientLimits(cfg *oneroster.Config) {
	if cfg.PageSize == 0 {
		cfg.PageSize = p.settings.PageSize
	}
	if cfg.MaxConcurrency == 0 {
		cfg.MaxConcurrency = p.settings.MaxConcurrency
	}
	if cfg.MaxRequestsPerMinute == 0 {
		cfg.MaxRequestsPerMinute = p.settings.MaxRequestsPerMinute
	}
}

// envBaseURL is the provider block's fallback for base_url.
const envBaseURL = "ONEROSTER_BASE_URL"

// presetVersion is the version whose URLs and scopes a preset fills in:
// the explicit choice, else the one the configured base_url (with env,
// ONEROSTER_BASE_URL) shows; "" takes the preset's 1.1 templates.
func presetVersion(choice versionChoice, baseURL types.String, env envLookup) oneroster.Version {
	if choice.version != "" {
		return choice.version
	}
	configured, _ := stringValue(baseURL, env, envBaseURL)
	return oneroster.URLVersion(configured)
}

// readPreset reads the vendor block and the headers; a preset fills in
// the URLs and scopes of version (see presetVersion). Diagnostics name the
// attribute at fault.
func (m presetModel) readPreset(version oneroster.Version) (preset, diag.Diagnostics) {
	return m.readPresetNamed(version, headerAttrNames{extra: attrExtraHeaders, gradebook: attrGradebookHeaders})
}

// readPresetNamed is readPreset with the header maps read from the
// attributes names.
func (m presetModel) readPresetNamed(version oneroster.Version, names headerAttrNames) (preset, diag.Diagnostics) {
	var p preset
	diags := p.readHeaders(names.extra, m.ExtraHeaders, false)
	diags.Append(p.readHeaders(names.gradebook, m.GradebookHeaders, true)...)
	if m.Vendor == nil {
		return p, diags
	}
	diags.Append(p.readVendor(m.Vendor, version)...)
	return p, diags
}

// readHeaders adds the headers of the map attr holds, in the order of their
// names (diagnostics and requests alike); gradebookOnly marks them as sent
// to the gradebook service only.
func (p *preset) readHeaders(attr string, value types.Map, gradebookOnly bool) diag.Diagnostics {
	if value.IsUnknown() {
		p.unknown = true
		return nil
	}
	var diags diag.Diagnostics
	elems := value.Elements()
	names := make([]string, 0, len(elems))
	for name := range elems {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v, ok := elems[name].(types.String)
		if !ok || v.IsUnknown() {
			p.unknown = true
			continue
		}
		if err := oneroster.CheckExtraHeader(name, v.ValueString()); err != nil {
			diags.AddAttributeError(path.Root(attr).AtMapKey(name), "Invalid header",
				fmt.Sprintf("%s: header %s.", attr, err))
			continue
		}
		p.headers = append(p.headers, oneroster.ExtraHeader{Name: name, Value: v.ValueString(), GradebookOnly: gradebookOnly})
	}
	return diags
}

// readVendor applies the vendor block: the preset's settings for version,
// from the inputs given. Diagnostics name the vendor input at fault.
func (p *preset) readVendor(vm *vendorModel, version oneroster.Version) diag.Diagnostics {
	if vm.Name.IsUnknown() {
		p.unknown = true
		return nil
	}
	vendor, ok := oneroster.LookupVendor(vm.Name.ValueString())
	if !ok {
		// The schema's validator reports it; nothing more to say here.
		return nil
	}
	p.vendor = &vendor
	inputs, diags := p.readVendorInputs(vm, vendor)
	if p.unknown {
		return diags
	}
	for _, name := range vendor.MissingInputs(inputs) {
		diags.AddAttributeError(path.Root(attrVendor).AtName(name), "Missing vendor."+name,
			fmt.Sprintf("The %s preset needs vendor.%s: %s", vendor.Name, name, inputDescription(name)))
	}
	if diags.HasError() {
		return diags
	}
	settings, err := vendor.Settings(inputs, version, vm.GradebookWrites.ValueBool())
	if err != nil {
		// The client's message starts with the input's name.
		name, _, _ := strings.Cut(err.Error(), " ")
		diags.AddAttributeError(path.Root(attrVendor).AtName(name), "Invalid vendor."+name, "vendor."+err.Error()+".")
		return diags
	}
	p.settings = settings
	if vendor.GradebookHeader != "" && vm.GradebookWrites.ValueBool() && !p.hasHeader(vendor.GradebookHeader) {
		diags.AddAttributeWarning(path.Root(attrGradebookHeaders), "Vendor header missing",
			fmt.Sprintf("%s answers 401 to gradebook calls without the %s header. Set gradebook_headers = { %q = \"<vendor key>:<vendor secret>\" } "+
				"with the key and secret the vendor's partner program issued.", vendor.Title, vendor.GradebookHeader, vendor.GradebookHeader))
	}
	return diags
}

// readVendorInputs returns the vendor inputs given that the preset takes,
// and warns of those it does not.
func (p *preset) readVendorInputs(vm *vendorModel, vendor oneroster.Vendor) (map[string]string, diag.Diagnostics) {
	given := map[string]types.String{
		oneroster.VendorInputHost: vm.Host, oneroster.VendorInputAppName: vm.AppName, oneroster.VendorInputRootURL: vm.RootURL,
		oneroster.VendorInputTenantURL: vm.TenantURL, oneroster.VendorInputAppID: vm.AppID, oneroster.VendorInputODSAPIURL: vm.ODSAPIURL,
	}
	var diags diag.Diagnostics
	inputs := map[string]string{}
	for name, v := range given {
		switch {
		case v.IsUnknown():
			p.unknown = true
		case v.IsNull():
		case !slices.Contains(vendor.Inputs, name):
			diags.AddAttributeWarning(path.Root(attrVendor).AtName(name), "Unused vendor input",
				fmt.Sprintf("vendor.%s is not used by the %s preset, which takes %s. Remove it.", name, vendor.Name, inputList(vendor)))
		default:
			inputs[name] = v.ValueString()
		}
	}
	return inputs, diags
}

func (p preset) hasHeader(name string) bool {
	for _, h := range p.headers {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

func inputList(v oneroster.Vendor) string {
	if len(v.Inputs) == 0 {
		return "no input"
	}
	return "vendor." + strings.Join(v.Inputs, " and vendor.")
}

func inputDescription(name string) string {
	for _, in := range vendorInputs {
		if in.name == name {
			return in.description
		}
	}
	return ""
}

// missingBaseURLDetail explains a missing base_url, naming the preset when
// one is set but does not know the base URL.
func (p preset) missingBaseURLDetail(fallback string) string {
	switch {
	case p.vendor != nil && p.settings.BaseURL == "" && p.settings.Version == oneroster.Version1p1 && p.vendor.BaseURLV1p2 != "":
		return fmt.Sprintf("The %s preset fills in base_url for OneRoster 1.2 only: %s serves no OneRoster 1.1. "+
			"Remove oneroster_version = \"1.1\" (or set it to \"1.2\"), or set base_url.", p.vendor.Name, p.vendor.Title)
	case p.vendor != nil && p.settings.BaseURL == "" && p.settings.Version == oneroster.Version1p2 && p.vendor.BaseURL != "":
		return fmt.Sprintf("The %s preset does not fill in base_url for OneRoster 1.2: no public %s page gives its 1.2 base path. "+
			"Set base_url to the OneRoster 1.2 rostering URL the vendor gives, or choose OneRoster 1.1 to use the preset's 1.1 base URL.",
			p.vendor.Name, p.vendor.Title)
	case p.vendor != nil && p.settings.BaseURL == "":
		return fmt.Sprintf("The %s preset does not fill in base_url: no public source shows %s's OneRoster base path. "+
			"Set base_url to the URL the vendor's console, documentation or plugin gives (%s).", p.vendor.Name, p.vendor.Title, p.vendor.Hint)
	}
	return fallback
}

// vendorHint points at a preset when a connection fails against a host
// that looks like a known vendor's, or, when a preset is in use, at the
// settings most often wrong with that vendor; "" when none applies.
func vendorHint(using *oneroster.Vendor, urls ...string) string {
	if using != nil {
		return fmt.Sprintf("\n\nThis connection uses the %s preset (%s); the settings most often wrong: %s.", using.Name, using.Title, using.Hint)
	}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue
		}
		if v, ok := oneroster.VendorForHost(u.Hostname()); ok {
			return fmt.Sprintf("\n\n%s looks like a %s server: the %s preset (vendor = { name = %q }) knows its URLs and authentication "+
				"(see the \"Connecting to your SIS\" guide). %s.", u.Hostname(), v.Title, v.Name, v.Name, v.Hint)
		}
	}
	return ""
}
