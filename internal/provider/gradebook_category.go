package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_category: a gradebook category.
//
// The whole resource is in this file: its constructor, model, field table,
// kind (the hooks the gradebook engine calls) and topic, from which the
// data sources oneroster_categories and oneroster_category and the list
// resource (gradebook_list.go) are built. The engine
// (gradebook_resource.go) runs them in this order:
//   - validate: the field table's validators;
//   - plan: notInVersion → the token's write scopes → the fields' version
//     rules;
//   - create: sourced_id, else a random UUID → existence check (GET) → PUT
//     → read-back (the answer, or a GET) → differences from what was sent;
//   - read (refresh, and the read after an import): notInVersion → GET →
//     the model filled from the record (a 404 or tobedeleted drops it from
//     state, or fails the import);
//   - update: PUT → read-back → differences; delete: DELETE (a 404 is
//     done); import: by sourced_id or identity, then read.
// label (`titled "Homework"`) names a stored category in messages.

// newCategoryResource is oneroster_category as the provider registers it
// (Resources): the gradebook engine running categoryKind.
func newCategoryResource() resource.Resource {
	return &gradebookResource[model.Category, categoryModel]{kind: categoryKind}
}

var _ gradebookResourceInterfaces = (*gradebookResource[model.Category, categoryModel])(nil)

type categoryModel struct {
	gradebookCommon
	Title  types.String  `tfsdk:"title"`
	Weight types.Float64 `tfsdk:"weight"`
}

// categoryFields are a category's fields, for the data sources and the
// resource.
var categoryFields = []recordField[model.Category, categoryModel]{
	textField("title", "title", "The category's title (`Homework`, `Quizzes`…).", true,
		func(r *model.Category) *string { return &r.Title }, func(m *categoryModel) *types.String { return &m.Title }),
	decimalField("weight", "weight", "The category's share of a class's final score (e.g. `0.4` or `40`, as the SIS weighs).",
		func(r *model.Category) **model.Number { return &r.Weight }, func(m *categoryModel) *types.Float64 { return &m.Weight }).onlyIn(oneroster.Version1p2),
}

var categoryKind = &gradebookKind[model.Category, categoryModel]{
	typeName: "category", title: "category", collection: oneroster.Categories,
	description: "A gradebook category (homework, quizzes, tests…), written with " + writeRequest(oneroster.Categories.Info) + ". " +
		"Many servers only let you read categories; then this resource fails with the server's answer and the data sources still work.",
	fields: categoryFields,
	base:   func(r *model.Category) *model.Base { return &r.Base },
	common: func(m *categoryModel) *gradebookCommon { return &m.gradebookCommon },
	label:  func(r *model.Category) string { return fmt.Sprintf("titled %q", r.Title) },
}

var categoriesTopic = &topic[model.Category]{
	attr: "categories", singular: "category", title: "category", titles: "categories",
	collection: oneroster.Categories,
	base:       func(r *model.Category) *model.Base { return &r.Base },
	fields:     dataSourceFields(func(r *model.Category) *model.Base { return &r.Base }, categoryFields),
}
