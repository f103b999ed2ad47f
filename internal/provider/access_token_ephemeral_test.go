package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// factoriesWithEcho adds terraform-plugin-testing's echo provider, which
// copies its (ephemeral) provider configuration into the state of an
// "echo" resource: the only way for a test to look at ephemeral values.
func factoriesWithEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	f := acctest.ProviderFactories()
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

// sandboxAcceptsBearer checks that a string is an access token the sandbox
// accepts, by calling its API with it.
type sandboxAcceptsBearer struct{ sb *sandbox.Running }

func (c sandboxAcceptsBearer) CheckValue(v any) error {
	token, ok := v.(string)
	if !ok || token == "" {
		return fmt.Errorf("access_token is %T %v, want a non-empty string", v, v)
	}
	req, _ := http.NewRequest(http.MethodGet, c.sb.BaseURL+"/orgs?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the sandbox answered %s to a request with the token", resp.Status)
	}
	return nil
}

func (c sandboxAcceptsBearer) String() string { return "a bearer token the sandbox accepts" }

// expiresWithin checks an RFC 3339 instant between now and now+d.
type expiresWithin struct {
	from time.Time
	d    time.Duration
}

func (c expiresWithin) CheckValue(v any) error {
	s, _ := v.(string)
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("expires_at %q is not RFC 3339: %w", s, err)
	}
	if at.Before(c.from) || at.After(c.from.Add(c.d).Add(time.Minute)) {
		return fmt.Errorf("expires_at %s is not within %s of %s", s, c.d, c.from.Format(time.RFC3339))
	}
	return nil
}

func (c expiresWithin) String() string { return fmt.Sprintf("an RFC 3339 instant within %s", c.d) }

func TestAccAccessToken_oauth2(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{TokenLifetime: 30 * time.Minute})
	scopes := []string{oneroster.ScopeRosterCoreReadonly}
	start := time.Now().Add(-time.Second)
	blocks := map[string]string{
		"client_credentials": oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret, scopes...),
		"password": fmt.Sprintf(`oauth2_password = {
    username  = %q
    password  = %q
    token_url = %q
    scopes    = [%q]
  }`, sandbox.Username, sandbox.Password, sb.TokenURL, scopes[0]),
	}
	for name, block := range blocks {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
				ProtoV6ProviderFactories: factoriesWithEcho(),
				Steps: []resource.TestStep{{
					Config: tokenEchoConfig(sb.BaseURL, block),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("access_token"), sandboxAcceptsBearer{sb}),
						statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("token_type"), knownvalue.StringRegexp(regexp.MustCompile(`(?i)^bearer$`))),
						statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("expires_at"), expiresWithin{start, 30 * time.Minute}),
						statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("granted_scopes"), knownvalue.ListExact(stringValues(scopes))),
					},
				}},
			})
		})
	}
}

func TestAccAccessToken_oauth1Refused(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factoriesWithEcho(),
		Steps: []resource.TestStep{{
			Config:      tokenEchoConfig(sb.BaseURL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256")),
			ExpectError: regexp.MustCompile(`(?s)No access token with OAuth 1.0a.*oauth2_client_credentials or\s+oauth2_password`),
		}},
	})
}

func TestAccAccessToken_badCredentials(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	const wrong = "wrong-secret-for-the-ephemeral-test"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factoriesWithEcho(),
		Steps: []resource.TestStep{{
			Config:      tokenEchoConfig(sb.BaseURL, "max_retries = 0\n  "+oauth2ClientCredentialsBlock(sb, sandbox.ClientID, wrong)),
			ExpectError: regexp.MustCompile(`(?s)Could not get a OneRoster access token.*invalid_client`),
		}},
	})
}

// tokenEchoConfig configures the provider with baseURL and the provider
// block settings in block, opens oneroster_access_token, and hands the
// ephemeral value to the echo provider so that tests can inspect it.
func tokenEchoConfig(baseURL, block string) string {
	return fmt.Sprintf(`
provider "oneroster" {
  base_url = %q
  %s
}

ephemeral "oneroster_access_token" "this" {}

provider "echo" {
  data = ephemeral.oneroster_access_token.this
}

resource "echo" "token" {}
`, baseURL, block)
}
