package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// ListOptions are the collection query parameters of OneRoster 1.1.
type ListOptions struct {
	// Filter is a OneRoster filter expression (field op 'value'); it is
	// URL-encoded by the client.
	Filter string
	// Sort names the field to sort on; OrderBy is "asc" or "desc".
	Sort    string
	OrderBy string
	// Fields restricts the fields returned.
	Fields []string
	// PageSize is the limit asked per page; 0 means the client's.
	PageSize int
	// Concurrency is how many pages may be requested at once; 0 means the
	// client's MaxConcurrency, 1 reads one page after the other. Pages are
	// fetched ahead only when the server pages by offset and sends
	// X-Total-Count (so the offsets of later pages are known in advance);
	// records are still yielded in order, and at most Concurrency pages are
	// held in memory.
	Concurrency int
	// OnFlatRead, when set, is told once when a listing at a nested route
	// the server does not serve reads the route's flat equivalent
	// instead (Collection.List), so that the caller can say so.
	OnFlatRead func(FlatRead)
}

// growthLimit is how many pages in a row X-Total-Count may grow before List
// concludes that the server raises the total as fast as the pages are read,
// so that the listing would never reach it, and stops with an error.
const growthLimit = 16

// totalSlack is how many times the largest X-Total-Count (plus as many
// pages) List reads before it concludes the server never ends.
const totalSlack = 4

// fallbackLimit is the limit List asks for after a server refused a larger
// one: the binding's own default, which every server has to accept. It is
// deliberately not the client's page size, which may be far larger.
const fallbackLimit = 100

// List streams the records of the collection at path, page by page: each
// page is decoded and checked before its records are yielded, and no more
// than one page (ListOptions.Concurrency pages when fetching ahead) is held
// in memory. envelope is the collection's JSON key ("users" for /students
// and /teachers too).
//
// Paging follows Link rel="next" when the server sends it; otherwise it
// advances offset by the records received until X-Total-Count is reached;
// otherwise it reads until an empty page. It never stops because a page was
// shorter than the limit asked, since servers cap limit silently.
//
// X-Total-Count is trusted to end a listing only as far as the pages bear
// it out, because a server that counts too low (a miscounting SIS) would
// otherwise have List stop early and silently lose records. When the
// records received reach the total on a full page (as many records as the
// limit asked, or as the largest page the server sent before), or pass it,
// List confirms the end with one more request at the next offset and, if
// that page is not empty, reads on until an empty page. A page that ends
// the total short of full, or (from a server that also sends next links)
// carries no next link, ends the listing without it. An honest server
// that pages by offset therefore gets one request more (an empty page) only
// when the collection spans more than one page and its size is a multiple
// of the page size the server serves, or is exactly the limit asked; one
// that sends next links, none. The one low total this cannot tell from an
// honest one is a total equal to a first page shorter than the limit asked
// (a server capping limit at exactly its miscount): confirming that would
// cost every one-page listing a second request. A total of 0 beside
// records counts nothing and is ignored.
//
// Pages are fetched ahead by offset only while that is the same as
// following the links: when the next link pages some other way (a cursor),
// or the server turns out to ignore offset, List follows the links
// instead. Past a total the pages outran, they are read one at a time.
//
// A server that repeats a page, links back to a page already read, sends
// pages of records already read, sends far more records than its
// X-Total-Count, or never ends is reported as an error rather than followed
// forever. A server that refuses the limit asked (a 400 rather than a
// silent cap) is asked once more with a limit of 100, which the client
// then keeps for the rest of its life.
//
// On error, List yields the zero T with the error and stops. It stops
// quietly, without further requests, when the consumer breaks out of the
// loop.
func List[T any](ctx context.Context, c *Client, path, envelope string, opts ListOptions) iter.Seq2[T, error] {
	return listIn[T](ctx, c, ServiceRostering, path, envelope, opts)
}

// listIn is List with path relative to service's base URL.
func listIn[T any](ctx context.Context, c *Client, service Service, path, envelope string, opts ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		l, err := newListing[T](ctx, c, service, path, envelope, opts)
		if err != nil {
			yield(zero, err)
			return
		}
		defer l.stopFetchingAhead()
		var stopped error // why the listing stopped short, for its summary
		defer func() { l.progress.finish(l.ctx, stopped) }()
		fail := func(err error) {
			stopped = err
			yield(zero, err)
		}
		for pageNo := 1; ; pageNo++ {
			resp, err := l.readPage(pageNo)
			if err != nil {
				fail(err)
				return
			}
			if len(l.page.records) == 0 {
				return
			}
			fresh, err := l.checkProgress(pageNo)
			if err != nil {
				fail(err)
				return
			}
			if l.ended {
				return
			}
			if !fresh {
				continue // a page read ahead that the links now read again
			}
			for _, record := range l.page.records {
				if !yield(record, nil) {
					return
				}
			}
			l.progress.pageRead(l.ctx, len(l.page.records), resp)
			more, err := l.advance(pageNo, resp)
			if err != nil {
				fail(err)
				return
			}
			if !more {
				return
			}
		}
	}
}

// pager asks for the pages of one collection of one service. Its pageURL
// is the one place a page URL is built (links the server sends aside), on
// the service's base URL: on 1.2, every page of a gradebook or resources
// listing, read ahead or read again with a smaller limit, goes to that
// service and carries its headers, not only the first.
type pager[T any] struct {
	c        *Client
	service  Service
	path     string
	envelope string
	opts     ListOptions
	limit    int
}

// pageURL is the URL of the page at offset.
func (p *pager[T]) pageURL(offset int) (*url.URL, error) {
	return p.c.resolveIn(p.service, p.path, listQuery(p.opts, p.limit, offset))
}

// fetch reads the page at u into page.
func (p *pager[T]) fetch(ctx context.Context, u *url.URL, page *pageBuffer[T]) (*Response, error) {
	return p.c.sendIn(ctx, p.service, http.MethodGet, u, nil, func(r *http.Response) error {
		return page.read(r, p.envelope)
	})
}

// listing is one List in progress: where it is in the collection, which
// way the server pages, and what it has seen so far to tell a server
// that does not advance.
type listing[T any] struct {
	pager[T]
	ctx         context.Context
	first       *url.URL // the first page's URL, which names the listing in errors
	next        *url.URL // the next page's URL when reading one page after the other
	page        *pageBuffer[T]
	offset      int            // records received so far
	followLinks bool           // the server pages with Link rel="next" (or the body's next)
	ahead       *prefetcher[T] // set once fetching ahead is possible
	progress    *listProgress  // for the log
	step        int            // records per full page, as the server serves them

	visited       *idSet // page URLs asked for
	seen          *idSet // sourcedIds received
	repeats       int    // records received whose sourcedId was already seen
	maxTotal      int    // the largest X-Total-Count received
	prevFirstID   string
	prevLastID    string
	prevNext      *url.URL // the next link of the page before
	prevTotal     int
	growingStreak int
	// untilEmptyPage: X-Total-Count no longer says where the collection
	// ends (it moved between pages, or the pages outran it), so the
	// listing reads until an empty page.
	untilEmptyPage bool
	// confirmingEnd: the page being read was asked only to confirm that
	// the total, reached on a full page, is the end (reachedTotal).
	confirmingEnd bool
	// ended: the confirming page brought nothing new, so the total was
	// right after all (checkProgress).
	ended       bool
	largestPage int  // the most records of any page yielded so far
	sendsLinks  bool // some page so far carried a next link (in the Link header or the body)
}

func newListing[T any](ctx context.Context, c *Client, service Service, path, envelope string, opts ListOptions) (*listing[T], error) {
	if opts.PageSize < 0 {
		return nil, fmt.Errorf("ListOptions.PageSize is %d: use a positive number, or 0 for the client's page size", opts.PageSize)
	}
	limit := opts.PageSize
	if limit == 0 {
		limit = c.pageSize
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = c.maxConcurrency
	}
	if ceiling := int(c.limitCeiling.Load()); ceiling > 0 && limit > ceiling {
		limit = ceiling
	}
	progress, ctx := newListProgress(ctx, c, path, limit)
	l := &listing[T]{
		pager:     pager[T]{c: c, service: service, path: path, envelope: envelope, opts: opts, limit: limit},
		ctx:       ctx,
		progress:  progress,
		page:      &pageBuffer[T]{},
		visited:   newIDSet(),
		seen:      newIDSet(),
		maxTotal:  -1,
		prevTotal: -1,
	}
	return l, l.startAtFirstPage()
}

// startAtFirstPage makes the first page, at the current limit, the next
// to read.
func (l *listing[T]) startAtFirstPage() error {
	first, err := l.pageURL(0)
	if err != nil {
		return err
	}
	l.first, l.next = first, first
	l.visited.add(first.String())
	return nil
}

// readPage reads the next page into l.page: the one fetched ahead at the
// current offset, or l.next.
func (l *listing[T]) readPage(pageNo int) (*Response, error) {
	if pageNo > l.c.maxPages {
		return nil, fmt.Errorf("listing %s: stopped after %d pages; the server does not seem to reach the end of the collection",
			urlWithoutQuery(l.first), l.c.maxPages)
	}
	if l.ahead != nil {
		return l.takeFetchedAhead()
	}
	resp, err := l.fetch(l.ctx, l.next, l.page)
	if err != nil && pageNo == 1 && l.limit > fallbackLimit && refusesLimit(err) {
		return l.retryWithFallbackLimit(err)
	}
	return resp, err
}

// retryWithFallbackLimit asks for the first page again with a limit every
// server takes, after the server answered the limit asked with an error
// instead of capping it; if that was it, the client keeps to it from now
// on.
func (l *listing[T]) retryWithFallbackLimit(cause error) (*Response, error) {
	refused := l.limit
	l.limit = fallbackLimit
	if err := l.startAtFirstPage(); err != nil {
		return nil, err
	}
	resp, err := l.fetch(l.ctx, l.next, l.page)
	if err == nil {
		l.c.lowerLimit(l.ctx, refused, l.limit, cause)
	}
	return resp, err
}

// checkProgress reports whether the page read brings records not read
// before. A page fetched ahead by offset that repeats the page before
// shows a server that ignores offset: its next links still walk the
// collection, so the listing follows them from the last page read and
// drops the page (false, nil). Any other page that does not advance is an
// error.
func (l *listing[T]) checkProgress(pageNo int) (bool, error) {
	firstID, lastID := l.page.ids[0], l.page.ids[len(l.page.ids)-1]
	samePage := pageNo > 1 && firstID != "" && firstID == l.prevFirstID && lastID == l.prevLastID
	fresh, known := l.seen.addAll(l.page.ids)
	if l.confirmingEnd && (samePage || (known > 0 && fresh == 0)) {
		// The page asked past the total to confirm the end repeats what
		// was read: a server that ignores offset (and sent the whole
		// collection at once), or one that answers past the end with its
		// last page. The total was right, and the listing ends there.
		l.ended = true
		return false, nil
	}
	if samePage || (known > 0 && fresh == 0) {
		if l.ahead != nil && l.prevNext != nil {
			l.stopFetchingAhead()
			return false, l.followLink(l.prevNext)
		}
		how := "; it may be ignoring offset"
		if l.followLinks {
			how = "; its next links go round in circles"
		}
		if samePage {
			return false, fmt.Errorf("listing %s: the server returned the same page twice (records %q to %q) at offset %d%s",
				urlWithoutQuery(l.first), firstID, lastID, l.offset, how)
		}
		return false, fmt.Errorf("listing %s: page %d brought only records already read (%d records, %q to %q) after %d records%s",
			urlWithoutQuery(l.first), pageNo, len(l.page.records), firstID, lastID, l.offset, how)
	}
	l.repeats += known
	if l.repeats > l.seen.len() {
		return false, fmt.Errorf(
			"listing %s: of the %d records received, %d repeat records already read; the server does not seem to advance through the collection",
			urlWithoutQuery(l.first),
			l.offset+len(l.page.records),
			l.repeats,
		)
	}
	l.prevFirstID, l.prevLastID = firstID, lastID
	return true, nil
}

// advance counts the page just yielded and chooses how to read the next
// one: fetching ahead by offset, following the server's next link, or by
// offset. It reports false at the end of the collection.
func (l *listing[T]) advance(pageNo int, resp *Response) (bool, error) {
	l.offset += len(l.page.records)
	l.confirmingEnd = false // the page brought records: the total was too low
	link := resp.Links["next"]
	if link == nil {
		link = l.page.bodyNext(l.next)
	}
	l.prevNext = link
	full := len(l.page.records) >= l.limit || (l.largestPage > 0 && len(l.page.records) >= l.largestPage)
	l.largestPage = max(l.largestPage, len(l.page.records))
	l.sendsLinks = l.sendsLinks || link != nil
	// A total of 0 beside a page of records (an empty page never gets
	// here) counts nothing: the server has not counted, and taking it for
	// a total would only trip the guard below after a few pages.
	hasTotal := resp.HasTotalCount && resp.TotalCount > 0
	if hasTotal {
		l.maxTotal = max(l.maxTotal, resp.TotalCount)
	}
	if l.maxTotal >= 0 && l.offset > totalSlack*(l.maxTotal+l.limit) {
		// A total may be stale (records added meanwhile, a server that
		// counts something else, links that make it moot), but not by a
		// factor: a collection that outgrows several times its largest
		// total and a few pages is a server that does not end.
		return false, fmt.Errorf(
			"listing %s: received %d records, far more than the largest X-Total-Count the server sent (%d); the server does not seem to reach the end of the collection",
			urlWithoutQuery(l.first),
			l.offset,
			l.maxTotal,
		)
	}
	if pageNo == 1 && l.opts.Concurrency > 1 && hasTotal && l.offset < resp.TotalCount && (link == nil || pagesByOffset(link, l.first, l.offset)) {
		l.startFetchingAhead(resp.TotalCount)
		return true, nil
	}
	if l.ahead == nil && link != nil {
		return true, l.followLink(link)
	}
	if l.followLinks {
		return false, nil // the last page of a linked collection has no next
	}
	if hasTotal {
		if end, err := l.reachedTotal(resp.TotalCount, full, link != nil); end || err != nil {
			return false, err
		}
	}
	if l.ahead != nil {
		if len(l.page.records) != l.step {
			// A short page shifts every later offset: what was fetched
			// ahead no longer lines up.
			l.ahead.discard()
		}
		return true, nil
	}
	return true, l.advanceByOffset()
}

// reachedTotal reports whether the records received reach the server's
// X-Total-Count, as long as the pages bear the total out: full tells
// whether the page just read was full, hasNext whether it carried a next
// link.
func (l *listing[T]) reachedTotal(total int, full, hasNext bool) (bool, error) {
	if l.prevTotal >= 0 && total != l.prevTotal {
		// A total that moves between pages (records added or removed
		// meanwhile, or a server that miscounts) no longer says where
		// the collection ends: read on until an empty page rather than
		// stop short and lose records.
		l.untilEmptyPage = true
	}
	if l.offset >= total && !l.untilEmptyPage {
		// A total too low would end the listing here with records left
		// unread. Where the last page ends the total exactly and is
		// short (a full page would have held more, were there more), or
		// the server pages with next links too and sent none, the pages
		// agree with the total and the listing ends. Otherwise (a full
		// page, or more records than the total) one more page confirms
		// the end: empty, it ends the listing; with records, the total
		// was wrong and the listing reads until an empty page. A full
		// page is judged against the largest page before it as well as
		// the limit asked, since servers cap limit silently, but not on
		// the first page alone: a first page shorter than the limit
		// whose records match the total is the whole collection, as far
		// as anything can tell.
		agrees := l.offset == total && !full
		if l.sendsLinks {
			agrees = !hasNext
		}
		if agrees {
			return true, nil
		}
		l.untilEmptyPage, l.confirmingEnd = true, true
	}
	if l.prevTotal >= 0 && total > l.prevTotal {
		l.growingStreak++
		if l.growingStreak >= growthLimit {
			return false, fmt.Errorf(
				"listing %s: X-Total-Count grew on %d pages in a row (now %d after %d records); the server does not seem to reach the end of the collection",
				urlWithoutQuery(l.first),
				l.growingStreak,
				total,
				l.offset,
			)
		}
	} else {
		l.growingStreak = 0
	}
	l.prevTotal = total
	return false, nil
}

// advanceByOffset makes the page after the records received the next to
// read.
func (l *listing[T]) advanceByOffset() error {
	next, err := l.pageURL(l.offset)
	if err != nil {
		return err
	}
	l.next = next
	return nil
}

// followLink makes the server's next link the next page to read, unless
// it leaves the server or goes back to a page already read.
func (l *listing[T]) followLink(link *url.URL) error {
	if !l.c.trusted(link) {
		return fmt.Errorf("listing %s: refusing to follow the next link to %s, which is not on %s://%s; the request would carry this client's credentials",
			urlWithoutQuery(l.first), urlWithoutQuery(link), l.first.Scheme, l.first.Host)
	}
	if !l.visited.add(link.String()) {
		return fmt.Errorf("listing %s: the server's next link points back to a page already read (%s)", urlWithoutQuery(l.first), urlForLog(link))
	}
	l.followLinks, l.next = true, link
	return nil
}

// startFetchingAhead switches to fetching pages ahead by offset, after a
// first page with X-Total-Count: the total makes the offset of every later
// page known, so they can be fetched concurrently instead of walking next
// links one by one. The first page shows how many records the server
// really serves per page, whatever limit was asked.
func (l *listing[T]) startFetchingAhead(total int) {
	l.step = len(l.page.records)
	l.prevTotal = total
	l.ahead = newPrefetcher(l.ctx, l.pager)
}

// takeFetchedAhead starts fetching the pages from the current offset on,
// as many as the concurrency allows, and takes the first of them.
func (l *listing[T]) takeFetchedAhead() (*Response, error) {
	for k := range l.opts.Concurrency {
		if o := l.offset + k*l.step; o < l.prevTotal {
			l.ahead.start(o)
		}
	}
	var resp *Response
	var err error
	l.page, resp, err = l.ahead.take(l.offset)
	return resp, err
}

// stopFetchingAhead cancels and waits for the pages fetched ahead, if
// any, so that no request outlives List.
func (l *listing[T]) stopFetchingAhead() {
	if l.ahead != nil {
		l.ahead.stop()
		l.ahead = nil
	}
}

// pagesByOffset reports whether a next link asks for what List would ask
// by offset: offset equal to the records received so far, and no
// parameter other than limit (which servers rewrite to their cap) that
// differs from the first request's. A link that carries a cursor or a
// page token pages some other way, and only the links can walk it.
func pagesByOffset(link, first *url.URL, offset int) bool {
	got, want := link.Query(), first.Query()
	if got.Get("offset") != strconv.Itoa(offset) {
		return false
	}
	for name := range got {
		if name != "limit" && name != "offset" && !slices.Equal(got[name], want[name]) {
			return false
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok && name != "limit" && name != "offset" {
			return false
		}
	}
	return true
}

// refusesLimit reports whether err looks like a server refusing the limit
// asked: a 400, 413 or 422 that does not blame the filter, sort or fields.
func refusesLimit(err error) bool {
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
	default:
		return false
	}
	if apiErr.RefusedParameter() != "" {
		return false
	}
	switch strings.ToLower(apiErr.CodeMinor) {
	case "unauthorisedrequest", "forbidden", "unknownobject":
		return false
	}
	return true
}

// lowerLimit makes limit the most any later List of c asks for.
func (c *Client) lowerLimit(ctx context.Context, from, to int, cause error) {
	c.limitCeiling.Store(int64(to))
	if c.logger != nil {
		c.logger.Debug(ctx, "oneroster: the server refused the page size; asking for smaller pages from now on", map[string]any{
			"refused_limit": from, "limit": to, "error": cause.Error(),
		})
	}
}

// idSet is a set of strings kept as 64-bit hashes: 8 bytes an entry,
// however long the strings, so that remembering every sourcedId (and
// every page URL) of a listing costs little next to the records
// themselves. Two different strings share a hash with a chance of about
// n²/2⁶⁵, for n strings: nil for any real collection.
type idSet struct {
	seed maphash.Seed
	m    map[uint64]struct{}
}

func newIDSet() *idSet { return &idSet{seed: maphash.MakeSeed(), m: map[uint64]struct{}{}} }

// add adds s and reports whether it was new.
func (s *idSet) add(v string) bool {
	h := maphash.String(s.seed, v)
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = struct{}{}
	return true
}

// addAll adds the non-empty ids and counts those that were new and those
// already present.
func (s *idSet) addAll(ids []string) (fresh, known int) {
	for _, id := range ids {
		switch {
		case id == "":
		case s.add(id):
			fresh++
		default:
			known++
		}
	}
	return fresh, known
}

func (s *idSet) len() int { return len(s.m) }

// prefetcher fetches pages at known offsets concurrently, for List.
type prefetcher[T any] struct {
	ctx     context.Context
	pager   pager[T] // a copy: the limit no longer changes once pages are fetched ahead
	wg      sync.WaitGroup
	pending map[int]*pageFetch[T]
}

// pageFetch is one page being fetched ahead.
type pageFetch[T any] struct {
	done   chan struct{}
	cancel context.CancelFunc
	page   pageBuffer[T]
	resp   *Response
	err    error
}

func newPrefetcher[T any](ctx context.Context, p pager[T]) *prefetcher[T] {
	return &prefetcher[T]{ctx: ctx, pager: p, pending: map[int]*pageFetch[T]{}}
}

// start begins fetching the page at offset, unless it is already pending.
func (p *prefetcher[T]) start(offset int) {
	if _, ok := p.pending[offset]; ok {
		return
	}
	ctx, cancel := context.WithCancel(p.ctx)
	f := &pageFetch[T]{done: make(chan struct{}), cancel: cancel}
	p.pending[offset] = f
	u, err := p.pager.pageURL(offset)
	if err != nil {
		f.err = err
		close(f.done)
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(f.done)
		f.resp, f.err = p.pager.fetch(ctx, u, &f.page)
	}()
}

// take waits for the page at offset (starting it if needed) and hands it
// over.
func (p *prefetcher[T]) take(offset int) (*pageBuffer[T], *Response, error) {
	p.start(offset)
	f := p.pending[offset]
	delete(p.pending, offset)
	<-f.done // send returns promptly once ctx ends
	f.cancel()
	return &f.page, f.resp, f.err
}

// discard cancels every page fetched ahead.
func (p *prefetcher[T]) discard() {
	for offset, f := range p.pending {
		f.cancel()
		delete(p.pending, offset)
	}
}

// stop discards what is pending and waits for the fetches to end, so that
// no request outlives List.
func (p *prefetcher[T]) stop() {
	p.discard()
	p.wg.Wait()
}

// listQuery builds the query of one page.
func listQuery(opts ListOptions, limit, offset int) url.Values {
	q := url.Values{
		"limit":  {strconv.Itoa(limit)},
		"offset": {strconv.Itoa(offset)},
	}
	if opts.Filter != "" {
		q.Set("filter", opts.Filter)
	}
	if opts.Sort != "" {
		q.Set("sort", opts.Sort)
	}
	if opts.OrderBy != "" {
		q.Set("orderBy", opts.OrderBy)
	}
	if len(opts.Fields) > 0 {
		q.Set("fields", strings.Join(opts.Fields, ","))
	}
	return q
}

// pageBuffer holds the decoded records of one page and their sourcedIds
// (for spotting a repeated page).
type pageBuffer[T any] struct {
	records []T
	ids     []string
	// next is the next page's URL as the body gives it, for servers that
	// page in the body instead of a Link header (Focus:
	// {"pagination": {"next": "…"}}); empty when the body has none.
	next string
}

// bodyNext resolves the body's next link against the URL of the page that
// carried it; nil when there is none or it is not a URL. Where it leads is
// checked like a Link header's next (same origin, never a page already
// read) by List.
func (p *pageBuffer[T]) bodyNext(page *url.URL) *url.URL {
	if p.next == "" {
		return nil
	}
	ref, err := url.Parse(p.next)
	if err != nil {
		return nil
	}
	return page.ResolveReference(ref)
}

// bodyPagination is the paging object some servers put beside the
// collection's array.
type bodyPagination struct {
	Next *string `json:"next"`
}

// read decodes the envelope array of a page straight from the body, record
// by record, so the raw page is never held in memory beside the records.
func (p *pageBuffer[T]) read(r *http.Response, envelope string) error {
	clear(p.records)
	p.records, p.ids, p.next = p.records[:0], p.ids[:0], ""
	br, firstByte, err := openBody(r)
	if err != nil {
		return err
	}
	switch firstByte {
	case 0:
		return &bodyError{reason: fmt.Sprintf("the server answered with an empty body where a {%q: […]} page was expected", envelope)}
	case '<':
		return &bodyError{reason: "the server answered with an HTML page, not JSON"}
	case '{':
	default:
		return &bodyError{reason: fmt.Sprintf("the answer is not a JSON object with a %q array", envelope)}
	}
	dec := json.NewDecoder(br)
	if _, err := dec.Token(); err != nil { // '{'
		return decodeFailure(err)
	}
	found := false
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return decodeFailure(err)
		}
		key, _ := tok.(string)
		if key == "pagination" && key != envelope {
			keys = append(keys, key)
			var pg bodyPagination
			if err := dec.Decode(&pg); err != nil {
				// Not the paging object this looks for: ignore it, as any
				// other member beside the array.
				var syntaxErr *json.SyntaxError
				if errors.As(err, &syntaxErr) || errors.Is(err, io.ErrUnexpectedEOF) {
					return decodeFailure(err)
				}
				continue
			}
			if pg.Next != nil {
				p.next = strings.TrimSpace(*pg.Next)
			}
			continue
		}
		if key != envelope || found {
			keys = append(keys, key)
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return decodeFailure(err)
			}
			continue
		}
		found = true
		if err := p.readArray(dec, envelope); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return decodeFailure(err)
	}
	if !found && len(keys) > 0 {
		sort.Strings(keys)
		return &bodyError{reason: fmt.Sprintf("the answer has no %q array (it has %s)", envelope, strings.Join(keys, ", "))}
	}
	return nil
}

// readArray decodes the envelope's value: an array of records, or null
// (which some servers send for an empty page).
func (p *pageBuffer[T]) readArray(dec *json.Decoder, envelope string) error {
	tok, err := dec.Token()
	if err != nil {
		return decodeFailure(err)
	}
	if tok == nil {
		return nil
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '[' {
		return &bodyError{reason: fmt.Sprintf("%q is not an array", envelope)}
	}
	for dec.More() {
		// Decode straight into the record: a large page is never held as
		// raw bytes beside its records.
		var record T
		if err := dec.Decode(&record); err != nil {
			// Decode reads the whole value before unmarshalling it, so
			// anything but a syntax error or a cut-off body is about the
			// record itself.
			var syntaxErr *json.SyntaxError
			var tooLarge *responseTooLargeError
			if errors.As(err, &syntaxErr) || errors.As(err, &tooLarge) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return decodeFailure(err)
			}
			return fmt.Errorf("cannot read record %d of %q: %w", len(p.records)+1, envelope, err)
		}
		id := ""
		if r, ok := any(&record).(interface{ ID() string }); ok {
			id = r.ID()
		}
		p.records = append(p.records, record)
		p.ids = append(p.ids, id)
	}
	if _, err := dec.Token(); err != nil { // ']'
		return decodeFailure(err)
	}
	return nil
}
