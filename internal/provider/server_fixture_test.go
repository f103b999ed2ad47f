package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// startSandbox starts an in-process sandbox, closed when the test or
// benchmark ends.
func startSandbox(t testing.TB, opts sandbox.Options) *sandbox.Running {
	t.Helper()
	sb, err := sandbox.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// sandboxClient is a client of the sandbox's API at baseURL (its 1.1 or
// 1.2 one), with the sandbox's credentials: for a test's writes out of
// band of the provider.
func sandboxClient(t testing.TB, sb *sandbox.Running, baseURL string) *oneroster.Client {
	t.Helper()
	client, err := oneroster.New(oneroster.Config{BaseURL: baseURL,
		Auth: &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL}})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// newProviderServer is the provider's server (provider.NewServer), as a
// CLI starts it, configured for the API at baseURL.
func newProviderServer(t testing.TB, version, baseURL, tokenURL string) tfprotov6.ProviderServer {
	t.Helper()
	server, err := provider.NewServer(version)()
	if err != nil {
		t.Fatal(err)
	}
	configureProvider(t, server, baseURL, tokenURL)
	return server
}

// serverPair is the framework's server and the provider's, configured
// alike: a direct answer of the provider's is held equal to the
// framework's.
type serverPair struct{ framework, ours tfprotov6.ProviderServer }

// newServerPair configures both servers for the API at baseURL, or
// neither if it is empty (as in a CLI's validate walk).
func newServerPair(t testing.TB, baseURL, tokenURL string) serverPair {
	t.Helper()
	framework, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ours, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	if baseURL != "" {
		configureProvider(t, framework, baseURL, tokenURL)
		configureProvider(t, ours, baseURL, tokenURL)
	}
	return serverPair{framework, ours}
}
