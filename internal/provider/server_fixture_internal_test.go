package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// newTestServer is the provider's server, unconfigured, as its own type:
// for the internal tests of the calls it answers itself (the tests
// outside the package use server_fixture_test.go's).
func newTestServer(t testing.TB) *server {
	t.Helper()
	s, err := newServer(&oneRosterProvider{version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	srv, ok := s.(*server)
	if !ok {
		t.Fatalf("newServer gave a %T", s)
	}
	return srv
}

// nullAttributes is every attribute of obj, null: a value to set some of.
func nullAttributes(obj tftypes.Object) map[string]tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	return attrs
}
