package oneroster

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/dghubble/oauth1"
)

// SignatureMethod is the OAuth 1.0a signature method.
type SignatureMethod string

// Signature methods. The 1EdTech security framework mandates HMAC-SHA256;
// many deployments still use HMAC-SHA1.
const (
	HMACSHA256 SignatureMethod = "HMAC-SHA256"
	HMACSHA1   SignatureMethod = "HMAC-SHA1"
)

// OAuth1 is OAuth 1.0a two-legged authentication (consumer key and secret,
// no token), as used by most OneRoster 1.1 servers.
type OAuth1 struct {
	ConsumerKey    string
	ConsumerSecret string
	// SignatureMethod defaults to HMAC-SHA256 when empty.
	SignatureMethod SignatureMethod
}

func (*OAuth1) authMethod() string { return AuthMethodOAuth1 }

// validate checks the fields New relies on.
func (a *OAuth1) validate() error {
	if strings.TrimSpace(a.ConsumerKey) == "" {
		return fmt.Errorf("OAuth1.ConsumerKey is empty: set the consumer key (client ID) the SIS issued for this application")
	}
	if a.ConsumerSecret == "" {
		return fmt.Errorf("OAuth1.ConsumerSecret is empty: set the consumer secret the SIS issued with consumer key %q", a.ConsumerKey)
	}
	switch a.SignatureMethod {
	case "", HMACSHA256, HMACSHA1:
		return nil
	default:
		return fmt.Errorf("OAuth1.SignatureMethod %q is not supported: use %q (the default) or %q", a.SignatureMethod, HMACSHA256, HMACSHA1)
	}
}

// oauth1Signer signs each request per RFC 5849 §3.4 (two-legged: no
// oauth_token).
//
// It uses dghubble/oauth1 for the HMAC signers, the RFC 3986 percent
// encoding and the nonces, but builds the signature base string itself,
// because that library's Transport (v0.7.3) always sends oauth_token="" –
// which servers that check for an empty token reject, while RFC 5849 lets a
// two-legged client omit it – and keeps only the first value of a repeated
// query parameter, which would make the signature disagree with the server's.
type oauth1Signer struct {
	consumerKey    string
	consumerSecret string
	signer         oauth1.Signer
	noncer         oauth1.Noncer
	clock          Clock
}

func newOAuth1Signer(a *OAuth1, clock Clock) *oauth1Signer {
	var signer oauth1.Signer = &oauth1.HMAC256Signer{ConsumerSecret: a.ConsumerSecret}
	if a.SignatureMethod == HMACSHA1 {
		signer = &oauth1.HMACSigner{ConsumerSecret: a.ConsumerSecret}
	}
	return &oauth1Signer{
		consumerKey:    a.ConsumerKey,
		consumerSecret: a.ConsumerSecret,
		signer:         signer,
		// Hex nonces: some servers mishandle the '+', '/' and '=' of base64.
		noncer: oauth1.HexNoncer{},
		clock:  clock,
	}
}

func (s *oauth1Signer) secrets() []string { return []string{s.consumerSecret} }

func (s *oauth1Signer) authorize(_ context.Context, req *http.Request) (credential, error) {
	protocol := map[string]string{
		"oauth_consumer_key":     s.consumerKey,
		"oauth_nonce":            s.noncer.Nonce(),
		"oauth_signature_method": s.signer.Name(),
		"oauth_timestamp":        strconv.FormatInt(s.clock.Now().Unix(), 10),
		"oauth_version":          "1.0",
	}
	base, err := signatureBaseString(req.Method, req.URL, protocol)
	if err != nil {
		return credential{}, err
	}
	// Two-legged: no token secret, so the key is "consumerSecret&".
	signature, err := s.signer.Sign("", base)
	if err != nil {
		return credential{}, fmt.Errorf("signing the request with %s failed: %w", s.signer.Name(), err)
	}
	protocol["oauth_signature"] = signature

	names := make([]string, 0, len(protocol))
	for name := range protocol {
		names = append(names, name)
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, name := range names {
		pairs[i] = oauth1.PercentEncode(name) + `="` + oauth1.PercentEncode(protocol[name]) + `"`
	}
	header := "OAuth " + strings.Join(pairs, ", ")
	req.Header.Set("Authorization", header)
	return credential{sensitive: []string{header, signature, oauth1.PercentEncode(signature)}}, nil
}

// signatureBaseString builds the RFC 5849 §3.4.1 base string: method, base
// string URI and normalized parameters (query parameters plus the protocol
// parameters), each percent-encoded and joined by '&'. Request bodies are
// JSON, never form-encoded, so they take no part.
func signatureBaseString(method string, u *url.URL, protocol map[string]string) (string, error) {
	// §3.4.1.3.1: the query is parsed as application/x-www-form-urlencoded,
	// so '+' means a space; the client itself always sends %20.
	query, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", fmt.Errorf("the request URL's query cannot be signed: %w", err)
	}
	type pair struct{ name, value string }
	var params []pair
	for name, values := range query {
		for _, v := range values {
			params = append(params, pair{oauth1.PercentEncode(name), oauth1.PercentEncode(v)})
		}
	}
	for name, v := range protocol {
		params = append(params, pair{oauth1.PercentEncode(name), oauth1.PercentEncode(v)})
	}
	// §3.4.1.3.2: sort by encoded name, then by encoded value.
	sort.Slice(params, func(i, j int) bool {
		if params[i].name != params[j].name {
			return params[i].name < params[j].name
		}
		return params[i].value < params[j].value
	})
	normalized := make([]string, len(params))
	for i, p := range params {
		normalized[i] = p.name + "=" + p.value
	}
	return strings.ToUpper(method) + "&" +
		oauth1.PercentEncode(baseStringURI(u)) + "&" +
		oauth1.PercentEncode(strings.Join(normalized, "&")), nil
}

// baseStringURI is §3.4.1.2: lower-case scheme and host, the port only when
// it is not the scheme's default, and the path as sent (never empty).
func baseStringURI(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6 literal
	}
	p := u.Port()
	defaultPort := (scheme == "http" && p == "80") || (scheme == "https" && p == "443")
	if p != "" && !defaultPort {
		host += ":" + p
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return scheme + "://" + host + path
}
