package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A header value with a character RFC 9110 forbids (here U+0001 and DEL)
// is refused when the configuration is read, against the header's key of
// the attribute that holds it, instead of failing every request later.
func TestHeaderValuesWithControlCharactersAreRefused(t *testing.T) {
	const tenantSecret, vendorSecret = "tenant\x01secret-1", "lms:vendor\x7fsecret-2"
	m := presetModel{
		ExtraHeaders:     types.MapValueMust(types.StringType, map[string]attr.Value{"X-Tenant": types.StringValue(tenantSecret)}),
		GradebookHeaders: types.MapValueMust(types.StringType, map[string]attr.Value{"X-Vendor-Authorization": types.StringValue(vendorSecret)}),
	}
	p, diags := m.readPreset("")
	if len(p.headers) != 0 {
		t.Errorf("headers kept: %d", len(p.headers))
	}
	want := map[string]string{ // path -> what the diagnostic says
		path.Root(attrExtraHeaders).AtMapKey("X-Tenant").String(): `extra_headers: header "X-Tenant" has a value with the control character U+0001`,
		path.Root(attrGradebookHeaders).AtMapKey("X-Vendor-Authorization").String(): `gradebook_headers: header "X-Vendor-Authorization" ` +
			`has a value with the control character U+007F`,
	}
	if len(diags) != len(want) {
		t.Fatalf("diagnostics %v, want one per header", diags)
	}
	for _, d := range diags {
		at, ok := d.(interface{ Path() path.Path })
		if !ok {
			t.Errorf("%q names no attribute", d.Summary())
			continue
		}
		detail, expected := d.Detail(), want[at.Path().String()]
		if expected == "" || !strings.Contains(detail, expected) || d.Summary() != "Invalid header" {
			t.Errorf("at %s: %q: %q, want %q", at.Path(), d.Summary(), detail, expected)
		}
		if strings.Contains(detail, "secret-") {
			t.Errorf("the diagnostic shows the value: %q", detail)
		}
	}
}
