package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_line_item: an assignment in a class, PUT /lineItems/{sourcedId}.

type lineItemModel struct {
	gradebookCommon
	Title                  types.String  `tfsdk:"title"`
	Description            types.String  `tfsdk:"description"`
	AssignDate             types.String  `tfsdk:"assign_date"`
	DueDate                types.String  `tfsdk:"due_date"`
	ClassSourcedID         types.String  `tfsdk:"class_sourced_id"`
	CategorySourcedID      types.String  `tfsdk:"category_sourced_id"`
	GradingPeriodSourcedID types.String  `tfsdk:"grading_period_sourced_id"`
	ResultValueMin         types.Float64 `tfsdk:"result_value_min"`
	ResultValueMax         types.Float64 `tfsdk:"result_value_max"`
}

func nonEmpty() []validator.String { return []validator.String{stringvalidator.LengthAtLeast(1)} }

var lineItemKind = &gradebookKind[model.LineItem, lineItemModel]{
	typeName: "line_item", title: "line item", collection: oneroster.LineItems,
	description: "A line item: one assignment (a gradebook column) of a class, written with `PUT /lineItems/{sourcedId}`. " +
		"Scores for it are `oneroster_result` or, for many students at once, `oneroster_result_set`.",
	attributes: map[string]schema.Attribute{
		"title":       schema.StringAttribute{Required: true, MarkdownDescription: "The line item's title.", Validators: nonEmpty()},
		"description": schema.StringAttribute{Optional: true, MarkdownDescription: "A description of the assignment.", Validators: nonEmpty()},
		"assign_date": schema.StringAttribute{
			Required: true, MarkdownDescription: "When the assignment is given: an ISO 8601 date (`2024-09-02`) or date-time (`2024-09-02T08:00:00Z`).",
			Validators: []validator.String{iso8601Validator{}},
		},
		"due_date": schema.StringAttribute{
			Required: true, MarkdownDescription: "When the assignment is due: an ISO 8601 date or date-time.",
			Validators: []validator.String{iso8601Validator{}},
		},
		"class_sourced_id":          schema.StringAttribute{Required: true, MarkdownDescription: "The class the line item belongs to.", Validators: nonEmpty()},
		"category_sourced_id":       schema.StringAttribute{Required: true, MarkdownDescription: "The line item's category.", Validators: nonEmpty()},
		"grading_period_sourced_id": schema.StringAttribute{Optional: true, MarkdownDescription: "The grading period (an academic session) the line item counts for.", Validators: nonEmpty()},
		"result_value_min":          schema.Float64Attribute{Optional: true, MarkdownDescription: "The lowest score a result may have; less than `result_value_max`."},
		"result_value_max":          schema.Float64Attribute{Optional: true, MarkdownDescription: "The highest score a result may have; greater than `result_value_min`."},
	},
	base:   func(r *model.LineItem) *model.Base { return &r.Base },
	common: func(m *lineItemModel) *gradebookCommon { return &m.gradebookCommon },
	record: func(m *lineItemModel) *model.LineItem {
		return &model.LineItem{
			Title:          m.Title.ValueString(),
			Description:    m.Description.ValueString(),
			AssignDate:     m.AssignDate.ValueString(),
			DueDate:        m.DueDate.ValueString(),
			Class:          refTo(m.ClassSourcedID, "class"),
			Category:       refTo(m.CategorySourcedID, "category"),
			GradingPeriod:  refTo(m.GradingPeriodSourcedID, "academicSession"),
			ResultValueMin: numberOf(m.ResultValueMin),
			ResultValueMax: numberOf(m.ResultValueMax),
		}
	},
	fill: func(m *lineItemModel, r *model.LineItem) {
		m.Title = optionalString(r.Title)
		m.Description = optionalString(r.Description)
		m.AssignDate = storedDate(m.AssignDate, r.AssignDate)
		m.DueDate = storedDate(m.DueDate, r.DueDate)
		// References keep their configured spelling on servers that
		// match ids case-insensitively.
		m.ClassSourcedID = sameID(m.ClassSourcedID, model.RefID(r.Class))
		m.CategorySourcedID = sameID(m.CategorySourcedID, model.RefID(r.Category))
		m.GradingPeriodSourcedID = sameID(m.GradingPeriodSourcedID, model.RefID(r.GradingPeriod))
		m.ResultValueMin = float64Value(r.ResultValueMin)
		m.ResultValueMax = float64Value(r.ResultValueMax)
	},
	label: func(r *model.LineItem) string {
		return fmt.Sprintf("titled %q, in class %q, due %s", r.Title, model.RefID(r.Class), r.DueDate)
	},
	validate: func(m *lineItemModel, diags *diag.Diagnostics) {
		lo, hi := m.ResultValueMin, m.ResultValueMax
		if lo.IsNull() || lo.IsUnknown() || hi.IsNull() || hi.IsUnknown() {
			return
		}
		if lo.ValueFloat64() >= hi.ValueFloat64() {
			diags.AddAttributeError(path.Root("result_value_max"), "Invalid score range",
				fmt.Sprintf("result_value_max (%g) must be greater than result_value_min (%g): they bound the scores of the line item's results. "+
					"Swap them or widen the range.", hi.ValueFloat64(), lo.ValueFloat64()))
		}
	},
}
