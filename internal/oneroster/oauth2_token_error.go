package oneroster

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

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
	tokenBadLifetime                       // a JSON token whose expires_in is not a number
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
	// lifetime is the JSON of an expires_in that is not a number.
	lifetime string
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
		return fmt.Sprintf(
			"%s answered %s with %s instead of a JSON token; check that the token URL is the token endpoint itself, not a login or portal page",
			where,
			status,
			kind,
		)
	case tokenWrongEndpoint:
		return fmt.Sprintf("%s answered %s; check the token URL: nothing accepts token requests there", where, status)
	case tokenServerError:
		return fmt.Sprintf("%s answered %s; the token endpoint is failing or overloaded, try again later", where, status)
	case tokenRedirected:
		return fmt.Sprintf("%s answered with a redirect, which is never followed (the credentials would go to another server, or its token to the API): %v; "+
			"set the token URL to the token endpoint itself", where, e.Err)
	case tokenTLS:
		return fmt.Sprintf("could not reach %s: %v (%s)", where, e.Err, tlsFailureNote(e.Err))
	case tokenBadLifetime:
		return fmt.Sprintf("%s answered %s with a JSON token whose expires_in (%s) is not a number of seconds; "+
			"RFC 6749 §5.1 wants a number there: ask the SIS vendor to fix the token endpoint", where, status, e.lifetime)
	case tokenMissing:
		return fmt.Sprintf(
			"%s answered %s without an access_token; check that the token URL is the token endpoint and the grant type is the one the SIS expects",
			where,
			status,
		)
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
	answered, status, contentType, prefix, badLifetime := note.answered, note.status, note.contentType, note.prefix, note.badLifetime
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
		te.Err = unreachable(tc.tokenURL, urlErr.Err) // url.Error's own text repeats the full URL
		if IsTLSFailure(te.Err) {
			te.failure = tokenTLS
		}
	case answered && badLifetime != "":
		te.failure = tokenBadLifetime
		te.lifetime = tc.scrubber.scrub(badLifetime)
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
