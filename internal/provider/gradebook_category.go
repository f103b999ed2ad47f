package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_category: a gradebook category, PUT /categories/{sourcedId}.

type categoryModel struct {
	gradebookCommon
	Title types.String `tfsdk:"title"`
}

var categoryKind = &gradebookKind[model.Category, categoryModel]{
	typeName: "category", title: "category", collection: oneroster.Categories,
	description: "A gradebook category (homework, quizzes, tests…), written with `PUT /categories/{sourcedId}`. " +
		"Many servers only let you read categories; then this resource fails with the server's answer and the data sources still work.",
	attributes: map[string]schema.Attribute{
		"title": schema.StringAttribute{
			Required: true, MarkdownDescription: "The category's title.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
	},
	base:   func(r *model.Category) *model.Base { return &r.Base },
	common: func(m *categoryModel) *gradebookCommon { return &m.gradebookCommon },
	record: func(m *categoryModel) *model.Category { return &model.Category{Title: m.Title.ValueString()} },
	fill:   func(m *categoryModel, r *model.Category) { m.Title = optionalString(r.Title) },
	label:  func(r *model.Category) string { return fmt.Sprintf("titled %q", r.Title) },
}
