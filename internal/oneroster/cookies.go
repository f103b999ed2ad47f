package oneroster

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Limits on what the jar keeps, from RFC 6265 §6.1 (the least a user
// agent must support, which is also what servers may count on): cookies of
// more than maxCookieBytes are dropped, and past maxCookiesPerDomain
// cookies for one domain, or maxCookies in all, the oldest go. Without
// them, a server that sets new cookies on every page makes every later
// request carry all of them.
const (
	maxCookieBytes      = 4096
	maxCookiesPerDomain = 50
	maxCookies          = 3000
)

// scopedJar is the client's own cookie jar. Some SIS servers sit behind a
// load balancer that pins a client to one back end with cookies set on the
// token response (Aeries: ASP.NET_SessionId and ARRAffinity), and refuse
// later calls that do not carry them. The jar stores and sends cookies only
// for the origins (scheme, host and port) this client sends its
// credentials to (the service base URLs and the token endpoint): a cookie
// set by any other origin, a redirect target on another host or another
// port of the same host for instance, is dropped, and none is ever sent
// there.
type scopedJar struct {
	jar *cookiejar.Jar

	mu      sync.Mutex
	origins map[string]bool
	// kept lists the cookies in jar, oldest first, for the limits:
	// cookiejar.Jar neither counts nor evicts.
	kept []keptCookie
}

// keptCookie is one cookie in the jar, as the jar identifies it (domain,
// path, name), with what it takes to delete it again.
type keptCookie struct {
	domain, path, name string
	expires            time.Time // zero for a session cookie
	from               *url.URL
	// domainAttr and pathAttr are the cookie's Domain and Path as set:
	// set again from the URL from, with MaxAge -1, they delete it.
	domainAttr, pathAttr string
}

func newScopedJar(origins ...*url.URL) *scopedJar {
	// A nil public suffix list only widens which Domain attributes are
	// accepted; the origin scope below is what limits where cookies go.
	jar, _ := cookiejar.New(nil) // never fails with nil options
	j := &scopedJar{jar: jar, origins: map[string]bool{}}
	for _, u := range origins {
		j.allow(u)
	}
	return j
}

// originOf is u's scheme, host and port, the default port made explicit.
func originOf(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(hostPort(u))
}

// allow adds u's origin to the origins that may set and receive cookies.
func (j *scopedJar) allow(u *url.URL) {
	if u == nil {
		return
	}
	j.mu.Lock()
	j.origins[originOf(u)] = true
	j.mu.Unlock()
}

func (j *scopedJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.origins[originOf(u)] {
		return
	}
	now := time.Now() // cookiejar.Jar's clock
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	for _, c := range cookies {
		if cookieSize(c) > maxCookieBytes {
			continue
		}
		k := keptCookie{name: c.Name, from: u, domainAttr: c.Domain, pathAttr: c.Path, domain: host, path: c.Path}
		if c.Domain != "" {
			k.domain = strings.ToLower(strings.TrimPrefix(c.Domain, "."))
			if k.domain != host && !strings.HasSuffix(host, "."+k.domain) {
				continue // cookiejar.Jar refuses it too: u may not set cookies for that domain
			}
		}
		if k.path == "" || k.path[0] != '/' {
			k.path = cookieDefaultPath(u.Path)
		}
		removed := false
		switch {
		case c.MaxAge < 0:
			removed = true
		case c.MaxAge > 0:
			k.expires = now.Add(time.Duration(c.MaxAge) * time.Second)
		case !c.Expires.IsZero():
			k.expires, removed = c.Expires, !c.Expires.After(now)
		}
		j.jar.SetCookies(u, []*http.Cookie{c})
		j.keep(k, removed, now)
	}
}

// keep records k as set (or, when removed, as deleted) and evicts the
// oldest cookies past the limits. A cookie set again keeps its place: RFC
// 6265 §5.3 keeps the creation time of the cookie it replaces.
func (j *scopedJar) keep(k keptCookie, removed bool, now time.Time) {
	perDomain := 0
	found := false
	live := j.kept[:0]
	for _, old := range j.kept {
		switch {
		case old.domain == k.domain && old.path == k.path && old.name == k.name:
			found = true
			if removed {
				continue
			}
			old.expires = k.expires
		case !old.expires.IsZero() && !old.expires.After(now):
			continue // expired: cookiejar.Jar no longer sends it either
		}
		if old.domain == k.domain {
			perDomain++
		}
		live = append(live, old)
	}
	j.kept = live
	if removed || found {
		return
	}
	j.kept = append(j.kept, k)
	perDomain++
	for i := 0; i < len(j.kept) && (perDomain > maxCookiesPerDomain || len(j.kept) > maxCookies); {
		if old := j.kept[i]; len(j.kept) > maxCookies || old.domain == k.domain {
			j.jar.SetCookies(old.from, []*http.Cookie{{Name: old.name, Domain: old.domainAttr, Path: old.pathAttr, MaxAge: -1}})
			if old.domain == k.domain {
				perDomain--
			}
			j.kept = append(j.kept[:i], j.kept[i+1:]...)
			continue
		}
		i++
	}
}

func (j *scopedJar) Cookies(u *url.URL) []*http.Cookie {
	j.mu.Lock()
	allowed := j.origins[originOf(u)]
	j.mu.Unlock()
	if !allowed {
		return nil
	}
	return j.jar.Cookies(u)
}

// cookieSize is the size RFC 6265 §6.1 limits: name, value and
// attributes, as the server sent them when known.
func cookieSize(c *http.Cookie) int {
	if c.Raw != "" {
		return len(c.Raw)
	}
	return len(c.String())
}

// cookieDefaultPath is RFC 6265 §5.1.4's default-path of a request path,
// as cookiejar.Jar computes it for a cookie without a Path.
func cookieDefaultPath(p string) string {
	i := strings.LastIndex(p, "/")
	if p == "" || p[0] != '/' || i == 0 {
		return "/"
	}
	return p[:i]
}
