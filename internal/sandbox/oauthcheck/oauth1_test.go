package oauthcheck

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable server clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// rfcBaseString is the signature base string printed at the end of RFC 5849
// section 3.4.1.1, its lines joined.
const rfcBaseString = "" +
	"POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q" +
	"%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_" +
	"key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m" +
	"ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk" +
	"9d7dh3k39sjv7"

// rfcNormalizedParams is the normalized parameter string printed at the end
// of RFC 5849 section 3.4.1.3.2, its lines joined.
const rfcNormalizedParams = "" +
	"a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9dj" +
	"dj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1" +
	"&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7"

func TestSignatureBaseStringRFC5849(t *testing.T) {
	// The parameters of the section 3.4.1.3.1 table, gathered from the query,
	// the body "c2&a3=2+q" and the protocol parameters.
	u, err := url.Parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
	if err != nil {
		t.Fatal(err)
	}
	params := u.Query()
	body, err := url.ParseQuery("c2&a3=2+q")
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range body {
		params[k] = append(params[k], vs...)
	}
	for k, v := range map[string]string{
		"oauth_consumer_key":     "9djdj82h48djs9d2",
		"oauth_token":            "kkk9d7dh3k39sjv7",
		"oauth_signature_method": "HMAC-SHA1",
		"oauth_timestamp":        "137131201",
		"oauth_nonce":            "7d8f3e4a",
		"oauth_signature":        "left out of the base string",
	} {
		params.Set(k, v)
	}
	if got := normalizeParams(params); got != rfcNormalizedParams {
		t.Errorf("normalized parameters\n got %s\nwant %s", got, rfcNormalizedParams)
	}
	if got := SignatureBaseString("post", u, params); got != rfcBaseString {
		t.Errorf("base string\n got %s\nwant %s", got, rfcBaseString)
	}
}

// TestRequestBaseStringRFC5849 feeds the HTTP request of RFC 5849 section
// 3.4.1 through the server's own parameter gathering (header with realm and
// signature, query, form body).
func TestRequestBaseStringRFC5849(t *testing.T) {
	r := httptest.NewRequest("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", strings.NewReader("c2&a3=2+q"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", `OAuth realm="Example",
               oauth_consumer_key="9djdj82h48djs9d2",
               oauth_token="kkk9d7dh3k39sjv7",
               oauth_signature_method="HMAC-SHA1",
               oauth_timestamp="137131201",
               oauth_nonce="7d8f3e4a",
               oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"`)
	_, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	params, f := requestParams(r, rest, true)
	if f != nil {
		t.Fatal(f.Reason)
	}
	if got := SignatureBaseString(r.Method, requestURL(r), params); got != rfcBaseString {
		t.Errorf("base string\n got %s\nwant %s", got, rfcBaseString)
	}
	if got := params.Get("oauth_signature"); got != "bYT5CMsGcbgUdFHObYMEfcx6bsw=" {
		t.Errorf("oauth_signature decoded to %q", got)
	}
	if params.Has("realm") {
		t.Error("realm from the header must not be a request parameter")
	}
	body, _ := io.ReadAll(r.Body)
	if string(body) != "c2&a3=2+q" {
		t.Errorf("body after the check = %q, want it put back", body)
	}
}

// TestSignKnownVectors checks HMAC-SHA1 signatures published with the
// protocol. Each was also recomputed outside Go (openssl dgst -sha1 -hmac).
func TestSignKnownVectors(t *testing.T) {
	for _, tc := range []struct {
		name, method, url, authorization string
		consumerSecret, tokenSecret      string
		wantSig                          string
	}{{
		// RFC 5849 section 1.2, the protected resource request.
		name: "RFC 5849 1.2 photos", method: "GET",
		url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
		authorization: `OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ` +
			`oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"`,
		consumerSecret: "kd94hf93k423kf44", tokenSecret: "pfkkdhi9sl3r4s00",
		wantSig: "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
	}, {
		// RFC 5849 section 1.2, the token request (HTTPS, with a verifier).
		name: "RFC 5849 1.2 token", method: "POST",
		url: "https://photos.example.net/token",
		authorization: `OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="hh5s93j4hdidpola", ` +
			`oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="walatlh", oauth_verifier="hfdp7dh39dks9884", ` +
			`oauth_signature="gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D"`,
		consumerSecret: "kd94hf93k423kf44", tokenSecret: "hdhd0244k9j7ao03",
		wantSig: "gKgrFCywp7rO0OXSjdot/IHF7IU=",
	}, {
		// OAuth Core 1.0 Appendix A.5 (the same photo request with
		// oauth_version and other nonce and timestamp; not in RFC 5849).
		name: "OAuth Core 1.0 A.5", method: "GET",
		url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
		authorization: `OAuth realm="http://photos.example.net/", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ` +
			`oauth_signature_method="HMAC-SHA1", oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_timestamp="1191242096", ` +
			`oauth_nonce="kllo9940pd9333jh", oauth_version="1.0"`,
		consumerSecret: "kd94hf93k423kf44", tokenSecret: "pfkkdhi9sl3r4s00",
		wantSig: "tR3+Ty81lMeYAr/Fid0kMTYa/WM=",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.url, nil)
			r.Header.Set("Authorization", tc.authorization)
			_, rest, _ := strings.Cut(tc.authorization, " ")
			params, f := requestParams(r, rest, true)
			if f != nil {
				t.Fatal(f.Reason)
			}
			if params.Get("oauth_signature") != tc.wantSig {
				t.Fatalf("header signature decoded to %q", params.Get("oauth_signature"))
			}
			got, err := Sign("HMAC-SHA1", SignatureBaseString(r.Method, requestURL(r), params), tc.consumerSecret, tc.tokenSecret)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.wantSig {
				t.Errorf("signature = %s, want %s", got, tc.wantSig)
			}
		})
	}
	if _, err := Sign("PLAINTEXT", "x", "a", "b"); err == nil {
		t.Error("Sign accepted PLAINTEXT")
	}
}

func TestBaseStringURI(t *testing.T) {
	for in, want := range map[string]string{
		"HTTP://Example.COM:80/r%20v/X?q=1#frag": "http://example.com/r%20v/X",
		"https://example.com:443":                "https://example.com/",
		"https://example.com:8443/a":             "https://example.com:8443/a",
		"http://example.com:443/a":               "http://example.com:443/a",
		"http://[::1]:8080/a":                    "http://[::1]:8080/a",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := baseStringURI(u); got != want {
			t.Errorf("baseStringURI(%s) = %s, want %s", in, got, want)
		}
	}
	if got, want := encode("aZ09-._~ +%/é"), "aZ09-._~%20%2B%25%2F%C3%A9"; got != want {
		t.Errorf("encode = %s, want %s", got, want)
	}
}

const (
	consumerKey    = "district-key"
	consumerSecret = "pa ss&wörd~" // encodes to pa%20ss%26w%C3%B6rd~ in the key
)

func newOAuth1Checker(t *testing.T) (*Checker, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Unix(1700000000, 0)}
	return New(Config{Consumers: []Consumer{{Key: consumerKey, Secret: consumerSecret}}, Now: clock.Now}), clock
}

// handMAC signs a base string written out by hand, with a key encoded by hand.
func handMAC(t *testing.T, method, base, key string) string {
	t.Helper()
	var m = hmac.New(sha1.New, []byte(key))
	if method == "HMAC-SHA256" {
		m = hmac.New(sha256.New, []byte(key))
	}
	m.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// headerValue percent-encodes a base64 signature for the header by hand.
var headerValue = strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace

// TestAuthenticateHandSigned checks requests whose base strings are written
// out by hand here, not built by the package.
func TestAuthenticateHandSigned(t *testing.T) {
	const key = "pa%20ss%26w%C3%B6rd~&" // encode(consumerSecret) + "&" + encode("")
	for _, tc := range []struct {
		name, method, target, contentType, body, extraHeader, base string
		sigMethod                                                  string
		queryParams                                                bool
	}{{
		name: "HMAC-SHA256 query with space, plus, unicode; host case and default port",
		// name=José, filter=givenName='Ann Marie' ('+' is a space in a query).
		method: "GET", target: "http://Sandbox.Example:80/ims/oneroster/v1p1/users?name=Jos%C3%A9&filter=givenName%3D%27Ann+Marie%27&limit=5",
		sigMethod: "HMAC-SHA256", extraHeader: `, oauth_version="1.0"`,
		base: "GET&http%3A%2F%2Fsandbox.example%2Fims%2Foneroster%2Fv1p1%2Fusers&" +
			"filter%3DgivenName%253D%2527Ann%2520Marie%2527%26limit%3D5%26name%3DJos%25C3%25A9" +
			"%26oauth_consumer_key%3Ddistrict-key%26oauth_nonce%3Dn-1%26oauth_signature_method%3DHMAC-SHA256" +
			"%26oauth_timestamp%3D1700000000%26oauth_version%3D1.0",
	}, {
		name: "HMAC-SHA1 query with %20, unicode, repeated name; other port",
		// q=a b, city=Zürich, fields=a, fields=b (sorted by value).
		method: "GET", target: "http://localhost:8080/ims/oneroster/v1p1/schools?q=a%20b&fields=b&city=Z%C3%BCrich&fields=a",
		sigMethod: "HMAC-SHA1",
		base: "GET&http%3A%2F%2Flocalhost%3A8080%2Fims%2Foneroster%2Fv1p1%2Fschools&" +
			"city%3DZ%25C3%25BCrich%26fields%3Da%26fields%3Db" +
			"%26oauth_consumer_key%3Ddistrict-key%26oauth_nonce%3Dn-1%26oauth_signature_method%3DHMAC-SHA1" +
			"%26oauth_timestamp%3D1700000000%26q%3Da%2520b",
	}, {
		name:   "HMAC-SHA1 form body is signed",
		method: "POST", target: "http://localhost/x?a=1", contentType: "application/x-www-form-urlencoded; charset=utf-8",
		body: "note=caf%C3%A9+au+lait", sigMethod: "HMAC-SHA1",
		base: "POST&http%3A%2F%2Flocalhost%2Fx&a%3D1%26note%3Dcaf%25C3%25A9%2520au%2520lait" +
			"%26oauth_consumer_key%3Ddistrict-key%26oauth_nonce%3Dn-1%26oauth_signature_method%3DHMAC-SHA1" +
			"%26oauth_timestamp%3D1700000000",
	}, {
		name:   "HMAC-SHA256 JSON body is not signed",
		method: "PUT", target: "http://localhost/ims/oneroster/v1p1/lineItems/li-1", contentType: "application/json",
		body: `{"lineItem":{"title":"a=b&c"}}`, sigMethod: "HMAC-SHA256",
		base: "PUT&http%3A%2F%2Flocalhost%2Fims%2Foneroster%2Fv1p1%2FlineItems%2Fli-1&" +
			"oauth_consumer_key%3Ddistrict-key%26oauth_nonce%3Dn-1%26oauth_signature_method%3DHMAC-SHA256" +
			"%26oauth_timestamp%3D1700000000",
	}, {
		name:   "HMAC-SHA1 protocol parameters in the query (RFC 5849 3.5.3)",
		method: "GET", target: "http://localhost/ims/oneroster/v1p1/orgs?limit=1", sigMethod: "HMAC-SHA1", queryParams: true,
		base: "GET&http%3A%2F%2Flocalhost%2Fims%2Foneroster%2Fv1p1%2Forgs&" +
			"limit%3D1%26oauth_consumer_key%3Ddistrict-key%26oauth_nonce%3Dn-1%26oauth_signature_method%3DHMAC-SHA1" +
			"%26oauth_timestamp%3D1700000000",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newOAuth1Checker(t)
			sig := handMAC(t, tc.sigMethod, tc.base, key)
			target := tc.target
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			if tc.queryParams {
				target += "&oauth_consumer_key=district-key&oauth_nonce=n-1&oauth_signature_method=" + tc.sigMethod +
					"&oauth_timestamp=1700000000&oauth_signature=" + headerValue(sig)
			}
			r := httptest.NewRequest(tc.method, target, body)
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			if !tc.queryParams {
				r.Header.Set("Authorization", `OAuth realm="OneRoster", oauth_consumer_key="district-key", oauth_nonce="n-1", `+
					`oauth_signature_method="`+tc.sigMethod+`", oauth_timestamp="1700000000", oauth_signature="`+headerValue(sig)+`"`+tc.extraHeader)
			}
			g, f := c.Authenticate(r)
			if f != nil {
				t.Fatalf("rejected: %d %s", f.Status, f.Reason)
			}
			if g.Method != MethodOAuth1 || g.Subject != consumerKey || !g.Has(ScopeGradebookDelete) || len(g.Scopes) != len(AllScopes()) {
				t.Errorf("grant = %+v", g)
			}
			if tc.body != "" {
				got, _ := io.ReadAll(r.Body)
				if string(got) != tc.body {
					t.Errorf("body after the check = %q", got)
				}
			}
		})
	}
}

// oauth1Request builds a request signed with the package's helpers (checked
// against the literal vectors above), with params overriding the defaults;
// an empty value drops the parameter.
func oauth1Request(t *testing.T, secret string, override map[string]string) *http.Request {
	t.Helper()
	r := httptest.NewRequest("GET", "http://localhost/ims/oneroster/v1p1/users?filter=role%3D%27teacher%27", nil)
	p := map[string]string{
		"oauth_consumer_key":     consumerKey,
		"oauth_nonce":            "nonce-1",
		"oauth_signature_method": "HMAC-SHA256",
		"oauth_timestamp":        "1700000000",
		"oauth_version":          "1.0",
	}
	for k, v := range override {
		p[k] = v
	}
	params := r.URL.Query()
	var header []string
	for k, v := range p {
		if v == "" {
			continue
		}
		params.Set(k, v)
		header = append(header, k+`="`+encode(v)+`"`)
	}
	sig, err := Sign(p["oauth_signature_method"], SignatureBaseString(r.Method, requestURL(r), params), secret, "")
	if err != nil { // unsupported methods: sign with SHA-256 anyway
		sig, _ = Sign(HMACSHA256, SignatureBaseString(r.Method, requestURL(r), params), secret, "")
	}
	header = append(header, `oauth_signature="`+encode(sig)+`"`)
	r.Header.Set("Authorization", "OAuth "+strings.Join(header, ", "))
	return r
}

// mustFail returns the failure as a value: callers that only assert through
// it need not handle an error.
func mustFail(t *testing.T, c *Checker, r *http.Request, status int, reasonHas ...string) Failure {
	t.Helper()
	g, f := c.Authenticate(r)
	if f == nil {
		t.Fatalf("accepted, grant %+v", g)
	}
	if f.Status != status {
		t.Errorf("status = %d, want %d (%s)", f.Status, status, f.Reason)
	}
	for _, s := range reasonHas {
		if !strings.Contains(f.Reason, s) {
			t.Errorf("reason %q lacks %q", f.Reason, s)
		}
	}
	if f.WWWAuthenticate == "" {
		t.Error("no WWW-Authenticate")
	}
	if f.Error() != f.Reason {
		t.Errorf("Error() = %q", f.Error())
	}
	if sig := oauthSignatureOf(r); sig != "" && strings.Contains(f.Reason, sig) {
		t.Errorf("reason %q holds the signature", f.Reason)
	}
	for _, secret := range []string{consumerSecret, "wrong-secret"} {
		if strings.Contains(f.Reason, secret) {
			t.Errorf("reason %q holds a secret", f.Reason)
		}
	}
	return *f
}

func oauthSignatureOf(r *http.Request) string {
	_, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	p, err := parseAuthParams(rest)
	if err != nil {
		return ""
	}
	return p.Get("oauth_signature")
}

func TestAuthenticateOAuth1Failures(t *testing.T) {
	t.Run("good", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		if _, f := c.Authenticate(oauth1Request(t, consumerSecret, nil)); f != nil {
			t.Fatal(f.Reason)
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		f := mustFail(t, c, oauth1Request(t, "wrong-secret", nil), 401, "oauth_signature does not match", "consumer secret")
		if f.WWWAuthenticate != `OAuth realm="OneRoster"` {
			t.Errorf("WWW-Authenticate = %q", f.WWWAuthenticate)
		}
	})
	t.Run("tampered query", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		r := oauth1Request(t, consumerSecret, nil)
		r.URL.RawQuery = "filter=role%3D%27student%27"
		mustFail(t, c, r, 401, "oauth_signature does not match")
	})
	t.Run("host and scheme", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		r := oauth1Request(t, consumerSecret, nil)
		r.Host = "LOCALHOST:80" // the same base string URI: still good
		if _, f := c.Authenticate(r); f != nil {
			t.Fatal(f.Reason)
		}
		r = oauth1Request(t, consumerSecret, map[string]string{"oauth_nonce": "nonce-2"})
		r.Host = "localhost:8080"
		mustFail(t, c, r, 401, "oauth_signature does not match")
		r = oauth1Request(t, consumerSecret, map[string]string{"oauth_nonce": "nonce-3"})
		r.TLS = &tls.ConnectionState{} // signed for http, received over https
		mustFail(t, c, r, 401, "oauth_signature does not match")
	})
	t.Run("skewed timestamp", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": strconv.Itoa(1700000000 - 900)}),
			401, "900s behind", "check the client's clock", "300s")
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": strconv.Itoa(1700000000 + 301)}),
			401, "301s ahead of", "clock")
		// At the edge of the window it is still fine.
		if _, f := c.Authenticate(oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": strconv.Itoa(1700000000 - 300)})); f != nil {
			t.Fatal(f.Reason)
		}
	})
	t.Run("custom skew", func(t *testing.T) {
		clock := &fakeClock{t: time.Unix(1700000000, 0)}
		c := New(Config{Consumers: []Consumer{{Key: consumerKey, Secret: consumerSecret}}, Now: clock.Now, ClockSkew: 30 * time.Second})
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": strconv.Itoa(1700000000 - 31)}), 401, "31s behind", "at most 30s")
	})
	t.Run("replayed nonce", func(t *testing.T) {
		c, clock := newOAuth1Checker(t)
		if _, f := c.Authenticate(oauth1Request(t, consumerSecret, nil)); f != nil {
			t.Fatal(f.Reason)
		}
		// Late in the window (and after a pruning pass) the nonce is still remembered.
		clock.Advance(4*time.Minute + 59*time.Second)
		mustFail(t, c, oauth1Request(t, consumerSecret, nil), 401, "nonce already used")
		// A forged request with a fresh nonce does not use the nonce up.
		mustFail(t, c, oauth1Request(t, "wrong-secret", map[string]string{"oauth_nonce": "nonce-3"}), 401, "oauth_signature")
		if _, f := c.Authenticate(oauth1Request(t, consumerSecret, map[string]string{"oauth_nonce": "nonce-3"})); f != nil {
			t.Fatal(f.Reason)
		}
		// The same nonce with another timestamp is another request.
		if _, f := c.Authenticate(oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": "1700000001"})); f != nil {
			t.Fatal(f.Reason)
		}
		// Long after, the timestamp check rejects the replay (the nonce is forgotten).
		clock.Advance(time.Hour)
		mustFail(t, c, oauth1Request(t, consumerSecret, nil), 401, "clock")
		if _, f := c.Authenticate(oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": strconv.FormatInt(clock.Now().Unix(), 10)})); f != nil {
			t.Fatal(f.Reason)
		}
		c.mu.Lock()
		n := len(c.nonces)
		c.mu.Unlock()
		if n != 1 {
			t.Errorf("%d nonces remembered after the window, want 1", n)
		}
	})
	t.Run("unsupported methods", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		for _, m := range []string{"PLAINTEXT", "RSA-SHA1", "hmac-sha1", "HMAC-SHA512"} {
			mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_signature_method": m}), 400, "not accepted", "HMAC-SHA256 or HMAC-SHA1")
		}
	})
	t.Run("malformed", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_nonce": ""}), 400, "lacks oauth_nonce")
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_version": "2.0"}), 400, "oauth_version")
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_timestamp": "soon"}), 400, "oauth_timestamp must be")
		r := oauth1Request(t, consumerSecret, nil)
		r.URL.RawQuery += "&oauth_nonce=other"
		mustFail(t, c, r, 400, "oauth_nonce appears more than once")
		r = oauth1Request(t, consumerSecret, nil)
		r.Header.Set("Authorization", `OAuth oauth_consumer_key="district-key`)
		mustFail(t, c, r, 400, "malformed")
	})
	t.Run("token and consumer", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_token": "tok"}), 401, "two-legged")
		mustFail(t, c, oauth1Request(t, consumerSecret, map[string]string{"oauth_consumer_key": "someone"}), 401, "oauth_consumer_key")
		// An empty oauth_token is allowed (and signed like any parameter).
		r := oauth1Request(t, consumerSecret, map[string]string{"oauth_nonce": "with-empty-token"})
		params := r.URL.Query()
		_, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		hp, _ := parseAuthParams(rest)
		for k, v := range hp {
			params[k] = v
		}
		params.Set("oauth_token", "")
		sig, _ := Sign(HMACSHA256, SignatureBaseString("GET", requestURL(r), params), consumerSecret, "")
		hp.Set("oauth_signature", sig)
		hp.Set("oauth_token", "")
		var parts []string
		for k := range hp {
			parts = append(parts, k+`="`+encode(hp.Get(k))+`"`)
		}
		r.Header.Set("Authorization", "OAuth "+strings.Join(parts, ","))
		if _, f := c.Authenticate(r); f != nil {
			t.Fatal(f.Reason)
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		c, _ := newOAuth1Checker(t)
		f := mustFail(t, c, httptest.NewRequest("GET", "/ims/oneroster/v1p1/orgs", nil), 401, "no credentials")
		if f.WWWAuthenticate != `OAuth realm="OneRoster"` {
			t.Errorf("WWW-Authenticate = %q (only OAuth 1 is configured)", f.WWWAuthenticate)
		}
		r := httptest.NewRequest("GET", "/ims/oneroster/v1p1/orgs", nil)
		r.SetBasicAuth("a", "b")
		mustFail(t, c, r, 401, "Basic scheme")
	})
}
