package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestInsecureSkipVerifyWarns(t *testing.T) {
	on := transportModel{CACertPEM: types.StringNull(), InsecureSkipVerify: types.BoolValue(true), AllowInsecureHTTP: types.BoolNull()}
	settings, diags := on.settings()
	if !settings.InsecureSkipVerify || diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("settings %+v, diagnostics %v", settings, diags)
	}
	w, ok := diags.Warnings()[0].(diag.DiagnosticWithPath)
	if !ok || !w.Path().Equal(path.Root("insecure_skip_verify")) {
		t.Errorf("warning %v is not against insecure_skip_verify", diags.Warnings()[0])
	}

	off := transportModel{CACertPEM: types.StringNull(), InsecureSkipVerify: types.BoolNull(), AllowInsecureHTTP: types.BoolNull()}
	if settings, diags := off.settings(); settings.InsecureSkipVerify || len(diags) != 0 {
		t.Errorf("unset: settings %+v, diagnostics %v", settings, diags)
	}
}

func TestMaxResponseBytesReachesTheSettings(t *testing.T) {
	m := transportModel{
		CACertPEM:          types.StringNull(),
		InsecureSkipVerify: types.BoolNull(),
		AllowInsecureHTTP:  types.BoolNull(),
		MaxResponseBytes:   types.Int64Value(1 << 20),
	}
	if settings, diags := m.settings(); settings.MaxResponseBytes != 1<<20 || len(diags) != 0 {
		t.Errorf("set: settings %+v, diagnostics %v", settings, diags)
	}
	m.MaxResponseBytes = types.Int64Null()
	if settings, _ := m.settings(); settings.MaxResponseBytes != 0 {
		t.Errorf("unset: MaxResponseBytes %d, want 0 (the client's default)", settings.MaxResponseBytes)
	}
}
