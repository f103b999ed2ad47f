package oauthcheck

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// maxTokenBody bounds the token request body.
const maxTokenBody = 1 << 20

// keepExpired is how long an expired token is remembered, so that a client
// using it hears "expired" rather than "unknown".
const keepExpired = time.Hour

// tokenError is an RFC 6749 section 5.2 error response.
type tokenError struct {
	status      int
	code        string // error
	description string // error_description
	challenge   string // WWW-Authenticate, when set
}

// TokenHandler serves the OAuth 2 token endpoint (RFC 6749 section 3.2):
// POST with an application/x-www-form-urlencoded body, grant_type
// client_credentials (section 4.4) or password (section 4.3). The token URL
// may carry any query string; grant_type and scope are also accepted from
// it, as some vendors' clients send them there.
func (c *Checker) TokenHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, terr := c.token(r)
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Pragma", "no-cache")
		h.Set("Content-Type", "application/json;charset=UTF-8")
		if terr != nil {
			if terr.challenge != "" {
				h.Set("WWW-Authenticate", terr.challenge)
			}
			if terr.status == http.StatusMethodNotAllowed {
				h.Set("Allow", http.MethodPost)
			}
			w.WriteHeader(terr.status)
			_ = json.NewEncoder(w).Encode(map[string]string{
				"error":             terr.code,
				"error_description": descriptionChars(terr.description),
			})
			return
		}
		_ = json.NewEncoder(w).Encode(res)
	})
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
}

func (c *Checker) token(r *http.Request) (*tokenResponse, *tokenError) {
	if r.Method != http.MethodPost {
		return nil, &tokenError{status: http.StatusMethodNotAllowed, code: "invalid_request", description: "the token endpoint takes POST only"}
	}
	form, terr := readTokenForm(r)
	if terr != nil {
		return nil, terr
	}
	grantType, scope, terr := readGrant(r.URL.Query(), form)
	if terr != nil {
		return nil, terr
	}
	c.mu.Lock()
	mode := c.cfg.ClientAuth
	c.mu.Unlock()
	client, authenticated, terr := c.authenticateClient(r, form, mode)
	if terr != nil {
		return nil, terr
	}

	var subject string
	var allowed []string
	switch grantType {
	case "client_credentials":
		if !authenticated {
			return nil, invalidClient(mode, "client_credentials needs client authentication: send client_id and client_secret")
		}
		subject, allowed = client.ID, client.Scopes
	case "password":
		if subject, allowed, terr = c.authenticateUser(form); terr != nil {
			return nil, terr
		}
		if authenticated {
			allowed = slices.DeleteFunc(slices.Clone(allowed), func(s string) bool { return !slices.Contains(client.Scopes, s) })
		}
	}

	granted, terr := grantScopes(scope, allowed)
	if terr != nil {
		return nil, terr
	}
	token, lifetime, err := c.issue(Grant{Method: MethodOAuth2, Subject: subject, Scopes: granted})
	if err != nil {
		return nil, &tokenError{status: http.StatusInternalServerError, code: "server_error", description: "the server could not generate a token"}
	}
	return &tokenResponse{
		AccessToken: token,
		TokenType:   "Bearer",
		ExpiresIn:   int64((lifetime + time.Second - 1) / time.Second),
		Scope:       strings.Join(granted, " "),
	}, nil
}

// badRequest is a 400 with an RFC 6749 error code.
func badRequest(code, desc string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: code, description: desc}
}

// readTokenForm reads the token request's form-urlencoded body, which may
// be empty; no parameter may come twice (RFC 6749 section 3.2).
func readTokenForm(r *http.Request) (url.Values, *tokenError) {
	form := url.Values{}
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxTokenBody+1))
		if err != nil {
			return nil, badRequest("invalid_request", "the request body could not be read")
		}
		if len(body) > maxTokenBody {
			return nil, badRequest("invalid_request", "the request body is too large")
		}
		if len(body) > 0 {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/x-www-form-urlencoded" {
				return nil, badRequest("invalid_request", "the token request body must be application/x-www-form-urlencoded")
			}
			if form, err = url.ParseQuery(string(body)); err != nil {
				return nil, badRequest("invalid_request", "the body is not valid application/x-www-form-urlencoded")
			}
		}
	}
	for name, values := range form {
		if len(values) > 1 {
			return nil, badRequest("invalid_request", "the parameter "+name+" is sent more than once")
		}
	}
	return form, nil
}

// readGrant reads the grant type, which must be client_credentials or
// password, and the scope asked for.
func readGrant(query, form url.Values) (grantType, scope string, terr *tokenError) {
	if grantType, terr = fromBodyOrQuery(query, form, "grant_type"); terr != nil {
		return "", "", terr
	}
	if scope, terr = fromBodyOrQuery(query, form, "scope"); terr != nil {
		return "", "", terr
	}
	switch grantType {
	case "":
		return "", "", badRequest("invalid_request", "grant_type is missing; use client_credentials or password")
	case "client_credentials", "password":
		return grantType, scope, nil
	}
	return "", "", badRequest("unsupported_grant_type", "grant_type "+grantType+" is not supported; use client_credentials or password")
}

// fromBodyOrQuery reads a parameter that vendors also send in the query.
func fromBodyOrQuery(query, form url.Values, name string) (string, *tokenError) {
	qv := query[name]
	switch {
	case len(qv) > 1:
		return "", badRequest("invalid_request", "the parameter "+name+" is sent more than once in the query")
	case len(qv) == 0:
		return form.Get(name), nil
	case form.Has(name) && form.Get(name) != qv[0]:
		return "", badRequest("invalid_request", "the parameter "+name+" differs between the query and the body")
	}
	return qv[0], nil
}

// authenticateUser checks the password grant's username and password, and
// returns the user and the scopes it may be granted.
func (c *Checker) authenticateUser(form url.Values) (subject string, allowed []string, terr *tokenError) {
	username, password := form.Get("username"), form.Get("password")
	if username == "" || !form.Has("password") {
		return "", nil, badRequest("invalid_request", "the password grant needs username and password in the body")
	}
	c.mu.Lock()
	user, known := c.users[username]
	c.mu.Unlock()
	// Compare even for an unknown user, so that timing does not tell
	// which usernames exist.
	if !secretsEqual(password, user.Password) || !known {
		return "", nil, badRequest("invalid_grant", "the username or password is wrong")
	}
	return user.Username, user.Scopes, nil
}

// authenticateClient reads the client credentials from HTTP Basic (RFC 6749
// section 2.3.1, with id and secret form-urlencoded before Basic encoding) or
// from client_id/client_secret in the body, as mode allows. authenticated is
// false when the request carries no client credentials at all.
func (c *Checker) authenticateClient(r *http.Request, form url.Values, mode string) (client Client, authenticated bool, terr *tokenError) {
	var id, secret string
	viaBasic := false
	if authz := r.Header.Get("Authorization"); authz != "" {
		scheme, _, _ := strings.Cut(authz, " ")
		if !strings.EqualFold(scheme, "Basic") {
			return Client{}, false, invalidClient(
				mode,
				"the token endpoint takes client credentials with HTTP Basic or in the body, not the "+printable(scheme)+" scheme",
			)
		}
		rawID, rawSecret, ok := r.BasicAuth()
		var err1, err2 error
		id, err1 = url.QueryUnescape(rawID)
		secret, err2 = url.QueryUnescape(rawSecret)
		if !ok || err1 != nil || err2 != nil {
			return Client{}, false, invalidClient(mode, "the Authorization header is not valid HTTP Basic with form-urlencoded client_id and client_secret")
		}
		viaBasic = true
	}
	viaBody := form.Has("client_secret")
	switch {
	case viaBasic && viaBody:
		return Client{}, false, &tokenError{status: http.StatusBadRequest, code: "invalid_request",
			description: "send the client credentials once, with HTTP Basic or in the body, not both"}
	case viaBasic && form.Has("client_id") && form.Get("client_id") != id:
		return Client{}, false, &tokenError{status: http.StatusBadRequest, code: "invalid_request",
			description: "client_id in the body differs from the HTTP Basic user"}
	case viaBasic && mode == ClientAuthBody:
		return Client{}, false, invalidClient(mode, "this server takes client_id and client_secret in the request body, not HTTP Basic")
	case !viaBasic && (viaBody || form.Has("client_id")) && mode == ClientAuthBasic:
		return Client{}, false, invalidClient(mode, "this server takes client credentials in the HTTP Basic Authorization header only, not in the body")
	case !viaBasic:
		id, secret = form.Get("client_id"), form.Get("client_secret")
		if !form.Has("client_id") && !viaBody {
			return Client{}, false, nil
		}
	}
	c.mu.Lock()
	client, known := c.clients[id]
	c.mu.Unlock()
	if !secretsEqual(secret, client.Secret) || !known {
		return Client{}, false, invalidClient(mode, "client authentication failed: unknown client_id or wrong client_secret")
	}
	return client, true, nil
}

// invalidClient is the RFC 6749 section 5.2 invalid_client error: 401 with a
// Basic challenge where Basic is accepted, else 400 (a 401 must carry a
// challenge, and no scheme fits a server that takes credentials in the body
// only).
func invalidClient(mode string, desc string) *tokenError {
	if mode != ClientAuthBody {
		return &tokenError{status: http.StatusUnauthorized, code: "invalid_client", description: desc,
			challenge: `Basic realm="` + realm + `", charset="UTF-8"`}
	}
	return &tokenError{status: http.StatusBadRequest, code: "invalid_client", description: desc}
}

// grantScopes applies RFC 6749 section 3.3: the requested space-delimited
// scopes must all be allowed; none requested means every allowed scope.
func grantScopes(requested string, allowed []string) ([]string, *tokenError) {
	var granted, notAllowed []string
	for _, s := range strings.Fields(requested) {
		switch {
		case slices.Contains(granted, s) || slices.Contains(notAllowed, s):
		case slices.Contains(allowed, s):
			granted = append(granted, s)
		default:
			notAllowed = append(notAllowed, s)
		}
	}
	if len(notAllowed) > 0 {
		desc := "scope not allowed: " + strings.Join(notAllowed, " ") + "; request a subset of: " + strings.Join(allowed, " ")
		if len(allowed) == 0 {
			desc = "scope not allowed: " + strings.Join(notAllowed, " ") + "; this client may be granted no scope"
		}
		return nil, &tokenError{status: http.StatusBadRequest, code: "invalid_scope", description: desc}
	}
	if len(granted) == 0 {
		if len(allowed) == 0 {
			return nil, &tokenError{
				status:      http.StatusBadRequest,
				code:        "invalid_scope",
				description: "no scope was requested and this client may be granted none",
			}
		}
		granted = slices.Clone(allowed)
	}
	return granted, nil
}

// issue stores a new access token for g and returns it with its lifetime.
func (c *Checker) issue(g Grant) (string, time.Duration, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", 0, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	c.mu.Lock()
	defer c.mu.Unlock()
	now, lifetime := c.cfg.Now(), c.cfg.TokenLifetime
	if !now.Before(c.nextTokenPrune) {
		for k, t := range c.tokens {
			if t.expires.Add(keepExpired).Before(now) {
				delete(c.tokens, k)
			}
		}
		c.nextTokenPrune = now.Add(time.Minute)
	}
	c.tokens[sha256.Sum256([]byte(token))] = &issuedToken{grant: g, expires: now.Add(lifetime)}
	return token, lifetime, nil
}

// checkBearer checks an RFC 6750 bearer token.
func (c *Checker) checkBearer(token string) (Grant, *Failure) {
	if token == "" {
		return Grant{}, &Failure{
			Status:          http.StatusBadRequest,
			Reason:          "the Authorization: Bearer header has no token",
			WWWAuthenticate: bearerChallenge("invalid_request", "The Bearer token is missing"),
		}
	}
	c.mu.Lock()
	t, known := c.tokens[sha256.Sum256([]byte(token))]
	var g Grant
	var expires time.Time
	if known {
		g, expires = t.grant, t.expires
	}
	now := c.cfg.Now()
	c.mu.Unlock()
	if !known {
		return Grant{}, &Failure{
			Status:          http.StatusUnauthorized,
			Reason:          "the access token is not one this server issued, or it was revoked; request a new one from the token endpoint",
			WWWAuthenticate: bearerChallenge("invalid_token", "The access token is unknown or revoked"),
		}
	}
	if !now.Before(expires) {
		return Grant{}, &Failure{
			Status:          http.StatusUnauthorized,
			Reason:          fmt.Sprintf("the access token expired %s ago; request a new one from the token endpoint", now.Sub(expires).Round(time.Second)),
			WWWAuthenticate: bearerChallenge("invalid_token", "The access token expired"),
		}
	}
	g.Scopes = slices.Clone(g.Scopes)
	return g, nil
}

// descriptionChars keeps the characters RFC 6749 section 5.2 allows in
// error_description: printable ASCII but '"' and '\'.
func descriptionChars(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return -1
		}
		return r
	}, s)
}
