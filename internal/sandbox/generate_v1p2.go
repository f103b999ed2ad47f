package sandbox

import (
	"math/rand/v2"
	"strconv"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// categoryWeights are the 1.2 weights of the categories, by title order:
// a class's grade is 20% homework, 20% quizzes, 40% tests, 20% projects.
var categoryWeights = []float64{0.2, 0.2, 0.4, 0.2}

// letterGrades is the letter-grade score scale: score ranges and letters.
var letterGrades = []model.ScoreScaleValue{
	{ItemValueLHS: "90-100", ItemValueRHS: "A"}, {ItemValueLHS: "80-89", ItemValueRHS: "B"},
	{ItemValueLHS: "70-79", ItemValueRHS: "C"}, {ItemValueLHS: "60-69", ItemValueRHS: "D"},
	{ItemValueLHS: "0-59", ItemValueRHS: "F"},
}

// letterOf is the letter of a score on letterGrades.
func letterOf(score float64) string {
	for i, floor := range []float64{90, 80, 70, 60} {
		if score >= floor {
			return letterGrades[i].ItemValueRHS
		}
	}
	return "F"
}

// proficiency is the standards-based scale every school uses.
var proficiency = []model.ScoreScaleValue{
	{ItemValueLHS: "4", ItemValueRHS: "Exceeds standard"}, {ItemValueLHS: "3", ItemValueRHS: "Meets standard"},
	{ItemValueLHS: "2", ItemValueRHS: "Approaching standard"}, {ItemValueLHS: "1", ItemValueRHS: "Below standard"},
}

// assessmentParts are the parts of each graded class's benchmark: child
// assessment line items of one parent.
var assessmentParts = []string{"Reading", "Mathematics"}

// gradebookV1p2 adds what OneRoster 1.2's gradebook has and 1.1's lacks:
// category weights; a school, an academic session and, on unit tests, a
// score scale and learning objectives on line items; a class, and late,
// missing and text scores on results; per school a proficiency scale
// (bound to a class, as 1.2 requires) and per graded class a letter-grade
// scale bound to its class and course; per graded class a benchmark
// assessment with one child per part, and a result per student and part.
//
// It draws from a random source of its own and changes no 1.1 field, so
// that the 1.1 district stays what it was; its cost grows with the
// schools and the graded classes, not with the users.
func (b *builder) gradebookV1p2(seed uint64) {
	rng := rand.New(rand.NewPCG(seed^0x1b873593, seed^0xcc9e2d51))
	stamp := func() string { return b.stamps[rng.IntN(len(b.stamps))] }
	base := func(id string) model.Base {
		return model.Base{SourcedID: id, Status: model.StatusActive, DateLastModified: stamp()}
	}
	for i, rec := range b.d.categories.items {
		recordAs[model.Category](rec).Weight = model.NumberPtr(categoryWeights[i%len(categoryWeights)])
	}

	var scales []record
	classIndex := make(map[string]int, len(b.classes)) // of graded and first classes only
	for school := range b.nSchools {
		i := b.firstClass[school]
		classIndex[b.classes[i].SourcedID] = i
		scales = append(scales, &model.ScoreScale{
			Base: base(ident("scorescale", len(scales)+1, 4)), Title: "Proficiency levels", Type: "proficiency",
			Class: &b.classRefs[i], ScoreScaleValue: proficiency,
		})
	}

	// The graded classes, in the order of their line items.
	letterScale := map[string]*model.Ref{}
	var graded []int
	for _, rec := range b.d.lineItems.items {
		id := recordAs[model.LineItem](rec).Class.SourcedID
		if _, seen := letterScale[id]; seen {
			continue
		}
		i := b.classIndexOf(id)
		classIndex[id] = i
		graded = append(graded, i)
		s := &model.ScoreScale{
			Base: base(ident("scorescale", len(scales)+1, 4)), Title: "Letter grades", Type: "letter",
			Class: &b.classRefs[i], Course: b.classes[i].Course, ScoreScaleValue: letterGrades,
		}
		scales = append(scales, s)
		letterScale[id] = &model.Ref{SourcedID: s.SourcedID, Type: "scoreScale"}
		if id == b.sample.Class {
			b.sample.ScoreScale = s.SourcedID
		}
	}
	b.d.scoreScales = newTable(scales)

	items := map[string]*model.LineItem{}
	for _, rec := range b.d.lineItems.items {
		li := recordAs[model.LineItem](rec)
		items[li.SourcedID] = li
		class := &b.classes[classIndex[li.Class.SourcedID]]
		li.School, li.AcademicSession = class.School, &class.Terms[0]
		if li.Description != "" { // the unit test
			li.ScoreScale = letterScale[class.SourcedID]
			li.LearningObjectiveSet = []model.LearningObjectiveSet{{Source: "case", LearningObjectiveIDs: []string{
				"urn:case:" + class.Course.SourcedID + ":unit-1", "urn:case:" + class.Course.SourcedID + ":unit-1.2",
			}}}
			if class.SourcedID == b.sample.Class && b.sample.ScaledLineItem == "" {
				b.sample.ScaledLineItem = li.SourcedID
			}
		}
	}
	for n, rec := range b.d.results.items {
		res := recordAs[model.Result](rec)
		li := items[res.LineItem.SourcedID]
		res.Class = li.Class
		switch {
		case res.ScoreStatus == model.ScoreStatusNotSubmitted:
			res.Missing, res.Late = model.StringBoolPtr(true), model.StringBoolPtr(false)
			if li.Class.SourcedID == b.sample.Class && b.sample.MissingResult == "" {
				b.sample.MissingResult = res.SourcedID
			}
		case res.Score != nil && n%6 == 1:
			res.Late, res.Missing = model.StringBoolPtr(true), model.StringBoolPtr(false)
			if li.Class.SourcedID == b.sample.Class && b.sample.LateResult == "" {
				b.sample.LateResult = res.SourcedID
			}
		case res.ScoreStatus == model.ScoreStatusPartiallyGraded:
			res.InProgress, res.Incomplete = model.StringBoolPtr(true), model.StringBoolPtr(true)
		}
		if li.ScoreScale != nil && res.Score != nil {
			letter := letterOf(float64(*res.Score))
			res.ScoreScale, res.TextScore = li.ScoreScale, &letter
		}
	}

	var assessments, assessmentResults []record
	district := &model.AssessmentLineItem{
		Base: base(ident("assessment", 1, 4)), Title: "State Readiness Assessment",
		Description: "District-wide, not tied to a class", ResultValueMin: model.NumberPtr(100), ResultValueMax: model.NumberPtr(600),
	}
	assessments = append(assessments, district)
	for _, i := range graded {
		class := &b.classes[i]
		parent := &model.AssessmentLineItem{
			Base: base(ident("assessment", len(assessments)+1, 4)), Title: "Fall Benchmark",
			Class: &b.classRefs[i], ScoreScale: letterScale[class.SourcedID],
			ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(100),
		}
		assessments = append(assessments, parent)
		parentRef := &model.Ref{SourcedID: parent.SourcedID, Type: "assessmentLineItem"}
		for _, part := range assessmentParts {
			child := &model.AssessmentLineItem{
				Base: base(ident("assessment", len(assessments)+1, 4)), Title: "Fall Benchmark - " + part,
				Class: &b.classRefs[i], ParentAssessmentLineItem: parentRef, ScoreScale: parent.ScoreScale,
				ResultValueMin: parent.ResultValueMin, ResultValueMax: parent.ResultValueMax,
				LearningObjectiveSet: []model.LearningObjectiveSet{{Source: "/sandbox", LearningObjectiveIDs: []string{"benchmark-" + part}}},
			}
			assessments = append(assessments, child)
			childRef := &model.Ref{SourcedID: child.SourcedID, Type: "assessmentLineItem"}
			for _, s := range b.classStudents[i] {
				student := b.student(int(s))
				score := float64(40 + rng.IntN(61))
				letter := letterOf(score)
				res := &model.AssessmentResult{
					Base:               base(ident("assessmentresult", len(assessmentResults)+1, 6)),
					AssessmentLineItem: childRef, Student: &b.userRefs[student], ScoreStatus: model.ScoreStatusFullyGraded,
					Score: model.NumberPtr(score), TextScore: &letter, ScoreScale: parent.ScoreScale, ScoreDate: "2024-10-15",
					ScorePercentile: model.NumberPtr(float64(1 + rng.IntN(99))),
					Late:            model.StringBoolPtr(false), Missing: model.StringBoolPtr(false),
				}
				assessmentResults = append(assessmentResults, res)
				if class.SourcedID == b.sample.Class && b.users[student].SourcedID == b.sample.Student && b.sample.AssessmentResult == "" {
					b.sample.AssessmentLineItem, b.sample.AssessmentResult = child.SourcedID, res.SourcedID
					b.sample.ParentAssessmentLineItem = parent.SourcedID
				}
			}
		}
	}
	b.d.assessmentLineItems = newTable(assessments)
	b.d.assessmentResults = newTable(assessmentResults)
}

// classIndexOf is the index of the class with sourcedId id (classes are
// numbered by their sourcedIds: class-00001 is the first).
func (b *builder) classIndexOf(id string) int {
	n, err := strconv.Atoi(id[len("class-"):])
	if err != nil || n < 1 || n > len(b.classes) || b.classes[n-1].SourcedID != id {
		panic("sandbox: no class " + id)
	}
	return n - 1
}
