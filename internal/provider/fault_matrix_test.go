package provider_test

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The fault-injection matrix: each cell breaks the sandbox in one way
// (sandbox.Fault), drives one operation through a real CLI, and checks the
// outcome written down for it: success after a known number of retries,
// with exactly the right records and state, or a diagnostic naming the
// cause. Waits go through a FakeClock, so a Retry-After of two minutes
// costs nothing and the test checks the wait that was asked for; the only
// real waits are the 1s request timeouts of the "slow" cells.

// matrixCell is one fault × operation.
type matrixCell struct {
	fault, op string
	// expect is the outcome written down for the cell, as the table shows it.
	expect string
	// opts are the sandbox options (district size aside, the defaults).
	opts sandbox.Options
	run  func(t *testing.T, c *cellEnv)
}

// cellEnv is what a cell runs against: its own sandbox and clock.
type cellEnv struct {
	sb    *sandbox.Running
	clock *acctest.FakeClock
}

// test runs a TestCase against the cell's provider.
func (c *cellEnv) test(t *testing.T, tc resource.TestCase) {
	t.Helper()
	tc.PreCheck = func() { acctest.PreCheck(t) }
	tc.ProtoV6ProviderFactories = acctest.ProviderFactoriesWithClock(c.clock)
	resource.Test(t, tc)
}

// Provider blocks of the matrix, all built on providerConfig.
const (
	// pagedRead asks for small pages, so a listing takes several.
	pagedRead = "page_size = 10\n  max_retries = 3"
	// serialRead also reads one page at a time (no fetching ahead), so that
	// faults hit requests in a known order.
	serialRead = pagedRead + "\n  max_concurrency = 1"
	// writes retry twice.
	writes = "max_retries = 2"
	// timeout1s gives up on an attempt after a second; only the cells of
	// slow answers use it, so that a busy test machine cannot turn a normal
	// answer into a retry.
	timeout1s = "\n  request_timeout = \"1s\""
)

const usersAddr = "data.oneroster_users.all"

// usersRead lists every user, with the provider block settings extra.
func usersRead(sb *sandbox.Running, extra string) string {
	return providerConfig(sb, extra) + "data \"oneroster_users\" \"all\" {}\n"
}

// allUsers checks that the data source holds exactly the active users of
// the sandbox, each once, in the server's order: no record lost, none
// repeated.
func allUsers(sb *sandbox.Running) statecheck.StateCheck {
	var want []knownvalue.Check
	for _, id := range sb.Server.SourcedIDs("users") {
		if _, active := sandboxRecord[model.User](sb.Server, "users", id); active {
			want = append(want, knownvalue.ObjectPartial(map[string]knownvalue.Check{"sourced_id": knownvalue.StringExact(id)}))
		}
	}
	return statecheck.ExpectKnownValue(usersAddr, tfjsonpath.New("users"), knownvalue.ListExact(want))
}

// readCell lists users under fault f and expects success.
func readCell(extra string, faults ...sandbox.Fault) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		for _, f := range faults {
			c.sb.Server.AddFault(f)
		}
		c.test(t, resource.TestCase{Steps: []resource.TestStep{{
			Config:            usersRead(c.sb, extra),
			ConfigStateChecks: []statecheck.StateCheck{allUsers(c.sb)},
		}}})
	}
}

// failCell applies config under fault f and expects the error want.
func failCell(config func(*sandbox.Running) string, want *regexp.Regexp, faults ...sandbox.Fault) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		for _, f := range faults {
			c.sb.Server.AddFault(f)
		}
		c.test(t, resource.TestCase{Steps: []resource.TestStep{{Config: config(c.sb), ExpectError: want}}})
	}
}

// hits checks how often the fault named name fired.
func hits(t *testing.T, c *cellEnv, name string, want int) {
	t.Helper()
	if got := c.sb.Server.FaultHits(name); got != want {
		t.Errorf("fault %q fired %d times, want %d", name, got, want)
	}
}

// waits checks the waits the provider asked its clock for: n of them,
// each within [lo, hi].
func waits(t *testing.T, c *cellEnv, n int, lo, hi time.Duration) {
	t.Helper()
	got := c.clock.Sleeps()
	if len(got) != n {
		t.Errorf("the provider waited %d times %v, want %d", len(got), got, n)
		return
	}
	for _, d := range got {
		if d < lo || d > hi {
			t.Errorf("the provider waited %s, want between %s and %s (all waits: %v)", d, lo, hi, got)
		}
	}
}

// then runs the cell's operation and then its checks.
func then(run func(*testing.T, *cellEnv), checks ...func(*testing.T, *cellEnv)) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		run(t, c)
		for _, check := range checks {
			check(t, c)
		}
	}
}

func hitsAre(name string, n int) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) { t.Helper(); hits(t, c, name, n) }
}

func waitsAre(n int, lo, hi time.Duration) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) { t.Helper(); waits(t, c, n, lo, hi) }
}

// backoff bounds the provider's own waits (no Retry-After): equal jitter
// from 500ms doubling, for the first few retries.
const shortestBackoff, longestBackoff = 250 * time.Millisecond, 4 * time.Second

func status(name, path string, code, count int) sandbox.Fault {
	return sandbox.Fault{Name: name, Path: path, Kind: sandbox.FaultStatus, Status: code, Count: count}
}

// connectionWithRetries is connectionConfig with retries on (it turns them
// off, so that its own failure cases fail fast).
func connectionWithRetries(baseURL, authBlock string, retries int) string {
	return strings.Replace(connectionConfig(baseURL, authBlock, ""), "max_retries = 0", fmt.Sprintf("max_retries = %d", retries), 1)
}

// oauth1Provider is a provider block signing with OAuth 1.0a.
func oauth1Provider(sb *sandbox.Running) string {
	return fmt.Sprintf("provider \"oneroster\" {\n  base_url = %q\n  %s\n}\n", sb.BaseURL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"))
}

func oauth2Connection(sb *sandbox.Running) string {
	return connectionConfig(sb.BaseURL, oauth2ClientCredentialsBlock(sb, sandbox.ClientID, sandbox.ClientSecret), "")
}

func matrixCells() []matrixCell {
	retryAfterDate := func() string { return time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat) }
	users := "data.oneroster_users read"
	conn := "oneroster_connection plan"
	var cells []matrixCell

	// Transport faults on a paged read.
	cells = append(cells,
		matrixCell{fault: "429 storm, Retry-After: 120 (seconds), 3 in a row", op: users,
			expect: "success after 3 retries, each waiting the 120s asked",
			run: then(readCell(pagedRead, sandbox.Fault{Name: "429", Path: "/users", Kind: sandbox.FaultStatus, Status: 429, RetryAfter: "120", Count: 3}),
				hitsAre("429", 3), waitsAre(3, 120*time.Second, 120*time.Second))},
		matrixCell{fault: "429 storm, Retry-After as an HTTP-date 90s ahead, 3 in a row", op: users,
			expect: "success after 3 retries, each waiting until the date (~90s)",
			run: func(t *testing.T, c *cellEnv) {
				then(
					readCell(
						pagedRead,
						sandbox.Fault{Name: "429", Path: "/users", Kind: sandbox.FaultStatus, Status: 429, RetryAfter: retryAfterDate(), Count: 3},
					),
					hitsAre("429", 3),
					waitsAre(3, 75*time.Second, 90*time.Second),
				)(
					t,
					c,
				)
			}},
		matrixCell{fault: "429 with Retry-After: 3600 (beyond the 5 min the client waits)", op: users,
			expect: "error naming the Retry-After, no wait",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("429 Too Many Requests", "asked to retry after 1h0m0s, longer than the 5m0s this client waits"),
				sandbox.Fault{Name: "429", Path: "/users", Kind: sandbox.FaultStatus, Status: 429, RetryAfter: "3600"}),
				hitsAre("429", 1), waitsAre(0, 0, 0))},
	)
	for _, code := range []int{500, 502, 503, 504} {
		cells = append(cells, matrixCell{fault: fmt.Sprintf("%d %s, 2 in a row", code, http.StatusText(code)), op: users,
			expect: "success after 2 retries with backoff",
			run: then(readCell(pagedRead, status("5xx", "/users", code, 2)),
				hitsAre("5xx", 2), waitsAre(2, shortestBackoff, longestBackoff))})
	}
	cells = append(cells,
		matrixCell{fault: "503 on every request (max_retries 3)", op: users,
			expect: "error: 503, gave up after 4 attempts",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "503 Service Unavailable", "gave up after 4 attempts"), status("503", "/users", 503, 0)),
				hitsAre("503", 4), waitsAre(3, shortestBackoff, longestBackoff))},
		matrixCell{fault: "connection reset mid-body, once", op: users,
			expect: "success after 1 retry",
			run: then(readCell(pagedRead, sandbox.Fault{Name: "reset", Path: "/users", Kind: sandbox.FaultReset, After: 2, Count: 1}),
				hitsAre("reset", 1), waitsAre(1, shortestBackoff, longestBackoff))},
		matrixCell{fault: "answer slower than request_timeout (2s vs 1s), once", op: users,
			expect: "success after 1 retry (1s real wait)",
			run: then(readCell(pagedRead+timeout1s, sandbox.Fault{Name: "slow", Path: "/users", Kind: sandbox.FaultSlow, Delay: 2 * time.Second, Count: 1}),
				hitsAre("slow", 1), waitsAre(1, shortestBackoff, longestBackoff))},
		matrixCell{fault: "answer slower than request_timeout, every time (max_retries 1)", op: users,
			expect: "error: no answer within 1s, gave up after 2 attempts",
			run: then(failCell(func(sb *sandbox.Running) string {
				return usersRead(sb, "page_size = 10\n  max_retries = 1"+timeout1s)
			}, wrappedText("Cannot read users", "no answer within 1s (the request timeout)", "gave up after 2 attempts", "raise request_timeout"),
				sandbox.Fault{Name: "slow", Path: "/users", Kind: sandbox.FaultSlow, Delay: 2 * time.Second}),
				hitsAre("slow", 2))},
		matrixCell{fault: "truncated JSON (200, half the body), once", op: users,
			expect: "success after 1 retry",
			run: then(readCell(pagedRead, sandbox.Fault{Name: "cut", Path: "/users", Kind: sandbox.FaultTruncated, After: 1, Count: 1}),
				hitsAre("cut", 1), waitsAre(1, shortestBackoff, longestBackoff))},
		matrixCell{fault: "truncated JSON on every request", op: users,
			expect: "error: truncated, gave up after 4 attempts",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "ended before its JSON document was complete (truncated)", "gave up after 4 attempts"),
				sandbox.Fault{Name: "cut", Path: "/users", Kind: sandbox.FaultTruncated}),
				hitsAre("cut", 4))},
		matrixCell{fault: "HTML error page with status 200", op: users,
			expect: "error: an HTML page, not JSON; not retried",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "200 OK", "an HTML page, not JSON"),
				sandbox.Fault{Name: "html", Path: "/users", Kind: sandbox.FaultHTML200}),
				hitsAre("html", 1), waitsAre(0, 0, 0))},
		matrixCell{fault: "empty body with status 200", op: users,
			expect: "error: empty body; not retried",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "200 OK", "empty body"),
				sandbox.Fault{Name: "empty", Path: "/users", Kind: sandbox.FaultEmpty200}),
				hitsAre("empty", 1), waitsAre(0, 0, 0))},
	)

	// The connection check at plan time.
	cells = append(cells,
		matrixCell{fault: "429 storm, Retry-After: 120, 3 in a row (max_retries 3)", op: conn,
			expect: "success after 3 retries; state has every topic's count",
			opts:   withTotalCounts(sandbox.Options{}),
			run: func(t *testing.T, c *cellEnv) {
				c.sb.Server.AddFault(sandbox.Fault{Name: "429", Kind: sandbox.FaultStatus, Status: 429, RetryAfter: "120", Count: 3})
				c.test(t, resource.TestCase{Steps: []resource.TestStep{{
					Config:            connectionWithRetries(c.sb.BaseURL, oauth2ClientCredentialsBlock(c.sb, sandbox.ClientID, sandbox.ClientSecret), 3),
					ConfigStateChecks: []statecheck.StateCheck{countChecks(c.sb, defaultTopics)},
				}}})
				hits(t, c, "429", 3)
				waits(t, c, 3, 120*time.Second, 120*time.Second)
			}},
		matrixCell{fault: "503 on every request (max_retries 0)", op: conn,
			expect: "error per topic naming the 503; each probed once",
			run: then(failCell(oauth2Connection, wrappedText(`Connection "springfield": orgs failed`, "503 Service Unavailable"),
				status("503", "", 503, 0)), hitsAre("503", len(defaultTopics)))},
		matrixCell{fault: "token endpoint down (503 every time)", op: conn,
			expect: "error: authentication failed, token endpoint failing or overloaded",
			run: failCell(oauth2Connection, wrappedText(`Connection "springfield": authentication failed`, "503 Service Unavailable",
				"the token endpoint is failing or overloaded"), sandbox.Fault{Name: "down", Token: true, Kind: sandbox.FaultStatus, Status: 503})},
		matrixCell{fault: "token endpoint answers an HTML page with 200", op: conn,
			expect: "error: HTML page instead of a JSON token; check the token URL",
			run: failCell(oauth2Connection, wrappedText(`Connection "springfield": authentication failed`, "with an HTML page instead of a JSON token",
				"check that the token URL is the token endpoint"), sandbox.Fault{Name: "html", Token: true, Kind: sandbox.FaultHTML200})},
		matrixCell{fault: "OAuth 1 timestamp rejected: server clock 10 min ahead", op: conn,
			expect: "error: credentials rejected, check the clock",
			run: func(t *testing.T, c *cellEnv) {
				c.sb.Server.SetClockOffset(10 * time.Minute)
				c.test(t, resource.TestCase{Steps: []resource.TestStep{{
					Config: connectionConfig(c.sb.BaseURL, oauth1Block(sandbox.ConsumerSecret, "HMAC-SHA256"), ""),
					ExpectError: wrappedText(`Connection "springfield": credentials rejected`, "401 Unauthorized",
						"this machine's clock is about 10m0s behind the server's Date header", "for OAuth 1, the machine's clock"),
				}}})
			}},
	)

	// Token trouble on a read.
	cells = append(cells,
		matrixCell{fault: "OAuth 1 timestamp rejected: server clock 10 min ahead", op: users + " (OAuth 1)",
			expect: "error: 401, this machine's clock is 10 min behind; not retried",
			run: func(t *testing.T, c *cellEnv) {
				c.sb.Server.SetClockOffset(10 * time.Minute)
				failCell(func(sb *sandbox.Running) string { return oauth1Provider(sb) + "data \"oneroster_users\" \"all\" {}\n" },
					wrappedText("Cannot read users", "401 Unauthorized", "this machine's clock is about 10m0s behind the server's Date header",
						"check this machine's clock"))(t, c)
				waits(t, c, 0, 0, 0)
			}},
		matrixCell{fault: "token endpoint answers 503 to 4 token requests", op: users,
			expect: "success after 2 retries (each attempt tries both client-auth styles)",
			run: then(readCell(serialRead, sandbox.Fault{Name: "down", Token: true, Kind: sandbox.FaultStatus, Status: 503, Count: 4}),
				hitsAre("down", 4), waitsAre(2, shortestBackoff, longestBackoff))},
		matrixCell{fault: "token endpoint down (503 every time, max_retries 3)", op: users,
			expect: "error: token endpoint failing or overloaded, gave up after 4 attempts",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, serialRead) },
				wrappedText("Cannot read users", "token endpoint", "503 Service Unavailable", "failing or overloaded", "gave up after 4 attempts"),
				sandbox.Fault{Name: "down", Token: true, Kind: sandbox.FaultStatus, Status: 503}),
				waitsAre(3, shortestBackoff, longestBackoff))},
		matrixCell{fault: "token endpoint answers an HTML page with 200", op: users,
			expect: "error: HTML page instead of a JSON token; not retried",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, serialRead) },
				wrappedText("Cannot read users", "with an HTML page instead of a JSON token"),
				sandbox.Fault{Name: "html", Token: true, Kind: sandbox.FaultHTML200}),
				waitsAre(0, 0, 0))},
		matrixCell{fault: "token expires mid-listing (401 on page 2, once)", op: users,
			expect: "success: one new token, no wait",
			run: then(readCell(serialRead, sandbox.Fault{Name: "expire", Path: "/users", Kind: sandbox.FaultExpireTokens, After: 1, Count: 1}),
				hitsAre("expire", 1), waitsAre(0, 0, 0),
				func(t *testing.T, c *cellEnv) {
					// One token per CLI run that reads, plus the one refetched.
					if n := c.sb.Server.TokenRequests(); n < 2 {
						t.Errorf("%d token requests: the expired token was not replaced", n)
					}
				})},
		matrixCell{fault: "token expires mid-listing, and the new one is refused too", op: users,
			expect: "error: 401 token expired, after one refetch",
			run: then(failCell(func(sb *sandbox.Running) string { return usersRead(sb, serialRead) },
				wrappedText("Cannot read users", "401 Unauthorized", "the access token expired"),
				sandbox.Fault{Name: "expire", Path: "/users", Kind: sandbox.FaultExpireTokens, After: 1, Count: 2}),
				hitsAre("expire", 2), waitsAre(0, 0, 0))},
	)

	// Paging trouble.
	cells = append(cells,
		matrixCell{fault: "X-Total-Count shrinks by 25 after page 1", op: users,
			expect: "success: every user exactly once",
			run:    readCell(pagedRead, sandbox.Fault{Name: "total", Path: "/users", Kind: sandbox.FaultTotalCount, TotalCountDelta: -25, After: 1})},
		matrixCell{fault: "X-Total-Count grows by 25 after page 1", op: users,
			expect: "success: every user exactly once",
			run:    readCell(pagedRead, sandbox.Fault{Name: "total", Path: "/users", Kind: sandbox.FaultTotalCount, TotalCountDelta: 25, After: 1})},
		matrixCell{fault: "next link loops back to page 1 (no X-Total-Count)", op: users,
			expect: "error: next link points back to a page already read",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{NoTotalCount: true}},
			run: failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
				wrappedText("Cannot read users", "next link points back to a page already read"),
				sandbox.Fault{Name: "loop", Path: "/users", Kind: sandbox.FaultNextLoop, After: 1})},
		matrixCell{fault: "next link to another host (no X-Total-Count)", op: users,
			expect: "error: refusing to follow it; the other host never contacted",
			opts:   sandbox.Options{Quirks: sandbox.Quirks{NoTotalCount: true}},
			run: func(t *testing.T, c *cellEnv) {
				off, err := sandbox.StartOffHost()
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = off.Close() }()
				failCell(func(sb *sandbox.Running) string { return usersRead(sb, pagedRead) },
					wrappedText("Cannot read users", "refusing to follow the next link to "+off.URL, "would carry this client's credentials"),
					sandbox.Fault{Name: "off", Path: "/users", Kind: sandbox.FaultNextOffHost, OffHost: off.URL})(t, c)
				if off.Requests() != 0 || off.AuthorizedRequests() != 0 {
					t.Errorf("the other host received %d requests, %d with credentials", off.Requests(), off.AuthorizedRequests())
				}
			}},
		matrixCell{fault: "pages 10x larger than asked", op: users,
			expect: "success: every user exactly once",
			run:    then(readCell(pagedRead, sandbox.Fault{Name: "huge", Path: "/users", Kind: sandbox.FaultHugePage}), waitsAre(0, 0, 0))},
	)

	// Writes.
	cells = append(cells,
		matrixCell{fault: "PUT applied, answer delayed past request_timeout", op: "oneroster_line_item create (no sourced_id)",
			expect: "success after 1 retry; one line item, matching the state",
			run: lineItemAppliedCell(
				writes+timeout1s,
				sandbox.Fault{Name: "late", Method: "PUT", Path: "/lineItems/*", Kind: sandbox.FaultApplied, Delay: 2 * time.Second, Count: 1},
			)},
		matrixCell{fault: "PUT applied, connection dropped before the answer", op: "oneroster_line_item create (no sourced_id)",
			expect: "success after 1 retry; one line item, matching the state",
			run:    lineItemAppliedCell(writes, sandbox.Fault{Name: "late", Method: "PUT", Path: "/lineItems/*", Kind: sandbox.FaultApplied, Count: 1})},
		matrixCell{fault: "PUT applied, every answer lost", op: "oneroster_line_item create (no sourced_id)",
			expect: "success with a warning: the read-back is what was sent, so it is tracked; one line item, none orphaned",
			run:    lineItemLostCell},
		matrixCell{fault: "DELETE answers 500 after deleting, then 404", op: "oneroster_line_item destroy",
			expect: "success: destroy done, the line item gone",
			run:    lineItemDeleteCell},
		matrixCell{fault: "429 storm on result PUTs, Retry-After: 30, 3 in all", op: "oneroster_result_set apply",
			expect: "success after 3 retries; every result stored once",
			run: func(t *testing.T, c *cellEnv) {
				// Three concurrent writes may all land on one result: max_retries 3.
				resultSetCell(
					t,
					c,
					"max_retries = 3",
					sandbox.Fault{Name: "429", Method: "PUT", Path: "/results/*", Kind: sandbox.FaultStatus, Status: 429, RetryAfter: "30", Count: 3},
				)
				hits(t, c, "429", 3)
				waits(t, c, 3, 30*time.Second, 30*time.Second)
			}},
		matrixCell{fault: "result PUT applied, connection dropped before the answer", op: "oneroster_result_set apply",
			expect: "success after 1 retry; every result stored once",
			run: func(t *testing.T, c *cellEnv) {
				resultSetCell(t, c, writes, sandbox.Fault{Name: "drop", Method: "PUT", Path: "/results/*", Kind: sandbox.FaultApplied, Count: 1})
				hits(t, c, "drop", 1)
			}},
		matrixCell{fault: "one result's PUT answers 500 every time", op: "oneroster_result_set apply",
			expect: "error naming that student; state: exactly the writes that succeeded",
			run:    resultSetPartialCell},
	)
	// Cells of hostile or odd servers live beside the code they exercise,
	// one file per concern.
	cells = append(cells, transportHardeningCells()...) // fault_matrix_transport_test.go
	cells = append(cells, authHardeningCells()...)      // fault_matrix_auth_test.go
	cells = append(cells, gradebookSafetyCells()...)    // fault_matrix_gradebook_test.go
	cells = append(cells, resultSetCells()...)          // fault_matrix_result_set_test.go
	return cells
}

// lineItemAppliedCell creates a line item without a sourced_id (so the
// provider picks a random one) under a fault that applies the PUT and
// then loses the answer: the retry must write the same object again, not
// a second one. extra is the provider block's settings.
func lineItemAppliedCell(extra string, f sandbox.Fault) func(*testing.T, *cellEnv) {
	return func(t *testing.T, c *cellEnv) {
		s := c.sb.Server.Sample()
		before := len(c.sb.Server.SourcedIDs("lineItems"))
		li := lineItem{title: "Fault quiz", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}
		want := model.LineItem{Title: li.title, AssignDate: li.assign, DueDate: li.due,
			Class: &model.Ref{SourcedID: s.Class, Type: "class"}, Category: &model.Ref{SourcedID: s.Category, Type: "category"}}
		c.sb.Server.AddFault(f)
		var created string
		c.test(t, resource.TestCase{
			CheckDestroy: func(*terraform.State) error { return checkGone(c.sb, "lineItems", created)(nil) },
			Steps: []resource.TestStep{{
				Config: li.config(providerConfig(c.sb, extra)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("title"), knownvalue.StringExact(li.title)),
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(s *terraform.State) error {
					rs, ok := s.RootModule().Resources[lineItemAddr]
					if !ok {
						return fmt.Errorf("%s is not in the state", lineItemAddr)
					}
					id := rs.Primary.Attributes["sourced_id"]
					created = id
					if n := len(c.sb.Server.SourcedIDs("lineItems")); n != before+1 {
						return fmt.Errorf("the sandbox has %d line items, want %d: the retry duplicated the write", n, before+1)
					}
					return checkStoredLineItem(c.sb, id, want)(s)
				},
			}},
		})
		hits(t, c, f.Name, 1)
		waits(t, c, 1, shortestBackoff, longestBackoff)
	}
}

// lineItemLostCell creates a line item without a sourced_id while every
// PUT is applied and its answer lost. Reading it back shows exactly what
// the create sent, so it is this create's object: it is tracked (no
// orphan), and the next plan is empty.
func lineItemLostCell(t *testing.T, c *cellEnv) {
	s := c.sb.Server.Sample()
	before := len(c.sb.Server.SourcedIDs("lineItems"))
	li := lineItem{title: "Lost quiz", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}
	cfg := li.config(providerConfig(c.sb, writes))
	c.sb.Server.AddFault(sandbox.Fault{Name: "lost", Method: "PUT", Path: "/lineItems/*", Kind: sandbox.FaultApplied})
	activeLineItems := func() int {
		n := 0
		for _, id := range c.sb.Server.SourcedIDs("lineItems") {
			if rec, ok := c.sb.Server.Record("lineItems", id); ok && recordActive(rec) {
				n++
			}
		}
		return n
	}
	c.test(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if n := activeLineItems(); n != before {
				return fmt.Errorf("%d active line items after destroy, want %d: one was orphaned", n, before)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(lineItemAddr, tfjsonpath.New("title"), knownvalue.StringExact(li.title)),
				},
				Check: func(*terraform.State) error {
					hits(t, c, "lost", 3) // the first attempt and two retries
					if n := activeLineItems(); n != before+1 {
						return fmt.Errorf("%d active line items, want %d", n, before+1)
					}
					return nil
				},
			},
			{
				PreConfig: func() { c.sb.Server.ClearFaults() },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// lineItemDeleteCell destroys a line item whose DELETE is applied but
// answered 500: the retry hears 404, which means done.
func lineItemDeleteCell(t *testing.T, c *cellEnv) {
	s := c.sb.Server.Sample()
	provider := providerConfig(c.sb, writes)
	li := lineItem{id: "li-fault", title: "Fault quiz", assign: "2024-09-02", due: "2024-09-09", class: s.Class, category: s.Category}
	c.test(t, resource.TestCase{
		CheckDestroy: checkGone(c.sb, "lineItems", "li-fault"),
		Steps: []resource.TestStep{
			{Config: li.config(provider)},
			{
				PreConfig: func() {
					c.clock.Reset()
					c.sb.Server.AddFault(sandbox.Fault{Name: "del", Method: "DELETE", Path: "/lineItems/*", Kind: sandbox.FaultApplied, Status: 500, Count: 1})
				},
				Config: provider,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(lineItemAddr, plancheck.ResourceActionDestroy),
				}},
				Check: checkGone(c.sb, "lineItems", "li-fault"),
			},
		},
	})
	hits(t, c, "del", 1)
	waits(t, c, 1, shortestBackoff, longestBackoff)
}

// resultSetCell writes three results under fault f, with the provider
// block settings extra, and expects them all.
func resultSetCell(t *testing.T, c *cellEnv, extra string, f sandbox.Fault) {
	st := activeStudents(t, c.sb.Server, 3)
	results := map[string]score{st[0]: graded(4), st[1]: graded(7), st[2]: {status: "exempt"}}
	c.sb.Server.AddFault(f)
	c.test(t, resource.TestCase{
		CheckDestroy: checkStoredResults(c.sb.Server, nil, st...),
		Steps: []resource.TestStep{{
			Config:            resultSetConfig(providerConfig(c.sb, extra), quizConfig(c.sb), results),
			ConfigStateChecks: []statecheck.StateCheck{expectResults(results)},
			Check:             checkStoredResults(c.sb.Server, results),
		}},
	})
}

// resultSetPartialCell updates three results while one student's write
// always fails: the apply fails naming that student, the state keeps that
// student's previous score and takes the two new ones, and the next apply
// converges.
func resultSetPartialCell(t *testing.T, c *cellEnv) {
	st := activeStudents(t, c.sb.Server, 3)
	provider, quiz := providerConfig(c.sb, writes), quizConfig(c.sb)
	first := map[string]score{st[0]: graded(1), st[1]: graded(2), st[2]: graded(3)}
	second := map[string]score{st[0]: graded(10), st[1]: graded(20), st[2]: graded(30)}
	c.test(t, resource.TestCase{
		AdditionalCLIOptions: &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		CheckDestroy:         checkStoredResults(c.sb.Server, nil, st...),
		Steps: []resource.TestStep{
			{Config: resultSetConfig(provider, quiz, first), ConfigStateChecks: []statecheck.StateCheck{expectResults(first)}},
			{
				PreConfig: func() {
					c.sb.Server.AddFault(sandbox.Fault{Name: "500", Method: "PUT", Path: "/results/" + quizResultID(st[1]),
						Kind: sandbox.FaultStatus, Status: 500})
				},
				Config: resultSetConfig(provider, quiz, second),
				ExpectError: wrappedText("1 of 3 result changes failed", fmt.Sprintf("student %q (write)", st[1]),
					"500 Internal Server Error", "gave up after 3 attempts"),
			},
			{
				PreConfig: func() {
					// Every attempt of st[1]'s write failed: the first and two retries.
					hits(t, c, "500", 3)
					c.sb.Server.ClearFaults()
				},
				Config: resultSetConfig(provider, quiz, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPriorResults{addr: resultSetAddr, want: map[string]float64{st[0]: 10, st[1]: 2, st[2]: 30}},
					plancheck.ExpectResourceAction(resultSetAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectResults(second)},
				Check:             checkStoredResults(c.sb.Server, second),
			},
		},
	})
}

func TestAccFaultMatrix(t *testing.T) {
	cells := matrixCells()
	passed := make([]bool, len(cells))
	var mu sync.Mutex
	t.Run("cell", func(t *testing.T) {
		for i, cell := range cells {
			t.Run(fmt.Sprintf("%02d", i+1), func(t *testing.T) {
				t.Parallel()
				t.Logf("%s | %s | expect %s", cell.fault, cell.op, cell.expect)
				defer func() {
					mu.Lock()
					passed[i] = !t.Failed()
					mu.Unlock()
				}()
				opts := cell.opts
				c := &cellEnv{sb: acctest.Sandbox(t, opts), clock: &acctest.FakeClock{}}
				cell.run(t, c)
			})
		}
	})

	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	_, _ = fmt.Fprintln(tw, "#\tfault\t| operation\t| outcome")
	ok := 0
	for i, cell := range cells {
		verdict := "as expected"
		if passed[i] {
			ok++
		} else {
			verdict = "NOT AS EXPECTED"
		}
		_, _ = fmt.Fprintf(tw, "%02d\t%s\t| %s\t| %s: %s\n", i+1, cell.fault, cell.op, cell.expect, verdict)
	}
	_ = tw.Flush()
	fmt.Fprintf(&b, "fault matrix: %d cells, %d as expected, %d not\n", len(cells), ok, len(cells)-ok)
	// go test shows a passing package's output only with -v (or when run
	// in the package directory); FAULT_MATRIX_OUT keeps the table anyway.
	fmt.Print(b.String())
	if out := os.Getenv("FAULT_MATRIX_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Errorf("writing the matrix to %s: %v", out, err)
		}
	}
}
