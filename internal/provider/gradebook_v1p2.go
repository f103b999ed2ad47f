package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The gradebook objects only OneRoster 1.2 has: score scales, assessment
// line items and assessment results. Their resources are the generic
// gradebook resource (gradebook_resource.go) and their data sources the
// generic topic ones; the kinds and topics are declared next to their
// fields (gradebook_score_scale.go, gradebook_assessment_*.go).

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
