package oneroster

import (
	"encoding/json"
	"fmt"
	"time"
)

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
