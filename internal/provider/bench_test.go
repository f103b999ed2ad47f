package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// BenchmarkReadUsersDataSource drives data.oneroster_users through the
// plugin protocol, as a CLI does, without the CLI: it isolates the
// provider's share of a plan (HTTP, decoding, conversion, the framework's
// post-processing and the msgpack encoding of the answer).
func BenchmarkReadUsersDataSource(b *testing.B) {
	sb, err := sandbox.Start(sandbox.Options{District: sandbox.DistrictSpec{Users: 20_000}})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(provider.New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	providerType := schemas.Provider.ValueType()
	cfg := nullObject(providerType)
	cfg["base_url"] = tftypes.NewValue(tftypes.String, sb.BaseURL)
	oauth := providerType.(tftypes.Object).AttributeTypes["oauth2_client_credentials"].(tftypes.Object)
	oauthVals := nullObject(oauth)
	oauthVals["client_id"] = tftypes.NewValue(tftypes.String, sandbox.ClientID)
	oauthVals["client_secret"] = tftypes.NewValue(tftypes.String, sandbox.ClientSecret)
	oauthVals["token_url"] = tftypes.NewValue(tftypes.String, sb.TokenURL)
	cfg["oauth2_client_credentials"] = tftypes.NewValue(oauth, oauthVals)
	providerConfig, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, cfg))
	if err != nil {
		b.Fatal(err)
	}
	if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &providerConfig}); err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	dsType := schemas.DataSourceSchemas["oneroster_users"].ValueType()
	dsConfig, err := tfprotov6.NewDynamicValue(dsType, tftypes.NewValue(dsType, nullObject(dsType)))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "oneroster_users", Config: &dsConfig})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
		b.SetBytes(int64(len(resp.State.MsgPack)))
	}
}

func nullObject(t tftypes.Type) map[string]tftypes.Value {
	out := map[string]tftypes.Value{}
	for name, at := range t.(tftypes.Object).AttributeTypes {
		out[name] = tftypes.NewValue(at, nil)
	}
	return out
}
