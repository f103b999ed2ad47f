package provider_test

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// BenchmarkReadUsersDataSource drives data.oneroster_users through the
// plugin protocol, as a CLI does, without the CLI: it isolates the
// provider's share of a plan (HTTP, decoding, conversion and the msgpack
// encoding of the answer). It reads every user of a district (BENCH_USERS,
// default 100,000) from an in-process sandbox without added latency, with
// all fields and with `fields` narrowed to three, through the provider's
// server and through the framework's alone (which adds the framework's
// handling of the state; see list_state.go). On 2 shared cores, 100,000
// users: 171.8 cpu-µs/record through the framework and 9.4 through the
// provider's server with all fields; 437 and 3.5 with three.
//
// cpu-µs/record is the process's CPU time (user + system, from rusage) per
// record: on a shared machine it moves far less than wall time. It
// includes the sandbox serving the pages, which is a small share (see a
// -cpuprofile).
func BenchmarkReadUsersDataSource(b *testing.B) {
	users := 100_000
	if v := os.Getenv("BENCH_USERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("BENCH_USERS=%q: %v", v, err)
		}
		users = n
	}
	sb, err := sandbox.Start(sandbox.Options{District: sandbox.DistrictSpec{Users: users}})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	want := len(sb.Server.SourcedIDs("users"))
	ctx := context.Background()

	servers := []struct {
		name string
		new  func() (tfprotov6.ProviderServer, error)
	}{
		// The provider as released, and the framework's server alone: the
		// list data sources' direct answer against the framework's Read.
		{"server=provider", provider.NewServer("bench")},
		{"server=framework", providerserver.NewProtocol6WithError(provider.New("bench")())},
	}
	for _, srv := range servers {
		server, err := srv.new()
		if err != nil {
			b.Fatal(err)
		}
		configureProvider(b, server, sb.BaseURL, sb.TokenURL)
		schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		dsType := schemas.DataSourceSchemas["oneroster_users"].ValueType()
		for _, fields := range []struct {
			name  string
			value tftypes.Value
		}{
			{"fields=all", tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil)},
			{"fields=3", stringList("sourcedId", "email", "role")},
		} {
			cfg := nullObject(dsType)
			cfg["fields"] = fields.value
			dsConfig, err := tfprotov6.NewDynamicValue(dsType, tftypes.NewValue(dsType, cfg))
			if err != nil {
				b.Fatal(err)
			}
			b.Run(srv.name+"/"+fields.name, func(b *testing.B) {
				cpu := processCPU()
				for range b.N {
					resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "oneroster_users", Config: &dsConfig})
					if err != nil || len(resp.Diagnostics) > 0 {
						b.Fatalf("read: %v %v", err, resp.Diagnostics)
					}
					b.SetBytes(int64(len(resp.State.MsgPack)))
				}
				b.StopTimer()
				records := float64(b.N * want)
				b.ReportMetric(float64((processCPU()-cpu).Microseconds())/records, "cpu-µs/record")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/records, "µs/record")
			})
		}
	}
}

// configureProvider points the provider at a sandbox with OAuth 2 client
// credentials and every other setting left to its default, but for what
// options set in its configuration.
func configureProvider(b testing.TB, server tfprotov6.ProviderServer, baseURL, tokenURL string, options ...func(map[string]tftypes.Value)) {
	b.Helper()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	providerType := schemas.Provider.ValueType()
	cfg := nullObject(providerType)
	cfg["base_url"] = tftypes.NewValue(tftypes.String, baseURL)
	oauth := providerType.(tftypes.Object).AttributeTypes["oauth2_client_credentials"].(tftypes.Object)
	oauthVals := nullObject(oauth)
	oauthVals["client_id"] = tftypes.NewValue(tftypes.String, sandbox.ClientID)
	oauthVals["client_secret"] = tftypes.NewValue(tftypes.String, sandbox.ClientSecret)
	oauthVals["token_url"] = tftypes.NewValue(tftypes.String, tokenURL)
	cfg["oauth2_client_credentials"] = tftypes.NewValue(oauth, oauthVals)
	for _, option := range options {
		option(cfg)
	}
	providerConfig, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, cfg))
	if err != nil {
		b.Fatal(err)
	}
	if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &providerConfig}); err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
}

// processCPU is the CPU time the process has used so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func nullObject(t tftypes.Type) map[string]tftypes.Value {
	out := map[string]tftypes.Value{}
	for name, at := range t.(tftypes.Object).AttributeTypes {
		out[name] = tftypes.NewValue(at, nil)
	}
	return out
}
