package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider block can be left empty: the environment supplies the
// server and the credentials of each method.
func TestAccProvider_environment(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := map[string]map[string]string{
		"oauth2_client_credentials": {
			"ONEROSTER_CLIENT_ID": sandbox.ClientID, "ONEROSTER_CLIENT_SECRET": sandbox.ClientSecret,
			"ONEROSTER_TOKEN_URL": sb.TokenURL,
			"ONEROSTER_SCOPES":    "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly",
		},
		"oauth2_password": {
			"ONEROSTER_USERNAME": sandbox.Username, "ONEROSTER_PASSWORD": sandbox.Password,
			"ONEROSTER_TOKEN_URL": sb.TokenURL,
		},
		"oauth1": {
			"ONEROSTER_CONSUMER_KEY": sandbox.ConsumerKey, "ONEROSTER_CONSUMER_SECRET": sandbox.ConsumerSecret,
		},
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			t.Setenv("ONEROSTER_BASE_URL", sb.BaseURL)
			for k, v := range env {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: `data "oneroster_schools" "all" {}`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.oneroster_schools.all", tfjsonpath.New("schools"), knownvalue.ListSizeExact(sb.Server.Count("schools"))),
					},
				}},
			})
		})
	}
}

// Configuration mistakes are caught before any request, with a message
// that names the attribute and says what to do.
func TestAccProvider_invalidConfiguration(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := map[string]struct{ provider, want string }{
		"two auth methods": {
			provider: fmt.Sprintf(`base_url = %q
  oauth1 = { consumer_key = "k", consumer_secret = "s" }
  oauth2_client_credentials = { client_id = "i", client_secret = "s", token_url = %q }`, sb.BaseURL, sb.TokenURL),
			want: `(?s)oauth1.*oauth2_client_credentials`,
		},
		"missing secret": {
			provider: fmt.Sprintf(`base_url = %q
  oauth2_client_credentials = { client_id = "i", token_url = %q }`, sb.BaseURL, sb.TokenURL),
			want: `(?s)Missing client_secret.*ONEROSTER_CLIENT_SECRET`,
		},
		"relative base URL": {
			provider: `base_url = "sis.example.org/ims/oneroster/v1p1"
  oauth1 = { consumer_key = "k", consumer_secret = "s" }`,
			want: `(?s)base_url "sis.example.org/ims/oneroster/v1p1" must start with https://`,
		},
		"bad timeout": {
			provider: fmt.Sprintf(`base_url = %q
  request_timeout = "sixty"
  oauth1 = { consumer_key = "k", consumer_secret = "s" }`, sb.BaseURL),
			want: `(?s)request_timeout.*not a positive Go duration`,
		},
		"bad signature method": {
			provider: fmt.Sprintf(`base_url = %q
  oauth1 = { consumer_key = "k", consumer_secret = "s", signature_method = "PLAINTEXT" }`, sb.BaseURL),
			want: `(?s)signature_method`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("provider \"oneroster\" {\n  %s\n}\n\ndata \"oneroster_schools\" \"all\" {}\n", tc.provider),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
