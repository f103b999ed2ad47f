package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// singleDataSource reads one record of a topic by sourcedId; its fields
// are top-level attributes: data.oneroster_user.x.given_name.
type singleDataSource[T any] struct {
	topic *topic[T]
	data  *providerData
}

var _ datasource.DataSourceWithConfigure = (*singleDataSource[struct{}])(nil)

func newSingleDataSource[T any](t *topic[T]) func() datasource.DataSource {
	return func() datasource.DataSource { return &singleDataSource[T]{topic: t} }
}

func (d *singleDataSource[T]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.topic.singular
}

func (d *singleDataSource[T]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := d.topic.recordAttributes()
	attrs["sourced_id"] = dschema.StringAttribute{
		Required: true, MarkdownDescription: fmt.Sprintf("The sourcedId of the %s to read.", d.topic.title),
		Validators: sourcedIDValidators(),
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: fmt.Sprintf(
			"Reads one %s by sourcedId from `%s/{sourcedId}`. Fails when the server has no such record.",
			d.topic.title,
			d.topic.collection.Path(),
		) +
			versionNote(
				d.topic.collection.Info,
			),
		Attributes: attrs,
	}
}

func (d *singleDataSource[T]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *singleDataSource[T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	t := d.topic
	client, diags := d.data.Client()
	resp.Diagnostics.Append(diags...)
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sourced_id"), &id)...)
	resp.Diagnostics.Append(notInVersion("oneroster_"+t.singular, t.collection.Info, client)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rec, err := t.collection.Get(ctx, client, id.ValueString())
	if err != nil {
		if oneroster.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("sourced_id"), fmt.Sprintf("No %s with sourcedId %q", t.title, id.ValueString()),
				fmt.Sprintf("The server has no %s with sourcedId %q (%s).%s", t.title, id.ValueString(), err, missingPathHint(client.BaseURL(), "")))
			return
		}
		resp.Diagnostics.Append(listError(t.singular, t.collection.RecordOn(client, id.ValueString()), client.BaseURL(), err)...)
		return
	}
	vals := t.recordValues(rec, nil)
	vals["sourced_id"] = tftypes.NewValue(tftypes.String, id.ValueString())
	resp.State.Raw = tftypes.NewValue(req.Config.Raw.Type(), vals)
}
