package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// On OneRoster 1.2, grades_enabled probes the 1.2 gradebook at the
// gradebook service's base URL (derived from base_url): categories, line
// items, results, score scales and assessments. The write-permission check
// and every missing-scope hint name the 1.2 scopes.
func TestAccConnection_v1p2Gradebook(t *testing.T) {
	sb := acctest.Sandbox(t, withTotalCounts(sandbox.Options{District: sandbox.DistrictSpec{Users: 120}}))
	reads := []string{oneroster.ScopeV1p2RosterCoreReadonly, oneroster.ScopeV1p2GradebookCoreReadonly, oneroster.ScopeV1p2AssessmentReadonly}
	writes := []string{oneroster.ScopeV1p2GradebookCreatePut, oneroster.ScopeV1p2GradebookDelete, oneroster.ScopeV1p2GradebookCreatePost,
		oneroster.ScopeV1p2AssessmentCreatePut, oneroster.ScopeV1p2AssessmentDelete}
	client := func(scopes ...string) string {
		return oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret, scopes...)
	}
	const grades = "topics = [\"orgs\", \"users\"]\n  grades_enabled = true\n"
	topics := []string{"orgs", "users", "categories", "lineItems", "results", "scoreScales", "assessmentLineItems", "assessmentResults"}
	counts := map[string]knownvalue.Check{}
	for _, topic := range topics {
		// X-Total-Count counts tobedeleted records too.
		counts[topic] = knownvalue.Int64Exact(int64(len(sb.Server.SourcedIDs(topic))))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			for _, topic := range topics {
				if len(sb.Server.SourcedIDs(topic)) == 0 {
					t.Fatalf("the sandbox's district has no %s", topic)
				}
			}
		},
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:   connectionConfig(sb.BaseURLV1p2, client(reads...), grades+`missing_write_scopes = "error"`),
				PlanOnly: true,
				ExpectError: wrappedText(append(append([]string{`Connection "springfield": gradebook write permission missing`, "lacks"}, writes...),
					"on OneRoster 1.2")...),
			},
			{
				// Rostering scopes only: each gradebook probe is refused,
				// naming the 1.2 scope it lacks.
				Config:   connectionConfig(sb.BaseURLV1p2, client(oneroster.ScopeV1p2RosterCoreReadonly), grades),
				PlanOnly: true,
				ExpectError: wrappedText(`scoreScales not allowed`, "lack the scope "+oneroster.ScopeV1p2GradebookCoreReadonly,
					"assessmentLineItems not allowed", "lack the scope "+oneroster.ScopeV1p2AssessmentReadonly),
			},
			{
				Config: connectionConfig(sb.BaseURLV1p2, client(append(reads, writes...)...), grades),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("oneroster_version"), knownvalue.StringExact("1.2")),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("available_topics"), knownvalue.ListExact(stringValues(topics))),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("record_counts"), knownvalue.MapExact(counts)),
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("can_write_grades"), knownvalue.Bool(true)),
				},
			},
		},
	})
	for _, topic := range []string{"/categories", "/scoreScales", "/assessmentLineItems"} {
		if sb.Server.RequestsUnder(sandbox.BasePathGradebookV1p2, topic) == 0 {
			t.Errorf("no probe of %s reached the 1.2 gradebook service", topic)
		}
	}
	if n := sb.Server.Requests("/categories"); n != 0 {
		t.Errorf("%d probes went to the 1.1 gradebook", n)
	}
}
