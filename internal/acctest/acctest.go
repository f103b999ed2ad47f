// Package acctest is the acceptance-test harness: it serves the provider
// in-process to a real Terraform or OpenTofu CLI and starts sandbox
// servers for tests to run against.
package acctest

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// ProviderFactories serves the provider under its short name, through the
// same server as the released binary.
func ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"oneroster": provider.NewServer("test"),
	}
}

// ProviderFactoriesWithClock serves a provider whose clients wait and tell
// time through clock (see FakeClock), so that retries cost no real time.
func ProviderFactoriesWithClock(clock oneroster.Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"oneroster": provider.NewServerWithClock("test", clock),
	}
}

// FakeClock is a oneroster.Clock that tells the real time but does not
// wait: Sleep returns at once (or with ctx's error) and records the wait
// asked for. Time never jumps, so OAuth 1 timestamps, token expiry and
// context deadlines stay real.
type FakeClock struct {
	mu     sync.Mutex
	sleeps []time.Duration
}

// Now returns the real time.
func (c *FakeClock) Now() time.Time { return time.Now() }

// Sleep records d and returns without waiting.
func (c *FakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}

// Sleeps returns the waits asked for since the last Reset, in order.
func (c *FakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// Reset forgets the recorded waits.
func (c *FakeClock) Reset() {
	c.mu.Lock()
	c.sleeps = nil
	c.mu.Unlock()
}

// PreCheck refuses to run when no CLI path is given: terraform-plugin-testing
// would otherwise try to download one, and these machines have no download
// site. `make test` sets it.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run the acceptance tests through `make test` (or `make testacc`), which point it at bin/terraform or bin/tofu")
	}
}

// IsOpenTofu reports whether the CLI under test is OpenTofu.
func IsOpenTofu() bool {
	return strings.Contains(os.Getenv("TF_ACC_PROVIDER_HOST"), "opentofu") ||
		strings.HasSuffix(os.Getenv("TF_ACC_TERRAFORM_PATH"), "tofu")
}

// Sandbox starts an in-process sandbox server for one test and stops it
// when the test ends, with SandboxOptions.
func Sandbox(t *testing.T, opts sandbox.Options) *sandbox.Running {
	t.Helper()
	sb, err := sandbox.Start(SandboxOptions(t, opts))
	if err != nil {
		t.Fatalf("starting the sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// SandboxOptions returns opts with the page cap and paging style of the
// tiny-page run (ONEROSTER_SANDBOX_PAGE_CAP, see sandbox.PagesFromEnv) for
// test t, unless opts sets a cap of its own: every sandbox an acceptance
// test starts, through Sandbox or sandbox.New, takes its options from here,
// so that the run reads every collection across pages.
func SandboxOptions(t *testing.T, opts sandbox.Options) sandbox.Options {
	t.Helper()
	if opts.Pages.Cap != 0 {
		return opts
	}
	pages, err := sandbox.PagesFromEnv(t.Name())
	if err != nil {
		t.Fatal(err)
	}
	if pages.Cap > 0 {
		t.Logf("the sandbox serves pages of at most %d records (%s=%d), paged with %s", pages.Cap, sandbox.PageCapEnv, pages.Cap, pages.Style)
	}
	opts.Pages.Cap, opts.Pages.Style = pages.Cap, pages.Style
	return opts
}
