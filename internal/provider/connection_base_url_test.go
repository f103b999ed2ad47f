package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// A base URL without the OneRoster path answers 404 for every topic: the
// plan fails, and the message names the base URL that answers, for 1.1
// (the default for a URL that shows no version) and 1.2 (chosen
// explicitly). A sandbox base URL missing the path is its root, sb.URL.
func TestAccConnection_baseURLWithoutOneRosterPath(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := map[string]struct {
		extra    string
		answered string
	}{
		"1.1":             {extra: "", answered: sb.BaseURL},
		"1.2":             {extra: `oneroster_version = "1.2"`, answered: sb.BaseURLV1p2},
		"1.2 with grades": {extra: "oneroster_version = \"1.2\"\n  grades_enabled = true", answered: sb.BaseURLV1p2},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:   connectionConfig(sb.URL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), tc.extra),
					PlanOnly: true,
					ExpectError: wrappedText(`Connection "springfield": no topic answered`, "orgs, schools", "404",
						"The base URL "+sb.URL+" lacks the OneRoster path", tc.answered+" answers: set base_url to it."),
				}},
			})
		})
	}
}

// Without a server that answers at the likely paths, the message still
// says what is likely wrong and names the URLs meant; OAuth 1.0a, which
// 1.2 refuses, is pointed at 1.1's path only.
func TestAccConnection_baseURLWithoutOneRosterPathNothingAnswers(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	// Nothing is served under /elsewhere, so the candidates
	// (/elsewhere/ims/oneroster/…) answer 404 too.
	root := sb.URL + "/elsewhere"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:   connectionConfig(root, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), `topics = ["orgs"]`),
				PlanOnly: true,
				ExpectError: wrappedText(`Connection "springfield": no topic answered`, "The base URL "+root+" lacks the OneRoster path",
					"most likely "+root+"/ims/oneroster/v1p1 or "+root+"/ims/oneroster/rostering/v1p2."),
			},
			{
				Config:      connectionConfig(root, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"), `topics = ["orgs"]`),
				PlanOnly:    true,
				ExpectError: wrappedText(`Connection "springfield": no topic answered`, "The base URL "+root+" lacks the OneRoster path"),
			},
		},
	})
}

// OAuth 1.0a against a root that lacks the path: only 1.1's path is tried
// (1.2 is OAuth 2 only), and it answers.
func TestAccConnection_baseURLWithoutOneRosterPathOAuth1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      connectionConfig(sb.URL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"), ""),
			PlanOnly:    true,
			ExpectError: wrappedText(`no topic answered`, sb.BaseURL+" answers: set base_url to it."),
		}},
	})
}

// A right base URL at which no requested topic answers fails too, without
// the path hint; when some topics answer, the others stay warnings
// (TestAccConnection_unsupportedTopic).
func TestAccConnection_noRequestedTopicAnswers(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{Unsupported: map[string]int{"demographics": 404, "orgs": 501}}})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:   connectionConfig(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), `topics = ["demographics", "orgs"]`),
				PlanOnly: true,
				// The path hint is for base URLs that lack the path only
				// (TestMissingPathHint).
				ExpectError: regexp.MustCompile(`(?s)Connection "springfield": no topic answered.*demographics, orgs.*whole\s+OneRoster\s+base\s+URL`),
			},
		},
	})
}

// The data sources' "does not support" error says what is likely wrong
// when the provider block's base URL lacks the OneRoster path.
func TestAccDataSources_baseURLWithoutOneRosterPath(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	config := fmt.Sprintf(`
provider "oneroster" {
  base_url = %q
  oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
  }
}

data "oneroster_schools" "all" {}
`, sb.URL, sandbox.ClientID, sandbox.ClientSecret, sb.TokenURL)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: wrappedText("The server does not support schools", "The base URL "+sb.URL+" lacks the OneRoster path",
				"most likely "+sb.URL+"/ims/oneroster/v1p1 or "+sb.URL+"/ims/oneroster/rostering/v1p2."),
		}},
	})
}
