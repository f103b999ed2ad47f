package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// ONEROSTER_VERSION chooses the version for a base URL that shows none,
// as oneroster_version does: the sandbox's 1.2 rostering service, mounted
// at a vendor's own path, is spoken as 1.2 with it and as 1.1 without,
// which the scope a refused read names shows (the read-only client holds
// only 1.1's roster-core.readonly). A value the attribute would refuse, or
// one the base URL contradicts, fails naming the variable.
func TestAccProvider_versionFromTheEnvironment(t *testing.T) {
	const vendorPath = "/api/oneroster"
	sb := acctest.Sandbox(t, sandbox.Options{
		District: sandbox.DistrictSpec{Users: 120},
		Quirks:   sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{Mounts: map[string]string{vendorPath: sandbox.BasePathV1p2}}},
	})
	x := sb.Server.Sample()
	teacher := `
data "oneroster_teacher" "t" {
  sourced_id = "` + x.MultiRoleTeacher + `"
}
`
	for name, tc := range map[string]struct {
		baseURL, version string
		readOnly         bool
		check            []statecheck.StateCheck
		err              []string
	}{
		"1.2 from the environment": {
			baseURL: sb.URL + vendorPath, version: "1.2",
			check: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oneroster_teacher.t", tfjsonpath.New("role"), knownvalue.StringExact("teacher")),
				statecheck.ExpectKnownValue("data.oneroster_teacher.t", tfjsonpath.New("roles"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.oneroster_teacher.t", tfjsonpath.New("user_master_identifier"), knownvalue.StringExact("UMI-"+x.MultiRoleTeacher)),
			},
		},
		"1.2 scopes from the environment": {
			baseURL: sb.URL + vendorPath, version: "1.2", readOnly: true,
			err: []string{"lack", "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"},
		},
		"no choice speaks 1.1": {
			baseURL: sb.URL + vendorPath, readOnly: true,
			err: []string{"lack", "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly"},
		},
		"a value oneroster_version refuses": {
			baseURL: sb.URL + vendorPath, version: "v1p3",
			err: []string{"Invalid ONEROSTER_VERSION", `ONEROSTER_VERSION is "v1p3", which is not a oneroster_version: set it to 1.1 or 1.2`},
		},
		"contradicted by the base URL": {
			baseURL: sb.BaseURLV1p2, version: "1.1",
			err: []string{`ONEROSTER_VERSION is "1.1", but the base URL`},
		},
	} {
		t.Run(name, func(t *testing.T) {
			id, secret := sandbox.ClientID, sandbox.ClientSecret
			if tc.readOnly {
				id, secret = sandbox.ReadOnlyClientID, sandbox.ReadOnlyClientSecret
			}
			for k, v := range map[string]string{
				"ONEROSTER_BASE_URL": tc.baseURL, "ONEROSTER_VERSION": tc.version,
				"ONEROSTER_CLIENT_ID": id, "ONEROSTER_CLIENT_SECRET": secret, "ONEROSTER_TOKEN_URL": sb.TokenURL,
			} {
				t.Setenv(k, v)
			}
			step := resource.TestStep{Config: `provider "oneroster" {}` + teacher, ConfigStateChecks: tc.check}
			if tc.err != nil {
				step.ExpectError = wrappedText(tc.err...)
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps:                    []resource.TestStep{step},
			})
		})
	}
}

// ONEROSTER_GRADEBOOK_BASE_URL stands for gradebook_base_url: a 1.2
// provider's gradebook requests go there (the sandbox's 1.1 path, which
// answers them too), and a value the attribute would refuse is refused
// against it. (ONEROSTER_RESOURCES_BASE_URL takes the same path.)
func TestAccProvider_serviceURLsFromTheEnvironment(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 120}})
	for name, tc := range map[string]struct {
		gradebook string
		err       []string
	}{
		"gradebook elsewhere": {gradebook: sb.BaseURL},
		"a query string":      {gradebook: sb.BaseURL + "?key=s3cret", err: []string{"Invalid URL", "gradebook_base_url", "has a query string"}},
	} {
		t.Run(name, func(t *testing.T) {
			for k, v := range map[string]string{
				"ONEROSTER_BASE_URL": sb.BaseURLV1p2, "ONEROSTER_GRADEBOOK_BASE_URL": tc.gradebook,
				"ONEROSTER_CLIENT_ID": sandbox.ClientID, "ONEROSTER_CLIENT_SECRET": sandbox.ClientSecret, "ONEROSTER_TOKEN_URL": sb.TokenURL,
			} {
				t.Setenv(k, v)
			}
			before := sb.Server.Requests("/lineItems")
			step := resource.TestStep{Config: `provider "oneroster" {}
data "oneroster_line_items" "all" {}
`}
			if tc.err != nil {
				step.ExpectError = wrappedText(tc.err...)
			} else {
				step.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oneroster_line_items.all", tfjsonpath.New("line_items"), knownvalue.ListSizeExact(sb.Server.Count("lineItems"))),
				}
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				Steps:                    []resource.TestStep{step},
			})
			if got := sb.Server.Requests("/lineItems") - before; (got > 0) != (tc.err == nil) {
				t.Errorf("%d gradebook requests reached the 1.1 path", got)
			}
		})
	}
}
