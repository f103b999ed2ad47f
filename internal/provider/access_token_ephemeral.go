package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

var (
	_ provider.ProviderWithEphemeralResources  = (*oneRosterProvider)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*accessTokenEphemeralResource)(nil)
)

func (p *oneRosterProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{newAccessTokenEphemeralResource}
}

// accessTokenEphemeralResource hands the provider's OAuth 2 bearer token to
// other providers (an HTTP or vault provider, a script) without it ever
// being stored in a plan or state.
type accessTokenEphemeralResource struct {
	data *providerData
}

func newAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &accessTokenEphemeralResource{}
}

type accessTokenModel struct {
	AccessToken   types.String `tfsdk:"access_token"`
	TokenType     types.String `tfsdk:"token_type"`
	ExpiresAt     types.String `tfsdk:"expires_at"`
	GrantedScopes types.List   `tfsdk:"granted_scopes"`
}

func (r *accessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (r *accessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An OAuth 2 access token for the provider block's connection (`oauth2_client_credentials` or `oauth2_password`), " +
			"for other tools that call the same OneRoster server. As an ephemeral resource (Terraform 1.10+, OpenTofu 1.11+) it is never " +
			"stored in the plan or state; use it in provider blocks, write-only attributes or other ephemeral contexts. The token is the one " +
			"the provider itself uses (fetched when needed, reused while valid). OAuth 1.0a has no token: with `oauth1` this is an error.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The bearer token, for an `Authorization: Bearer …` header.",
			},
			"token_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The token type the server reported, normally `Bearer`.",
			},
			"expires_at": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "When the token expires, in RFC 3339 (UTC); null when the token response gave no `expires_in`. " +
					"The token may stop working earlier if the server revokes it.",
			},
			"granted_scopes": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "Scopes the token response listed; empty when it listed none (then the requested scopes apply).",
			},
		},
	}
}

func (r *accessTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *accessTokenEphemeralResource) Open(ctx context.Context, _ ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if client.AuthMethod() == oneroster.AuthMethodOAuth1 {
		resp.Diagnostics.AddError("No access token with OAuth 1.0a",
			"oneroster_access_token needs the provider block to use oauth2_client_credentials or oauth2_password. "+
				"It uses oauth1, which signs every request with the consumer secret and has no token to hand out.")
		return
	}
	token, err := client.Token(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not get a OneRoster access token",
			"The "+client.AuthMethod()+" token request to "+client.TokenURL()+" failed: "+err.Error()+
				"\n\nCheck the provider block's credentials, token URL and scopes."+requestHint(err))
		return
	}
	result := accessTokenModel{
		AccessToken:   types.StringValue(token.AccessToken),
		TokenType:     types.StringValue(token.TokenType),
		ExpiresAt:     types.StringNull(),
		GrantedScopes: stringList(token.GrantedScopes),
	}
	if !token.Expiry.IsZero() {
		result.ExpiresAt = types.StringValue(token.Expiry.UTC().Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &result)...)
}
