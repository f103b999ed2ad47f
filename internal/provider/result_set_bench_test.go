package provider_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// BenchmarkResultSetCreate creates one oneroster_result_set of 1,000
// scores (BENCH_SCORES) through the plugin protocol, plan and apply as a
// CLI drives them, against one in-process sandbox with 20 ms of added
// latency per request (BENCH_LATENCY), once over OneRoster 1.1 (one PUT
// per score, max_concurrency at once) and once over 1.2 (one POST per
// oneroster.ResultsPostBatch scores). It isolates the provider's share of
// an apply, without the CLI's start-up and graph walk: `make bench` runs
// it once and prints the ratio, beside a real apply of each.
//
// requests/op counts every API request of the plan and the apply (the
// line item and its results read before writing, the writes, the
// read-back); cpu-s/op is the process's CPU time (user + system), the
// in-process sandbox's included, which moves less than wall time on a
// shared machine. Measured there (BENCH_LATENCY=0, -benchtime 3x, load
// 8 to 12, the two builds run alternately), before and after the server
// answered the set's creates' plans itself (server_plan.go), which had
// been two thirds of the profile:
//
//	             cpu-s/op
//	version=1.1  2.8-3.3 -> 1.2-1.3
//	version=1.2  2.6-3.4 -> 1.0-1.5   now mostly the framework's ApplyResourceChange
func BenchmarkResultSetCreate(b *testing.B) {
	scores := envInt(b, "BENCH_SCORES", 1000)
	latency := 20 * time.Millisecond
	if v := os.Getenv("BENCH_LATENCY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("BENCH_LATENCY=%q: %v", v, err)
		}
		latency = d
	}
	sb := startSandbox(b, sandbox.Options{
		District: sandbox.DistrictSpec{Users: scores*3/2 + 100},
		Quirks:   sandbox.Quirks{Latency: latency},
	})
	students := sb.Server.ActiveSourcedIDs("students", scores)
	if len(students) < scores {
		b.Fatalf("the sandbox has %d active students, want %d", len(students), scores)
	}
	outOfBand := sandboxClient(b, sb, sb.BaseURL)
	x := sb.Server.Sample()
	lineItems := 0
	ctx := context.Background()

	for _, version := range []struct{ name, baseURL string }{{"1.1", sb.BaseURL}, {"1.2", sb.BaseURLV1p2}} {
		server := newProviderServer(b, "bench", version.baseURL, sb.TokenURL)
		schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		setType := schemas.ResourceSchemas["oneroster_result_set"].ValueType().(tftypes.Object)
		entryType := setType.AttributeTypes["results"].(tftypes.Map).ElementType.(tftypes.Object)
		b.Run("version="+version.name, func(b *testing.B) {
			var requests int
			var cpu time.Duration
			for range b.N {
				b.StopTimer()
				lineItems++
				lineItem := fmt.Sprintf("bench-%d", lineItems)
				if _, err := oneroster.LineItems.Put(ctx, outOfBand, lineItem, &model.LineItem{
					Title: "Benchmark quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08",
					Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category},
				}); err != nil {
					b.Fatal(err)
				}
				entries := make(map[string]tftypes.Value, len(students))
				for _, s := range students {
					e := nullObject(entryType)
					e["score"] = tftypes.NewValue(tftypes.Number, 7)
					e["score_status"] = tftypes.NewValue(tftypes.String, "fully graded")
					e["score_date"] = tftypes.NewValue(tftypes.String, "2025-09-09")
					entries[s] = tftypes.NewValue(entryType, e)
				}
				cfg := nullObject(setType)
				cfg["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, lineItem)
				cfg["results"] = tftypes.NewValue(setType.AttributeTypes["results"], entries)
				config, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, cfg))
				if err != nil {
					b.Fatal(err)
				}
				none, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, nil))
				if err != nil {
					b.Fatal(err)
				}
				sb.Server.ResetRequests()
				start := processCPU()
				b.StartTimer()

				plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
					TypeName: "oneroster_result_set", PriorState: &none, ProposedNewState: &config, Config: &config,
				})
				if err != nil || hasError(plan.Diagnostics) {
					b.Fatalf("plan: %v %v", err, plan.Diagnostics)
				}
				applied, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
					TypeName: "oneroster_result_set", PriorState: &none, PlannedState: plan.PlannedState, Config: &config,
				})
				if err != nil || hasError(applied.Diagnostics) {
					b.Fatalf("apply: %v %v", err, applied.Diagnostics)
				}

				b.StopTimer()
				cpu += processCPU() - start
				requests += sb.Server.RequestsUnder("/ims/oneroster", "")
				if got := sb.Server.Count("results"); got < scores {
					b.Fatalf("the sandbox holds %d results, want at least %d", got, scores)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// envInt reads a positive integer from the environment, or def.
func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}
