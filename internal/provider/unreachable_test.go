package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// closedHost is host:port of a server closed before any request: a port on
// 127.0.0.1 that refuses connections.
func closedHost() string {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	return strings.TrimPrefix(srv.URL, "http://")
}

// A connection whose token endpoint or API refuses connections is reported
// as unreachable, naming host:port, and never as an authentication
// failure; the token URL is said once.
func TestProbeUnreachableIsNotAnAuthenticationFailure(t *testing.T) {
	host := closedHost()
	tokenURL := "http://" + host + "/oauth2/token"
	cases := map[string]oneroster.Config{
		"token endpoint": {
			BaseURL: "http://127.0.0.1:1/ims/oneroster/v1p1",
			Auth:    &oneroster.OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: tokenURL},
		},
		"API": {
			BaseURL: "http://" + host + "/ims/oneroster/v1p1",
			Auth:    &oneroster.OAuth1{ConsumerKey: "key", ConsumerSecret: "secret"},
		},
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			cfg.MaxRetries = oneroster.NoRetries
			client, err := oneroster.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, diags := probeConnection(context.Background(), "springfield", client, []string{"orgs"}, nil, pathSearch{})
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			summary, detail := diags[0].Summary(), diags[0].Detail()
			if !strings.Contains(summary, host+" unreachable") {
				t.Errorf("summary %q does not say %s is unreachable", summary, host)
			}
			for _, text := range []string{summary, detail} {
				if strings.Contains(strings.ToLower(text), "authentication failed") {
					t.Errorf("a refused connection is called an authentication failure: %s", text)
				}
			}
			if n := strings.Count(detail, tokenURL); name == "token endpoint" && n != 1 {
				t.Errorf("the token URL appears %d times, want once: %s", n, detail)
			}
		})
	}
}
