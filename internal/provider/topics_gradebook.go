package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The gradebook topics of OneRoster 1.1, described like the rostering ones:
// their list and single data sources come from the same generic code. The
// resources that write them are in gradebook_resource.go.

var (
	categoriesTopic = &topic[model.Category]{
		attr: "categories", singular: "category", title: "category", titles: "categories",
		collection: oneroster.Categories,
		base:       func(r *model.Category) *model.Base { return &r.Base },
		fields: append(baseFields(func(r *model.Category) *model.Base { return &r.Base }),
			stringField("title", "title", "The category's title (`Homework`, `Quizzes`…).", func(r *model.Category) string { return r.Title }),
		),
	}
	lineItemsTopic = &topic[model.LineItem]{
		attr: "line_items", singular: "line_item", title: "line item", titles: "line items",
		collection: oneroster.LineItems,
		base:       func(r *model.LineItem) *model.Base { return &r.Base },
		fields: append(baseFields(func(r *model.LineItem) *model.Base { return &r.Base }),
			stringField("title", "title", "The line item's title.", func(r *model.LineItem) string { return r.Title }),
			stringField("description", "description", "A description of the assignment.", func(r *model.LineItem) string { return r.Description }),
			stringField("assign_date", "assignDate", "When the assignment is given, as an ISO 8601 date or date-time.", func(r *model.LineItem) string { return r.AssignDate }),
			stringField("due_date", "dueDate", "When the assignment is due, as an ISO 8601 date or date-time.", func(r *model.LineItem) string { return r.DueDate }),
			refField("class_sourced_id", "class", "The class the line item belongs to.", func(r *model.LineItem) *model.Ref { return r.Class }),
			refField("category_sourced_id", "category", "The line item's category.", func(r *model.LineItem) *model.Ref { return r.Category }),
			refField("grading_period_sourced_id", "gradingPeriod", "The grading period (an academic session).", func(r *model.LineItem) *model.Ref { return r.GradingPeriod }),
			numberField("result_value_min", "resultValueMin", "The lowest score a result may have.", func(r *model.LineItem) *model.Number { return r.ResultValueMin }),
			numberField("result_value_max", "resultValueMax", "The highest score a result may have.", func(r *model.LineItem) *model.Number { return r.ResultValueMax }),
		),
	}
	resultsTopic = &topic[model.Result]{
		attr: "results", singular: "result", title: "result", titles: "results",
		collection: oneroster.Results,
		base:       func(r *model.Result) *model.Base { return &r.Base },
		fields: append(baseFields(func(r *model.Result) *model.Base { return &r.Base }),
			refField("line_item_sourced_id", "lineItem", "The line item the result scores.", func(r *model.Result) *model.Ref { return r.LineItem }),
			refField("student_sourced_id", "student", "The student the result belongs to.", func(r *model.Result) *model.Ref { return r.Student }),
			stringField("score_status", "scoreStatus", "`exempt`, `fully graded`, `not submitted`, `partially graded` or `submitted` "+
				"(the misspelling `not submmitted` that some servers send reads as `not submitted`).",
				func(r *model.Result) string { return model.NormalizeScoreStatus(r.ScoreStatus) }),
			numberField("score", "score", "The score.", func(r *model.Result) *model.Number { return r.Score }),
			stringField("score_date", "scoreDate", "When the score was given, as an ISO 8601 date or date-time.", func(r *model.Result) string { return r.ScoreDate }),
			stringField("comment", "comment", "The teacher's comment.", func(r *model.Result) string { return r.Comment }),
		),
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
