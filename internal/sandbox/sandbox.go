// Package sandbox is an in-memory OneRoster 1.1 and 1.2 server: the fake SIS that
// the provider's tests run against in-process and that `make demo` runs as a
// process (internal/cmd/oneroster-sandbox).
//
// It serves every operation of the 1.1 REST binding, and of the three 1.2
// bindings (rostering, gradebook, resources), over one generated,
// deterministic district, with the binding's envelopes, query parameters
// (limit, offset, sort, orderBy, filter, fields), paging headers, imsx
// errors and OAuth scopes. Quirks switch on the deviations real SIS
// servers show (string booleans, relative hrefs, capped pages, 429 bursts…)
// and can be changed while the server runs.
//
// It shares the record types of internal/model with the client but none of
// the client's code, and checks OAuth with internal/sandbox/oauthcheck,
// which is written from the RFCs rather than from the client's libraries.
package sandbox

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// Paths and the sandbox's fixed demo credentials.
const (
	BasePath = "/ims/oneroster/v1p1"
	// BasePathV1p2 is the OneRoster 1.2 rostering service's, which the
	// sandbox serves beside 1.1 from the same district.
	BasePathV1p2 = "/ims/oneroster/rostering/v1p2"
	// BasePathGradebookV1p2 and BasePathResourcesV1p2 are the OneRoster
	// 1.2 gradebook and resources services', served from the same
	// district.
	BasePathGradebookV1p2 = "/ims/oneroster/gradebook/v1p2"
	BasePathResourcesV1p2 = "/ims/oneroster/resources/v1p2"
	TokenPath             = "/oauth2/token"

	// OAuth 1.0a two-legged consumer (every scope).
	ConsumerKey    = "sandbox-consumer"
	ConsumerSecret = "sandbox-consumer-secret"
	// OAuth 2 client credentials with every scope.
	ClientID     = "sandbox-client"
	ClientSecret = "sandbox-client-secret"
	// OAuth 2 client credentials with roster-core.readonly only.
	ReadOnlyClientID     = "sandbox-core-client"
	ReadOnlyClientSecret = "sandbox-core-secret"
	// OAuth 2 password grant user with every scope.
	Username = "sandbox-admin"
	Password = "sandbox-password"
)

// Options configure a Server.
type Options struct {
	// Addr is the listen address for Start; default "127.0.0.1:0".
	Addr string
	// District sizes and seeds the generated data.
	District DistrictSpec
	// Quirks are the deviations from the binding to start with.
	Quirks Quirks
	// TokenLifetime is the lifetime of OAuth 2 access tokens (default 1h).
	TokenLifetime time.Duration
	// Now is the server clock (default time.Now); it stamps
	// dateLastModified on writes and drives token expiry.
	Now func() time.Time
	// Pages caps every page of every service, in one paging style,
	// whatever quirks are set later (see PageOverride); the zero value
	// changes nothing.
	Pages PageOverride
}

// Server is the sandbox OneRoster server. It implements http.Handler and is
// safe for concurrent use.
type Server struct {
	now  func() time.Time
	auth *oauthcheck.Checker

	// mu guards data: rostering data never changes after New, gradebook
	// records change under PUT and DELETE.
	mu   sync.RWMutex
	data *district

	quirksMu sync.Mutex
	quirks   Quirks
	pages    PageOverride // merged into the quirks of every request

	countMu  sync.Mutex
	requests map[string]int // request count per URL path

	faults faultBoard // see faults.go

	// sessions maps the ASP.NET_SessionId cookies handed out under the
	// RequireCookies quirk to their ARRAffinity; guarded by quirksMu.
	sessions map[string]string
}

// New generates the district and returns a server for it.
func New(opts Options) *Server {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Server{
		data:     generate(opts.District),
		requests: map[string]int{},
		sessions: map[string]string{},
		pages:    opts.Pages,
	}
	s.now = s.clock(now) // now, moved by SetClockOffset
	s.auth = oauthcheck.New(oauthcheck.Config{
		Consumers: []oauthcheck.Consumer{{Key: ConsumerKey, Secret: ConsumerSecret}},
		Clients: []oauthcheck.Client{
			{ID: ClientID, Secret: ClientSecret, Scopes: append(oauthcheck.AllScopes(), oauthcheck.AllScopesV1p2()...)},
			{ID: ReadOnlyClientID, Secret: ReadOnlyClientSecret, Scopes: []string{oauthcheck.ScopeRosterCore}},
		},
		Users:         []oauthcheck.User{{Username: Username, Password: Password, Scopes: oauthcheck.AllScopes()}},
		TokenLifetime: opts.TokenLifetime,
		Now:           s.now,
	})
	s.SetQuirks(opts.Quirks)
	return s
}

// Auth returns the OAuth checker, e.g. to expire tokens in a test.
func (s *Server) Auth() *oauthcheck.Checker { return s.auth }

// ServeHTTP serves the token endpoint at TokenPath and the OneRoster API
// under BasePath. It never panics: a panic becomes a 500 imsx error.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := s.pages.apply(s.Quirks())
	rw := &statusRecorder{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v) // the server's way to abort a response; let it through
			}
			if !rw.wrote {
				s.writeError(rw, q, apiError{
					status:      http.StatusInternalServerError,
					codeMinor:   minorInternal,
					description: "the sandbox failed while handling the request",
				})
			}
		}
	}()
	if q.ResolveDotSegments {
		r = normalisePath(r)
	}
	s.count(r.URL.Path)
	if !sleep(r.Context(), q.Latency) {
		return
	}
	s.serveWithFaults(rw, r, q)
}

// dispatch routes a request to the token endpoint or the API.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, q Quirks) {
	r = mount(r, q.Mounts)
	if s.vendorGate(w, r, q) {
		return
	}
	if r.URL.Path == TokenPath {
		s.serveToken(w, r, q)
		return
	}
	for i := range apis {
		if a := &apis[i]; r.URL.Path == a.basePath || strings.HasPrefix(r.URL.Path, a.basePath+"/") {
			s.serveAPI(&call{s: s, w: w, r: r, q: q, version: a.version, api: a})
			return
		}
	}
	s.writeError(w, q, apiError{
		status:      http.StatusNotFound,
		codeMinor:   minorUnknownObject,
		description: "no OneRoster endpoint at " + r.URL.Path + "; the API is served under " + BasePath + " (1.1) and " + BasePathV1p2 + " (1.2)",
	})
}

// api is one service the sandbox serves: its base path, the version of
// the binding it speaks and its operations.
type api struct {
	basePath string
	version  string
	routes   []route
}

// apis are the services the sandbox serves, all from one district.
var apis = []api{
	{BasePath, v1p1, routes},
	{BasePathV1p2, v1p2, routesV1p2},
	{BasePathGradebookV1p2, v1p2, routesGradebookV1p2},
	{BasePathResourcesV1p2, v1p2, routesResourcesV1p2},
}

// serveAPI answers a request under BasePath: throttling, authentication,
// unsupported topics, routing, scopes, then the route's handler.
func (s *Server) serveAPI(c *call) {
	grant, ok := s.admit(c)
	if !ok {
		return
	}
	segs := splitPath(strings.TrimPrefix(c.r.URL.Path, c.api.basePath))
	rt, ids, ok := s.findRoute(c, segs, grant)
	if !ok {
		return
	}
	s.runRoute(c, rt, segs, ids)
}

// admit throttles and authenticates the request. It answers and returns
// false for a request it refuses.
func (s *Server) admit(c *call) (grant oauthcheck.Grant, ok bool) {
	if retryAfter, busy := s.takeTooManyRequests(); busy {
		c.w.Header().Set("Retry-After", retryAfter)
		c.fail(&apiError{
			status:      http.StatusTooManyRequests,
			codeMinor:   minorServerBusy,
			description: "too many requests; retry after " + retryAfter + " seconds",
		})
		return grant, false
	}
	grant, failure := s.authenticate(c.r, c.q)
	if failure != nil {
		s.writeAuthFailure(c.w, c.q, failure)
		return grant, false
	}
	if c.version == v1p2 && grant.Method == oauthcheck.MethodOAuth1 {
		// The 1.2 security framework is OAuth 2 only: a signature that
		// 1.1 accepts is no credential here.
		c.fail(&apiError{
			status:      http.StatusUnauthorized,
			codeMinor:   minorUnauthorisedRequest,
			description: "OneRoster 1.2 accepts OAuth 2 bearer tokens only, not OAuth 1.0a signatures",
		})
		return grant, false
	}
	return grant, true
}

// findRoute finds the route for the request's path, segs, and checks that
// the server offers it and grant allows it. It answers and returns false
// for a request it refuses.
func (s *Server) findRoute(c *call, segs []string, grant oauthcheck.Grant) (rt *route, ids []string, ok bool) {
	if topic, status := unsupported(c.q, segs); status != 0 {
		s.writeUnsupported(c.w, c.q, status, topic)
		return nil, nil, false
	}
	if status := c.q.nestedRouteStatus(c.r.Method, segs); status != 0 {
		s.writeUnsupported(c.w, c.q, status, "nested routes")
		return nil, nil, false
	}
	rt, ids, allowed, apiErr := match(c.api.routes, c.r.Method, segs)
	if apiErr != nil {
		if len(allowed) > 0 {
			c.w.Header().Set("Allow", strings.Join(allowed, ", "))
		}
		c.fail(apiErr)
		return nil, nil, false
	}
	if rt.method == http.MethodPost && c.q.PostsUnsupported != 0 {
		c.failAbsentPost(segs)
		return nil, nil, false
	}
	if !rt.scope.allows(grant) {
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="OneRoster", error="insufficient_scope", scope="`+strings.Join(rt.scope, " ")+`"`)
		c.fail(&apiError{
			status:    http.StatusForbidden,
			codeMinor: minorForbidden,
			field:     "scope",
			description: "the credentials do not grant " + rt.scope.describe() +
				", which " + rt.method + " " + rt.pattern + " needs",
		})
		return nil, nil, false
	}
	return rt, ids, true
}

// runRoute runs the route's handler on the district, under its write lock
// for a write and its read lock otherwise. ids are the path's ids, as
// the route matched them in segs.
func (s *Server) runRoute(c *call, rt *route, segs, ids []string) {
	if rt.write {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	if c.q.CaseInsensitiveIDs {
		canonicalIDs(s.data, segs)
		ids, _ = rt.matchPath(segs)
	}
	c.ids = ids
	if rt.write {
		// Counted for Fault.AfterWrite.
		w := &writeRecorder{ResponseWriter: c.w}
		c.w = w
		defer func() {
			if w.status >= 200 && w.status < 300 {
				s.faults.writes.Add(1)
			}
		}()
	}
	rt.handle(c, s.data)
}

// writeRecorder remembers the status of a write's answer.
type writeRecorder struct {
	http.ResponseWriter
	status int
}

func (w *writeRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writeRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *writeRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// count records one request for Requests.
func (s *Server) count(path string) {
	s.countMu.Lock()
	s.requests[path]++
	s.countMu.Unlock()
}

// Requests returns how many requests (of any outcome, 429s and 401s
// included) hit paths under BasePath+pathPrefix, e.g. Requests("/orgs").
func (s *Server) Requests(pathPrefix string) int { return s.RequestsUnder(BasePath, pathPrefix) }

// RequestsUnder is Requests for the service at basePath, e.g.
// RequestsUnder(BasePathGradebookV1p2, "/lineItems").
func (s *Server) RequestsUnder(basePath, pathPrefix string) int {
	prefix := basePath + pathPrefix
	s.countMu.Lock()
	defer s.countMu.Unlock()
	n := 0
	for p, c := range s.requests {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// TokenRequests returns how many requests hit the token endpoint.
func (s *Server) TokenRequests() int {
	s.countMu.Lock()
	defer s.countMu.Unlock()
	return s.requests[TokenPath]
}

// ResetRequests forgets the request counts.
func (s *Server) ResetRequests() {
	s.countMu.Lock()
	clear(s.requests)
	s.countMu.Unlock()
}

// sleep waits d, or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// statusRecorder remembers whether a response was started, so that a
// recovered panic only writes an error when nothing was sent yet.
type statusRecorder struct {
	http.ResponseWriter
	wrote bool
}

func (w *statusRecorder) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (for faults
// that hijack it).
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Running is a sandbox listening on a loopback address.
type Running struct {
	URL     string // http://127.0.0.1:port
	BaseURL string // URL + BasePath
	// BaseURLV1p2 is URL + BasePathV1p2: the same district over OneRoster
	// 1.2 (rostering, OAuth 2 only).
	BaseURLV1p2 string
	// GradebookBaseURLV1p2 and ResourcesBaseURLV1p2 are URL +
	// BasePathGradebookV1p2 and URL + BasePathResourcesV1p2: 1.2's other
	// services, at the paths a client derives from BaseURLV1p2.
	GradebookBaseURLV1p2 string
	ResourcesBaseURLV1p2 string
	TokenURL             string // URL + TokenPath + "?appName=sandbox"
	Server               *Server

	http      *http.Server
	done      chan error
	closeOnce sync.Once
	closeErr  error
}

// Start generates the district and serves it over plain HTTP on opts.Addr
// (default 127.0.0.1:0) until Close.
func Start(opts Options) (*Running, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := New(opts)
	url := "http://" + ln.Addr().String()
	run := &Running{
		URL:                  url,
		BaseURL:              url + BasePath,
		BaseURLV1p2:          url + BasePathV1p2,
		GradebookBaseURLV1p2: url + BasePathGradebookV1p2,
		ResourcesBaseURLV1p2: url + BasePathResourcesV1p2,
		TokenURL:             url + TokenPath + "?appName=sandbox",
		Server:               s,
		http:                 &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second},
		done:                 make(chan error, 1),
	}
	go func() { run.done <- run.http.Serve(ln) }()
	return run, nil
}

// Close stops the server, waiting up to five seconds for requests in
// flight. Closing again returns the first result.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := r.http.Shutdown(ctx)
		if serveErr := <-r.done; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
			err = serveErr
		}
		r.closeErr = err
	})
	return r.closeErr
}
