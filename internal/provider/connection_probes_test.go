package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// grades_enabled probes the gradebook of the version in use: on 1.2 that
// includes score scales and assessments.
func TestGradebookTopicsFollowTheVersion(t *testing.T) {
	if got := gradebookTopics(oneroster.CatalogV1p1); !slices.Equal(got, []string{"categories", "lineItems", "results"}) {
		t.Errorf("1.1 gradebook topics %v", got)
	}
	got := gradebookTopics(oneroster.CatalogV1p2)
	for _, want := range []string{"categories", "lineItems", "results", "scoreScales", "assessmentLineItems", "assessmentResults"} {
		if !slices.Contains(got, want) {
			t.Errorf("1.2 gradebook topics %v lack %s", got, want)
		}
	}
	if d := gradebookTopicsDescription(); !strings.Contains(d, "on OneRoster 1.2 also `scoreScales`") {
		t.Errorf("grades_enabled's description: %s", d)
	}
}

// The write-permission check names the scopes of the version in use: a
// 1.2 token holding only 1.1's write scopes lacks every 1.2 one, and the
// message names 1.2 URIs only, with the collections each is for.
func TestWriteScopesNameTheScopesOfTheVersion(t *testing.T) {
	v11 := []string{oneroster.ScopeGradebookReadonly, oneroster.ScopeGradebookCreatePut, oneroster.ScopeGradebookDelete}
	var diags diag.Diagnostics
	if got := checkWriteScopes("d", oneroster.AuthMethodOAuth2ClientCredentials, oneroster.CatalogV1p1, v11, severityError, &diags); got == nil || !*got || diags.HasError() {
		t.Fatalf("1.1 with the 1.1 write scopes: %v %v", got, diags)
	}

	got := checkWriteScopes("d", oneroster.AuthMethodOAuth2ClientCredentials, oneroster.CatalogV1p2, v11, severityError, &diags)
	if got == nil || *got || diags.ErrorsCount() != 1 {
		t.Fatalf("1.2 with the 1.1 write scopes: %v %v", got, diags)
	}
	detail := diags.Errors()[0].Detail()
	_, hint, _ := strings.Cut(detail, "but not ")
	if strings.Contains(hint, oneroster.ScopePrefix) {
		t.Errorf("a 1.2 hint names a 1.1 scope:\n%s", detail)
	}
	for _, want := range []string{
		oneroster.ScopeV1p2GradebookCreatePut, oneroster.ScopeV1p2GradebookDelete, oneroster.ScopeV1p2AssessmentCreatePut, oneroster.ScopeV1p2AssessmentDelete,
		oneroster.ScopeV1p2AssessmentDelete + " for assessmentLineItems, assessmentResults", oneroster.ScopeV1p2GradebookCreatePost + " for results", "OneRoster 1.2",
	} {
		if !strings.Contains(hint, want) {
			t.Errorf("the 1.2 hint does not name %s:\n%s", want, detail)
		}
	}

	diags = nil
	all := []string{oneroster.ScopeV1p2GradebookCreatePut, oneroster.ScopeV1p2GradebookCreatePost, oneroster.ScopeV1p2GradebookDelete, oneroster.ScopeV1p2AssessmentCreatePut, oneroster.ScopeV1p2AssessmentDelete}
	if got := checkWriteScopes("d", oneroster.AuthMethodOAuth2ClientCredentials, oneroster.CatalogV1p2, all, severityError, &diags); got == nil || !*got || diags.HasError() {
		t.Errorf("1.2 with the 1.2 write scopes: %v %v", got, diags)
	}
}
