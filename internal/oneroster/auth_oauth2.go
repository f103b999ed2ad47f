package oneroster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// ClientAuth is how OAuth 2 client credentials reach the token endpoint.
type ClientAuth string

// Client authentication styles (RFC 6749 §2.3.1).
const (
	// ClientAuthAuto tries HTTP Basic first and falls back to the body,
	// remembering what worked. It is the default.
	ClientAuthAuto ClientAuth = "auto"
	// ClientAuthBasic sends client_id and client_secret in HTTP Basic.
	ClientAuthBasic ClientAuth = "basic"
	// ClientAuthBody sends them as form parameters in the request body.
	ClientAuthBody ClientAuth = "body"
)

// OAuth2ClientCredentials is the OAuth 2 client credentials grant, the only
// OAuth 2 method of the 2022 OneRoster 1.1 revision and of OneRoster 1.2.
type OAuth2ClientCredentials struct {
	ClientID     string
	ClientSecret string
	// TokenURL is the token endpoint. Its query string is kept (some
	// vendors route on it). When empty, AuthorizationURL is used.
	TokenURL         string
	AuthorizationURL string
	// Scopes are requested space-separated, as given.
	Scopes     []string
	ClientAuth ClientAuth
}

func (*OAuth2ClientCredentials) authMethod() string { return AuthMethodOAuth2ClientCredentials }

// OAuth2Password is the OAuth 2 resource owner password grant, which some
// SIS vendors use for API service accounts.
type OAuth2Password struct {
	Username     string
	Password     string
	ClientID     string
	ClientSecret string
	TokenURL     string
	Scopes       []string
	ClientAuth   ClientAuth
}

func (*OAuth2Password) authMethod() string { return AuthMethodOAuth2Password }

func (a *OAuth2ClientCredentials) validate() (tokenURL *url.URL, err error) {
	if strings.TrimSpace(a.ClientID) == "" {
		return nil, errors.New("OAuth2ClientCredentials.ClientID is empty: set the client ID the SIS issued for this application")
	}
	if a.ClientSecret == "" {
		return nil, fmt.Errorf("OAuth2ClientCredentials.ClientSecret is empty: set the client secret the SIS issued with client ID %q", a.ClientID)
	}
	if err := validateClientAuth("OAuth2ClientCredentials", a.ClientAuth); err != nil {
		return nil, err
	}
	field, raw := "TokenURL", a.TokenURL
	if strings.TrimSpace(raw) == "" {
		field, raw = "AuthorizationURL", a.AuthorizationURL
	}
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("OAuth2ClientCredentials.TokenURL is empty: set the SIS's OAuth 2 token endpoint, e.g. https://sis.example/oauth/token")
	}
	return parseEndpointURL("OAuth2ClientCredentials."+field, raw)
}

func (a *OAuth2Password) validate() (tokenURL *url.URL, err error) {
	if strings.TrimSpace(a.Username) == "" {
		return nil, errors.New("OAuth2Password.Username is empty: set the API user's name")
	}
	if a.Password == "" {
		return nil, fmt.Errorf("OAuth2Password.Password is empty: set the password of API user %q", a.Username)
	}
	if a.ClientSecret != "" && strings.TrimSpace(a.ClientID) == "" {
		return nil, errors.New("OAuth2Password.ClientID is empty while ClientSecret is set: set the client ID that goes with the secret")
	}
	if err := validateClientAuth("OAuth2Password", a.ClientAuth); err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.TokenURL) == "" {
		return nil, errors.New("OAuth2Password.TokenURL is empty: set the SIS's OAuth 2 token endpoint, e.g. https://sis.example/oauth/token")
	}
	return parseEndpointURL("OAuth2Password.TokenURL", a.TokenURL)
}

func validateClientAuth(owner string, ca ClientAuth) error {
	switch ca {
	case "", ClientAuthAuto, ClientAuthBasic, ClientAuthBody:
		return nil
	}
	return fmt.Errorf(
		"%s.ClientAuth %q is not supported: use %q (the default), %q (HTTP Basic) or %q (form body)",
		owner,
		ca,
		ClientAuthAuto,
		ClientAuthBasic,
		ClientAuthBody,
	)
}

func (ca ClientAuth) style() oauth2.AuthStyle {
	switch ca {
	case ClientAuthBasic:
		return oauth2.AuthStyleInHeader
	case ClientAuthBody:
		return oauth2.AuthStyleInParams
	default:
		return oauth2.AuthStyleAutoDetect
	}
}

// cachedToken is one token as held by tokenCache. Pointers to it identify
// the token a request used, so a 401 invalidates that token and not a newer
// one fetched meanwhile by a concurrent request.
type cachedToken struct {
	accessToken string
	tokenType   string
	expiry      time.Time // zero: unknown, valid until a 401
	refreshAt   time.Time
	scopes      []string
}

func (t *cachedToken) usable(now time.Time) bool {
	return t != nil && (t.refreshAt.IsZero() || now.Before(t.refreshAt))
}

func (t *cachedToken) public() *Token {
	return &Token{
		AccessToken:   t.accessToken,
		TokenType:     t.tokenType,
		Expiry:        t.expiry,
		GrantedScopes: append([]string(nil), t.scopes...),
	}
}

// minTokenLifetime is the shortest token lifetime believed (see fetch).
const minTokenLifetime = 10 * time.Second

// refreshMargin is how long before expiry a token is replaced: a minute,
// or half the lifetime of short-lived tokens, so a request never leaves with
// a token that expires on its way.
func refreshMargin(lifetime time.Duration) time.Duration {
	const margin = time.Minute
	if lifetime/2 < margin {
		return lifetime / 2
	}
	return margin
}

// tokenCache holds the one access token shared by all requests of a
// client. It is written by hand rather than with oauth2.ReuseTokenSource
// because that type binds the context of its creation (each fetch here must
// obey the caller's context and deadline), cannot drop a token the server
// has just rejected with a 401, and reads the wall clock instead of the
// client's Clock.
type tokenCache struct {
	grant    func(ctx context.Context) (*oauth2.Token, error)
	clock    Clock
	tokenURL *url.URL
	method   string
	scrubber *secretScrubber
	http     *http.Client

	// fetching is a one-slot semaphore: the holder fetches, the others
	// wait for its token (or for their context to end).
	fetching chan struct{}

	mu    sync.Mutex
	token *cachedToken
}

func (tc *tokenCache) current() *cachedToken {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return tc.token
}

// get returns a usable token, fetching one if needed. Concurrent callers
// share one fetch.
func (tc *tokenCache) get(ctx context.Context) (*cachedToken, error) {
	if t := tc.current(); t.usable(tc.clock.Now()) {
		return t, nil
	}
	select {
	case tc.fetching <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-tc.fetching }()
	if t := tc.current(); t.usable(tc.clock.Now()) {
		return t, nil // fetched by another caller while we waited
	}
	t, err := tc.fetch(ctx)
	if err != nil {
		return nil, err
	}
	tc.mu.Lock()
	tc.token = t
	tc.mu.Unlock()
	return t, nil
}

// invalidate drops t if it is still the cached token.
func (tc *tokenCache) invalidate(t *cachedToken) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.token == t {
		tc.token = nil
	}
}

// fetch asks the token endpoint for a new token, through the client's own
// HTTP client (TLS, proxy, logging and redirect policy included).
func (tc *tokenCache) fetch(ctx context.Context) (*cachedToken, error) {
	note := &tokenResponseNote{}
	fetchCtx := context.WithValue(ctx, oauth2.HTTPClient, tc.http)
	fetchCtx = context.WithValue(fetchCtx, tokenResponseNoteKey{}, note)
	start := tc.clock.Now()
	tok, err := tc.grant(fetchCtx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("fetching an OAuth 2 token from %s: %w", urlWithoutQuery(tc.tokenURL), ctx.Err())
		}
		return nil, tc.tokenError(err, note)
	}
	t := &cachedToken{accessToken: tok.AccessToken, tokenType: "Bearer"}
	if tok.TokenType != "" {
		t.tokenType = tok.Type()
	}
	// Expiry is computed from expires_in with the client's Clock, taken when
	// the request left, so that the server's lifetime is never overrun.
	var expiry time.Time
	if lifetime := expiresIn(tok); lifetime > 0 {
		expiry = start.Add(lifetime)
	} else if at, ok := nonStandardExpiry(tok.Extra("expiration"), start); ok {
		expiry = at
	}
	// A lifetime below minTokenLifetime (a negative expires_in, an expiry
	// already past, a fraction of a second) would have every request fetch
	// a token first: such a token is used until a 401 instead, as one
	// whose lifetime the server did not say.
	if lifetime := expiry.Sub(start); lifetime >= minTokenLifetime {
		t.expiry = expiry
		t.refreshAt = expiry.Add(-refreshMargin(lifetime))
	}
	t.scopes = grantedScopes(tok.Extra("scope"))
	return t, nil
}

// expiresIn reads the token response's expires_in; 0 when there is none.
// oauth2.Token.ExpiresIn is not filled in by the clientcredentials package
// (v0.38), so the raw response is consulted too; PayPal-style string
// values are accepted, and fractions of seconds.
func expiresIn(tok *oauth2.Token) time.Duration {
	secs := float64(tok.ExpiresIn)
	if secs <= 0 {
		switch v := tok.Extra("expires_in").(type) {
		case float64:
			secs = v
		case string:
			secs, _ = strconv.ParseFloat(strings.TrimSpace(v), 64)
		case json.Number:
			secs, _ = v.Float64()
		}
	}
	if !(secs > 0) { // NaN included
		return 0
	}
	// golang.org/x/oauth2 caps expires_in likewise; a Duration holds 292 years.
	return time.Duration(min(secs, math.MaxInt32) * float64(time.Second))
}

// nonStandardExpiry reads an "expiration" member, which some servers
// (Focus) send instead of RFC 6749's expires_in. Its form varies: a number
// of seconds to live, a Unix time (in seconds or milliseconds), or a
// timestamp. Numbers above 10⁹ are read as Unix times, since no token
// lives 31 years. An expiry that is already past is ignored rather than
// trusted: the token is then used until a 401, as one without expiry.
func nonStandardExpiry(v any, start time.Time) (time.Time, bool) {
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return time.Time{}, false
		}
		n = f
	case string:
		x = strings.TrimSpace(x)
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			n = f
			break
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.RFC1123} {
			if at, err := time.Parse(layout, x); err == nil {
				return futureOnly(at, start)
			}
		}
		return time.Time{}, false
	default:
		return time.Time{}, false
	}
	switch {
	case n <= 0:
		return time.Time{}, false
	case n > 1e12:
		return futureOnly(time.UnixMilli(int64(n)), start)
	case n > 1e9:
		return futureOnly(time.Unix(int64(n), 0), start)
	}
	return start.Add(time.Duration(n * float64(time.Second))), true
}

func futureOnly(at, start time.Time) (time.Time, bool) {
	if !at.After(start) {
		return time.Time{}, false
	}
	return at, true
}

// grantedScopes reads the "scope" member of a token response: a
// space-separated string per RFC 6749, or an array from some servers.
func grantedScopes(v any) []string {
	switch s := v.(type) {
	case string:
		return strings.Fields(s)
	case []any:
		var out []string
		for _, item := range s {
			if str, ok := item.(string); ok {
				out = append(out, strings.Fields(str)...)
			}
		}
		return out
	}
	return nil
}

// tokenResponseNote records what the token endpoint answered at the HTTP
// level, since golang.org/x/oauth2 reports a 200 HTML page only as a JSON
// parse error. It is filled in by observingTransport.
type tokenResponseNote struct {
	mu          sync.Mutex
	answered    bool
	status      int
	contentType string
	prefix      []byte
	// badLifetime is the JSON of an expires_in that is not a number of
	// seconds, which golang.org/x/oauth2 fails on as if the answer were
	// not JSON at all (see readableLifetime).
	badLifetime string
}

type tokenResponseNoteKey struct{}

func (n *tokenResponseNote) record(status int, contentType string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.answered, n.status, n.contentType, n.prefix, n.badLifetime = true, status, contentType, nil, ""
}

func (n *tokenResponseNote) addPrefix(p []byte) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if room := 64 - len(n.prefix); room > 0 {
		if len(p) > room {
			p = p[:room]
		}
		n.prefix = append(n.prefix, p...)
	}
}

// maxTokenResponseBytes is as much of a token endpoint's answer as
// golang.org/x/oauth2 reads.
const maxTokenResponseBytes = 1 << 20

// readableLifetime prepares a token endpoint's 2xx JSON answer for
// golang.org/x/oauth2, which reads expires_in as a whole number only and
// fails on anything else as if the body were not JSON: a number with a
// fraction or an exponent (3600.0, 3.6e3), bare or quoted, is rewritten as
// its whole seconds; any other value is noted for TokenError to name.
func readableLifetime(resp *http.Response, note *tokenResponseNote) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return
	}
	if mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mediaType == "application/x-www-form-urlencoded" || mediaType == "text/plain" {
		return // read as a form, whose numbers golang.org/x/oauth2 does not parse strictly
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenResponseBytes+1))
	original := resp.Body
	defer func() {
		// What was read, then whatever is left (and the error, if any).
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), original), original}
	}()
	var doc map[string]json.RawMessage
	if err != nil || len(body) > maxTokenResponseBytes || json.Unmarshal(body, &doc) != nil {
		return
	}
	raw, ok := doc["expires_in"]
	if !ok || string(raw) == "null" {
		return
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		shown := string(raw)
		if len(shown) > 40 {
			shown = shown[:40] + "…"
		}
		note.mu.Lock()
		note.badLifetime = shown
		note.mu.Unlock()
		return
	}
	if _, err := n.Int64(); err == nil {
		return
	}
	secs, _ := n.Float64() // a valid JSON number, as Unmarshal checked
	secs = max(min(secs, math.MaxInt32), -math.MaxInt32)
	doc["expires_in"] = json.RawMessage(strconv.FormatInt(int64(secs), 10))
	if rewritten, err := json.Marshal(doc); err == nil {
		body = rewritten
	}
}
