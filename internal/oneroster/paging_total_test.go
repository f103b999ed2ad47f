package oneroster_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// sourcedRecord is any record, read for its sourcedId alone.
type sourcedRecord struct {
	SourcedID string `json:"sourcedId"`
}

func (r sourcedRecord) ID() string { return r.SourcedID }

// A server whose X-Total-Count is wrong must not make a listing lose or
// invent records, whichever way it pages: a total too low once ended the
// listing of a server paging by offset at the total, silently dropping
// the records past it (a refresh then saw a student's result as gone, and
// the next apply posted it again). Every paging style that sends a total
// is read with totals too low by one record, by a page, by more than a
// page, and 0, and too high, over a collection that ends on a full page
// and one that ends on a short page, one page at a time and fetched ahead.
// (A total equal to a first page shorter than the limit asked is taken at
// its word, as List says: 7 records less 5 would be that.)
func TestListReadsEveryRecordWhateverTheTotalSays(t *testing.T) {
	const pageCap = 2
	styles := []sandbox.PagingStyle{sandbox.PagingLinkAndTotal, sandbox.PagingOffsetAndTotal, sandbox.PagingCursor,
		sandbox.PagingBody, sandbox.PagingRefusedLimit}
	totals := []struct {
		name  string
		delta int
	}{
		{"too low by one record", -1},
		{"too low by a page", -pageCap},
		{"too low by more than a page", -pageCap - 1},
		{"0", -1_000_000}, // the sandbox sends max(0, count+delta)
		{"too high by one record", 1},
		{"too high by a page", pageCap},
	}
	collections := []struct{ path, envelope string }{
		{"/academicSessions", "academicSessions"}, // 7 records: the last page short
		{"/classes", "classes"},                   // 12 records: the last page full
	}
	for _, style := range styles {
		for _, coll := range collections {
			for _, concurrency := range []int{1, 4} {
				for _, total := range totals {
					name := fmt.Sprintf("%s/%s/concurrency %d/total %s", style, coll.envelope, concurrency, total.name)
					t.Run(name, func(t *testing.T) {
						sb := sandbox.New(sandbox.Options{Pages: sandbox.PageOverride{Cap: pageCap, Style: style}})
						sb.AddFault(sandbox.Fault{Name: "total", Method: "GET", Path: coll.path, Kind: sandbox.FaultTotalCount,
							TotalCountDelta: total.delta})
						srv := httptest.NewServer(sb)
						t.Cleanup(srv.Close)
						pageSize := 0
						if style == sandbox.PagingRefusedLimit {
							pageSize = 1000 // above the 100 the server takes
						}
						c, err := oneroster.New(oneroster.Config{
							BaseURL: srv.URL + sandbox.BasePath,
							Auth: &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret,
								TokenURL: srv.URL + sandbox.TokenPath},
							PageSize:       pageSize,
							MaxConcurrency: concurrency,
						})
						if err != nil {
							t.Fatal(err)
						}
						want := sb.SourcedIDs(coll.envelope)
						if len(want) <= 3*pageCap {
							t.Fatalf("the sandbox has %d %s: too few for the totals tried", len(want), coll.envelope)
						}
						got := listIDs(t, oneroster.List[sourcedRecord](context.Background(), c, coll.path, coll.envelope,
							oneroster.ListOptions{Concurrency: concurrency}))
						if !slices.Equal(got, want) {
							t.Errorf("listed %d %s, want the sandbox's %d in order:\ngot  %v\nwant %v", len(got), coll.envelope, len(want), got, want)
						}
						if sb.FaultHits("total") == 0 {
							t.Error("no page carried the wrong total")
						}
					})
				}
			}
		}
	}
}
