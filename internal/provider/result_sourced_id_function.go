package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// provider::oneroster::result_sourced_id(line_item_sourced_id,
// student_sourced_id): the sourcedId the provider derives for a student's
// result on a line item, so that an import block can name a result
// without a lookup. It calls resultSourcedID, the function
// oneroster_result and oneroster_result_set derive their ids with, so the
// three cannot disagree.

var (
	_ provider.ProviderWithFunctions = (*oneRosterProvider)(nil)
	_ function.Function              = resultSourcedIDFunction{}
)

func (p *oneRosterProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{func() function.Function { return resultSourcedIDFunction{} }}
}

type resultSourcedIDFunction struct{}

func (resultSourcedIDFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "result_sourced_id"
}

func (resultSourcedIDFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The sourcedId the provider derives for a student's result on a line item",
		MarkdownDescription: "Returns the sourcedId that `oneroster_result` (when its `sourced_id` is not set) and `oneroster_result_set` " +
			"give a student's result on a line item: `UUIDv5(" + resultSetNamespace.String() + ", \"<line_item_sourced_id>/<student_sourced_id>\")`. " +
			resultIDSlashRule + " Use it to import one result without looking its id up. A result the set adopted, or that a 1.2 server " +
			"created under an id of its own, keeps that id instead: read it from the set's `results`, or from the `oneroster_results` data source.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "line_item_sourced_id", MarkdownDescription: "The sourcedId of the line item the result scores."},
			function.StringParameter{Name: "student_sourced_id", MarkdownDescription: "The sourcedId of the student the result belongs to."},
		},
		Return: function.StringReturn{},
	}
}

func (resultSourcedIDFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var lineItem, student string
	resp.Error = req.Arguments.Get(ctx, &lineItem, &student)
	if resp.Error != nil {
		return
	}
	args := []struct{ name, value, what string }{
		{"line_item_sourced_id", lineItem, "line item"},
		{"student_sourced_id", student, "student"},
	}
	for i, arg := range args {
		if arg.value == "" {
			resp.Error = function.NewArgumentFuncError(int64(i), fmt.Sprintf("%s is empty: no result belongs to an empty sourcedId. "+
				"Pass the sourcedId of the %s", arg.name, arg.what)) // the CLI adds the period
			return
		}
	}
	resp.Error = resp.Result.Set(ctx, resultSourcedID(lineItem, student))
}
