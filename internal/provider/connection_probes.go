package provider

import (
	"slices"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The collections oneroster_connection probes come from the client's
// catalog: topics are named as the API names its collections.

// defaultRosterTopics are probed unless topics is set: the rostering
// collections a district integration normally needs.
func defaultRosterTopics() []string {
	return oneroster.CatalogV1p1.Names(oneroster.GroupRostering, true)
}

// rosterTopicNames are the rostering collections topics may name.
func rosterTopicNames() []string {
	return oneroster.CatalogV1p1.Names(oneroster.GroupRostering, false)
}

// gradebookTopics are probed when grades_enabled is set.
func gradebookTopics() []string {
	return oneroster.CatalogV1p1.Names(oneroster.GroupGradebook, false)
}

// gradebookWriteScopes are the scopes the gradebook resources write and
// delete with, in catalog order.
func gradebookWriteScopes() []string {
	var out []string
	for _, name := range gradebookTopics() {
		info, _ := oneroster.CatalogV1p1.Lookup(name)
		for _, s := range []string{info.WriteScope, info.DeleteScope} {
			if s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
