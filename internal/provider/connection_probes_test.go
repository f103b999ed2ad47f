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
	if got := checkWriteScopes("d", oneroster.AuthMethodOAuth2ClientCredentials, oneroster.CatalogV1p1, v11, severityError, &diags); got == nil || !*got ||
		diags.HasError() {
		t.Fatalf("1.1 with the 1.1 write scopes: %v %v", got, diags)
	}

	got := checkWriteScopes("d", oneroster.AuthMethodOAuth2ClientCredentials, oneroster.CatalogV1p2, v11, severityError, &diags)
	if got == nil || *got || diags.ErrorsCount() != 1 {
		t.Fatalf("1.2 with the 1.1 write scopes: %v %v", got, diags)
	}
	detail := diags.Errors()[0].Detail()
	_, hint, _ := strings.Cut(detail, "lacks ")
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
	all := []string{
		oneroster.ScopeV1p2GradebookCreatePut,
		oneroster.ScopeV1p2GradebookCreatePost,
		oneroster.ScopeV1p2GradebookDelete,
		oneroster.ScopeV1p2AssessmentCreatePut,
		oneroster.ScopeV1p2AssessmentDelete,
	}
	if got := checkWriteScopes("d", oneroster.AuthMethodOAuth2ClientCredentials, oneroster.CatalogV1p2, all, severityError, &diags); got == nil || !*got ||
		diags.HasError() {
		t.Errorf("1.2 with the 1.2 write scopes: %v %v", got, diags)
	}
}

// A base URL that lacks the OneRoster path gets each version's path
// added (the rest of it after a trailing /ims/oneroster), only the
// explicit version's when there is one; one that shows a version gets no
// hint.
func TestMissingPathHint(t *testing.T) {
	cases := []struct {
		base     string
		explicit oneroster.Version
		want     []string
	}{
		{"https://sis.example", "", []string{"https://sis.example/ims/oneroster/v1p1", "https://sis.example/ims/oneroster/rostering/v1p2"}},
		{"https://sis.example/", oneroster.Version1p2, []string{"https://sis.example/ims/oneroster/rostering/v1p2"}},
		{"https://sis.example/api/ims/oneroster/", oneroster.Version1p1, []string{"https://sis.example/api/ims/oneroster/v1p1"}},
		{"https://sis.example/district%2F7", oneroster.Version1p1, []string{"https://sis.example/district%2F7/ims/oneroster/v1p1"}},
	}
	for _, tc := range cases {
		var got []string
		for _, c := range oneRosterPathCandidates(tc.base, tc.explicit) {
			got = append(got, c.baseURL)
			if oneroster.URLVersion(c.baseURL) != c.version {
				t.Errorf("%s: candidate %s is not a %s URL", tc.base, c.baseURL, c.version)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("candidates of %s (%q): %v, want %v", tc.base, tc.explicit, got, tc.want)
		}
		if !lacksOneRosterPath(tc.base) || !strings.Contains(missingPathHint(tc.base, ""), "lacks the OneRoster path") {
			t.Errorf("%s: no hint", tc.base)
		}
	}
	for _, base := range []string{
		"https://sis.example/ims/oneroster/v1p1", "https://sis.example/ims/oneroster/rostering/v1p2/", "https://sis.example/vendor/v1p1", "",
	} {
		if h := missingPathHint(base, ""); h != "" {
			t.Errorf("%s has the path, yet: %s", base, h)
		}
	}
	if h := missingPathHint("https://user:pw@sis.example", "https://user:pw@sis.example/ims/oneroster/v1p1"); strings.Contains(h, "pw") ||
		!strings.Contains(h, "/ims/oneroster/v1p1 answers: set base_url to it.") {
		t.Errorf("hint with an answering candidate: %s", h)
	}
}
