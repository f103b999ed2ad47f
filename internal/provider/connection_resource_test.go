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

const connAddr = "oneroster_connection.test"

// Auth blocks for the sandbox's well-known credentials.
func oauth2ClientCredentialsBlock(sb *sandbox.Running, id, secret string, scopes ...string) string {
	scopeLine := ""
	if len(scopes) > 0 {
		quoted := make([]string, len(scopes))
		for i, s := range scopes {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		scopeLine = "scopes = [" + strings.Join(quoted, ", ") + "]"
	}
	return fmt.Sprintf(`oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
    %s
  }`, id, secret, sb.TokenURL, scopeLine)
}

func oauth1Block(secret, method string) string {
	return fmt.Sprintf(`oauth1 = {
    consumer_key     = %q
    consumer_secret  = %q
    signature_method = %q
  }`, sandbox.ConsumerKey, secret, method)
}

func oauth2PasswordBlock(sb *sandbox.Running, password string) string {
	return fmt.Sprintf(`oauth2_password = {
    username  = %q
    password  = %q
    token_url = %q
  }`, sandbox.Username, password, sb.TokenURL)
}

// connectionConfig declares oneroster_connection.test. The provider block
// turns retries off so that failure cases fail fast.
func connectionConfig(baseURL, authBlock, extra string) string {
	return fmt.Sprintf(`
provider "oneroster" {
  max_retries = 0
}

resource "oneroster_connection" "test" {
  name     = "springfield"
  base_url = %q
  %s
  %s
}
`, baseURL, authBlock, extra)
}

var defaultTopics = []string{"orgs", "schools", "terms", "classes", "courses", "enrollments", "students", "teachers", "users", "demographics"}

func stringValues(values []string) []knownvalue.Check {
	out := make([]knownvalue.Check, len(values))
	for i, v := range values {
		out[i] = knownvalue.StringExact(v)
	}
	return out
}

// withTotalCounts is opts for a test that checks record_counts, which come
// from X-Total-Count: whichever paging style the tiny-page run gives the
// sandbox keeps sending it.
func withTotalCounts(opts sandbox.Options) sandbox.Options {
	opts.Pages.KeepTotalCount = true
	return opts
}

// countChecks expects record_counts to hold the sandbox's X-Total-Count
// of each topic: every record the collection lists, tobedeleted included.
// The sandbox must be started withTotalCounts.
func countChecks(sb *sandbox.Running, topics []string) statecheck.StateCheck {
	counts := map[string]knownvalue.Check{}
	for _, topic := range topics {
		counts[topic] = knownvalue.Int64Exact(int64(len(sb.Server.SourcedIDs(topic))))
	}
	return statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("record_counts"), knownvalue.MapExact(counts))
}

func TestAccConnection_authMethods(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{}))
	cases := map[string]string{
		"oauth2_client_credentials": oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret),
		"oauth2_password":           oauth2PasswordBlock(sb, sandbox.Password),
		"oauth1_hmac_sha256":        oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"),
		"oauth1_hmac_sha1":          oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA1"),
	}
	for name, block := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := connectionConfig(sb.BaseURL, block, "")
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("id"), knownvalue.StringExact("springfield")),
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(defaultTopics))),
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("unavailable_topics"), knownvalue.MapExact(map[string]knownvalue.Check{})),
							countChecks(sb, defaultTopics),
						},
					},
					{
						// Same configuration again: nothing to change.
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

func TestAccConnection_grantedScopesAndGradebook(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{}))
	scopes := []string{oneroster.ScopeRosterCoreReadonly, oneroster.ScopeGradebookReadonly}
	cfg := connectionConfig(sb.BaseURL,
		oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret, scopes...),
		`topics = ["orgs", "users"]
  grades_enabled = true`)
	topics := []string{"orgs", "users", "categories", "lineItems", "results"}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("granted_scopes"), knownvalue.ListExact(stringValues(scopes))),
				statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(topics))),
				countChecks(sb, topics),
			},
		}},
	})
}

func TestAccConnection_failures(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	cases := []struct {
		name  string
		block string
		want  string
	}{
		{
			name:  "wrong client secret",
			block: oauth2ClientCredentialsBlock(sb, sandbox.ClientID, "not-the-secret"),
			want:  `(?s)Connection "springfield": authentication failed.*oauth2_client_credentials.*` + regexp.QuoteMeta(sb.URL+sandbox.TokenPath) + `.*invalid_client`,
		},
		{
			name:  "wrong password",
			block: oauth2PasswordBlock(sb, "not-the-password"),
			want:  `(?s)Connection "springfield": authentication failed.*oauth2_password.*invalid_grant`,
		},
		{
			name:  "wrong consumer secret",
			block: oauth1Block("not-the-secret", "HMAC-SHA256"),
			want:  `(?s)Connection "springfield": credentials rejected.*oauth1.*` + regexp.QuoteMeta(sb.BaseURL) + `.*401`,
		},
		{
			name: "unreachable token URL",
			block: fmt.Sprintf(`oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = "http://127.0.0.1:1/oauth2/token"
  }`, sandbox.ClientID, sandbox.ClientSecret),
			want: `(?s)Connection "springfield": token endpoint host 127.0.0.1:1 unreachable.*http://127.0.0.1:1/oauth2/token:\s+host\s+127.0.0.1:1\s+is\s+unreachable`,
		},
		{
			name:  "missing scope",
			block: oauth2ClientCredentialsBlock(sb, sandbox.ReadOnlyClientID, sandbox.ReadOnlyClientSecret),
			want:  `(?s)Connection "springfield": demographics not allowed.*403.*` + regexp.QuoteMeta(oneroster.ScopeDemographicsReadonly),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
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

// A topic the server does not implement is a warning, recorded in
// unavailable_topics; refresh notices when support changes.
func TestAccConnection_unsupportedTopic(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{Quirks: sandbox.Quirks{Unsupported: map[string]int{"demographics": 404}}}))
	cfg := connectionConfig(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), "")
	supported := defaultTopics[:len(defaultTopics)-1]
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(supported))),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("unavailable_topics"), knownvalue.MapExact(map[string]knownvalue.Check{
						"demographics": knownvalue.StringRegexp(regexp.MustCompile(`404`)),
					})),
					countChecks(sb, supported),
				},
			},
			{
				// The server gains demographics: refresh sees it, and the
				// configuration itself has not changed, so nothing is planned.
				PreConfig: func() { sb.Server.SetQuirks(sandbox.Quirks{}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(defaultTopics))),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("unavailable_topics"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				},
			},
		},
	})
}

// Values unknown at plan time are checked at apply instead.
func TestAccConnection_unknownAtPlan(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{}))
	cfg := fmt.Sprintf(`
resource "terraform_data" "secret" {
  input = %q
}

resource "oneroster_connection" "test" {
  name     = "springfield"
  base_url = %q
  oauth2_client_credentials = {
    client_id     = %q
    client_secret = terraform_data.secret.output
    token_url     = %q
  }
}
`, sandbox.ClientSecret, sb.BaseURL, sandbox.ClientID, sb.TokenURL)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(connAddr, tfjsonpath.New("record_counts"))},
			},
			ConfigStateChecks: []statecheck.StateCheck{countChecks(sb, defaultTopics)},
		}},
	})
}

// The connection says at plan time whether the gradebook resources will be
// able to write, from the scopes granted with the token, and never writes
// to find out.
func TestAccConnection_canWriteGrades(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	readOnly := oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret, oneroster.ScopeRosterCoreReadonly, oneroster.ScopeGradebookReadonly)
	everything := oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret, oneroster.ScopeRosterCoreReadonly, oneroster.ScopeGradebookReadonly,
		oneroster.ScopeGradebookCreatePut, oneroster.ScopeGradebookDelete)
	grades := "topics = [\"orgs\"]\n  grades_enabled = true\n"
	canWrite := func(v knownvalue.Check) []statecheck.StateCheck {
		return []statecheck.StateCheck{statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("can_write_grades"), v)}
	}
	gradebook := []string{"categories", "lineItems", "results"}
	before := map[string]map[string]any{}
	for _, c := range gradebook {
		before[c] = snapshot(sb.Server, c)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:   connectionConfig(sb.BaseURL, readOnly, grades+`missing_write_scopes = "error"`),
				PlanOnly: true,
				ExpectError: wrappedText(`Connection "springfield": gradebook write permission missing`,
					"lacks "+oneroster.ScopeGradebookCreatePut+" for categories, lineItems, results; "+oneroster.ScopeGradebookDelete, "would fail part-way"),
			},
			{Config: connectionConfig(sb.BaseURL, readOnly, grades), ConfigStateChecks: canWrite(knownvalue.Bool(false))},
			{Config: connectionConfig(sb.BaseURL, everything, grades), ConfigStateChecks: canWrite(knownvalue.Bool(true))},
			{Config: connectionConfig(sb.BaseURL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"), grades+`missing_write_scopes = "error"`),
				ConfigStateChecks: canWrite(knownvalue.Null())},
		},
	})
	for _, c := range gradebook {
		if err := unchanged(sb.Server, c, before[c]); err != nil {
			t.Errorf("the connection check wrote to the gradebook: %v", err)
		}
	}
}
