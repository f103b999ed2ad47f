package provider_test

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// hostileServer puts a sandbox behind a token endpoint that misbehaves the
// way an adversarial review (issue 15) found servers do. With no switch set
// it passes every request on.
type hostileServer struct {
	next http.Handler
	// echo answers every token request 401 invalid_client, with an
	// error_description quoting the Authorization header, the body and
	// the query it got.
	echo bool
	// redirectTo answers every token request with a 302 to this base URL
	// (path and query kept).
	redirectTo string

	tokenRequests atomic.Int32
	handshakes    atomic.Int32 // TLS ClientHellos, when served over TLS
}

func (h *hostileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != sandbox.TokenPath {
		h.next.ServeHTTP(w, r)
		return
	}
	h.tokenRequests.Add(1)
	switch {
	case h.echo:
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{
			"error": "invalid_client",
			"error_description": fmt.Sprintf("rejected Authorization: %s; body: %s; query: %s",
				r.Header.Get("Authorization"), body, r.URL.RawQuery),
		})
	case h.redirectTo != "":
		http.Redirect(w, r, strings.TrimSuffix(h.redirectTo, "/")+r.URL.RequestURI(), http.StatusFound)
	default:
		h.next.ServeHTTP(w, r)
	}
}

// start serves h over plain HTTP on loopback, or, with tlsConfig, over TLS
// with httptest's own certificate, which no client trusts.
func (h *hostileServer) start(t *testing.T, tlsConfig *tls.Config) *httptest.Server {
	t.Helper()
	if tlsConfig == nil {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv
	}
	srv := httptest.NewUnstartedServer(h)
	tlsConfig = tlsConfig.Clone()
	tlsConfig.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		h.handshakes.Add(1)
		return nil, nil
	}
	srv.TLS = tlsConfig
	// Failed handshakes are the point here: keep them out of the test log.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
