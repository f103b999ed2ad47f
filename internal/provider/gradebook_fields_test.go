package provider

import (
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func tableNames[T, M any](fields []recordField[T, M]) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.read.attr)
	}
	slices.Sort(out)
	return out
}

// Each gradebook model holds exactly the attributes of its field table:
// the table is where a field is described, the struct only holds values.
func TestGradebookFieldTablesMatchTheirModels(t *testing.T) {
	for name, pair := range map[string][2][]string{
		"category":  {tableNames(categoryFields), modelTags(reflect.TypeOf(categoryModel{}), gradebookCommonType)},
		"line item": {tableNames(lineItemFields), modelTags(reflect.TypeOf(lineItemModel{}), gradebookCommonType)},
		"result":    {tableNames(resultFields), modelTags(reflect.TypeOf(resultModel{}), gradebookCommonType)},
		"score":     {tableNames(scoreFieldTable), modelTags(reflect.TypeOf(scoreFields{}))},
	} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s: the field table has %v, the model %v", name, pair[0], pair[1])
		}
	}
}

// A record written from a model and read back into an empty one gives the
// model again: each field's two directions agree.
func TestGradebookFieldTablesRoundTrip(t *testing.T) {
	m := lineItemModel{}
	m.Title, m.Description = typesString("Quiz 1"), typesString("Chapter 3")
	m.AssignDate, m.DueDate = typesString("2024-09-02"), typesString("2024-09-09T08:00:00Z")
	m.ClassSourcedID, m.CategorySourcedID, m.GradingPeriodSourcedID = typesString("c1"), typesString("cat1"), typesString("gp1")
	m.ResultValueMin, m.ResultValueMax = typesFloat(0), typesFloat(10)
	rec := recordOf(lineItemFields, &m)
	if rec.Class == nil || rec.Class.Type != "class" || rec.GradingPeriod.Type != "academicSession" || float64(*rec.ResultValueMax) != 10 {
		t.Fatalf("record %+v", rec)
	}
	var back lineItemModel
	fillFrom(lineItemFields, &back, rec)
	if !reflect.DeepEqual(back, m) {
		t.Errorf("read back %+v, wrote %+v", back, m)
	}
}

func typesString(s string) types.String { return types.StringValue(s) }

func typesFloat(f float64) types.Float64 { return types.Float64Value(f) }
