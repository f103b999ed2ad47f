package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// listDataSource reads a whole topic (or one of its nested scopes) into a
// list attribute named after the topic: data.oneroster_users.x.users.
type listDataSource[T any] struct {
	topic *topic[T]
	data  *providerData
}

var (
	_ datasource.DataSourceWithConfigure      = (*listDataSource[struct{}])(nil)
	_ datasource.DataSourceWithValidateConfig = (*listDataSource[struct{}])(nil)
)

func newListDataSource[T any](t *topic[T]) func() datasource.DataSource {
	return func() datasource.DataSource { return &listDataSource[T]{topic: t} }
}

// listArgs are the arguments every list data source takes, besides its
// scoping arguments.
type listArgs struct {
	Filter         types.String `tfsdk:"filter"`
	Where          []whereModel `tfsdk:"where"`
	Logic          types.String `tfsdk:"logic"`
	Sort           types.String `tfsdk:"sort"`
	OrderBy        types.String `tfsdk:"order_by"`
	Fields         types.List   `tfsdk:"fields"`
	IncludeDeleted types.Bool   `tfsdk:"include_deleted"`
	MaxItems       types.Int64  `tfsdk:"max_items"`
}

type whereModel struct {
	Field    types.String `tfsdk:"field"`
	Operator types.String `tfsdk:"operator"`
	Value    types.String `tfsdk:"value"`
}

// queryArgDescriptions document the query arguments that list data
// sources and list resources (gradebook_list.go) share, by attribute path.
var queryArgDescriptions = map[string]string{
	"filter": "A raw OneRoster filter, e.g. `familyName='O''Brien' AND role='student'` (values single-quoted, `''` for a quote, " +
		"one kind of logical operator). Conflicts with `where`, which quotes values for you.",
	"where": "Filter clauses, joined by `logic`. Values are quoted and escaped for you, so `O'Brien` just works.",
	"where.field": "A field of the records, as the provider's attributes name it (`family_name`, `school_sourced_id`) " +
		"or as the API does (`familyName`, `school.sourcedId`).",
	"where.operator":  "One of `" + strings.Join(oneroster.FilterOperators(), "`, `") + "` (`~` is contains). Defaults to `=`.",
	"where.value":     "The value to compare with, unquoted.",
	"logic":           "`AND` (default) or `OR`: how `where` clauses combine. OneRoster allows only one kind per filter.",
	"sort":            "A field to sort by (either naming); the server's order otherwise.",
	"order_by":        "`asc` or `desc`, with `sort`.",
	"include_deleted": "Keep records whose status is `tobedeleted`. Defaults to `false`.",
}

func operatorValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(oneroster.FilterOperators()...)}
}

func logicValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(oneroster.LogicAnd, oneroster.LogicOr)}
}

func orderByValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf("asc", "desc"), stringvalidator.AlsoRequires(path.MatchRoot("sort"))}
}

func (d *listDataSource[T]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.topic.attr
}

func (d *listDataSource[T]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	t := d.topic
	attrs := queryArguments(t)
	attrs["fields"] = dschema.ListAttribute{
		Optional: true, ElementType: types.StringType,
		MarkdownDescription: "Fields to ask the server for (either naming); the other attributes stay null. `sourced_id` and `status` are always asked for.",
	}
	attrs["max_items"] = dschema.Int64Attribute{
		Optional: true, MarkdownDescription: "Stop after this many records.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs[t.attr] = dschema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: fmt.Sprintf("The %s, in the server's order.", t.titles),
		NestedObject:        dschema.NestedAttributeObject{Attributes: t.recordAttributes()},
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists %s from `%s` (or a nested endpoint, with a scoping argument), following every page. "+
			"Pages are read with the provider's `page_size`; servers cap it, and the data source still reads everything "+
			"(concurrently, up to the provider's `max_concurrency`, when the server sends `X-Total-Count`). "+
			"Fields a server leaves out read as empty strings, lists or maps (null for booleans and numbers); "+
			"fields left out with `fields` are null.", t.titles, t.collection.Path()) + versionNote(t.collection.Info),
		Attributes: attrs,
	}
}

// queryArguments are the arguments a topic's list data source and its
// list resource (gradebook_list.go) share: the query (filter or where,
// sort, include_deleted) and the scoping arguments of its nested routes.
func queryArguments[T any](t *topic[T]) map[string]dschema.Attribute {
	attrs := map[string]dschema.Attribute{
		"filter": dschema.StringAttribute{Optional: true, MarkdownDescription: queryArgDescriptions["filter"]},
		"where": dschema.ListNestedAttribute{
			Optional:            true,
			MarkdownDescription: queryArgDescriptions["where"],
			NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
				"field": dschema.StringAttribute{Required: true, MarkdownDescription: queryArgDescriptions["where.field"]},
				"operator": dschema.StringAttribute{
					Optional: true, MarkdownDescription: queryArgDescriptions["where.operator"], Validators: operatorValidators(),
				},
				"value": dschema.StringAttribute{Required: true, MarkdownDescription: queryArgDescriptions["where.value"]},
			}},
			Validators: []validator.List{listvalidator.ConflictsWith(path.MatchRoot("filter"))},
		},
		"logic":           dschema.StringAttribute{Optional: true, MarkdownDescription: queryArgDescriptions["logic"], Validators: logicValidators()},
		"sort":            dschema.StringAttribute{Optional: true, MarkdownDescription: queryArgDescriptions["sort"]},
		"order_by":        dschema.StringAttribute{Optional: true, MarkdownDescription: queryArgDescriptions["order_by"], Validators: orderByValidators()},
		"include_deleted": dschema.BoolAttribute{Optional: true, MarkdownDescription: queryArgDescriptions["include_deleted"]},
	}
	routes := t.routes()
	for _, arg := range scopeArgs(routes) {
		attrs[arg] = dschema.StringAttribute{Optional: true, MarkdownDescription: scopeArgDescription(routes, arg), Validators: sourcedIDValidators()}
	}
	return attrs
}

func (d *listDataSource[T]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *listDataSource[T]) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	_, diags := d.readConfig(ctx, req.Config, "")
	resp.Diagnostics.Append(diags...)
}

// listRequest is what a list data source's configuration asks for,
// checked: the list options, the fields selected, and the route its
// scoping arguments select (nil for the whole collection, or while one
// of them is not known yet).
type listRequest struct {
	args     listArgs
	opts     oneroster.ListOptions
	selected map[string]bool // API names asked for with `fields`; nil for all
	scopes   map[string]string
	route    *route
}

// readConfig checks the configuration and turns it into a listRequest for
// a server of version v ("" when not known yet, at validate time):
// ValidateConfig and prepare both start here.
func (d *listDataSource[T]) readConfig(ctx context.Context, cfg tfsdk.Config, v oneroster.Version) (listRequest, diag.Diagnostics) {
	var lr listRequest
	diags := getListArgs(ctx, cfg, &lr.args)
	if diags.HasError() {
		return lr, diags
	}
	opts, selected, queryDiags := d.query(ctx, lr.args, v)
	diags.Append(queryDiags...)
	scopes, known, scopeDiags := d.scopeValues(ctx, cfg)
	diags.Append(scopeDiags...)
	lr.opts, lr.selected, lr.scopes = opts, selected, scopes
	if known {
		r, err := pickRoute(d.topic.routes(), scopes)
		if err != nil {
			diags.AddError("Invalid scoping arguments for "+d.topic.attr, err.Error())
		}
		lr.route = r
	}
	return lr, diags
}

func getListArgs(ctx context.Context, cfg tfsdk.Config, args *listArgs) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, target := range map[string]any{
		"filter": &args.Filter, "where": &args.Where, "logic": &args.Logic, "sort": &args.Sort, "order_by": &args.OrderBy,
		"fields": &args.Fields, "include_deleted": &args.IncludeDeleted, "max_items": &args.MaxItems,
	} {
		if _, ok := cfg.Schema.GetAttributes()[name]; !ok {
			// A list resource takes no fields (it returns whole objects)
			// nor max_items (the list block's limit does that).
			continue
		}
		diags.Append(cfg.GetAttribute(ctx, path.Root(name), target)...)
	}
	return diags
}

// scopeValues reads the scoping arguments that are set. known is false when
// one of them is not known yet.
func (d *listDataSource[T]) scopeValues(ctx context.Context, cfg tfsdk.Config) (map[string]string, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	set := map[string]string{}
	known := true
	for _, arg := range scopeArgs(d.topic.routes()) {
		var v types.String
		diags.Append(cfg.GetAttribute(ctx, path.Root(arg), &v)...)
		switch {
		case v.IsUnknown():
			known = false
		case !v.IsNull():
			set[arg] = v.ValueString()
		}
	}
	return set, known, diags
}

// query turns the arguments into list options for a server of version v
// ("" for either), naming the offending attribute when a field is unknown
// to the topic or to that version. selected is nil unless fields is set.
func (d *listDataSource[T]) query(ctx context.Context, args listArgs, v oneroster.Version) (oneroster.ListOptions, map[string]bool, diag.Diagnostics) {
	opts := oneroster.ListOptions{Filter: args.Filter.ValueString(), OrderBy: args.OrderBy.ValueString()}
	clauses, diags := d.whereClauses(args.Where, v)
	// A logic value other than AND or OR is the logic attribute's own
	// validator's to report; building the filter would report it again.
	if len(clauses) > 0 && !args.Logic.IsUnknown() && validLogic(args.Logic.ValueString()) {
		filter, err := oneroster.BuildFilter(clauses, args.Logic.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("where"), "Invalid where", err.Error())
		}
		opts.Filter = filter
	}
	sortName, sortDiags := d.sortName(args.Sort.ValueString(), v)
	diags.Append(sortDiags...)
	if sortName != "" {
		opts.Sort = sortName
	}
	if args.Fields.IsNull() || args.Fields.IsUnknown() {
		return opts, nil, diags
	}
	selected, asked, fieldDiags := d.selectFields(ctx, args.Fields, v)
	diags.Append(fieldDiags...)
	opts.Fields = asked
	return opts, selected, diags
}

// whereClauses turns the known where blocks into filter clauses, with the
// field names of version v. A block whose operator is invalid is left
// out: the operator attribute's own validator reports it, and building the
// filter would report it again.
func (d *listDataSource[T]) whereClauses(where []whereModel, v oneroster.Version) ([]oneroster.Clause, diag.Diagnostics) {
	var diags diag.Diagnostics
	t := d.topic
	var clauses []oneroster.Clause
	for i, w := range where {
		if w.Field.IsUnknown() || w.Operator.IsUnknown() || w.Value.IsUnknown() {
			continue
		}
		f, ok := t.lookupField(w.Field.ValueString())
		if !ok {
			diags.AddAttributeError(path.Root("where").AtListIndex(i).AtName("field"), "Unknown field",
				fmt.Sprintf("%s records have no field %q. Use one of: %s.", t.title, w.Field.ValueString(), t.fieldNames()))
			continue
		}
		name, err := f.queryName(v, w.Field.ValueString(), true)
		if err != nil {
			diags.AddAttributeError(path.Root("where").AtListIndex(i).AtName("field"), "Field not in this OneRoster version", err.Error()+".")
			continue
		}
		op := w.Operator.ValueString()
		if op == "" {
			op = "="
		}
		if !slices.Contains(oneroster.FilterOperators(), op) {
			continue
		}
		clauses = append(clauses, oneroster.Clause{Field: name, Operator: op, Value: w.Value.ValueString()})
	}
	return clauses, diags
}

// sortName is the name version v gives the field the sort argument names; "" when sort
// is not set or names no field of that version.
func (d *listDataSource[T]) sortName(field string, v oneroster.Version) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if field == "" {
		return "", nil
	}
	t := d.topic
	f, ok := t.lookupField(field)
	if !ok {
		diags.AddAttributeError(path.Root("sort"), "Unknown field",
			fmt.Sprintf("%s records have no field %q to sort by. Use one of: %s.", t.title, field, t.fieldNames()))
		return "", diags
	}
	name, err := f.queryName(v, field, false)
	if err != nil {
		diags.AddAttributeError(path.Root("sort"), "Field not in this OneRoster version", err.Error()+".")
		return "", diags
	}
	return name, nil
}

// selectFields reads the fields argument. selected names the fields kept in
// the state (by their model name), asked those the server is asked for, in
// order, which on 1.2 may be named otherwise (a user's role and orgs come
// with roles). Both always hold sourcedId and status.
func (d *listDataSource[T]) selectFields(
	ctx context.Context, fields types.List, v oneroster.Version,
) (selected map[string]bool, asked []string, diags diag.Diagnostics) {
	t := d.topic
	var names []types.String
	diags.Append(fields.ElementsAs(ctx, &names, false)...)
	selected = map[string]bool{"sourcedId": true, "status": true}
	askedSet := map[string]bool{"sourcedId": true, "status": true}
	for i, n := range names {
		if n.IsUnknown() {
			continue
		}
		f, ok := t.lookupField(n.ValueString())
		if !ok {
			diags.AddAttributeError(path.Root("fields").AtListIndex(i), "Unknown field",
				fmt.Sprintf("%s records have no field %q. Use one of: %s.", t.title, n.ValueString(), t.fieldNames()))
			continue
		}
		name, err := f.queryName(v, n.ValueString(), false)
		if err != nil {
			diags.AddAttributeError(path.Root("fields").AtListIndex(i), "Field not in this OneRoster version", err.Error()+".")
			continue
		}
		selected[f.api] = true
		askedSet[name] = true
	}
	for name := range askedSet {
		asked = append(asked, name)
	}
	sort.Strings(asked)
	return selected, asked, diags
}

// listing is one read of a list data source, worked out from its
// configuration: where to read, what to ask for, and which records to keep.
type listing struct {
	client         *oneroster.Client
	location       oneroster.Location
	opts           oneroster.ListOptions
	selected       map[string]bool // API names asked for with `fields`; nil for all
	maxItems       int             // 0: no limit
	includeDeleted bool
}

// prepare resolves the configuration into a listing; it reads from the
// server only to derive a scope the spec has no direct endpoint for.
func (d *listDataSource[T]) prepare(ctx context.Context, cfg tfsdk.Config) (listing, diag.Diagnostics) {
	t := d.topic
	client, diags := d.data.Client()
	diags.Append(notInVersion("oneroster_"+t.attr, t.collection.Info, client)...)
	if diags.HasError() {
		return listing{}, diags
	}
	lr, configDiags := d.readConfig(ctx, cfg, client.Version())
	diags.Append(configDiags...)
	if diags.HasError() {
		return listing{}, diags
	}
	args, opts, selected := lr.args, lr.opts, lr.selected
	var apiRoute *oneroster.Route
	var ids map[string]string
	if r := lr.route; r != nil {
		apiRoute, ids = r.api, r.ids(lr.scopes)
	}
	loc, err := t.collection.Locate(ctx, client, apiRoute, ids)
	if err != nil {
		diags.AddError("Cannot read "+t.attr, err.Error())
		return listing{}, diags
	}
	maxItems := int(args.MaxItems.ValueInt64())
	if maxItems > 0 && maxItems < client.PageSize() {
		// No more per page than will be kept: with page_size 1000,
		// max_items = 1 would fetch a thousand records to keep one. Paging
		// still reads on if deleted records leave the page short.
		opts.PageSize = maxItems
	}
	return listing{
		client:         client,
		location:       loc,
		opts:           opts,
		selected:       selected,
		maxItems:       maxItems,
		includeDeleted: args.IncludeDeleted.ValueBool(),
	}, diags
}

// each reads the listing and hands each record to keep to yield, in the
// server's order, page by page as they arrive, until yield returns false.
func (d *listDataSource[T]) each(ctx context.Context, l listing, yield func(*T) bool) diag.Diagnostics {
	t := d.topic
	kept := 0
	var diags diag.Diagnostics
	opts := l.opts
	opts.OnFlatRead = func(f oneroster.FlatRead) { diags.AddWarning(flatReadSummary(t.attr), flatReadDetail(f)) }
	for rec, err := range t.collection.List(ctx, l.client, l.location, opts) {
		if err != nil {
			diags.Append(listError(t.attr, l.location, l.client.BaseURL(), err)...)
			return diags
		}
		if !l.includeDeleted && t.base(&rec).IsDeleted() {
			continue
		}
		if !yield(&rec) {
			break
		}
		kept++
		if l.maxItems > 0 && kept >= l.maxItems {
			break
		}
	}
	return diags
}

// flatReadSummary and flatReadDetail are the warning of a listing that
// read a nested route's records from the top-level collection, once a
// read.
func flatReadSummary(name string) string {
	return "Read " + name + " without the server's nested route"
}

func flatReadDetail(f oneroster.FlatRead) string {
	return fmt.Sprintf("The server does not serve %s (it answered %s), although the records it is scoped to exist, so the provider read %s "+
		"with the filter %s instead. The records are the same; the read may take longer on large collections.", f.Route, f.Answer, f.Path, f.Filter)
}

// Read is the framework's way to read a list data source, kept as the
// reference for the direct answer the provider's server gives instead
// (readState in list_state.go): the tests check that both give the same
// state. It also serves whenever the provider runs on the framework's
// server alone.
func (d *listDataSource[T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	t := d.topic
	l, diags := d.prepare(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	recordType := t.recordType()
	records := []tftypes.Value{}
	resp.Diagnostics.Append(d.each(ctx, l, func(rec *T) bool {
		records = append(records, tftypes.NewValue(recordType, t.recordValues(rec, l.selected)))
		return true
	})...)
	if resp.Diagnostics.HasError() {
		return
	}

	var config map[string]tftypes.Value
	if err := req.Config.Raw.As(&config); err != nil {
		resp.Diagnostics.AddError("Cannot read the configuration", err.Error())
		return
	}
	// As shares the configuration's own map: copy it, or the list would be
	// written into the configuration too (and the framework would then
	// compare every record with itself).
	vals := make(map[string]tftypes.Value, len(config))
	for k, v := range config {
		vals[k] = v
	}
	vals[t.attr] = tftypes.NewValue(tftypes.List{ElementType: recordType}, records)
	resp.State.Raw = tftypes.NewValue(req.Config.Raw.Type(), vals)
}

// validLogic is what the logic attribute's validator accepts (unset included).
func validLogic(logic string) bool {
	return logic == "" || logic == oneroster.LogicAnd || logic == oneroster.LogicOr
}
