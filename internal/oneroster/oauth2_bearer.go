package oneroster

import (
	"context"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

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
