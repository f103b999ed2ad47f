package provider_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Credentials of the hostile-server leak check. Each is distinctive, and
// holds a space, '/', '+', '@' or '&', so that each of its encodings is a
// different string to look for.
const (
	hostileClientID     = "leak client"
	hostileClientSecret = "leak Secret/Val+ue&K2f8"
	hostilePassword     = "leak P@ss w0rd+Q9z3"
	hostileAPIKey       = "leak QUERY/secret+Y7"
)

// Passwords written into URLs, one per way of getting a URL wrong.
var urlPasswords = map[string]string{
	"plain http base_url":    "UrlPassw0rd-H4k",
	"ftp base_url":           "FtpPassw0rd-J8m",
	"space in the host":      "SpacePassw0rd-T5r",
	"token_url":              "TokenPassw0rd-W2n",
	"ONEROSTER_BASE_URL":     "EnvPassw0rd-B6v",
	"ONEROSTER_TOKEN_URL":    "EnvTokenPassw0rd-C3x",
	"authorization_url":      "AuthzPassw0rd-D1q",
	"base_url of a password": "PwGrantPassw0rd-E7k",
}

// configSnippetLine matches a line of configuration that Terraform quotes
// under a diagnostic.
var configSnippetLine = regexp.MustCompile(`(?m)^\s*\d+: .*$`)

// credentialForms lists what secret can look like in a message or a log
// line, worked out here independently of the provider: as given; form-,
// %20- and path-encoded; JSON-escaped (log lines are JSON); and, with id,
// inside HTTP Basic credentials with and without the form-encoding RFC
// 6749 §2.3.1 asks for, padded or not.
func credentialForms(id, secret string) []string {
	quoted, _ := json.Marshal(secret)
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret),
		strings.ReplaceAll(url.QueryEscape(secret), "+", "%20"), string(quoted[1 : len(quoted)-1])}
	if id != "" {
		for _, pair := range []string{url.QueryEscape(id) + ":" + url.QueryEscape(secret), id + ":" + secret} {
			padded := base64.StdEncoding.EncodeToString([]byte(pair))
			forms = append(forms, padded, strings.TrimRight(padded, "="), url.QueryEscape(padded))
		}
	}
	return forms
}

// echoedCredentialsConfig authenticates, in every way that sends a
// secret, against a token endpoint that quotes back what it received.
func echoedCredentialsConfig(baseURL, tokenURL string) string {
	return fmt.Sprintf(`
provider "oneroster" {
  base_url    = %[1]q
  max_retries = 0
  oauth2_client_credentials = {
    client_id     = %[3]q
    client_secret = %[4]q
    token_url     = %[2]q
    client_auth   = "basic"
  }
}

data "oneroster_orgs" "all" {}

%[6]sresource "oneroster_connection" "password" {
  name     = "password"
  base_url = %[1]q
  topics   = ["orgs"]
  oauth2_password = {
    username      = "api"
    password      = %[5]q
    client_id     = %[3]q
    client_secret = %[4]q
    token_url     = %[2]q
    client_auth   = "basic"
  }
}
`, baseURL, tokenURL, hostileClientID, hostileClientSecret, hostilePassword, clientCredentialConnections(baseURL, tokenURL))
}

// clientCredentialConnections is one oneroster_connection per client_auth
// style that sends the client secret (HTTP Basic and the form body).
func clientCredentialConnections(baseURL, tokenURL string) string {
	var b strings.Builder
	for _, style := range []string{"basic", "body"} {
		fmt.Fprintf(&b, `resource "oneroster_connection" %[1]q {
  name     = %[1]q
  base_url = %[2]q
  topics   = ["orgs"]
  oauth2_client_credentials = {
    client_id     = %[4]q
    client_secret = %[5]q
    token_url     = %[3]q
    client_auth   = %[1]q
  }
}

`, style, baseURL, tokenURL, hostileClientID, hostileClientSecret)
	}
	return b.String()
}

// passwordURLsConfig writes a password into every URL attribute of
// oneroster_connection, in URLs valid and not. (Terraform validates no
// resource of a provider whose block is invalid: the provider's own
// base_url has a step of its own.)
func passwordURLsConfig() string {
	return fmt.Sprintf(`
provider "oneroster" {}

resource "oneroster_connection" "ftp" {
  name     = "ftp"
  base_url = "ftp://admin:%s@sis.example.com/ims/oneroster/v1p1"
  oauth1   = { consumer_key = "k", consumer_secret = "s3cr3t" }
}

resource "oneroster_connection" "space" {
  name     = "space"
  base_url = "https://admin:%s@sis example.com/ims/oneroster/v1p1"
  oauth1   = { consumer_key = "k", consumer_secret = "s3cr3t" }
}

resource "oneroster_connection" "token" {
  name     = "token"
  base_url = "https://sis.example.com/ims/oneroster/v1p1"
  oauth2_password = {
    username  = "api"
    password  = "s3cr3t"
    token_url = "http://admin:%s@sis.example.com/oauth2/token"
  }
}

resource "oneroster_connection" "authorization" {
  name     = "authorization"
  base_url = "https://admin:%s@sis.example.com/ims/oneroster/v1p1"
  oauth2_client_credentials = {
    client_id         = "id"
    client_secret     = "s3cr3t"
    authorization_url = "https://admin:%s@sis example.com/oauth2/token"
  }
}
`, urlPasswords["ftp base_url"], urlPasswords["space in the host"], urlPasswords["token_url"],
		urlPasswords["base_url of a password"], urlPasswords["authorization_url"])
}

// TestAccSecretsNeverLeakFromHostileServers checks, with TF_LOG=TRACE,
// that no form of a secret reaches the diagnostics or the log when a
// token endpoint echoes what it got (HTTP Basic credentials, form body,
// the token URL's API key), nor when URLs carry a password: literally in
// the configuration, where validation refuses them, and from the
// environment, where Configure does.
func TestAccSecretsNeverLeakFromHostileServers(t *testing.T) {
	hostile := &hostileServer{next: sandbox.New(acctest.SandboxOptions(t, sandbox.Options{})), echo: true}
	srv := hostile.start(t, nil)
	baseURL := srv.URL + sandbox.BasePath
	tokenURL := srv.URL + sandbox.TokenPath + "?appName=district&api_key=" + url.QueryEscape(hostileAPIKey)
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	traceLogTo(t, logPath)

	// Each step must fail, with these messages in its diagnostics; the
	// diagnostics are kept for the scan.
	wants := [][]*regexp.Regexp{
		{
			wrappedText("Cannot read orgs", "invalid_client", "rejected Authorization: Basic [redacted]"),
			wrappedText(`Connection "basic": authentication failed`, "appName=district&api_key=%5Bredacted%5D", "rejected Authorization: Basic [redacted]"),
			wrappedText(`Connection "body": authentication failed`, "client_secret=[redacted]"),
			wrappedText(`Connection "password": authentication failed`, "rejected Authorization: Basic [redacted]", "password=[redacted]"),
		},
		{wrappedText("base_url carries user info", "remove it")},
		{
			wrappedText("ftp", "base_url carries user info"),
			wrappedText("space", "base_url carries user info"),
			wrappedText("oauth2_password.token_url carries user info"),
			wrappedText("oauth2_client_credentials.authorization_url carries user info"),
		},
		{wrappedText("base_url carries user info", "remove it")},
		{wrappedText("oauth2_password.token_url carries user info", "remove it")},
	}
	var diagnostics []string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		ErrorCheck: func(err error) error {
			diagnostics = append(diagnostics, err.Error())
			return nil
		},
		Steps: []resource.TestStep{
			{Config: echoedCredentialsConfig(baseURL, tokenURL), PlanOnly: true},
			{
				Config: "provider \"oneroster\" {\n  base_url = \"http://admin:" + urlPasswords["plain http base_url"] +
					"@sis.example.com/ims/oneroster/v1p1\"\n  oauth1 = { consumer_key = \"k\", consumer_secret = \"s3cr3t\" }\n}\n\n" +
					"data \"oneroster_orgs\" \"all\" {}\n",
				PlanOnly: true,
			},
			{Config: passwordURLsConfig(), PlanOnly: true},
			{
				// Environment variables meet no validator: Configure checks them.
				PreConfig: func() {
					t.Setenv("ONEROSTER_BASE_URL", "https://admin:"+urlPasswords["ONEROSTER_BASE_URL"]+"@sis example.com/ims/oneroster/v1p1")
				},
				Config:   "provider \"oneroster\" {\n  oauth1 = { consumer_key = \"k\", consumer_secret = \"s3cr3t\" }\n}\n\ndata \"oneroster_orgs\" \"all\" {}\n",
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					t.Setenv("ONEROSTER_BASE_URL", baseURL)
					t.Setenv("ONEROSTER_TOKEN_URL", "http://admin:"+urlPasswords["ONEROSTER_TOKEN_URL"]+"@sis.example.com/oauth2/token")
				},
				Config:   "provider \"oneroster\" {\n  oauth2_password = { username = \"api\", password = \"s3cr3t\" }\n}\n\ndata \"oneroster_orgs\" \"all\" {}\n",
				PlanOnly: true,
			},
		},
	})
	if t.Failed() {
		return
	}
	if len(diagnostics) != len(wants) {
		t.Fatalf("%d of %d steps failed: the scan would miss the diagnostics of the others:\n%s", len(diagnostics), len(wants), strings.Join(diagnostics, "\n---\n"))
	}
	for i, want := range wants {
		for _, re := range want {
			if !re.MatchString(diagnostics[i]) {
				t.Errorf("step %d: the diagnostics lack %s:\n%s", i+1, re, diagnostics[i])
			}
		}
	}
	if hostile.tokenRequests.Load() < 4 {
		t.Fatalf("the token endpoint was asked %d times: the secrets never went out", hostile.tokenRequests.Load())
	}

	secrets := map[string]string{}
	for _, f := range credentialForms(hostileClientID, hostileClientSecret) {
		secrets[f] = "client secret"
	}
	for _, f := range credentialForms("", hostilePassword) {
		secrets[f] = "password"
	}
	for _, f := range credentialForms("", hostileAPIKey) {
		secrets[f] = "token URL api_key"
	}
	for where, pw := range urlPasswords {
		for _, f := range credentialForms("", pw) {
			secrets[f] = "password in the URL of " + where
		}
	}
	logText, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the log: %v", err)
	}
	checkTraceLog(t, logText, "oneroster: HTTP exchange", "rejected Authorization")
	texts := map[string]string{"the CLI and provider log": string(logText)}
	for i, d := range diagnostics {
		// Terraform quotes the configuration line an attribute's error is
		// about ("  13:   base_url = …"): that is the user's own file, like
		// the .tf files TestAccSecretsNeverLeak skips, and not the
		// provider's message.
		texts[fmt.Sprintf("the diagnostics of step %d", i+1)] = configSnippetLine.ReplaceAllString(d, "")
	}
	for source, text := range texts {
		for value, kind := range secrets {
			if i := strings.Index(text, value); i >= 0 {
				t.Errorf("%s (%q) appears in %s: …%s…", kind, value, source, excerpt(text, i, len(value)))
			}
		}
	}
	t.Logf("scanned %d bytes of log and %d diagnostics for %d forms of %d secrets", len(logText), len(diagnostics), len(secrets), 3+len(urlPasswords))
}
