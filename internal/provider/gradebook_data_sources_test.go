package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// activeRecords lists the active records of a sandbox collection that keep
// selects.
func activeRecords[T any](server *sandbox.Server, collection string, keep func(T) bool) []T {
	var out []T
	for _, id := range server.SourcedIDs(collection) {
		if rec, ok := sandboxRecord[T](server, collection, id); ok && keep(rec) {
			out = append(out, rec)
		}
	}
	return out
}

func TestAccGradebookDataSources(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()

	// A result stored with the 1.1 binding's misspelling reads back fixed.
	newOutOfBand(t, sb).put("results", "result", "res-misspelt", model.Result{
		LineItem: &model.Ref{SourcedID: s.LineItem}, Student: &model.Ref{SourcedID: s.Student},
		ScoreStatus: model.ScoreStatusNotSubmittedMisspelt,
	})

	classItems := map[string]bool{}
	for _, li := range activeRecords(sb.Server, "lineItems", func(li model.LineItem) bool { return model.RefID(li.Class) == s.Class }) {
		classItems[li.SourcedID] = true
	}
	classResults := activeRecords(sb.Server, "results", func(r model.Result) bool { return classItems[model.RefID(r.LineItem)] })
	itemResults := activeRecords(sb.Server, "results", func(r model.Result) bool { return model.RefID(r.LineItem) == s.LineItem })
	studentResults := activeRecords(sb.Server, "results", func(r model.Result) bool {
		return classItems[model.RefID(r.LineItem)] && model.RefID(r.Student) == s.Student
	})
	sampleLineItem, _ := sandboxRecord[model.LineItem](sb.Server, "lineItems", s.LineItem)
	sampleResult, _ := sandboxRecord[model.Result](sb.Server, "results", s.Result)
	if len(classItems) < 2 || len(itemResults) < 2 || len(studentResults) < 2 {
		t.Fatalf("the sample class is too small for this test: %d line items, %d results of the line item, %d of the student",
			len(classItems), len(itemResults), len(studentResults))
	}

	size := func(addr, attr string, n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.ListSizeExact(n))
	}
	attr := func(addr, name string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), check)
	}
	var resultScore knownvalue.Check = knownvalue.Null()
	if sampleResult.Score != nil {
		resultScore = knownvalue.Float64Exact(float64(*sampleResult.Score))
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: sandboxProvider(sb) + fmt.Sprintf(`
data "oneroster_categories" "all" {}

data "oneroster_category" "one" {
  sourced_id = %[1]q
}

data "oneroster_line_items" "all" {}

data "oneroster_line_items" "class" {
  class_sourced_id = %[2]q
}

data "oneroster_line_item" "one" {
  sourced_id = %[3]q
}

data "oneroster_results" "class" {
  class_sourced_id = %[2]q
}

data "oneroster_results" "line_item" {
  class_sourced_id     = %[2]q
  line_item_sourced_id = %[3]q
}

data "oneroster_results" "student" {
  class_sourced_id   = %[2]q
  student_sourced_id = %[4]q
}

data "oneroster_result" "one" {
  sourced_id = %[5]q
}

data "oneroster_result" "misspelt" {
  sourced_id = "res-misspelt"
}
`, s.Category, s.Class, s.LineItem, s.Student, s.Result),
			ConfigStateChecks: []statecheck.StateCheck{
				size("data.oneroster_categories.all", "categories", sb.Server.Count("categories")),
				attr("data.oneroster_category.one", "title", knownvalue.StringExact("Homework")),
				size("data.oneroster_line_items.all", "line_items", sb.Server.Count("lineItems")),
				size("data.oneroster_line_items.class", "line_items", len(classItems)),
				attr("data.oneroster_line_item.one", "title", knownvalue.StringExact(sampleLineItem.Title)),
				attr("data.oneroster_line_item.one", "class_sourced_id", knownvalue.StringExact(s.Class)),
				attr("data.oneroster_line_item.one", "category_sourced_id", knownvalue.StringExact(s.Category)),
				attr("data.oneroster_line_item.one", "grading_period_sourced_id", knownvalue.StringExact(s.GradingPeriod)),
				attr("data.oneroster_line_item.one", "assign_date", knownvalue.StringExact(sampleLineItem.AssignDate)),
				attr("data.oneroster_line_item.one", "result_value_min", knownvalue.Float64Exact(0)),
				attr("data.oneroster_line_item.one", "result_value_max", knownvalue.Float64Exact(100)),
				size("data.oneroster_results.class", "results", len(classResults)),
				size("data.oneroster_results.line_item", "results", len(itemResults)),
				size("data.oneroster_results.student", "results", len(studentResults)),
				statecheck.ExpectKnownValue("data.oneroster_results.student", tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("student_sourced_id"),
					knownvalue.StringExact(s.Student)),
				attr("data.oneroster_result.one", "line_item_sourced_id", knownvalue.StringExact(s.LineItem)),
				attr("data.oneroster_result.one", "student_sourced_id", knownvalue.StringExact(s.Student)),
				attr("data.oneroster_result.one", "score_status", knownvalue.StringExact(sampleResult.ScoreStatus)),
				attr("data.oneroster_result.one", "score", resultScore),
				attr("data.oneroster_result.misspelt", "score_status", knownvalue.StringExact(model.ScoreStatusNotSubmitted)),
			},
		}},
	})
}
