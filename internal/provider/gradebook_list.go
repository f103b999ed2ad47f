package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// List resources (Terraform 1.14+, `list` blocks and `terraform query`):
// each gradebook kind can be listed, by the same routes, scoping arguments
// and query arguments as its list data source (list_data_source.go), and
// every object found comes back with its identity (its sourcedId) and, with
// include_resource, as the resource's Read would store it, so that
// `terraform query -generate-config-out` writes configuration that imports
// with nothing to change. Written once, for every kind; OpenTofu has no
// list blocks yet.

var _ provider.ProviderWithListResources = (*oneRosterProvider)(nil)

func (p *oneRosterProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newGradebookList(categoryKind, categoriesTopic),
		newGradebookList(lineItemKind, lineItemsTopic),
		newGradebookList(resultKind, resultsTopic),
		newGradebookList(scoreScaleKind, scoreScalesTopic),
		newGradebookList(assessmentLineItemKind, assessmentLineItemsTopic),
		newGradebookList(assessmentResultKind, assessmentResultsTopic),
	}
}

// gradebookList lists the objects of one gradebook kind. topic is the
// kind's data-source description, whose routes and fields give the
// scoping and query arguments.
type gradebookList[T, M any] struct {
	kind  *gradebookKind[T, M]
	topic *topic[T]
	data  *providerData
}

var (
	_ list.ListResourceWithConfigure      = (*gradebookList[model.Category, categoryModel])(nil)
	_ list.ListResourceWithValidateConfig = (*gradebookList[model.Category, categoryModel])(nil)
)

func newGradebookList[T, M any](k *gradebookKind[T, M], t *topic[T]) func() list.ListResource {
	return func() list.ListResource { return &gradebookList[T, M]{kind: k, topic: t} }
}

func (l *gradebookList[T, M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.kind.typeName
}

func (l *gradebookList[T, M]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	t := l.topic
	attrs := make(map[string]listschema.Attribute)
	for name, a := range queryArguments(t) {
		attrs[name] = listSchemaAttribute(a)
	}
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Finds %s for `terraform query` (Terraform 1.14+): from `%s`, or a nested endpoint with a scoping argument, "+
			"following every page, and without arguments the whole collection. Each is named by its identity (its sourcedId); "+
			"`include_resource = true` returns it as `oneroster_%s` would store it, and `terraform query -generate-config-out` writes an `import` "+
			"block and a resource block for each, which import with nothing to change. Objects marked `tobedeleted` are left out unless "+
			"`include_deleted = true`; the list block's `limit` bounds how many are read.",
			t.titles, t.collection.Path(), l.kind.typeName) + versionNote(t.collection.Info),
		Attributes: attrs,
	}
}

func (l *gradebookList[T, M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// dataSource is the kind's list data source, whose checks and reads of a
// configuration the list resource shares: its schema names the same
// arguments.
func (l *gradebookList[T, M]) dataSource() *listDataSource[T] {
	return &listDataSource[T]{topic: l.topic, data: l.data}
}

func (l *gradebookList[T, M]) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	_, diags := l.dataSource().readConfig(ctx, req.Config, "")
	resp.Diagnostics.Append(diags...)
}

func (l *gradebookList[T, M]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ds := l.dataSource()
	listing, diags := ds.prepare(ctx, req.Config)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listing.maxItems = int(req.Limit)
	stream.Results = func(push func(list.ListResult) bool) {
		stopped := false
		readDiags := ds.each(ctx, listing, func(rec *T) bool {
			if !push(l.result(ctx, req, rec)) {
				stopped = true
			}
			return !stopped
		})
		if readDiags.HasError() && !stopped {
			push(list.ListResult{Diagnostics: readDiags})
		}
	}
}

// result is one object found: its identity, a display name saying what it
// is, and with include_resource the object as the resource's Read fills it.
func (l *gradebookList[T, M]) result(ctx context.Context, req list.ListRequest, rec *T) list.ListResult {
	k := l.kind
	id := k.base(rec).SourcedID
	out := req.NewListResult(ctx)
	out.DisplayName = fmt.Sprintf("%s %s", id, k.label(rec))
	out.Diagnostics.Append(out.Identity.SetAttribute(ctx, path.Root("sourced_id"), id)...)
	if !req.IncludeResource {
		return out
	}
	var m M
	(&gradebookResource[T, M]{kind: k}).copyFromStored(&m, rec, id)
	k.common(&m).Timeouts = noTimeouts(ctx, &out.Diagnostics)
	out.Diagnostics.Append(out.Resource.Set(ctx, &m)...)
	return out
}

// noTimeouts is an unset timeouts block, as an import leaves it: the
// generated configuration has none.
func noTimeouts(ctx context.Context, diags *diag.Diagnostics) timeouts.Value {
	attrTypes := map[string]attr.Type{}
	if typ, ok := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}).GetType().(timeouts.Type); ok {
		attrTypes = typ.AttrTypes
	} else {
		diags.AddError("Cannot build the timeouts of a listed object", "The timeouts attribute is not an object; this is a bug in the provider.")
	}
	return timeouts.Value{Object: types.ObjectNull(attrTypes)}
}

// listSchemaAttribute is a data source's query argument as a list block
// argument: the two schema packages have their own types for the same
// attributes, and queryArguments describes them once.
func listSchemaAttribute(a dschema.Attribute) listschema.Attribute {
	switch a := a.(type) {
	case dschema.StringAttribute:
		return listschema.StringAttribute{
			Required: a.Required, Optional: a.Optional, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case dschema.BoolAttribute:
		return listschema.BoolAttribute{
			Required: a.Required, Optional: a.Optional, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case dschema.ListNestedAttribute:
		nested := make(map[string]listschema.Attribute, len(a.NestedObject.Attributes))
		for name, n := range a.NestedObject.Attributes {
			nested[name] = listSchemaAttribute(n)
		}
		return listschema.ListNestedAttribute{
			Required: a.Required, Optional: a.Optional, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
			NestedObject: listschema.NestedAttributeObject{Attributes: nested},
		}
	default:
		// queryArguments gained a kind this does not convert: every list
		// resource's schema would lose an argument, so fail at start-up.
		panic(fmt.Sprintf("listSchemaAttribute: no list block form of %T", a))
	}
}
