package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A preset's request limits reach the client's Config unless the block
// sets its own: Infinite Campus's serial requests, the Ed-Fi API's 100
// requests a minute; max_requests_per_minute maps onto the Config without
// any preset.
func TestPresetFillsClientLimits(t *testing.T) {
	read := func(v vendorModel) preset {
		t.Helper()
		p, diags := presetModel{Vendor: &v, ExtraHeaders: types.MapNull(types.StringType), GradebookHeaders: types.MapNull(types.StringType)}.readPreset("")
		if diags.HasError() {
			t.Fatal(diags)
		}
		return p
	}
	null := types.StringNull()
	ic := read(vendorModel{Name: types.StringValue("infinite_campus"), Host: types.StringValue("ic.example.org"), AppName: types.StringValue("d"),
		RootURL: null, TenantURL: null, AppID: null, ODSAPIURL: null})
	edfi := read(vendorModel{Name: types.StringValue("edfi_oneroster"), Host: types.StringValue("edfi.example.org"),
		ODSAPIURL: types.StringValue("https://edfi.example.org/api"), AppName: null, RootURL: null, TenantURL: null, AppID: null})

	var cfg oneroster.Config
	ic.fillClientLimits(&cfg)
	if cfg.MaxConcurrency != 1 || cfg.MaxRequestsPerMinute != 0 {
		t.Errorf("infinite_campus: concurrency %d, rate %d", cfg.MaxConcurrency, cfg.MaxRequestsPerMinute)
	}
	cfg = oneroster.Config{MaxConcurrency: 3}
	ic.fillClientLimits(&cfg)
	if cfg.MaxConcurrency != 3 {
		t.Errorf("an explicit max_concurrency became %d", cfg.MaxConcurrency)
	}
	cfg = oneroster.Config{}
	edfi.fillClientLimits(&cfg)
	if cfg.MaxRequestsPerMinute != 100 {
		t.Errorf("edfi_oneroster: rate %d", cfg.MaxRequestsPerMinute)
	}
	cfg = oneroster.Config{MaxRequestsPerMinute: 20}
	edfi.fillClientLimits(&cfg)
	if cfg.MaxRequestsPerMinute != 20 {
		t.Errorf("an explicit max_requests_per_minute became %d", cfg.MaxRequestsPerMinute)
	}

	m := providerModel{MaxRequests: types.Int64Value(45), PageSize: types.Int64Null(), MaxRetries: types.Int64Null(),
		MaxConcurrency: types.Int64Null(), RequestTimeout: types.StringNull()}
	got, diags := m.clientConfig("test")
	if diags.HasError() || got.MaxRequestsPerMinute != 45 {
		t.Errorf("max_requests_per_minute = 45 maps to %d (%v)", got.MaxRequestsPerMinute, diags)
	}
}
