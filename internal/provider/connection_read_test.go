package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// readConnection runs the resource's Read on a state holding m and returns
// the diagnostics and the new state.
func readConnection(t *testing.T, m connectionModel) (resource.ReadResponse, connectionModel) {
	t.Helper()
	ctx := context.Background()
	r := &connectionResource{}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, &m); diags.HasError() {
		t.Fatalf("building the state: %v", diags)
	}
	resp := resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, &resp)
	var out connectionModel
	if diags := resp.State.Get(ctx, &out); diags.HasError() {
		t.Fatalf("reading the new state: %v", diags)
	}
	return resp, out
}

func recordedConnection(sb *sandbox.Running) connectionModel {
	return connectionModel{
		ID: types.StringValue("springfield"), Name: types.StringValue("springfield"), BaseURL: types.StringValue(sb.BaseURL),
		Topics: stringList([]string{"orgs"}), GradesEnabled: types.BoolValue(false),
		AvailableTopics: stringList([]string{"orgs"}), GrantedScopes: stringList(nil),
		UnavailableTopics: types.MapValueMust(types.StringType, nil),
		RecordCounts:      types.MapValueMust(types.Int64Type, nil),
		presetModel:       presetModel{ExtraHeaders: types.MapNull(types.StringType), GradebookHeaders: types.MapNull(types.StringType)},
		connectionHeadersModel: connectionHeadersModel{
			ExtraHeadersWO: types.MapNull(types.StringType), GradebookHeadersWO: types.MapNull(types.StringType),
		},
	}
}

// With a write-only header map, the state lacks the header the server may
// need: Read keeps the state and sends nothing, even with a stored secret.
func TestConnectionReadWithWriteOnlyHeaders(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	m := recordedConnection(sb)
	m.OAuth2ClientCredentials = &oauth2ClientCredentialsConnectionModel{
		oauth2ClientCredentialsModel: oauth2ClientCredentialsModel{
			ClientID: types.StringValue(sandbox.ClientID), ClientSecret: types.StringValue(sandbox.ClientSecret),
			TokenURL: types.StringValue(sb.TokenURL), AuthorizationURL: types.StringNull(),
			Scopes: types.ListNull(types.StringType), ClientAuth: types.StringNull(),
		},
		ClientSecretWO: types.StringNull(), ClientSecretWOVersion: types.Int64Null(),
	}
	m.GradebookHeadersWOVersion = types.Int64Value(2)
	resp, out := readConnection(t, m)
	if len(resp.Diagnostics) != 0 {
		t.Errorf("Read: diagnostics %v", resp.Diagnostics)
	}
	if n, tokens := sb.Server.Requests(""), sb.Server.TokenRequests(); n != 0 || tokens != 0 {
		t.Errorf("Read sent %d API and %d token requests, want none", n, tokens)
	}
	if !out.GradebookHeadersWOVersion.Equal(types.Int64Value(2)) || !out.RecordCounts.Equal(m.RecordCounts) {
		t.Errorf("Read changed the state: %+v", out)
	}
}

// With write-only credentials the state holds no secret: Read keeps the
// state as it is and sends nothing to the server. With a stored secret it
// probes (the contrast shows the counters work).
func TestConnectionReadWithWriteOnlyCredentials(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sb.Close() }()

	writeOnly := recordedConnection(sb)
	writeOnly.OAuth2ClientCredentials = &oauth2ClientCredentialsConnectionModel{
		oauth2ClientCredentialsModel: oauth2ClientCredentialsModel{
			ClientID: types.StringValue(sandbox.ClientID), ClientSecret: types.StringNull(),
			TokenURL: types.StringValue(sb.TokenURL), AuthorizationURL: types.StringNull(),
			Scopes: types.ListNull(types.StringType), ClientAuth: types.StringNull(),
		},
		ClientSecretWO:        types.StringNull(),
		ClientSecretWOVersion: types.Int64Value(4),
	}
	resp, out := readConnection(t, writeOnly)
	if len(resp.Diagnostics) != 0 {
		t.Errorf("write-only Read: diagnostics %v", resp.Diagnostics)
	}
	if n, tokens := sb.Server.Requests(""), sb.Server.TokenRequests(); n != 0 || tokens != 0 {
		t.Errorf("write-only Read sent %d API and %d token requests, want none", n, tokens)
	}
	if !out.RecordCounts.Equal(writeOnly.RecordCounts) || !out.OAuth2ClientCredentials.ClientSecretWOVersion.Equal(types.Int64Value(4)) {
		t.Errorf("write-only Read changed the state: %+v", out)
	}

	stored := writeOnly
	stored.OAuth2ClientCredentials = &oauth2ClientCredentialsConnectionModel{
		oauth2ClientCredentialsModel: writeOnly.OAuth2ClientCredentials.oauth2ClientCredentialsModel,
		ClientSecretWO:               types.StringNull(),
		ClientSecretWOVersion:        types.Int64Null(),
	}
	stored.OAuth2ClientCredentials.ClientSecret = types.StringValue(sandbox.ClientSecret)
	resp, out = readConnection(t, stored)
	if resp.Diagnostics.HasError() {
		t.Fatalf("stored-secret Read: %v", resp.Diagnostics)
	}
	if sb.Server.Requests("/orgs") == 0 || sb.Server.TokenRequests() == 0 {
		t.Error("stored-secret Read did not probe")
	}
	want := types.MapValueMust(types.Int64Type, map[string]attr.Value{"orgs": types.Int64Value(int64(len(sb.Server.SourcedIDs("orgs"))))})
	if !out.RecordCounts.Equal(want) {
		t.Errorf("stored-secret Read: record_counts %v, want %v", out.RecordCounts, want)
	}
}
