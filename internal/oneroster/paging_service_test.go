package oneroster_test

import (
	"context"
	"iter"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// gradebookRequest is one API request the sandbox received: its path and
// the gradebook-only header it carried.
type gradebookRequest struct {
	path, vendorHeader string
}

// recordingSandbox serves a sandbox with quirks behind a front that
// records every API request (token requests aside).
func recordingSandbox(t *testing.T, quirks sandbox.Quirks) (*httptest.Server, *sandbox.Server, func() []gradebookRequest) {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Quirks: quirks})
	var mu sync.Mutex
	var requests []gradebookRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != sandbox.TokenPath {
			mu.Lock()
			requests = append(requests, gradebookRequest{r.URL.Path, r.Header.Get(sandbox.VendorHeaderName)})
			mu.Unlock()
		}
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, sb, func() []gradebookRequest {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(requests)
	}
}

// Every page of a 1.2 gradebook or resources listing goes to its own
// service, with the gradebook-only headers on the gradebook's pages alone,
// whichever way the server pages: page 2 on was once built on the
// rostering base URL, which 404s.
func TestV1p2PagesStayOnTheirService(t *testing.T) {
	const pageCap = 2
	const vendorKey = "vendor-key:vendor-secret"
	for _, tc := range []struct {
		name        string
		quirks      sandbox.Quirks
		pageSize    int
		concurrency int
	}{
		{"Link header and X-Total-Count, fetched ahead by offset", sandbox.Quirks{}, 0, 4},
		{"Link header, one page at a time", sandbox.Quirks{}, 0, 1},
		{"offset and X-Total-Count, fetched ahead", sandbox.Quirks{NoLinkHeader: true}, 0, 4},
		{"offset and X-Total-Count, one page at a time", sandbox.Quirks{NoLinkHeader: true}, 0, 1},
		{"offset until an empty page", sandbox.Quirks{NoLinkHeader: true, NoTotalCount: true}, 0, 4},
		{"cursor links", sandbox.Quirks{CursorPaging: true}, 0, 4},
		{"pagination.next in the body", sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{BodyPaging: true}}, 0, 4},
		{"a limit above 100 refused, then offset", sandbox.Quirks{NoLinkHeader: true, MaxLimit: 100}, 1000, 4},
		{"a limit above 100 refused, then links", sandbox.Quirks{MaxLimit: 100}, 1000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			quirks := tc.quirks
			quirks.LimitCap = pageCap
			srv, sb, requests := recordingSandbox(t, quirks)
			c, err := oneroster.New(oneroster.Config{
				BaseURL:        srv.URL + sandbox.BasePathV1p2,
				Auth:           &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: srv.URL + sandbox.TokenPath},
				ExtraHeaders:   []oneroster.ExtraHeader{{Name: sandbox.VendorHeaderName, Value: vendorKey, GradebookOnly: true}},
				PageSize:       tc.pageSize,
				MaxConcurrency: tc.concurrency,
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			opts := oneroster.ListOptions{Concurrency: tc.concurrency}
			for _, got := range []struct {
				collection string
				ids        []string
			}{
				{"lineItems", listIDs(t, oneroster.LineItems.List(ctx, c, oneroster.LineItems.Top(), opts))},
				{"results", listIDs(t, oneroster.Results.List(ctx, c, oneroster.Results.Top(), opts))},
				{"resources", listIDs(t, oneroster.Resources.List(ctx, c, oneroster.Resources.Top(), opts))},
			} {
				want := sb.SourcedIDs(got.collection)
				if len(want) <= pageCap {
					t.Fatalf("the sandbox has %d %s: too few to span two pages of %d", len(want), got.collection, pageCap)
				}
				if !slices.Equal(got.ids, want) {
					t.Errorf("listed %d %s, want the sandbox's %d in order:\ngot  %v\nwant %v", len(got.ids), got.collection, len(want), got.ids, want)
				}
				pages := 0
				for _, r := range requests() {
					if strings.HasSuffix(r.path, "/"+got.collection) {
						pages++
					}
				}
				if pages < (len(want)+pageCap-1)/pageCap {
					t.Errorf("%d requests for %d %s in pages of %d: the listing was not paged", pages, len(want), got.collection, pageCap)
				}
			}
			for _, r := range requests() {
				service, header := sandbox.BasePathGradebookV1p2, vendorKey
				if strings.HasSuffix(r.path, "/resources") {
					service, header = sandbox.BasePathResourcesV1p2, ""
				}
				if !strings.HasPrefix(r.path, service+"/") {
					t.Errorf("a page was requested at %s, outside its service (%s)", r.path, service)
				}
				if r.vendorHeader != header {
					t.Errorf("the page at %s carried %s %q, want %q", r.path, sandbox.VendorHeaderName, r.vendorHeader, header)
				}
			}
		})
	}
}

// listIDs collects the sourcedIds of a listing, failing the test on error.
func listIDs[T any, PT interface {
	*T
	ID() string
}](t *testing.T, records iter.Seq2[T, error]) []string {
	t.Helper()
	var ids []string
	for rec, err := range records {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, PT(&rec).ID())
	}
	return ids
}
