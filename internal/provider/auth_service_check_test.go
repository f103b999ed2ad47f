package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Two mistakes in an auth block are refused before any request, naming
// the attribute and the fix: a token URL that is the base URL or under it,
// and a scope written as a short name, for which the full URI of the
// version in use is suggested. The provider block and oneroster_connection
// apply the same rule.
func TestAccAuth_checkedAgainstTheServer(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := map[string]struct {
		config string
		want   []string // fragments, in order (wrappedText)
	}{
		"provider token_url is the base URL": {
			config: clientCredentialsProvider(sb.BaseURL, sb.BaseURL, sandbox.ClientSecret, "") + orgsDataSource,
			want:   []string{"Token URL inside the API", "oauth2_client_credentials.token_url is " + sb.BaseURL + ", which is the base_url"},
		},
		"provider token_url under the base URL": {
			config: clientCredentialsProvider(sb.BaseURL, sb.BaseURL+"/oauth2/token", sandbox.ClientSecret, "") + orgsDataSource,
			want:   []string{"Token URL inside the API", sb.BaseURL + "/oauth2/token,", "e.g. " + sb.URL + "/oauth2/token"},
		},
		"connection token_url under the base URL": {
			config: "provider \"oneroster\" {}\n" + clientCredentialsConnection("test", "springfield", sb.BaseURL, sb.BaseURL+"/token", sandbox.ClientSecret, ""),
			want:   []string{"Token URL inside the API", "oauth2_client_credentials.token_url is " + sb.BaseURL + "/token"},
		},
		"short 1.1 scope": {
			config: oauth2ClientProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret,
				`scopes = ["`+oneroster.ScopeRosterReadonly+`", "roster-core.readonly"]`, "") + orgsDataSource,
			want: []string{"Scope is not a full URI", `oauth2_client_credentials.scopes[1] is "roster-core.readonly"`,
				`Use "` + oneroster.ScopeRosterCoreReadonly + `", its full URI for OneRoster 1.1`},
		},
		"short 1.2 scope": {
			config: oauth2ClientProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret, `scopes = ["roster-core.readonly"]`, "") + orgsDataSource,
			want:   []string{"oauth2_client_credentials.scopes[0]", `Use "` + oneroster.ScopeV1p2RosterCoreReadonly + `", its full URI for OneRoster 1.2`},
		},
		"unknown short scope": {
			config: "provider \"oneroster\" {}\n" + clientCredentialsConnection("test", "springfield", sb.BaseURL, sb.TokenURL, sandbox.ClientSecret,
				`scopes = ["everything"]`),
			want: []string{`scopes[0] is "everything"`, `Write OneRoster 1.1 scopes in full, like "` + oneroster.ScopeRosterCoreReadonly + `"`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := sb.Server.TokenRequests()
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      tc.config,
					PlanOnly:    true,
					ExpectError: wrappedText(tc.want...),
				}},
			})
			if got := sb.Server.TokenRequests(); got != before {
				t.Errorf("%d token requests before the error, want none", got-before)
			}
		})
	}
}
