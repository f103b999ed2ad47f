package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The runners of the read and plan equivalence suites: each case is asked
// of the framework's server and of the provider's, which must answer
// alike (assertSameAnswer); a suite per resource type says which cases
// its server answers itself. The validation suites have theirs in
// server_validate_test.go (checkValidationsAnswerAsTheFramework).

// readCase is one ReadResource of a readSuite.
type readCase struct {
	name     string
	servers  serverPair
	state    tftypes.Value
	private  []byte
	identity *tfprotov6.ResourceIdentityData
	before   func() // changes the server before both reads
	// faults are added afresh before each read: those that fire a number
	// of times fire as often for both.
	faults []sandbox.Fault
	// honest: the faults must not change the answer, which is also
	// compared with a read without them (both servers answering alike
	// could be both losing the same records).
	honest bool
	direct bool // the provider's server answers it itself (readSuite.checkPath)
}

// readSuite is the reads of one resource type against one sandbox.
type readSuite struct {
	sb        *sandbox.Running
	typeName  string
	stateType tftypes.Object
	checkPath bool // whether each case's direct is checked
	cases     []readCase
}

func checkReadsAnswerAsTheFramework(t *testing.T, s readSuite) {
	ctx := context.Background()
	withFaults := func(faults []sandbox.Fault) {
		s.sb.Server.ClearFaults()
		for _, f := range faults {
			s.sb.Server.AddFault(f)
		}
	}
	for _, tc := range s.cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.before != nil {
				tc.before()
			}
			defer s.sb.Server.ClearFaults()
			state, err := tfprotov6.NewDynamicValue(s.stateType, tc.state)
			if err != nil {
				t.Fatal(err)
			}
			req := func() *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: s.typeName, CurrentState: &state, Private: tc.private, CurrentIdentity: tc.identity}
			}
			got, want := askBoth(t, tc.servers, func(server tfprotov6.ProviderServer) (*tfprotov6.ReadResourceResponse, error) {
				withFaults(tc.faults)
				return server.ReadResource(ctx, req())
			})
			assertSameAnswer(t, s.stateType, readAnswer(got), readAnswer(want))
			if tc.honest {
				s.sb.Server.ClearFaults()
				honest, err := tc.servers.ours.ReadResource(ctx, req())
				if err != nil {
					t.Fatal(err)
				}
				t.Log("against the same read from an honest server:")
				assertSameAnswer(t, s.stateType, readAnswer(got), readAnswer(honest))
			}
			if s.checkPath {
				withFaults(tc.faults)
				if direct := provider.AnswersReadItself(tc.servers.ours, req()); direct != tc.direct {
					t.Errorf("the provider's server answers it itself: %v, want %v", direct, tc.direct)
				}
			}
		})
	}
}

// planCase is one PlanResourceChange of a planSuite.
type planCase struct {
	name            string
	servers         serverPair
	prior, config   tftypes.Value
	proposed        *tftypes.Value // nil: the suite's proposed(config, prior)
	private         []byte
	identity        *tfprotov6.ResourceIdentityData // the prior identity; nil as from a CLI without identities
	direct          bool                            // the provider's server answers it itself
	wantDiagnostics int                             // the framework's, at least this many
	wantReplace     bool                            // the framework's answer requires a replacement (planSuite.checkReplace)
	// check, when set, asserts more of the framework's answer.
	check func(t *testing.T, framework *tfprotov6.PlanResourceChangeResponse)
}

// planSuite is the plans of one resource type.
type planSuite struct {
	typeName     string
	stateType    tftypes.Object
	checkReplace bool // whether each case's wantReplace is checked
	// proposed is the proposed new state Terraform sends for config over
	// prior, for the cases that give none.
	proposed func(config, prior tftypes.Value) tftypes.Value
	cases    []planCase
}

func checkPlansAnswerAsTheFramework(t *testing.T, s planSuite) {
	ctx := context.Background()
	for _, tc := range s.cases {
		t.Run(tc.name, func(t *testing.T) {
			var p tftypes.Value
			if tc.proposed != nil {
				p = *tc.proposed
			} else {
				p = s.proposed(tc.config, tc.prior)
			}
			dyn := func(v tftypes.Value) *tfprotov6.DynamicValue {
				d, err := tfprotov6.NewDynamicValue(s.stateType, v)
				if err != nil {
					t.Fatal(err)
				}
				return &d
			}
			req := func() *tfprotov6.PlanResourceChangeRequest {
				return &tfprotov6.PlanResourceChangeRequest{TypeName: s.typeName, PriorState: dyn(tc.prior), ProposedNewState: dyn(p),
					Config: dyn(tc.config), PriorPrivate: tc.private, PriorIdentity: tc.identity}
			}
			if direct := provider.AnswersPlanItself(tc.servers.ours, req()); direct != tc.direct {
				t.Errorf("the provider's server answers it itself: %v, want %v", direct, tc.direct)
			}
			got, want := askBoth(t, tc.servers, func(server tfprotov6.ProviderServer) (*tfprotov6.PlanResourceChangeResponse, error) {
				return server.PlanResourceChange(ctx, req())
			})
			if len(want.Diagnostics) < tc.wantDiagnostics {
				t.Errorf("the framework's diagnostics: %v, want at least %d", want.Diagnostics, tc.wantDiagnostics)
			}
			if s.checkReplace && (len(want.RequiresReplace) > 0) != tc.wantReplace {
				t.Errorf("the framework's paths to replace: %v, want some: %v", want.RequiresReplace, tc.wantReplace)
			}
			assertSameAnswer(t, s.stateType, planAnswer(got), planAnswer(want))
			if tc.check != nil {
				tc.check(t, want)
			}
		})
	}
}
