package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// AnswersPlanItself reports whether the provider's server s (NewServer's)
// answers req without the framework, for the tests outside the package
// that hold its answers to the framework's: an equivalence test whose
// cases all went to the framework would prove nothing. It asks the
// server's own paths, which may read from the API as the plan would.
func AnswersPlanItself(s tfprotov6.ProviderServer, req *tfprotov6.PlanResourceChangeRequest) bool {
	srv, ok := s.(*server)
	if !ok {
		return false
	}
	if t, ok := srv.unchangedPlans[req.TypeName]; ok {
		if _, ok := t.unchangedPlan(req); ok {
			return true
		}
	}
	t, ok := srv.directPlans[req.TypeName]
	if !ok {
		return false
	}
	_, ok = t.plan(context.Background(), srv.provider, req)
	return ok
}

// AppliedDirectly is how many applies the provider's server s
// (NewServer's) has answered without the framework, for the same reason.
func AppliedDirectly(s tfprotov6.ProviderServer) int64 {
	srv, ok := s.(*server)
	if !ok {
		return 0
	}
	return srv.appliedDirectly.Load()
}

// AnswersReadItself reports whether the provider's server s (NewServer's)
// answers req without the framework, as AnswersPlanItself does for plans:
// it runs the server's own read, which reads from the API as the read
// would.
func AnswersReadItself(s tfprotov6.ProviderServer, req *tfprotov6.ReadResourceRequest) bool {
	srv, ok := s.(*server)
	if !ok {
		return false
	}
	t, ok := srv.directReads[req.TypeName]
	if !ok {
		return false
	}
	_, ok = t.read(context.Background(), srv.provider, req)
	return ok
}
