package provider_test

import (
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// tlsSandbox serves a sandbox over HTTPS with a certificate that only its
// own CA (returned PEM-encoded) vouches for, sending X-Total-Count for the
// record_counts TestAccTransport_caCertPEM checks.
func tlsSandbox(t *testing.T) (srv *httptest.Server, server *sandbox.Server, caPEM string) {
	t.Helper()
	server = sandbox.New(acctest.SandboxOptions(t, withTotalCounts(sandbox.Options{})))
	srv = httptest.NewUnstartedServer(server)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, server, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

// tlsConfig configures the provider block (and its orgs data source) and a
// oneroster_connection, both on srv, with the given transport settings.
func tlsConfig(srv *httptest.Server, transport string) string {
	base, token := srv.URL+sandbox.BasePath, srv.URL+sandbox.TokenPath
	return clientCredentialsProvider(base, token, sandbox.ClientSecret, transport) + orgsDataSource +
		clientCredentialsConnection("test", "springfield", base, token, sandbox.ClientSecret, "")
}

// Without ca_cert_pem the district's certificate is refused, with a hint;
// with it, the provider's client and the connection's both work.
func TestAccTransport_caCertPEM(t *testing.T) {
	srv, server, caPEM := tlsSandbox(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:      tlsConfig(srv, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)certificate signed by unknown authority.*ca_cert_pem`),
			},
			{
				Config: tlsConfig(srv, fmt.Sprintf("ca_cert_pem = %q", caPEM)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oneroster_orgs.all", tfjsonpath.New("orgs"), knownvalue.ListSizeExact(server.Count("orgs"))),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("record_counts"), knownvalue.MapExact(map[string]knownvalue.Check{
						"orgs": knownvalue.Int64Exact(int64(len(server.SourcedIDs("orgs")))),
					})),
				},
			},
		},
	})
}

func TestAccTransport_caCertPEMInvalid(t *testing.T) {
	srv, _, _ := tlsSandbox(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      tlsConfig(srv, `ca_cert_pem = "not a certificate"`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid ca_cert_pem.*ca_cert_pem holds no PEM certificate`),
		}},
	})
}

// insecure_skip_verify accepts the unknown certificate (and warns, see
// TestInsecureSkipVerifyWarns).
func TestAccTransport_insecureSkipVerify(t *testing.T) {
	srv, server, _ := tlsSandbox(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: tlsConfig(srv, "insecure_skip_verify = true"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oneroster_orgs.all", tfjsonpath.New("orgs"), knownvalue.ListSizeExact(server.Count("orgs"))),
			},
		}},
	})
}

// http:// to a host that is not loopback is refused, naming the attribute,
// unless allow_insecure_http is set.
func TestAccTransport_plainHTTP(t *testing.T) {
	const remoteBase, remoteToken = "http://sis.example.invalid/ims/oneroster/v1p1", "http://sis.example.invalid/oauth2/token"
	sb := acctest.Sandbox(t, sandbox.Options{})
	providerBlock := func(base, token, extra string) string {
		return clientCredentialsProvider(base, token, sandbox.ClientSecret, extra) + orgsDataSource
	}
	cases := []struct {
		name, config, want string
	}{
		{
			"provider base_url",
			providerBlock(remoteBase, sb.TokenURL, ""),
			`(?s)Plain HTTP refused.*base_url is\s+http://sis.example.invalid/ims/oneroster/v1p1.*allow_insecure_http = true`,
		},
		{
			"provider token_url",
			providerBlock(sb.BaseURL, remoteToken, ""),
			`(?s)Plain HTTP refused.*oauth2_client_credentials.token_url is\s+http://sis.example.invalid/oauth2/token`,
		},
		{
			"connection base_url",
			connectionConfig(remoteBase, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), ""),
			`(?s)Plain HTTP refused.*base_url is\s+http://sis.example.invalid`,
		},
		{
			"provider gradebook_base_url",
			providerBlock(sb.BaseURL, sb.TokenURL, `gradebook_base_url = "http://grades.example.invalid/gb"`),
			`(?s)Plain HTTP refused.*gradebook_base_url is\s+http://grades.example.invalid/gb`,
		},
		{
			"connection resources_base_url",
			connectionConfig(
				sb.BaseURL,
				oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret),
				`resources_base_url = "http://content.example.invalid/res"`,
			),
			`(?s)Plain HTTP refused.*resources_base_url is\s+http://content.example.invalid/res`,
		},
		{
			"gradebook_base_url with a query",
			providerBlock(sb.BaseURL, sb.TokenURL, `gradebook_base_url = "https://grades.example.invalid/gb?key=secret"`),
			`(?s)gradebook_base_url "https://grades.example.invalid/gb" has a query string`,
		},
		// Allowed: the check lets it through and the request itself fails.
		{"allowed", providerBlock(sb.BaseURL, remoteToken, "allow_insecure_http = true"), `(?s)sis.example.invalid.*no such host`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:      tc.config,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
