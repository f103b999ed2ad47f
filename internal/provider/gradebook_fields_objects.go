package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// objectListField is a list of objects of string attributes (a score
// scale's values), a field kind beside those of gradebook_fields.go.
// attrs are sorted by name, as the data sources' objects are; get and set
// give each object's values in that order. A list the server leaves out
// or empty reads as null.
func objectListField[T, M any](name, api, desc string, attrs []objectAttr, required bool,
	get func(*T) [][]string, set func(*T, [][]string), mod func(*M) *types.List,
) recordField[T, M] {
	elem := objectAttrType(attrs)
	f := recordField[T, M]{
		dataSource: field[T]{attr: name, api: api, filter: api, desc: desc, valueType: valueObjects, objectAttrs: attrs,
			objects: func(r *T) [][]any {
				rows := get(r)
				if rows == nil {
					return nil
				}
				out := make([][]any, len(rows))
				for i, row := range rows {
					out[i] = make([]any, len(row))
					for k, v := range row {
						out[i][k] = v
					}
				}
				return out
			}},
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
	// Every attribute of the objects is required, and the list, when set,
	// holds at least one object: servers store an empty list as none.
	f.attribute = func(desc string) schema.Attribute {
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
	return withValue(f, mod, types.ListNull(elem))
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
