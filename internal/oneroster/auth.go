package oneroster

import (
	"context"
	"net/http"
)

// Auth is how the client authenticates: exactly one of *OAuth1,
// *OAuth2ClientCredentials, *OAuth2Password or *BearerToken. The interface is sealed so
// that New can validate every method it accepts.
type Auth interface {
	authMethod() string
}

// Names returned by Client.AuthMethod.
const (
	AuthMethodOAuth1                  = "oauth1"
	AuthMethodOAuth2ClientCredentials = "oauth2_client_credentials"
	AuthMethodOAuth2Password          = "oauth2_password"
	AuthMethodBearerToken             = "bearer_token"
)

// authorizer adds credentials to one attempt of a request. It is called
// again for every retry, so OAuth 1 signatures get a fresh nonce and
// timestamp and OAuth 2 requests pick up a refreshed token.
type authorizer interface {
	authorize(ctx context.Context, req *http.Request) (credential, error)
	// secrets lists the configured secrets, so that server text can be
	// scrubbed of them.
	secrets() []string
}

// credential records what authorize put on a request: the values to mask in
// anything the server echoes back, and the bearer token used (nil for
// OAuth 1), so that a 401 can invalidate exactly that token.
type credential struct {
	sensitive []string
	bearer    *cachedToken
}
