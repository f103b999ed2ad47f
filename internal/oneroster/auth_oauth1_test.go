package oneroster

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// parseOAuthHeader splits an "OAuth k="v", …" header into its decoded
// parameters, independently of the client's code.
func parseOAuthHeader(t *testing.T, h string) map[string]string {
	t.Helper()
	rest, ok := strings.CutPrefix(h, "OAuth ")
	if !ok {
		t.Fatalf("Authorization %q does not start with OAuth", h)
	}
	params := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			t.Fatalf("malformed OAuth parameter %q", part)
		}
		v, err := url.PathUnescape(strings.Trim(value, `"`))
		if err != nil {
			t.Fatalf("parameter %s: %v", name, err)
		}
		params[name] = v
	}
	return params
}

func TestOAuth1SignatureMatchesHandComputedBaseString(t *testing.T) {
	for _, tc := range []struct {
		method SignatureMethod
		wire   string
		hash   func() hash.Hash
	}{
		{"", "HMAC-SHA256", sha256.New}, // the default
		{HMACSHA256, "HMAC-SHA256", sha256.New},
		{HMACSHA1, "HMAC-SHA1", sha1.New},
	} {
		t.Run(tc.wire+"/"+string(tc.method), func(t *testing.T) {
			var mu sync.Mutex
			var gotHeader, gotRawQuery, gotHost string
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				gotHeader, gotRawQuery, gotHost = r.Header.Get("Authorization"), r.URL.RawQuery, r.Host
				mu.Unlock()
				writeJSON(w, 200, map[string]any{"users": []any{}})
			})
			secret := "s3cr&t+/=" // characters that must be percent-encoded in the key
			c, clock := newTestClient(t, srv, func(cfg *Config) {
				cfg.Auth = &OAuth1{ConsumerKey: "key one", ConsumerSecret: secret, SignatureMethod: tc.method}
			})
			q := url.Values{"filter": {"givenName='Mary Ann'"}, "limit": {"2"}}
			if _, err := c.Get(context.Background(), "/users", q, nil); err != nil {
				t.Fatal(err)
			}
			if gotRawQuery != "filter=givenName%3D%27Mary%20Ann%27&limit=2" {
				t.Errorf("query sent as %q; spaces must travel as %%20", gotRawQuery)
			}
			p := parseOAuthHeader(t, gotHeader)
			if p["oauth_signature_method"] != tc.wire {
				t.Errorf("oauth_signature_method = %q, want %q", p["oauth_signature_method"], tc.wire)
			}
			if _, ok := p["oauth_token"]; ok {
				t.Errorf("two-legged requests must not carry oauth_token: %q", gotHeader)
			}
			if p["oauth_timestamp"] != itoa(clock.Now().Unix()) {
				t.Errorf("oauth_timestamp = %q, want the client clock's %d", p["oauth_timestamp"], clock.Now().Unix())
			}
			// RFC 5849 §3.4.1, written out by hand: every name and value
			// encoded once into the parameter string, which is encoded again.
			base := "GET&" + url.QueryEscape("http://"+gotHost+"/ims/oneroster/v1p1/users") + "&" +
				"filter%3DgivenName%253D%2527Mary%2520Ann%2527" +
				"%26limit%3D2" +
				"%26oauth_consumer_key%3Dkey%2520one" +
				"%26oauth_nonce%3D" + p["oauth_nonce"] +
				"%26oauth_signature_method%3D" + tc.wire +
				"%26oauth_timestamp%3D" + p["oauth_timestamp"] +
				"%26oauth_version%3D1.0"
			mac := hmac.New(tc.hash, []byte("s3cr%26t%2B%2F%3D&"))
			mac.Write([]byte(base))
			want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
			if p["oauth_signature"] != want {
				t.Errorf("signature %q, want %q over\n%s", p["oauth_signature"], want, base)
			}
		})
	}
}

func TestOAuth1RepeatedQueryParametersAreAllSigned(t *testing.T) {
	u, _ := url.Parse("https://SIS.example:443/a%20b/orgs?x=2&x=1&y=a+b")
	got, err := signatureBaseString("get", u, map[string]string{"oauth_nonce": "n"})
	if err != nil {
		t.Fatal(err)
	}
	// Host lower-cased, default port dropped, path as sent, '+' read as a
	// space, both values of x sorted.
	want := "GET&https%3A%2F%2Fsis.example%2Fa%2520b%2Forgs&oauth_nonce%3Dn%26x%3D1%26x%3D2%26y%3Da%2520b"
	if got != want {
		t.Errorf("base string\n got %s\nwant %s", got, want)
	}
	u, _ = url.Parse("http://example.com:8080")
	if got := baseStringURI(u); got != "http://example.com:8080/" {
		t.Errorf("baseStringURI = %q", got)
	}
}

func TestOAuth1RetriesAreSignedAfresh(t *testing.T) {
	var mu sync.Mutex
	var nonces []string
	attempts := 0
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		p := parseOAuthHeader(t, r.Header.Get("Authorization"))
		nonces = append(nonces, p["oauth_nonce"]+"@"+p["oauth_timestamp"])
		attempts++
		if attempts < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, 200, map[string]any{})
	})
	c, _ := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), "/orgs", nil, nil); err != nil {
		t.Fatal(err)
	}
	if len(nonces) != 3 {
		t.Fatalf("%d attempts, want 3", len(nonces))
	}
	seen := map[string]bool{}
	for _, n := range nonces {
		if seen[n] {
			t.Errorf("nonce and timestamp %q reused across attempts: servers reject replays", n)
		}
		seen[n] = true
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// An OAuth 1 401 from a server whose Date is minutes away from the local
// clock says to check the clock, whatever the server's own message.
func TestOAuth1RejectionNamesClockSkew(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset time.Duration
		want   string
	}{
		{"server ahead", 10 * time.Minute, "this machine's clock is about 10m0s behind the server's Date header"},
		{"server behind", -7 * time.Minute, "this machine's clock is about 7m0s ahead of the server's Date header"},
		{"clocks agree", 20 * time.Second, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var clock *fakeClock
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Date", clock.Now().Add(tc.offset).UTC().Format(http.TimeFormat))
				writeRaw(w, http.StatusUnauthorized, "text/plain", "unauthorized")
			})
			var c *Client
			c, clock = newTestClient(t, srv, nil)
			_, err := c.Get(context.Background(), "/orgs", nil, nil)
			if !IsUnauthorized(err) {
				t.Fatalf("err = %v, want a 401", err)
			}
			if tc.want == "" {
				if strings.Contains(err.Error(), "clock") {
					t.Errorf("a 20s difference blamed the clock: %v", err)
				}
				return
			}
			assertContains(t, err.Error(), tc.want)
			assertContains(t, err.Error(), "check this machine's clock")
		})
	}
}
