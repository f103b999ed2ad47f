package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The server answers the result set's reads itself (server_read_test.go
// holds every answer equal to the framework's; this test holds that the
// short path is the one taken, and only where it should be).
func TestResultSetReadsTakeTheShortPath(t *testing.T) {
	s, err := newServer(&oneRosterProvider{version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	srv := s.(*server)
	set, ok := srv.directReads["oneroster_result_set"]
	if !ok || len(srv.directReads) != 1 {
		t.Fatalf("types answering their reads: %v, want only oneroster_result_set", srv.directReads)
	}
	if set.identityType == nil {
		t.Fatal("the result set's reads do not set its identity")
	}
	setType := set.stateType.(tftypes.Object)
	state := func(results any) *tfprotov6.DynamicValue {
		attrs := map[string]tftypes.Value{}
		for name, at := range setType.AttributeTypes {
			attrs[name] = tftypes.NewValue(at, nil)
		}
		attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, "li")
		attrs["results"] = tftypes.NewValue(setType.AttributeTypes["results"], results)
		d, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, attrs))
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	for _, tc := range []struct {
		name    string
		state   *tfprotov6.DynamicValue
		private []byte
		short   bool
	}{
		// Unconfigured: the read fails before any request, with the
		// provider's error, on either path.
		{"an import's state", state(nil), []byte(`{".import_before_read":"dHJ1ZQ=="}`), true},
		{"no entries", state(map[string]tftypes.Value{}), nil, true},
		{"an unknown value", state(tftypes.UnknownValue), nil, false},
		{"private state the framework refuses", state(nil), []byte(`{"k":""}`), false},
		{"private state of another SDK", state(nil), []byte(`{"k":{"a":1}}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, ok := set.read(context.Background(), srv.provider, &tfprotov6.ReadResourceRequest{
				TypeName: "oneroster_result_set", CurrentState: tc.state, Private: tc.private})
			if ok != tc.short {
				t.Fatalf("short path taken: %v, want %v", ok, tc.short)
			}
			if ok && (len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "OneRoster provider not configured") {
				t.Errorf("diagnostics: %v, want the provider's not configured", resp.Diagnostics)
			}
		})
	}
}
