package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework (v1.19) validates the nested attributes of every element
// of a nested map or list, also of an element that is wholly unknown (an
// entry of oneroster_result_set.results known only at apply, from a
// conditional on another resource's attribute). It reads each nested
// attribute through the unknown element as null, and so reports
// "Missing Configuration for Required Attribute" for every required one:
// a configuration Terraform accepts fails validation. Once the element
// is known, Terraform itself refuses an object without a required
// attribute (its type conversion of nested attributes does), so the
// provider drops exactly those errors, where the attribute's path goes
// through an unknown value of the configuration.

// missingRequiredSummary is the summary of the framework's error for a
// required attribute without a value.
const missingRequiredSummary = "Missing Configuration for Required Attribute"

// withoutMissingUnderUnknown is diags without the framework's errors for
// required attributes under an unknown value of config.
func withoutMissingUnderUnknown(config tftypes.Value, diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == missingRequiredSummary && d.Attribute != nil &&
			passesUnknown(config, d.Attribute) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// passesUnknown reports whether p steps through an unknown value of v
// before its end.
func passesUnknown(v tftypes.Value, p *tftypes.AttributePath) bool {
	for _, step := range p.Steps() {
		if !v.IsKnown() {
			return true
		}
		next, err := v.ApplyTerraform5AttributePathStep(step)
		if err != nil {
			return false
		}
		nextValue, ok := next.(tftypes.Value)
		if !ok {
			return false
		}
		v = nextValue
	}
	return false
}

// frameworkValidateResource is the framework's answer to req, without
// its errors for required attributes under an unknown value.
func (s *server) frameworkValidateResource(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (
	*tfprotov6.ValidateResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateResourceConfig(ctx, req)
	if err != nil || resp == nil || req.Config == nil || !slices.ContainsFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
		return d.Summary == missingRequiredSummary
	}) {
		return resp, err
	}
	schemas, err := s.ProviderServer.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schemas.ResourceSchemas[req.TypeName] == nil {
		return resp, nil //nolint:nilerr // the framework's answer stands as it came
	}
	config, err := unmarshalDynamicValue(req.Config, schemas.ResourceSchemas[req.TypeName].ValueType())
	if err != nil {
		return resp, nil //nolint:nilerr // the framework's answer stands as it came
	}
	resp.Diagnostics = withoutMissingUnderUnknown(config, resp.Diagnostics)
	return resp, nil
}
