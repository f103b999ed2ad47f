package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// attrVersion is the setting that chooses the OneRoster version, on the
// provider block and on oneroster_connection; envVersion is the provider
// block's fallback for it.
const (
	attrVersion = "oneroster_version"
	envVersion  = "ONEROSTER_VERSION"
)

// versionDescription is the setting's documentation, shared by the
// provider block and oneroster_connection.
func versionDescription() string {
	return fmt.Sprintf("The OneRoster version the server speaks: `1.1` or `1.2`. A base URL ending in `/v1p1` is 1.1 and one ending in "+
		"`/v1p2` (the spec's `/ims/oneroster/rostering/v1p2`, or a vendor's own path) is 1.2, so this is needed only for URLs that show neither, which "+
		"otherwise are %s. "+
		"Setting a version that the base URL contradicts is an error. OneRoster 1.2 is OAuth 2 only.", oneroster.DefaultVersion.Title())
}

// versionValues are the values oneroster_version (and ONEROSTER_VERSION)
// takes.
func versionValues() []string {
	return []string{oneroster.Version1p1.Title(), oneroster.Version1p2.Title()}
}

func versionValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(versionValues()...)}
}

// versionChoice is an explicit choice of version and the setting it came
// from (oneroster_version, or ONEROSTER_VERSION), which messages name.
type versionChoice struct {
	version oneroster.Version // "" for no choice
	setting string
}

// readVersion reads the oneroster_version setting, or, with env (the
// provider block), ONEROSTER_VERSION when it is not set. A value from the
// environment is checked as the attribute's validator checks a configured
// one, and refused against the attribute, naming the variable. known is
// false when the setting is unknown (plan time).
func readVersion(v types.String, env envLookup) (choice versionChoice, known bool, diags diag.Diagnostics) {
	s, known := stringValue(v, env, envVersion)
	if !known || s == "" {
		return versionChoice{}, known, nil
	}
	choice.setting = attrVersion
	if v.IsNull() {
		choice.setting = envVersion
		if !slices.Contains(versionValues(), s) {
			diags.AddAttributeError(path.Root(attrVersion), "Invalid "+envVersion,
				fmt.Sprintf("%s is %q, which is not a %s: set it to %s, or unset it to let the base URL decide.",
					envVersion, s, attrVersion, strings.Join(versionValues(), " or ")))
			return versionChoice{}, true, diags
		}
	}
	var err error
	if choice.version, err = oneroster.ParseVersion(s); err != nil { // the schema's validator allows only parseable values
		diags.AddAttributeError(path.Root(attrVersion), "Invalid "+attrVersion, err.Error())
	}
	return choice, true, diags
}

// resolveVersion is the version a client for baseURL speaks, given the
// explicit choice and the resolved credentials: the one place where the
// provider block and oneroster_connection apply the rules, so that both
// refuse the same configurations at plan time. It also checks the
// credentials against the server and version (checkAuthForService).
func resolveVersion(baseURL string, choice versionChoice, auth oneroster.Auth) (oneroster.Version, diag.Diagnostics) {
	var diags diag.Diagnostics
	explicit := choice.version
	v, err := oneroster.ResolveVersion(baseURL, explicit, choice.setting)
	if err != nil {
		diags.AddAttributeError(path.Root(attrVersion), "OneRoster version contradicts base_url", err.Error())
		return "", diags
	}
	if _, isOAuth1 := auth.(*oneroster.OAuth1); isOAuth1 && v == oneroster.Version1p2 {
		diags.AddAttributeError(path.Root(attrOAuth1), "OAuth 1.0a against OneRoster 1.2",
			fmt.Sprintf("The %s block signs requests with OAuth 1.0a, and OneRoster 1.2 is OAuth 2 only: its security framework dropped OAuth 1.0a signing. "+
				"This server speaks 1.2 because %s. Replace the %s block with %s, using the client ID and secret the vendor issued for 1.2, "+
				"or give the vendor's OneRoster 1.1 base URL.",
				attrOAuth1, versionSource(baseURL, choice), attrOAuth1, attrOAuth2ClientCredentials))
		return "", diags
	}
	diags.Append(checkAuthForService(baseURL, v, auth)...)
	return v, diags
}

// versionSource says where a 1.2 choice came from, for messages.
func versionSource(baseURL string, choice versionChoice) string {
	switch {
	case choice.version != "" && choice.setting == envVersion:
		return fmt.Sprintf("%s is %q", envVersion, choice.version.Title())
	case choice.version != "":
		return fmt.Sprintf("%s = %q", attrVersion, choice.version.Title())
	}
	return fmt.Sprintf("base_url %q ends in /v1p2", oneroster.DisplayURL(baseURL))
}

// Collections that only one version has: the 1.2 gradebook objects (score
// scales, assessment line items, assessment results) are refused against
// a 1.1 server, and their documentation says so.

// v1p2OnlyNote ends the documentation of each of them.
const v1p2OnlyNote = "OneRoster 1.2 only: against a OneRoster 1.1 provider, it is an error before any request is sent."

// versionNote documents, for the data sources of a collection, that
// OneRoster 1.1 lacks it; "" for the collections both versions have.
func versionNote(info *oneroster.Info) string {
	if _, ok := oneroster.CatalogV1p1.Lookup(info.Name); ok {
		return ""
	}
	return " " + v1p2OnlyNote
}

// notInVersion refuses, before any request, the resource or data source
// what (oneroster_score_scale) when the OneRoster version the client
// speaks lacks its collection: a score scale against 1.1. It says which
// version the collection needs and how to give the provider that one.
// Nil while the client is not known (a provider block known only at
// apply): the plan Terraform makes during the apply refuses it then, and
// the client itself sends nothing for a collection its version lacks.
func notInVersion(what string, info *oneroster.Info, client *oneroster.Client) diag.Diagnostics {
	var diags diag.Diagnostics
	if client == nil || client.Catalog() == nil {
		return nil
	}
	if _, ok := client.Catalog().Lookup(info.Name); ok {
		return nil
	}
	need := info.Version.Title()
	fix := fmt.Sprintf("Give the provider block the vendor's OneRoster %s base_url", need)
	if info.Version == oneroster.Version1p2 {
		fix += fmt.Sprintf(" (it ends in /ims/oneroster/rostering/v1p2), or, if the vendor's URL shows no version, set %s = %q in the provider block. "+
			"OneRoster 1.2 takes OAuth 2 client credentials", attrVersion, need)
	}
	diags.AddError(fmt.Sprintf("%s needs OneRoster %s", what, need),
		fmt.Sprintf("%s uses %s, which exists only in OneRoster %s, and this provider speaks OneRoster %s to %s. Nothing was sent.\n\n%s.",
			what, info.Path(), need, client.Version().Title(), oneroster.DisplayURL(client.BaseURL()), fix))
	return diags
}
