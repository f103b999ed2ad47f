package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// vendorCase is one preset against the sandbox with that vendor's quirks
// switched on. The sandbox is mounted where the preset expects the vendor's
// API and token endpoint, so the derived URLs are exercised, not replaced:
// only presets with fixed vendor hosts (Blackbaud, the ClassLink proxy) or
// an unconfirmed base path (PowerSchool) need explicit URLs, which also
// shows that explicit settings win.
type vendorCase struct {
	quirks     sandbox.VendorQuirks
	clientAuth string // the token endpoint's only accepted style, "" for any
	// config builds the resource's arguments from the sandbox.
	config func(sb *sandbox.Running) string
	// base and token are the resolved URLs expected, from the sandbox URL.
	base, token func(sb *sandbox.Running) string
	scopes      []string
	grades      bool
}

func clientCredentials(extra string) string {
	return fmt.Sprintf(`oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    %s
  }`, sandbox.ClientID, sandbox.ClientSecret, extra)
}

const icVendorHeader = "AwesomeLMS:F24F863DC12260780BECE846F4010431"

var vendorCases = map[string]vendorCase{
	"aeries": {
		quirks: sandbox.VendorQuirks{
			Mounts:         map[string]string{"/aeries/ims/oneroster/v1p1": sandbox.BasePath, "/aeries/token": sandbox.TokenPath},
			RequireCookies: true, RequireScope: true,
		},
		clientAuth: "basic",
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "aeries", root_url = %q }
  %s`, sb.URL+"/aeries/", clientCredentials(""))
		},
		base:   func(sb *sandbox.Running) string { return sb.URL + "/aeries/ims/oneroster/v1p1" },
		token:  func(sb *sandbox.Running) string { return sb.URL + "/aeries/token" },
		scopes: oneroster.VendorScopes(oneroster.Version1p1, false),
	},
	// Infinite Campus serves OneRoster 1.1 and 1.2 at paths that carry the
	// district's app name, which the token URL's appName repeats: the
	// sandbox is mounted at those paths and refuses tokens without it.
	"infinite_campus": {
		quirks: sandbox.VendorQuirks{
			Mounts: map[string]string{
				"/campus/oneroster/district9/ims/oneroster/v1p1": sandbox.BasePath,
				"/campus/oauth2/token":                           sandbox.TokenPath,
			},
			RequireAppName: "district9", VendorHeader: icVendorHeader,
		},
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "infinite_campus", host = %q, app_name = "district9", gradebook_writes = true }
  gradebook_headers = { "x-vendor-authorization" = %q }
  grades_enabled = true
  %s`, sb.URL, icVendorHeader, clientCredentials(""))
		},
		base:   func(sb *sandbox.Running) string { return sb.URL + "/campus/oneroster/district9/ims/oneroster/v1p1" },
		token:  func(sb *sandbox.Running) string { return sb.URL + "/campus/oauth2/token?appName=district9" },
		grades: true,
	},
	// Infinite Campus on OneRoster 1.2: the same inputs, and
	// oneroster_version = "1.2" derives the 1.2 rostering base URL, and
	// from it the gradebook's. An app name with a space is escaped for
	// the path and for the query.
	"infinite_campus 1.2": {
		quirks: sandbox.VendorQuirks{
			Mounts: map[string]string{
				"/campus/api/oneroster/v1p2/district 9/ims/oneroster/rostering/v1p2": sandbox.BasePathV1p2,
				"/campus/api/oneroster/v1p2/district 9/ims/oneroster/gradebook/v1p2": sandbox.BasePathGradebookV1p2,
				"/campus/oauth2/token": sandbox.TokenPath,
			},
			RequireAppName: "district 9",
		},
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "infinite_campus", host = %q, app_name = "district 9" }
  oneroster_version = "1.2"
  grades_enabled = true
  %s`, sb.URL, clientCredentials(""))
		},
		grades: true,
		base: func(sb *sandbox.Running) string {
			return sb.URL + "/campus/api/oneroster/v1p2/district%209/ims/oneroster/rostering/v1p2"
		},
		token: func(sb *sandbox.Running) string { return sb.URL + "/campus/oauth2/token?appName=district+9" },
	},
	// Blackbaud's token endpoint is fixed, so the sandbox's is given; it
	// takes only HTTP Basic and wants a scope, as Blackbaud's examples show.
	"blackbaud": {
		quirks:     sandbox.VendorQuirks{RequireScope: true},
		clientAuth: "basic",
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "blackbaud" }
  base_url = %q
  %s`, sb.BaseURL, clientCredentials(fmt.Sprintf("token_url = %q", sb.URL+sandbox.TokenPath)))
		},
		base:   func(sb *sandbox.Running) string { return sb.BaseURL },
		token:  func(sb *sandbox.Running) string { return sb.URL + sandbox.TokenPath },
		scopes: []string{oneroster.ScopeRosterCoreReadonly},
	},
	// The Ed-Fi OneRoster API serves 1.2 only, with tokens from the Ed-Fi
	// ODS/API (here the same sandbox, mounted at the stack's /api).
	"edfi_oneroster": {
		quirks: sandbox.VendorQuirks{Mounts: map[string]string{
			"/oneroster-api/ims/oneroster/rostering/v1p2": sandbox.BasePathV1p2,
			"/api/oauth/token":                            sandbox.TokenPath,
		}},
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "edfi_oneroster", host = %q, ods_api_url = %q }
  %s`, sb.URL, sb.URL+"/api", clientCredentials(""))
		},
		base:  func(sb *sandbox.Running) string { return sb.URL + "/oneroster-api/ims/oneroster/rostering/v1p2" },
		token: func(sb *sandbox.Running) string { return sb.URL + "/api/oauth/token" },
	},
	// Synergy's URLs come from the district: the preset derives none.
	"edupoint_synergy": {
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "edupoint_synergy" }
  base_url = %q
  %s`, sb.BaseURL, clientCredentials(fmt.Sprintf("token_url = %q", sb.TokenURL)))
		},
		base:  func(sb *sandbox.Running) string { return sb.BaseURL },
		token: func(sb *sandbox.Running) string { return sb.TokenURL },
	},
	// eSchoolPlus signs with HMAC-SHA1 by default: the preset picks it, and
	// the sandbox accepts no other.
	"powerschool_eschoolplus": {
		quirks: sandbox.VendorQuirks{OAuth1SignatureMethod: "HMAC-SHA1"},
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "powerschool_eschoolplus" }
  base_url = %q
  oauth1 = {
    consumer_key    = %q
    consumer_secret = %q
  }`, sb.BaseURL, sandbox.ConsumerKey, sandbox.ConsumerSecret)
		},
		base:  func(sb *sandbox.Running) string { return sb.BaseURL },
		token: func(*sandbox.Running) string { return "" },
	},
	"skyward": {
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "skyward" }
  base_url = %q
  %s`, sb.BaseURL, clientCredentials(fmt.Sprintf("token_url = %q", sb.TokenURL)))
		},
		base:  func(sb *sandbox.Running) string { return sb.BaseURL },
		token: func(sb *sandbox.Running) string { return sb.TokenURL },
	},
	"classlink": {
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "classlink", tenant_url = %q }
  %s`, sb.URL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"))
		},
		base:  func(sb *sandbox.Running) string { return sb.BaseURL },
		token: func(*sandbox.Running) string { return "" },
	},
	"classlink_proxy": {
		quirks: sandbox.VendorQuirks{StaticBearer: "classlink-proxy-token-0123"},
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "classlink_proxy", app_id = "MoYPlyQWmG0%%3D" }
  base_url = %q
  bearer_token = { token = "classlink-proxy-token-0123" }`, sb.BaseURL)
		},
		base:  func(sb *sandbox.Running) string { return sb.BaseURL },
		token: func(*sandbox.Running) string { return "" },
	},
	"focus": {
		quirks: sandbox.VendorQuirks{
			Mounts: map[string]string{
				"/focus/api/1.0/ims/oneroster/v1p1": sandbox.BasePath,
				"/focus/api/1.0/token":              sandbox.TokenPath,
			},
			BodyPaging: true, TokenExpiry: sandbox.TokenExpiryExpiration,
		},
		clientAuth: "body",
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "focus", host = %q }
  %s`, sb.URL, clientCredentials(""))
		},
		base:  func(sb *sandbox.Running) string { return sb.URL + "/focus/api/1.0/ims/oneroster/v1p1" },
		token: func(sb *sandbox.Running) string { return sb.URL + "/focus/api/1.0/token" },
	},
	"follett_aspen": {
		quirks: sandbox.VendorQuirks{Mounts: map[string]string{
			"/aspen/ims/oneroster/v1p1":   sandbox.BasePath,
			"/aspen/oauth/rest/v2.0/auth": sandbox.TokenPath,
		}},
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "follett_aspen", root_url = %q }
  %s`, sb.URL+"/aspen", clientCredentials(""))
		},
		base:  func(sb *sandbox.Running) string { return sb.URL + "/aspen/ims/oneroster/v1p1" },
		token: func(sb *sandbox.Running) string { return sb.URL + "/aspen/oauth/rest/v2.0/auth" },
	},
	"powerschool": {
		quirks: sandbox.VendorQuirks{
			Mounts:      map[string]string{"/oauth/access_token": sandbox.TokenPath},
			TokenExpiry: sandbox.TokenExpiryString,
		},
		clientAuth: "basic",
		config: func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "powerschool", root_url = %q }
  base_url = %q
  %s`, sb.URL, sb.BaseURL, clientCredentials(""))
		},
		base:  func(sb *sandbox.Running) string { return sb.BaseURL },
		token: func(sb *sandbox.Running) string { return sb.URL + "/oauth/access_token" },
	},
}

func vendorSandbox(t *testing.T, tc vendorCase) *sandbox.Running {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{VendorQuirks: tc.quirks}})
	if tc.clientAuth != "" {
		sb.Server.Auth().SetClientAuth(tc.clientAuth)
	}
	return sb
}

func vendorConnection(body string) string {
	return fmt.Sprintf(`
provider "oneroster" {
  max_retries = 0
}

resource "oneroster_connection" "test" {
  name   = "springfield"
  topics = ["orgs", "users"]
  %s
}
`, body)
}

// TestAccVendorPresets connects each preset to a sandbox with its vendor's
// quirks, and checks that the plan already shows the derived URLs.
func TestAccVendorPresets(t *testing.T) {
	for name, tc := range vendorCases {
		t.Run(name, func(t *testing.T) {
			sb := vendorSandbox(t, tc)
			topics := []string{"orgs", "users"}
			if tc.grades {
				topics = append(topics, "categories", "lineItems", "results")
				if strings.HasSuffix(tc.base(sb), "/v1p2") {
					topics = append(topics, "scoreScales", "assessmentLineItems", "assessmentResults")
				}
			}
			scopes := knownvalue.ListExact(nil)
			if tc.scopes != nil {
				scopes = knownvalue.ListExact(stringValues(tc.scopes))
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: vendorConnection(tc.config(sb)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(connAddr, tfjsonpath.New("resolved_base_url"), knownvalue.StringExact(tc.base(sb))),
						plancheck.ExpectKnownValue(connAddr, tfjsonpath.New("resolved_token_url"), knownvalue.StringExact(tc.token(sb))),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(topics))),
						statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("resolved_base_url"), knownvalue.StringExact(tc.base(sb))),
						statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("granted_scopes"), matchScopes(tc.scopes, scopes)),
					},
				}},
			})
		})
	}
}

// matchScopes checks the granted scopes only for presets that ask for
// some (the sandbox grants all it may when none are asked for).
func matchScopes(asked []string, exact knownvalue.Check) knownvalue.Check {
	if asked == nil {
		return knownvalue.NotNull()
	}
	return exact
}

// TestAccVendorPresetQuirksNeedThePreset shows each quirk set fails the
// plan without the preset's handling: the same sandbox, configured by hand
// with the URLs only.
func TestAccVendorPresetQuirksNeedThePreset(t *testing.T) {
	for name, tc := range map[string]struct {
		vendor string
		config func(sb *sandbox.Running) string
		err    *regexp.Regexp
	}{
		"aeries without scopes": {"aeries", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`base_url = %q
  %s`, sb.URL+"/aeries/ims/oneroster/v1p1", clientCredentials(fmt.Sprintf("token_url = %q", sb.URL+"/aeries/token")))
		}, regexp.MustCompile(`invalid_scope`)},
		"infinite campus without the vendor header": {"infinite_campus", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "infinite_campus", host = %q, app_name = "district9" }
  grades_enabled = true
  %s`, sb.URL, clientCredentials(""))
		}, regexp.MustCompile(`(?s)categories.*x-vendor-authorization.*uses the infinite_campus preset`)},
		"powerschool without base_url": {"powerschool", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "powerschool", root_url = %q }
  %s`, sb.URL, clientCredentials(""))
		}, regexp.MustCompile(`(?s)powerschool preset does not fill in\s+base_url`)},
		"infinite campus without app_name": {"infinite_campus", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "infinite_campus", host = %q }
  %s`, sb.URL, clientCredentials(""))
		}, regexp.MustCompile(`(?s)Missing vendor.app_name.*needs\s+vendor.app_name`)},
		"eschoolplus signed with HMAC-SHA256": {"powerschool_eschoolplus", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`base_url = %q
  %s`, sb.BaseURL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"))
		}, regexp.MustCompile(`(?s)401.*HMAC-SHA1`)},
		"infinite campus without its app name in the path": {"infinite_campus", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`base_url = %q
  %s`, sb.URL+"/campus/api/ims/oneroster/rostering/v1p1", clientCredentials(fmt.Sprintf("token_url = %q", sb.URL+"/campus/oauth2/token?appName=district9")))
		}, regexp.MustCompile(`404`)},
		"the ed-fi preset, told 1.1": {"edfi_oneroster", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "edfi_oneroster", host = %q, ods_api_url = %q }
  oneroster_version = "1.1"
  %s`, sb.URL, sb.URL+"/api", clientCredentials(""))
		}, regexp.MustCompile(`(?s)edfi_oneroster preset fills in base_url for OneRoster 1.2\s+only`)},
		"a preset without a 1.2 path, on 1.2": {"aeries", func(sb *sandbox.Running) string {
			return fmt.Sprintf(`vendor = { name = "aeries", root_url = %q }
  oneroster_version = "1.2"
  %s`, sb.URL+"/aeries", clientCredentials(""))
		}, regexp.MustCompile(`(?s)aeries preset does not fill in\s+base_url for OneRoster 1.2.*Set base_url to the OneRoster 1.2\s+rostering URL`)},
		"neither base_url nor vendor": {"blackbaud", func(sb *sandbox.Running) string {
			return clientCredentials(fmt.Sprintf("token_url = %q", sb.TokenURL))
		}, regexp.MustCompile(`(?s)Missing base_url.*or set vendor`)},
	} {
		t.Run(name, func(t *testing.T) {
			sb := vendorSandbox(t, vendorCases[tc.vendor])
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps:                    []resource.TestStep{{Config: vendorConnection(tc.config(sb)), ExpectError: tc.err}},
			})
		})
	}
}

// TestAccVendorPresetOnProviderBlock reads through the provider block's
// preset: Focus pages in the body and ignores offset, so every record only
// arrives when the body's next links are followed.
func TestAccVendorPresetOnProviderBlock(t *testing.T) {
	tc := vendorCases["focus"]
	sb := vendorSandbox(t, tc)
	users := len(sb.Server.SourcedIDs("users"))
	cfg := fmt.Sprintf(`
provider "oneroster" {
  max_retries = 0
  page_size   = 7
  vendor = { name = "focus", host = %q }
  %s
}

data "oneroster_users" "all" {
  include_deleted = true
}
`, sb.URL, clientCredentials(""))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oneroster_users.all", tfjsonpath.New("users"), knownvalue.ListSizeExact(users)),
			},
		}},
	})
}

// Explicit settings win over the preset: scopes and the token URL set in
// the block replace the ones Aeries's preset derives.
func TestAccVendorPresetExplicitSettingsWin(t *testing.T) {
	sb := vendorSandbox(t, vendorCases["aeries"])
	sb.Server.SetQuirks(sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{
		Mounts:         map[string]string{"/aeries/ims/oneroster/v1p1": sandbox.BasePath, "/aeries/v2/oauth/token": sandbox.TokenPath},
		RequireCookies: true, RequireScope: true,
	}})
	scope := oneroster.ScopeRosterCoreReadonly
	cfg := vendorConnection(fmt.Sprintf(`vendor = { name = "aeries", root_url = %q }
  %s`, sb.URL+"/aeries", clientCredentials(fmt.Sprintf("token_url = %q\n    scopes = [%q]", sb.URL+"/aeries/v2/oauth/token", scope))))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("resolved_token_url"), knownvalue.StringExact(sb.URL+"/aeries/v2/oauth/token")),
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("granted_scopes"), knownvalue.ListExact(stringValues([]string{scope}))),
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues([]string{"orgs", "users"}))),
			},
		}},
	})
}
