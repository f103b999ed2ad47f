package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// Field kinds that OneRoster 1.2 gradebook records add to those of
// gradebook_fields.go: booleans written as strings, optional text, and
// lists of objects (a score scale's values). Like the others, each gives
// the data sources' attribute and the resource's, and maps both ways.

// flagField is a 1.2 boolean that the wire carries as "true" or "false"
// (a result's late, missing…): null when not configured, and when the
// server does not send it.
func flagField[T, M any](attr, api, desc string, rec func(*T) **model.StringBool, mod func(*M) *types.Bool) recordField[T, M] {
	return recordField[T, M]{
		read: boolField(attr, api, desc, func(r *T) *model.Bool { return (*model.Bool)(*rec(r)) }),
		toRecord: func(m *M, r *T) {
			*rec(r) = nil
			if v := *mod(m); !v.IsNull() && !v.IsUnknown() {
				*rec(r) = model.StringBoolPtr(v.ValueBool())
			}
		},
		fromRecord: func(m *M, r *T) {
			*mod(m) = types.BoolNull()
			if b := *rec(r); b != nil {
				*mod(m) = types.BoolValue(bool(*b))
			}
		},
	}
}

// optionalTextField is free text that 1.1 records lack (a text score):
// absent on the wire when null, and null in the data sources when the
// server does not send it, so that "not in this version" does not read
// as an empty value.
func optionalTextField[T, M any](attr, api, desc string, rec func(*T) **string, mod func(*M) *types.String) recordField[T, M] {
	return recordField[T, M]{
		read: optionalStringField(attr, api, desc, func(r *T) *string { return *rec(r) }), checks: nonEmpty(),
		toRecord: func(m *M, r *T) {
			*rec(r) = nil
			if v := *mod(m); !v.IsNull() && !v.IsUnknown() {
				s := v.ValueString()
				*rec(r) = &s
			}
		},
		fromRecord: func(m *M, r *T) {
			*mod(m) = types.StringNull()
			if s := *rec(r); s != nil {
				*mod(m) = optionalString(*s)
			}
		},
	}
}

// objectListField is a list of objects of string attributes (a score
// scale's values). attrs are sorted by name, as the data sources' objects
// are; get and set give each object's values in that order. A list the
// server leaves out or empty reads as null.
func objectListField[T, M any](name, api, desc string, attrs []objectAttr, required bool,
	get func(*T) [][]string, set func(*T, [][]string), mod func(*M) *types.List,
) recordField[T, M] {
	elem := objectAttrType(attrs)
	return recordField[T, M]{
		read:     field[T]{attr: name, api: api, filter: api, desc: desc, kind: kindObjects, objectAttrs: attrs, objects: get},
		required: required,
		toRecord: func(m *M, r *T) { set(r, objectRows(*mod(m), attrs)) },
		fromRecord: func(m *M, r *T) {
			rows := get(r)
			if len(rows) == 0 {
				*mod(m) = types.ListNull(elem)
				return
			}
			elems := make([]attr.Value, len(rows))
			for i, row := range rows {
				vals := make(map[string]attr.Value, len(attrs))
				for k, a := range attrs {
					vals[a.name] = types.StringValue(row[k])
				}
				elems[i] = types.ObjectValueMust(elem.AttrTypes, vals)
			}
			*mod(m) = types.ListValueMust(elem, elems)
		},
	}
}

// objectAttrType is the framework type of one object of attrs.
func objectAttrType(attrs []objectAttr) types.ObjectType {
	attrTypes := make(map[string]attr.Type, len(attrs))
	for _, a := range attrs {
		attrTypes[a.name] = types.StringType
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// objectRows reads a configured list of objects as rows of values in the
// order of attrs; nil for null.
func objectRows(l types.List, attrs []objectAttr) [][]string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	rows := make([][]string, 0, len(l.Elements()))
	for _, e := range l.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		row := make([]string, len(attrs))
		for i, a := range attrs {
			if s, ok := obj.Attributes()[a.name].(types.String); ok {
				row[i] = s.ValueString()
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// objectListAttribute is the resource attribute of an objectListField:
// every attribute of its objects is required, and the list, when set,
// holds at least one object, since servers store an empty list as none
// (leave the attribute out instead).
func objectListAttribute(attrs []objectAttr, required bool, desc string) schema.Attribute {
	nested := make(map[string]schema.Attribute, len(attrs))
	for _, a := range attrs {
		nested[a.name] = schema.StringAttribute{Required: true, MarkdownDescription: a.desc, Validators: nonEmpty()}
	}
	return schema.ListNestedAttribute{
		Required: required, Optional: !required, MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{Attributes: nested},
		Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
	}
}
