package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runResultSourcedID calls provider::oneroster::result_sourced_id as the
// framework does.
func runResultSourcedID(t *testing.T, lineItem, student string) (string, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	resp := function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	resultSourcedIDFunction{}.Run(ctx, function.RunRequest{
		Arguments: function.NewArgumentsData([]attr.Value{types.StringValue(lineItem), types.StringValue(student)}),
	}, &resp)
	if resp.Error != nil {
		return "", resp.Error
	}
	got, ok := resp.Result.Value().(types.String)
	if !ok {
		t.Fatalf("result_sourced_id returned %T, not a string", resp.Result.Value())
	}
	return got.ValueString(), nil
}

// The function returns the documented id (computed here from the rule as
// written, for a plain pair and a pair with a slash), which is also the
// one the resources derive (resultSourcedID).
func TestResultSourcedIDFunction(t *testing.T) {
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	for _, c := range []struct{ lineItem, student, text string }{
		{"quiz-1", "student-0001", "quiz-1/student-0001"},
		{"a/b", "c", "3:a/b/c"},
		{"é/1", "s", "4:é/1/s"}, // the length is in bytes: é is two
	} {
		got, err := runResultSourcedID(t, c.lineItem, c.student)
		if err != nil {
			t.Fatalf("result_sourced_id(%q, %q): %s", c.lineItem, c.student, err.Text)
		}
		if want := uuid.NewSHA1(ns, []byte(c.text)).String(); got != want {
			t.Errorf("result_sourced_id(%q, %q) = %s, want UUIDv5 of %q = %s", c.lineItem, c.student, got, c.text, want)
		}
		if derived := resultSourcedID(c.lineItem, c.student); got != derived {
			t.Errorf("result_sourced_id(%q, %q) = %s, the resources derive %s", c.lineItem, c.student, got, derived)
		}
	}
}

// An empty id is refused, naming the argument.
func TestResultSourcedIDFunctionRefusesEmptyIDs(t *testing.T) {
	for i, args := range [][2]string{{"", "student-0001"}, {"quiz-1", ""}} {
		_, err := runResultSourcedID(t, args[0], args[1])
		if err == nil {
			t.Fatalf("result_sourced_id(%q, %q) succeeded", args[0], args[1])
		}
		name := []string{"line_item_sourced_id", "student_sourced_id"}[i]
		if err.FunctionArgument == nil || *err.FunctionArgument != int64(i) || !strings.Contains(err.Text, name+" is empty") {
			t.Errorf("result_sourced_id(%q, %q): error %q on argument %v, want one naming %s", args[0], args[1], err.Text, err.FunctionArgument, name)
		}
	}
}
