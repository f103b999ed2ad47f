package sandbox

import (
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"strings"
)

// PagingStyle is one of the ways real servers page a collection.
type PagingStyle int

// The paging styles, each a combination of quirks.
const (
	// PagingLinkAndTotal sends Link rel="next" and X-Total-Count, as the
	// binding says.
	PagingLinkAndTotal PagingStyle = iota
	// PagingOffsetAndTotal sends X-Total-Count but no Link: the client
	// pages by offset up to the total.
	PagingOffsetAndTotal
	// PagingOffsetOnly sends neither: the client pages by offset until an
	// empty page.
	PagingOffsetOnly
	// PagingCursor ignores offset and links the next page by cursor.
	PagingCursor
	// PagingBody ignores offset and gives the next page in the body's
	// pagination.next, with no Link header (Focus).
	PagingBody
	// PagingRefusedLimit answers a limit above 100 with a 400 instead of
	// capping it, then pages with Link and X-Total-Count.
	PagingRefusedLimit

	pagingStyles = iota
)

func (s PagingStyle) String() string {
	switch s {
	case PagingLinkAndTotal:
		return "Link and X-Total-Count"
	case PagingOffsetAndTotal:
		return "offset and X-Total-Count, no Link"
	case PagingOffsetOnly:
		return "offset until an empty page, no Link or X-Total-Count"
	case PagingCursor:
		return "cursor links"
	case PagingBody:
		return "pagination.next in the body"
	case PagingRefusedLimit:
		return "a limit above 100 refused, then Link and X-Total-Count"
	}
	return "paging style " + strconv.Itoa(int(s))
}

// PageOverride makes a server serve small pages in one paging style
// whatever quirks are set later: the tiny-page acceptance run starts
// every sandbox with one, so that every data source and resource reads
// its collections across pages. Quirks that choose their own paging
// (LimitCap, NoLinkHeader, NoTotalCount, CursorPaging, BodyPaging,
// MaxLimit) turn it off while they are set: those tests are about that
// paging.
type PageOverride struct {
	// Cap is the most records any page holds; 0 overrides nothing.
	Cap   int
	Style PagingStyle
	// KeepTotalCount keeps X-Total-Count in every style, for tests that
	// check what a client makes of it (a connection's record_counts)
	// rather than how it pages.
	KeepTotalCount bool
}

// apply returns q with the override merged in.
func (p PageOverride) apply(q Quirks) Quirks {
	if p.Cap <= 0 || q.LimitCap != 0 || q.NoLinkHeader || q.NoTotalCount || q.CursorPaging || q.BodyPaging || q.MaxLimit != 0 {
		return q
	}
	q.LimitCap = p.Cap
	switch p.Style {
	case PagingOffsetAndTotal:
		q.NoLinkHeader = true
	case PagingOffsetOnly:
		q.NoLinkHeader, q.NoTotalCount = true, !p.KeepTotalCount
	case PagingCursor:
		q.CursorPaging = true
	case PagingBody:
		q.BodyPaging = true
	case PagingRefusedLimit:
		q.MaxLimit = 100
	}
	return q
}

// PageCapEnv names the environment variable that turns on the tiny-page
// run: the page cap every sandbox a test starts serves (see PagesFromEnv).
const PageCapEnv = "ONEROSTER_SANDBOX_PAGE_CAP"

// PagesFromEnv returns the PageOverride of the tiny-page run for the test
// called name: the cap from ONEROSTER_SANDBOX_PAGE_CAP (none when it is
// unset), and a paging style chosen from the name, so that a test pages
// the same way on every run while the suite as a whole goes through every
// style.
func PagesFromEnv(name string) (PageOverride, error) {
	raw := strings.TrimSpace(os.Getenv(PageCapEnv))
	if raw == "" {
		return PageOverride{}, nil
	}
	pageCap, err := strconv.Atoi(raw)
	if err != nil || pageCap < 1 {
		return PageOverride{}, fmt.Errorf("%s is %q: set a number of records per page of 1 or more (2 exercises every listing across pages), or unset it",
			PageCapEnv, raw)
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return PageOverride{Cap: pageCap, Style: PagingStyle(h.Sum32() % pagingStyles)}, nil
}
