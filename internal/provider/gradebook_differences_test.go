package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What the server stored is compared attribute by attribute, naming the
// rule it probably applied; the common attributes are not compared.
func TestConfiguredDifferences(t *testing.T) {
	sent := lineItemModel{Title: types.StringValue("Quiz 1 "), Description: types.StringValue("A long description"),
		ResultValueMax: types.Float64Value(150), ResultValueMin: types.Float64Value(-5), ClassSourcedID: types.StringValue("class-1"),
		CategorySourcedID: types.StringValue("cat"), AssignDate: types.StringUnknown(), DueDate: types.StringNull()}
	sent.SourcedID = types.StringValue("li1")
	stored := sent
	stored.SourcedID = types.StringValue("LI1")
	stored.Status = types.StringValue("active")
	stored.Title = types.StringValue("Quiz 1")
	stored.Description = types.StringValue("A long")
	stored.ResultValueMax = types.Float64Value(100)
	stored.ResultValueMin = types.Float64Value(0)
	stored.ClassSourcedID = types.StringValue("CLASS-1")
	stored.AssignDate = types.StringValue("2024-09-02")
	stored.DueDate = types.StringValue("2024-09-09")
	got := describeDifferences(configuredDifferences(&sent, &stored))
	for _, want := range []string{
		`title: sent "Quiz 1 ", the server stored "Quiz 1" (the server trims spaces)`,
		`description: sent "A long description", the server stored "A long" (the server probably cuts it to 6 characters)`,
		`result_value_max: sent 150, the server stored 100 (the server probably caps it at a maximum`,
		`result_value_min: sent -5, the server stored 0 (the server probably raises it to a minimum`,
		`class_sourced_id: sent "class-1", the server stored "CLASS-1" (the server changes its case)`,
		`due_date: sent <null>, the server stored "2024-09-09" (the server fills in a value of its own when none is sent)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("differences lack %q:\n%s", want, got)
		}
	}
	for _, absent := range []string{"sourced_id", "status", "assign_date", "category_sourced_id"} {
		if strings.Contains(got, "  "+absent+":") {
			t.Errorf("%s is compared:\n%s", absent, got)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"lineitem-00001": "lineitem-00001", "a b": "'a b'", "it's": `'it'\''s'`, "": "''"} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
