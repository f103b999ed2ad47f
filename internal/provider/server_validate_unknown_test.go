package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework reports every required attribute of a wholly unknown
// element of a nested map or list as missing (server_validate_unknown.go).
// The provider's server drops exactly those errors: an unknown entry of a
// result set, or an unknown learning-objective score of one of its
// entries, passes; a known one without its required attribute, and an
// unknown entry beside a known one without it, do not.
func TestValidateLeavesUnknownElementsToTerraform(t *testing.T) {
	ctx := context.Background()
	servers := newServerPair(t, "", "")
	schemas, err := servers.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	setType := schemas.ResourceSchemas["oneroster_result_set"].ValueType().(tftypes.Object)
	u := unknownConfig{}
	graded := map[string]any{"score_status": "fully graded", "score": 7.0}
	unknownScore := map[string]any{"score_status": "fully graded", "learning_objective_scores": []any{u}}
	noStatus := map[string]any{"score": 7.0}
	for _, tc := range []struct {
		name          string
		results       map[string]any
		wantErrorsAt  []string // the entries named by an error
		frameworkErrs int      // errors the framework alone reports, at least
	}{
		{name: "an unknown entry", results: map[string]any{"a": graded, "b": u}, frameworkErrs: 1},
		{name: "an unknown learning-objective score", results: map[string]any{"a": unknownScore}, frameworkErrs: 1},
		{name: "an entry without score_status", results: map[string]any{"a": noStatus}, wantErrorsAt: []string{"a"}, frameworkErrs: 1},
		{name: "an unknown entry beside one without score_status", results: map[string]any{"a": noStatus, "b": u},
			wantErrorsAt: []string{"a"}, frameworkErrs: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config, err := tfprotov6.NewDynamicValue(setType, configValue(setType, map[string]any{
				"line_item_sourced_id": "quiz", "results": tc.results}))
			if err != nil {
				t.Fatal(err)
			}
			req := &tfprotov6.ValidateResourceConfigRequest{TypeName: "oneroster_result_set", Config: &config}
			want, err := servers.framework.ValidateResourceConfig(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(errorsOf(want.Diagnostics)); n < tc.frameworkErrs {
				t.Errorf("the framework reports %d errors, want at least %d: the workaround may no longer be needed", n, tc.frameworkErrs)
			}
			got, err := servers.ours.ValidateResourceConfig(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			errs := errorsOf(got.Diagnostics)
			if len(errs) != len(tc.wantErrorsAt) {
				t.Fatalf("errors %v, want one for each of %v", summaries(errs), tc.wantErrorsAt)
			}
			for i, d := range errs {
				want := tftypes.NewAttributePath().WithAttributeName("results").WithElementKeyString(tc.wantErrorsAt[i]).
					WithAttributeName("score_status")
				if d.Summary != "Missing Configuration for Required Attribute" || !d.Attribute.Equal(want) {
					t.Errorf("error %q at %v, want the framework's for %v", d.Summary, d.Attribute, want)
				}
			}
		})
	}
}

func errorsOf(diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			out = append(out, d)
		}
	}
	return out
}

func summaries(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary+" at "+d.Attribute.String())
	}
	return out
}
