package provider_test

import (
	"fmt"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// transportHardeningCells are the fault-matrix cells of paging, body limits and path escaping against hostile servers.
func transportHardeningCells() []matrixCell {
	users := "data.oneroster_users read"
	// behindNginx is a sandbox behind a front that resolves dot segments
	// (percent-encoded ones too) before routing.
	behindNginx := sandbox.Options{Quirks: sandbox.Quirks{ResolveDotSegments: true}}
	studentsOfClass := func(classID string) func(*sandbox.Running) string {
		return func(sb *sandbox.Running) string {
			return providerConfig(sb, "") + fmt.Sprintf("data \"oneroster_students\" \"class\" {\n  class_sourced_id = %s\n}\n", classID)
		}
	}
	// neverRequested checks that no request reached paths under prefix.
	neverRequested := func(prefix string) func(*testing.T, *cellEnv) {
		return func(t *testing.T, c *cellEnv) {
			t.Helper()
			if n := c.sb.Server.Requests(prefix); n != 0 {
				t.Errorf("%d requests reached %s", n, prefix)
			}
		}
	}
	var cells []matrixCell

	// Issue 15 item 7: ids that read as dot segments.
	cells = append(cells,
		matrixCell{fault: `class_sourced_id = ".." behind a front that resolves dot segments`, op: "data.oneroster_students read",
			expect: "error at plan naming class_sourced_id; /students never requested",
			opts:   behindNginx,
			run: then(failCell(studentsOfClass(`".."`), wrappedText("class_sourced_id", `is "..", which the provider cannot put in a request path`)),
				neverRequested("/students"), neverRequested("/classes"))},
		matrixCell{fault: `class_sourced_id = ".." known only at apply, behind a front that resolves dot segments`, op: "data.oneroster_students read",
			expect: "error at apply naming class_sourced_id; /students never requested",
			opts:   behindNginx,
			run: then(failCell(func(sb *sandbox.Running) string {
				return "resource \"terraform_data\" \"id\" {\n  input = \"..\"\n}\n" + studentsOfClass("terraform_data.id.output")(sb)
			}, wrappedText("Unusable sourcedId", "class_sourced_id", `is "..", which the provider cannot put in a request path`)),
				neverRequested("/students"), neverRequested("/classes"))},
		matrixCell{fault: `sourced_id = "." behind a front that resolves dot segments`, op: "oneroster_category create",
			expect: "error at plan naming sourced_id; /categories never requested",
			opts:   behindNginx,
			run: then(failCell(func(sb *sandbox.Running) string { return categoryConfig(providerConfig(sb, writes), ".", "Dot", "") },
				wrappedText("sourced_id", `is ".", which the provider cannot put in a request path`)),
				neverRequested("/categories"))},
	)

	// Item 8: a next link to a fresh URL on every page.
	cells = append(cells,
		matrixCell{fault: "next links to fresh URLs (?k=N+1) forever, alternating two record sets (no X-Total-Count)", op: users,
			expect: "error: page 3 brought only records already read; 3 requests",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{NoTotalCount: true}},
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "page 3 brought only records already read"),
				sandbox.Fault{Name: "loop", Path: "/users", Kind: sandbox.FaultFreshLinkLoop}),
				hitsAre("loop", 3))},
	)

	// Item 9: successful bodies without end.
	cells = append(cells,
		matrixCell{fault: "200 whose body never ends, max_response_bytes = 1 MiB", op: users,
			expect: "error naming the 1 MiB cap and max_response_bytes; not retried",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead+"\n  max_response_bytes = 1048576") },
				wrappedText("Cannot read users", "larger than 1 MiB", "max_response_bytes"),
				sandbox.Fault{Name: "endless", Path: "/users", Kind: sandbox.FaultEndlessBody}),
				hitsAre("endless", 1), waitsAre(0, 0, 0))},
		matrixCell{fault: "200 whose body never ends, default limit", op: users,
			expect: "error naming the 64 MiB default and max_response_bytes; not retried",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "larger than 64 MiB", "max_response_bytes"),
				sandbox.Fault{Name: "endless", Path: "/users", Kind: sandbox.FaultEndlessBody}),
				hitsAre("endless", 1), waitsAre(0, 0, 0))},
	)

	// Item 10: cursor paging at the default concurrency.
	cells = append(cells,
		matrixCell{fault: "cursor paging: offset ignored, Link next ?cursor=N, X-Total-Count sent", op: users + " (default max_concurrency)",
			expect: "success: every user exactly once, by the links",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{CursorPaging: true}},
			run:    readCell("page_size = 10")},
	)

	// Issue 13: a server that refuses a large limit instead of capping it.
	cells = append(cells,
		matrixCell{fault: "limit above 200 answered 400 (not capped), page_size = 1000", op: users,
			expect: "success: every user exactly once, at limit 100 after one refusal",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{MaxLimit: 200}},
			run:    readCell("page_size = 1000")},
	)
	return cells
}
