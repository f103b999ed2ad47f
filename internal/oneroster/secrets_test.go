package oneroster

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// echoingServer answers every API request with a 401 whose description
// repeats the Authorization header and query it received, as some servers
// do, and records what was sent so the test knows every secret on the wire.
type echoingServer struct {
	mu      sync.Mutex
	secrets []string
}

func (e *echoingServer) remember(values ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, v := range values {
		if len(v) >= 4 {
			e.secrets = append(e.secrets, v)
		}
	}
}

func (e *echoingServer) api(w http.ResponseWriter, r *http.Request) {
	authz := r.Header.Get("Authorization")
	e.remember(authz)
	if token, ok := strings.CutPrefix(authz, "Bearer "); ok {
		e.remember(token)
	}
	if strings.HasPrefix(authz, "OAuth ") {
		for _, part := range strings.Split(strings.TrimPrefix(authz, "OAuth "), ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
			if name == "oauth_signature" {
				v := strings.Trim(value, `"`)
				decoded, _ := url.PathUnescape(v)
				e.remember(v, decoded)
			}
		}
	}
	writeJSON(w, http.StatusUnauthorized, map[string]string{
		"imsx_codeMajor":   "failure",
		"imsx_codeMinor":   "unauthorisedrequest",
		"imsx_description": fmt.Sprintf("rejected Authorization: %s for %s", authz, r.URL.String()),
	})
}

func (e *echoingServer) check(t *testing.T, texts []string) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.secrets) == 0 {
		t.Fatal("no secret was recorded: the test checks nothing")
	}
	for _, text := range texts {
		for _, secret := range e.secrets {
			if strings.Contains(text, secret) {
				t.Errorf("secret %q appears in %q", secret, text)
			}
		}
	}
}

func TestNoSecretsInErrorsOrLogsOAuth2(t *testing.T) {
	const clientSecret, password = "client-secret-XYZ", "p4ssw0rd!XYZ"
	echo := &echoingServer{}
	echo.remember(clientSecret, password, base64.StdEncoding.EncodeToString([]byte("cid:"+clientSecret)))
	var mu sync.Mutex
	issued := 0
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			mu.Lock()
			issued++
			token := fmt.Sprintf("eyJhbGciOi.secret-token-%d", issued)
			mu.Unlock()
			echo.remember(token, r.Header.Get("Authorization"))
			writeJSON(w, 200, map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": 3600})
			return
		}
		echo.api(w, r)
	})
	for _, auth := range []Auth{
		&OAuth2ClientCredentials{ClientID: "cid", ClientSecret: clientSecret, TokenURL: srv.URL + "/token?client_secret=" + clientSecret},
		&OAuth2Password{Username: "api", Password: password, ClientID: "cid", ClientSecret: clientSecret, TokenURL: srv.URL + "/token"},
	} {
		logger := &recordingLogger{}
		c, _ := newOAuth2Client(t, srv.URL, auth, func(cfg *Config) { cfg.Logger = logger })
		_, err := c.Get(context.Background(), "/orgs", url.Values{"filter": {"name='x'"}}, nil)
		if !IsUnauthorized(err) {
			t.Fatalf("got %v", err)
		}
		tok, _ := c.Token(context.Background())
		texts := append(logger.Lines(), err.Error(), fmt.Sprintf("%v %+v %#v", err, err, tok))
		echo.check(t, texts)
		assertContains(t, err.Error(), "[redacted]") // the echo was scrubbed, not dropped
		if len(logger.Lines()) < 4 {
			t.Errorf("expected token and API exchanges in the log, got %q", logger.Lines())
		}
		assertContains(t, strings.Join(logger.Lines(), "\n"), `"Authorization":"[redacted]"`)
	}
}

func TestNoSecretsInErrorsOrLogsOAuth1(t *testing.T) {
	const secret = "consumer-secret-XYZ"
	echo := &echoingServer{}
	echo.remember(secret)
	srv := newTestServer(t, echo.api)
	logger := &recordingLogger{}
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Auth = &OAuth1{ConsumerKey: "key", ConsumerSecret: secret}
		cfg.Logger = logger
	})
	// A next-style absolute URL with oauth_ parameters in its query must
	// not leak them to the log either.
	_, err := c.Get(context.Background(), srv.URL+"/ims/oneroster/v1p1/orgs?oauth_signature=leaky-signature", nil, nil)
	echo.remember("leaky-signature")
	if !IsUnauthorized(err) {
		t.Fatalf("got %v", err)
	}
	echo.check(t, append(logger.Lines(), err.Error()))
	log := strings.Join(logger.Lines(), "\n")
	assertContains(t, log, `"attempt":1`)
	assertContains(t, log, `"status":401`)
	assertContains(t, log, `"method":"GET"`)
}

// echoedForms lists what a credential can look like in an echo, worked
// out here independently of the client's redaction: as given, form- and
// path-encoded, %20-encoded, and inside HTTP Basic credentials with and
// without the form-encoding RFC 6749 §2.3.1 asks for, padded or not.
func echoedForms(id, secret string) []string {
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret), strings.ReplaceAll(url.QueryEscape(secret), "+", "%20")}
	if id != "" {
		for _, pair := range []string{url.QueryEscape(id) + ":" + url.QueryEscape(secret), id + ":" + secret} {
			padded := base64.StdEncoding.EncodeToString([]byte(pair))
			forms = append(forms, padded, strings.TrimRight(padded, "="), url.QueryEscape(padded))
		}
	}
	return forms
}

// TestNoSecretsEchoedByTheTokenEndpoint has the token endpoint refuse
// every request with an error_description that quotes the Authorization
// header, the form body and the query it got: nothing of the client
// secret, the password or the token URL's API key may come back in the
// error, the log or TokenURL, in any encoding.
func TestNoSecretsEchoedByTheTokenEndpoint(t *testing.T) {
	const (
		clientID     = "my client"
		clientSecret = "Sup3r S3cret/Val+ue"
		password     = "P@ss w0rd+Leak/1"
		apiKey       = "QUERY SECRET/1"
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"error":             "invalid_client",
			"error_description": fmt.Sprintf("rejected Authorization: %s, body %s, query %s", r.Header.Get("Authorization"), body, r.URL.RawQuery),
		})
	})
	tokenURL := srv.URL + "/token?appName=district&api_key=" + url.QueryEscape(apiKey)
	var secrets []string
	secrets = append(secrets, echoedForms(clientID, clientSecret)...)
	secrets = append(secrets, echoedForms("", password)...)
	secrets = append(secrets, echoedForms("", apiKey)...)
	for name, auth := range map[string]Auth{
		"client credentials, basic": &OAuth2ClientCredentials{ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL, ClientAuth: ClientAuthBasic},
		"client credentials, body":  &OAuth2ClientCredentials{ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL, ClientAuth: ClientAuthBody},
		"client credentials, auto":  &OAuth2ClientCredentials{ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL},
		"password, basic": &OAuth2Password{Username: "api", Password: password, ClientID: clientID, ClientSecret: clientSecret,
			TokenURL: tokenURL, ClientAuth: ClientAuthBasic},
		"password, body": &OAuth2Password{Username: "api", Password: password, ClientID: clientID, ClientSecret: clientSecret,
			TokenURL: tokenURL, ClientAuth: ClientAuthBody},
	} {
		t.Run(name, func(t *testing.T) {
			logger := &recordingLogger{}
			c, _ := newOAuth2Client(t, srv.URL, auth, func(cfg *Config) { cfg.Logger = logger })
			_, err := c.Get(context.Background(), "/orgs", nil, nil)
			if !IsUnauthorized(err) {
				t.Fatalf("got %v, want the token endpoint's rejection", err)
			}
			// The echo is scrubbed, not dropped, and the endpoint stays
			// recognisable by its appName.
			assertContains(t, err.Error(), "rejected Authorization:")
			assertContains(t, err.Error(), "[redacted]")
			assertContains(t, c.TokenURL(), "appName=district")
			texts := append(logger.Lines(), err.Error(), fmt.Sprintf("%+v", err), c.TokenURL())
			for _, text := range texts {
				for _, secret := range secrets {
					if strings.Contains(text, secret) {
						t.Errorf("%q appears in %q", secret, text)
					}
				}
			}
		})
	}
}

// TestURLsAreShownWithoutUserInfo covers the URLs users mistype with a
// password in them: valid or not, no message and no rendering repeats it.
func TestURLsAreShownWithoutUserInfo(t *testing.T) {
	for _, raw := range []string{
		"http://admin:UrlPassw0rd@sis.example.com/ims/oneroster/v1p1",
		"ftp://admin:UrlPassw0rd@sis.example.com/ims/oneroster/v1p1",
		"https://admin:UrlPassw0rd@sis example.com/ims/oneroster/v1p1",
		"https://admin:Url/Passw0rd@sis.example.com/token",
		"https://admin:Url?Passw0rd@sis.example.com/token",
		"https://sis.example.com/token?api_key=UrlPassw0rd",
		"sis.example.com/token?UrlPassw0rd",
	} {
		texts := []string{DisplayURL(raw)}
		for _, check := range []func(string) error{CheckEndpointURL, CheckBaseURL} {
			if err := check(raw); err != nil {
				texts = append(texts, err.Error())
			} else if strings.Contains(raw, "@") {
				t.Errorf("%q is accepted", raw)
			}
		}
		if _, err := New(Config{BaseURL: raw, Auth: &OAuth1{ConsumerKey: "k", ConsumerSecret: "secret"}}); err != nil {
			texts = append(texts, err.Error())
		}
		for _, text := range texts {
			if strings.Contains(text, "Passw0rd") || strings.Contains(text, "UrlPass") {
				t.Errorf("%q shows the password: %q", raw, text)
			}
		}
	}
	if got := DisplayURL("https://admin:pw@sis.example.com/x?k=v"); got != "https://[redacted]@sis.example.com/x" {
		t.Errorf("DisplayURL = %q", got)
	}
	assertContains(t, CheckEndpointURL("https://admin:UrlPassw0rd@sis.example.com/x").Error(), "carries user info")
	assertContains(t, CheckBaseURL("https://sis.example.com/x?k=UrlPassw0rd").Error(), `"https://sis.example.com/x" has a query string`)
}
