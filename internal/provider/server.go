package provider

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// NewServer returns a constructor of the provider's plugin-protocol server,
// as tf6server and the acceptance tests take it. It is the framework's
// server, except that the list data sources answer ReadDataSource directly
// (see list_state.go for why); result sets answer their plans
// (server_plan.go, where gradebook records answer their unchanged ones),
// their reads (server_read.go), the validations of their configurations
// (server_validate.go, as line items do theirs) and their applies
// (server_apply.go); line items their plans and reads too; and result
// sets and gradebook records the upgrades of their states
// (server_upgrade.go).
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return newServer(&oneRosterProvider{version: version}) }
}

// NewServerWithClock is NewServer for tests, with NewWithClock's clock.
func NewServerWithClock(version string, clock oneroster.Clock) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return newServer(&oneRosterProvider{version: version, clock: clock})
	}
}

type server struct {
	tfprotov6.ProviderServer // the framework's server: every other call
	// lists is the framework's server again, for list blocks: their calls
	// are not part of tfprotov6.ProviderServer yet (terraform-plugin-go
	// keeps them in ListResourceServer, which it checks for apart), so
	// embedding ProviderServer alone would hide them, and terraform query
	// would find no list resources.
	lists    tfprotov6.ListResourceServer
	provider *oneRosterProvider
	readers  map[string]stateReaderType // by data source type name
	// unchangedPlans: the resource types whose unchanged plans the server
	// answers (server_plan.go), by type name.
	unchangedPlans map[string]unchangedPlanType
	// directPlans: the resource types whose creates' and changes' plans
	// the server answers (server_plan.go), by type name.
	directPlans map[string]directPlanType
	// directReads: the resource types whose reads the server answers
	// (server_read.go), by type name.
	directReads map[string]directReadType
	// upgrades: the resource types whose state upgrades at their schema's
	// version the server answers (server_upgrade.go), by type name.
	upgrades map[string]upgradeType
	// directValidates: the resource types whose configurations the
	// server validates (server_validate.go), by type name.
	directValidates map[string]directValidateType
	// directApplies: the resource types whose applies the server answers
	// (server_apply.go), by type name; what it needs is what a read does.
	directApplies map[string]directReadType
	// appliedDirectly counts the applies the server answered itself, for
	// the equivalence test to check that its cases did not all go to the
	// framework.
	appliedDirectly atomic.Int64
	// stopMu guards stopping, which StopProvider cancels: the context of
	// every call the server answers itself derives from it, as the
	// framework cancels the contexts of its own calls, so that an
	// interrupted CLI stops their requests too.
	stopMu   sync.Mutex
	stopping context.Context
	stop     context.CancelFunc
}

// The server answers list blocks: terraform-plugin-go serves them when the
// server also implements tfprotov6.ListResourceServer.
var _ tfprotov6.ListResourceServer = (*server)(nil)

// stateReaderType is one data source that answers reads directly. Its
// configuration's type is worked out at its first read: a process reads
// few data sources, if any, and Terraform starts a process per walk (four
// in an apply), each of which builds a server.
type stateReaderType struct {
	new        func() datasource.DataSource
	configType func() tftypes.Type
}

// newStateReaderType is the stateReaderType of the data sources newDataSource makes.
func newStateReaderType(newDataSource func() datasource.DataSource) stateReaderType {
	return stateReaderType{new: newDataSource, configType: sync.OnceValue(func() tftypes.Type {
		ctx := context.Background()
		var sch datasource.SchemaResponse
		newDataSource().Schema(ctx, datasource.SchemaRequest{}, &sch)
		return sch.Schema.Type().TerraformType(ctx)
	})}
}

func newServer(p *oneRosterProvider) (tfprotov6.ProviderServer, error) {
	framework, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	lists, ok := framework.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, fmt.Errorf("the framework's server (%T) does not serve list resources; this is a bug in the provider", framework)
	}
	s := &server{ProviderServer: framework, lists: lists, provider: p, readers: map[string]stateReaderType{},
		unchangedPlans: map[string]unchangedPlanType{}, directPlans: map[string]directPlanType{}, directReads: map[string]directReadType{},
		upgrades: map[string]upgradeType{}, directValidates: map[string]directValidateType{}, directApplies: map[string]directReadType{}}
	s.stopping, s.stop = context.WithCancel(context.Background())
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		_, plans := r.(unchangedPlanner)
		dr, reads := r.(directReader)
		reads = reads && dr.readsDirectly()
		_, upgrades := r.(passthroughUpgrader)
		v, validates := r.(directValidator)
		validates = validates && v.validatesDirectly()
		dp, plansDirectly := r.(directPlanner)
		plansDirectly = plansDirectly && dp.plansDirectly()
		_, applies := r.(directApplier)
		if !plans && !plansDirectly && !reads && !upgrades && !validates && !applies {
			continue
		}
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sch resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sch)
		var identityType tftypes.Type
		if ri, ok := r.(resource.ResourceWithIdentity); ok {
			var id resource.IdentitySchemaResponse
			ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
			identityType = id.IdentitySchema.Type().TerraformType(ctx)
		}
		// Each table's type is worked out only for the resources that take
		// part in it, and the read's once for reads and applies: Terraform
		// starts a process per walk, and each builds a server.
		var t unchangedPlanType
		var plannable bool
		if plans || plansDirectly {
			t, plannable = newUnchangedPlanType(ctx, sch.Schema)
		}
		if plannable {
			t.identityType = identityType
			if g, ok := r.(unchangedPlanGuard); ok {
				t.plansNothing = func(state tftypes.Value) bool { return g.plansNothingFor(p.dataSourceData.Load(), state) }
			}
			if plans {
				s.unchangedPlans[md.TypeName] = t
			}
			if plansDirectly {
				if d, ok := newDirectPlanType(newResource, sch.Schema, t); ok {
					s.directPlans[md.TypeName] = d
				}
			}
		}
		if reads || applies {
			if t, ok := newDirectReadType(ctx, newResource, sch.Schema); ok {
				t.identityType = identityType
				if reads {
					s.directReads[md.TypeName] = t
				}
				// A mutable identity changes the framework's checks of an update's.
				if applies && !md.ResourceBehavior.MutableIdentity {
					s.directApplies[md.TypeName] = t
				}
			}
		}
		if upgrades {
			if t, ok := newUpgradeType(ctx, sch.Schema); ok {
				s.upgrades[md.TypeName] = t
			}
		}
		if validates {
			if t, ok := newDirectValidateType(ctx, newResource, sch.Schema); ok {
				s.directValidates[md.TypeName] = t
			}
		}
	}
	for _, newDataSource := range p.DataSources(ctx) {
		ds := newDataSource()
		if _, ok := ds.(stateReader); !ok {
			continue
		}
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		s.readers[md.TypeName] = newStateReaderType(newDataSource)
	}
	return s, nil
}

// ReadDataSource answers list data sources directly and hands every other
// read to the framework. Like the framework, it configures a new instance
// of the data source with the provider's data for each read, and answers a
// failed read with the configuration as state.
func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	r, ok := s.readers[req.TypeName]
	if !ok || req.Config == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	ctx, done := s.stoppable(ctx)
	defer done()
	configType := r.configType()
	config, err := unmarshalDynamicValue(req.Config, configType)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: []*tfprotov6.Diagnostic{{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unable to read the configuration",
			Detail:   fmt.Sprintf("The configuration of %s could not be decoded; this is a bug in the provider or the CLI: %s", req.TypeName, err),
		}}}, nil
	}
	var providerData any // nil until ConfigureProvider, as the framework has it
	if data := s.provider.dataSourceData.Load(); data != nil {
		providerData = data
	}
	ds, ok := r.new().(stateReader)
	if !ok {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	var configured datasource.ConfigureResponse
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: providerData}, &configured)
	diags := configured.Diagnostics
	var state []byte
	if !diags.HasError() {
		var readDiags diag.Diagnostics
		state, readDiags = ds.readState(ctx, config)
		diags.Append(readDiags...)
	}
	if diags.HasError() {
		fallback, err := newDynamicValue(configType, config)
		if err == nil {
			state = fallback.MsgPack
		}
	}
	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protocolDiagnostics(ctx, diags)}
	if state != nil {
		resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	}
	return resp, nil
}

// stoppable is ctx, cancelled when StopProvider is called while it is in
// use; done releases it.
func (s *server) stoppable(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	s.stopMu.Lock()
	release := context.AfterFunc(s.stopping, cancel)
	s.stopMu.Unlock()
	return ctx, func() {
		release()
		cancel()
	}
}

// StopProvider cancels the calls the server answers itself, then the
// framework's. Calls that start later are not affected, as with the
// framework.
func (s *server) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.stopMu.Lock()
	s.stop()
	s.stopping, s.stop = context.WithCancel(context.Background())
	s.stopMu.Unlock()
	return s.ProviderServer.StopProvider(ctx, req)
}

func (s *server) ValidateListResourceConfig(
	ctx context.Context,
	req *tfprotov6.ValidateListResourceConfigRequest,
) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return s.lists.ValidateListResourceConfig(ctx, req)
}

func (s *server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return s.lists.ListResource(ctx, req)
}

// protocolDiagnostics converts diagnostics as the framework does for its
// own answers: severity, summary, detail and the attribute's path.
func protocolDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(ctx, withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath converts a framework path to the protocol's; nil when a
// step has no protocol form, which leaves the diagnostic without a path
// rather than pointing at the wrong attribute.
func attributePath(ctx context.Context, p path.Path) *tftypes.AttributePath {
	out := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			out = out.WithAttributeName(string(step))
		case path.PathStepElementKeyInt:
			out = out.WithElementKeyInt(int(step))
		case path.PathStepElementKeyString:
			out = out.WithElementKeyString(string(step))
		case path.PathStepElementKeyValue:
			v, err := step.Value.ToTerraformValue(ctx)
			if err != nil {
				return nil
			}
			out = out.WithElementKeyValue(v)
		default:
			return nil
		}
	}
	return out
}
