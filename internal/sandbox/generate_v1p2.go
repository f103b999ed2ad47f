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
	g := &v1p2Gradebook{builder: b, rng: rand.New(rand.NewPCG(seed^0x1b873593, seed^0xcc9e2d51))}
	for i, rec := range b.d.categories.items {
		recordAs[model.Category](rec).Weight = model.NumberPtr(categoryWeights[i%len(categoryWeights)])
	}
	g.addScoreScales()
	items := g.bindLineItems()
	g.markResults(items)
	g.addAssessments()
}

// v1p2Gradebook is what gradebookV1p2 builds with: its random source, and
// the classes it has bound score scales to.
type v1p2Gradebook struct {
	*builder
	rng *rand.Rand
	// classIndex is the index of each graded class and each school's
	// first class, by sourcedId.
	classIndex map[string]int
	// graded are the graded classes, in the order of their line items, and
	// letterScale each one's letter-grade scale, by sourcedId.
	graded      []int
	letterScale map[string]*model.Ref
}

// base is the common part of a new 1.2 record, stamped with one of the
// district's modification times.
func (g *v1p2Gradebook) base(id string) model.Base {
	return model.Base{SourcedID: id, Status: model.StatusActive, DateLastModified: g.stamps[g.rng.IntN(len(g.stamps))]}
}

// addScoreScales adds a proficiency scale per school, bound to its first
// class, and a letter-grade scale per graded class.
func (g *v1p2Gradebook) addScoreScales() {
	var scales []record
	g.classIndex = make(map[string]int, len(g.classes))
	for school := range g.nSchools {
		i := g.firstClass[school]
		g.classIndex[g.classes[i].SourcedID] = i
		scales = append(scales, &model.ScoreScale{
			Base: g.base(ident("scorescale", len(scales)+1, 4)), Title: "Proficiency levels", Type: "proficiency",
			Class: &g.classRefs[i], ScoreScaleValue: proficiency,
		})
	}
	g.letterScale = map[string]*model.Ref{}
	for _, rec := range g.d.lineItems.items {
		id := recordAs[model.LineItem](rec).Class.SourcedID
		if _, seen := g.letterScale[id]; seen {
			continue
		}
		i := g.classIndexOf(id)
		g.classIndex[id] = i
		g.graded = append(g.graded, i)
		s := &model.ScoreScale{
			Base: g.base(ident("scorescale", len(scales)+1, 4)), Title: "Letter grades", Type: "letter",
			Class: &g.classRefs[i], Course: g.classes[i].Course, ScoreScaleValue: letterGrades,
		}
		scales = append(scales, s)
		g.letterScale[id] = &model.Ref{SourcedID: s.SourcedID, Type: "scoreScale"}
		if id == g.sample.Class {
			g.sample.ScoreScale = s.SourcedID
		}
	}
	g.d.scoreScales = newTable(scales)
}

// bindLineItems gives each line item its class's school and term, and unit
// tests a letter-grade scale and learning objectives. It returns the line
// items by sourcedId.
func (g *v1p2Gradebook) bindLineItems() map[string]*model.LineItem {
	items := map[string]*model.LineItem{}
	for _, rec := range g.d.lineItems.items {
		li := recordAs[model.LineItem](rec)
		items[li.SourcedID] = li
		class := &g.classes[g.classIndex[li.Class.SourcedID]]
		li.School, li.AcademicSession = class.School, &class.Terms[0]
		if li.Description != "" { // the unit test
			li.ScoreScale = g.letterScale[class.SourcedID]
			li.LearningObjectiveSet = []model.LearningObjectiveSet{{Source: "case", LearningObjectiveIDs: []string{
				"urn:case:" + class.Course.SourcedID + ":unit-1", "urn:case:" + class.Course.SourcedID + ":unit-1.2",
			}}}
			if class.SourcedID == g.sample.Class && g.sample.ScaledLineItem == "" {
				g.sample.ScaledLineItem = li.SourcedID
			}
		}
	}
	return items
}

// markResults gives each result its class, marks it missing, late or in
// progress, and gives a letter to scores on a letter-grade scale.
func (g *v1p2Gradebook) markResults(items map[string]*model.LineItem) {
	for n, rec := range g.d.results.items {
		res := recordAs[model.Result](rec)
		li := items[res.LineItem.SourcedID]
		res.Class = li.Class
		switch {
		case res.ScoreStatus == model.ScoreStatusNotSubmitted:
			res.Missing, res.Late = model.StringBoolPtr(true), model.StringBoolPtr(false)
			if li.Class.SourcedID == g.sample.Class && g.sample.MissingResult == "" {
				g.sample.MissingResult = res.SourcedID
			}
		case res.Score != nil && n%6 == 1:
			res.Late, res.Missing = model.StringBoolPtr(true), model.StringBoolPtr(false)
			if li.Class.SourcedID == g.sample.Class && g.sample.LateResult == "" {
				g.sample.LateResult = res.SourcedID
			}
		case res.ScoreStatus == model.ScoreStatusPartiallyGraded:
			res.InProgress, res.Incomplete = model.StringBoolPtr(true), model.StringBoolPtr(true)
		}
		if li.ScoreScale != nil && res.Score != nil {
			letter := letterOf(float64(*res.Score))
			res.ScoreScale, res.TextScore = li.ScoreScale, &letter
		}
	}
}

// addAssessments adds a district-wide assessment, and per graded class a
// benchmark with one child per part and a result per student and part.
func (g *v1p2Gradebook) addAssessments() {
	district := &model.AssessmentLineItem{
		Base: g.base(ident("assessment", 1, 4)), Title: "State Readiness Assessment",
		Description: "District-wide, not tied to a class", ResultValueMin: model.NumberPtr(100), ResultValueMax: model.NumberPtr(600),
	}
	assessments := []record{district}
	var results []record
	for _, i := range g.graded {
		assessments, results = g.addBenchmark(i, assessments, results)
	}
	g.d.assessmentLineItems = newTable(assessments)
	g.d.assessmentResults = newTable(results)
}

// addBenchmark appends class i's benchmark, its parts and their results.
func (g *v1p2Gradebook) addBenchmark(i int, assessments, results []record) ([]record, []record) {
	class := &g.classes[i]
	parent := &model.AssessmentLineItem{
		Base: g.base(ident("assessment", len(assessments)+1, 4)), Title: "Fall Benchmark",
		Class: &g.classRefs[i], ScoreScale: g.letterScale[class.SourcedID],
		ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(100),
	}
	assessments = append(assessments, parent)
	parentRef := &model.Ref{SourcedID: parent.SourcedID, Type: "assessmentLineItem"}
	for _, part := range assessmentParts {
		child := &model.AssessmentLineItem{
			Base: g.base(ident("assessment", len(assessments)+1, 4)), Title: "Fall Benchmark - " + part,
			Class: &g.classRefs[i], ParentAssessmentLineItem: parentRef, ScoreScale: parent.ScoreScale,
			ResultValueMin: parent.ResultValueMin, ResultValueMax: parent.ResultValueMax,
			LearningObjectiveSet: []model.LearningObjectiveSet{{Source: "/sandbox", LearningObjectiveIDs: []string{"benchmark-" + part}}},
		}
		assessments = append(assessments, child)
		childRef := &model.Ref{SourcedID: child.SourcedID, Type: "assessmentLineItem"}
		for _, s := range g.classStudents[i] {
			student := g.student(int(s))
			score := float64(40 + g.rng.IntN(61))
			letter := letterOf(score)
			res := &model.AssessmentResult{
				Base:               g.base(ident("assessmentresult", len(results)+1, 6)),
				AssessmentLineItem: childRef, Student: &g.userRefs[student], ScoreStatus: model.ScoreStatusFullyGraded,
				Score: model.NumberPtr(score), TextScore: &letter, ScoreScale: parent.ScoreScale, ScoreDate: "2024-10-15",
				ScorePercentile: model.NumberPtr(float64(1 + g.rng.IntN(99))),
				Late:            model.StringBoolPtr(false), Missing: model.StringBoolPtr(false),
			}
			results = append(results, res)
			if class.SourcedID == g.sample.Class && g.users[student].SourcedID == g.sample.Student && g.sample.AssessmentResult == "" {
				g.sample.AssessmentLineItem, g.sample.AssessmentResult = child.SourcedID, res.SourcedID
				g.sample.ParentAssessmentLineItem = parent.SourcedID
			}
		}
	}
	return assessments, results
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
