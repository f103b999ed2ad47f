package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
)

// BenchmarkServerStartup is what every provider process costs before its
// first real call: Terraform 1.5 (bench.sh's CLI) starts one process per
// walk (4 in an apply, 3 in a plan), and each asks for the whole schema
// first. One op is a new server (NewServer), GetMetadata and
// GetProviderSchema, as the CLI sends them.
//
// Measured (session 6, shared 2-core machine): 27.2k -> 21.9k allocs and
// 2.26 -> 1.62 MB per op once newServer built only the types its tables
// use. A real process costs ~80-90 ms of CPU (perf stat on each process of
// a one-resource apply and plan, Terraform 1.5.7); profiled with perf,
// what the provider controls is about a sixth of it (newServer ~6%,
// GetProviderSchema ~8%, mostly the framework building, validating and
// converting ~45 schemas; package init ~1.5%). The rest is outside it:
// go-plugin's automatic mTLS (a P-521 key and certificate generated in
// every process, and the handshake: ~20%), package initialisation of the
// libraries (protobuf descriptors, gRPC: ~10%), the runtime and page
// faults. GOGC=200 saved ~20% of a K=50 push apply's provider CPU but took
// the K=200 no-change plan's provider peak RSS to 61 MiB (limit 56), so
// the provider keeps Go's default.
func BenchmarkServerStartup(b *testing.B) {
	ctx := context.Background()
	cpu := processCPU()
	for range b.N {
		server, err := provider.NewServer("bench")()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := server.GetMetadata(ctx, &tfprotov6.GetMetadataRequest{}); err != nil {
			b.Fatal(err)
		}
		schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(schemas.Diagnostics) > 0 {
			b.Fatalf("schema: %v %v", err, schemas.Diagnostics)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
