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

// A static bearer token works on the provider block (a data source reads
// through it) and on a connection; a revoked one fails the plan.
func TestAccBearerToken(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{StaticBearer: "proxy-token-1"}}})
	config := func(token string) string {
		return fmt.Sprintf(`
provider "oneroster" {
  base_url     = %[1]q
  max_retries  = 0
  bearer_token = { token = %[2]q }
}

data "oneroster_schools" "all" {}

resource "oneroster_connection" "test" {
  name         = "proxy"
  base_url     = %[1]q
  topics       = ["orgs"]
  bearer_token = { token = %[2]q }
}
`, sb.BaseURL, token)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config("proxy-token-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oneroster_schools.all", tfjsonpath.New("schools"), knownvalue.ListSizeExact(sb.Server.Count("schools"))),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues([]string{"orgs"}))),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("resolved_token_url"), knownvalue.StringExact("")),
				},
			},
			{
				PreConfig: func() {
					sb.Server.SetQuirks(sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{StaticBearer: "proxy-token-2"}})
				},
				Config:      config("proxy-token-1"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`credentials rejected`),
			},
			{Config: config("proxy-token-2")},
		},
	})
}

// The write-only twin keeps the token out of the state.
func TestAccBearerToken_writeOnly(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{StaticBearer: "proxy-token-wo"}}})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: connectionConfig(sb.BaseURL, `bearer_token = { token_wo = "proxy-token-wo", token_wo_version = 1 }`, `topics = ["orgs"]`),
			ConfigStateChecks: []statecheck.StateCheck{
				nullCheck("bearer_token", "token"),
				nullCheck("bearer_token", "token_wo"),
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("bearer_token").AtMapKey("token_wo_version"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues([]string{"orgs"}))),
			},
		}},
	})
}
