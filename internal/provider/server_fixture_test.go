package provider_test

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// startSandbox starts an in-process sandbox, closed when the test or
// benchmark ends.
func startSandbox(t testing.TB, opts sandbox.Options) *sandbox.Running {
	t.Helper()
	sb, err := sandbox.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// sandboxClient is a client of the sandbox's API at baseURL (its 1.1 or
// 1.2 one), with the sandbox's credentials: for a test's writes out of
// band of the provider.
func sandboxClient(t testing.TB, sb *sandbox.Running, baseURL string) *oneroster.Client {
	t.Helper()
	client, err := oneroster.New(oneroster.Config{BaseURL: baseURL,
		Auth: &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL}})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// newProviderServer is the provider's server (provider.NewServer), as a
// CLI starts it, configured for the API at baseURL.
func newProviderServer(t testing.TB, version, baseURL, tokenURL string) tfprotov6.ProviderServer {
	t.Helper()
	server, err := provider.NewServer(version)()
	if err != nil {
		t.Fatal(err)
	}
	configureProvider(t, server, baseURL, tokenURL)
	return server
}

// serverPair is the framework's server and the provider's, configured
// alike: a direct answer of the provider's is held equal to the
// framework's.
type serverPair struct{ framework, ours tfprotov6.ProviderServer }

// newServerPair configures both servers for the API at baseURL, or
// neither if it is empty (as in a CLI's validate walk).
func newServerPair(t testing.TB, baseURL, tokenURL string) serverPair {
	t.Helper()
	framework, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ours, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	if baseURL != "" {
		configureProvider(t, framework, baseURL, tokenURL)
		configureProvider(t, ours, baseURL, tokenURL)
	}
	return serverPair{framework, ours}
}

// askBoth makes one call of the framework's server and of the provider's:
// call must build its request anew each time (a server may change it).
func askBoth[R any](t *testing.T, servers serverPair, call func(tfprotov6.ProviderServer) (R, error)) (got, want R) {
	t.Helper()
	want, err := call(servers.framework)
	if err != nil {
		t.Fatal(err)
	}
	got, err = call(servers.ours)
	if err != nil {
		t.Fatal(err)
	}
	return got, want
}

// protocolAnswer is what a server answers to a call on a resource's state
// (a read, a plan, an upgrade), as the protocol carries it.
type protocolAnswer struct {
	diagnostics []*tfprotov6.Diagnostic
	state       *tfprotov6.DynamicValue // the new, planned or upgraded state
	private     []byte                  // the new private state, if the call has one
	others      map[string]any          // the call's other fields, by name
}

func readAnswer(r *tfprotov6.ReadResourceResponse) protocolAnswer {
	return protocolAnswer{r.Diagnostics, r.NewState, r.Private, map[string]any{"identity": r.NewIdentity, "deferred": r.Deferred}}
}

func planAnswer(r *tfprotov6.PlanResourceChangeResponse) protocolAnswer {
	return protocolAnswer{r.Diagnostics, r.PlannedState, r.PlannedPrivate,
		map[string]any{"requires replace": r.RequiresReplace, "deferred": r.Deferred, "identity": r.PlannedIdentity}}
}

func upgradeAnswer(r *tfprotov6.UpgradeResourceStateResponse) protocolAnswer {
	return protocolAnswer{diagnostics: r.Diagnostics, state: r.UpgradedState}
}

// assertSameAnswer holds the provider's answer (got) equal to the
// framework's: the same diagnostics, private state (byte for byte) and
// other fields, and the same state, value for value (the protocol's
// encoding of a map follows Go's map order, so two encodings of one state
// differ in their bytes).
func assertSameAnswer(t *testing.T, stateType tftypes.Type, got, want protocolAnswer) {
	t.Helper()
	if !reflect.DeepEqual(got.diagnostics, want.diagnostics) {
		t.Errorf("diagnostics:\n got %v\nwant %v", got.diagnostics, want.diagnostics)
	}
	if (got.state == nil) != (want.state == nil) {
		t.Fatalf("state: got %v, want %v", got.state, want.state)
	}
	if want.state != nil {
		gotValue, gotErr := got.state.Unmarshal(stateType)
		wantValue, wantErr := want.state.Unmarshal(stateType)
		if gotErr != nil || wantErr != nil || !gotValue.Equal(wantValue) {
			t.Errorf("state:\n got %v (%v)\nwant %v (%v)", gotValue, gotErr, wantValue, wantErr)
		}
	}
	if string(got.private) != string(want.private) {
		t.Errorf("private state: got %q, want %q", got.private, want.private)
	}
	for name, wantField := range want.others {
		if !reflect.DeepEqual(got.others[name], wantField) {
			t.Errorf("%s: got %+v, want %+v", name, got.others[name], wantField)
		}
	}
}
