package provider

import (
	"slices"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The collections oneroster_connection probes come from the client's
// catalogs: topics are named as the API names its collections, and each
// version's catalog says which it has, under which scopes.

// defaultRosterTopics are probed unless topics is set: the rostering
// collections a district integration normally needs (the same in every
// version).
func defaultRosterTopics() []string {
	return oneroster.CatalogV1p1.Names(oneroster.GroupRostering, true)
}

// rosterTopicNames are the rostering collections topics may name, in any
// version.
func rosterTopicNames() []string {
	return namesInAnyVersion(oneroster.GroupRostering)
}

// gradebookTopics are probed when grades_enabled is set: the gradebook
// collections of the version the client speaks (1.2 adds score scales and
// assessments).
func gradebookTopics(cat *oneroster.Catalog) []string {
	return cat.Names(oneroster.GroupGradebook, false)
}

// namesInAnyVersion lists the collections of group in any catalog, in
// catalog order, the oldest version's first.
func namesInAnyVersion(group oneroster.Group) []string {
	var out []string
	for _, cat := range oneroster.Catalogs() {
		for _, name := range cat.Names(group, false) {
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// gradebookTopicsDescription says which topics grades_enabled probes, per
// version.
func gradebookTopicsDescription() string {
	v11 := gradebookTopics(oneroster.CatalogV1p1)
	var added []string
	for _, name := range gradebookTopics(oneroster.CatalogV1p2) {
		if !slices.Contains(v11, name) {
			added = append(added, name)
		}
	}
	return "`" + strings.Join(v11, "`, `") + "`, and on OneRoster 1.2 also `" + strings.Join(added, "`, `") + "`"
}

// writeScope is an OAuth 2 scope the gradebook resources write with, and
// the collections that need it.
type writeScope struct {
	scope       string
	collections []string
}

// gradebookWriteScopes are the scopes the gradebook resources write with
// (PUT, 1.2's bulk POST, DELETE) on the catalog's version, in catalog
// order.
func gradebookWriteScopes(cat *oneroster.Catalog) []writeScope {
	var out []writeScope
	for _, name := range gradebookTopics(cat) {
		info, _ := cat.Lookup(name)
		for _, op := range []oneroster.Operation{oneroster.OpPut, oneroster.OpPost, oneroster.OpDelete} {
			s := info.ScopeFor(op, nil)
			if !info.Has(op) || s == "" {
				continue
			}
			i := slices.IndexFunc(out, func(w writeScope) bool { return w.scope == s })
			if i < 0 {
				out = append(out, writeScope{scope: s})
				i = len(out) - 1
			}
			if !slices.Contains(out[i].collections, name) {
				out[i].collections = append(out[i].collections, name)
			}
		}
	}
	return out
}
