package oneroster

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// closedServerURL is the URL of a server closed before any request: its
// port on 127.0.0.1 refuses connections.
func closedServerURL(t *testing.T) string {
	t.Helper()
	srv := newTestServer(t, func(http.ResponseWriter, *http.Request) {})
	srv.Close()
	return srv.URL
}

// A refused connection to the API is not an authentication failure: the
// error says the host is unreachable and names host:port, once.
func TestUnreachableAPIHostNamed(t *testing.T) {
	base := closedServerURL(t)
	host := strings.TrimPrefix(base, "http://")
	clock := newFakeClock()
	c, err := New(Config{BaseURL: base + "/ims/oneroster/v1p1", Auth: testOAuth1, Clock: clock, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(context.Background(), "/orgs", nil, nil)
	if err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
	got, ok := UnreachableHost(err)
	if !ok || got != host {
		t.Fatalf("UnreachableHost = %q, %v; want %q (error: %v)", got, ok, host, err)
	}
	assertContains(t, err.Error(), "host "+host+" is unreachable (connection refused")
	if n := strings.Count(err.Error(), host); n != 2 { // the request's URL, and the host
		t.Errorf("the host appears %d times, want 2 (the URL, then the host): %v", n, err)
	}
	if IsUnauthorized(err) {
		t.Errorf("IsUnauthorized on a refused connection: %v", err)
	}
}

// So is a refused connection to the token endpoint.
func TestUnreachableTokenHostNamed(t *testing.T) {
	tokenURL := closedServerURL(t) + "/oauth2/token"
	host := strings.TrimPrefix(strings.TrimSuffix(tokenURL, "/oauth2/token"), "http://")
	c, _ := newOAuth2Client(t, "https://sis.invalid", &OAuth2ClientCredentials{ClientID: "cid", ClientSecret: "csecret", TokenURL: tokenURL},
		func(cfg *Config) { cfg.MaxRetries = NoRetries })
	_, err := c.Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) {
		t.Fatalf("got %v, want a *TokenError", err)
	}
	if got, ok := UnreachableHost(err); !ok || got != host {
		t.Fatalf("UnreachableHost = %q, %v; want %q (error: %v)", got, ok, host, err)
	}
	assertContains(t, err.Error(), "host "+host+" is unreachable")
	if n := strings.Count(err.Error(), tokenURL); n != 1 {
		t.Errorf("the token URL appears %d times, want once: %v", n, err)
	}
	if IsUnauthorized(err) {
		t.Errorf("IsUnauthorized on a refused connection: %v", err)
	}
}

// The host named is the URL's host:port, with the scheme's default port
// when the URL has none, even when the name does not resolve.
func TestUnreachableHostPort(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "sis.invalid", IsNotFound: true}}
	for raw, want := range map[string]string{
		"https://sis.invalid/ims/oneroster/v1p1": "sis.invalid:443",
		"http://sis.invalid/token":               "sis.invalid:80",
		"https://[::1]:8443/token":               "[::1]:8443",
	} {
		u, _ := url.Parse(raw)
		if got, _ := UnreachableHost(unreachable(u, dial)); got != want {
			t.Errorf("%s: host %q, want %q", raw, got, want)
		}
	}
	u, _ := url.Parse("https://sis.invalid")
	assertContains(t, unreachable(u, dial).Error(), "host sis.invalid:443 is unreachable (no such host")
	if IsUnreachable(unreachable(u, errors.New("EOF"))) {
		t.Error("an error that is not a dial failure is called unreachable")
	}
}
