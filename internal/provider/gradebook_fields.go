package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A gradebook record's fields are each described once, in a recordField:
// the data sources' attribute (name, API name, description, value), the
// resource's attribute (required or optional, validators, the same
// description), and the mapping between the resource's Terraform model M
// and the OneRoster record T. The data sources (topics_gradebook.go) and
// the resources (gradebook_category.go, gradebook_line_item.go,
// gradebook_result.go) are both derived from these tables.
type recordField[T, M any] struct {
	read       field[T]
	required   bool
	checks     []validator.String // string fields only
	toRecord   func(m *M, r *T)
	fromRecord func(m *M, r *T) // m holds the prior (planned) values
}

// resourceAttribute is the field's attribute in the resource schema.
func (f *recordField[T, M]) resourceAttribute() schema.Attribute {
	switch f.read.kind {
	case kindNumber:
		return schema.Float64Attribute{Required: f.required, Optional: !f.required, MarkdownDescription: f.read.desc}
	case kindBool:
		return schema.BoolAttribute{Required: f.required, Optional: !f.required, MarkdownDescription: f.read.desc}
	case kindObjects:
		return objectListAttribute(f.read.objectAttrs, f.required, f.read.desc)
	}
	return schema.StringAttribute{Required: f.required, Optional: !f.required, MarkdownDescription: f.read.desc, Validators: f.checks}
}

// textField is free text: empty on the server reads as null.
func textField[T, M any](attr, api, desc string, required bool, rec func(*T) *string, mod func(*M) *types.String) recordField[T, M] {
	return recordField[T, M]{
		read: stringField(attr, api, desc, func(r *T) string { return *rec(r) }), required: required, checks: nonEmpty(),
		toRecord:   func(m *M, r *T) { *rec(r) = mod(m).ValueString() },
		fromRecord: func(m *M, r *T) { *mod(m) = optionalString(*rec(r)) },
	}
}

// dateField is an ISO 8601 date or date-time; a stored value naming the
// same instant as the configured one keeps the configured spelling.
func dateField[T, M any](attr, api, desc string, required bool, rec func(*T) *string, mod func(*M) *types.String) recordField[T, M] {
	return recordField[T, M]{
		read: stringField(attr, api, desc, func(r *T) string { return *rec(r) }), required: required,
		checks:     []validator.String{iso8601Check},
		toRecord:   func(m *M, r *T) { *rec(r) = mod(m).ValueString() },
		fromRecord: func(m *M, r *T) { *mod(m) = storedDate(*mod(m), *rec(r)) },
	}
}

// referenceField is a GUIDRef to a record of the collection to, flattened
// to its sourcedId; it keeps its configured spelling on servers that match
// ids case-insensitively.
func referenceField[T, M any](attr, api string, to *oneroster.Info, desc string, required bool, rec func(*T) **model.Ref, mod func(*M) *types.String) recordField[T, M] {
	return recordField[T, M]{
		read: refField(attr, api, desc, func(r *T) *model.Ref { return *rec(r) }), required: required, checks: nonEmpty(),
		toRecord:   func(m *M, r *T) { *rec(r) = refTo(*mod(m), to.RefType()) },
		fromRecord: func(m *M, r *T) { *mod(m) = sameID(*mod(m), model.RefID(*rec(r))) },
	}
}

// scoreStatusField is a result's required scoreStatus. It is read
// normalized, so that "not submmitted" reads as "not submitted", and
// written as configured, which the validators keep to the spec's values.
func scoreStatusField[T, M any](rec func(*T) *string, mod func(*M) *types.String) recordField[T, M] {
	return recordField[T, M]{
		read: stringField("score_status", "scoreStatus", scoreStatusDescription,
			func(r *T) string { return model.NormalizeScoreStatus(*rec(r)) }),
		required:   true,
		checks:     scoreStatusValidators(),
		toRecord:   func(m *M, r *T) { *rec(r) = mod(m).ValueString() },
		fromRecord: func(m *M, r *T) { *mod(m) = optionalString(model.NormalizeScoreStatus(*rec(r))) },
	}
}

// decimalField is an optional number.
func decimalField[T, M any](attr, api, desc string, rec func(*T) **model.Number, mod func(*M) *types.Float64) recordField[T, M] {
	return recordField[T, M]{
		read:       numberField(attr, api, desc, func(r *T) *model.Number { return *rec(r) }),
		toRecord:   func(m *M, r *T) { *rec(r) = numberOf(*mod(m)) },
		fromRecord: func(m *M, r *T) { *mod(m) = float64Value(*rec(r)) },
	}
}

// liftFields makes fields of a part N of a model M (the score fields a
// result and each entry of a result set share) fields of M.
func liftFields[T, M, N any](fields []recordField[T, N], part func(*M) *N) []recordField[T, M] {
	out := make([]recordField[T, M], len(fields))
	for i, f := range fields {
		out[i] = recordField[T, M]{
			read: f.read, required: f.required, checks: f.checks,
			toRecord:   func(m *M, r *T) { f.toRecord(part(m), r) },
			fromRecord: func(m *M, r *T) { f.fromRecord(part(m), r) },
		}
	}
	return out
}

// dataSourceFields are the data sources' fields of a record: the common
// ones, then the table's.
func dataSourceFields[T, M any](base func(*T) *model.Base, fields []recordField[T, M]) []field[T] {
	out := baseFields(base)
	for _, f := range fields {
		out = append(out, f.read)
	}
	return out
}

// resourceAttributes are the resource's attributes of the table (the
// engine adds sourced_id, status, date_last_modified and timeouts).
func resourceAttributes[T, M any](fields []recordField[T, M]) map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(fields))
	for i := range fields {
		attrs[fields[i].read.attr] = fields[i].resourceAttribute()
	}
	return attrs
}

// recordOf builds the record to write from a planned model.
func recordOf[T, M any](fields []recordField[T, M], m *M) *T {
	r := new(T)
	for _, f := range fields {
		f.toRecord(m, r)
	}
	return r
}

// fillFrom copies what the server stored into m.
func fillFrom[T, M any](fields []recordField[T, M], m *M, r *T) {
	for _, f := range fields {
		f.fromRecord(m, r)
	}
}
