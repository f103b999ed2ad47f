package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The server validates result sets itself (server_validate_test.go holds
// every answer equal to the framework's; this test holds that the direct
// path is the one taken for a valid configuration, and not for another).
func TestResultSetValidationsTakeTheShortPath(t *testing.T) {
	ctx := context.Background()
	srv := newTestServer(t)
	if got, want := slices.Sorted(maps.Keys(srv.directValidates)), []string{"oneroster_line_item", "oneroster_result_set"}; !slices.Equal(got, want) {
		t.Fatalf("types validated directly: %v, want %v", got, want)
	}
	set := srv.directValidates["oneroster_result_set"]
	setType := set.configType.(tftypes.Object)
	entryType := setType.AttributeTypes["results"].(tftypes.Map).ElementType.(tftypes.Object)
	config := func(scoreStatus string) *tfprotov6.DynamicValue {
		entry := nullAttributes(entryType)
		entry["score"] = tftypes.NewValue(tftypes.Number, big.NewFloat(7))
		entry["score_status"] = tftypes.NewValue(tftypes.String, scoreStatus)
		attrs := nullAttributes(setType)
		attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, "quiz-1")
		attrs["results"] = tftypes.NewValue(setType.AttributeTypes["results"], map[string]tftypes.Value{"student-a": tftypes.NewValue(entryType, entry)})
		d, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, attrs))
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	req := func(d *tfprotov6.DynamicValue) *tfprotov6.ValidateResourceConfigRequest {
		return &tfprotov6.ValidateResourceConfigRequest{TypeName: "oneroster_result_set", Config: d}
	}
	if !srv.validConfig(ctx, set, req(config("fully graded"))) {
		t.Error("a valid configuration goes to the framework")
	}
	if srv.validConfig(ctx, set, req(config("graded"))) {
		t.Error("a configuration with an invalid score_status is answered directly")
	}
}

// ValidatesItself reports whether the provider's server s (NewServer's)
// answers req without the framework, for the tests outside the package
// that hold its answers to the framework's (server_validate_test.go): an
// equivalence test whose cases all went to the framework would prove
// nothing.
func ValidatesItself(s tfprotov6.ProviderServer, req *tfprotov6.ValidateResourceConfigRequest) bool {
	srv, ok := s.(*server)
	if !ok {
		return false
	}
	t, ok := srv.directValidates[req.TypeName]
	return ok && req.Config != nil && srv.validConfig(context.Background(), t, req)
}

// BenchmarkResultSetValidate validates one result set of 25 scores (a
// class's, as in the grade push of `make bench`: score, status and date
// per entry) through the provider's direct ValidateResourceConfig, as the
// CLI does once per result set in a no-change plan and twice in an apply.
func BenchmarkResultSetValidate(b *testing.B) {
	ctx := context.Background()
	srv := newTestServer(b)
	setType := srv.directValidates["oneroster_result_set"].configType.(tftypes.Object)
	entryType := setType.AttributeTypes["results"].(tftypes.Map).ElementType.(tftypes.Object)
	entries := map[string]tftypes.Value{}
	for i := range 25 {
		entry := nullAttributes(entryType)
		entry["score"] = tftypes.NewValue(tftypes.Number, big.NewFloat(float64(i%10)+0.5))
		entry["score_status"] = tftypes.NewValue(tftypes.String, "fully graded")
		entry["score_date"] = tftypes.NewValue(tftypes.String, "2025-09-09")
		entries[fmt.Sprintf("student-%04d", i)] = tftypes.NewValue(entryType, entry)
	}
	attrs := nullAttributes(setType)
	attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, "quiz-1")
	attrs["results"] = tftypes.NewValue(setType.AttributeTypes["results"], entries)
	config, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, attrs))
	if err != nil {
		b.Fatal(err)
	}
	req := &tfprotov6.ValidateResourceConfigRequest{TypeName: "oneroster_result_set", Config: &config}
	if !srv.validConfig(ctx, srv.directValidates["oneroster_result_set"], req) {
		b.Fatal("the configuration goes to the framework")
	}
	b.ReportAllocs()
	for range b.N {
		resp, err := srv.ValidateResourceConfig(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("validate: %v %v", err, resp.Diagnostics)
		}
	}
}
