package provider

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A topic is one OneRoster collection (users, classes, line items…) as
// Terraform shows it: the client catalog's collection, and how each field
// of its records appears in Terraform. The list and single data sources of
// every topic are derived from this description; where the collection
// lives, its envelopes and its nested routes are the catalog's.
type topic[T any] struct {
	attr       string // the list attribute and list data source suffix: "academic_sessions"
	singular   string // the single data source suffix: "academic_session"
	title      string // for messages: "academic session"
	titles     string // plural: "academic sessions"
	collection oneroster.Collection[T]
	base       func(*T) *model.Base
	fields     []field[T]
}

// routes are the nested endpoints selected by scoping arguments
// (school_sourced_id…); with none set, the top-level collection is read.
func (t *topic[T]) routes() []route { return routesOf(t.collection.Info) }

type fieldKind int

const (
	kindString fieldKind = iota
	kindBool
	kindNumber
	kindStringList
	kindStringMap
	kindUserIDs
)

var userIDType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"type": tftypes.String, "identifier": tftypes.String}}

func (k fieldKind) tfType() tftypes.Type {
	switch k {
	case kindBool:
		return tftypes.Bool
	case kindNumber:
		return tftypes.Number
	case kindStringList:
		return tftypes.List{ElementType: tftypes.String}
	case kindStringMap:
		return tftypes.Map{ElementType: tftypes.String}
	case kindUserIDs:
		return tftypes.List{ElementType: userIDType}
	default:
		return tftypes.String
	}
}

func (k fieldKind) schemaAttribute(desc string) dschema.Attribute {
	switch k {
	case kindBool:
		return dschema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	case kindNumber:
		return dschema.Float64Attribute{Computed: true, MarkdownDescription: desc}
	case kindStringList:
		return dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	case kindStringMap:
		return dschema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	case kindUserIDs:
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: desc, NestedObject: dschema.NestedAttributeObject{
			Attributes: map[string]dschema.Attribute{
				"type":       dschema.StringAttribute{Computed: true, MarkdownDescription: "The other system's name for the identifier (e.g. `LDAP`)."},
				"identifier": dschema.StringAttribute{Computed: true, MarkdownDescription: "The identifier."},
			},
		}}
	default:
		return dschema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
}

// field is one attribute of a topic's records.
type field[T any] struct {
	attr   string // Terraform attribute, snake_case: "school_sourced_id"
	api    string // the model's field, as `fields` and `sort` take it: "school"
	filter string // the field as filters name it: "school.sourcedId"
	desc   string
	kind   fieldKind
	value  func(*T) tftypes.Value
}

func stringField[T any](attr, api, desc string, get func(*T) string) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, kind: kindString, value: func(r *T) tftypes.Value { return tfString(get(r)) }}
}

func boolField[T any](attr, api, desc string, get func(*T) *model.Bool) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, kind: kindBool, value: func(r *T) tftypes.Value {
		b := get(r)
		if b == nil {
			return tftypes.NewValue(tftypes.Bool, nil)
		}
		return tftypes.NewValue(tftypes.Bool, bool(*b))
	}}
}

func numberField[T any](attr, api, desc string, get func(*T) *model.Number) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, kind: kindNumber, value: func(r *T) tftypes.Value {
		n := get(r)
		if n == nil {
			return tftypes.NewValue(tftypes.Number, nil)
		}
		return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(*n)))
	}}
}

func stringsField[T any](attr, api, desc string, get func(*T) []string) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, kind: kindStringList, value: func(r *T) tftypes.Value { return tfStringList(get(r)) }}
}

// refField flattens a GUIDRef to its sourcedId.
func refField[T any](attr, api, desc string, get func(*T) *model.Ref) field[T] {
	return field[T]{attr: attr, api: api, filter: api + ".sourcedId", desc: desc, kind: kindString, value: func(r *T) tftypes.Value { return tfString(model.RefID(get(r))) }}
}

// refsField flattens a list of GUIDRefs to their sourcedIds.
func refsField[T any](attr, api, desc string, get func(*T) []model.Ref) field[T] {
	return field[T]{attr: attr, api: api, filter: api + ".sourcedId", desc: desc, kind: kindStringList, value: func(r *T) tftypes.Value { return tfStringList(model.RefIDs(get(r))) }}
}

func userIDsField[T any](attr, api, desc string, get func(*T) []model.UserID) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, kind: kindUserIDs, value: func(r *T) tftypes.Value {
		ids := get(r)
		elems := make([]tftypes.Value, len(ids))
		for i, id := range ids {
			elems[i] = tftypes.NewValue(userIDType, map[string]tftypes.Value{
				"type":       tftypes.NewValue(tftypes.String, id.Type),
				"identifier": tftypes.NewValue(tftypes.String, id.Identifier),
			})
		}
		return tftypes.NewValue(kindUserIDs.tfType(), elems)
	}}
}

// baseFields are the fields every record has.
func baseFields[T any](get func(*T) *model.Base) []field[T] {
	return []field[T]{
		stringField("sourced_id", "sourcedId", "The record's sourcedId, unique within its type.", func(r *T) string { return get(r).SourcedID }),
		stringField("status", "status", "`active` or `tobedeleted`.", func(r *T) string { return get(r).Status }),
		stringField("date_last_modified", "dateLastModified", "When the record last changed, as RFC 3339.", func(r *T) string { return get(r).DateLastModified }),
		{attr: "metadata", api: "metadata", filter: "metadata", desc: "Vendor extensions, values rendered as strings (JSON for structured values).", kind: kindStringMap,
			value: func(r *T) tftypes.Value { return metadataValue(get(r).Metadata) }},
	}
}

// Fields a server leaves out (absent, null or empty on the wire) become
// empty strings, lists and maps, not nulls: nulls are what make large
// lists slow, because the framework visits every null of a response with a
// schema lookup (ReifyNullCollectionBlocks). With 100,000 users that was a
// quarter of a plan. Null is kept for booleans and numbers, which have no
// empty value, and for fields left out with the `fields` argument.
func tfString(s string) tftypes.Value {
	return tftypes.NewValue(tftypes.String, s)
}

func tfStringList(values []string) tftypes.Value {
	typ := tftypes.List{ElementType: tftypes.String}
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(typ, elems)
}

func metadataValue(m map[string]any) tftypes.Value {
	typ := tftypes.Map{ElementType: tftypes.String}
	elems := make(map[string]tftypes.Value, len(m))
	for k, v := range m {
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case nil:
			s = ""
		default:
			raw, err := json.Marshal(v)
			if err != nil {
				s = fmt.Sprint(v)
			} else {
				s = string(raw)
			}
		}
		elems[k] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(typ, elems)
}

// recordType is the Terraform object type of one record.
func (t *topic[T]) recordType() tftypes.Object {
	attrs := make(map[string]tftypes.Type, len(t.fields))
	for _, f := range t.fields {
		attrs[f.attr] = f.kind.tfType()
	}
	return tftypes.Object{AttributeTypes: attrs}
}

// recordAttributes are the schema attributes of one record.
func (t *topic[T]) recordAttributes() map[string]dschema.Attribute {
	attrs := make(map[string]dschema.Attribute, len(t.fields))
	for _, f := range t.fields {
		attrs[f.attr] = f.kind.schemaAttribute(f.desc)
	}
	return attrs
}

// recordValues renders one record. selected, when not nil, holds the API
// names asked for with `fields`; the others stay null, as the server did
// not send them.
func (t *topic[T]) recordValues(r *T, selected map[string]bool) map[string]tftypes.Value {
	vals := make(map[string]tftypes.Value, len(t.fields))
	for _, f := range t.fields {
		if selected != nil && !selected[f.api] {
			vals[f.attr] = tftypes.NewValue(f.kind.tfType(), nil)
			continue
		}
		vals[f.attr] = f.value(r)
	}
	return vals
}

// lookupField finds a field by its Terraform name (snake_case), its API
// name (camelCase) or its filter name ("school.sourcedId").
func (t *topic[T]) lookupField(name string) (field[T], bool) {
	for _, f := range t.fields {
		if name == f.attr || name == f.api || name == f.filter {
			return f, true
		}
	}
	return field[T]{}, false
}

func (t *topic[T]) fieldNames() string {
	names := make([]string, len(t.fields))
	for i, f := range t.fields {
		names[i] = f.attr
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
