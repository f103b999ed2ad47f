package provider

import (
	"context"
	"strings"
	"testing"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every list resource offers each query argument of its kind's data source,
// described and flagged as the data source describes it: the two read
// queryArguments, and listSchemaAttribute must carry every part of it.
func TestListResourcesTakeTheirDataSourcesQueryArguments(t *testing.T) {
	checked := []string{
		checkListArguments(t, categoryKind, categoriesTopic),
		checkListArguments(t, lineItemKind, lineItemsTopic),
		checkListArguments(t, resultKind, resultsTopic),
		checkListArguments(t, scoreScaleKind, scoreScalesTopic),
		checkListArguments(t, assessmentLineItemKind, assessmentLineItemsTopic),
		checkListArguments(t, assessmentResultKind, assessmentResultsTopic),
	}
	if n := len((&oneRosterProvider{}).ListResources(context.Background())); n != len(checked) {
		t.Errorf("the provider has %d list resources and this test checks %d (%v): add the new one here", n, len(checked), checked)
	}
}

// checkListArguments compares the list resource of kind k with the data
// source of topic tp, and returns the list resource's type name.
func checkListArguments[T, M any](t *testing.T, k *gradebookKind[T, M], tp *topic[T]) string {
	t.Helper()
	ctx := context.Background()
	l := newGradebookList(k, tp)()
	var meta resource.MetadataResponse
	l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "oneroster"}, &meta)
	name := meta.TypeName
	var resp list.ListResourceSchemaResponse
	l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &resp)
	want := queryArguments(tp)
	if len(want) == 0 || len(resp.Schema.Attributes) != len(want) {
		t.Errorf("%s: %d arguments, want the data source's %d (and some)", name, len(resp.Schema.Attributes), len(want))
	}
	for arg, a := range want {
		got, ok := resp.Schema.Attributes[arg]
		if !ok {
			t.Errorf("%s: no argument %q", name, arg)
			continue
		}
		if got.GetMarkdownDescription() != a.GetMarkdownDescription() || got.IsRequired() != a.IsRequired() || got.IsOptional() != a.IsOptional() {
			t.Errorf("%s.%s: description or flags differ from the data source's", name, arg)
		}
		if nested, ok := a.(dschema.ListNestedAttribute); ok {
			gotNested, ok := got.(listschema.ListNestedAttribute)
			if !ok {
				t.Errorf("%s.%s is %T, want a list of objects", name, arg, got)
				continue
			}
			if len(gotNested.NestedObject.Attributes) != len(nested.NestedObject.Attributes) {
				t.Errorf("%s.%s: %d nested attributes, want %d", name, arg, len(gotNested.NestedObject.Attributes), len(nested.NestedObject.Attributes))
			}
		}
	}
	return name
}

// An argument of a kind listSchemaAttribute does not convert stops the
// provider at start-up with the kind named, rather than leaving it out of
// every list resource's schema.
func TestListSchemaAttributeRefusesAKindItDoesNotConvert(t *testing.T) {
	defer func() {
		r := recover()
		msg, _ := r.(string)
		if !strings.Contains(msg, "schema.Int64Attribute") {
			t.Errorf("panic %v, want one naming schema.Int64Attribute", r)
		}
	}()
	listSchemaAttribute(dschema.Int64Attribute{Optional: true})
}
