package provider

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

func tableNames[T, M any](fields []recordField[T, M]) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.dataSource.attr)
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

// Every row of the tables can be reached by the version rules: a row
// written as a literal must give its value too.
func TestGradebookFieldTablesReachTheirValues(t *testing.T) {
	check := func(table string, n int, reach func(i int) bool) {
		for i := range n {
			if !reach(i) {
				t.Errorf("%s: row %d has no value or clear", table, i)
			}
		}
	}
	check("category", len(categoryFields), func(i int) bool { return categoryFields[i].value != nil && categoryFields[i].clear != nil })
	check("line item", len(lineItemFields), func(i int) bool { return lineItemFields[i].value != nil && lineItemFields[i].clear != nil })
	check("result", len(resultFields), func(i int) bool { return resultFields[i].value != nil && resultFields[i].clear != nil })
}

// A record written from a model and read back into an empty one gives the
// model again: each field's two directions agree.
func TestGradebookFieldTablesRoundTrip(t *testing.T) {
	m := lineItemModel{}
	m.Title, m.Description = typesString("Quiz 1"), typesString("Chapter 3")
	m.AssignDate, m.DueDate = typesString("2024-09-02"), typesString("2024-09-09T08:00:00Z")
	m.ClassSourcedID, m.CategorySourcedID, m.GradingPeriodSourcedID = typesString("c1"), typesString("cat1"), typesString("gp1")
	m.ResultValueMin, m.ResultValueMax = typesFloat(0), typesFloat(10)
	m.SchoolSourcedID, m.AcademicSessionSourcedID, m.ScoreScaleSourcedID = typesString("s1"), typesString("term1"), typesString("scale1")
	m.LearningObjectives = types.ListValueMust(learningObjectiveType, []attr.Value{
		types.ObjectValueMust(learningObjectiveType.AttrTypes, map[string]attr.Value{
			"source": typesString("case"), "ids": types.ListValueMust(types.StringType, []attr.Value{typesString("lo-1"), typesString("lo-2")}),
		}),
	})
	rec := recordOf(lineItemFields, &m)
	if rec.Class == nil || rec.Class.Type != "class" || rec.GradingPeriod.Type != "academicSession" || float64(*rec.ResultValueMax) != 10 ||
		rec.School.Type != "org" || rec.ScoreScale.Type != "scoreScale" ||
		!reflect.DeepEqual(rec.LearningObjectiveSet, []model.LearningObjectiveSet{{Source: "case", LearningObjectiveIDs: []string{"lo-1", "lo-2"}}}) {
		t.Fatalf("record %+v", rec)
	}
	var back lineItemModel
	copyFromRecord(lineItemFields, &back, rec)
	if !reflect.DeepEqual(back, m) {
		t.Errorf("read back %+v, wrote %+v", back, m)
	}

	res := resultModel{LineItemSourcedID: typesString("li"), StudentSourcedID: typesString("st")}
	res.ScoreStatus, res.Score = typesString("fully graded"), typesFloat(9)
	res.ClassSourcedID, res.ScoreScaleSourcedID, res.TextScore = typesString("c1"), typesString("scale1"), typesString("B+")
	res.InProgress, res.Incomplete, res.Late, res.Missing = types.BoolValue(false), types.BoolValue(true), types.BoolValue(true), types.BoolValue(false)
	// Entries of one source in a row form one group; a source met again
	// later starts another, so that the order reads back as written.
	score := func(source, id string, score attr.Value, text attr.Value) attr.Value {
		return types.ObjectValueMust(
			learningObjectiveScoreType.AttrTypes,
			map[string]attr.Value{"source": typesString(source), "id": typesString(id), "score": score, "text_score": text},
		)
	}
	res.LearningObjectiveScores = types.ListValueMust(learningObjectiveScoreType, []attr.Value{
		score("case", "lo-1", typesFloat(0.7), types.StringNull()),
		score("case", "lo-2", types.Float64Null(), typesString("Proficient")),
		score("/district", "SCI.1", typesFloat(3), types.StringNull()),
		score("case", "lo-3", typesFloat(1), typesString("Mastered")),
	})
	// The flags go on the wire as the strings 1.2 uses.
	raw, err := json.Marshal(recordOf(resultFields, &res))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"inProgress":"false"`, `"incomplete":"true"`, `"late":"true"`, `"missing":"false"`, `"textScore":"B+"`,
		`"class":{"sourcedId":"c1"`,
		`"learningObjectiveSet":[{"source":"case","learningObjectiveResults":[{"learningObjectiveId":"lo-1","score":0.7},` +
			`{"learningObjectiveId":"lo-2","textScore":"Proficient"}]},` +
			`{"source":"/district","learningObjectiveResults":[{"learningObjectiveId":"SCI.1","score":3}]},` +
			`{"source":"case","learningObjectiveResults":[{"learningObjectiveId":"lo-3","score":1,"textScore":"Mastered"}]}]`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the result's JSON %s lacks %s", raw, want)
		}
	}
	var decoded model.Result
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	resBack := res // the prior values: a score keeps its configured form
	copyFromRecord(resultFields, &resBack, &decoded)
	if !reflect.DeepEqual(resBack, res) {
		t.Errorf("read back %+v, wrote %+v", resBack, res)
	}
}

// A record without the 1.2 fields (as every 1.1 record is) reads as nulls,
// not as empty values or false.
func TestGradebookFieldTablesV1p2FieldsNullWhenAbsent(t *testing.T) {
	var li lineItemModel
	copyFromRecord(lineItemFields, &li, &model.LineItem{Title: "Quiz"})
	var res resultModel
	copyFromRecord(resultFields, &res, &model.Result{ScoreStatus: "submitted"})
	var cat categoryModel
	copyFromRecord(categoryFields, &cat, &model.Category{Title: "Labs"})
	for name, v := range map[string]attr.Value{
		"school_sourced_id": li.SchoolSourcedID, "academic_session_sourced_id": li.AcademicSessionSourcedID,
		"score_scale_sourced_id": li.ScoreScaleSourcedID, "learning_objectives": li.LearningObjectives,
		"class_sourced_id": res.ClassSourcedID, "text_score": res.TextScore, "late": res.Late, "missing": res.Missing,
		"in_progress": res.InProgress, "incomplete": res.Incomplete, "weight": cat.Weight, "learning_objective_scores": res.LearningObjectiveScores,
	} {
		if !v.IsNull() {
			t.Errorf("%s reads as %s, want null", name, v)
		}
	}
	// The data sources too.
	for _, f := range dataSourceFields(func(r *model.LineItem) *model.Base { return &r.Base }, lineItemFields) {
		if f.attr == "school_sourced_id" || f.attr == "learning_objectives" {
			if v := f.value(&model.LineItem{}); !v.IsNull() {
				t.Errorf("data source %s reads as %s, want null", f.attr, v)
			}
		}
	}
}

func typesString(s string) types.String { return types.StringValue(s) }

func typesFloat(f float64) types.Float64 { return types.Float64Value(f) }

// The version rules, one by one: set against the wrong version is an
// error, unknown is no error, unset is null in the plan, and required
// means required.
func TestGradebookVersionRules(t *testing.T) {
	const server = `base_url "https://sis.example.org/ims/oneroster/v1p1"`
	run := func(v oneroster.Version, config, plan *resultModel) (bool, diag.Diagnostics) {
		var diags diag.Diagnostics
		changed := versionRules(resultFields, config, plan, v, server, "result", true, &diags)
		return changed, diags
	}

	config := resultModel{scoreFields: scoreFields{TextScore: typesString("B+")}}
	config.ScoreDate = typesString("2024-09-10")
	if _, diags := run(oneroster.Version1p1, &config, &config); !diags.HasError() ||
		!strings.Contains(diags[0].Detail(), `text_score is a OneRoster 1.2 attribute; this provider speaks OneRoster 1.1 (`+server+`)`) {
		t.Errorf("text_score on 1.1: %v", diags)
	} else {
		t.Log(diags[0].Summary() + ": " + diags[0].Detail())
	}
	if _, diags := run(oneroster.Version1p2, &config, &config); diags.HasError() {
		t.Errorf("text_score on 1.2: %v", diags)
	}

	config = resultModel{scoreFields: scoreFields{TextScore: types.StringUnknown(), Late: types.BoolUnknown()}}
	if _, diags := run(oneroster.Version1p1, &config, &config); diags.HasError() {
		t.Errorf("unknown values on 1.1: %v", diags)
	}

	// 1.2 requires a score date.
	config = resultModel{}
	if _, diags := run(oneroster.Version1p2, &config, &config); !diags.HasError() || !strings.Contains(diags[0].Detail(), "OneRoster 1.2 requires score_date") {
		t.Errorf("no score_date on 1.2: %v", diags)
	}

	// A server-filled flag, not configured, that the prior state (of a
	// 1.2 server) holds: null in a 1.1 plan.
	config, plan := resultModel{}, resultModel{scoreFields: scoreFields{Late: types.BoolValue(false)}}
	changed, diags := run(oneroster.Version1p1, &config, &plan)
	if diags.HasError() || !changed || !plan.Late.IsNull() {
		t.Errorf("unset late on 1.1: changed %v, plan %v, %v", changed, plan.Late, diags)
	}
	plan = resultModel{scoreFields: scoreFields{Late: types.BoolValue(false)}}
	config.ScoreDate = typesString("2024-09-10")
	if changed, _ := run(oneroster.Version1p2, &config, &plan); changed || plan.Late.IsNull() {
		t.Errorf("unset late on 1.2 changed the plan to %v", plan.Late)
	}

	// A 1.2 line item without a school passes the rules: the plan reads
	// the school from its class (schoolOfLineItem,
	// TestAccGradebookV1p2_requiredOn1p2).
	var li lineItemModel
	var lidiags diag.Diagnostics
	versionRules(lineItemFields, &li, &li, oneroster.Version1p2, server, "line item", true, &lidiags)
	if lidiags.HasError() {
		t.Errorf("line item without school on 1.2: %v", lidiags)
	}
	lidiags = nil
	versionRules(lineItemFields, &li, &li, oneroster.Version1p1, server, "line item", true, &lidiags)
	if lidiags.HasError() {
		t.Errorf("line item without school on 1.1: %v", lidiags)
	}
}

// The list data sources' direct msgpack encoding of the 1.2 gradebook
// fields (lists of objects with list attributes, string booleans, optional
// references) is the framework's value, field by field, with the fields
// set and without.
func TestGradebookV1p2FieldsMsgPackMatchesValue(t *testing.T) {
	set := model.LineItem{
		Title: "Lab", School: &model.Ref{SourcedID: "s1"}, AcademicSession: &model.Ref{SourcedID: "t1"},
		LearningObjectiveSet: []model.LearningObjectiveSet{
			{Source: "case", LearningObjectiveIDs: []string{"a", "b"}},
			{Source: "/district", LearningObjectiveIDs: []string{}},
		},
	}
	for _, li := range []model.LineItem{set, {Title: "Quiz"}} {
		checkMsgPack(t, lineItemsTopic.fields, &li)
	}
	proficient := "Proficient"
	res := model.Result{
		ScoreStatus: "submitted",
		TextScore:   new(string),
		Late:        model.StringBoolPtr(true),
		Missing:     model.StringBoolPtr(false),
		Class:       &model.Ref{SourcedID: "c1"},
		LearningObjectiveSet: []model.LearningObjectiveScoreSet{{Source: "case", LearningObjectiveResults: []model.LearningObjectiveResult{
			{LearningObjectiveID: "lo-1", Score: model.NumberPtr(0.5)}, {LearningObjectiveID: "lo-2", TextScore: &proficient},
		}}},
	}
	for _, r := range []model.Result{res, {ScoreStatus: "submitted"}} {
		checkMsgPack(t, resultsTopic.fields, &r)
	}
	for _, c := range []model.Category{{Title: "Labs", Weight: model.NumberPtr(0.4)}, {Title: "Labs"}} {
		checkMsgPack(t, categoriesTopic.fields, &c)
	}
}

func checkMsgPack[T any](t *testing.T, fields []field[T], r *T) {
	t.Helper()
	for _, f := range fields {
		raw := f.appendMsgPack(nil, r)
		got, err := (&tfprotov6.DynamicValue{MsgPack: raw}).Unmarshal(f.tfType())
		if err != nil {
			t.Errorf("%s: %v", f.attr, err)
			continue
		}
		if want := f.value(r); !got.Equal(want) {
			t.Errorf("%s: msgpack reads %s, value is %s", f.attr, got, want)
		}
	}
}
