package provider

import (
	"strings"
	"testing"

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
