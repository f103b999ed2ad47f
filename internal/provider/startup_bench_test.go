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
