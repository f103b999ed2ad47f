package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// writeOnlyCLIs: write-only attributes need Terraform 1.11 or OpenTofu
// 1.11; OpenTofu reports its own version number, which tfversion compares
// the same way.
var writeOnlyCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

// sandboxCredentials is the sandbox's OAuth configuration with the given
// secrets for its well-known consumer, client and user, to rotate them.
func sandboxCredentials(consumerSecret, clientSecret, password string) oauthcheck.Config {
	return oauthcheck.Config{
		Consumers: []oauthcheck.Consumer{{Key: sandbox.ConsumerKey, Secret: consumerSecret}},
		Clients:   []oauthcheck.Client{{ID: sandbox.ClientID, Secret: clientSecret, Scopes: oauthcheck.AllScopes()}},
		Users:     []oauthcheck.User{{Username: sandbox.Username, Password: password, Scopes: oauthcheck.AllScopes()}},
	}
}

func writeOnlyClientCredentialsBlock(sb *sandbox.Running, secret string, version int) string {
	return fmt.Sprintf(`oauth2_client_credentials = {
    client_id                = %q
    client_secret_wo         = %q
    client_secret_wo_version = %d
    token_url                = %q
  }`, sandbox.ClientID, secret, version, sb.TokenURL)
}

func nullCheck(attr ...string) statecheck.StateCheck {
	p := tfjsonpath.New(attr[0])
	for _, a := range attr[1:] {
		p = p.AtMapKey(a)
	}
	return statecheck.ExpectKnownValue(connAddr, p, knownvalue.Null())
}

// The secret never reaches the state; the plan's probe catches a rotated
// secret; bumping the version re-validates. (Read's part, keeping the state
// without probing, is TestConnectionReadWithWriteOnlyCredentials.)
func TestAccConnection_writeOnlyClientSecret(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{}))
	const rotated = "sandbox-client-secret-rotated"
	auth := sb.Server.Auth()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: connectionConfig(sb.BaseURL, writeOnlyClientCredentialsBlock(sb, sandbox.ClientSecret, 1), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					nullCheck("oauth2_client_credentials", "client_secret_wo"),
					nullCheck("oauth2_client_credentials", "client_secret"),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("oauth2_client_credentials").AtMapKey("client_secret_wo_version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(defaultTopics))),
					countChecks(sb, defaultTopics),
				},
			},
			{
				// The district rotates the secret: the plan probes with the
				// configuration, write-only value included, and fails.
				PreConfig:   func() { auth.SetConfig(sandboxCredentials(sandbox.ConsumerSecret, rotated, sandbox.Password)) },
				Config:      connectionConfig(sb.BaseURL, writeOnlyClientCredentialsBlock(sb, sandbox.ClientSecret, 1), ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Connection "springfield": authentication failed.*invalid_client`),
			},
			{
				// Bumping the version with the stale secret fails too.
				Config:      connectionConfig(sb.BaseURL, writeOnlyClientCredentialsBlock(sb, sandbox.ClientSecret, 2), ""),
				ExpectError: regexp.MustCompile(`(?s)Connection "springfield": authentication failed.*invalid_client`),
			},
			{
				// The new secret with a new version: an update that probes
				// again and records the findings.
				PreConfig: func() { sb.Server.ResetRequests() },
				Config:    connectionConfig(sb.BaseURL, writeOnlyClientCredentialsBlock(sb, rotated, 2), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(connAddr, tfjsonpath.New("record_counts")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("oauth2_client_credentials").AtMapKey("client_secret_wo_version"), knownvalue.Int64Exact(2)),
					nullCheck("oauth2_client_credentials", "client_secret_wo"),
					countChecks(sb, defaultTopics),
					probedAgain{sb},
				},
			},
			{
				// Same configuration: nothing to do.
				Config: connectionConfig(sb.BaseURL, writeOnlyClientCredentialsBlock(sb, rotated, 2), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// probedAgain checks that the update step hit the sandbox (its requests were
// reset just before).
type probedAgain struct{ sb *sandbox.Running }

func (p probedAgain) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if n := p.sb.Server.Requests("/orgs"); n == 0 {
		resp.Error = fmt.Errorf("the update did not probe /orgs")
	}
}

func TestAccConnection_writeOnlyOtherMethods(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{}))
	cases := map[string]struct {
		block   string
		version []string
	}{
		"consumer_secret_wo": {
			block: fmt.Sprintf(`oauth1 = {
    consumer_key               = %q
    consumer_secret_wo         = %q
    consumer_secret_wo_version = 7
  }`, sandbox.ConsumerKey, sandbox.ConsumerSecret),
			version: []string{"oauth1", "consumer_secret_wo_version"},
		},
		"password_wo": {
			block: fmt.Sprintf(`oauth2_password = {
    username            = %q
    password_wo         = %q
    password_wo_version = 3
    token_url           = %q
  }`, sandbox.Username, sandbox.Password, sb.TokenURL),
			version: []string{"oauth2_password", "password_wo_version"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				TerraformVersionChecks:   writeOnlyCLIs,
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: connectionConfig(sb.BaseURL, tc.block, ""),
					ConfigStateChecks: []statecheck.StateCheck{
						nullCheck(tc.version[0], name),
						statecheck.ExpectKnownValue(connAddr, tfjsonpath.New(tc.version[0]).AtMapKey(tc.version[1]), knownvalue.NotNull()),
						countChecks(sb, defaultTopics),
					},
				}},
			})
		})
	}
}

// A secret and its write-only twin are exclusive; the twin needs its
// version and the version its twin.
func TestAccConnection_writeOnlyValidation(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := map[string]struct {
		block string
		want  string
	}{
		"both": {fmt.Sprintf(`oauth2_client_credentials = {
    client_id                = %q
    client_secret            = %q
    client_secret_wo         = %q
    client_secret_wo_version = 1
    token_url                = %q
  }`, sandbox.ClientID, sandbox.ClientSecret, sandbox.ClientSecret, sb.TokenURL), `(?s)client_secret.*client_secret_wo`},
		"no version": {fmt.Sprintf(`oauth2_password = {
    username    = %q
    password_wo = %q
    token_url   = %q
  }`, sandbox.Username, sandbox.Password, sb.TokenURL), `(?s)password_wo_version.*must be\s+specified`},
		"version alone": {fmt.Sprintf(`oauth1 = {
    consumer_key               = %q
    consumer_secret            = %q
    consumer_secret_wo_version = 1
  }`, sandbox.ConsumerKey, sandbox.ConsumerSecret), `(?s)consumer_secret_wo.*must be\s+specified`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				TerraformVersionChecks:   writeOnlyCLIs,
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      connectionConfig(sb.BaseURL, tc.block, ""),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// Neither the secret nor its twin: caught by validation on every CLI.
func TestAccConnection_secretMissing(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: connectionConfig(sb.BaseURL, fmt.Sprintf(`oauth2_client_credentials = {
    client_id = %q
    token_url = %q
  }`, sandbox.ClientID, sb.TokenURL), ""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)No attribute specified when one \(and only one\) of.*client_secret_wo`),
		}},
	})
}

// stateHolds checks that the state does (want) or does not hold value
// anywhere, sensitive attributes included (show -json gives their values).
type stateHolds struct {
	value string
	want  bool
}

func (c stateHolds) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if got := strings.Contains(string(raw), c.value); got != c.want {
		resp.Error = fmt.Errorf("the state holds the header value: %v, want %v", got, c.want)
	}
}

// With the header maps write-only too, no secret reaches the state: the
// plan and apply send the headers (the sandbox, like Infinite Campus,
// refuses gradebook reads without x-vendor-authorization), the state holds
// their versions only, and a rotated key fails the plan. The first step,
// with the plain form, shows that the check finds a stored value.
func TestAccConnection_writeOnlyHeaders(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{VendorHeader: icVendorHeader}}})
	const districtKey = "district-key-7f3a9c"
	const grades = "topics = [\"orgs\"]\n  grades_enabled = true\n"
	writeOnly := func(vendorKey string, version int) string {
		return grades + fmt.Sprintf(`extra_headers_wo             = { "x-district-key" = %q }
  extra_headers_wo_version     = 1
  gradebook_headers_wo         = { "x-vendor-authorization" = %q }
  gradebook_headers_wo_version = %d`, districtKey, vendorKey, version)
	}
	auth := writeOnlyClientCredentialsBlock(sb, sandbox.ClientSecret, 1)
	gradebook := []string{"orgs", "categories", "lineItems", "results"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: connectionConfig(sb.BaseURL, auth, grades+fmt.Sprintf(`gradebook_headers = { "x-vendor-authorization" = %q }`, icVendorHeader)),
				ConfigStateChecks: []statecheck.StateCheck{
					stateHolds{icVendorHeader, true},
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(gradebook))),
				},
			},
			{
				Config: connectionConfig(sb.BaseURL, auth, writeOnly(icVendorHeader, 1)),
				ConfigStateChecks: []statecheck.StateCheck{
					stateHolds{icVendorHeader, false},
					stateHolds{districtKey, false},
					nullCheck("gradebook_headers_wo"),
					nullCheck("extra_headers_wo"),
					nullCheck("gradebook_headers"),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("gradebook_headers_wo_version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(gradebook))),
					countChecks(sb, gradebook),
				},
			},
			{
				// Refresh keeps the state without probing (it has no header
				// to probe with), so the plan is empty.
				Config: connectionConfig(sb.BaseURL, auth, writeOnly(icVendorHeader, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The vendor rotates the key: the plan probes with the
				// configured (stale) header and fails.
				PreConfig: func() {
					sb.Server.SetQuirks(sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{VendorHeader: icVendorHeader + "-rotated"}})
				},
				Config:      connectionConfig(sb.BaseURL, auth, writeOnly(icVendorHeader, 1)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Connection "springfield": credentials rejected.*x-vendor-authorization`),
			},
			{
				// The new key with a new version: an update that probes again.
				PreConfig: func() { sb.Server.ResetRequests() },
				Config:    connectionConfig(sb.BaseURL, auth, writeOnly(icVendorHeader+"-rotated", 2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					stateHolds{icVendorHeader, false},
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("gradebook_headers_wo_version"), knownvalue.Int64Exact(2)),
					probedAgain{sb},
				},
			},
		},
	})
}

// A header map and its write-only form are exclusive; the write-only form
// needs its version and the version its map; a bad header in the
// write-only form is reported against that attribute.
func TestAccConnection_writeOnlyHeadersValidation(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	auth := oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret)
	cases := map[string]struct {
		extra string
		want  string
	}{
		"both": {`extra_headers = { "x-a" = "1" }
  extra_headers_wo = { "x-a" = "1" }
  extra_headers_wo_version = 1`, `(?s)extra_headers_wo.*extra_headers`},
		"no version":    {`gradebook_headers_wo = { "x-a" = "1" }`, `(?s)gradebook_headers_wo_version.*must be\s+specified`},
		"version alone": {`gradebook_headers_wo_version = 1`, `(?s)gradebook_headers_wo.*must be\s+specified`},
		"invalid header": {`extra_headers_wo = { "Authorization" = "Bearer header-secret-value-123" }
  extra_headers_wo_version = 1`, `(?s)Invalid header.*extra_headers_wo: header name "Authorization"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				TerraformVersionChecks:   writeOnlyCLIs,
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      connectionConfig(sb.BaseURL, auth, tc.extra),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
