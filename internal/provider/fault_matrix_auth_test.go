package provider_test

import (
	"crypto/tls"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// authHardeningCells are the fault-matrix cells of token endpoints that redirect and TLS servers that cannot be trusted.
func authHardeningCells() []matrixCell {
	users := "data.oneroster_users read"
	conn := "oneroster_connection plan"
	unknownCA := &tls.Config{}
	tls11 := &tls.Config{MaxVersion: tls.VersionTLS11}
	certificateFailure := []string{"certificate signed by unknown authority", "retrying cannot cure", "provider block's ca_cert_pem"}
	versionFailure := []string{"protocol version not supported", "retrying cannot cure", "must enable TLS 1.2 or later"}
	return []matrixCell{
		{fault: "token endpoint answers 302 to another host", op: users,
			expect: "error: redirect never followed; not retried; the other host never asked",
			run: redirectCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				"Cannot read users", "answered with a redirect, which is never followed", "set the token URL to the token endpoint itself")},
		{fault: "token endpoint answers 302 to another host", op: conn,
			expect: "error: authentication failed, redirect never followed; the other host never asked",
			run: redirectCell(func(sb *sandbox.Running) string {
				return connectionWithRetries(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), 3)
			}, `Connection "springfield": authentication failed`, "answered with a redirect, which is never followed")},
		{fault: "TLS certificate from an unknown CA (token endpoint first)", op: users,
			expect: "error naming the certificate, with the ca_cert_pem hint; no retry",
			run: tlsCell(unknownCA, func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				append([]string{"Cannot read users"}, certificateFailure...)...)},
		{fault: "TLS certificate from an unknown CA (API request, OAuth 1)", op: users + " (OAuth 1)",
			expect: "error naming the certificate, with the ca_cert_pem hint; no retry",
			run: tlsCell(unknownCA, func(sb *sandbox.Running) string {
				return oauth1Provider(sb) + "data \"oneroster_users\" \"all\" {}\n"
			}, append([]string{"Cannot read users"}, certificateFailure...)...)},
		{fault: "TLS certificate from an unknown CA", op: conn + " (max_retries 3)",
			expect: "error naming the certificate, with the ca_cert_pem hint; no retry",
			run: tlsCell(unknownCA, func(sb *sandbox.Running) string {
				return connectionWithRetries(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), 3)
			}, append([]string{`Connection "springfield": authentication failed`}, certificateFailure...)...)},
		{fault: "server speaks TLS 1.1 at most", op: users,
			expect: "error: no TLS version in common, the server must enable TLS 1.2; no retry",
			run: tlsCell(tls11, func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				append([]string{"Cannot read users"}, versionFailure...)...)},
	}
}

// behind describes the sandbox sb as served by srv, for the configuration
// builders, which read only the URLs.
func behind(srv string, sb *sandbox.Running) *sandbox.Running {
	return &sandbox.Running{URL: srv, BaseURL: srv + sandbox.BasePath, TokenURL: srv + sandbox.TokenPath + "?appName=sandbox", Server: sb.Server}
}

// redirectCell runs config against a token endpoint that answers every
// request with a 302 to another host, and expects the error want: the
// redirect is refused, the other host never asked (a GET there would carry
// no credentials, and its token would go to the API), nothing retried.
func redirectCell(config func(*sandbox.Running) string, want ...string) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		off, err := sandbox.StartOffHost()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = off.Close() }()
		hostile := &hostileServer{next: c.sb.Server, redirectTo: off.URL}
		srv := hostile.start(t, nil)
		c.test(t, resource.TestCase{Steps: []resource.TestStep{{Config: config(behind(srv.URL, c.sb)), ExpectError: wrappedText(want...)}}})
		if off.Requests() != 0 {
			t.Errorf("the other host was asked %d times", off.Requests())
		}
		// client_auth "auto" asks twice (HTTP Basic, then the body); a retry
		// would ask again.
		if n := hostile.tokenRequests.Load(); n < 1 || n > 2 {
			t.Errorf("the token endpoint was asked %d times, want once per client authentication style", n)
		}
		waits(t, c, 0, 0, 0)
	}
}

// tlsCell serves the sandbox over TLS with tlsConfig and httptest's own
// certificate, and expects config to fail with want at the first
// handshake: no wait, no second try.
func tlsCell(tlsConfig *tls.Config, config func(*sandbox.Running) string, want ...string) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		hostile := &hostileServer{next: c.sb.Server}
		srv := hostile.start(t, tlsConfig)
		c.test(t, resource.TestCase{Steps: []resource.TestStep{{Config: config(behind(srv.URL, c.sb)), ExpectError: wrappedText(want...)}}})
		// client_auth "auto" tries the token endpoint twice.
		if n := hostile.handshakes.Load(); n < 1 || n > 2 {
			t.Errorf("%d TLS handshakes, want at most one per client authentication style: %s", n, fmt.Sprint(c.clock.Sleeps()))
		}
		waits(t, c, 0, 0, 0)
	}
}
