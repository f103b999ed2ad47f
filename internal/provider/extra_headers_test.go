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

// gradebook_headers on the provider block reach gradebook writes: the
// sandbox, like Infinite Campus, refuses gradebook calls without the
// vendor header, and rostering reads never carry it.
func TestAccExtraHeaders_gradebookOnProviderBlock(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{VendorHeader: icVendorHeader}}})
	config := func(headers string) string {
		return fmt.Sprintf(`
provider "oneroster" {
  base_url    = %q
  max_retries = 0
  %s
  %s
}

data "oneroster_orgs" "all" {}

resource "oneroster_category" "test" {
  sourced_id = "vendor-header-category"
  title      = "Homework"
}
`, sb.BaseURL, headers, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:      config(`extra_headers = { "x-district" = "springfield" }`),
				ExpectError: regexp.MustCompile(`(?s)401.*x-vendor-authorization`),
			},
			{
				Config: config(fmt.Sprintf(`gradebook_headers = { "x-vendor-authorization" = %q }`, icVendorHeader)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("oneroster_category.test", tfjsonpath.New("title"), knownvalue.StringExact("Homework")),
				},
			},
		},
	})
}

// A header the client sets itself is refused against the attribute.
func TestAccExtraHeaders_invalid(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: connectionConfig(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret),
				`extra_headers = { "Authorization" = "Bearer header-secret-value-123" }`),
			ExpectError: regexp.MustCompile(`(?s)Invalid header.*extra_headers: header name "Authorization" is a header.*client sets\s+itself`),
		}},
	})
}

// A control character RFC 9110 forbids in a header value fails the plan,
// against the attribute, rather than every request ("invalid header field
// value … gave up after 3 attempts"); the value is never shown.
func TestAccExtraHeaders_controlCharacter(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "oneroster" {
  base_url      = %q
  max_retries   = 0
  extra_headers = { "x-district" = "springfield\u0001header-secret-value-123" }
  %s
}

data "oneroster_orgs" "all" {}
`, sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret)),
				ExpectError: regexp.MustCompile(`(?s)Invalid header.*extra_headers: header "x-district" has a value with\s+the\s+control\s+character\s+U\+0001`),
			},
			{
				Config: connectionConfig(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret),
					`gradebook_headers = { "x-vendor-authorization" = "lms:\u007fheader-secret-value-456" }`),
				ExpectError: regexp.MustCompile(`(?s)Invalid header.*gradebook_headers: header "x-vendor-authorization" has a value` +
					`\s+with\s+the\s+control\s+character\s+U\+007F`),
			},
		},
	})
}
