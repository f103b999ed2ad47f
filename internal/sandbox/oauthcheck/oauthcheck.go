// Package oauthcheck holds the server-side OAuth checks of the sandbox
// OneRoster server: OAuth 1.0a two-legged request signing (RFC 5849) and an
// OAuth 2 token endpoint with bearer tokens (RFC 6749, RFC 6750).
//
// It is written from the RFCs with the standard library only. The provider's
// client signs with golang.org/x/oauth2 and github.com/dghubble/oauth1; this
// package must not import them, so that a test against the sandbox is an
// independent check of what the client sends rather than a library agreeing
// with itself.
//
// Nothing here logs, and no Failure reason carries a secret, a token or a
// signature.
package oauthcheck

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// ScopePrefix is the common prefix of the OneRoster 1.1 scope URIs.
const ScopePrefix = "https://purl.imsglobal.org/spec/or/v1p1/scope/"

// The OneRoster 1.1 scopes. They repeat the client's (internal/oneroster)
// on purpose: the sandbox is an oracle written from the specification,
// independent of the code it tests, and
// TestCatalogScopesAreTheSandboxScopes checks that the two agree.
const (
	ScopeRosterCore      = ScopePrefix + "roster-core.readonly"
	ScopeRoster          = ScopePrefix + "roster.readonly"
	ScopeDemographics    = ScopePrefix + "roster-demographics.readonly"
	ScopeResource        = ScopePrefix + "resource.readonly"
	ScopeGradebookRead   = ScopePrefix + "gradebook.readonly"
	ScopeGradebookWrite  = ScopePrefix + "gradebook.createput"
	ScopeGradebookDelete = ScopePrefix + "gradebook.delete"
)

// AllScopes returns every OneRoster 1.1 scope, in a new slice.
func AllScopes() []string {
	return []string{
		ScopeRosterCore, ScopeRoster, ScopeDemographics, ScopeResource,
		ScopeGradebookRead, ScopeGradebookWrite, ScopeGradebookDelete,
	}
}

// ScopePrefixV1p2 is the common prefix of the OneRoster 1.2 scope URIs:
// the same names as 1.1's, which a server tells apart by the prefix.
const ScopePrefixV1p2 = "https://purl.imsglobal.org/spec/or/v1p2/scope/"

// The OneRoster 1.2 rostering scopes, written from the 1.2 rostering
// binding like the 1.1 ones above.
const (
	ScopeV1p2RosterCore   = ScopePrefixV1p2 + "roster-core.readonly"
	ScopeV1p2Roster       = ScopePrefixV1p2 + "roster.readonly"
	ScopeV1p2Demographics = ScopePrefixV1p2 + "roster-demographics.readonly"
)

// The OneRoster 1.2 gradebook and resources scopes, written from those
// services' bindings. The core scopes reach the top-level collections
// only; createpost is the scope of the POSTs that create sets of line
// items or results; assessments have scopes of their own.
const (
	ScopeV1p2GradebookCore   = ScopePrefixV1p2 + "gradebook-core.readonly"
	ScopeV1p2GradebookRead   = ScopePrefixV1p2 + "gradebook.readonly"
	ScopeV1p2GradebookPut    = ScopePrefixV1p2 + "gradebook.createput"
	ScopeV1p2GradebookPost   = ScopePrefixV1p2 + "gradebook.createpost"
	ScopeV1p2GradebookDelete = ScopePrefixV1p2 + "gradebook.delete"
	ScopeV1p2AssessmentRead  = ScopePrefixV1p2 + "assessment.readonly"
	ScopeV1p2AssessmentPut   = ScopePrefixV1p2 + "assessment.createput"
	ScopeV1p2AssessmentDel   = ScopePrefixV1p2 + "assessment.delete"
	ScopeV1p2ResourceCore    = ScopePrefixV1p2 + "resource-core.readonly"
	ScopeV1p2Resource        = ScopePrefixV1p2 + "resource.readonly"
)

// AllScopesV1p2 returns every OneRoster 1.2 scope the sandbox serves, in
// a new slice.
func AllScopesV1p2() []string {
	return []string{
		ScopeV1p2RosterCore, ScopeV1p2Roster, ScopeV1p2Demographics,
		ScopeV1p2GradebookCore, ScopeV1p2GradebookRead, ScopeV1p2GradebookPut, ScopeV1p2GradebookPost, ScopeV1p2GradebookDelete,
		ScopeV1p2AssessmentRead, ScopeV1p2AssessmentPut, ScopeV1p2AssessmentDel,
		ScopeV1p2ResourceCore, ScopeV1p2Resource,
	}
}

// Grant methods.
const (
	MethodOAuth1 = "oauth1"
	MethodOAuth2 = "oauth2"
)

// Client authentication styles accepted by the token endpoint (Config.ClientAuth).
const (
	ClientAuthAny   = "any"
	ClientAuthBasic = "basic"
	ClientAuthBody  = "body"
)

// realm is sent in every challenge.
const realm = "OneRoster"

// Consumer is an OAuth 1.0a two-legged consumer. Consumers have full access.
type Consumer struct{ Key, Secret string }

// Client is an OAuth 2 client. Scopes are the most it may be granted.
type Client struct {
	ID, Secret string
	Scopes     []string
}

// User is a resource owner for the password grant. Scopes are the most it may
// be granted.
type User struct {
	Username, Password string
	Scopes             []string
}

// Config is what the checker accepts.
type Config struct {
	Consumers []Consumer
	Clients   []Client
	Users     []User
	// TokenLifetime is how long an issued access token lasts (default 1h).
	TokenLifetime time.Duration
	// ClockSkew is how far an OAuth 1 timestamp may be from the server clock,
	// either way (default 5 min). Nonces are remembered for as long.
	ClockSkew time.Duration
	// Now is the server clock (default time.Now).
	Now func() time.Time
	// ClientAuth restricts how the token endpoint accepts client credentials:
	// "" or "any" (HTTP Basic or body), "basic", "body". Other values mean "any".
	ClientAuth string
}

// Grant is who made a request and what they may do.
type Grant struct {
	Method  string // MethodOAuth1 or MethodOAuth2
	Subject string // consumer key, client id or username
	Scopes  []string
}

// Has reports whether the grant includes scope. OAuth 1 grants have every scope.
func (g Grant) Has(scope string) bool {
	if g.Method == MethodOAuth1 {
		return true
	}
	return slices.Contains(g.Scopes, scope)
}

// Require returns nil when the grant has scope, else the RFC 6750 section 3.1
// insufficient_scope failure (403) a resource server should answer.
func (g Grant) Require(scope string) *Failure {
	if g.Has(scope) {
		return nil
	}
	return &Failure{
		Status: http.StatusForbidden,
		Reason: "the access token does not grant the scope " + scope + "; request it from the token endpoint (the client must be allowed it)",
		WWWAuthenticate: bearerChallenge("insufficient_scope",
			"The access token does not grant the scope this request needs") + `, scope="` + scope + `"`,
	}
}

// Failure is an authentication failure with what the resource server should
// answer. Status follows the RFCs: 401 for bad credentials, tokens,
// signatures, timestamps and nonces; 400 for malformed requests (RFC 5849
// section 3.2, RFC 6750 section 3.1); 403 for a missing scope.
type Failure struct {
	Status          int
	Reason          string // a human sentence, free of secrets
	WWWAuthenticate string // the WWW-Authenticate header value
}

// Error returns the reason.
func (f *Failure) Error() string { return f.Reason }

// Checker checks requests and issues tokens. It is safe for concurrent use.
type Checker struct {
	mu        sync.Mutex
	cfg       Config
	consumers map[string]Consumer
	clients   map[string]Client
	users     map[string]User

	tokens         map[[32]byte]*issuedToken // keyed by SHA-256 of the token
	nextTokenPrune time.Time

	nonces         map[nonceKey]time.Time // when each remembered nonce may be forgotten
	nextNoncePrune time.Time
}

type issuedToken struct {
	grant   Grant
	expires time.Time
}

// New returns a checker for cfg.
func New(cfg Config) *Checker {
	c := &Checker{
		tokens: map[[32]byte]*issuedToken{},
		nonces: map[nonceKey]time.Time{},
	}
	c.SetConfig(cfg)
	return c
}

// SetConfig replaces the configuration. Tokens already issued stay valid until
// they expire or are revoked; remembered nonces stay remembered.
func (c *Checker) SetConfig(cfg Config) {
	if cfg.TokenLifetime <= 0 {
		cfg.TokenLifetime = time.Hour
	}
	if cfg.ClockSkew <= 0 {
		cfg.ClockSkew = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	switch strings.ToLower(cfg.ClientAuth) {
	case ClientAuthBasic, ClientAuthBody:
		cfg.ClientAuth = strings.ToLower(cfg.ClientAuth)
	default:
		cfg.ClientAuth = ClientAuthAny
	}
	consumers := make(map[string]Consumer, len(cfg.Consumers))
	for _, x := range cfg.Consumers {
		consumers[x.Key] = x
	}
	clients := make(map[string]Client, len(cfg.Clients))
	for _, x := range cfg.Clients {
		x.Scopes = slices.Clone(x.Scopes)
		clients[x.ID] = x
	}
	users := make(map[string]User, len(cfg.Users))
	for _, x := range cfg.Users {
		x.Scopes = slices.Clone(x.Scopes)
		users[x.Username] = x
	}
	cfg.Consumers = slices.Clone(cfg.Consumers)
	cfg.Clients = slices.Clone(cfg.Clients)
	cfg.Users = slices.Clone(cfg.Users)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg, c.consumers, c.clients, c.users = cfg, consumers, clients, users
}

// SetTokenLifetime sets the lifetime of tokens issued from now on
// (d <= 0 restores the default of 1h).
func (c *Checker) SetTokenLifetime(d time.Duration) {
	if d <= 0 {
		d = time.Hour
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.TokenLifetime = d
}

// SetClientAuth sets how the token endpoint accepts client credentials
// ("any", "basic" or "body").
func (c *Checker) SetClientAuth(mode string) {
	mode = strings.ToLower(mode)
	if mode != ClientAuthBasic && mode != ClientAuthBody {
		mode = ClientAuthAny
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.ClientAuth = mode
}

// RevokeTokens forgets every issued token: they become unknown.
func (c *Checker) RevokeTokens() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.tokens)
}

// ExpireTokens makes every issued token expire now (tests of token refresh).
func (c *Checker) ExpireTokens() {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.cfg.Now()
	for _, t := range c.tokens {
		if t.expires.After(now) {
			t.expires = now
		}
	}
}

// Authenticate checks the credentials of a resource request: a bearer token
// (RFC 6750) or a two-legged OAuth 1.0a signature (RFC 5849). When it reads a
// form body to check a signature it puts the body back, so handlers can read
// it again.
func (c *Checker) Authenticate(r *http.Request) (Grant, *Failure) {
	authz := r.Header.Get("Authorization")
	scheme, rest, _ := strings.Cut(strings.TrimSpace(authz), " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		return c.checkBearer(strings.TrimSpace(rest))
	case strings.EqualFold(scheme, "OAuth"):
		params, f := requestParams(r, rest, true)
		if f != nil {
			return Grant{}, f
		}
		return c.verifyOAuth1(r, params)
	case authz != "":
		return Grant{}, &Failure{
			Status:          http.StatusUnauthorized,
			Reason:          "the Authorization header uses the " + printable(scheme) + " scheme; send Authorization: Bearer <token> or an OAuth 1.0a signed request",
			WWWAuthenticate: c.challenges(),
		}
	}
	// RFC 5849 sections 3.5.2 and 3.5.3: the protocol parameters may come in
	// a form body or the query instead of the header.
	if strings.Contains(r.URL.RawQuery, "oauth_") || isForm(r) {
		params, f := requestParams(r, "", false)
		if f != nil {
			return Grant{}, f
		}
		if params.Has("oauth_consumer_key") || params.Has("oauth_signature") {
			return c.verifyOAuth1(r, params)
		}
	}
	return Grant{}, &Failure{
		Status:          http.StatusUnauthorized,
		Reason:          "the request has no credentials; send Authorization: Bearer <token> or an OAuth 1.0a signed request",
		WWWAuthenticate: c.challenges(),
	}
}

// challenges lists the schemes the checker accepts, for a request without credentials.
func (c *Checker) challenges() string {
	c.mu.Lock()
	oauth1 := len(c.consumers) > 0
	oauth2 := len(c.clients) > 0 || len(c.users) > 0
	c.mu.Unlock()
	switch {
	case oauth1 && !oauth2:
		return oauth1Challenge()
	case oauth2 && !oauth1:
		return bearerChallenge("", "")
	}
	return bearerChallenge("", "") + ", " + oauth1Challenge()
}

func oauth1Challenge() string { return `OAuth realm="` + realm + `"` }

// bearerChallenge builds an RFC 6750 section 3 challenge. description must
// not contain '"' or '\'.
func bearerChallenge(code, description string) string {
	s := `Bearer realm="` + realm + `"`
	if code != "" {
		s += `, error="` + code + `"`
	}
	if description != "" {
		s += `, error_description="` + description + `"`
	}
	return s
}

// secretsEqual compares two secrets in time independent of where they differ
// and of their lengths.
func secretsEqual(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// printable shortens s and drops anything but printable ASCII, for echoing
// client input in a reason.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 40 {
			b.WriteString("...")
			break
		}
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
