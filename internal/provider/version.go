package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// attrVersion is the setting that chooses the OneRoster version, on the
// provider block and on oneroster_connection.
const attrVersion = "oneroster_version"

// versionDescription is the setting's documentation, shared by the
// provider block and oneroster_connection.
func versionDescription() string {
	return fmt.Sprintf("The OneRoster version the server speaks: `1.1` or `1.2`. A base URL ending in `/v1p1` is 1.1 and one ending in "+
		"`/v1p2` (the spec's `/ims/oneroster/rostering/v1p2`, or a vendor's own path) is 1.2, so this is needed only for URLs that show neither, which otherwise are %s. "+
		"Setting a version that the base URL contradicts is an error. OneRoster 1.2 is OAuth 2 only.", oneroster.DefaultVersion.Title())
}

func versionValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(oneroster.Version1p1.Title(), oneroster.Version1p2.Title())}
}

// resolveVersion is the version a client for baseURL speaks, given the
// oneroster_version setting and the resolved credentials: the one place
// where the provider block and oneroster_connection apply the rules, so
// that both refuse the same configurations at plan time.
func resolveVersion(baseURL string, setting types.String, auth oneroster.Auth) (oneroster.Version, diag.Diagnostics) {
	var diags diag.Diagnostics
	explicit, err := oneroster.ParseVersion(setting.ValueString())
	if err != nil { // the schema's validator allows only parseable values
		diags.AddAttributeError(path.Root(attrVersion), "Invalid "+attrVersion, err.Error())
		return "", diags
	}
	v, err := oneroster.ResolveVersion(baseURL, explicit, attrVersion)
	if err != nil {
		diags.AddAttributeError(path.Root(attrVersion), "OneRoster version contradicts base_url", err.Error())
		return "", diags
	}
	if _, isOAuth1 := auth.(*oneroster.OAuth1); isOAuth1 && v == oneroster.Version1p2 {
		diags.AddAttributeError(path.Root(attrOAuth1), "OAuth 1.0a against OneRoster 1.2",
			fmt.Sprintf("The %s block signs requests with OAuth 1.0a, and OneRoster 1.2 is OAuth 2 only: its security framework dropped OAuth 1.0a signing. "+
				"This server speaks 1.2 because %s. Replace the %s block with %s, using the client ID and secret the vendor issued for 1.2, "+
				"or give the vendor's OneRoster 1.1 base URL.",
				attrOAuth1, versionSource(baseURL, explicit), attrOAuth1, attrOAuth2ClientCredentials))
		return "", diags
	}
	return v, diags
}

// versionSource says where a 1.2 choice came from, for messages.
func versionSource(baseURL string, explicit oneroster.Version) string {
	if explicit != "" {
		return fmt.Sprintf("%s = %q", attrVersion, explicit.Title())
	}
	return fmt.Sprintf("base_url %q ends in /v1p2", oneroster.DisplayURL(baseURL))
}
