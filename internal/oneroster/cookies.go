package oneroster

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
)

// scopedJar is the client's own cookie jar. Some SIS servers sit behind a
// load balancer that pins a client to one back end with cookies set on the
// token response (Aeries: ASP.NET_SessionId and ARRAffinity), and refuse
// later calls that do not carry them. The jar stores and sends cookies only
// for the hosts this client sends its credentials to (the API and token
// hosts): a cookie set by any other host, a redirect target for instance,
// is dropped, and none is ever sent there.
type scopedJar struct {
	jar *cookiejar.Jar

	mu    sync.RWMutex
	hosts map[string]bool
}

func newScopedJar(hosts ...*url.URL) *scopedJar {
	// A nil public suffix list only widens which Domain attributes are
	// accepted; the host scope below is what limits where cookies go.
	jar, _ := cookiejar.New(nil) // never fails with nil options
	j := &scopedJar{jar: jar, hosts: map[string]bool{}}
	for _, u := range hosts {
		j.allow(u)
	}
	return j
}

// allow adds u's host to the hosts that may set and receive cookies.
func (j *scopedJar) allow(u *url.URL) {
	if u == nil {
		return
	}
	j.mu.Lock()
	j.hosts[strings.ToLower(u.Hostname())] = true
	j.mu.Unlock()
}

func (j *scopedJar) allowed(u *url.URL) bool {
	j.mu.RLock()
	defer j.mu.RUnlock()
	return j.hosts[strings.ToLower(u.Hostname())]
}

func (j *scopedJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	if j.allowed(u) {
		j.jar.SetCookies(u, cookies)
	}
}

func (j *scopedJar) Cookies(u *url.URL) []*http.Cookie {
	if !j.allowed(u) {
		return nil
	}
	return j.jar.Cookies(u)
}
