package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
)

// cliWorkspace runs the CLI under test (TF_ACC_TERRAFORM_PATH) in a
// directory of its own, against this provider served in-process, as a user
// would run it: init, plan, apply, show. It exists for what
// terraform-plugin-testing cannot do: its state shim refuses resources with
// for_each (hashicorp/terraform-plugin-sdk#536), and it does not return the
// CLI's rendered diagnostics.
type cliWorkspace struct {
	t   *testing.T
	dir string
	cli string
	env []string // added to the test's environment, e.g. TF_VAR_…
}

// newCLIWorkspace writes files (by relative path) into a temporary directory and runs init
// there. It skips unless TF_ACC is set, like the acceptance tests.
func newCLIWorkspace(t *testing.T, files map[string]string) *cliWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	acctest.PreCheck(t)
	w := &cliWorkspace{t: t, dir: t.TempDir(), cli: os.Getenv("TF_ACC_TERRAFORM_PATH")}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(w.dir, name)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(w.dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := w.run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init failed: %v\n%s", err, out)
	}
	return w
}

// requiredProviders is the terraform block a workspace's configuration
// starts with.
const requiredProviders = `terraform {
  required_providers {
    oneroster = {
      source = "edu-iac/oneroster"
    }
  }
}
`

// run runs one CLI command with a fresh provider server attached and
// returns its combined output.
func (w *cliWorkspace) run(args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reattach, stopped := serveProvider(ctx, w.t)
	defer func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(30 * time.Second):
			w.t.Error("the provider server did not stop")
		}
	}()

	cmd := exec.CommandContext(ctx, w.cli, args...)
	cmd.Dir = w.dir
	cmd.Env = append(append(os.Environ(), w.env...),
		"TF_REATTACH_PROVIDERS="+reattach,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// mustRun is run that fails the test when the command fails.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err != nil {
		w.t.Fatalf("%s %v failed: %v\n%s", filepath.Base(w.cli), args, err, out)
	}
	return out
}

// showJSON decodes `show -json [file]` into v.
func (w *cliWorkspace) showJSON(v any, file ...string) {
	w.t.Helper()
	args := append([]string{"show", "-json", "-no-color"}, file...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reattach, stopped := serveProvider(ctx, w.t)
	cmd := exec.CommandContext(ctx, w.cli, args...)
	cmd.Dir = w.dir
	cmd.Env = append(append(os.Environ(), w.env...), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	cancel()
	<-stopped
	if err != nil {
		w.t.Fatalf("show -json %v failed: %v\n%s", file, err, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		w.t.Fatalf("decoding show -json: %v", err)
	}
}

// serveProvider serves the provider in debug mode until ctx ends and
// returns the TF_REATTACH_PROVIDERS value that attaches a CLI to it, under
// the addresses both Terraform and OpenTofu resolve edu-iac/oneroster to.
func serveProvider(ctx context.Context, t *testing.T) (string, <-chan struct{}) {
	t.Helper()
	reattachCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	// The released binary's server (main.go), list blocks and direct
	// answers of list data sources included.
	server, err := provider.NewServer("test")()
	if err != nil {
		t.Fatalf("building the provider server: %v", err)
	}
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve("registry.terraform.io/edu-iac/oneroster", func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, reattachCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.New(&hclog.LoggerOptions{Output: io.Discard, Level: hclog.Off})),
			tf6server.WithLoggingSink(t),
		)
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattachCh:
	case err := <-served:
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the provider server did not start")
	}
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	r := reattach{string(cfg.Protocol), cfg.ProtocolVersion, cfg.Pid, cfg.Test, addr{cfg.Addr.Network(), cfg.Addr.String()}}
	raw, err := json.Marshal(map[string]reattach{
		"registry.terraform.io/edu-iac/oneroster": r,
		"registry.opentofu.org/edu-iac/oneroster": r,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw), closeCh
}

// The parts of `show -json` the tests read.
type (
	shownPlan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	shownState struct {
		Values *struct {
			Outputs map[string]struct {
				Value json.RawMessage `json:"value"`
			} `json:"outputs"`
			RootModule struct {
				Resources []shownResource `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	shownResource struct {
		Address string                     `json:"address"`
		Mode    string                     `json:"mode"`
		Type    string                     `json:"type"`
		Name    string                     `json:"name"`
		Index   json.RawMessage            `json:"index"`
		Values  map[string]json.RawMessage `json:"values"`
		// Identity is the resource identity (Terraform 1.12+).
		Identity map[string]string `json:"identity"`
	}
)

// actions maps each resource instance address of a plan to its actions,
// joined with "+" ("update", "delete+create", "no-op").
func (p shownPlan) actions() map[string]string {
	out := map[string]string{}
	for _, rc := range p.ResourceChanges {
		s := ""
		for i, a := range rc.Change.Actions {
			if i > 0 {
				s += "+"
			}
			s += a
		}
		out[rc.Address] = s
	}
	return out
}

// instances returns the managed instances of resource addr (type.name) by
// their for_each key.
func (s shownState) instances(t *testing.T, addr string) map[string]shownResource {
	t.Helper()
	out := map[string]shownResource{}
	if s.Values == nil {
		return out
	}
	for _, r := range s.Values.RootModule.Resources {
		if r.Mode != "managed" || r.Type+"."+r.Name != addr {
			continue
		}
		var key string
		if err := json.Unmarshal(r.Index, &key); err != nil {
			t.Fatalf("%s has an instance whose index %s is not a for_each key", r.Address, r.Index)
		}
		out[key] = r
	}
	return out
}

// output decodes output name into v.
func (s shownState) output(t *testing.T, name string, v any) {
	t.Helper()
	if s.Values == nil {
		t.Fatalf("no output %q: the state is empty", name)
	}
	o, ok := s.Values.Outputs[name]
	if !ok {
		t.Fatalf("no output %q", name)
	}
	if err := json.Unmarshal(o.Value, v); err != nil {
		t.Fatalf("output %q: %v", name, err)
	}
}

// output decodes a terraform_data instance's output into v.
func (r shownResource) output(t *testing.T, v any) {
	t.Helper()
	raw, ok := r.Values["output"]
	if !ok {
		t.Fatalf("%s has no output attribute", r.Address)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s.output: %v", r.Address, err)
	}
}

// cliVersion is the version of the CLI under test, as `version -json`
// reports it (OpenTofu's own number for OpenTofu).
func (w *cliWorkspace) cliVersion() *version.Version {
	w.t.Helper()
	out, err := exec.Command(w.cli, "version", "-json").Output()
	if err != nil {
		w.t.Fatalf("%s version -json: %v", w.cli, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		w.t.Fatalf("decoding %s version -json: %v", w.cli, err)
	}
	parsed, err := version.NewVersion(v.TerraformVersion)
	if err != nil {
		w.t.Fatalf("%s version -json: %v", w.cli, err)
	}
	return parsed
}
