package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The gradebook objects only OneRoster 1.2 has: score scales, assessment
// line items and assessment results, against the sandbox's 1.2 gradebook.

const (
	scoreScaleAddr         = "oneroster_score_scale.test"
	assessmentLineItemAddr = "oneroster_assessment_line_item.test"
	assessmentResultAddr   = "oneroster_assessment_result.test"
)

// putOutOfBand writes rec as the record id of col, as another system would.
func putOutOfBand[T any](t *testing.T, c *oneroster.Client, col oneroster.Collection[T], id string, rec T) {
	t.Helper()
	if _, err := col.Put(context.Background(), c, id, &rec); err != nil {
		t.Fatalf("out-of-band PUT %s/%s: %v", col.Path(), id, err)
	}
}

func deleteOutOfBand[T any](t *testing.T, c *oneroster.Client, col oneroster.Collection[T], id string) {
	t.Helper()
	if err := col.Delete(context.Background(), c, id); err != nil {
		t.Fatalf("out-of-band DELETE %s/%s: %v", col.Path(), id, err)
	}
}

// checkStored compares the sandbox's active record id of collection with
// want, base fields aside.
func checkStored[T any](sb *sandbox.Running, collection, id string, want T, base func(*T) *model.Base) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := sandboxRecord[T](sb.Server, collection, id)
		if !ok {
			return fmt.Errorf("the sandbox has no active %s %q", collection, id)
		}
		*base(&got) = model.Base{}
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			return fmt.Errorf("the sandbox's %s %q is\n%s\nwant\n%s", collection, id, g, w)
		}
		return nil
	}
}

// skipUnlessAcceptance skips a test that prepares the sandbox before
// resource.Test (which would skip it only then) unless TF_ACC is set.
func skipUnlessAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
}

func ref(id, refType string) *model.Ref { return &model.Ref{SourcedID: id, Type: refType} }

// Score scales.

func scoreScaleConfig(provider, id, title, class, course string, values ...[2]string) string {
	courseLine := ""
	if course != "" {
		courseLine = fmt.Sprintf("course_sourced_id = %q", course)
	}
	list := ""
	for _, v := range values {
		list += fmt.Sprintf("    { lhs = %q, rhs = %q },\n", v[0], v[1])
	}
	return provider + fmt.Sprintf(`
resource "oneroster_score_scale" "test" {
  sourced_id       = %q
  title            = %q
  type             = "letter grade"
  class_sourced_id = %q
  %s
  values = [
%s  ]
}
`, id, title, class, courseLine, list)
}

func scoreScaleBase(r *model.ScoreScale) *model.Base { return &r.Base }

func scaleValues(pairs ...[2]string) []model.ScoreScaleValue {
	out := make([]model.ScoreScaleValue, len(pairs))
	for i, p := range pairs {
		out[i] = model.ScoreScaleValue{ItemValueLHS: p[0], ItemValueRHS: p[1]}
	}
	return out
}

func valueChecks(pairs ...[2]string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(pairs))
	for i, p := range pairs {
		checks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{"lhs": knownvalue.StringExact(p[0]), "rhs": knownvalue.StringExact(p[1])})
	}
	return knownvalue.ListExact(checks)
}

// A score scale applies, re-plans empty, updates in place, imports,
// notices a change and a deletion made in the SIS, and is destroyed.
func TestAccScoreScale_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := v1p2OutOfBand(t, sb)
	provider := v1p2Provider(sb)
	a, b, c := [2]string{"90-100", "A"}, [2]string{"80-89", "B"}, [2]string{"0-79", "C"}
	created := scoreScaleConfig(provider, "scale-1", "Letter grades", s.Class, s.Course, a, b)
	want := model.ScoreScale{
		Title:           "Letter grades",
		Type:            "letter grade",
		Class:           ref(s.Class, "class"),
		Course:          ref(s.Course, "course"),
		ScoreScaleValue: scaleValues(a, b),
	}
	updated := scoreScaleConfig(provider, "scale-1", "Letter grades", s.Class, "", a, b, c)
	wantUpdated := want
	wantUpdated.Course, wantUpdated.ScoreScaleValue = nil, scaleValues(a, b, c)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "scoreScales", "scale-1"),
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("values"), valueChecks(a, b)),
					statecheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("course_sourced_id"), knownvalue.StringExact(s.Course)),
					statecheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("date_last_modified"), knownvalue.NotNull()),
				},
				Check: checkStored(sb, "scoreScales", "scale-1", want, scoreScaleBase),
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scoreScaleAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("values"), valueChecks(a, b, c)),
					statecheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("course_sourced_id"), knownvalue.Null()),
				},
				Check: checkStored(sb, "scoreScales", "scale-1", wantUpdated, scoreScaleBase),
			},
			{
				ResourceName: scoreScaleAddr, ImportState: true, ImportStateId: "scale-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				// A teacher turns B into B+ in the SIS: one step of the
				// values, nothing else.
				PreConfig: func() {
					changed := wantUpdated
					changed.Base = model.Base{SourcedID: "scale-1", Status: model.StatusActive}
					changed.ScoreScaleValue = scaleValues(a, [2]string{"80-89", "B+"}, c)
					putOutOfBand(t, oob, oneroster.ScoreScales, "scale-1", changed)
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scoreScaleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("values"), valueChecks(a, b, c)),
				}},
				Check: checkStored(sb, "scoreScales", "scale-1", wantUpdated, scoreScaleBase),
			},
			{
				// And renames it.
				PreConfig: func() {
					changed := wantUpdated
					changed.Base = model.Base{SourcedID: "scale-1", Status: model.StatusActive}
					changed.Title = "Grades"
					putOutOfBand(t, oob, oneroster.ScoreScales, "scale-1", changed)
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scoreScaleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(scoreScaleAddr, tfjsonpath.New("title"), knownvalue.StringExact("Letter grades")),
				}},
				Check: checkStored(sb, "scoreScales", "scale-1", wantUpdated, scoreScaleBase),
			},
			{
				PreConfig: func() { deleteOutOfBand(t, oob, oneroster.ScoreScales, "scale-1") },
				Config:    updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scoreScaleAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkStored(sb, "scoreScales", "scale-1", wantUpdated, scoreScaleBase),
			},
		},
	})
}

// Assessment line items.

func assessmentLineItemBase(r *model.AssessmentLineItem) *model.Base { return &r.Base }

// assessmentConfig declares a score scale, a benchmark (the parent) and
// oneroster_assessment_line_item.test, a section of it, whose attributes
// body sets.
func assessmentConfig(sb *sandbox.Running, body string) string {
	s := sb.Server.Sample()
	return scoreScaleConfig(
		v1p2Provider(sb),
		"scale-bench",
		"Benchmark levels",
		s.Class,
		"",
		[2]string{"0-49", "below"},
		[2]string{"50-100", "at or above"},
	) + fmt.Sprintf(
		`
resource "oneroster_assessment_line_item" "benchmark" {
  sourced_id = "bench-fall"
  title      = "Fall benchmark"
}

resource "oneroster_assessment_line_item" "test" {
  sourced_id             = "bench-fall-reading"
  parent_sourced_id      = oneroster_assessment_line_item.benchmark.sourced_id
  score_scale_sourced_id = oneroster_score_scale.test.sourced_id
  class_sourced_id       = %q
  %s
}
`,
		s.Class,
		body,
	)
}

// An assessment line item, part of another and on a score scale, applies,
// re-plans empty, updates, imports, notices a change made in the SIS, and
// is destroyed with its parent and scale.
func TestAccAssessmentLineItem_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := v1p2OutOfBand(t, sb)
	const standard = "6b8a1c3e-9a44-4f3e-8f0e-2d7c5b1a9e10" // a CASE identifier: a UUID
	created := assessmentConfig(sb, `title = "Reading"
  result_value_min = 0
  result_value_max = 100
  learning_objectives = [{ source = "case", ids = ["`+standard+`"] }]`)
	want := model.AssessmentLineItem{
		Title: "Reading", Class: ref(s.Class, "class"), ParentAssessmentLineItem: ref("bench-fall", "assessmentLineItem"),
		ScoreScale: ref("scale-bench", "scoreScale"), ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(100),
		LearningObjectiveSet: []model.LearningObjectiveSet{{Source: "case", LearningObjectiveIDs: []string{standard}}},
	}
	updated := assessmentConfig(sb, `title = "Reading"
  description = "Comprehension and fluency"
  result_value_min = 0
  result_value_max = 50
  learning_objectives = [
    { source = "case", ids = ["`+standard+`"] },
    { source = "/district", ids = ["ELA-6-2", "ELA-6-3"] },
  ]`)
	wantUpdated := want
	wantUpdated.Description, wantUpdated.ResultValueMax = "Comprehension and fluency", model.NumberPtr(50)
	wantUpdated.LearningObjectiveSet = append(
		want.LearningObjectiveSet,
		model.LearningObjectiveSet{Source: "/district", LearningObjectiveIDs: []string{"ELA-6-2", "ELA-6-3"}},
	)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy: resource.ComposeTestCheckFunc(
			checkGone(sb, "assessmentLineItems", "bench-fall", "bench-fall-reading"), checkGone(sb, "scoreScales", "scale-bench")),
		Steps: []resource.TestStep{
			{
				Config:      assessmentConfig(sb, "title = \"Reading\"\n  result_value_min = 100\n  result_value_max = 0"),
				ExpectError: wrappedText("result_value_max (0) must be greater than result_value_min (100)", "assessment line item's results"),
			},
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assessmentLineItemAddr, tfjsonpath.New("parent_sourced_id"), knownvalue.StringExact("bench-fall")),
					statecheck.ExpectKnownValue(assessmentLineItemAddr, tfjsonpath.New("score_scale_sourced_id"), knownvalue.StringExact("scale-bench")),
					statecheck.ExpectKnownValue(assessmentLineItemAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue("oneroster_assessment_line_item.benchmark", tfjsonpath.New("class_sourced_id"), knownvalue.Null()),
				},
				Check: checkStored(sb, "assessmentLineItems", "bench-fall-reading", want, assessmentLineItemBase),
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(assessmentLineItemAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("oneroster_assessment_line_item.benchmark", plancheck.ResourceActionNoop),
				}},
				Check: checkStored(sb, "assessmentLineItems", "bench-fall-reading", wantUpdated, assessmentLineItemBase),
			},
			{
				ResourceName: assessmentLineItemAddr, ImportState: true, ImportStateId: "bench-fall-reading",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				// The assessment system detaches the section and retitles it.
				PreConfig: func() {
					changed := wantUpdated
					changed.Base = model.Base{SourcedID: "bench-fall-reading", Status: model.StatusActive}
					changed.Title, changed.ParentAssessmentLineItem = "Reading (retest)", nil
					changed.LearningObjectiveSet = changed.LearningObjectiveSet[:1]
					putOutOfBand(t, oob, oneroster.AssessmentLineItems, "bench-fall-reading", changed)
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(assessmentLineItemAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(assessmentLineItemAddr, tfjsonpath.New("title"), knownvalue.StringExact("Reading")),
					plancheck.ExpectKnownValue(assessmentLineItemAddr, tfjsonpath.New("parent_sourced_id"), knownvalue.StringExact("bench-fall")),
					plancheck.ExpectKnownValue(assessmentLineItemAddr, tfjsonpath.New("learning_objectives"), knownvalue.ListSizeExact(2)),
				}},
				Check: checkStored(sb, "assessmentLineItems", "bench-fall-reading", wantUpdated, assessmentLineItemBase),
			},
		},
	})
}

// Assessment results.

func assessmentResultBase(r *model.AssessmentResult) *model.Base { return &r.Base }

func assessmentResultConfig(sb *sandbox.Running, id, body string) string {
	s := sb.Server.Sample()
	return assessmentConfig(sb, "title = \"Reading\"") + fmt.Sprintf(`
resource "oneroster_assessment_result" "test" {
  sourced_id                      = %q
  assessment_line_item_sourced_id = oneroster_assessment_line_item.test.sourced_id
  student_sourced_id              = %q
  score_date                      = "2024-10-01"
  %s
}
`, id, s.Student, body)
}

// An assessment result, with the 1.2 score attributes (a text score, a
// percentile, the late/missing flags), applies, re-plans empty, updates,
// imports, notices a change made in the SIS, and is destroyed.
func TestAccAssessmentResult_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := v1p2OutOfBand(t, sb)
	created := assessmentResultConfig(sb, "ar-1", `score_status = "fully graded"
  score = 62
  text_score = "at or above"
  score_scale_sourced_id = oneroster_score_scale.test.sourced_id
  score_percentile = 71.5
  late = true
  missing = false
  comment = "Retake after the break"
  learning_objective_scores = [
    { source = "case", id = "6b8a1c3e-9a44-4f3e-8f0e-2d7c5b1a9e10", score = 3 },
    { source = "/district", id = "ELA-6-2", text_score = "meets" },
  ]`)
	want := model.AssessmentResult{
		AssessmentLineItem: ref("bench-fall-reading", "assessmentLineItem"), Student: ref(s.Student, "user"),
		ScoreStatus: "fully graded", Score: model.NumberPtr(62), TextScore: new("at or above"), ScoreDate: "2024-10-01",
		ScoreScale: ref("scale-bench", "scoreScale"), ScorePercentile: model.NumberPtr(71.5), Comment: "Retake after the break",
		Late: model.StringBoolPtr(true), Missing: model.StringBoolPtr(false),
		LearningObjectiveSet: []model.LearningObjectiveScoreSet{
			{
				Source: "case",
				LearningObjectiveResults: []model.LearningObjectiveResult{
					{LearningObjectiveID: "6b8a1c3e-9a44-4f3e-8f0e-2d7c5b1a9e10", Score: model.NumberPtr(3)},
				},
			},
			{Source: "/district", LearningObjectiveResults: []model.LearningObjectiveResult{{LearningObjectiveID: "ELA-6-2", TextScore: new("meets")}}},
		},
	}
	// The flags are the server's when not set (1.2 servers fill them in),
	// so an update clears one by setting it false, not by leaving it out.
	updated := assessmentResultConfig(sb, "ar-1", `score_status = "partially graded"
  score = 40
  in_progress = true
  late = false
  missing = false`)
	wantUpdated := model.AssessmentResult{
		AssessmentLineItem: want.AssessmentLineItem, Student: want.Student, ScoreStatus: "partially graded", Score: model.NumberPtr(40),
		ScoreDate: "2024-10-01", InProgress: model.StringBoolPtr(true), Late: model.StringBoolPtr(false), Missing: model.StringBoolPtr(false),
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "assessmentResults", "ar-1"),
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("text_score"), knownvalue.StringExact("at or above")),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("score_percentile"), knownvalue.Float64Exact(71.5)),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("late"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("missing"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("in_progress"), knownvalue.Null()),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("learning_objective_scores"), knownvalue.ListSizeExact(2)),
				},
				Check: checkStored(sb, "assessmentResults", "ar-1", want, assessmentResultBase),
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(assessmentResultAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("text_score"), knownvalue.Null()),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("late"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("in_progress"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("learning_objective_scores"), knownvalue.Null()),
				},
				Check: checkStored(sb, "assessmentResults", "ar-1", wantUpdated, assessmentResultBase),
			},
			{
				ResourceName: assessmentResultAddr, ImportState: true, ImportStateId: "ar-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				// The SIS marks the work missing and adds a comment.
				PreConfig: func() {
					changed := wantUpdated
					changed.Base = model.Base{SourcedID: "ar-1", Status: model.StatusActive}
					changed.Missing, changed.Comment = model.StringBoolPtr(true), "No submission"
					putOutOfBand(t, oob, oneroster.AssessmentResults, "ar-1", changed)
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(assessmentResultAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("missing"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(assessmentResultAddr, tfjsonpath.New("comment"), knownvalue.Null()),
				}},
				Check: checkStored(sb, "assessmentResults", "ar-1", wantUpdated, assessmentResultBase),
			},
		},
	})
}

// A create never overwrites an assessment result that the SIS already
// holds under the configured sourcedId: it fails with the commands that
// adopt it, and the SIS's result is left as it was.
func TestAccAssessmentResult_neverOverwrites(t *testing.T) {
	skipUnlessAcceptance(t)
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := v1p2OutOfBand(t, sb)
	putOutOfBand(t, oob, oneroster.AssessmentLineItems, "bench-spring", model.AssessmentLineItem{
		Base: model.Base{SourcedID: "bench-spring", Status: model.StatusActive}, Title: "Spring benchmark",
	})
	theirs := model.AssessmentResult{
		AssessmentLineItem: ref("bench-spring", "assessmentLineItem"), Student: ref(s.Student, "user"),
		ScoreStatus: "fully graded", Score: model.NumberPtr(88), ScoreDate: "2024-04-02",
	}
	stored := theirs
	stored.Base = model.Base{SourcedID: "ar-taken", Status: model.StatusActive}
	putOutOfBand(t, oob, oneroster.AssessmentResults, "ar-taken", stored)
	cfg := v1p2Provider(sb) + fmt.Sprintf(`
resource "oneroster_assessment_result" "test" {
  sourced_id                      = "ar-taken"
  assessment_line_item_sourced_id = "bench-spring"
  student_sourced_id              = %q
  score_status                    = "fully graded"
  score                           = 12
  score_date                      = "2024-04-03"
}
`, s.Student)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ExpectError: wrappedText(`The assessment result "ar-taken" already exists`, "score 88",
				"terraform import oneroster_assessment_result.<name> ar-taken"),
		}},
	})
	if err := checkStored(sb, "assessmentResults", "ar-taken", theirs, assessmentResultBase)(nil); err != nil {
		t.Errorf("the SIS's result changed: %v", err)
	}
}

// Against a OneRoster 1.1 provider, each 1.2-only resource is a plan-time
// error and each data source a read-time error, naming the version and
// the fix, and nothing is sent to the server, not even a token request.
func TestAccV1p2Gradebook_refusedOn1p1(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	provider := sandboxProvider(sb)
	configs := map[string]string{
		"oneroster_score_scale": scoreScaleConfig(provider, "scale-1", "Letter grades", s.Class, "", [2]string{"90-100", "A"}),
		"oneroster_assessment_line_item": provider + `
resource "oneroster_assessment_line_item" "test" {
  title = "Fall benchmark"
}
`,
		"oneroster_assessment_result": provider + fmt.Sprintf(`
resource "oneroster_assessment_result" "test" {
  assessment_line_item_sourced_id = "bench-fall"
  student_sourced_id              = %q
  score_status                    = "fully graded"
  score_date                      = "2024-10-01"
}
`, s.Student),
	}
	for _, list := range []string{"oneroster_score_scales", "oneroster_assessment_line_items", "oneroster_assessment_results"} {
		configs[list] = provider + fmt.Sprintf("data %q \"x\" {}\noutput \"n\" {\n  value = length(data.%s.x)\n}\n", list, list)
	}
	for _, single := range []string{"oneroster_score_scale", "oneroster_assessment_line_item", "oneroster_assessment_result"} {
		configs["data "+single] = provider + fmt.Sprintf(
			"data %q \"x\" {\n  sourced_id = \"x-1\"\n}\noutput \"x\" {\n  value = data.%s.x.status\n}\n",
			single,
			single,
		)
	}
	var steps []resource.TestStep
	for name, cfg := range configs {
		steps = append(steps, resource.TestStep{
			Config: cfg, PlanOnly: true,
			ExpectError: wrappedText(
				strings.TrimPrefix(name, "data ")+" needs OneRoster 1.2",
				"which exists only in OneRoster 1.2",
				"speaks OneRoster 1.1 to "+sb.BaseURL,
				"Nothing was sent",
				"base_url (it ends in /ims/oneroster/rostering/v1p2)",
				`set oneroster_version = "1.2"`,
			),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps:                    steps,
	})
	if n, tokens := sb.Server.Requests("/"), sb.Server.TokenRequests(); n != 0 || tokens != 0 {
		t.Errorf("refused configurations sent %d API and %d token requests; the refusal must come first", n, tokens)
	}
}

// The data sources read what the SIS holds: every score scale, those of a
// class and those of a school (the spec's nested endpoints), assessment
// line items and results listed and filtered, and one of each by id.
func TestAccV1p2Gradebook_dataSources(t *testing.T) {
	skipUnlessAcceptance(t)
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	oob := v1p2OutOfBand(t, sb)
	otherClass := ""
	for _, id := range sb.Server.SourcedIDs("classes") {
		if rec, ok := sb.Server.Record("classes", id); ok && model.RefID(rec.(model.Class).School) != s.School {
			otherClass = id
			break
		}
	}
	if otherClass == "" {
		t.Fatal("the sandbox has no class at another school than the sample's")
	}
	a, b := [2]string{"3", "meets"}, [2]string{"4", "exceeds"}
	for id, class := range map[string]string{"ds-scale-1": s.Class, "ds-scale-2": s.Class, "ds-scale-3": otherClass} {
		putOutOfBand(t, oob, oneroster.ScoreScales, id, model.ScoreScale{
			Base: model.Base{SourcedID: id, Status: model.StatusActive}, Title: "Standards " + id, Type: "standards",
			Class: ref(class, "class"), ScoreScaleValue: scaleValues(a, b),
		})
	}
	putOutOfBand(t, oob, oneroster.AssessmentLineItems, "ds-ali-1", model.AssessmentLineItem{
		Base: model.Base{SourcedID: "ds-ali-1", Status: model.StatusActive}, Title: "Spring benchmark",
	})
	putOutOfBand(t, oob, oneroster.AssessmentLineItems, "ds-ali-2", model.AssessmentLineItem{
		Base: model.Base{SourcedID: "ds-ali-2", Status: model.StatusActive}, Title: "Spring benchmark: math",
		ParentAssessmentLineItem: ref("ds-ali-1", "assessmentLineItem"), ScoreScale: ref("ds-scale-1", "scoreScale"), Class: ref(s.Class, "class"),
	})
	putOutOfBand(t, oob, oneroster.AssessmentResults, "ds-ar-1", model.AssessmentResult{
		Base: model.Base{SourcedID: "ds-ar-1", Status: model.StatusActive}, AssessmentLineItem: ref("ds-ali-2", "assessmentLineItem"),
		Student: ref(s.Student, "user"), ScoreStatus: "fully graded", TextScore: new("exceeds"), ScoreDate: "2025-04-02",
		ScorePercentile: model.NumberPtr(93), Late: model.StringBoolPtr(false), Missing: model.StringBoolPtr(false),
	})

	// What the scoped reads must return, from the sandbox's own records.
	var all, ofClass, ofSchool []string
	for _, id := range sb.Server.SourcedIDs("scoreScales") {
		rec, _ := sb.Server.Record("scoreScales", id)
		scale := rec.(model.ScoreScale)
		if scale.IsDeleted() {
			continue
		}
		all = append(all, id)
		class, _ := sb.Server.Record("classes", model.RefID(scale.Class))
		if model.RefID(scale.Class) == s.Class {
			ofClass = append(ofClass, id)
		}
		if class != nil && model.RefID(class.(model.Class).School) == s.School {
			ofSchool = append(ofSchool, id)
		}
	}
	sort.Strings(all)
	sort.Strings(ofClass)
	sort.Strings(ofSchool)
	if len(ofSchool) >= len(all) || len(ofClass) < 2 {
		t.Fatalf("scoping would prove nothing: %d score scales, %d of the school, %d of the class", len(all), len(ofSchool), len(ofClass))
	}

	cfg := v1p2Provider(sb) + fmt.Sprintf(`
data "oneroster_score_scales" "all" {}
data "oneroster_score_scales" "class" {
  class_sourced_id = %[1]q
}
data "oneroster_score_scales" "school" {
  school_sourced_id = %[2]q
}
data "oneroster_score_scale" "one" {
  sourced_id = "ds-scale-1"
}
data "oneroster_assessment_line_items" "children" {
  where = [{ field = "parent_sourced_id", value = "ds-ali-1" }]
}
data "oneroster_assessment_line_item" "one" {
  sourced_id = "ds-ali-2"
}
data "oneroster_assessment_results" "all" {}
data "oneroster_assessment_result" "one" {
  sourced_id = "ds-ar-1"
}

output "all" {
  value = sort([for x in data.oneroster_score_scales.all.score_scales : x.sourced_id])
}
output "of_class" {
  value = sort([for x in data.oneroster_score_scales.class.score_scales : x.sourced_id])
}
output "of_school" {
  value = sort([for x in data.oneroster_score_scales.school.score_scales : x.sourced_id])
}
output "children" {
  value = [for x in data.oneroster_assessment_line_items.children.assessment_line_items : x.sourced_id]
}
output "results" {
  value = [for x in data.oneroster_assessment_results.all.assessment_results : x.sourced_id if x.student_sourced_id == %[3]q]
}
`, s.Class, s.School, s.Student)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("all", knownvalue.ListExact(stringValues(all))),
				statecheck.ExpectKnownOutputValue("of_class", knownvalue.ListExact(stringValues(ofClass))),
				statecheck.ExpectKnownOutputValue("of_school", knownvalue.ListExact(stringValues(ofSchool))),
				statecheck.ExpectKnownOutputValue("children", knownvalue.ListExact(stringValues([]string{"ds-ali-2"}))),
				statecheck.ExpectKnownOutputValue("results", knownvalue.SetPartial(stringValues([]string{"ds-ar-1"}))),
				statecheck.ExpectKnownValue("data.oneroster_score_scale.one", tfjsonpath.New("values"), valueChecks(a, b)),
				statecheck.ExpectKnownValue("data.oneroster_score_scale.one", tfjsonpath.New("course_sourced_id"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue("data.oneroster_assessment_line_item.one", tfjsonpath.New("parent_sourced_id"), knownvalue.StringExact("ds-ali-1")),
				statecheck.ExpectKnownValue(
					"data.oneroster_assessment_line_item.one",
					tfjsonpath.New("score_scale_sourced_id"),
					knownvalue.StringExact("ds-scale-1"),
				),
				statecheck.ExpectKnownValue("data.oneroster_assessment_line_item.one", tfjsonpath.New("result_value_max"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.oneroster_assessment_result.one", tfjsonpath.New("text_score"), knownvalue.StringExact("exceeds")),
				statecheck.ExpectKnownValue("data.oneroster_assessment_result.one", tfjsonpath.New("score"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.oneroster_assessment_result.one", tfjsonpath.New("score_percentile"), knownvalue.Float64Exact(93)),
				statecheck.ExpectKnownValue("data.oneroster_assessment_result.one", tfjsonpath.New("late"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.oneroster_assessment_result.one", tfjsonpath.New("in_progress"), knownvalue.Null()),
			},
		}},
	})
}

// v1p2OnlyDataSources are the data sources only OneRoster 1.2 has.
var v1p2OnlyDataSources = []string{
	"oneroster_score_scale", "oneroster_score_scales",
	"oneroster_assessment_line_item", "oneroster_assessment_line_items",
	"oneroster_assessment_result", "oneroster_assessment_results",
}

// v1p2Seed names what seedV1p2Gradebook wrote.
type v1p2Seed struct{ scoreScale, assessmentLineItem, assessmentResult string }

// seedV1p2Gradebook writes, through the sandbox's 1.2 gradebook, a score
// scale of the sample class, a benchmark of that class with a section on
// the scale, and the sample student's result on the section.
func seedV1p2Gradebook(t *testing.T, sb *sandbox.Running) v1p2Seed {
	t.Helper()
	s := sb.Server.Sample()
	c := v1p2OutOfBand(t, sb)
	seed := v1p2Seed{scoreScale: "seed-scale", assessmentLineItem: "seed-bench-reading", assessmentResult: "seed-bench-reading-1"}
	active := func(id string) model.Base { return model.Base{SourcedID: id, Status: model.StatusActive} }
	putOutOfBand(t, c, oneroster.ScoreScales, seed.scoreScale, model.ScoreScale{
		Base: active(seed.scoreScale), Title: "Proficiency", Type: "proficiency level", Class: ref(s.Class, "class"),
		ScoreScaleValue: scaleValues([2]string{"4", "exceeds"}, [2]string{"3", "meets"}, [2]string{"2", "approaching"}),
	})
	putOutOfBand(t, c, oneroster.AssessmentLineItems, "seed-bench", model.AssessmentLineItem{
		Base: active("seed-bench"), Title: "Fall benchmark", Class: ref(s.Class, "class"),
	})
	putOutOfBand(t, c, oneroster.AssessmentLineItems, seed.assessmentLineItem, model.AssessmentLineItem{
		Base: active(seed.assessmentLineItem), Title: "Fall benchmark: reading", Class: ref(s.Class, "class"),
		ParentAssessmentLineItem: ref("seed-bench", "assessmentLineItem"), ScoreScale: ref(seed.scoreScale, "scoreScale"),
		ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(4),
	})
	putOutOfBand(t, c, oneroster.AssessmentResults, seed.assessmentResult, model.AssessmentResult{
		Base: active(seed.assessmentResult), AssessmentLineItem: ref(seed.assessmentLineItem, "assessmentLineItem"), Student: ref(s.Student, "user"),
		ScoreStatus: "fully graded", Score: model.NumberPtr(3), TextScore: new("meets"), ScoreDate: "2024-10-01",
		ScorePercentile: model.NumberPtr(64), Late: model.StringBoolPtr(false), Missing: model.StringBoolPtr(false),
	})
	return seed
}

// The resource examples of the 1.2-only gradebook apply against the
// sandbox's 1.2 base URL, their import.sh commands adopt what they
// created into an empty state (a plan after the imports changes nothing),
// and they destroy.
func TestAccExamples_v1p2Resources(t *testing.T) {
	skipUnlessAcceptance(t)
	sb := acctest.Sandbox(t, sandbox.Options{})
	s := sb.Server.Sample()
	// Each example is a module; the result's scores the line item the
	// line item example creates.
	modules := []struct{ name, inputs string }{
		{"oneroster_score_scale", fmt.Sprintf("class_sourced_id = %q", s.Class)},
		{"oneroster_assessment_line_item", fmt.Sprintf("class_sourced_id = %q", s.Class)},
		{
			"oneroster_assessment_result",
			fmt.Sprintf("assessment_line_item_sourced_id = module.oneroster_assessment_line_item.reading\n  student_sourced_id = %q", s.Student),
		},
	}
	files := map[string]string{}
	root := requiredProviders + v1p2Provider(sb)
	var imports [][]string
	for _, m := range modules {
		dir := filepath.Join("../../examples/resources", m.name)
		body, err := os.ReadFile(filepath.Join(dir, "resource.tf"))
		if err != nil {
			t.Fatal(err)
		}
		files[m.name+"/resource.tf"] = string(body)
		files[m.name+"/versions.tf"] = requiredProviders
		root += fmt.Sprintf("\nmodule %q {\n  source = \"./%s\"\n  %s\n}\n", m.name, m.name, m.inputs)
		script, err := os.ReadFile(filepath.Join(dir, "import.sh"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(script), "\n") {
			if f := strings.Fields(line); len(f) == 4 && f[0] == "terraform" && f[1] == "import" {
				imports = append(imports, []string{"module." + m.name + "." + f[2], f[3]})
			}
		}
	}
	if len(imports) != len(modules) {
		t.Fatalf("found %d import commands in the import.sh files, want one per example: %v", len(imports), imports)
	}
	// The line item example's section, for the result example.
	files["oneroster_assessment_line_item/outputs.tf"] = "output \"reading\" {\n  value = oneroster_assessment_line_item.fall_reading.sourced_id\n}\n"
	files["main.tf"] = root
	ws := newCLIWorkspace(t, files)
	ws.mustRun("apply", "-input=false", "-no-color", "-auto-approve")

	// Forget everything, then adopt what the import.sh files name.
	for _, m := range modules {
		ws.mustRun("state", "rm", "-no-color", "module."+m.name)
	}
	for _, imp := range imports {
		ws.mustRun("import", "-input=false", "-no-color", imp[0], imp[1])
	}
	// The score scale the line item example declares is not in any
	// import.sh: import it by the id the first apply gave it.
	for _, id := range sb.Server.SourcedIDs("scoreScales") {
		if rec, _ := sb.Server.Record("scoreScales", id); rec.(model.ScoreScale).Title == "Proficiency" && !rec.(model.ScoreScale).IsDeleted() {
			ws.mustRun("import", "-input=false", "-no-color", "module.oneroster_assessment_line_item.oneroster_score_scale.proficiency", id)
		}
	}
	ws.mustRun(
		"import",
		"-input=false",
		"-no-color",
		"module.oneroster_assessment_line_item.oneroster_assessment_line_item.fall_benchmark",
		"biology-101-fall-benchmark",
	)
	if out, err := ws.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after importing what the examples created is not empty (%v):\n%s", err, out)
	}
	ws.mustRun("destroy", "-input=false", "-no-color", "-auto-approve")
	for collection, id := range map[string]string{
		"scoreScales": "biology-101-letters", "assessmentLineItems": "biology-101-fall-benchmark-reading",
		"assessmentResults": imports[2][1],
	} {
		if rec, ok := sb.Server.Record(collection, id); ok && recordActive(rec) {
			t.Errorf("%s/%s survived the destroy", collection, id)
		}
	}
}
