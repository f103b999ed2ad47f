package oneroster_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// BenchmarkWriteScores writes 1,000 new scores of one line item through
// the client alone, against one sandbox with 20 ms of added latency per
// request: over OneRoster 1.1, one PUT per score; over 1.2, one POST per
// ResultsPostBatch scores. Both send MaxConcurrency (4) requests at once,
// as oneroster_result_set does. It measures the write path that the
// bulk POST replaces, without the plugin framework's plan and apply of a
// 1,000-entry map (BenchmarkResultSetCreate in internal/provider has
// those, and `make bench` prints both ratios).
func BenchmarkWriteScores(b *testing.B) {
	const scores = 1000
	sb, err := sandbox.Start(sandbox.Options{
		District: sandbox.DistrictSpec{Users: scores*3/2 + 100},
		Quirks:   sandbox.Quirks{Latency: 20 * time.Millisecond},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	students := sb.Server.ActiveSourcedIDs("students", scores)
	if len(students) < scores {
		b.Fatalf("the sandbox has %d active students, want %d", len(students), scores)
	}
	x := sb.Server.Sample()
	ctx := context.Background()
	var runs atomic.Int64
	for _, version := range []struct{ name, baseURL string }{{"1.1", sb.BaseURL}, {"1.2", sb.BaseURLV1p2}} {
		client, err := oneroster.New(oneroster.Config{
			BaseURL: version.baseURL,
			Auth:    &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL},
		})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("version="+version.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				run := runs.Add(1)
				lineItem := fmt.Sprintf("bench-write-%d", run)
				if _, err := oneroster.LineItems.Put(ctx, client, lineItem, &model.LineItem{
					Title: "Benchmark quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08",
					Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category}, School: &model.Ref{SourcedID: x.School},
				}); err != nil {
					b.Fatal(err)
				}
				results := make([]model.Result, scores)
				for i, s := range students {
					results[i] = model.Result{
						Base:     model.Base{SourcedID: fmt.Sprintf("%s-%s", lineItem, s), Status: model.StatusActive},
						LineItem: &model.Ref{SourcedID: lineItem}, Student: &model.Ref{SourcedID: s},
						ScoreStatus: model.ScoreStatusFullyGraded, Score: model.NumberPtr(7), ScoreDate: "2025-09-09",
					}
				}
				sb.Server.ResetRequests()
				b.StartTimer()

				var failed atomic.Value
				if version.name == "1.1" {
					client.ForEach(ctx, len(results), func(ctx context.Context, i int) {
						if _, err := oneroster.Results.Put(ctx, client, results[i].SourcedID, &results[i]); err != nil {
							failed.Store(err)
						}
					})
				} else {
					batches := (len(results) + oneroster.ResultsPostBatch - 1) / oneroster.ResultsPostBatch
					client.ForEach(ctx, batches, func(ctx context.Context, k int) {
						batch := results[k*oneroster.ResultsPostBatch : min((k+1)*oneroster.ResultsPostBatch, len(results))]
						if _, err := oneroster.PostResults(ctx, client, lineItem, batch); err != nil {
							failed.Store(err)
						}
					})
				}

				b.StopTimer()
				if err, _ := failed.Load().(error); err != nil {
					b.Fatal(err)
				}
				if got := sb.Server.CountPath("/classes/" + x.Class + "/lineItems/" + lineItem + "/results"); got != scores {
					b.Fatalf("the line item has %d results, want %d", got, scores)
				}
				b.ReportMetric(float64(sb.Server.RequestsUnder("/ims/oneroster", ""))/float64(b.N), "requests/op")
				b.StartTimer()
			}
		})
	}
}
