package provider_test

import (
	"fmt"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Configuration blocks that several tests build on the sandbox's OAuth 2
// client, written once.

// clientCredentialsProvider is the provider block on baseURL and tokenURL
// with the sandbox's client id and clientSecret, no retries, and the
// provider settings in extra.
func clientCredentialsProvider(baseURL, tokenURL, clientSecret, extra string) string {
	return oauth2ClientProvider(baseURL, tokenURL, sandbox.ClientID, clientSecret, "", extra)
}

// oauth2ClientProvider is the provider block on baseURL and tokenURL with
// the OAuth 2 client clientID, no retries, the auth block's lines in
// authExtra and the provider settings in extra.
func oauth2ClientProvider(baseURL, tokenURL, clientID, clientSecret, authExtra, extra string) string {
	return fmt.Sprintf(`
provider "oneroster" {
  base_url    = %q
  max_retries = 0
  oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
    %s
  }
  %s
}
`, baseURL, clientID, clientSecret, tokenURL, authExtra, extra)
}

// clientCredentialsConnection is the oneroster_connection resource
// address, called name, that probes orgs on baseURL with the sandbox's
// client id and clientSecret; authExtra adds lines to its auth block.
func clientCredentialsConnection(address, name, baseURL, tokenURL, clientSecret, authExtra string) string {
	return fmt.Sprintf(`
resource "oneroster_connection" %q {
  name     = %q
  base_url = %q
  topics   = ["orgs"]
  oauth2_client_credentials = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
    %s
  }
}
`, address, name, baseURL, sandbox.ClientID, clientSecret, tokenURL, authExtra)
}

// orgsDataSource reads every org through the provider block.
const orgsDataSource = "\ndata \"oneroster_orgs\" \"all\" {}\n"
