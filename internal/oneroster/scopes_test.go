package oneroster_test

import (
	"slices"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// The scopes the client's catalogs name are exactly those the sandbox's
// server side (written from the bindings, separately) grants: a scope
// one side lacks would be a hint naming a scope no server grants, or an
// operation the client cannot name the scope of.
func TestCatalogScopesAreTheBindingsScopes(t *testing.T) {
	for _, tc := range []struct {
		catalog *oneroster.Catalog
		want    []string
	}{
		{oneroster.CatalogV1p1, oauthcheck.AllScopes()},
		{oneroster.CatalogV1p2, oauthcheck.AllScopesV1p2()},
	} {
		want := slices.Sorted(slices.Values(tc.want))
		if got := tc.catalog.Scopes(); !slices.Equal(got, want) {
			t.Errorf("OneRoster %s: the catalog names the scopes\n%v\nthe server grants\n%v", tc.catalog.Version.Title(), got, want)
		}
	}
}
