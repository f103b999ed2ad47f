package oneroster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Config configures a Client. Only BaseURL and Auth are required.
type Config struct {
	// BaseURL is the whole base URL of the OneRoster API, e.g.
	// https://sis.example/ims/oneroster/v1p1; vendors prefix the path
	// freely, so nothing is appended or guessed.
	BaseURL string
	// GradebookBaseURL and ResourcesBaseURL are the base URLs of those
	// services, for vendors that host them away from BaseURL; "" derives
	// them (see ServiceBaseURL).
	GradebookBaseURL string
	ResourcesBaseURL string
	// Version is the OneRoster version the server speaks; "" means the
	// one the base URL shows, else DefaultVersion (see ResolveVersion).
	Version Version
	// Auth is exactly one of *OAuth1, *OAuth2ClientCredentials,
	// *OAuth2Password or *BearerToken.
	Auth Auth
	// ExtraHeaders are added to API requests (not token requests), all
	// of them or gradebook ones only; their values are secrets.
	ExtraHeaders []ExtraHeader
	// PageSize is the limit asked for per page by List; default
	// DefaultPageSize.
	PageSize int
	// MaxRetries is how many times a failed attempt is retried: 0 means the
	// default (5); NoRetries (or any negative value) means none.
	MaxRetries int
	// RequestTimeout bounds each attempt, body included; default 60s.
	RequestTimeout time.Duration
	// MaxConcurrency is how many requests one operation may have in
	// flight at once: pages List reads ahead, writes ForEach runs; 0 means
	// the default (4), 1 one request after the other.
	MaxConcurrency int
	// MaxRequestsPerMinute paces API requests (every attempt, retries
	// included; not token requests) to at most this many a minute, evenly
	// spaced, for servers that publish a rate limit; 0 means no pacing.
	// It holds for the whole client, whichever operation sends them.
	MaxRequestsPerMinute int
	// HTTPClient is the base client; its Transport is wrapped, never
	// modified. Nil means a clone of http.DefaultTransport (proxies from the
	// standard environment variables) requiring TLS 1.2 or later.
	HTTPClient *http.Client
	// CACertPEM holds extra trusted root certificates, PEM-encoded, added to
	// the system's roots: for servers whose certificate a district's own CA
	// signed. With a custom HTTPClient, its Transport must be an
	// *http.Transport (it is cloned, not modified).
	CACertPEM string
	// InsecureSkipVerify turns off TLS certificate verification. It is for
	// diagnosing a broken certificate chain only: anyone on the path can
	// then read the credentials.
	InsecureSkipVerify bool
	// AllowInsecureHTTP permits http:// base and token URLs on hosts other
	// than loopback. Without it New refuses them, since credentials would
	// cross the network in the clear.
	AllowInsecureHTTP bool
	// MaxResponseBytes bounds the body of a successful answer (error
	// bodies are read up to 64 KiB only); default
	// DefaultMaxResponseBytes. An answer that is larger fails, and is not
	// retried.
	MaxResponseBytes int64
	// MaxResponseBytesSetting is how errors name MaxResponseBytes, for
	// callers whose users set it under another name; default
	// "MaxResponseBytes".
	MaxResponseBytesSetting string
	// UserAgent is sent with every request; default DefaultUserAgent.
	UserAgent string
	// Logger, when set, receives one debug line per HTTP exchange and per
	// retry.
	Logger Logger
	// Clock replaces the real time, for tests.
	Clock Clock
}

// Defaults of Config.
const (
	// DefaultPageSize asks for 1,000 records a page: reading 100,000 users
	// at 20 ms a request, that is 1.3 s against 5.7 s at the binding's 100
	// (BenchmarkListAllUsersPageSize), for a few MiB more of pages in
	// memory. 2,000 gained nothing. Servers with a lower cap serve fewer,
	// and paging reads on until the end either way.
	DefaultPageSize       = 1000
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxConcurrency = 4
	DefaultUserAgent      = "oneroster-go-client"
	// DefaultMaxResponseBytes is far above any real page: 1,000 records
	// with every field take about 0.5 MiB (the sandbox's users, classes,
	// enrollments), so even 10,000 records with a vendor's extra metadata
	// fit several times over.
	DefaultMaxResponseBytes = 64 << 20
)

// Client talks to one OneRoster server with one set of credentials. It is
// safe for concurrent use, and meant to be shared.
type Client struct {
	// base is the rostering service's base URL; bases holds every
	// service's, by Service (all three are base on 1.1).
	base           *url.URL
	bases          [3]*url.URL
	catalog        *Catalog
	auth           authorizer
	bearer         *oauth2Bearer // nil for OAuth 1 and static bearer tokens
	static         *staticBearer // set for BearerToken
	extraHeaders   []ExtraHeader
	authMethod     string
	tokenURL       string
	pageSize       int
	maxRetries     int
	maxConcurrency int
	pacer          *pacer // nil without MaxRequestsPerMinute
	requestTimeout time.Duration
	// tooLarge is the error of an answer longer than its limit, which it
	// holds.
	tooLarge  *responseTooLargeError
	userAgent string
	http      *http.Client
	logger    Logger
	clock     Clock
	scrubber  *secretScrubber
	// maxPages bounds List against servers that never stop; a field so
	// tests can lower it.
	maxPages int
	// limitCeiling, once set, is the largest limit List asks for: the
	// server refused a larger one.
	limitCeiling atomic.Int64
}

// New validates cfg and builds a Client. It does no network I/O: the first
// request (or Token) is the first contact with the server. Errors name the
// Config field at fault and say how to fix it.
func New(cfg Config) (*Client, error) {
	base, version, err := checkVersionedBase(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:           base,
		bases:          [3]*url.URL{ServiceRostering: base},
		catalog:        CatalogOf(version),
		pageSize:       cfg.PageSize,
		maxRetries:     cfg.MaxRetries,
		maxConcurrency: cfg.MaxConcurrency,
		requestTimeout: cfg.RequestTimeout,
		userAgent:      cfg.UserAgent,
		logger:         cfg.Logger,
		clock:          cfg.Clock,
		maxPages:       1_000_000,
	}
	if err := c.applyLimits(cfg); err != nil {
		return nil, err
	}
	if err := c.setServiceBases(cfg, version); err != nil {
		return nil, err
	}
	jar, err := c.setHTTP(cfg)
	if err != nil {
		return nil, err
	}
	if err := c.setAuth(cfg); err != nil {
		return nil, err
	}
	if jar != nil && c.bearer != nil {
		jar.allow(c.bearer.cache.tokenURL)
	}
	c.authMethod = cfg.Auth.authMethod()
	c.scrubber = newSecretScrubber(append(c.auth.secrets(), extraHeaderSecrets(c.extraHeaders)...)...)
	return c, nil
}

// checkVersionedBase checks the base URL and the version it goes with, and
// returns the base URL without its trailing slashes.
func checkVersionedBase(cfg Config) (*url.URL, Version, error) {
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, "", fmt.Errorf("BaseURL %w", err)
	}
	version, err := ResolveVersion(cfg.BaseURL, cfg.Version, "Version")
	if err != nil {
		return nil, "", err
	}
	if CatalogOf(version) == nil {
		return nil, "", fmt.Errorf("Version %q is not one this client speaks: use Version1p1 or Version1p2", cfg.Version)
	}
	if _, ok := cfg.Auth.(*OAuth1); ok && version == Version1p2 {
		// 1.2 dropped OAuth 1.0a signing from its security framework.
		return nil, "", errors.New("Auth is OAuth 1, and OneRoster 1.2 is OAuth 2 only: use *OAuth2ClientCredentials")
	}
	base, _ := endpointURL(cfg.BaseURL) // checked just above
	trimTrailingSlashes(base)
	return base, version, nil
}

// trimTrailingSlashes drops the slashes that end u's path, so that paths
// append to it with exactly one.
func trimTrailingSlashes(u *url.URL) {
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
}

// applyLimits replaces the zero values of the paging, retry, concurrency,
// timeout and size settings by their defaults, refuses negative ones
// (a negative MaxRetries means none), and sets the clock and the pacer.
func (c *Client) applyLimits(cfg Config) error {
	switch {
	case c.pageSize == 0:
		c.pageSize = DefaultPageSize
	case c.pageSize < 0:
		return fmt.Errorf("PageSize is %d: use a positive number of records per page, or 0 for the default (%d)", cfg.PageSize, DefaultPageSize)
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	switch {
	case c.maxConcurrency == 0:
		c.maxConcurrency = DefaultMaxConcurrency
	case c.maxConcurrency < 0:
		return fmt.Errorf("MaxConcurrency is %d: use a positive number of requests, or 0 for the default (%d)", cfg.MaxConcurrency, DefaultMaxConcurrency)
	}
	switch {
	case c.requestTimeout == 0:
		c.requestTimeout = DefaultRequestTimeout
	case c.requestTimeout < 0:
		return fmt.Errorf("RequestTimeout is %s: use a positive duration, or 0 for the default (%s)", cfg.RequestTimeout, DefaultRequestTimeout)
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if err := c.applyResponseLimit(cfg); err != nil {
		return err
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	if cfg.MaxRequestsPerMinute < 0 {
		return fmt.Errorf("MaxRequestsPerMinute is %d: use a positive number of requests a minute, or 0 for no pacing", cfg.MaxRequestsPerMinute)
	}
	c.pacer = newPacer(cfg.MaxRequestsPerMinute, c.clock)
	return nil
}

// applyResponseLimit sets the largest answer body read, and the name its
// error gives the setting.
func (c *Client) applyResponseLimit(cfg Config) error {
	c.tooLarge = &responseTooLargeError{limit: cfg.MaxResponseBytes, setting: cfg.MaxResponseBytesSetting}
	switch {
	case c.tooLarge.limit == 0:
		c.tooLarge.limit = DefaultMaxResponseBytes
	case c.tooLarge.limit < 0:
		return fmt.Errorf(
			"MaxResponseBytes is %d: use a positive number of bytes, or 0 for the default (%s)",
			cfg.MaxResponseBytes,
			formatBytes(DefaultMaxResponseBytes),
		)
	}
	if c.tooLarge.setting == "" {
		c.tooLarge.setting = "MaxResponseBytes"
	}
	return nil
}

// setServiceBases checks the rostering base URL's scheme, then sets the
// gradebook's and resources' base URLs: the ones given, else derived from
// the rostering one.
func (c *Client) setServiceBases(cfg Config, version Version) error {
	if err := checkPlainHTTP("BaseURL", c.base, cfg.AllowInsecureHTTP); err != nil {
		return err
	}
	for _, svc := range []struct {
		service  Service
		field    string
		explicit string
	}{
		{ServiceGradebook, "GradebookBaseURL", cfg.GradebookBaseURL},
		{ServiceResources, "ResourcesBaseURL", cfg.ResourcesBaseURL},
	} {
		raw := svc.explicit
		if strings.TrimSpace(raw) == "" {
			raw = ServiceBaseURL(c.base.String(), version, svc.service)
		} else if err := CheckServiceURL(raw); err != nil {
			return fmt.Errorf("%s %w", svc.field, err)
		}
		u, _ := endpointURL(raw) // checked: derived from base, or just above
		trimTrailingSlashes(u)
		if err := checkPlainHTTP(svc.field, u, cfg.AllowInsecureHTTP); err != nil {
			return err
		}
		c.bases[svc.service] = u
	}
	return nil
}

// setHTTP builds the HTTP client and the extra headers it sends. It
// returns the cookie jar it made, or nil when the caller brought one.
func (c *Client) setHTTP(cfg Config) (*scopedJar, error) {
	transport, err := baseTransport(cfg, c.maxConcurrency)
	if err != nil {
		return nil, err
	}
	c.http = newHTTPClient(cfg.HTTPClient, transport, c.logger, c.clock)
	if err := checkExtraHeaders(cfg.ExtraHeaders); err != nil {
		return nil, err
	}
	c.extraHeaders = append([]ExtraHeader(nil), cfg.ExtraHeaders...)
	maskHeadersInLog(c.http, c.extraHeaders)
	if c.http.Jar != nil {
		return nil, nil
	}
	// A caller's own jar is kept as is; otherwise cookies are kept for
	// the services' origins, and the token endpoint's once known.
	jar := newScopedJar(c.bases[:]...)
	c.http.Jar = jar
	return jar, nil
}

// setAuth checks the credentials and sets the authorizer that signs or
// authorizes each request.
func (c *Client) setAuth(cfg Config) error {
	switch a := cfg.Auth.(type) {
	case nil:
		return errors.New("Auth is not set: use one of *OAuth1, *OAuth2ClientCredentials, *OAuth2Password or *BearerToken")
	case *OAuth1:
		if a == nil {
			return errors.New("Auth is a nil *OAuth1: set the consumer key and secret")
		}
		if err := a.validate(); err != nil {
			return err
		}
		c.auth = newOAuth1Signer(a, c.clock)
	case *OAuth2ClientCredentials:
		if a == nil {
			return errors.New("Auth is a nil *OAuth2ClientCredentials: set the client ID, client secret and token URL")
		}
		return c.setOAuth2(a, "OAuth2ClientCredentials", cfg.AllowInsecureHTTP)
	case *OAuth2Password:
		if a == nil {
			return errors.New("Auth is a nil *OAuth2Password: set the username, password and token URL")
		}
		return c.setOAuth2(a, "OAuth2Password", cfg.AllowInsecureHTTP)
	case *BearerToken:
		if a == nil {
			return errors.New("Auth is a nil *BearerToken: set the access token")
		}
		if err := a.validate(); err != nil {
			return err
		}
		c.static = &staticBearer{token: a.Token}
		c.auth = c.static
	default:
		return fmt.Errorf("Auth has the unsupported type %T: use one of *OAuth1, *OAuth2ClientCredentials, *OAuth2Password or *BearerToken", cfg.Auth)
	}
	return nil
}

// oauth2Grant is an OAuth 2 grant's credentials: both grants fetch a
// token from a token URL they check.
type oauth2Grant interface {
	Auth
	validate() (tokenURL *url.URL, err error)
}

// setOAuth2 checks an OAuth 2 grant's credentials and token URL, which its
// errors call name's token URL, and sets the bearer that fetches tokens.
func (c *Client) setOAuth2(grant oauth2Grant, name string, allowInsecureHTTP bool) error {
	tokenURL, err := grant.validate()
	if err != nil {
		return err
	}
	if err := checkPlainHTTP(name+" token URL", tokenURL, allowInsecureHTTP); err != nil {
		return err
	}
	c.bearer = newOAuth2Bearer(grant, tokenURL, c.http, c.clock)
	c.auth, c.tokenURL = c.bearer, tokenURLForMessage(tokenURL)
	return nil
}

// Version is the OneRoster version the client speaks.
func (c *Client) Version() Version { return c.catalog.Version }

// Catalog is the catalog of the client's version: the collections it can
// read and write, with their scopes.
func (c *Client) Catalog() *Catalog {
	if c == nil {
		return nil
	}
	return c.catalog
}

// parseEndpointURL checks raw with CheckEndpointURL and parses it; errors
// name field.
func parseEndpointURL(field, raw string) (*url.URL, error) {
	u, err := endpointURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s %w", field, err)
	}
	return u, nil
}

// CheckEndpointURL reports what is wrong with raw as a base or token URL:
// it must be an absolute http(s) URL with a host and no user info. The
// error reads after the name of the caller's setting ("token_url carries
// user info…"), and never repeats user info or the query (see DisplayURL).
func CheckEndpointURL(raw string) error {
	_, err := endpointURL(raw)
	return err
}

// CheckBaseURL is CheckEndpointURL for a base URL, which also must have no
// query string or fragment: paths are appended to it.
func CheckBaseURL(raw string) error {
	u, err := endpointURL(raw)
	switch {
	case err != nil:
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		err = fmt.Errorf(
			"%s has a query string or fragment (not shown, as it may hold a key): give only scheme, host and path, e.g. https://sis.example/ims/oneroster/v1p1",
			strconv.Quote(DisplayURL(raw)),
		)
	case isOneRoster1p2OtherService(u):
		// The 1.2 services share one base: a client is given the rostering
		// one's, and reaches the others from it.
		err = fmt.Errorf(
			"%s is a OneRoster 1.2 gradebook or resources service: give the vendor's rostering base URL, which ends in /ims/oneroster/rostering/v1p2",
			strconv.Quote(DisplayURL(raw)),
		)
	}
	return err
}

func endpointURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("is empty: set the full URL, e.g. https://sis.example/ims/oneroster/v1p1")
	}
	const userInfo = "carries user info (user:password@ before the host), which is never sent nor shown: remove it and give the credentials in the " +
		"authentication settings instead"
	u, err := url.Parse(raw)
	if err != nil {
		if strings.Contains(raw, "@") {
			// A URL that does not parse may still hold a password, and the
			// parser's message may quote it (as an invalid port).
			return nil, errors.New(userInfo)
		}
		return nil, fmt.Errorf("is not a valid URL (%w): give a full URL such as https://sis.example/ims/oneroster/v1p1", urlErrorCause(err))
	}
	if u.User != nil {
		return nil, errors.New(userInfo)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("%q must start with https:// (or http:// for a local test server)", DisplayURL(raw))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host: give a full URL such as https://sis.example/ims/oneroster/v1p1", DisplayURL(raw))
	}
	return u, nil
}

// BaseURL returns the configured base URL, without a trailing slash.
func (c *Client) BaseURL() string { return c.base.String() }

// ServiceBaseURL returns the base URL requests to service s go to.
func (c *Client) ServiceBaseURL(s Service) string { return c.bases[s].String() }

// CheckServiceURL is CheckEndpointURL for a service's base URL given
// explicitly: no query string or fragment, any path.
func CheckServiceURL(raw string) error {
	u, err := endpointURL(raw)
	if err == nil && (u.RawQuery != "" || u.ForceQuery || u.Fragment != "") {
		err = fmt.Errorf(
			"%s has a query string or fragment (not shown, as it may hold a key): give only scheme, host and path, e.g. "+
				"https://sis.example/ims/oneroster/gradebook/v1p2",
			strconv.Quote(DisplayURL(raw)),
		)
	}
	return err
}

// trusted reports whether u is on the scheme and host of one of the
// client's service base URLs: the only places its credentials go.
func (c *Client) trusted(u *url.URL) bool {
	for _, b := range c.bases {
		if sameOrigin(u, b) {
			return true
		}
	}
	return false
}

// PageSize returns the number of records List asks for per page.
func (c *Client) PageSize() int { return c.pageSize }

// MaxConcurrency returns how many requests one operation may have in
// flight at once.
func (c *Client) MaxConcurrency() int { return c.maxConcurrency }

// CloseIdleConnections closes the keep-alive connections the client's
// transport holds idle, for a caller done with a short-lived client (one
// probe of many): each client has its own transport, whose idle
// connections would otherwise stay open, with their buffers, until the
// server or the idle timeout closes them. A transport the caller brought
// (Config.HTTPClient) has its idle connections closed too.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// AuthMethod returns "oauth1", "oauth2_client_credentials",
// "oauth2_password" or "bearer_token".
func (c *Client) AuthMethod() string { return c.authMethod }

// TokenURL returns the OAuth 2 token endpoint in use ("" for OAuth 1 and
// static bearer tokens), for
// messages: its query values, which may hold keys, are masked (appName
// aside).
func (c *Client) TokenURL() string { return c.tokenURL }

// Token returns the current OAuth 2 access token, fetching one if none is
// cached or the cached one is about to expire. Transient token endpoint
// failures are retried like API requests. It fails for OAuth 1, which has no
// token.
func (c *Client) Token(ctx context.Context) (*Token, error) {
	if c.static != nil {
		// Nothing to fetch: the configured token is the access token.
		return &Token{AccessToken: c.static.token, TokenType: "Bearer"}, nil
	}
	if c.bearer == nil {
		return nil, errors.New("the client uses OAuth 1.0a, which has no access token")
	}
	var token *cachedToken
	_, err := c.retrying(ctx, "POST "+urlWithoutQuery(c.bearer.cache.tokenURL), func(ctx context.Context, _ int) attemptResult {
		actx, cancel := context.WithTimeout(ctx, c.requestTimeout)
		defer cancel()
		t, err := c.bearer.cache.get(actx)
		if err != nil {
			if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				err = c.requestTimedOut(err)
			}
			return attemptResult{err: err, retryable: isTemporary(err)}
		}
		token = t
		return attemptResult{}
	})
	if err != nil {
		return nil, err
	}
	return token.public(), nil
}

// Response describes the HTTP answer to a request.
type Response struct {
	StatusCode int
	Header     http.Header
	// TotalCount is X-Total-Count, when HasTotalCount.
	TotalCount    int
	HasTotalCount bool
	// Links maps relation types to absolute URLs, from the Link header.
	Links map[string]*url.URL
}

func newResponse(r *http.Response, requestURL *url.URL) *Response {
	resp := &Response{StatusCode: r.StatusCode, Header: r.Header}
	if raw := strings.TrimSpace(r.Header.Get("X-Total-Count")); raw != "" {
		if n, err := strconv.Atoi(raw); err == nil && n >= 0 {
			resp.TotalCount, resp.HasTotalCount = n, true
		}
	}
	if values := r.Header.Values("Link"); len(values) > 0 {
		resp.Links = ParseLinkHeader(strings.Join(values, ","), requestURL)
	}
	return resp
}

// Get reads path into out (a pointer for encoding/json, or nil to discard).
// path is relative to the base URL ("/orgs/1", already escaped, see
// ObjectPath) or an absolute URL on the base URL's scheme and host, such as
// a Link from a previous answer; credentials are never sent to another host.
func (c *Client) Get(ctx context.Context, path string, query url.Values, out any) (*Response, error) {
	return c.getIn(ctx, ServiceRostering, path, query, out)
}

// getIn is Get with path relative to service's base URL.
func (c *Client) getIn(ctx context.Context, service Service, path string, query url.Values, out any) (*Response, error) {
	u, err := c.resolveIn(service, path, query)
	if err != nil {
		return nil, err
	}
	return c.sendIn(ctx, service, http.MethodGet, u, nil, func(r *http.Response) error {
		return decodeJSONBody(r, out, false)
	})
}

// Put sends body (encoded as JSON) to path and decodes the answer into out,
// which may be nil. 200, 201 and 204 are success; an empty answer leaves out
// untouched.
func (c *Client) Put(ctx context.Context, path string, body, out any) (*Response, error) {
	return c.putIn(ctx, ServiceRostering, path, body, out)
}

// putIn is Put with path relative to service's base URL.
func (c *Client) putIn(ctx context.Context, service Service, path string, body, out any) (*Response, error) {
	u, err := c.resolveIn(service, path, nil)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("PUT %s: cannot encode the request body: %w", urlWithoutQuery(u), err)
	}
	return c.sendIn(ctx, service, http.MethodPut, u, payload, func(r *http.Response) error {
		return decodeJSONBody(r, out, true)
	})
}

// Post sends body (encoded as JSON) to path and decodes the answer into
// out, which may be nil: how OneRoster 1.2 creates records in bulk, under
// sourcedIds the server may choose. 200, 201 and 204 are success.
//
// A POST is not idempotent: repeating one whose first attempt did reach
// the server creates its records twice. So it is retried only when the
// server cannot have acted on it (see postNotApplied): a 429, a
// connection that was never made, a token that could not be had. After
// any other failure the records may or may not exist
// (WriteMayHaveBeenApplied tells), and only the caller, by reading them
// back, can tell which to send again.
func (c *Client) Post(ctx context.Context, path string, body, out any) (*Response, error) {
	return c.postIn(ctx, ServiceRostering, path, body, out)
}

// postIn is Post with path relative to service's base URL.
func (c *Client) postIn(ctx context.Context, service Service, path string, body, out any) (*Response, error) {
	u, err := c.resolveIn(service, path, nil)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("POST %s: cannot encode the request body: %w", urlWithoutQuery(u), err)
	}
	return c.sendIn(ctx, service, http.MethodPost, u, payload, func(r *http.Response) error {
		return decodeJSONBody(r, out, true)
	})
}

// Delete deletes the record at path. 200, 202 and 204 are success; any
// answer body is ignored unless it is an HTML page.
func (c *Client) Delete(ctx context.Context, path string) (*Response, error) {
	return c.deleteIn(ctx, ServiceRostering, path)
}

// deleteIn is Delete with path relative to service's base URL.
func (c *Client) deleteIn(ctx context.Context, service Service, path string) (*Response, error) {
	u, err := c.resolveIn(service, path, nil)
	if err != nil {
		return nil, err
	}
	return c.sendIn(ctx, service, http.MethodDelete, u, nil, func(r *http.Response) error {
		return decodeJSONBody(r, nil, true)
	})
}

// Probe GETs one record of a collection (limit=1) and returns the answer,
// with X-Total-Count when the server sends it. It is how a connection check
// tells "supported" (2xx) from "not supported" (IsNotFound,
// IsNotImplemented) and "not allowed" (IsForbidden, IsUnauthorized).
func (c *Client) Probe(ctx context.Context, path string) (*Response, error) {
	return c.getIn(ctx, ServiceRostering, path, url.Values{"limit": {"1"}}, nil)
}

// resolve turns a path or absolute URL into the request URL. Relative paths
// are appended to the base path (not resolved RFC 3986-style, which would
// drop its last segment). Absolute URLs must stay on the base scheme and
// host, since the request will carry credentials.
func (c *Client) resolve(ref string, query url.Values) (*url.URL, error) {
	return c.resolveIn(ServiceRostering, ref, query)
}

// resolveIn is resolve with relative paths appended to service's base
// URL; absolute URLs may be on any service's scheme and host.
func (c *Client) resolveIn(service Service, ref string, query url.Values) (*url.URL, error) {
	base := c.bases[service]
	parsed, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("invalid request path %q: %w", ref, urlErrorCause(err))
	}
	var u *url.URL
	if parsed.IsAbs() || parsed.Host != "" {
		if parsed.Scheme == "" {
			parsed.Scheme = base.Scheme
		}
		if !c.trusted(parsed) {
			return nil, fmt.Errorf(
				"refusing to request %s: it is not on %s://%s, and the request would carry this client's credentials",
				urlWithoutQuery(parsed),
				base.Scheme,
				base.Host,
			)
		}
		parsed.Fragment, parsed.RawFragment = "", ""
		u = parsed
	} else {
		joined := *base
		suffix := "/" + strings.TrimLeft(parsed.EscapedPath(), "/")
		if err := checkRequestPath(suffix); err != nil {
			return nil, fmt.Errorf("refusing to request %s: %w", base.EscapedPath()+suffix, err)
		}
		unescaped, err := url.PathUnescape(suffix)
		if err != nil {
			return nil, fmt.Errorf("invalid request path %q: %w", ref, err)
		}
		joined.Path = base.Path + unescaped
		joined.RawPath = base.EscapedPath() + suffix
		if joined.EscapedPath() != joined.RawPath {
			// Let net/url choose the canonical form when ours is not valid.
			joined.RawPath = ""
		}
		joined.RawQuery = parsed.RawQuery
		u = &joined
	}
	if len(query) > 0 {
		merged, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			merged = url.Values{}
		}
		for k, vs := range query {
			merged[k] = append(merged[k], vs...)
		}
		u.RawQuery = encodeQuery(merged)
	}
	return u, nil
}

// sameOrigin compares scheme and host (with default ports made explicit).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(hostPort(a), hostPort(b))
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return u.Hostname() + ":" + port
}

// encodeQuery encodes values sorted by name, with spaces as %20: OAuth 1
// servers that sign the raw query disagree on what '+' means, and %20 is
// unambiguous for every decoder.
func encodeQuery(values url.Values) string {
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		for _, v := range values[name] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(queryEscape(name))
			b.WriteByte('=')
			b.WriteString(queryEscape(v))
		}
	}
	return b.String()
}

func queryEscape(s string) string {
	// QueryEscape turns a literal '+' into %2B, so every '+' left is a space.
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// sendIn performs one request to service with retries. handle reads a 2xx
// body; it runs inside the attempt, so its reading is bounded by the
// per-attempt timeout and an interrupted body is retried. The service, as
// the catalog says, picks the extra headers (ExtraHeader.GradebookOnly):
// the path cannot, as record ids may hold a "/" or a collection's name.
func (c *Client) sendIn(ctx context.Context, service Service, method string, u *url.URL, body []byte, handle func(*http.Response) error) (*Response, error) {
	what := method + " " + urlWithoutQuery(u)
	return c.retrying(ctx, what, func(ctx context.Context, attempt int) attemptResult {
		res := c.attempt(ctx, service, method, u, body, handle)
		if method == http.MethodPost && !postNotApplied(res) {
			res.retryable = false
		}
		return res
	})
}

// attempt performs one HTTP exchange: authorize (fresh OAuth 1 signature or
// current token), send, and classify the answer.
func (c *Client) attempt(ctx context.Context, service Service, method string, u *url.URL, body []byte, handle func(*http.Response) error) attemptResult {
	// The wait for a slot comes before the attempt's own time starts.
	if err := c.pacer.wait(ctx); err != nil {
		return attemptResult{err: err}
	}
	actx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()
	what := method + " " + urlWithoutQuery(u)

	req, err := c.newRequest(actx, method, u, body)
	if err != nil {
		return attemptResult{err: fmt.Errorf("%s: cannot build the request: %w", what, urlErrorCause(err))}
	}
	extraValues := c.addExtraHeaders(req, service)
	cred, err := c.auth.authorize(actx, req)
	if err != nil {
		return c.authorizeFailed(ctx, err)
	}
	r, err := c.http.Do(req)
	if err != nil {
		return c.sendFailed(ctx, what, u, err)
	}
	defer drainAndClose(r.Body)
	resp := newResponse(r, req.URL)
	// Servers echo what they rejected: mask this attempt's credentials and
	// any secret-looking query values along with the configured secrets.
	sensitive := append(cred.sensitive, extraValues...)
	for name, values := range u.Query() {
		if isSensitiveParam(name) {
			sensitive = append(sensitive, values...)
		}
	}
	scrub := func(s string) string { return c.scrubber.scrub(s, sensitive...) }

	if r.StatusCode >= 200 && r.StatusCode < 300 {
		return c.readSuccess(ctx, method, u, r, resp, handle, scrub)
	}
	return c.readFailure(method, u, r, resp, cred, scrub)
}

// newRequest builds an attempt's request with the headers every request
// carries; the extra headers and the credentials come after.
func (c *Client) newRequest(ctx context.Context, method string, u *url.URL, body []byte) (*http.Request, error) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reader)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// authorizeFailed is the result of an attempt that could get no
// credentials: the request was never sent, and is retried when the cause is
// temporary and the caller is still waiting.
func (c *Client) authorizeFailed(ctx context.Context, err error) attemptResult {
	if ctx.Err() != nil {
		return attemptResult{err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = c.requestTimedOut(err) // the token request ran out of this attempt's time
	}
	return attemptResult{err: err, retryable: isTemporary(err), unsent: true}
}

// sendFailed is the result of an attempt that got no answer: what names
// the request, u its URL.
func (c *Client) sendFailed(ctx context.Context, what string, u *url.URL, err error) attemptResult {
	cause := urlErrorCause(err)
	if ctx.Err() != nil {
		return attemptResult{err: fmt.Errorf("%s: %w", what, cause)}
	}
	if IsTLSFailure(cause) {
		return attemptResult{err: fmt.Errorf("%s: %w (%s)", what, cause, tlsFailureNote(cause))}
	}
	if isDialFailure(cause) {
		// No connection: say so and name the host, whatever the dial's
		// cause (refused, no such host, timed out connecting).
		return attemptResult{err: fmt.Errorf("%s: %w", what, unreachable(u, cause)), retryable: true, unsent: true}
	}
	if errors.Is(cause, context.DeadlineExceeded) {
		cause = c.requestTimedOut(cause)
	}
	return attemptResult{err: fmt.Errorf("%s: %w", what, cause), retryable: true}
}

// drainAndClose reads a little of what is left of a body, so that the
// connection can be reused, and closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	body.Close()
}

// readSuccess hands a 2xx answer's body, capped at the response limit, to
// handle. A refusal handle finds in the body is never retried; a body cut
// short is, while the caller still waits.
func (c *Client) readSuccess(
	ctx context.Context, method string, u *url.URL, r *http.Response, resp *Response, handle func(*http.Response) error, scrub func(string) string,
) attemptResult {
	var err error
	if r.ContentLength > c.tooLarge.limit {
		// Announced larger than the limit: fail before reading any.
		err = &bodyError{reason: c.tooLarge.Error()}
	} else {
		r.Body = &cappedBody{ReadCloser: r.Body, left: c.tooLarge.limit, err: c.tooLarge}
		err = handle(r)
	}
	if err == nil {
		return attemptResult{resp: resp}
	}
	var bodyErr *bodyError
	var failure *statusFailure
	if errors.As(err, &failure) {
		// A refusal, whatever the status says: never retried.
		apiErr := errorFromBody(method, urlWithoutQuery(u), r.StatusCode, r.Header.Get("Content-Type"), failure.body, scrub)
		return attemptResult{resp: resp, err: apiErr}
	}
	if errors.As(err, &bodyErr) {
		apiErr := &Error{Method: method, URL: urlWithoutQuery(u), StatusCode: r.StatusCode, Description: bodyErr.reason}
		return attemptResult{resp: resp, err: apiErr, retryable: bodyErr.interrupted && ctx.Err() == nil}
	}
	return attemptResult{resp: resp, err: fmt.Errorf("%s %s: %w", method, urlWithoutQuery(u), err)}
}

// readFailure decodes a non-2xx answer into an *Error, with what the retry
// loop needs: whether the status is worth another try, the server's
// Retry-After, the token a 401 refused, and for OAuth 1 a clock-skew hint.
func (c *Client) readFailure(method string, u *url.URL, r *http.Response, resp *Response, cred credential, scrub func(string) string) attemptResult {
	errBody, _ := io.ReadAll(io.LimitReader(r.Body, maxErrorBody))
	apiErr := errorFromBody(method, urlWithoutQuery(u), r.StatusCode, r.Header.Get("Content-Type"), errBody, scrub)
	res := attemptResult{resp: resp, err: apiErr, retryable: retryableStatus(r.StatusCode)}
	if after, ok := parseRetryAfter(r.Header.Get("Retry-After"), c.clock.Now()); ok {
		apiErr.RetryAfter = after
		res.retryAfter, res.hasRetryAfter = after, true
	}
	if r.StatusCode == http.StatusUnauthorized && cred.bearer != nil {
		res.staleToken = cred.bearer
	}
	if r.StatusCode == http.StatusUnauthorized && c.authMethod == AuthMethodOAuth1 {
		apiErr.Hint = clockSkewHint(r.Header.Get("Date"), c.clock.Now())
	}
	return res
}

// clockSkewHint explains an OAuth 1 401 from a server whose clock (its
// Date header) is more than a minute away from ours: OAuth 1 signatures
// carry a timestamp that servers accept only within a few minutes of their
// own clock, and most say no more than "unauthorized" when it is off.
func clockSkewHint(date string, now time.Time) string {
	serverNow, err := http.ParseTime(date)
	if err != nil {
		return ""
	}
	skew := serverNow.Sub(now)
	direction := "behind"
	if skew < 0 {
		skew, direction = -skew, "ahead of"
	}
	if skew <= time.Minute {
		return ""
	}
	// Date has whole seconds: say minutes.
	return fmt.Sprintf("this machine's clock is about %s %s the server's Date header; OAuth 1 signatures carry a timestamp "+
		"that servers accept only within a few minutes of their own time, so check this machine's clock", skew.Round(time.Minute), direction)
}

// ErrRequestTimeout is wrapped by the error of an attempt that ran out of
// Config.RequestTimeout while the caller's context was still live, so that
// callers can point at their own name for that setting.
var ErrRequestTimeout = errors.New("request timeout")

// requestTimedOut wraps err, which ended an attempt at its RequestTimeout.
func (c *Client) requestTimedOut(err error) error {
	return fmt.Errorf("no answer within %s (the %w): %w", c.requestTimeout, ErrRequestTimeout, err)
}

// urlErrorCause strips the *url.Error wrapper, whose text repeats the whole
// URL with its query string, keeping the cause.
func urlErrorCause(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Err != nil {
		return urlErr.Err
	}
	return err
}
