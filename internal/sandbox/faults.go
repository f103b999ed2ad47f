package sandbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// FaultKind is how a Fault breaks the answer to a request it matches.
type FaultKind string

// Fault kinds. The ones that change a real answer (truncated, reset,
// total count, links, applied-then) let the sandbox answer first, into a
// buffer, and then damage what is sent.
const (
	// FaultStatus answers Status (default 503) with an imsx error body and
	// RetryAfter, if set, as Retry-After (seconds or an HTTP-date). The
	// request is not served.
	FaultStatus FaultKind = "status"
	// FaultReset sends the real answer's status line, headers and half its
	// body, then drops the connection: a reset mid-body.
	FaultReset FaultKind = "reset"
	// FaultSlow waits Delay before serving the request (or until the client
	// gives up): a server slower than the client's request timeout.
	FaultSlow FaultKind = "slow"
	// FaultTruncated answers the real status and headers with half the
	// body, Content-Length matching: a complete HTTP answer whose JSON is
	// cut short.
	FaultTruncated FaultKind = "truncated"
	// FaultHTML200 answers 200 with an HTML error page, as a proxy or a
	// login portal does.
	FaultHTML200 FaultKind = "html200"
	// FaultEmpty200 answers 200 with an empty body.
	FaultEmpty200 FaultKind = "empty200"
	// FaultExpireTokens makes every OAuth 2 token issued so far expire just
	// before the request is checked, as if its lifetime ran out mid-way
	// through the client's work.
	FaultExpireTokens FaultKind = "expire_tokens"
	// FaultTotalCount serves the request and adds TotalCountDelta to its
	// X-Total-Count header.
	FaultTotalCount FaultKind = "total_count"
	// FaultNextLoop serves the request and points its Link rel="next" back
	// at the first page.
	FaultNextLoop FaultKind = "next_loop"
	// FaultNextOffHost serves the request and moves its Link rel="next" to
	// OffHost (scheme and host; path and query are kept).
	FaultNextOffHost FaultKind = "next_off_host"
	// FaultHugePage serves the request as if it asked for PageFactor (default
	// 10) times its limit: a page far larger than asked. It rewrites the
	// query before the request is authenticated, so it breaks OAuth 1
	// signatures: use it with OAuth 2.
	FaultHugePage FaultKind = "huge_page"
	// FaultFreshLinkLoop serves the request as if it asked for offset 0 or
	// one limit further, by turns, after its k parameter (0 when absent),
	// and links the next page to the same URL with k+1: pages that never
	// end, alternating two record sets, through URLs never seen before.
	// It rewrites the query before the request is authenticated: use it
	// with OAuth 2.
	FaultFreshLinkLoop FaultKind = "fresh_link_loop"
	// FaultEndlessBody answers 200 with the start of a collection page
	// ({"users":[, named after the last path segment) and then the same
	// record over and over until the client hangs up.
	FaultEndlessBody FaultKind = "endless_body"
	// FaultApplied serves the request for real (a PUT or DELETE takes
	// effect) and then fails to tell the client: it answers Status with an
	// imsx error when Status is set, else delays the real answer by Delay
	// when Delay is set, else drops the connection without an answer.
	FaultApplied FaultKind = "applied"
	// FaultOtherID serves a PUT under a sourcedId of the server's own
	// choosing ("srv-1", "srv-2"…) instead of the one in the URL, and
	// answers with the record under that id, as servers that assign their
	// own ids do. It changes the path before the request is authenticated,
	// so it breaks OAuth 1 signatures: use it with OAuth 2.
	FaultOtherID FaultKind = "other_id"
	// FaultImsxFailure answers Status (default 200) with an imsx failure
	// body, {"imsx_codeMajor":"failure",…,"imsx_description":Description},
	// without serving the request: a refusal dressed as a success.
	FaultImsxFailure FaultKind = "imsx_failure"
	// FaultLyingPairs serves a POST of a set for real (the records are
	// created) and answers sourcedIdPairs that lie, as Lie says: pairs
	// that name records other than the ones created.
	FaultLyingPairs FaultKind = "lying_pairs"
)

// PairsLie is how FaultLyingPairs lies.
type PairsLie string

const (
	// LieOtherID pairs the first record with LieID (another record of the
	// server's) instead of the one created for it.
	LieOtherID PairsLie = "other_id"
	// LieOneID pairs every record with the sourcedId created for the first.
	LieOneID PairsLie = "one_id"
	// LieRotated pairs each record with the sourcedId created for the next
	// (the last with the first's).
	LieRotated PairsLie = "rotated"
)

// Fault is one entry of the sandbox's fault switchboard. A request matches
// when its method, path and endpoint match; the fault then fires for the
// matching requests after the first After, at most Count times (0: every
// time), each time with Probability (0: always).
type Fault struct {
	// Name identifies the fault for FaultHits; it need not be unique.
	Name string
	// Method matches the request method; "" matches any.
	Method string
	// Path matches the path under BasePath: "" is every API path, "/users"
	// exactly that path, "/results/*" one segment (path.Match), and a "*"
	// ending a name any suffix ("/users*" is /users and everything under
	// it).
	Path string
	// BasePath is the service whose paths Path matches under: "" is
	// BasePath (1.1); BasePathGradebookV1p2, for one, matches 1.2's
	// gradebook ("/lineItems/*/results" is its bulk POST).
	BasePath string
	// Token matches the OAuth 2 token endpoint (TokenPath) instead of the
	// API; Path is then ignored.
	Token bool
	// AfterWrite matches only once the sandbox has applied a write since
	// the fault was added (a PUT, POST or DELETE of the API answered 2xx,
	// whatever the fault did to the answer): a read-back that fails after
	// the writes succeeded, while the reads before them pass.
	AfterWrite bool

	Kind FaultKind
	// Status is the HTTP status of FaultStatus and FaultApplied.
	Status int
	// RetryAfter is sent as Retry-After with FaultStatus and FaultApplied.
	RetryAfter string
	// Delay is the wait of FaultSlow and FaultApplied.
	Delay time.Duration
	// TotalCountDelta is added to X-Total-Count by FaultTotalCount.
	TotalCountDelta int
	// OffHost is the base URL ("http://localhost:1234") that
	// FaultNextOffHost moves next links to.
	OffHost string
	// PageFactor multiplies the limit asked for, for FaultHugePage.
	PageFactor int
	// Description is the imsx_description of FaultImsxFailure.
	Description string
	// Lie and LieID say how FaultLyingPairs lies.
	Lie   PairsLie
	LieID string

	// After lets the first After matching requests through untouched.
	After int
	// Count is how many times the fault fires; 0 means every time.
	Count int
	// Probability is the chance that an eligible request is hit; 0 means 1.
	Probability float64
}

// faultBoard is the switchboard state of a Server.
type faultBoard struct {
	mu     sync.Mutex
	faults []*activeFault
	hits   map[string]int
	// clockOffset (nanoseconds) is added to the server clock.
	clockOffset atomic.Int64
	// otherIDs numbers the sourcedIds FaultOtherID makes up.
	otherIDs atomic.Int64
	// writes counts the writes the API applied, for Fault.AfterWrite.
	writes atomic.Int64
}

type activeFault struct {
	Fault
	seen  int // matching requests so far
	fired int
	// writesBefore is faultBoard.writes when the fault was added.
	writesBefore int64
}

// AddFault adds f to the switchboard. Faults are tried in the order added;
// the first one that fires decides the answer.
func (s *Server) AddFault(f Fault) {
	if f.Method != "" {
		f.Method = strings.ToUpper(f.Method)
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = append(s.faults.faults, &activeFault{Fault: f, writesBefore: s.faults.writes.Load()})
}

// ClearFaults removes every fault, forgets the hit counts and resets the
// clock offset.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = nil
	clear(s.faults.hits)
	s.faults.clockOffset.Store(0)
}

// FaultHits returns how many times faults named name have fired.
func (s *Server) FaultHits(name string) int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.hits[name]
}

// SetClockOffset moves the server clock by d (positive: ahead). It moves
// what the OAuth checks see (OAuth 1 timestamps, token expiry), the
// dateLastModified stamps and the Date header, as on a server whose clock
// is wrong. ClearFaults resets it.
func (s *Server) SetClockOffset(d time.Duration) { s.faults.clockOffset.Store(int64(d)) }

// clock returns the server clock: base, moved by the clock offset.
func (s *Server) clock(base func() time.Time) func() time.Time {
	return func() time.Time { return base().Add(time.Duration(s.faults.clockOffset.Load())) }
}

// takeFault returns the fault that fires for r, if any, and counts it.
func (s *Server) takeFault(r *http.Request) *Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for _, f := range s.faults.faults {
		if !f.matches(r) || (f.AfterWrite && s.faults.writes.Load() <= f.writesBefore) {
			continue
		}
		f.seen++
		if f.seen <= f.After || (f.Count > 0 && f.fired >= f.Count) {
			continue
		}
		if f.Probability > 0 && f.Probability < 1 && rand.Float64() >= f.Probability {
			continue
		}
		f.fired++
		if s.faults.hits == nil {
			s.faults.hits = map[string]int{}
		}
		s.faults.hits[f.Name]++
		fault := f.Fault
		return &fault
	}
	return nil
}

func (f *activeFault) matches(r *http.Request) bool {
	if f.Method != "" && f.Method != r.Method {
		return false
	}
	if f.Token {
		return r.URL.Path == TokenPath
	}
	base := f.BasePath
	if base == "" {
		base = BasePath
	}
	p, ok := strings.CutPrefix(r.URL.Path, base)
	if !ok || (p != "" && p[0] != '/') {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*") && !strings.HasSuffix(f.Path, "/*") && !strings.ContainsAny(f.Path[:len(f.Path)-1], "*?["):
		return strings.HasPrefix(p, strings.TrimSuffix(f.Path, "*"))
	}
	matched, err := path.Match(f.Path, p)
	return err == nil && matched
}

// serveWithFaults answers r through the switchboard: the fault that fires
// for it, if any, else normally.
func (s *Server) serveWithFaults(w http.ResponseWriter, r *http.Request, q Quirks) {
	if s.faults.clockOffset.Load() != 0 {
		w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	}
	f := s.takeFault(r)
	if f == nil {
		s.dispatch(w, r, q)
		return
	}
	switch f.Kind {
	case FaultStatus:
		s.writeFaultStatus(w, q, f, "injected fault "+strconv.Quote(f.Name))
	case FaultSlow:
		// net/http notices that a client gave up only once the request's
		// body is read: a slow PUT or POST would otherwise go on waiting,
		// and hold the server's shutdown, after the client cancelled it.
		readAhead(r)
		if sleep(r.Context(), f.Delay) {
			s.dispatch(w, r, q)
		}
	case FaultHTML200:
		serveHTML200(w)
	case FaultEmpty200:
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
	case FaultExpireTokens:
		s.auth.ExpireTokens()
		s.dispatch(w, r, q)
	case FaultHugePage:
		s.serveHugePage(w, r, q, f)
	case FaultFreshLinkLoop:
		s.serveFreshLinkLoop(w, r, q)
	case FaultEndlessBody:
		serveEndlessBody(w, r)
	case FaultReset:
		s.serveReset(w, r, q)
	case FaultTruncated:
		s.serveTruncated(w, r, q)
	case FaultTotalCount:
		s.serveWrongTotalCount(w, r, q, f)
	case FaultNextLoop, FaultNextOffHost:
		ans := s.record(r, q)
		ans.header.Set("Link", rewriteNext(ans.header.Get("Link"), f))
		ans.send(w, ans.body.Bytes())
	case FaultApplied:
		s.serveAfterApplying(w, r, q, f)
	case FaultOtherID:
		s.serveUnderOtherID(w, r, q)
	case FaultLyingPairs:
		s.serveLyingPairs(w, r, q, f)
	case FaultImsxFailure:
		serveImsxFailure(w, f)
	default:
		s.writeError(w, q, apiError{status: http.StatusInternalServerError, codeMinor: minorInternal,
			description: "the sandbox has no fault kind " + strconv.Quote(string(f.Kind))})
	}
}

// serveHTML200 answers 200 with a proxy's HTML error page.
func serveHTML200(w http.ResponseWriter) {
	body := []byte("<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\n" +
		"<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request. Please try again later.</p></body></html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// serveHugePage serves the page asked for f.PageFactor times as long
// (default 10).
func (s *Server) serveHugePage(w http.ResponseWriter, r *http.Request, q Quirks, f *Fault) {
	factor := f.PageFactor
	if factor <= 0 {
		factor = 10
	}
	query := r.URL.Query()
	limit, err := strconv.Atoi(query.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100 // the binding's default
	}
	query.Set("limit", strconv.Itoa(limit*factor))
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = query.Encode()
	s.dispatch(w, r2, q)
}

// serveReset sends half the answer, then drops the connection.
func (s *Server) serveReset(w http.ResponseWriter, r *http.Request, q Quirks) {
	ans := s.record(r, q)
	ans.header.Set("Content-Length", strconv.Itoa(len(ans.body.Bytes())))
	dropConnection(w, ans, len(ans.body.Bytes())/2)
}

// serveTruncated sends the first half of the answer as if it were all of it.
func (s *Server) serveTruncated(w http.ResponseWriter, r *http.Request, q Quirks) {
	ans := s.record(r, q)
	half := ans.body.Bytes()[:ans.body.Len()/2]
	ans.header.Set("Content-Length", strconv.Itoa(len(half)))
	ans.send(w, half)
}

// serveWrongTotalCount sends the answer with X-Total-Count off by
// f.TotalCountDelta.
func (s *Server) serveWrongTotalCount(w http.ResponseWriter, r *http.Request, q Quirks, f *Fault) {
	ans := s.record(r, q)
	if n, err := strconv.Atoi(ans.header.Get("X-Total-Count")); err == nil {
		ans.header.Set("X-Total-Count", strconv.Itoa(max(0, n+f.TotalCountDelta)))
	}
	ans.send(w, ans.body.Bytes())
}

// serveAfterApplying applies the request, then fails: with f.Status, after
// f.Delay, or by dropping the connection.
func (s *Server) serveAfterApplying(w http.ResponseWriter, r *http.Request, q Quirks, f *Fault) {
	ans := s.record(r, q)
	switch {
	case f.Status != 0:
		s.writeFaultStatus(w, q, f, "injected fault "+strconv.Quote(f.Name)+" after the request was applied")
	case f.Delay > 0:
		if sleep(r.Context(), f.Delay) {
			ans.send(w, ans.body.Bytes())
		}
	default:
		dropConnection(w, nil, 0)
	}
}

// serveLyingPairs sends the answer with its pairs rewritten as f says.
func (s *Server) serveLyingPairs(w http.ResponseWriter, r *http.Request, q Quirks, f *Fault) {
	ans := s.record(r, q)
	lie := lieAboutPairs(ans.body.Bytes(), f)
	ans.header.Set("Content-Length", strconv.Itoa(len(lie)))
	ans.send(w, lie)
}

// serveImsxFailure answers an imsx failure with f's description, under
// f.Status (default 200).
func serveImsxFailure(w http.ResponseWriter, f *Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	body, _ := json.Marshal(map[string]string{
		"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_codeMinor": minorInvalidData, "imsx_description": f.Description,
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// serveFreshLinkLoop answers r for FaultFreshLinkLoop.
func (s *Server) serveFreshLinkLoop(w http.ResponseWriter, r *http.Request, q Quirks) {
	query := r.URL.Query()
	k, _ := strconv.Atoi(query.Get("k"))
	limit, err := strconv.Atoi(query.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100 // the binding's default
	}
	served := r.URL.Query()
	served.Del("k")
	served.Set("offset", strconv.Itoa(k%2*limit))
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = served.Encode()
	ans := s.record(r2, q)
	query.Set("k", strconv.Itoa(k+1))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	ans.header.Set("Link", "<"+scheme+"://"+r.Host+r.URL.EscapedPath()+"?"+query.Encode()+`>; rel="next"`)
	ans.send(w, ans.body.Bytes())
}

// serveEndlessBody answers r for FaultEndlessBody.
func serveEndlessBody(w http.ResponseWriter, r *http.Request) {
	envelope := path.Base(r.URL.Path)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	record := []byte(`{"sourcedId":"endless","status":"active","givenName":"` + strings.Repeat("x", 1000) + `"},`)
	if _, err := w.Write([]byte(`{"` + envelope + `":[`)); err != nil {
		return
	}
	for r.Context().Err() == nil {
		if _, err := w.Write(record); err != nil {
			return
		}
	}
}

// writeFaultStatus answers f.Status (default 503) with an imsx error.
func (s *Server) writeFaultStatus(w http.ResponseWriter, q Quirks, f *Fault, description string) {
	status := f.Status
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	minor := minorInternal
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		minor = minorServerBusy
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	s.writeError(w, q, apiError{status: status, codeMinor: minor, description: description})
}

// rewriteNext replaces the target of rel="next" in a Link header: with
// the rel="first" target (FaultNextLoop) or with the same URL on f.OffHost.
func rewriteNext(header string, f *Fault) string {
	parts := strings.Split(header, ",")
	first := ""
	for _, p := range parts {
		if strings.Contains(p, `rel="first"`) {
			first = linkTarget(p)
		}
	}
	for i, p := range parts {
		if !strings.Contains(p, `rel="next"`) {
			continue
		}
		target := linkTarget(p)
		switch f.Kind {
		case FaultNextLoop:
			if first != "" {
				target = first
			}
		case FaultNextOffHost:
			if u, err := url.Parse(target); err == nil {
				if off, err := url.Parse(f.OffHost); err == nil {
					u.Scheme, u.Host = off.Scheme, off.Host
					target = u.String()
				}
			}
		}
		parts[i] = " <" + target + `>; rel="next"`
	}
	return strings.TrimSpace(strings.Join(parts, ","))
}

func linkTarget(link string) string {
	start, end := strings.IndexByte(link, '<'), strings.IndexByte(link, '>')
	if start < 0 || end < start {
		return ""
	}
	return link[start+1 : end]
}

// recordedAnswer is an answer the sandbox wrote into memory.
type recordedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *recordedAnswer) Header() http.Header { return a.header }

func (a *recordedAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

func (a *recordedAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}

// record serves r normally into memory.
func (s *Server) record(r *http.Request, q Quirks) *recordedAnswer {
	ans := &recordedAnswer{header: http.Header{}}
	s.dispatch(ans, r, q)
	if ans.status == 0 {
		ans.status = http.StatusOK
	}
	return ans
}

// send writes the recorded status and headers to w, then body.
func (a *recordedAnswer) send(w http.ResponseWriter, body []byte) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(body)
}

// dropConnection takes over the connection, writes ans's status line,
// headers and the first n bytes of its body (nothing when ans is nil), and
// closes it: the client sees the connection end mid-answer.
func dropConnection(w http.ResponseWriter, ans *recordedAnswer, n int) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the stream instead.
		panic(http.ErrAbortHandler)
	}
	defer func() { _ = conn.Close() }()
	if ans != nil {
		writeRawAnswer(buf.Writer, ans, n)
		_ = buf.Flush()
	}
}

func writeRawAnswer(w *bufio.Writer, ans *recordedAnswer, n int) {
	_, _ = fmt.Fprintf(w, "HTTP/1.1 %d %s\r\n", ans.status, http.StatusText(ans.status))
	_ = ans.header.Write(w)
	_, _ = w.WriteString("\r\n")
	_, _ = w.Write(ans.body.Bytes()[:n])
}

// OffHost is a second listener that stands for another host, for testing
// that a client never follows a server's links there with credentials. It
// answers every request with 404 and counts them.
type OffHost struct {
	URL string // http://localhost:port

	srv        *http.Server
	requests   atomic.Int64
	authorized atomic.Int64
}

// StartOffHost starts an OffHost on a loopback port, named "localhost" in
// its URL so that its host differs from the sandbox's 127.0.0.1 by name as
// well as by port.
func StartOffHost() (*OffHost, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	o := &OffHost{URL: "http://localhost:" + port}
	o.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.requests.Add(1)
		if r.Header.Get("Authorization") != "" {
			o.authorized.Add(1)
		}
		http.NotFound(w, r)
	})}
	go func() { _ = o.srv.Serve(ln) }()
	return o, nil
}

// Requests returns how many requests reached the OffHost.
func (o *OffHost) Requests() int { return int(o.requests.Load()) }

// AuthorizedRequests returns how many of them carried an Authorization
// header.
func (o *OffHost) AuthorizedRequests() int { return int(o.authorized.Load()) }

// Close stops the listener.
func (o *OffHost) Close() error { return o.srv.Close() }

// readAhead reads r's body (up to what a write may send) and puts it
// back to be read again.
func readAhead(r *http.Request) {
	// On an error, what was read is put back too, and the handler meets
	// the error after it.
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
}

// serveUnderOtherID serves a PUT as if its URL and body named the next
// "srv-N" sourcedId, for FaultOtherID. A body it cannot rewrite is served
// as sent.
func (s *Server) serveUnderOtherID(w http.ResponseWriter, r *http.Request, q Quirks) {
	id := "srv-" + strconv.FormatInt(s.faults.otherIDs.Add(1), 10)
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.dispatch(w, r, q)
		return
	}
	var envelope map[string]map[string]any
	if json.Unmarshal(body, &envelope) == nil {
		for _, rec := range envelope {
			if rec != nil {
				rec["sourcedId"] = id
			}
		}
		if rewritten, err := json.Marshal(envelope); err == nil {
			body = rewritten
		}
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = path.Join(path.Dir(r.URL.Path), id)
	r2.URL.RawPath = ""
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	s.dispatch(w, r2, q)
}

// lieAboutPairs rewrites the sourcedIdPairs of a POST's answer as f.Lie
// says, for FaultLyingPairs. An answer without pairs is left as it is.
func lieAboutPairs(body []byte, f *Fault) []byte {
	var answer struct {
		Pairs []model.SourcedIDPair `json:"sourcedIdPairs"`
	}
	if json.Unmarshal(body, &answer) != nil || len(answer.Pairs) == 0 {
		return body
	}
	created := make([]string, len(answer.Pairs))
	for i, p := range answer.Pairs {
		created[i] = p.Allocated
	}
	for i := range answer.Pairs {
		switch f.Lie {
		case LieOtherID:
			if i == 0 {
				answer.Pairs[i].Allocated = f.LieID
			}
		case LieOneID:
			answer.Pairs[i].Allocated = created[0]
		case LieRotated:
			answer.Pairs[i].Allocated = created[(i+1)%len(created)]
		}
	}
	lie, err := json.Marshal(answer)
	if err != nil {
		return body
	}
	return lie
}
