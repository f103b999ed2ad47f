package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

func TestVendorHintPointsAtThePreset(t *testing.T) {
	for _, tc := range []struct {
		urls []string
		want string
	}{
		{[]string{"https://district.aeries.net/aeries/ims/oneroster/v1p1", "https://district.aeries.net/aeries/token"}, `vendor = { name = "aeries" }`},
		{[]string{"https://sis.example.org/ims/oneroster/v1p1", "https://ic.infinitecampus.org/campus/oauth2/token"}, "?appName="},
		{[]string{"https://api.sky.blackbaud.com/x"}, `name = "blackbaud"`},
		{[]string{"https://acme-ca-v2.oneroster.com/ims/oneroster/v1p1"}, `name = "classlink"`},
		{[]string{"https://d.focusschoolsoftware.com/focus/api/1.0/ims/oneroster/v1p1"}, `name = "focus"`},
	} {
		if got := vendorHint(nil, tc.urls...); !strings.Contains(got, tc.want) {
			t.Errorf("%v: hint %q, want it to contain %q", tc.urls, got, tc.want)
		}
	}
	if got := vendorHint(nil, "https://sis.example.org/ims/oneroster/v1p1", ""); got != "" {
		t.Errorf("an unknown host got a hint: %q", got)
	}
	ic, _ := oneroster.LookupVendor("infinite_campus")
	if got := vendorHint(&ic, "http://127.0.0.1:1/x"); !strings.Contains(got, "x-vendor-authorization") {
		t.Errorf("with the preset in use: %q", got)
	}
}

func TestVendorHintForProviderBlockErrors(t *testing.T) {
	refused := &oneroster.Error{Method: "GET", URL: "https://district.aeries.net/aeries/ims/oneroster/v1p1/users", StatusCode: 401}
	if got := vendorHintForError(refused); !strings.Contains(got, `name = "aeries"`) {
		t.Errorf("401 from an Aeries host: hint %q", got)
	}
	token := &oneroster.TokenError{URL: "https://ic.infinitecampus.org/campus/oauth2/token", StatusCode: 400}
	if got := vendorHintForError(token); !strings.Contains(got, "appName") {
		t.Errorf("token error from an Infinite Campus host: hint %q", got)
	}
	busy := &oneroster.Error{Method: "GET", URL: "https://district.aeries.net/aeries/ims/oneroster/v1p1/users", StatusCode: 503}
	if got := vendorHintForError(busy); got != "" {
		t.Errorf("a 503 is no configuration problem, yet hint %q", got)
	}
}

func TestReadPresetDiagnostics(t *testing.T) {
	noHeaders := presetModel{ExtraHeaders: types.MapNull(types.StringType), GradebookHeaders: types.MapNull(types.StringType)}
	ic := func(mutate func(*vendorModel)) presetModel {
		m := noHeaders
		m.Vendor = &vendorModel{
			Name: types.StringValue("infinite_campus"), Host: types.StringValue("ic.district.org"), AppName: types.StringValue("district"),
			RootURL: types.StringNull(), TenantURL: types.StringNull(), AppID: types.StringNull(), GradebookWrites: types.BoolValue(true),
		}
		if mutate != nil {
			mutate(m.Vendor)
		}
		return m
	}
	summaries := func(m presetModel) []string {
		_, diags := m.readPreset("")
		var out []string
		for _, d := range diags {
			out = append(out, d.Severity().String()+": "+d.Summary())
		}
		return out
	}
	if got := summaries(ic(nil)); len(got) != 1 || got[0] != "Warning: Vendor header missing" {
		t.Errorf("gradebook writes without the vendor header: %v", got)
	}
	withHeader := ic(nil)
	withHeader.GradebookHeaders = types.MapValueMust(types.StringType, map[string]attr.Value{"X-Vendor-Authorization": types.StringValue("k:s3cret")})
	if got := summaries(withHeader); len(got) != 0 {
		t.Errorf("with the header: %v", got)
	}
	if got := summaries(ic(func(v *vendorModel) { v.AppName = types.StringNull() })); len(got) != 1 || got[0] != "Error: Missing vendor.app_name" {
		t.Errorf("without app_name: %v", got)
	}
	if got := summaries(ic(func(v *vendorModel) { v.RootURL = types.StringValue("https://x.org") })); !slices.Contains(got, "Warning: Unused vendor input") {
		t.Errorf("an input the preset does not take: %v", got)
	}
	p, _ := ic(func(v *vendorModel) { v.GradebookWrites = types.BoolValue(false) }).readPreset("")
	if got := p.defaults(nil)("ONEROSTER_TOKEN_URL"); got != "https://ic.district.org/campus/oauth2/token?appName=district" {
		t.Errorf("derived token URL %q", got)
	}
	env := func(name string) string {
		if name == "ONEROSTER_TOKEN_URL" {
			return "https://from.env/token"
		}
		return ""
	}
	if got := p.defaults(env)("ONEROSTER_TOKEN_URL"); got != "https://from.env/token" {
		t.Errorf("the environment must win over the preset, got %q", got)
	}
}

func TestWriteScopesWithABearerTokenSayWhy(t *testing.T) {
	var diags diag.Diagnostics
	if got := checkWriteScopes("proxy", oneroster.AuthMethodBearerToken, oneroster.CatalogV1p1, nil, "", &diags); got != nil {
		t.Errorf("can_write_grades = %v, want unknown", *got)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "fixed bearer token") {
		t.Errorf("diagnostics %v", diags)
	}
}

// A preset fills in the URLs and scopes of the explicit version, else of
// the version the configured (or, on the provider block, environment)
// base_url shows: Aeries with a 1.2 base_url asks for 1.2 scopes.
func TestPresetVersion(t *testing.T) {
	v12 := versionChoice{version: oneroster.Version1p2, setting: attrVersion}
	const url12 = "https://d.aeries.net/aeries/ims/oneroster/rostering/v1p2"
	for _, tc := range []struct {
		choice versionChoice
		base   types.String
		env    envLookup
		want   oneroster.Version
	}{
		{v12, types.StringNull(), nil, oneroster.Version1p2},
		{versionChoice{}, types.StringValue(url12), nil, oneroster.Version1p2},
		{versionChoice{}, types.StringNull(), fakeEnv(map[string]string{"ONEROSTER_BASE_URL": url12}), oneroster.Version1p2},
		{versionChoice{}, types.StringValue("https://d.aeries.net/aeries/ims/oneroster/v1p1"), nil, oneroster.Version1p1},
		{versionChoice{}, types.StringNull(), nil, ""},
	} {
		if got := presetVersion(tc.choice, tc.base, tc.env); got != tc.want {
			t.Errorf("presetVersion(%+v, %s) = %q, want %q", tc.choice, tc.base, got, tc.want)
		}
	}
	m := presetModel{ExtraHeaders: types.MapNull(types.StringType), GradebookHeaders: types.MapNull(types.StringType), Vendor: &vendorModel{
		Name: types.StringValue("aeries"), RootURL: types.StringValue("https://d.aeries.net/aeries"),
		Host: types.StringNull(), AppName: types.StringNull(), TenantURL: types.StringNull(), AppID: types.StringNull(), GradebookWrites: types.BoolNull(),
	}}
	p, diags := m.readPreset(presetVersion(versionChoice{}, types.StringValue(url12), nil))
	if diags.HasError() || !slices.Equal(p.settings.Scopes, oneroster.VendorScopes(oneroster.Version1p2, false)) {
		t.Errorf("aeries with a 1.2 base_url asks for %v (%v)", p.settings.Scopes, diags)
	}
}
