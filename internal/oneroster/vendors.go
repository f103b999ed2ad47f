package oneroster

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Vendor is a preset for one SIS vendor's OneRoster server: where the API
// and token endpoint sit relative to what the vendor's console shows, how
// clients authenticate, and what else the server needs. Presets are data,
// all in Vendors, so that every vendor goes through the same code and a
// new one is a new row. Every fact comes from a public source (a vendor's
// page, or public integration code that names the vendor's hosts), which
// the provider's "Connecting to your SIS" guide cites; a preset derives a
// URL only when a source shows it, and otherwise leaves it to the user.
type Vendor struct {
	// Name is the preset's identifier ("infinite_campus"); Title its
	// human name.
	Name, Title string
	// Inputs are the values the preset needs, all required: those the
	// vendor's console shows (see VendorInput*).
	Inputs []string
	// BaseURL and TokenURL are templates over the inputs, e.g.
	// "{host}/campus/oauth2/token?appName={app_name}"; empty when no
	// source shows them (the user must then set them). BaseURL is the
	// OneRoster 1.1 one. A name input is escaped where it lands: as a path
	// segment before the template's "?", as a query value after it.
	BaseURL, TokenURL string
	// BaseURLV1p2 is the template of the OneRoster 1.2 rostering service's
	// base URL, used when the user chooses 1.2 (the gradebook and
	// resources services are derived from it as from any 1.2 base URL);
	// empty when no source shows one, and the user gives base_url. A
	// preset with only a 1.2 template serves 1.2 unless told otherwise.
	BaseURLV1p2 string
	// AuthMethod is one of the AuthMethod* names; "" when no source says
	// which the vendor uses (the district's configuration decides).
	AuthMethod string
	// ClientAuth is the OAuth 2 client authentication style; "" is auto.
	ClientAuth ClientAuth
	// SignatureMethod is the OAuth 1.0a signature method the vendor's
	// servers default to; "" leaves the client's default (HMAC-SHA256).
	SignatureMethod SignatureMethod
	// RequestScopes makes the preset ask for scopes (some servers refuse
	// a token request without any): VendorScopes lists which.
	RequestScopes bool
	// Scopes, when set, are the exact scopes to ask for, for vendors whose
	// documentation names them (RequestScopes is then ignored).
	Scopes []string
	// PageSize is the limit to ask for; 0 leaves the client's default.
	PageSize int
	// MaxConcurrency is the requests in flight the vendor asks clients to
	// keep to; 0 leaves the client's default.
	MaxConcurrency int
	// MaxRequestsPerMinute is the request rate the vendor's servers allow
	// by default; 0 for none published.
	MaxRequestsPerMinute int
	// GradebookHeader names a header the vendor requires on gradebook
	// requests, which only the user can fill in (it holds their key).
	GradebookHeader string
	// HostSuffixes identify the vendor's hosted servers, for hints when a
	// connection without the preset fails ("aeries.net" matches
	// "district.aeries.net"; a suffix also matches the host itself).
	HostSuffixes []string
	// Hint names the setting most often wrong with this vendor.
	Hint string
	// Beta marks presets whose sources leave facts open (the guide says
	// which).
	Beta bool
}

// The inputs a preset may take.
const (
	VendorInputHost      = "host"        // a host name (https:// assumed) or a scheme://host[:port]
	VendorInputAppName   = "app_name"    // a tenant name the URLs carry
	VendorInputRootURL   = "root_url"    // the product's root URL
	VendorInputTenantURL = "tenant_url"  // the server URL of one tenant
	VendorInputAppID     = "app_id"      // an application id in a shared proxy, as the vendor's API gives it
	VendorInputODSAPIURL = "ods_api_url" // the URL of the Ed-Fi ODS/API that issues the tokens
)

// oneRoster11Path is the path the binding puts the 1.1 API under.
const oneRoster11Path = "/ims/oneroster/v1p1"

// Vendors are the presets, by name. The guide's table of examples holds
// each one's derived URLs (TestVendorGuideExamples).
var Vendors = []Vendor{
	{
		Name: "aeries", Title: "Aeries",
		Inputs:  []string{VendorInputRootURL},
		BaseURL: "{root_url}" + oneRoster11Path, TokenURL: "{root_url}/token",
		AuthMethod: AuthMethodOAuth2ClientCredentials, ClientAuth: ClientAuthBasic,
		RequestScopes: true,
		HostSuffixes:  []string{"aeries.net"},
		Hint: "Aeries wants at least one scope in the token request, and the token URL is the Aeries root URL + /token " +
			"(older installs: /v2/oauth/token)",
	},
	{
		// The app name is a path segment of both base URLs, and the token
		// URL's appName. Campus asks consumers for serial requests at the
		// district's peak hours (5 at most off-peak): one at a time.
		Name: "infinite_campus", Title: "Infinite Campus",
		Inputs:          []string{VendorInputHost, VendorInputAppName},
		BaseURL:         "{host}/campus/oneroster/{app_name}" + oneRoster11Path,
		BaseURLV1p2:     "{host}/campus/api/oneroster/v1p2/{app_name}/ims/oneroster/rostering/v1p2",
		TokenURL:        "{host}/campus/oauth2/token?appName={app_name}",
		AuthMethod:      AuthMethodOAuth2ClientCredentials,
		MaxConcurrency:  1,
		GradebookHeader: "x-vendor-authorization",
		HostSuffixes:    []string{"infinitecampus.org", "infinitecampus.com", "ncsis.gov"},
		Hint: "Infinite Campus URLs carry the district's app name: in the base URL's path and as the token URL's ?appName=, " +
			"and gradebook calls need the x-vendor-authorization header",
	},
	{
		Name: "blackbaud", Title: "Blackbaud Education Management",
		BaseURL:    "https://api.sky.blackbaud.com/afe-rostr" + oneRoster11Path,
		TokenURL:   "https://oauth2.sky.blackbaud.com/token",
		AuthMethod: AuthMethodOAuth2ClientCredentials, ClientAuth: ClientAuthBasic,
		Scopes: []string{ScopeRosterCoreReadonly},
		HostSuffixes: []string{
			"api.sky.blackbaud.com",
		},
		Hint: "Blackbaud's OneRoster API is at https://api.sky.blackbaud.com/afe-rostr/ims/oneroster/v1p1 with the token at " +
			"https://oauth2.sky.blackbaud.com/token, HTTP Basic client authentication and the roster-core.readonly scope",
	},
	{
		Name: "classlink", Title: "ClassLink (direct to the district's OneRoster server)",
		Inputs:     []string{VendorInputTenantURL},
		BaseURL:    "{tenant_url}" + oneRoster11Path,
		AuthMethod: AuthMethodOAuth1, SignatureMethod: HMACSHA256,
		HostSuffixes: []string{
			"oneroster.com",
		},
		Hint: "ClassLink's direct servers use OAuth 1.0a (oauth1, HMAC-SHA256) with the key and secret of the ClassLink developer console",
	},
	{
		Name: "classlink_proxy", Title: "ClassLink OneRoster proxy",
		Inputs:     []string{VendorInputAppID},
		BaseURL:    "https://oneroster-proxy.classlink.io/{app_id}" + oneRoster11Path,
		AuthMethod: AuthMethodBearerToken,
		HostSuffixes: []string{
			"oneroster-proxy.classlink.io",
		},
		Hint: "ClassLink's proxy takes the application's access token as a fixed bearer token (bearer_token), and the application id in the path",
	},
	{
		// The Ed-Fi Alliance's OneRoster 1.2 rostering API over an Ed-Fi
		// ODS: tokens come from the ODS/API, and the API allows 100
		// requests a minute unless its operator changed that.
		Name: "edfi_oneroster", Title: "Ed-Fi OneRoster API",
		Inputs:               []string{VendorInputHost, VendorInputODSAPIURL},
		BaseURLV1p2:          "{host}/oneroster-api/ims/oneroster/rostering/v1p2",
		TokenURL:             "{ods_api_url}/oauth/token",
		AuthMethod:           AuthMethodOAuth2ClientCredentials,
		MaxRequestsPerMinute: 100,
		Hint: "the Ed-Fi OneRoster API serves OneRoster 1.2 at /oneroster-api/ims/oneroster/rostering/v1p2, takes tokens from the Ed-Fi ODS/API " +
			"({ods_api_url}/oauth/token) and allows 100 requests a minute by default",
		Beta: true,
	},
	{
		Name: "edupoint_synergy", Title: "Edupoint Synergy",
		// The district's Synergy shows the OneRoster API URL and token
		// endpoint; no source gives their layout.
		AuthMethod: AuthMethodOAuth2ClientCredentials,
		Hint:       "Synergy's OneRoster API URL and token endpoint both come from the district's Synergy: set base_url and token_url",
		Beta:       true,
	},
	{
		Name: "focus", Title: "Focus",
		Inputs:     []string{VendorInputHost},
		BaseURL:    "{host}/focus/api/1.0" + oneRoster11Path,
		TokenURL:   "{host}/focus/api/1.0/token",
		AuthMethod: AuthMethodOAuth2ClientCredentials, ClientAuth: ClientAuthBody,
		HostSuffixes: []string{"focusschoolsoftware.com"},
		Hint:         "Focus serves OneRoster under /focus/api/1.0 and takes the client secret in the token request's body",
		Beta:         true,
	},
	{
		Name: "follett_aspen", Title: "Follett Aspen",
		Inputs:     []string{VendorInputRootURL},
		BaseURL:    "{root_url}" + oneRoster11Path,
		TokenURL:   "{root_url}/oauth/rest/v2.0/auth",
		AuthMethod: AuthMethodOAuth2ClientCredentials,
		Hint:       "Aspen's token endpoint is the Aspen URL + /oauth/rest/v2.0/auth",
		Beta:       true,
	},
	{
		Name: "powerschool", Title: "PowerSchool SIS",
		Inputs: []string{VendorInputRootURL},
		// No public PowerSchool page confirms the OneRoster base path: the
		// user gives base_url.
		TokenURL:   "{root_url}/oauth/access_token",
		AuthMethod: AuthMethodOAuth2ClientCredentials, ClientAuth: ClientAuthBasic,
		PageSize: 1000,
		Hint:     "PowerSchool's plugin issues tokens at the server URL + /oauth/access_token; raise the plugin's Maximum Page Size to 1000",
	},
	{
		// OneRoster is part of eSchoolPlus's PLUS360 API, under
		// https://{host}/plus360api/v1/{code}/; the OneRoster path below it
		// is in PowerSchool's PLUS360 Developer Guide, which is not public.
		Name: "powerschool_eschoolplus", Title: "PowerSchool eSchoolPlus",
		AuthMethod: AuthMethodOAuth1, SignatureMethod: HMACSHA1,
		Hint: "eSchoolPlus signs with OAuth 1.0a HMAC-SHA1 unless the district's API profile says HMAC-SHA256 or OAuth 2.0; " +
			"its OneRoster API is under the district's https://{host}/plus360api/v1/{code}/",
		Beta: true,
	},
	{
		Name: "skyward", Title: "Skyward (SMS 2.0 and Qmlativ)",
		// Skyward's API server answers under https://{dns}/api; the
		// OneRoster URL is copied from Skyward's API Configuration screen.
		Hint: "Skyward's OneRoster API URL is on the district's API Configuration screen (its API server is under https://{dns}/api): set base_url to it",
		Beta: true,
	},
}

// VendorNames lists the presets' names, sorted.
func VendorNames() []string {
	names := make([]string, len(Vendors))
	for i, v := range Vendors {
		names[i] = v.Name
	}
	sort.Strings(names)
	return names
}

// LookupVendor returns the preset called name.
func LookupVendor(name string) (Vendor, bool) {
	for _, v := range Vendors {
		if v.Name == name {
			return v, true
		}
	}
	return Vendor{}, false
}

// VendorForHost returns the preset whose hosted servers look like host
// (a bare host name), for hints; false when none does.
func VendorForHost(host string) (Vendor, bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, v := range Vendors {
		for _, suffix := range v.HostSuffixes {
			if host == suffix || strings.HasSuffix(host, "."+suffix) {
				return v, true
			}
		}
	}
	return Vendor{}, false
}

// VendorSettings are what a preset fills in.
type VendorSettings struct {
	BaseURL, TokenURL string // "" when the preset does not know them
	// Version is the OneRoster version whose templates filled BaseURL.
	Version         Version
	AuthMethod      string
	ClientAuth      ClientAuth      // "" for auto
	SignatureMethod SignatureMethod // "" for the client's default
	Scopes          []string        // nil: ask for none
	PageSize        int             // 0: the client's default
	// MaxConcurrency and MaxRequestsPerMinute are the vendor's limits; 0
	// for none.
	MaxConcurrency, MaxRequestsPerMinute int
}

// VendorScopes are the scopes a preset asks for, when it asks: rostering
// reads, plus the gradebook's when gradebook writes are in use, as
// version v names them (1.2 adds createpost, the scope of its bulk POSTs).
func VendorScopes(v Version, gradebook bool) []string {
	if v == Version1p2 {
		scopes := []string{ScopeV1p2RosterCoreReadonly, ScopeV1p2RosterReadonly}
		if gradebook {
			scopes = append(scopes, ScopeV1p2GradebookReadonly, ScopeV1p2GradebookCreatePut, ScopeV1p2GradebookCreatePost, ScopeV1p2GradebookDelete)
		}
		return scopes
	}
	scopes := []string{ScopeRosterCoreReadonly, ScopeRosterReadonly}
	if gradebook {
		scopes = append(scopes, ScopeGradebookReadonly, ScopeGradebookCreatePut, ScopeGradebookDelete)
	}
	return scopes
}

// DefaultVersion is the OneRoster version the preset serves when the
// user chooses none: 1.1, unless the vendor publishes only a 1.2 URL.
func (v Vendor) DefaultVersion() Version {
	if v.BaseURL == "" && v.BaseURLV1p2 != "" {
		return Version1p2
	}
	return Version1p1
}

// Settings fills the preset's templates with inputs (keyed by the
// VendorInput* names) for OneRoster version (the user's explicit choice;
// "" for none, which takes DefaultVersion). Errors name the input at
// fault and say how to fix it; missing inputs are reported by
// MissingInputs.
func (v Vendor) Settings(inputs map[string]string, version Version, gradebook bool) (VendorSettings, error) {
	values := map[string]vendorValue{}
	for _, name := range v.Inputs {
		raw := strings.TrimSpace(inputs[name])
		value, err := vendorInput(name, raw)
		if err != nil {
			return VendorSettings{}, fmt.Errorf("%s %w", name, err)
		}
		values[name] = value
	}
	if version == "" {
		version = v.DefaultVersion()
	}
	base := v.BaseURL
	if version == Version1p2 {
		base = v.BaseURLV1p2
	}
	s := VendorSettings{
		BaseURL:              fillTemplate(base, values),
		TokenURL:             fillTemplate(v.TokenURL, values),
		Version:              version,
		AuthMethod:           v.AuthMethod,
		ClientAuth:           v.ClientAuth,
		SignatureMethod:      v.SignatureMethod,
		PageSize:             v.PageSize,
		MaxConcurrency:       v.MaxConcurrency,
		MaxRequestsPerMinute: v.MaxRequestsPerMinute,
	}
	switch {
	case v.Scopes != nil:
		s.Scopes = append([]string(nil), v.Scopes...)
	case v.RequestScopes:
		s.Scopes = VendorScopes(version, gradebook)
	}
	return s, nil
}

// MissingInputs lists the inputs the preset needs that are empty.
func (v Vendor) MissingInputs(inputs map[string]string) []string {
	var missing []string
	for _, name := range v.Inputs {
		if strings.TrimSpace(inputs[name]) == "" {
			missing = append(missing, name)
		}
	}
	return missing
}

// vendorValue is a checked input: a URL, inserted as it is, or a name,
// escaped where the template puts it.
type vendorValue struct {
	text  string
	isURL bool
	// escapedPath is how a name goes into a path, when the user gave it
	// already escaped (ClassLink's ids); "" to escape text.
	escapedPath string
}

// fillTemplate replaces each {input} of template. Names are escaped for
// where they land: path segments before the first "?", query values after.
func fillTemplate(template string, values map[string]vendorValue) string {
	if template == "" {
		return ""
	}
	path, query, hasQuery := strings.Cut(template, "?")
	for name, value := range values {
		inPath, inQuery := value.text, value.text
		if !value.isURL {
			inPath, inQuery = value.escapedPath, url.QueryEscape(value.text)
			if inPath == "" {
				inPath = url.PathEscape(value.text)
			}
		}
		path = strings.ReplaceAll(path, "{"+name+"}", inPath)
		query = strings.ReplaceAll(query, "{"+name+"}", inQuery)
	}
	if hasQuery {
		return path + "?" + query
	}
	return path
}

// vendorInput checks one input and returns the form templates use: URLs
// without a trailing slash (nor the /ims/oneroster/v1p1 a user may have
// pasted with them), hosts as scheme://host, names as text.
func vendorInput(name, raw string) (vendorValue, error) {
	switch name {
	case VendorInputAppName:
		if strings.ContainsAny(raw, "/?#") {
			return vendorValue{}, fmt.Errorf("%q must be the application name alone, not a URL or path", raw)
		}
		return vendorValue{text: raw}, nil
	case VendorInputAppID:
		// ClassLink's API hands ids out percent-encoded ("MoYPlyQWmG0%3D"):
		// they are taken as given, decoded once and never escaped twice,
		// and keep their own encoding in the path (%2F stays %2F).
		if strings.ContainsAny(raw, "/?#") {
			return vendorValue{}, fmt.Errorf("%q must be the application id alone, not a URL or path", raw)
		}
		text, err := url.PathUnescape(raw)
		if err != nil {
			return vendorValue{}, fmt.Errorf("%q has a %% that starts no escape (like %%3D): give the application id as the developer console shows it", raw)
		}
		segment := (&url.URL{Path: text, RawPath: raw}).EscapedPath()
		return vendorValue{text: text, escapedPath: segment}, nil
	case VendorInputHost:
		if !strings.Contains(raw, "://") {
			raw = "https://" + raw
		}
		u, err := endpointURL(raw)
		if err != nil {
			return vendorValue{}, err
		}
		if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
			return vendorValue{}, fmt.Errorf("%q must be a host name only (e.g. district.example.org), without a path", DisplayURL(raw))
		}
		return vendorValue{text: u.Scheme + "://" + u.Host, isURL: true}, nil
	case VendorInputRootURL, VendorInputTenantURL, VendorInputODSAPIURL:
		u, err := endpointURL(raw)
		if err != nil {
			return vendorValue{}, err
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return vendorValue{}, fmt.Errorf("%q has a query string or fragment (not shown): give only scheme, host and path", DisplayURL(raw))
		}
		p := strings.TrimRight(u.EscapedPath(), "/")
		p = strings.TrimSuffix(p, oneRoster11Path)
		if name == VendorInputODSAPIURL {
			p = strings.TrimSuffix(p, "/oauth/token")
		}
		return vendorValue{text: u.Scheme + "://" + u.Host + strings.TrimRight(p, "/"), isURL: true}, nil
	}
	return vendorValue{}, errors.New("is not an input of any preset")
}

// DisplayTokenURL renders a token URL as messages and logs show it: query
// values masked but for appName, grant_type and scope (see
// tokenURLForMessage), user info dropped. raw that does not parse is cut
// as DisplayURL cuts it.
func DisplayTokenURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return DisplayURL(raw)
	}
	return tokenURLForMessage(u)
}
