package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
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
	return fmt.Errorf("%s.ClientAuth %q is not supported: use %q (the default), %q (HTTP Basic) or %q (form body)", owner, ca, ClientAuthAuto, ClientAuthBasic, ClientAuthBody)
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

// Token is an OAuth 2 access token as cached by the client. Its String,
// GoString, Format and MarshalJSON never reveal AccessToken, so a token that
// ends up in a log line or an error by accident leaks nothing.
type Token struct {
	AccessToken string
	TokenType   string
	// Expiry is when the server said the token ends; zero when it did not
	// say. The client refreshes somewhat before this instant.
	Expiry time.Time
	// GrantedScopes are the scopes of the token response's "scope" field;
	// nil when the server did not send one (RFC 6749 §5.1: then the granted
	// scopes are the requested ones).
	GrantedScopes []string
}

func (t *Token) String() string {
	if t == nil {
		return "<nil>"
	}
	expiry := "none"
	if !t.Expiry.IsZero() {
		expiry = t.Expiry.Format(time.RFC3339)
	}
	return fmt.Sprintf("Token{TokenType: %q, AccessToken: %s, Expiry: %s, GrantedScopes: %q}", t.TokenType, redacted, expiry, t.GrantedScopes)
}

// GoString implements fmt.GoStringer for %#v.
func (t *Token) GoString() string { return "oneroster." + t.String() }

// Format implements fmt.Formatter so that every verb (%v, %+v, %s, %q, %x…)
// goes through String.
func (t *Token) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = fmt.Fprint(f, t.GoString())
		return
	}
	_, _ = fmt.Fprint(f, t.String())
}

// MarshalJSON writes the token without its AccessToken.
func (t *Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AccessToken   string
		TokenType     string
		Expiry        time.Time
		GrantedScopes []string
	}{redacted, t.TokenType, t.Expiry, t.GrantedScopes})
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
	switch lifetime := expiresIn(tok); {
	case lifetime > 0:
		t.expiry = start.Add(lifetime)
		t.refreshAt = t.expiry.Add(-refreshMargin(lifetime))
	case !tok.Expiry.IsZero():
		t.expiry = tok.Expiry
		t.refreshAt = t.expiry.Add(-refreshMargin(t.expiry.Sub(start)))
	default:
		if expiry, ok := nonStandardExpiry(tok.Extra("expiration"), start); ok {
			t.expiry = expiry
			t.refreshAt = t.expiry.Add(-refreshMargin(t.expiry.Sub(start)))
		}
	}
	t.scopes = grantedScopes(tok.Extra("scope"))
	return t, nil
}

// expiresIn reads the token response's expires_in. oauth2.Token.ExpiresIn
// is not filled in by the clientcredentials package (v0.38), so the raw
// response is consulted too; PayPal-style string values are accepted.
func expiresIn(tok *oauth2.Token) time.Duration {
	secs := tok.ExpiresIn
	if secs <= 0 {
		switch v := tok.Extra("expires_in").(type) {
		case float64:
			secs = int64(v)
		case string:
			secs, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		case json.Number:
			secs, _ = v.Int64()
		}
	}
	if secs <= 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
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
	return start.Add(time.Duration(n) * time.Second), true
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
}

type tokenResponseNoteKey struct{}

func (n *tokenResponseNote) record(status int, contentType string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.answered, n.status, n.contentType, n.prefix = true, status, contentType, nil
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

// tokenFailure classifies a TokenError.
type tokenFailure int

const (
	tokenUnreachable   tokenFailure = iota // no HTTP answer
	tokenNotJSON                           // an answer that is not a token document
	tokenRejected                          // an RFC 6749 error or a 4xx
	tokenServerError                       // 429 or 5xx without an RFC 6749 error code
	tokenMissing                           // a 2xx JSON answer without access_token
	tokenWrongEndpoint                     // 404 or 405: nothing takes token requests there
	tokenRedirected                        // a redirect, which is never followed
	tokenTLS                               // a failed TLS handshake
)

// TokenError is a failure at the OAuth 2 token endpoint. Its Error method
// is a sentence that says what to check; it never contains the client
// secret, the password or any part of the response body other than the
// RFC 6749 error code and description.
type TokenError struct {
	// URL is the token endpoint, with its query values masked (appName
	// aside, see tokenURLForMessage).
	URL string
	// StatusCode is 0 when the endpoint could not be reached.
	StatusCode int
	// Code and Description are RFC 6749 §5.2 error and error_description.
	Code        string
	Description string
	// Err is the underlying network or TLS error, if any.
	Err error

	failure tokenFailure
	grant   string
	// bodyKind names what a non-JSON answer was ("an HTML page").
	bodyKind string
}

func (e *TokenError) Unwrap() error { return e.Err }

func (e *TokenError) Error() string {
	where := "the OAuth 2 token endpoint " + e.URL
	status := strings.TrimSpace(fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode)))
	switch e.failure {
	case tokenUnreachable:
		return fmt.Sprintf("could not reach %s: %v; check the token URL and the network or proxy settings", where, e.Err)
	case tokenNotJSON:
		kind := e.bodyKind
		if kind == "" {
			kind = "a body that is not JSON"
		}
		return fmt.Sprintf("%s answered %s with %s instead of a JSON token; check that the token URL is the token endpoint itself, not a login or portal page", where, status, kind)
	case tokenWrongEndpoint:
		return fmt.Sprintf("%s answered %s; check the token URL: nothing accepts token requests there", where, status)
	case tokenServerError:
		return fmt.Sprintf("%s answered %s; the token endpoint is failing or overloaded, try again later", where, status)
	case tokenRedirected:
		return fmt.Sprintf("%s answered with a redirect, which is never followed (the credentials would go to another server, or its token to the API): %v; "+
			"set the token URL to the token endpoint itself", where, e.Err)
	case tokenTLS:
		return fmt.Sprintf("could not reach %s: %v (%s)", where, e.Err, tlsFailureNote(e.Err))
	case tokenMissing:
		return fmt.Sprintf("%s answered %s without an access_token; check that the token URL is the token endpoint and the grant type is the one the SIS expects", where, status)
	}
	detail := status
	if e.Code != "" {
		detail += ", " + e.Code
	}
	if e.Description != "" {
		detail += ": " + e.Description
	}
	return fmt.Sprintf("%s rejected the token request (%s); %s", where, detail, e.hint())
}

// hint says what to check for an RFC 6749 error code.
func (e *TokenError) hint() string {
	switch e.Code {
	case "invalid_client":
		return "check the client ID and client secret, and try the other client authentication style (basic or body)"
	case "invalid_grant":
		if e.grant == AuthMethodOAuth2Password {
			return "check the username and password"
		}
		return "check the client ID and client secret"
	case "unauthorized_client":
		return "this client is not allowed to use this grant type; ask the SIS administrator to enable it"
	case "unsupported_grant_type":
		return "the server does not offer this grant type; use the other OAuth 2 method or OAuth 1.0a"
	case "invalid_scope":
		return "check the requested scopes: the server refused at least one of them"
	case "invalid_request":
		return "the server found the request malformed; check the token URL's query string and the client authentication style"
	}
	if e.grant == AuthMethodOAuth2Password {
		return "check the username, password, client ID and client secret"
	}
	return "check the client ID, client secret and token URL"
}

// isRejection reports whether the endpoint refused the credentials (as
// opposed to being unreachable or broken).
func (e *TokenError) isRejection() bool { return e.failure == tokenRejected }

// temporary reports whether asking again later may succeed.
func (e *TokenError) temporary() bool {
	return e.failure == tokenUnreachable || e.failure == tokenServerError
}

// tokenError turns a golang.org/x/oauth2 failure into a TokenError.
func (tc *tokenCache) tokenError(err error, note *tokenResponseNote) *TokenError {
	te := &TokenError{URL: tokenURLForMessage(tc.tokenURL), grant: tc.method}
	note.mu.Lock()
	answered, status, contentType, prefix := note.answered, note.status, note.contentType, note.prefix
	note.mu.Unlock()
	te.StatusCode = status

	var retrieve *oauth2.RetrieveError
	var urlErr *url.Error
	var redirect *tokenRedirectError
	switch {
	case errors.As(err, &redirect):
		te.failure = tokenRedirected
		te.Err = redirect
	case errors.As(err, &retrieve):
		if retrieve.Response != nil {
			te.StatusCode = retrieve.Response.StatusCode
		}
		te.Code = tc.scrubber.scrub(retrieve.ErrorCode)
		te.Description = tc.scrubber.scrub(retrieve.ErrorDescription)
		switch {
		case te.Code != "":
			te.failure = tokenRejected
		case te.StatusCode == http.StatusTooManyRequests || te.StatusCode >= 500:
			te.failure = tokenServerError
		case te.StatusCode == http.StatusNotFound || te.StatusCode == http.StatusMethodNotAllowed:
			te.failure = tokenWrongEndpoint
		default:
			// Any other 4xx, HTML login page or not, refuses the credentials.
			te.failure = tokenRejected
		}
	case errors.As(err, &urlErr):
		te.failure = tokenUnreachable
		te.Err = urlErr.Err // url.Error's own text repeats the full URL
		if IsTLSFailure(te.Err) {
			te.failure = tokenTLS
		}
	case answered && strings.Contains(err.Error(), "missing access_token"):
		te.failure = tokenMissing
	case answered:
		te.failure = tokenNotJSON
		te.bodyKind = bodyKind(contentType, prefix)
		if te.bodyKind != kindHTML && te.bodyKind != "an empty body" {
			// prefix holds only the first bytes: do not pretend to know more.
			te.bodyKind = "a body that is not JSON"
			if contentType != "" {
				te.bodyKind += " (" + contentType + ")"
			}
		}
	default:
		te.failure = tokenUnreachable
		te.Err = errors.New(tc.scrubber.scrub(err.Error()))
	}
	return te
}

// oauth2Bearer authorizes requests with the cached access token.
type oauth2Bearer struct {
	cache      *tokenCache
	secretList []string
}

func (b *oauth2Bearer) secrets() []string { return b.secretList }

func (b *oauth2Bearer) authorize(ctx context.Context, req *http.Request) (credential, error) {
	t, err := b.cache.get(ctx)
	if err != nil {
		return credential{}, err
	}
	header := "Bearer " + t.accessToken
	req.Header.Set("Authorization", header)
	return credential{sensitive: []string{t.accessToken, header}, bearer: t}, nil
}

// newOAuth2Bearer builds the authorizer of either grant.
func newOAuth2Bearer(auth Auth, tokenURL *url.URL, httpClient *http.Client, clock Clock) *oauth2Bearer {
	tc := &tokenCache{
		clock:    clock,
		tokenURL: tokenURL,
		method:   auth.authMethod(),
		http:     httpClient,
		fetching: make(chan struct{}, 1),
	}
	var secrets []string
	switch a := auth.(type) {
	case *OAuth2ClientCredentials:
		conf := &clientcredentials.Config{
			ClientID:     a.ClientID,
			ClientSecret: a.ClientSecret,
			TokenURL:     tokenURL.String(),
			Scopes:       append([]string(nil), a.Scopes...),
			AuthStyle:    a.ClientAuth.style(),
		}
		tc.grant = conf.Token
		secrets = append([]string{a.ClientSecret}, basicCredentials(a.ClientID, a.ClientSecret)...)
	case *OAuth2Password:
		conf := &oauth2.Config{
			ClientID:     a.ClientID,
			ClientSecret: a.ClientSecret,
			Endpoint:     oauth2.Endpoint{TokenURL: tokenURL.String(), AuthStyle: a.ClientAuth.style()},
			Scopes:       append([]string(nil), a.Scopes...),
		}
		username, password := a.Username, a.Password
		tc.grant = func(ctx context.Context) (*oauth2.Token, error) {
			return conf.PasswordCredentialsToken(ctx, username, password)
		}
		secrets = append([]string{a.ClientSecret, a.Password}, basicCredentials(a.ClientID, a.ClientSecret)...)
	}
	// The token URL's query may hold an API key; a server quoting the
	// request it refused would show it.
	secrets = append(secrets, tokenURLSecrets(tokenURL)...)
	tc.scrubber = newSecretScrubber(secrets...)
	return &oauth2Bearer{cache: tc, secretList: secrets}
}
