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
// new one is a new row. Facts come from the vendors' and integrators'
// public pages; the provider's "Connecting to your SIS" guide cites them
// and says which are unconfirmed.
type Vendor struct {
	// Name is the preset's identifier ("infinite_campus"); Title its
	// human name.
	Name, Title string
	// Inputs are the values the preset needs, all required: those the
	// vendor's console shows (see VendorInput*).
	Inputs []string
	// BaseURL and TokenURL are templates over the inputs, e.g.
	// "{host}/campus/oauth2/token?appName={app_name}"; empty when the
	// preset does not know them (the user must then set them). BaseURL is
	// the OneRoster 1.1 one.
	BaseURL, TokenURL string
	// BaseURLV1p2 is the template of the OneRoster 1.2 rostering service's
	// base URL, used when the user chooses 1.2 (the gradebook and
	// resources services are derived from it as from any 1.2 base URL);
	// empty when the vendor publishes none, and the user gives base_url.
	BaseURLV1p2 string
	// AuthMethod is one of the AuthMethod* names.
	AuthMethod string
	// ClientAuth is the OAuth 2 client authentication style; "" is auto.
	ClientAuth ClientAuth
	// RequestScopes makes the preset ask for scopes (some servers refuse
	// a token request without any): VendorScopes lists which.
	RequestScopes bool
	// PageSize is the limit to ask for; 0 leaves the client's default.
	PageSize int
	// GradebookHeader names a header the vendor requires on gradebook
	// requests, which only the user can fill in (it holds their key).
	GradebookHeader string
	// HostSuffixes identify the vendor's hosted servers, for hints when a
	// connection without the preset fails ("aeries.net" matches
	// "district.aeries.net"; a suffix also matches the host itself).
	HostSuffixes []string
	// Hint names the setting most often wrong with this vendor.
	Hint string
	// Beta marks presets built on facts that could not all be confirmed.
	Beta bool
}

// The inputs a preset may take.
const (
	VendorInputHost      = "host"       // a host name (https:// assumed) or a scheme://host[:port]
	VendorInputAppName   = "app_name"   // a tenant name the token URL carries
	VendorInputRootURL   = "root_url"   // the product's root URL
	VendorInputTenantURL = "tenant_url" // the server URL of one tenant
	VendorInputAppID     = "app_id"     // an application id in a shared proxy
)

// oneRoster11Path is the path the binding puts the 1.1 API under.
const oneRoster11Path = "/ims/oneroster/v1p1"

// Vendors are the presets, by name.
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
		Name: "infinite_campus", Title: "Infinite Campus",
		Inputs:          []string{VendorInputHost, VendorInputAppName},
		BaseURL:         "{host}/campus/api/ims/oneroster/rostering/v1p1",
		BaseURLV1p2:     "{host}/campus/api/ims/oneroster/rostering/v1p2",
		TokenURL:        "{host}/campus/oauth2/token?appName={app_name}",
		AuthMethod:      AuthMethodOAuth2ClientCredentials,
		GradebookHeader: "x-vendor-authorization",
		HostSuffixes:    []string{"infinitecampus.org", "infinitecampus.com"},
		Hint:            "Infinite Campus token URLs need ?appName=<the district's app name>, and gradebook calls need the x-vendor-authorization header",
	},
	{
		Name: "blackbaud", Title: "Blackbaud Education Management",
		BaseURL:    "https://api.sky.blackbaud.com/afe-rostr" + oneRoster11Path,
		TokenURL:   "https://oauth2.sky.blackbaud.com/token",
		AuthMethod: AuthMethodOAuth2ClientCredentials,
		HostSuffixes: []string{
			"api.sky.blackbaud.com",
		},
		Hint: "Blackbaud's OneRoster API is at https://api.sky.blackbaud.com/afe-rostr/ims/oneroster/v1p1 with the token at https://oauth2.sky.blackbaud.com/token",
	},
	{
		Name: "classlink", Title: "ClassLink (direct to the district's OneRoster server)",
		Inputs:     []string{VendorInputTenantURL},
		BaseURL:    "{tenant_url}" + oneRoster11Path,
		AuthMethod: AuthMethodOAuth1,
		HostSuffixes: []string{
			"oneroster.com",
		},
		Hint: "ClassLink's direct servers use OAuth 1.0a (oauth1) with the key and secret of the ClassLink developer console",
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
	AuthMethod        string
	ClientAuth        ClientAuth // "" for auto
	Scopes            []string   // nil: ask for none
	PageSize          int        // 0: the client's default
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

// Settings fills the preset's templates with inputs (keyed by the
// VendorInput* names) for OneRoster version (the user's explicit choice;
// "" for none, which takes the 1.1 templates, as a base URL that shows no
// version is 1.1). Errors name the input at fault and say how to fix it;
// missing inputs are reported by MissingInputs.
func (v Vendor) Settings(inputs map[string]string, version Version, gradebook bool) (VendorSettings, error) {
	values := map[string]string{}
	for _, name := range v.Inputs {
		raw := strings.TrimSpace(inputs[name])
		value, err := vendorInput(name, raw)
		if err != nil {
			return VendorSettings{}, fmt.Errorf("%s %w", name, err)
		}
		values[name] = value
	}
	fill := func(template string) string {
		out := template
		for name, value := range values {
			out = strings.ReplaceAll(out, "{"+name+"}", value)
		}
		return out
	}
	base := v.BaseURL
	if version == Version1p2 {
		base = v.BaseURLV1p2
	}
	s := VendorSettings{
		BaseURL:    fill(base),
		TokenURL:   fill(v.TokenURL),
		AuthMethod: v.AuthMethod,
		ClientAuth: v.ClientAuth,
		PageSize:   v.PageSize,
	}
	if v.RequestScopes {
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

// vendorInput checks one input and returns the form templates use: URLs
// without a trailing slash (nor the /ims/oneroster/v1p1 a user may have
// pasted with them), hosts as scheme://host, names escaped for a query or
// a path.
func vendorInput(name, raw string) (string, error) {
	switch name {
	case VendorInputAppName:
		return url.QueryEscape(raw), nil
	case VendorInputAppID:
		if strings.ContainsAny(raw, "/?#") {
			return "", fmt.Errorf("%q must be the application id alone, not a URL or path", raw)
		}
		return url.PathEscape(raw), nil
	case VendorInputHost:
		if !strings.Contains(raw, "://") {
			raw = "https://" + raw
		}
		u, err := endpointURL(raw)
		if err != nil {
			return "", err
		}
		if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
			return "", fmt.Errorf("%q must be a host name only (e.g. district.example.org), without a path", DisplayURL(raw))
		}
		return u.Scheme + "://" + u.Host, nil
	case VendorInputRootURL, VendorInputTenantURL:
		u, err := endpointURL(raw)
		if err != nil {
			return "", err
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return "", fmt.Errorf("%q has a query string or fragment (not shown): give only scheme, host and path", DisplayURL(raw))
		}
		p := strings.TrimRight(u.EscapedPath(), "/")
		p = strings.TrimSuffix(p, oneRoster11Path)
		return u.Scheme + "://" + u.Host + strings.TrimRight(p, "/"), nil
	}
	return "", errors.New("is not an input of any preset")
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
