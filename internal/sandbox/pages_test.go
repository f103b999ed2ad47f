package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// A PageOverride caps every page of every service in its paging style,
// and survives SetQuirks, which replaces the quirks; quirks that choose
// their own page size or paging keep them.
func TestPageOverrideCapsEveryServiceInEveryStyle(t *testing.T) {
	collections := []struct{ base, path, envelope string }{
		{BasePath, "/orgs", "orgs"},
		{BasePathV1p2, "/orgs", "orgs"},
		{BasePathGradebookV1p2, "/lineItems", "lineItems"},
		{BasePathResourcesV1p2, "/resources", "resources"},
	}
	for style := range PagingStyle(pagingStyles) {
		t.Run(style.String(), func(t *testing.T) {
			sb := newTestSandbox(t, Options{Pages: PageOverride{Cap: 2, Style: style}})
			sb.srv.SetQuirks(Quirks{Booleans: BooleansString}) // a test's own quirks, replacing the ones before
			for _, col := range collections {
				url := sb.http.URL + col.base + col.path + "?offset=0&limit="
				r := sb.get(url + "1000")
				if style == PagingRefusedLimit {
					wantError(t, r, http.StatusBadRequest, "invaliddata")
					r = sb.get(url + "100")
				}
				if r.status != http.StatusOK {
					t.Fatalf("%s: status %d: %s", url, r.status, r.body)
				}
				if n := len(r.records(t, col.envelope)); n != 2 {
					t.Errorf("%s: %d records, want a page of 2", url, n)
				}
				link, total := r.header.Get("Link"), r.header.Get("X-Total-Count")
				bodyNext, _ := r.json(t)["pagination"].(map[string]any)
				var want string
				switch style {
				case PagingLinkAndTotal, PagingRefusedLimit:
					want = `Link with offset=2, X-Total-Count`
					if strings.Contains(link, "offset=2>") && total != "" && bodyNext == nil {
						continue
					}
				case PagingOffsetAndTotal:
					want = "X-Total-Count alone"
					if link == "" && total != "" && bodyNext == nil {
						continue
					}
				case PagingOffsetOnly:
					want = "no Link, X-Total-Count or pagination"
					if link == "" && total == "" && bodyNext == nil {
						continue
					}
				case PagingCursor:
					want = "a cursor Link"
					if strings.Contains(link, "cursor=2>") && bodyNext == nil {
						continue
					}
				case PagingBody:
					want = "pagination.next with a cursor, no Link"
					if next, _ := bodyNext["next"].(string); link == "" && strings.Contains(next, "cursor=2") {
						continue
					}
				}
				t.Errorf("%s: Link %q, X-Total-Count %q, pagination %v; want %s", url, link, total, bodyNext, want)
			}
		})
	}

	sb := newTestSandbox(t, Options{Pages: PageOverride{Cap: 2, Style: PagingCursor}})
	sb.srv.SetQuirks(Quirks{LimitCap: 5})
	r := sb.mustGet("/users?limit=1000")
	if n := len(r.records(t, "users")); n != 5 || !strings.Contains(r.header.Get("Link"), "offset=5>") {
		t.Errorf("a test's own LimitCap: %d records, Link %q; want 5, linked by offset", n, r.header.Get("Link"))
	}
	sb.srv.SetQuirks(Quirks{NoTotalCount: true})
	r = sb.mustGet("/users?limit=1000")
	all := len(sb.srv.SourcedIDs("users"))
	if n := len(r.records(t, "users")); n != all || r.header.Get("X-Total-Count") != "" || strings.Contains(r.header.Get("Link"), "cursor") {
		t.Errorf("a test's own NoTotalCount: %d records, X-Total-Count %q, Link %q; want every user in one page, no total, no cursor",
			n, r.header.Get("X-Total-Count"), r.header.Get("Link"))
	}

	sb = newTestSandbox(t, Options{Pages: PageOverride{Cap: 2, Style: PagingOffsetOnly, KeepTotalCount: true}})
	r = sb.mustGet("/users?limit=1000")
	if n := len(r.records(t, "users")); n != 2 || r.header.Get("Link") != "" || r.header.Get("X-Total-Count") == "" {
		t.Errorf("KeepTotalCount: %d records, Link %q, X-Total-Count %q; want 2, no Link, a total", n, r.header.Get("Link"), r.header.Get("X-Total-Count"))
	}
}

func TestPagesFromEnv(t *testing.T) {
	t.Setenv(PageCapEnv, "")
	if p, err := PagesFromEnv("TestX"); err != nil || p != (PageOverride{}) {
		t.Errorf("unset: %+v, %v; want no override", p, err)
	}
	t.Setenv(PageCapEnv, "2")
	styles := map[PagingStyle]bool{}
	for _, name := range []string{"TestAccA", "TestAccB", "TestAccC", "TestAccD", "TestAccE", "TestAccF", "TestAccG", "TestAccH",
		"TestAccI", "TestAccJ", "TestAccK", "TestAccL", "TestAccM", "TestAccN", "TestAccO", "TestAccP"} {
		p, err := PagesFromEnv(name)
		if err != nil || p.Cap != 2 {
			t.Fatalf("%s: %+v, %v", name, p, err)
		}
		if again, _ := PagesFromEnv(name); again != p {
			t.Errorf("%s pages as %v, then as %v: the style must follow from the name", name, p.Style, again.Style)
		}
		styles[p.Style] = true
	}
	if len(styles) != pagingStyles {
		t.Errorf("16 names went through %d of the %d paging styles", len(styles), pagingStyles)
	}
	for _, bad := range []string{"two", "0", "-1"} {
		t.Setenv(PageCapEnv, bad)
		if _, err := PagesFromEnv("TestX"); err == nil || !strings.Contains(err.Error(), PageCapEnv) || !strings.Contains(err.Error(), bad) {
			t.Errorf("%s=%q: %v", PageCapEnv, bad, err)
		}
	}
}
