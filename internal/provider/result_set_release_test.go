package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// A student both written (results) and let go of (released_students) is
// refused at plan time, naming the student, before any request.
func TestAccResultSet_releaseAndWriteRefused(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	st := activeStudents(t, sb.Server, 2)
	config := strings.Replace(resultSetConfig(sandboxProvider(sb), quizConfig(sb), map[string]score{st[0]: graded(1), st[1]: graded(2)}),
		"  results = {", fmt.Sprintf("  released_students = [%q]\n  results = {", st[1]), 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: wrappedText("Students both in results and released_students", "released_students = [",
				fmt.Sprintf("released_students lets go of them: %q.", st[1])),
		}},
	})
	if n := sb.Server.Requests("/"); n != 0 {
		t.Errorf("a refused configuration sent %d requests", n)
	}
}
