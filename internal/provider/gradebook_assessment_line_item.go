package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_assessment_line_item: an assessment (a test, a benchmark, one
// part of either) of OneRoster 1.2.
//
// The whole resource is in this file: its constructor, model, field table,
// kind (the hooks the gradebook engine calls) and topic, from which the
// data sources oneroster_assessment_line_items and
// oneroster_assessment_line_item and the list resource (gradebook_list.go)
// are built. The engine (gradebook_resource.go) runs them in this order:
//   - validate: the field table's validators, then validate
//     (checkScoreRange);
//   - plan: notInVersion → the token's write scopes → the fields' version
//     rules;
//   - create: sourced_id, else a random UUID → existence check (GET) → PUT
//     → read-back (the answer, or a GET) → differences from what was sent;
//   - read (refresh, and the read after an import): notInVersion → GET →
//     the model filled from the record (a 404 or tobedeleted drops it from
//     state, or fails the import);
//   - update: PUT → read-back → differences; delete: DELETE (a 404 is
//     done); import: by sourced_id or identity, then read.
// label names a stored assessment line item in messages.

// newAssessmentLineItemResource is oneroster_assessment_line_item as the
// provider registers it (Resources): the gradebook engine running
// assessmentLineItemKind.
func newAssessmentLineItemResource() resource.Resource {
	return &gradebookResource[model.AssessmentLineItem, assessmentLineItemModel]{kind: assessmentLineItemKind}
}

var _ gradebookResourceInterfaces = (*gradebookResource[model.AssessmentLineItem, assessmentLineItemModel])(nil)

type assessmentLineItemModel struct {
	gradebookCommon
	Title               types.String  `tfsdk:"title"`
	Description         types.String  `tfsdk:"description"`
	ClassSourcedID      types.String  `tfsdk:"class_sourced_id"`
	ParentSourcedID     types.String  `tfsdk:"parent_sourced_id"`
	ScoreScaleSourcedID types.String  `tfsdk:"score_scale_sourced_id"`
	ResultValueMin      types.Float64 `tfsdk:"result_value_min"`
	ResultValueMax      types.Float64 `tfsdk:"result_value_max"`
	LearningObjectives  types.List    `tfsdk:"learning_objectives"`
}

// assessmentLineItemFields are an assessment line item's fields, for the
// data sources and the resource.
var assessmentLineItemFields = []recordField[model.AssessmentLineItem, assessmentLineItemModel]{
	textField("title", "title", "The assessment's title.", true,
		func(r *model.AssessmentLineItem) *string { return &r.Title }, func(m *assessmentLineItemModel) *types.String { return &m.Title }),
	textField("description", "description", "A description of the assessment.", false,
		func(r *model.AssessmentLineItem) *string { return &r.Description }, func(m *assessmentLineItemModel) *types.String { return &m.Description }),
	referenceField(
		"class_sourced_id",
		"class",
		oneroster.Classes.Info,
		"The class the assessment is given in, if any: district-wide assessments have none.",
		false,
		func(r *model.AssessmentLineItem) **model.Ref { return &r.Class },
		func(m *assessmentLineItemModel) *types.String { return &m.ClassSourcedID },
	),
	referenceField(
		"parent_sourced_id",
		"parentAssessmentLineItem",
		oneroster.AssessmentLineItems.Info,
		"The assessment line item this one is a part of (`parentAssessmentLineItem`): a section of a test, a subtest of a benchmark.",
		false,
		func(r *model.AssessmentLineItem) **model.Ref { return &r.ParentAssessmentLineItem },
		func(m *assessmentLineItemModel) *types.String { return &m.ParentSourcedID },
	),
	referenceField(
		"score_scale_sourced_id",
		"scoreScale",
		oneroster.ScoreScales.Info,
		"The score scale the assessment's results are read on.",
		false,
		func(r *model.AssessmentLineItem) **model.Ref { return &r.ScoreScale },
		func(m *assessmentLineItemModel) *types.String { return &m.ScoreScaleSourcedID },
	),
	decimalField(
		"result_value_min",
		"resultValueMin",
		"The lowest score a result may have; less than `result_value_max`.",
		func(r *model.AssessmentLineItem) **model.Number { return &r.ResultValueMin },
		func(m *assessmentLineItemModel) *types.Float64 { return &m.ResultValueMin },
	),
	decimalField(
		"result_value_max",
		"resultValueMax",
		"The highest score a result may have; greater than `result_value_min`.",
		func(r *model.AssessmentLineItem) **model.Number { return &r.ResultValueMax },
		func(m *assessmentLineItemModel) *types.Float64 { return &m.ResultValueMax },
	),
	learningObjectivesField(
		"learning_objectives",
		"learningObjectiveSet",
		"The learning objectives the assessment is aligned with, grouped by who defines their identifiers.",
		func(r *model.AssessmentLineItem) *[]model.LearningObjectiveSet { return &r.LearningObjectiveSet },
		func(m *assessmentLineItemModel) *types.List { return &m.LearningObjectives },
	),
}

var assessmentLineItemKind = &gradebookKind[model.AssessmentLineItem, assessmentLineItemModel]{
	typeName: "assessment_line_item", title: "assessment line item", collection: oneroster.AssessmentLineItems,
	description: "An assessment line item of OneRoster 1.2: a test or benchmark, or a part of one (`parent_sourced_id`), written with " +
		writeRequest(oneroster.AssessmentLineItems.Info) + ". Scores on it are `oneroster_assessment_result`. " + v1p2OnlyNote,
	fields: assessmentLineItemFields,
	base:   func(r *model.AssessmentLineItem) *model.Base { return &r.Base },
	common: func(m *assessmentLineItemModel) *gradebookCommon { return &m.gradebookCommon },
	label: func(r *model.AssessmentLineItem) string {
		return fmt.Sprintf("titled %q, in class %q", r.Title, model.RefID(r.Class))
	},
	validate: func(config map[string]tftypes.Value, diags *diag.Diagnostics) {
		checkScoreRange(config, "assessment line item", diags)
	},
}

var assessmentLineItemsTopic = &topic[model.AssessmentLineItem]{
	attr: "assessment_line_items", singular: "assessment_line_item", title: "assessment line item", titles: "assessment line items",
	collection: oneroster.AssessmentLineItems,
	base:       func(r *model.AssessmentLineItem) *model.Base { return &r.Base },
	fields:     dataSourceFields(func(r *model.AssessmentLineItem) *model.Base { return &r.Base }, assessmentLineItemFields),
}
