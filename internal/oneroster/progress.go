package oneroster

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// A long listing (50,000 users take about a minute) logs its progress at
// INFO: at most once per progressPages pages or progressInterval,
// whichever comes first, and a summary when it ends. The figures are in
// the message, in a fixed order, because the fields' order is lost on
// the way to the CLI's log (maps all the way).
const (
	progressPages    = 10
	progressInterval = 10 * time.Second
)

// retryCounterKey carries a listing's retry counter in its context, so
// that every request of the listing (pages fetched ahead included) counts
// its retries there.
type retryCounterKey struct{}

func countRetry(ctx context.Context) {
	if n, ok := ctx.Value(retryCounterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

// listProgress follows one listing for the log.
type listProgress struct {
	c          *Client
	collection string
	limit      int
	start      time.Time
	reported   time.Time // the last progress line, or start
	reportedAt int       // pages read at the last progress line
	pages      int
	records    int
	total      int // the largest X-Total-Count, or -1
	retries    *atomic.Int64
}

// newListProgress starts following a listing of path and returns the
// context its requests count their retries in.
func newListProgress(ctx context.Context, c *Client, path string, limit int) (*listProgress, context.Context) {
	now := c.clock.Now()
	p := &listProgress{c: c, collection: strings.Trim(path, "/"), limit: limit, start: now, reported: now, total: -1, retries: &atomic.Int64{}}
	return p, context.WithValue(ctx, retryCounterKey{}, p.retries)
}

// pageRead counts a page of n records, with the server's total when it
// sent one, and logs progress when due.
func (p *listProgress) pageRead(ctx context.Context, n int, resp *Response) {
	p.pages++
	p.records += n
	if resp != nil && resp.HasTotalCount {
		p.total = max(p.total, resp.TotalCount)
	}
	now := p.c.clock.Now()
	if p.pages-p.reportedAt < progressPages && now.Sub(p.reported) < progressInterval {
		return
	}
	p.reported, p.reportedAt = now, p.pages
	of, pageOf := "", ""
	if p.total >= 0 {
		of = " of " + groupThousands(p.total)
		pageOf = fmt.Sprintf(" of %d", max(p.pages, (p.total+p.limit-1)/p.limit))
	}
	p.c.logInfo(ctx, fmt.Sprintf("oneroster: %s: %s%s records, page %d%s", p.collection, groupThousands(p.records), of, p.pages, pageOf), p.fields(now))
}

// finish logs the summary of a listing of more than one page (a probe's
// one-record read says nothing worth an INFO line); err is why it
// stopped, nil at the end of the collection.
func (p *listProgress) finish(ctx context.Context, err error) {
	if p.pages < 2 && err == nil {
		return
	}
	now := p.c.clock.Now()
	fields := p.fields(now)
	how := "read"
	if err != nil {
		how = "stopped after"
		fields["error"] = err.Error()
	}
	p.c.logInfo(ctx, fmt.Sprintf("oneroster: %s: %s %s records in %d pages, %s, %d retries",
		p.collection, how, groupThousands(p.records), p.pages, now.Sub(p.start).Round(time.Millisecond), p.retries.Load()), fields)
}

func (p *listProgress) fields(now time.Time) map[string]any {
	fields := map[string]any{
		"collection":  p.collection,
		"records":     p.records,
		"pages":       p.pages,
		"duration_ms": now.Sub(p.start).Milliseconds(),
		"retries":     p.retries.Load(),
	}
	if p.total >= 0 {
		fields["total"] = p.total
	}
	return fields
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
