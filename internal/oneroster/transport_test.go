package oneroster

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newTLSTestServer starts an HTTPS server whose certificate only its own
// (test) CA vouches for; caPEM is that certificate, PEM-encoded.
func newTLSTestServer(t *testing.T, h http.HandlerFunc) (srv *httptest.Server, caPEM string) {
	t.Helper()
	srv = httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return srv, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

func orgsHandler(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, 200, map[string]any{"orgs": []any{}})
}

func TestCACertPEM(t *testing.T) {
	srv, caPEM := newTLSTestServer(t, orgsHandler)
	cfg := Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: testOAuth1, MaxRetries: NoRetries}

	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Probe(context.Background(), "/orgs")
	var verifyErr *tls.CertificateVerificationError
	if !errors.As(err, &verifyErr) {
		t.Fatalf("without CACertPEM: got %v, want a certificate verification error", err)
	}

	cfg.CACertPEM = caPEM
	c, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Probe(context.Background(), "/orgs"); err != nil {
		t.Fatalf("with CACertPEM: %v", err)
	}
}

func TestCACertPEMAppliesToTokenEndpoint(t *testing.T) {
	srv, caPEM := newTLSTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			writeJSON(w, 200, map[string]any{"access_token": "tok-ca-test", "token_type": "Bearer", "expires_in": 3600})
			return
		}
		orgsHandler(w, r)
	})
	c, err := New(Config{
		BaseURL:   srv.URL + "/ims/oneroster/v1p1",
		Auth:      &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL + "/token"},
		CACertPEM: caPEM,
	})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token(context.Background())
	if err != nil || tok.AccessToken != "tok-ca-test" {
		t.Fatalf("Token = %v, %v", tok, err)
	}
}

func TestInsecureSkipVerify(t *testing.T) {
	srv, _ := newTLSTestServer(t, orgsHandler)
	c, err := New(Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: testOAuth1, InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Probe(context.Background(), "/orgs"); err != nil {
		t.Fatalf("with InsecureSkipVerify: %v", err)
	}
}

func TestCACertPEMInvalid(t *testing.T) {
	for name, pemText := range map[string]string{
		"no PEM":      "not a certificate",
		"private key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
		"bad DER":     "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
	} {
		_, err := New(Config{BaseURL: "https://sis.example/ims/oneroster/v1p1", Auth: testOAuth1, CACertPEM: pemText})
		if err == nil || !strings.Contains(err.Error(), "CACertPEM") {
			t.Errorf("%s: err = %v, want one naming CACertPEM", name, err)
		}
	}
}

func TestTLSOptionsKeepACustomTransportAndRaiseItsMinimum(t *testing.T) {
	_, caPEM := newTLSTestServer(t, orgsHandler)
	custom := &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS10}}
	rt, err := baseTransport(Config{HTTPClient: &http.Client{Transport: custom}, CACertPEM: caPEM}, DefaultMaxConcurrency)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := rt.(*http.Transport)
	if !ok || tr == custom {
		t.Fatalf("got %T (same as custom: %v), want a clone", rt, tr == custom)
	}
	if tr.TLSClientConfig.MinVersion != tls.VersionTLS12 || tr.TLSClientConfig.RootCAs == nil {
		t.Errorf("clone: MinVersion %x, RootCAs %v", tr.TLSClientConfig.MinVersion, tr.TLSClientConfig.RootCAs)
	}
	if custom.TLSClientConfig.MinVersion != tls.VersionTLS10 || custom.TLSClientConfig.RootCAs != nil {
		t.Error("the custom transport was modified")
	}
	_, err = baseTransport(Config{HTTPClient: &http.Client{Transport: roundTripFunc(nil)}, InsecureSkipVerify: true}, DefaultMaxConcurrency)
	if err == nil {
		t.Error("TLS options with a non-*http.Transport were accepted")
	}
}

func TestPlainHTTPRefusedOffLoopback(t *testing.T) {
	for _, tc := range []struct {
		base, token string
		allow       bool
		wantErr     string
	}{
		{base: "http://sis.example/ims/oneroster/v1p1", wantErr: "BaseURL http://sis.example/ims/oneroster/v1p1 uses plain http://"},
		{base: "http://10.0.0.5:8080/ims/oneroster/v1p1", wantErr: "BaseURL"},
		{base: "http://sis.example/ims/oneroster/v1p1", allow: true},
		{base: "http://127.0.0.1:8080/ims/oneroster/v1p1"},
		{base: "http://127.5.0.1/ims/oneroster/v1p1"},
		{base: "http://localhost:8080/ims/oneroster/v1p1"},
		{base: "http://sandbox.localhost/ims/oneroster/v1p1"},
		{base: "http://[::1]:8080/ims/oneroster/v1p1"},
		{base: "https://sis.example/ims/oneroster/v1p1", token: "http://sis.example/oauth/token?secret=x", wantErr: "OAuth2ClientCredentials token URL " +
			"http://sis.example/oauth/token uses plain http://"},
		{base: "https://sis.example/ims/oneroster/v1p1", token: "http://sis.example/oauth/token", allow: true},
		{base: "https://sis.example/ims/oneroster/v1p1", token: "https://sis.example/oauth/token"},
	} {
		cfg := Config{BaseURL: tc.base, Auth: testOAuth1, AllowInsecureHTTP: tc.allow}
		if tc.token != "" {
			cfg.Auth = &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret", TokenURL: tc.token}
		}
		_, err := New(cfg)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s %s allow=%v: %v", tc.base, tc.token, tc.allow, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s %s: err = %v, want %q", tc.base, tc.token, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "secret=x"):
			t.Errorf("error shows the query: %v", err)
		}
	}
}

// A token endpoint that redirects is never followed: a 307 or 308 would
// resend the form body, which holds the password (and, with form client
// authentication, the client secret); after a 301, 302 or 303 Go would ask
// again with a credential-free GET, and use whatever token the other
// host hands out. Same-host redirects are refused too: no token endpoint
// needs one, and following would hide a wrong token URL.
func TestTokenRedirectsAreRefused(t *testing.T) {
	var otherCalls atomic.Int32
	other := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		otherCalls.Add(1)
		writeJSON(w, 200, map[string]any{"access_token": "stolen", "token_type": "Bearer"})
	})
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, target := range []string{other.URL + "/token", "/real-token"} {
			var calls atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if r.URL.Path == "/real-token" {
					writeJSON(w, 200, map[string]any{"access_token": "same-host", "token_type": "Bearer"})
					return
				}
				http.Redirect(w, r, target, status)
			})
			c, _ := newTestClient(t, srv, func(cfg *Config) {
				cfg.Auth = &OAuth2Password{Username: "api", Password: "pw-redirect-test", TokenURL: srv.URL + "/token", ClientAuth: ClientAuthBody}
			})
			_, err := c.Token(context.Background())
			if err == nil || !strings.Contains(err.Error(), "answered with a redirect, which is never followed") {
				t.Errorf("%d to %s: Token err = %v, want a refused redirect", status, target, err)
				continue
			}
			assertContains(t, err.Error(), "set the token URL to the token endpoint itself")
			if strings.Contains(err.Error(), "pw-redirect-test") {
				t.Errorf("error shows the password: %v", err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("%d to %s: the token endpoint was asked %d times, want once (no retry, no follow)", status, target, n)
			}
		}
	}
	if n := otherCalls.Load(); n != 0 {
		t.Errorf("the other host was called %d times", n)
	}
}

// The default transport takes proxies from HTTP_PROXY and friends. Go reads
// them once per process, so the check runs in a child process of the test
// binary with its own environment; this process plays the proxy.
func TestProxyFromEnvironment(t *testing.T) {
	if os.Getenv("ONEROSTER_PROXY_CHILD") == "1" {
		c, err := New(Config{BaseURL: "http://sis.proxied.example/ims/oneroster/v1p1", Auth: testOAuth1, AllowInsecureHTTP: true, MaxRetries: NoRetries})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Probe(context.Background(), "/orgs"); err != nil {
			t.Fatal(err)
		}
		return
	}
	var proxied atomic.Int32
	proxy := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		// A forward proxy receives the absolute URL of the origin.
		if r.URL.Host == "sis.proxied.example" && r.URL.Path == "/ims/oneroster/v1p1/orgs" {
			proxied.Add(1)
			orgsHandler(w, r)
			return
		}
		http.Error(w, "unexpected request "+r.URL.String(), http.StatusBadGateway)
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ONEROSTER_PROXY_CHILD=1",
		"HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=", "REQUEST_METHOD=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if proxied.Load() != 1 {
		t.Fatalf("the proxy saw %d requests for the origin, want 1\n%s", proxied.Load(), out)
	}
}

// A failed TLS handshake gets the same answer every time: neither API nor
// token requests retry it, and the error says why.
func TestTLSFailuresAreNotRetried(t *testing.T) {
	servers := map[string]func(h http.Handler) *httptest.Server{
		"unknown CA": httptest.NewTLSServer,
		"TLS 1.1 at most": func(h http.Handler) *httptest.Server {
			srv := httptest.NewUnstartedServer(h)
			srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
			srv.StartTLS()
			return srv
		},
	}
	for name, start := range servers {
		var handshakes atomic.Int32
		srv := start(http.HandlerFunc(orgsHandler))
		srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				handshakes.Add(1)
			}
		}
		t.Cleanup(srv.Close)
		// InsecureSkipVerify lets the TLS 1.1 server fail on the version
		// alone; the unknown CA must fail on its certificate.
		skipVerify := name != "unknown CA"
		for _, auth := range []Auth{testOAuth1, &OAuth2ClientCredentials{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL + "/token",
			ClientAuth: ClientAuthBody}} {
			handshakes.Store(0)
			c, clock := newTestClient(t, srv, func(cfg *Config) { cfg.Auth, cfg.InsecureSkipVerify = auth, skipVerify })
			_, err := c.Probe(context.Background(), "/orgs")
			switch {
			case err == nil:
				t.Fatalf("%s, %s: the probe succeeded", name, auth.authMethod())
			case !IsTLSFailure(err):
				t.Errorf("%s, %s: %v is not a TLS failure", name, auth.authMethod(), err)
			case !strings.Contains(err.Error(), "retrying cannot cure"):
				t.Errorf("%s, %s: the error does not say it was not retried: %v", name, auth.authMethod(), err)
			case skipVerify && !strings.Contains(err.Error(), "TLS 1.2 or later"):
				t.Errorf("%s, %s: the error does not name the TLS floor: %v", name, auth.authMethod(), err)
			case !skipVerify && !IsCertificateError(err):
				t.Errorf("%s, %s: %v is not a certificate error", name, auth.authMethod(), err)
			}
			if n := len(clock.Sleeps()); n != 0 || handshakes.Load() != 1 {
				t.Errorf("%s, %s: %d handshakes and %d waits, want 1 and 0", name, auth.authMethod(), handshakes.Load(), n)
			}
		}
	}
}

// Only handshakes that would fail the same way again count as TLS
// failures; a handshake that timed out or a refused connection is retried.
func TestIsTLSFailure(t *testing.T) {
	for err, want := range map[error]bool{
		errors.New("tls: server selected unsupported protocol version 302"):                      true,
		&net.OpError{Op: "remote error", Err: errors.New("tls: protocol version not supported")}: true,
		tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}:            true,
		errors.New("net/http: TLS handshake timeout"):                                            false,
		&net.OpError{Op: "dial", Err: errors.New("connect: connection refused")}:                 false,
		&net.OpError{Op: "read", Err: errors.New("connection reset by peer")}:                    false,
	} {
		if got := IsTLSFailure(err); got != want {
			t.Errorf("IsTLSFailure(%v) = %v, want %v", err, got, want)
		}
	}
}

// CloseIdleConnections closes the connections the client keeps alive
// after its requests, so that many short-lived clients (a plan's
// connection probes) do not each keep theirs open.
func TestCloseIdleConnectionsClosesKeptAliveConnections(t *testing.T) {
	var mu sync.Mutex
	states := map[net.Conn]http.ConnState{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"orgs":[]}`))
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		states[c] = s
	}
	srv.Start()
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: &BearerToken{Token: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Probe(context.Background(), "/orgs"); err != nil {
		t.Fatal(err)
	}
	open := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, s := range states {
			if s != http.StateClosed {
				n++
			}
		}
		return n
	}
	if open() == 0 {
		t.Fatal("no connection kept alive after the request: nothing to close")
	}
	c.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for open() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := open(); n > 0 {
		t.Errorf("%d connections still open after CloseIdleConnections", n)
	}
}

// A client keeps alive a connection for each request it may have in
// flight, across several operations at once (as a provider's resources
// share its client), so that the next batch of requests reuses them
// rather than opening new ones: Go's default pool keeps 2 per host.
func TestConcurrentRequestsReuseTheirConnections(t *testing.T) {
	const operations, batches = 3, 3
	inFlight := operations * DefaultMaxConcurrency
	var mu sync.Mutex
	opened, closed, arrived := 0, 0, 0
	released := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Each batch's requests wait for one another, so that the batch
		// holds inFlight connections at once.
		mu.Lock()
		arrived++
		wait := released
		if arrived%inFlight == 0 {
			close(released)
			released = make(chan struct{})
		}
		mu.Unlock()
		select {
		case <-wait:
		case <-time.After(5 * time.Second):
		}
		writeJSON(w, 200, map[string]any{"orgs": []any{}})
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch s {
		case http.StateNew:
			opened++
		case http.StateClosed:
			closed++
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL + "/ims/oneroster/v1p1", Auth: &BearerToken{Token: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var failures atomic.Int64
	for range batches {
		var wg sync.WaitGroup
		for range operations {
			wg.Go(func() {
				c.ForEach(ctx, DefaultMaxConcurrency, func(ctx context.Context, _ int) {
					if _, err := c.Probe(ctx, "/orgs"); err != nil {
						failures.Add(1)
					}
				})
			})
		}
		wg.Wait()
	}
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d requests failed", n)
	}
	mu.Lock()
	if opened != inFlight {
		t.Errorf("%d batches of %d requests at once opened %d connections, want %d: the later batches should reuse the first's",
			batches, inFlight, opened, inFlight)
	}
	mu.Unlock()
	// The larger pool still empties on CloseIdleConnections.
	c.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		open := opened - closed
		mu.Unlock()
		if open == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still open after CloseIdleConnections", open)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
