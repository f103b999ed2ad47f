package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Mistakes get one message each, in the words of the configuration: the
// attribute the user wrote and what to do, never the client's Go names.
func TestAccMessagesUseAttributeNames(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	goNames := []string{"BaseURL", "RequestTimeout", "TokenURL", "through Auth", "cannot be combined like this"}
	cases := map[string]struct {
		config string
		want   *regexp.Regexp
		// errors is how many errors the CLI must report.
		errors int
	}{
		"base_url with a query string": {
			config: fmt.Sprintf(
				"provider \"oneroster\" {\n  base_url = %q\n  oauth1 = { consumer_key = \"k\", consumer_secret = \"s3cr3t\" }\n}\n\ndata \"oneroster_orgs\" \"all\" {}\n",
				sb.BaseURL+"?key=QUERYKEY",
			),
			want:   wrappedText(fmt.Sprintf("base_url %q has a query string", sb.BaseURL), "give only scheme, host and path"),
			errors: 1,
		},
		"base_url with user info": {
			config: "provider \"oneroster\" {\n  base_url = \"https://admin:pw-1234@sis.example.org/ims/oneroster/v1p1\"\n" +
				"  oauth1 = { consumer_key = \"k\", consumer_secret = \"s3cr3t\" }\n}\n\ndata \"oneroster_orgs\" \"all\" {}\n",
			want:   wrappedText("base_url carries user info", "remove it and give the credentials in the authentication settings"),
			errors: 1,
		},
		"oauth1 against a OneRoster 1.2 service": {
			config: "provider \"oneroster\" {\n  base_url = \"https://sis.example.org/ims/oneroster/rostering/v1p2\"\n" +
				"  oauth1 = { consumer_key = \"k\", consumer_secret = \"s3cr3t\" }\n}\n\ndata \"oneroster_users\" \"all\" {}\n",
			want:   wrappedText("oauth1", "OneRoster 1.2 is OAuth 2 only", "Replace the oauth1 block with oauth2_client_credentials"),
			errors: 1,
		},
		"oneroster_version contradicting base_url": {
			config: "provider \"oneroster\" {\n  base_url = \"https://sis.example.org/ims/oneroster/v1p1\"\n  oneroster_version = \"1.2\"\n" +
				"  oauth1 = { consumer_key = \"k\", consumer_secret = \"s3cr3t\" }\n}\n\ndata \"oneroster_users\" \"all\" {}\n",
			want:   wrappedText(`oneroster_version is "1.2"`, "is a OneRoster 1.1 service"),
			errors: 1,
		},
		"logic XOR": {
			config: providerConfig(sb, "") + "data \"oneroster_users\" \"x\" {\n  logic = \"XOR\"\n  where = [{ field = \"role\", value = \"student\" }]\n}\n",
			want:   wrappedText("logic", `"XOR"`),
			errors: 1,
		},
		"where operator unknown": {
			config: providerConfig(sb, "") + "data \"oneroster_users\" \"x\" {\n  where = [{ field = \"role\", operator = \"==\", value = \"student\" }]\n}\n",
			want:   wrappedText("where[0].operator", `"=="`),
			errors: 1,
		},
		"request_timeout too short": {
			config: providerConfig(sb, "request_timeout = \"1ns\"\n  max_retries = 1") + "data \"oneroster_users\" \"x\" {}\n",
			want:   wrappedText("Cannot read users", "no answer within 1ns (the request timeout)", "raise request_timeout"),
			errors: 1,
		},
		"line_item_sourced_id alone": {
			config: providerConfig(sb, "") + "data \"oneroster_results\" \"x\" {\n  line_item_sourced_id = \"li-1\"\n}\n",
			want: wrappedText("line_item_sourced_id selects no endpoint on its own", "set class_sourced_id as well",
				"/classes/{class_sourced_id}/lineItems/{line_item_sourced_id}/results"),
			errors: 1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var diagnostics string
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				ErrorCheck: func(err error) error {
					// Without the configuration lines Terraform quotes: the
					// user's own text, not the provider's message.
					diagnostics = configSnippetLine.ReplaceAllString(err.Error(), "")
					return nil
				},
				Steps: []resource.TestStep{{Config: tc.config, PlanOnly: true}},
			})
			if t.Failed() {
				return
			}
			if diagnostics == "" {
				t.Fatal("the plan succeeded")
			}
			if !tc.want.MatchString(diagnostics) {
				t.Errorf("the diagnostics lack %s:\n%s", tc.want, diagnostics)
			}
			if n := strings.Count(diagnostics, "Error: "); n != tc.errors {
				t.Errorf("%d errors, want %d:\n%s", n, tc.errors, diagnostics)
			}
			for _, name := range append(goNames, "QUERYKEY", "pw-1234") {
				if strings.Contains(diagnostics, name) {
					t.Errorf("the diagnostics say %q:\n%s", name, diagnostics)
				}
			}
		})
	}
}
