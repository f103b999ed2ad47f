package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_line_item: an assignment in a class.
//
// The whole resource is in this file: its constructor, model, field table,
// kind (the hooks the gradebook engine calls) and topic, from which the
// data sources oneroster_line_items and oneroster_line_item and the list
// resource (gradebook_list.go) are built. The engine
// (gradebook_resource.go) runs them in this order:
//   - validate: the field table's validators, then validate
//     (checkScoreRange);
//   - plan: notInVersion → the token's write scopes → the fields' version
//     rules → completePlan (schoolOfLineItem: on 1.2, the class's school);
//   - create: sourced_id, else a random UUID → existence check (GET) → PUT
//     → read-back (the answer, or a GET) → differences from what was sent;
//   - read (refresh, and the read after an import): notInVersion → GET →
//     the model filled from the record (a 404 or tobedeleted drops it from
//     state, or fails the import);
//   - update: PUT → read-back → differences; delete: DELETE (a 404 is
//     done); import: by sourced_id or identity, then read.
// label names a stored line item in messages.

// newLineItemResource is oneroster_line_item as the provider registers it
// (Resources): the gradebook engine running lineItemKind.
func newLineItemResource() resource.Resource {
	return &gradebookResource[model.LineItem, lineItemModel]{kind: lineItemKind}
}

var _ gradebookResourceInterfaces = (*gradebookResource[model.LineItem, lineItemModel])(nil)

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
	// OneRoster 1.2
	SchoolSourcedID          types.String `tfsdk:"school_sourced_id"`
	AcademicSessionSourcedID types.String `tfsdk:"academic_session_sourced_id"`
	ScoreScaleSourcedID      types.String `tfsdk:"score_scale_sourced_id"`
	LearningObjectives       types.List   `tfsdk:"learning_objectives"`
}

func nonEmpty() []validator.String { return []validator.String{stringvalidator.LengthAtLeast(1)} }

// lineItemFields are a line item's fields, for the data sources and the
// resource.
var lineItemFields = []recordField[model.LineItem, lineItemModel]{
	textField("title", "title", "The line item's title.", true,
		func(r *model.LineItem) *string { return &r.Title }, func(m *lineItemModel) *types.String { return &m.Title }),
	textField("description", "description", "A description of the assignment.", false,
		func(r *model.LineItem) *string { return &r.Description }, func(m *lineItemModel) *types.String { return &m.Description }),
	dateField("assign_date", "assignDate", "When the assignment is given: an ISO 8601 date (`2024-09-02`) or date-time (`2024-09-02T08:00:00Z`).", true,
		func(r *model.LineItem) *string { return &r.AssignDate }, func(m *lineItemModel) *types.String { return &m.AssignDate }),
	dateField("due_date", "dueDate", "When the assignment is due: an ISO 8601 date or date-time.", true,
		func(r *model.LineItem) *string { return &r.DueDate }, func(m *lineItemModel) *types.String { return &m.DueDate }),
	referenceField("class_sourced_id", "class", oneroster.Classes.Info, "The class the line item belongs to.", true,
		func(r *model.LineItem) **model.Ref { return &r.Class }, func(m *lineItemModel) *types.String { return &m.ClassSourcedID }),
	referenceField("category_sourced_id", "category", oneroster.Categories.Info, "The line item's category.", true,
		func(r *model.LineItem) **model.Ref { return &r.Category }, func(m *lineItemModel) *types.String { return &m.CategorySourcedID }),
	referenceField(
		"grading_period_sourced_id",
		"gradingPeriod",
		oneroster.GradingPeriods.Info,
		"The grading period (an academic session) the line item counts for.",
		false,
		func(r *model.LineItem) **model.Ref { return &r.GradingPeriod },
		func(m *lineItemModel) *types.String { return &m.GradingPeriodSourcedID },
	),
	decimalField("result_value_min", "resultValueMin", "The lowest score a result may have; less than `result_value_max`.",
		func(r *model.LineItem) **model.Number { return &r.ResultValueMin }, func(m *lineItemModel) *types.Float64 { return &m.ResultValueMin }),
	decimalField("result_value_max", "resultValueMax", "The highest score a result may have; greater than `result_value_min`.",
		func(r *model.LineItem) **model.Number { return &r.ResultValueMax }, func(m *lineItemModel) *types.Float64 { return &m.ResultValueMax }),
	// 1.2 requires it on writes; when not configured, the plan reads it
	// from the class (schoolOfLineItem), so that a 1.1 configuration
	// writes to 1.2 unchanged.
	referenceField(
		"school_sourced_id",
		"school",
		oneroster.Schools.Info,
		"The school (org) the line item's class belongs to. OneRoster 1.2 requires one on every line item; oneroster_line_item reads the class's when it is not set.",
		false,
		func(r *model.LineItem) **model.Ref { return &r.School },
		func(m *lineItemModel) *types.String { return &m.SchoolSourcedID },
	).
		onlyIn(oneroster.Version1p2).
		derivedBy("class_sourced_id"),
	referenceField(
		"academic_session_sourced_id",
		"academicSession",
		oneroster.AcademicSessions.Info,
		"The academic session (term, year) the line item belongs to.",
		false,
		func(r *model.LineItem) **model.Ref { return &r.AcademicSession },
		func(m *lineItemModel) *types.String { return &m.AcademicSessionSourcedID },
	).
		onlyIn(oneroster.Version1p2),
	referenceField(
		"score_scale_sourced_id",
		"scoreScale",
		oneroster.ScoreScales.Info,
		"The score scale that gives the line item's scores their meaning.",
		false,
		func(r *model.LineItem) **model.Ref { return &r.ScoreScale },
		func(m *lineItemModel) *types.String { return &m.ScoreScaleSourcedID },
	).
		onlyIn(oneroster.Version1p2),
	learningObjectivesField(
		"learning_objectives",
		"learningObjectiveSet",
		"The learning objectives the line item assesses, grouped by who defines their identifiers.",
		func(r *model.LineItem) *[]model.LearningObjectiveSet { return &r.LearningObjectiveSet },
		func(m *lineItemModel) *types.List { return &m.LearningObjectives },
	).
		onlyIn(oneroster.Version1p2),
}

// schoolOfLineItem plans a 1.2 line item's school, when not configured,
// as its class's: 1.2 refuses a line item without one, and 1.1 line items
// have none to configure. A class not known until apply leaves it to
// apply's own plan.
func schoolOfLineItem(ctx context.Context, client *oneroster.Client, config, plan *lineItemModel, diags *diag.Diagnostics) bool {
	if client.Version() != oneroster.Version1p2 || !config.SchoolSourcedID.IsNull() || !plan.SchoolSourcedID.IsUnknown() ||
		plan.ClassSourcedID.IsUnknown() || plan.ClassSourcedID.IsNull() {
		return false
	}
	classID := plan.ClassSourcedID.ValueString()
	class, err := oneroster.Classes.Get(ctx, client, classID)
	if err != nil || class.School == nil || class.School.SourcedID == "" {
		why := fmt.Sprintf("the class %q names no school", classID)
		if err != nil {
			why = fmt.Sprintf("reading the class %q failed: %s", classID, err)
		}
		diags.AddAttributeError(
			path.Root("school_sourced_id"),
			"Missing school_sourced_id",
			fmt.Sprintf(
				"OneRoster 1.2 requires school_sourced_id (school) on every line item it writes, and this provider speaks OneRoster 1.2 (base_url %q). "+
					"When it is not set, the plan reads it from the class, but %s. Set school_sourced_id to the sourcedId of the class's school.",
				oneroster.DisplayURL(client.BaseURL()),
				why,
			),
		)
		return false
	}
	plan.SchoolSourcedID = types.StringValue(class.School.SourcedID)
	return true
}

var lineItemKind = &gradebookKind[model.LineItem, lineItemModel]{
	typeName: "line_item", title: "line item", collection: oneroster.LineItems,
	description: "A line item: one assignment (a gradebook column) of a class, written with " + writeRequest(oneroster.LineItems.Info) + ". " +
		"Scores for it are `oneroster_result` or, for many students at once, `oneroster_result_set`.",
	fields:       lineItemFields,
	completePlan: schoolOfLineItem,
	// A district's grade push plans a line item per class, twice in an
	// apply, and refreshes it in every plan: through the framework, its
	// walks cost more than the request.
	plansDirectly: true,
	readsDirectly: true,
	base:          func(r *model.LineItem) *model.Base { return &r.Base },
	common:        func(m *lineItemModel) *gradebookCommon { return &m.gradebookCommon },
	label: func(r *model.LineItem) string {
		return fmt.Sprintf("titled %q, in class %q, due %s", r.Title, model.RefID(r.Class), r.DueDate)
	},
	validate: func(config map[string]tftypes.Value, diags *diag.Diagnostics) {
		checkScoreRange(config, "line item", diags)
	},
	validatesDirectly: true,
}

var lineItemsTopic = &topic[model.LineItem]{
	attr: "line_items", singular: "line_item", title: "line item", titles: "line items",
	collection: oneroster.LineItems,
	base:       func(r *model.LineItem) *model.Base { return &r.Base },
	fields:     dataSourceFields(func(r *model.LineItem) *model.Base { return &r.Base }, lineItemFields),
}

// checkScoreRange checks that result_value_min is below result_value_max
// in a configuration, when both are known numbers that fit a float64 (the
// attribute's own validation refuses one that does not); title names
// what they bound the results of.
func checkScoreRange(config map[string]tftypes.Value, title string, diags *diag.Diagnostics) {
	lo, loKnown := knownFloat64(config["result_value_min"])
	hi, hiKnown := knownFloat64(config["result_value_max"])
	if !loKnown || !hiKnown {
		return
	}
	if lo >= hi {
		diags.AddAttributeError(path.Root("result_value_max"), "Invalid score range",
			fmt.Sprintf("result_value_max (%g) must be greater than result_value_min (%g): they bound the scores of the %s's results. "+
				"Swap them or widen the range.", hi, lo, title))
	}
}

// knownFloat64 is the float64 of a Float64 attribute's value, converted as
// the framework converts it (types.Float64); false when the value is
// unknown, null, absent or out of a float64's range.
func knownFloat64(v tftypes.Value) (float64, bool) {
	if v.Type() == nil || !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	converted, err := types.Float64Type.ValueFromTerraform(context.Background(), v)
	if err != nil {
		return 0, false
	}
	f, ok := converted.(types.Float64)
	return f.ValueFloat64(), ok
}
