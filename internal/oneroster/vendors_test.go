package oneroster

import (
	"slices"
	"strings"
	"testing"
)

func TestVendorSettingsFillTheTemplates(t *testing.T) {
	for _, tc := range []struct {
		vendor         string
		inputs         map[string]string
		gradebook      bool
		base, token    string
		method         string
		scopes, paging bool
	}{
		{"aeries", map[string]string{"root_url": "https://district.aeries.net/aeries/"}, false,
			"https://district.aeries.net/aeries/ims/oneroster/v1p1", "https://district.aeries.net/aeries/token", AuthMethodOAuth2ClientCredentials, true, false},
		{"aeries", map[string]string{"root_url": "https://districtapi.aeries.net/admin/ims/oneroster/v1p1"}, true,
			"https://districtapi.aeries.net/admin/ims/oneroster/v1p1", "https://districtapi.aeries.net/admin/token", AuthMethodOAuth2ClientCredentials, true, false},
		{"infinite_campus", map[string]string{"host": "ic.district.org", "app_name": "district 9"}, false,
			"https://ic.district.org/campus/oneroster/district%209/ims/oneroster/v1p1", "https://ic.district.org/campus/oauth2/token?appName=district+9",
			AuthMethodOAuth2ClientCredentials, false, false},
		{"infinite_campus", map[string]string{"host": "41q.ncsis.gov", "app_name": "psu41qrevolution"}, false,
			"https://41q.ncsis.gov/campus/oneroster/psu41qrevolution/ims/oneroster/v1p1", "https://41q.ncsis.gov/campus/oauth2/token?appName=psu41qrevolution",
			AuthMethodOAuth2ClientCredentials, false, false},
		{"blackbaud", nil, false,
			"https://api.sky.blackbaud.com/afe-rostr/ims/oneroster/v1p1", "https://oauth2.sky.blackbaud.com/token", AuthMethodOAuth2ClientCredentials, true, false},
		{"classlink", map[string]string{"tenant_url": "https://district-ca-v2.oneroster.com"}, false,
			"https://district-ca-v2.oneroster.com/ims/oneroster/v1p1", "", AuthMethodOAuth1, false, false},
		{"classlink_proxy", map[string]string{"app_id": "MoYPlyQWmG0="}, false,
			"https://oneroster-proxy.classlink.io/MoYPlyQWmG0=/ims/oneroster/v1p1", "", AuthMethodBearerToken, false, false},
		{"edfi_oneroster", map[string]string{"host": "sis.example.org", "ods_api_url": "https://sis.example.org/api/"}, false,
			"https://sis.example.org/oneroster-api/ims/oneroster/rostering/v1p2", "https://sis.example.org/api/oauth/token",
			AuthMethodOAuth2ClientCredentials, false, false},
		{"edupoint_synergy", nil, false, "", "", AuthMethodOAuth2ClientCredentials, false, false},
		{"focus", map[string]string{"host": "http://127.0.0.1:8080"}, false,
			"http://127.0.0.1:8080/focus/api/1.0/ims/oneroster/v1p1", "http://127.0.0.1:8080/focus/api/1.0/token", AuthMethodOAuth2ClientCredentials, false, false},
		{"follett_aspen", map[string]string{"root_url": "https://aspen.district.org/aspen"}, false,
			"https://aspen.district.org/aspen/ims/oneroster/v1p1", "https://aspen.district.org/aspen/oauth/rest/v2.0/auth",
			AuthMethodOAuth2ClientCredentials, false, false},
		{"powerschool", map[string]string{"root_url": "https://ps.district.org"}, false,
			"", "https://ps.district.org/oauth/access_token", AuthMethodOAuth2ClientCredentials, false, true},
		{"powerschool_eschoolplus", nil, false, "", "", AuthMethodOAuth1, false, false},
		{"skyward", nil, false, "", "", "", false, false},
	} {
		v, ok := LookupVendor(tc.vendor)
		if !ok {
			t.Fatalf("no preset %q", tc.vendor)
		}
		s, err := v.Settings(tc.inputs, "", tc.gradebook)
		if err != nil {
			t.Errorf("%s: %v", tc.vendor, err)
			continue
		}
		if s.BaseURL != tc.base || s.TokenURL != tc.token || s.AuthMethod != tc.method {
			t.Errorf("%s: got %q %q %q, want %q %q %q", tc.vendor, s.BaseURL, s.TokenURL, s.AuthMethod, tc.base, tc.token, tc.method)
		}
		if got := len(s.Scopes) > 0; got != tc.scopes {
			t.Errorf("%s: scopes %v", tc.vendor, s.Scopes)
		}
		if tc.scopes && v.RequestScopes && slices.Contains(s.Scopes, ScopeGradebookCreatePut) != tc.gradebook {
			t.Errorf("%s: gradebook=%v but scopes %v", tc.vendor, tc.gradebook, s.Scopes)
		}
		if got := s.PageSize > 0; got != tc.paging {
			t.Errorf("%s: page size %d", tc.vendor, s.PageSize)
		}
		if s.BaseURL != "" {
			if err := CheckBaseURL(s.BaseURL); err != nil {
				t.Errorf("%s: derived base URL: %v", tc.vendor, err)
			}
		}
	}
}

// The settings beyond URLs that the sources give: Blackbaud's Basic
// client authentication and single scope, Campus's serial requests, the
// Ed-Fi API's rate, eSchoolPlus's HMAC-SHA1 and ClassLink's HMAC-SHA256.
func TestVendorSettingsFromSources(t *testing.T) {
	settings := func(name string, in map[string]string) VendorSettings {
		v, _ := LookupVendor(name)
		s, err := v.Settings(in, "", true)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	bb := settings("blackbaud", nil)
	if bb.ClientAuth != ClientAuthBasic || !slices.Equal(bb.Scopes, []string{"https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly"}) {
		t.Errorf("blackbaud: client auth %q, scopes %v", bb.ClientAuth, bb.Scopes)
	}
	if ic := settings("infinite_campus", map[string]string{"host": "x.org", "app_name": "a"}); ic.MaxConcurrency != 1 || ic.MaxRequestsPerMinute != 0 {
		t.Errorf("infinite_campus: concurrency %d, rate %d", ic.MaxConcurrency, ic.MaxRequestsPerMinute)
	}
	edfi := settings("edfi_oneroster", map[string]string{"host": "x.org", "ods_api_url": "https://x.org/api"})
	if edfi.MaxRequestsPerMinute != 100 || edfi.Version != Version1p2 || URLVersion(edfi.BaseURL) != Version1p2 {
		t.Errorf("edfi_oneroster: rate %d, version %q, base %q", edfi.MaxRequestsPerMinute, edfi.Version, edfi.BaseURL)
	}
	if esp := settings("powerschool_eschoolplus", nil); esp.SignatureMethod != HMACSHA1 {
		t.Errorf("powerschool_eschoolplus: signature method %q", esp.SignatureMethod)
	}
	if cl := settings("classlink", map[string]string{"tenant_url": "https://d.oneroster.com"}); cl.SignatureMethod != HMACSHA256 {
		t.Errorf("classlink: signature method %q", cl.SignatureMethod)
	}
	for _, v := range Vendors {
		if v.MaxConcurrency == 0 && v.MaxRequestsPerMinute == 0 {
			continue
		}
		if s := settings(v.Name, fakeInputs(v)); s.MaxConcurrency != v.MaxConcurrency || s.MaxRequestsPerMinute != v.MaxRequestsPerMinute {
			t.Errorf("%s: limits %d/%d not passed on", v.Name, s.MaxConcurrency, s.MaxRequestsPerMinute)
		}
	}
}

// fakeInputs gives every input of v a plausible value.
func fakeInputs(v Vendor) map[string]string {
	in := map[string]string{}
	for _, name := range v.Inputs {
		switch name {
		case VendorInputHost:
			in[name] = "sis.example.org"
		case VendorInputAppName, VendorInputAppID:
			in[name] = "district"
		default:
			in[name] = "https://sis.example.org/app"
		}
	}
	return in
}

// ClassLink's /applications hands ids out already percent-encoded: the
// preset takes them as given (never escaping the % again), allows an
// encoded slash, and escapes only what a path cannot hold.
func TestVendorClassLinkAppIDIsEscapedOnce(t *testing.T) {
	proxy, _ := LookupVendor("classlink_proxy")
	for given, segment := range map[string]string{
		"MoYPlyQWmG0%3D": "MoYPlyQWmG0%3D",
		"MoYPlyQWmG0=":   "MoYPlyQWmG0=",
		"ab%2Fcd":        "ab%2Fcd",
		"ab cd":          "ab%20cd",
	} {
		s, err := proxy.Settings(map[string]string{"app_id": given}, "", false)
		if want := "https://oneroster-proxy.classlink.io/" + segment + "/ims/oneroster/v1p1"; err != nil || s.BaseURL != want {
			t.Errorf("%q: %q, %v; want %q", given, s.BaseURL, err, want)
		}
	}
	for _, bad := range []string{"a/b", "MoYPlyQWmG0%3", "x?y"} {
		if _, err := proxy.Settings(map[string]string{"app_id": bad}, "", false); err == nil || !strings.Contains(err.Error(), "app_id") {
			t.Errorf("%q: err = %v, want one naming app_id", bad, err)
		}
	}
}

// Choosing OneRoster 1.2 takes the preset's 1.2 base URL, which the
// client reads as 1.2 and derives the other services from; the token URL
// is the same. Presets without a published 1.2 path fill in no base URL,
// rather than a 1.1 one that would contradict the choice. Scopes are the
// version's.
func TestVendorSettingsForV1p2(t *testing.T) {
	ic, _ := LookupVendor("infinite_campus")
	in := map[string]string{"host": "ic.district.org", "app_name": "district"}
	s, err := ic.Settings(in, Version1p2, false)
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://ic.district.org/campus/api/oneroster/v1p2/district/ims/oneroster/rostering/v1p2"
	if s.BaseURL != base || s.TokenURL != "https://ic.district.org/campus/oauth2/token?appName=district" {
		t.Errorf("1.2: base %q token %q", s.BaseURL, s.TokenURL)
	}
	if v := URLVersion(s.BaseURL); v != Version1p2 {
		t.Errorf("the 1.2 base URL reads as %q", v)
	}
	const gradebook = "https://ic.district.org/campus/api/oneroster/v1p2/district/ims/oneroster/gradebook/v1p2"
	if got := ServiceBaseURL(s.BaseURL, Version1p2, ServiceGradebook); got != gradebook {
		t.Errorf("1.2 gradebook base %q", got)
	}
	if s11, _ := ic.Settings(in, Version1p1, false); URLVersion(s11.BaseURL) != Version1p1 {
		t.Errorf("1.1 base %q", s11.BaseURL)
	}
	aeries, _ := LookupVendor("aeries")
	s, err = aeries.Settings(map[string]string{"root_url": "https://d.aeries.net/aeries"}, Version1p2, true)
	if err != nil || s.BaseURL != "" || s.TokenURL != "https://d.aeries.net/aeries/token" {
		t.Errorf("aeries on 1.2: %+v, %v", s, err)
	}
	for _, scope := range s.Scopes {
		if !strings.HasPrefix(scope, ScopePrefixV1p2) {
			t.Errorf("aeries on 1.2 asks for %s", scope)
		}
	}
	if !slices.Contains(s.Scopes, ScopeV1p2GradebookCreatePost) || !slices.Contains(s.Scopes, ScopeV1p2RosterCoreReadonly) {
		t.Errorf("aeries on 1.2 with gradebook writes asks for %v", s.Scopes)
	}
}

func TestVendorInputsAreChecked(t *testing.T) {
	ic, _ := LookupVendor("infinite_campus")
	if got := ic.MissingInputs(map[string]string{"host": "x.org"}); !slices.Equal(got, []string{"app_name"}) {
		t.Errorf("missing = %v", got)
	}
	for _, in := range []map[string]string{
		{"host": "ic.district.org/campus", "app_name": "a"},
		{"host": "ftp://ic.district.org", "app_name": "a"},
	} {
		if _, err := ic.Settings(in, "", false); err == nil || !strings.HasPrefix(err.Error(), "host ") {
			t.Errorf("%v: err = %v, want one naming host", in, err)
		}
	}
	aeries, _ := LookupVendor("aeries")
	_, err := aeries.Settings(map[string]string{"root_url": "https://d.aeries.net/aeries?key=s3cret"}, "", false)
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v, want a refusal that hides the query", err)
	}
}

func TestVendorForHost(t *testing.T) {
	for host, want := range map[string]string{
		"district.aeries.net":              "aeries",
		"districtapi.aeries.net":           "aeries",
		"campus.infinitecampus.org":        "infinite_campus",
		"41q.ncsis.gov":                    "infinite_campus",
		"api.sky.blackbaud.com":            "blackbaud",
		"acme-ca-v2.oneroster.com":         "classlink",
		"oneroster-proxy.classlink.io":     "classlink_proxy",
		"district.focusschoolsoftware.com": "focus",
		"sis.example.org":                  "",
		"aeries.net.attacker.example":      "",
		"notaeries.net":                    "",
	} {
		v, ok := VendorForHost(host)
		if got := v.Name; got != want || ok != (want != "") {
			t.Errorf("%s: %q, want %q", host, got, want)
		}
	}
}
