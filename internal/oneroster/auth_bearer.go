package oneroster

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// BearerToken authenticates with a fixed access token that some other
// party issued, sent as "Authorization: Bearer …" on every request. It is
// how proxies that hold the district's real credentials hand out access
// (ClassLink's OneRoster proxy gives each application one token), so there
// is no token endpoint and nothing to refresh: a 401 means the token was
// revoked or mistyped.
type BearerToken struct {
	Token string
}

func (*BearerToken) authMethod() string { return AuthMethodBearerToken }

func (a *BearerToken) validate() error {
	switch {
	case strings.TrimSpace(a.Token) == "":
		return errors.New("BearerToken.Token is empty: set the access token the proxy or SIS issued for this application")
	case strings.ContainsAny(a.Token, "\r\n"):
		// Never quote it: it is the secret.
		return errors.New("BearerToken.Token contains a line break: copy the token again without the trailing newline")
	}
	return nil
}

// staticBearer authorizes every request with the same token.
type staticBearer struct {
	token string
}

func (b *staticBearer) secrets() []string { return []string{b.token, "Bearer " + b.token} }

func (b *staticBearer) authorize(_ context.Context, req *http.Request) (credential, error) {
	header := "Bearer " + b.token
	req.Header.Set("Authorization", header)
	return credential{sensitive: []string{b.token, header}}, nil
}
