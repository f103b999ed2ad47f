package sandbox

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// The checks of OneRoster 1.2 gradebook writes: 1.1's, and the fields 1.2
// requires or adds (LineItemDType, ResultDType, ScoreScaleDType,
// AssessmentLineItemDType and AssessmentResultDType of the gradebook
// binding).

// optionalRef is reference for a reference the record may leave out.
func optionalRef(d *district, env, name string, ref *model.Ref, t *topic, refType string) (*model.Ref, *apiError) {
	if ref == nil {
		return nil, nil
	}
	return reference(d, env, name, ref, t, refType)
}

func checkLineItemV1p2(d *district, rec record) *apiError {
	if e := checkLineItem(d, rec); e != nil {
		return e
	}
	li := recordAs[model.LineItem](rec)
	const env = "lineItem"
	var e *apiError
	if li.School, e = reference(d, env, "school", li.School, topicSchools, "org"); e != nil {
		return e
	}
	if school := classSchool(d, li.Class); school != li.School.SourcedID {
		return invalidData(env+".school", fmt.Sprintf("lineItem.school %q is not the school of lineItem.class %q, which is taught at %q",
			li.School.SourcedID, li.Class.SourcedID, school))
	}
	if li.AcademicSession, e = optionalRef(d, env, "academicSession", li.AcademicSession, topicAcademicSessions, "academicSession"); e != nil {
		return e
	}
	if li.ScoreScale, e = optionalRef(d, env, "scoreScale", li.ScoreScale, topicScoreScales, "scoreScale"); e != nil {
		return e
	}
	return checkObjectives(env, li.LearningObjectiveSet)
}

func checkResultV1p2(d *district, rec record) *apiError {
	res := recordAs[model.Result](rec)
	const env = "result"
	if e := checkResultRefs(d, res); e != nil {
		return e
	}
	var e *apiError
	if e := checkScoreStatusV1p2(env, res.ScoreStatus); e != nil {
		return e
	}
	if e := dateField(env, "scoreDate", res.ScoreDate, true); e != nil {
		return e
	}
	if res.Class, e = optionalRef(d, env, "class", res.Class, topicClasses, "class"); e != nil {
		return e
	}
	if res.Class != nil {
		li := recordAs[model.LineItem](topicLineItems.get(d, res.LineItem.SourcedID))
		if model.RefID(li.Class) != res.Class.SourcedID {
			return invalidData(env+".class", fmt.Sprintf("result.class %q is not the class of result.lineItem %q (%q)",
				res.Class.SourcedID, res.LineItem.SourcedID, model.RefID(li.Class)))
		}
	}
	if res.ScoreScale, e = optionalRef(d, env, "scoreScale", res.ScoreScale, topicScoreScales, "scoreScale"); e != nil {
		return e
	}
	return checkObjectiveScores(env, res.LearningObjectiveSet)
}

func checkScoreScale(d *district, rec record) *apiError {
	s := recordAs[model.ScoreScale](rec)
	const env = "scoreScale"
	if e := required(env, "title", s.Title); e != nil {
		return e
	}
	if e := required(env, "type", s.Type); e != nil {
		return e
	}
	var e *apiError
	if s.Class, e = reference(d, env, "class", s.Class, topicClasses, "class"); e != nil {
		return e
	}
	if s.Course, e = optionalRef(d, env, "course", s.Course, topicCourses, "course"); e != nil {
		return e
	}
	if len(s.ScoreScaleValue) == 0 {
		return invalidData(env+".scoreScaleValue", `scoreScale.scoreScaleValue is required: a list of {"itemValueLHS":…,"itemValueRHS":…}`)
	}
	for i, v := range s.ScoreScaleValue {
		name := fmt.Sprintf("scoreScaleValue[%d]", i)
		if e := required(env, name+".itemValueLHS", v.ItemValueLHS); e != nil {
			return e
		}
		if e := required(env, name+".itemValueRHS", v.ItemValueRHS); e != nil {
			return e
		}
	}
	return nil
}

func checkAssessmentLineItem(d *district, rec record) *apiError {
	a := recordAs[model.AssessmentLineItem](rec)
	const env = "assessmentLineItem"
	if e := required(env, "title", a.Title); e != nil {
		return e
	}
	var e *apiError
	if a.Class, e = optionalRef(d, env, "class", a.Class, topicClasses, "class"); e != nil {
		return e
	}
	if a.ParentAssessmentLineItem, e = optionalRef(d, env, "parentAssessmentLineItem", a.ParentAssessmentLineItem, topicAssessmentLineItems,
		"assessmentLineItem"); e != nil {
		return e
	}
	// The parent chain must not come back to this line item.
	for ref, seen := a.ParentAssessmentLineItem, 0; ref != nil && seen <= len(d.assessmentLineItems.items); seen++ {
		if ref.SourcedID == a.SourcedID {
			return invalidData(env+".parentAssessmentLineItem", fmt.Sprintf("assessmentLineItem.parentAssessmentLineItem %q would make %q its own ancestor",
				a.ParentAssessmentLineItem.SourcedID, a.SourcedID))
		}
		parent, _ := d.assessmentLineItems.get(ref.SourcedID).(*model.AssessmentLineItem)
		if parent == nil {
			break
		}
		ref = parent.ParentAssessmentLineItem
	}
	if a.ScoreScale, e = optionalRef(d, env, "scoreScale", a.ScoreScale, topicScoreScales, "scoreScale"); e != nil {
		return e
	}
	if a.ResultValueMin != nil && a.ResultValueMax != nil && *a.ResultValueMin >= *a.ResultValueMax {
		return invalidData(
			env+".resultValueMax",
			fmt.Sprintf("assessmentLineItem.resultValueMax (%v) must be greater than assessmentLineItem.resultValueMin (%v)",
				float64(*a.ResultValueMax), float64(*a.ResultValueMin)),
		)
	}
	return checkObjectives(env, a.LearningObjectiveSet)
}

func checkAssessmentResult(d *district, rec record) *apiError {
	res := recordAs[model.AssessmentResult](rec)
	const env = "assessmentResult"
	var e *apiError
	if res.AssessmentLineItem, e = reference(d, env, "assessmentLineItem", res.AssessmentLineItem, topicAssessmentLineItems, "assessmentLineItem"); e != nil {
		return e
	}
	if res.Student, e = reference(d, env, "student", res.Student, topicStudents, "user"); e != nil {
		return e
	}
	if e := dateField(env, "scoreDate", res.ScoreDate, true); e != nil {
		return e
	}
	if e := checkScoreStatusV1p2(env, res.ScoreStatus); e != nil {
		return e
	}
	if res.ScoreScale, e = optionalRef(d, env, "scoreScale", res.ScoreScale, topicScoreScales, "scoreScale"); e != nil {
		return e
	}
	return checkObjectiveScores(env, res.LearningObjectiveSet)
}

// scoreStatusesV1p2 are 1.2's score statuses: 1.1's without the
// misspelling, and extensions "ext:…".
var (
	scoreStatusesV1p2 = scoreStatuses[:5]
	extension         = regexp.MustCompile(`^ext:[a-zA-Z0-9.\-_]+$`)
)

func checkScoreStatusV1p2(env, status string) *apiError {
	if e := required(env, "scoreStatus", status); e != nil {
		return e
	}
	if !slices.Contains(scoreStatusesV1p2, status) && !extension.MatchString(status) {
		return invalidData(env+".scoreStatus", fmt.Sprintf("%s.scoreStatus %q is not one of: %s, or an extension ext:name",
			env, status, strings.Join(scoreStatusesV1p2, ", ")))
	}
	return nil
}

// objectiveSource is a learning objective source: "case", "unknown" or a
// vendor's "/name".
var objectiveSource = regexp.MustCompile(`^(case|unknown|/[a-z0-9]+)$`)

func checkSource(env, name, source string) *apiError {
	if !objectiveSource.MatchString(source) {
		return invalidData(
			env+"."+name,
			fmt.Sprintf(`%s.%s %q is not "case", "unknown" or a vendor source "/name" (lower case letters and digits)`, env, name, source),
		)
	}
	return nil
}

func checkObjectives(env string, sets []model.LearningObjectiveSet) *apiError {
	for i, set := range sets {
		name := fmt.Sprintf("learningObjectiveSet[%d]", i)
		if e := checkSource(env, name+".source", set.Source); e != nil {
			return e
		}
		if len(set.LearningObjectiveIDs) == 0 || slices.Contains(set.LearningObjectiveIDs, "") {
			return invalidData(
				env+"."+name+".learningObjectiveIds",
				fmt.Sprintf("%s.%s.learningObjectiveIds must list one or more non-empty identifiers", env, name),
			)
		}
	}
	return nil
}

func checkObjectiveScores(env string, sets []model.LearningObjectiveScoreSet) *apiError {
	for i, set := range sets {
		name := fmt.Sprintf("learningObjectiveSet[%d]", i)
		if e := checkSource(env, name+".source", set.Source); e != nil {
			return e
		}
		if len(set.LearningObjectiveResults) == 0 {
			return invalidData(env+"."+name+".learningObjectiveResults", fmt.Sprintf("%s.%s.learningObjectiveResults must list one or more results", env, name))
		}
		for k, r := range set.LearningObjectiveResults {
			if e := required(env, fmt.Sprintf("%s.learningObjectiveResults[%d].learningObjectiveId", name, k), r.LearningObjectiveID); e != nil {
				return e
			}
		}
	}
	return nil
}

// classSchool is the sourcedId of the school a class is taught at.
func classSchool(d *district, class *model.Ref) string {
	if rec := d.classes.get(model.RefID(class)); rec != nil {
		return model.RefID(recordAs[model.Class](rec).School)
	}
	return ""
}
