package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The gradebook topics of OneRoster 1.1: their list and single data
// sources come from the same generic code as the rostering ones, and their
// fields from the tables the resources use too (categoryFields,
// lineItemFields, resultFields).

var (
	categoriesTopic = &topic[model.Category]{
		attr: "categories", singular: "category", title: "category", titles: "categories",
		collection: oneroster.Categories,
		base:       func(r *model.Category) *model.Base { return &r.Base },
		fields:     dataSourceFields(func(r *model.Category) *model.Base { return &r.Base }, categoryFields),
	}
	lineItemsTopic = &topic[model.LineItem]{
		attr: "line_items", singular: "line_item", title: "line item", titles: "line items",
		collection: oneroster.LineItems,
		base:       func(r *model.LineItem) *model.Base { return &r.Base },
		fields:     dataSourceFields(func(r *model.LineItem) *model.Base { return &r.Base }, lineItemFields),
	}
	resultsTopic = &topic[model.Result]{
		attr: "results", singular: "result", title: "result", titles: "results",
		collection: oneroster.Results,
		base:       func(r *model.Result) *model.Base { return &r.Base },
		fields:     dataSourceFields(func(r *model.Result) *model.Base { return &r.Base }, resultFields),
	}
)

// gradebookDataSources are the list and single data sources of the three
// gradebook topics.
func gradebookDataSources() []func() datasource.DataSource {
	var out []func() datasource.DataSource
	out = append(out, topicDataSources(categoriesTopic)...)
	out = append(out, topicDataSources(lineItemsTopic)...)
	out = append(out, topicDataSources(resultsTopic)...)
	return out
}
