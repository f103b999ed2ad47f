package oneroster

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// newLifetimeClient is a client of a server that answers every token
// request with body, verbatim (so that 3600.0 stays 3600.0), and every API
// request with an empty page; it counts the token requests.
func newLifetimeClient(t *testing.T, body string) (*Client, *fakeClock, *atomic.Int32) {
	t.Helper()
	var tokens atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			tokens.Add(1)
			writeRaw(w, 200, "application/json", body)
			return
		}
		writeJSON(w, 200, map[string]any{"orgs": []any{}})
	})
	c, clock := newOAuth2Client(t, srv.URL, &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret-lifetime", TokenURL: srv.URL + "/token"}, nil)
	return c, clock, &tokens
}

// A lifetime that is negative, already past or a fraction of a second is
// not believed: the token is used until the server refuses it, instead of
// a token request before every API request.
func TestOddTokenLifetimesAreTreatedAsUnknown(t *testing.T) {
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	for name, lifetime := range map[string]string{
		"negative expires_in":  `"expires_in": -5`,
		"zero expires_in":      `"expires_in": 0`,
		"one second":           `"expires_in": 1`,
		"tiny expiration":      `"expiration": 0.0001`,
		"past expiration":      `"expiration": "` + past + `"`,
		"fractional expiresin": `"expires_in": 0.5`,
	} {
		t.Run(name, func(t *testing.T) {
			c, clock, tokens := newLifetimeClient(t, `{"access_token": "tok-odd", "token_type": "bearer", `+lifetime+`}`)
			for range 5 {
				if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
					t.Fatal(err)
				}
				clock.Advance(2 * time.Second)
			}
			if n := tokens.Load(); n != 1 {
				t.Errorf("%d token requests for 5 API requests, want 1", n)
			}
			if tok, err := c.Token(context.Background()); err != nil || !tok.Expiry.IsZero() {
				t.Errorf("Token = %v, %v; want one of unknown expiry", tok, err)
			}
		})
	}
}

// golang.org/x/oauth2 reads expires_in as a whole number only: a number
// with a fraction or an exponent, bare or quoted, is still a lifetime.
func TestTokenLifetimeMayBeAFloat(t *testing.T) {
	for _, lifetime := range []string{`3600.0`, `3600.9`, `3.6e3`, `"3600.0"`} {
		c, clock, tokens := newLifetimeClient(t, `{"access_token": "tok-float", "token_type": "bearer", "expires_in": `+lifetime+`}`)
		start := clock.Now()
		tok, err := c.Token(context.Background())
		if err != nil {
			t.Errorf("expires_in %s: %v", lifetime, err)
			continue
		}
		if got := tok.Expiry.Sub(start); got != time.Hour {
			t.Errorf("expires_in %s: lifetime %s, want 1h", lifetime, got)
		}
		clock.Advance(time.Hour)
		if _, err := c.Token(context.Background()); err != nil || tokens.Load() != 2 {
			t.Errorf("expires_in %s: after the hour: %v, %d token requests, want a second one", lifetime, err, tokens.Load())
		}
	}
}

// An expires_in that is no number fails the token request, and the error
// says so instead of calling the JSON answer "a body that is not JSON".
func TestUnreadableTokenLifetimeIsNamed(t *testing.T) {
	for _, lifetime := range []string{`""`, `"1h"`, `true`, `{"seconds": 3600}`} {
		c, _, _ := newLifetimeClient(t, `{"access_token": "tok-unreadable", "token_type": "bearer", "expires_in": `+lifetime+`}`)
		_, err := c.Token(context.Background())
		if err == nil {
			t.Errorf("expires_in %s: no error", lifetime)
			continue
		}
		want := "a JSON token whose expires_in (" + lifetime + ") is not a number of seconds"
		if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "not JSON") {
			t.Errorf("expires_in %s: %v; want it to say %q", lifetime, err, want)
		}
		if strings.Contains(err.Error(), "tok-unreadable") || strings.Contains(err.Error(), "secret-lifetime") {
			t.Errorf("the error shows a secret: %v", err)
		}
	}
}
