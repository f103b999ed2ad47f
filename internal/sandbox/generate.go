package sandbox

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// DistrictSpec sizes and seeds the generated district. The same spec
// always generates the same data.
type DistrictSpec struct {
	Seed int64
	// Users is the approximate total number of users (students, teachers,
	// administrators, guardians); default DefaultUsers, at least MinUsers.
	// It scales to several hundred thousand.
	Users int
}

// District sizes.
const (
	DefaultUsers = 60
	MinUsers     = 30
)

// Sample names records of the generated district that tests can rely on.
// All are active unless the name says otherwise.
type Sample struct {
	District      string // the district org
	School        string // the school of Class
	OtherSchool   string // another school
	SchoolYear    string // the school year academic session
	Term          string // a term of Class
	GradingPeriod string // a grading period of Term, used by LineItem
	Course        string // the course of Class (it has a resource)
	Class         string // a class with a teacher, students, line items and results
	Teacher       string // the primary teacher of Class
	Student       string // a student enrolled in Class, with a Result
	Guardian      string // a guardian (agent of a student)
	Administrator string // the district administrator
	Enrollment    string // the enrollment of Student in Class
	Category      string // a gradebook category
	LineItem      string // a line item of Class, in Category
	Result        string // the result of Student on LineItem
	Resource      string // a resource of Course
	DeletedUser   string // a student with status tobedeleted
	OBrien        string // the only user with familyName O'Brien
	ZoeMuller     string // the only user named Zoë Müller
	// MultiRoleTeacher teaches at its school (primary role) and also
	// administers it (secondary role, listed first on the 1.2 wire, so
	// that readers must put the primary role first themselves).
	MultiRoleTeacher string

	// OneRoster 1.2's gradebook (every line item has a school and an
	// academic session there, every result a class).
	ScoreScale     string // the letter-grade scale of Class, bound to Course too
	ScaledLineItem string // a line item of Class with ScoreScale and learning objectives
	LateResult     string // a scored result of Class with late "true"
	MissingResult  string // a not-submitted result of Class with missing "true"
	// AssessmentLineItem is an assessment of Class, a child of
	// ParentAssessmentLineItem; AssessmentResult is Student's result on it.
	AssessmentLineItem       string
	ParentAssessmentLineItem string
	AssessmentResult         string
}

// Sample returns well-known sourcedIds of the generated district.
func (s *Server) Sample() Sample { return s.data.sample }

// Names for generated people. None of them is O'Brien, Zoë or Müller, so
// that exactly one user matches each of those.
var (
	givenNames = []string{
		"Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Isabella", "Lucas",
		"Mia", "Levi", "Amelia", "Ezra", "Harper", "Santiago", "Evelyn", "Kai", "Aaliyah", "Jayden",
		"Chloé", "José", "Mei", "Hiroshi", "Aanya", "Oluwaseun", "Fatima", "Dmitri", "Ingrid", "Renée",
		"Björn", "Anaïs", "Nadia", "Tomás", "Priya", "Kwame", "Léa", "Mohammed", "Yuki", "Grace",
	}
	familyNames = []string{
		"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernández", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
		"Lee", "Pérez", "Thompson", "White", "Harris", "Sánchez", "Clark", "Ramírez", "Lewis", "Robinson",
		"Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyễn", "Kowalski", "Søndergaard", "Okafor",
		"Chen", "Patel", "Kim", "Novák", "Dubois", "Yamamoto", "Ivanova", "Schmidt", "Rossi", "Haddad",
	}
	namesakes = []string{
		"Lincoln", "Washington", "Roosevelt", "Jefferson", "Franklin", "Hamilton", "Madison", "Adams",
		"Kennedy", "Edison", "Carver", "Curie", "Earhart", "Parks", "Tubman", "Douglass", "Chavez",
		"Sotomayor", "Hopper", "Lovelace", "Einstein", "Angelou", "Muir", "Thoreau",
	}
	states = []string{"CA", "TX", "NY", "FL", "IL", "WA", "OR", "AZ", "CO", "MA"}
	cities = []string{"Springfield", "Riverside", "Fairview", "Greenville", "Salem", "San José", "Québec", "Madison"}
)

// schoolLevel is a kind of school and the grades it teaches.
type schoolLevel struct {
	suffix string
	grades []string
}

var schoolLevels = []schoolLevel{
	{"Elementary School", []string{"KG", "01", "02", "03", "04", "05"}},
	{"Middle School", []string{"06", "07", "08"}},
	{"High School", []string{"09", "10", "11", "12"}},
}

// subject is a course every school offers.
type subject struct {
	title, code, scedCode string
	resource              int // 1-based index of its resource, 0 for none
}

var subjects = []subject{
	{"Mathematics", "MATH", "02052", 1},
	{"English Language Arts", "ELA", "01001", 3},
	{"Science", "SCI", "03001", 2},
	{"Social Studies", "SOC", "04001", 0},
	{"Art", "ART", "", 0},
	{"Physical Education", "PE", "", 0},
}

// Fixed academic calendar of the generated district (school year 2024-25).
const (
	schoolYearID = "session-2025"
	yearStart    = "2024-08-19"
	yearEnd      = "2025-06-13"
)

var terms = []struct{ id, title, start, end string }{
	{"term-2025-1", "Fall Semester 2024", "2024-08-19", "2024-12-20"},
	{"term-2025-2", "Spring Semester 2025", "2025-01-06", "2025-06-13"},
}

var gradingPeriods = []struct{ id, title, start, end string }{
	{"gp-2025-1", "Quarter 1", "2024-08-19", "2024-10-18"},
	{"gp-2025-2", "Quarter 2", "2024-10-21", "2024-12-20"},
	{"gp-2025-3", "Quarter 3", "2025-01-06", "2025-03-21"},
	{"gp-2025-4", "Quarter 4", "2025-03-24", "2025-06-13"},
}

var categoryTitles = []string{"Homework", "Quizzes", "Tests", "Projects"}

// Shared immutable values (records are never modified in place).
var (
	boolTrue  = model.BoolPtr(true)
	boolFalse = model.BoolPtr(false)
)

// builder generates a district step by step. Records live in slabs (one
// slice per record type) and references to them are shared, so that a
// district of 200,000 users takes a few hundred megabytes and well under
// a second.
type builder struct {
	rng    *rand.Rand
	stamps []string // dateLastModified values, shared by records
	d      *district
	sample Sample

	nSchools, nAdmins, nGuardians, nStudents, nTeachers int

	schoolRefs   []model.Ref
	schoolOrgs   [][]model.Ref // a user's orgs: one shared list per school
	districtOrgs []model.Ref
	yearRef      *model.Ref
	termRefs     []model.Ref
	resourceRefs [][]model.Ref // by subject.resource
	courses      []model.Course
	courseRefs   []model.Ref
	firstClass   []int // classes of school i are firstClass[i]:firstClass[i+1]
	classes      []model.Class
	classRefs    []model.Ref
	users        []model.User // admins, guardians, students, teachers
	userRefs     []model.Ref
	categoryRefs []model.Ref

	classStudents [][]int32 // student numbers by class
	classTeachers [][]classTeacher
	enrollments   []model.Enrollment
	firstEnroll   []int // first enrollment of each class
}

type classTeacher struct {
	teacher int
	primary bool
}

// ident builds a readable sourcedId: prefix-000n, zero-padded to width
// digits (more when n needs them).
func ident(prefix string, n, width int) string {
	digits := strconv.Itoa(n)
	var b strings.Builder
	b.Grow(len(prefix) + 1 + max(width, len(digits)))
	b.WriteString(prefix)
	b.WriteByte('-')
	for i := len(digits); i < width; i++ {
		b.WriteByte('0')
	}
	b.WriteString(digits)
	return b.String()
}

// widthFor is the id width for count records: at least minimum digits.
func widthFor(count, minimum int) int { return max(minimum, len(strconv.Itoa(count))) }

func (b *builder) base(id string, deleted bool) model.Base {
	status := model.StatusActive
	if deleted {
		status = model.StatusToBeDeleted
	}
	return model.Base{SourcedID: id, Status: status, DateLastModified: b.stamps[b.rng.IntN(len(b.stamps))]}
}

func (b *builder) pick(list []string) string { return list[b.rng.IntN(len(list))] }

// Users are stored admins first, then guardians, students and teachers.
func (b *builder) guardian(i int) int { return b.nAdmins + i }
func (b *builder) student(j int) int  { return b.nAdmins + b.nGuardians + j }
func (b *builder) teacher(t int) int  { return b.nAdmins + b.nGuardians + b.nStudents + t }

// Students and teachers are spread over the schools in blocks of
// consecutive sourcedIds.
func (b *builder) schoolOfStudent(j int) int { return j * b.nSchools / b.nStudents }
func (b *builder) schoolOfTeacher(t int) int { return t * b.nSchools / b.nTeachers }

// generate builds the district for spec.
func generate(spec DistrictSpec) *district {
	nUsers := spec.Users
	if nUsers <= 0 {
		nUsers = DefaultUsers
	}
	nUsers = max(nUsers, MinUsers)
	seed := uint64(spec.Seed)
	b := &builder{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), d: &district{}}
	for day := 1; day <= 28; day++ {
		b.stamps = append(b.stamps, "2024-08-"+pad2(day)+"T"+pad2(6+day%12)+":"+pad2(day*7%60)+":00.000Z")
	}
	b.nSchools = max(2, nUsers/500)
	b.nAdmins = 1 + b.nSchools
	b.nGuardians = max(3, nUsers/50)
	b.nTeachers = max(2*b.nSchools, nUsers/20)
	b.nStudents = nUsers - b.nAdmins - b.nGuardians - b.nTeachers

	b.orgs()
	b.sessions()
	b.resources()
	b.makeCourses()
	b.makeClasses()
	b.makeUsers()
	b.demographics()
	b.makeEnrollments()
	b.gradebook()
	b.finishSample()
	b.gradebookV1p2(seed)
	b.d.sample = b.sample
	b.d.index()
	return b.d
}

// orgs: the district and its schools.
func (b *builder) orgs() {
	district := &model.Org{Base: b.base("org-district", false), Name: "Sandbox Unified School District", Type: "district", Identifier: "SUSD"}
	districtRef := &model.Ref{SourcedID: district.SourcedID, Type: "org"}
	b.districtOrgs = []model.Ref{*districtRef}
	schools := make([]model.Org, b.nSchools)
	b.schoolRefs = make([]model.Ref, b.nSchools)
	b.schoolOrgs = make([][]model.Ref, b.nSchools)
	width := widthFor(b.nSchools, 3)
	nameOrder := b.rng.Perm(len(namesakes))
	recs := []record{district}
	for i := range schools {
		level := schoolLevels[i%len(schoolLevels)]
		name := namesakes[nameOrder[i%len(namesakes)]] + " " + level.suffix
		if i >= len(namesakes) {
			name += " " + strconv.Itoa(i/len(namesakes)+1)
		}
		id := ident("school", i+1, width)
		schools[i] = model.Org{Base: b.base(id, false), Name: name, Type: "school", Identifier: ident("SCH", i+1, width), Parent: districtRef}
		b.schoolRefs[i] = model.Ref{SourcedID: id, Type: "org"}
		b.schoolOrgs[i] = b.schoolRefs[i : i+1 : i+1]
		recs = append(recs, &schools[i])
	}
	district.Children = b.schoolRefs
	b.d.orgs = newTable(recs)
	b.sample.District = district.SourcedID
	b.sample.School, b.sample.OtherSchool = b.schoolRefs[0].SourcedID, b.schoolRefs[1].SourcedID
}

// sessions: a school year, two terms, four grading periods.
func (b *builder) sessions() {
	b.yearRef = &model.Ref{SourcedID: schoolYearID, Type: "academicSession"}
	year := &model.AcademicSession{Base: b.base(schoolYearID, false), Title: "2024-2025 School Year",
		StartDate: yearStart, EndDate: yearEnd, Type: "schoolYear", SchoolYear: "2025"}
	recs := []record{year}
	b.termRefs = make([]model.Ref, len(terms))
	for i, t := range terms {
		b.termRefs[i] = model.Ref{SourcedID: t.id, Type: "academicSession"}
		recs = append(recs, &model.AcademicSession{
			Base: b.base(t.id, false), Title: t.title, StartDate: t.start, EndDate: t.end, Type: "term",
			Parent: b.yearRef, SchoolYear: "2025",
			Children: []model.Ref{
				{SourcedID: gradingPeriods[2*i].id, Type: "academicSession"},
				{SourcedID: gradingPeriods[2*i+1].id, Type: "academicSession"},
			},
		})
	}
	year.Children = b.termRefs
	for i, gp := range gradingPeriods {
		recs = append(recs, &model.AcademicSession{
			Base: b.base(gp.id, false), Title: gp.title, StartDate: gp.start, EndDate: gp.end, Type: "gradingPeriod",
			Parent: &b.termRefs[i/2], SchoolYear: "2025",
		})
	}
	b.d.sessions = newTable(recs)
	b.sample.SchoolYear = schoolYearID
}

// resources: three, attached to the courses of some subjects; one is
// tobedeleted.
func (b *builder) resources() {
	resources := []*model.Resource{
		{Base: b.base("resource-001", false), Title: "Algebra I Interactive Textbook", Role: "student", Roles: model.Strings{"student"}, Importance: "primary",
			VendorResourceID: "ALG1-ETEXT", VendorID: "vendor-openbook", ApplicationID: "app-reader"},
		{Base: b.base("resource-002", false), Title: "Virtual Science Lab", Importance: "secondary",
			VendorResourceID: "VSL-2024", VendorID: "vendor-labworks"},
		{Base: b.base("resource-003", true), Title: "Classic Literature Library", VendorResourceID: "LIT-LIB"},
	}
	recs := make([]record, len(resources))
	b.resourceRefs = make([][]model.Ref, len(resources)+1)
	for i, r := range resources {
		recs[i] = r
		b.resourceRefs[i+1] = []model.Ref{{SourcedID: r.SourcedID, Type: "resource"}}
	}
	b.d.resources = newTable(recs)
}

// makeCourses: every subject at every school.
func (b *builder) makeCourses() {
	b.courses = make([]model.Course, b.nSchools*len(subjects))
	b.courseRefs = make([]model.Ref, len(b.courses))
	width := widthFor(len(b.courses), 4)
	recs := make([]record, len(b.courses))
	for i := range b.courses {
		school, sub := i/len(subjects), subjects[i%len(subjects)]
		id := ident("course", i+1, width)
		c := model.Course{
			Base: b.base(id, false), Title: sub.title, SchoolYear: b.yearRef,
			CourseCode: sub.code + "-" + strconv.Itoa(school+1), Grades: schoolLevels[school%len(schoolLevels)].grades,
			Subjects: model.Strings{sub.title}, Org: &b.schoolRefs[school], Resources: b.resourceRefs[sub.resource],
		}
		if sub.scedCode != "" {
			c.SubjectCodes = model.Strings{sub.scedCode}
		}
		b.courses[i] = c
		b.courseRefs[i] = model.Ref{SourcedID: id, Type: "course"}
		recs[i] = &b.courses[i]
	}
	b.d.courses = newTable(recs)
}

// makeClasses: sections of the school's courses, enough for about 25
// students per class when each student takes four.
func (b *builder) makeClasses() {
	studentsAt := make([]int, b.nSchools)
	for j := range b.nStudents {
		studentsAt[b.schoolOfStudent(j)]++
	}
	b.firstClass = make([]int, b.nSchools+1)
	for i := range b.nSchools {
		b.firstClass[i+1] = b.firstClass[i] + max(len(subjects), (studentsAt[i]*4+24)/25)
	}
	n := b.firstClass[b.nSchools]
	b.classes = make([]model.Class, n)
	b.classRefs = make([]model.Ref, n)
	width := widthFor(n, 5)
	recs := make([]record, n)
	classTerms := [][]model.Ref{b.termRefs, b.termRefs[0:1], b.termRefs[1:2]} // year-long, fall, spring
	for school := range b.nSchools {
		level := schoolLevels[school%len(schoolLevels)]
		for k := range b.firstClass[school+1] - b.firstClass[school] {
			i := b.firstClass[school] + k
			ci := school*len(subjects) + k%len(subjects)
			course := &b.courses[ci]
			section := k/len(subjects) + 1
			id := ident("class", i+1, width)
			c := model.Class{
				Base:         b.base(id, false),
				Title:        course.Title + " - Section " + strconv.Itoa(section),
				ClassCode:    course.CourseCode + "-" + pad2(section),
				ClassType:    "scheduled",
				Grades:       model.Strings{level.grades[k%len(level.grades)]},
				Subjects:     course.Subjects,
				Course:       &b.courseRefs[ci],
				School:       &b.schoolRefs[school],
				Terms:        classTerms[k%len(classTerms)],
				SubjectCodes: course.SubjectCodes,
				Periods:      model.Strings{strconv.Itoa(k%8 + 1)},
			}
			if k == 0 {
				c.ClassType = "homeroom"
			}
			if k%5 != 4 {
				c.Location = "Room " + strconv.Itoa(100+k)
			}
			if k%4 == 0 {
				c.Resources = course.Resources
			}
			b.classes[i] = c
			b.classRefs[i] = model.Ref{SourcedID: id, Type: "class"}
			recs[i] = &b.classes[i]
		}
	}
	b.d.classes = newTable(recs)
}

// makeUsers: administrators, guardians, students and teachers. About one
// student and one teacher in a hundred is tobedeleted; the first two
// students are O'Brien and Zoë Müller.
func (b *builder) makeUsers() {
	recs := b.numberUsers()
	// Each guardian is the agent of one student, spread over the students.
	step := b.nStudents / b.nGuardians
	b.makeStudents(step)
	b.makeGuardians(step)
	b.makeTeachers()
	b.makeAdmins()
	b.addV1p2Fields()
	b.d.users = newTable(recs)
	b.sample.Administrator = b.userRefs[0].SourcedID
	b.sample.Guardian = b.userRefs[b.guardian(0)].SourcedID
}

// numberUsers gives every user its sourcedId: administrators, guardians,
// students and teachers, each numbered from 1. It returns the users as
// records.
func (b *builder) numberUsers() []record {
	b.users = make([]model.User, b.nAdmins+b.nGuardians+b.nStudents+b.nTeachers)
	b.userRefs = make([]model.Ref, len(b.users))
	recs := make([]record, len(b.users))
	adminW, guardianW, studentW, teacherW := widthFor(b.nAdmins, 3), widthFor(b.nGuardians, 4), widthFor(b.nStudents, 6), widthFor(b.nTeachers, 5)
	for i := range b.users {
		var id string
		switch {
		case i < b.guardian(0):
			id = ident("admin", i+1, adminW)
		case i < b.student(0):
			id = ident("guardian", i-b.guardian(0)+1, guardianW)
		case i < b.teacher(0):
			id = ident("student", i-b.student(0)+1, studentW)
		default:
			id = ident("teacher", i-b.teacher(0)+1, teacherW)
		}
		b.userRefs[i] = model.Ref{SourcedID: id, Type: "user"}
		recs[i] = &b.users[i]
	}
	return recs
}

// makeStudents fills in the students; every step-th one has a guardian
// as agent.
func (b *builder) makeStudents(step int) {
	grades := map[string]model.Strings{} // shared one-grade lists
	for _, level := range schoolLevels {
		for _, g := range level.grades {
			grades[g] = model.Strings{g}
		}
	}
	guardianOf := make(map[int]int, b.nGuardians)
	for g := range b.nGuardians {
		guardianOf[g*step] = g
	}
	for j := range b.nStudents {
		school := b.schoolOfStudent(j)
		level := schoolLevels[school%len(schoolLevels)]
		deleted := j%100 == 9
		num := strconv.Itoa(100000 + j + 1)
		u := model.User{
			Base: b.base(b.userRefs[b.student(j)].SourcedID, deleted), Role: "student",
			GivenName: b.pick(givenNames), FamilyName: b.pick(familyNames),
			Orgs: b.schoolOrgs[school], Grades: grades[b.pick(level.grades)], EnabledUser: boolRef(!deleted),
			Username: "s" + num, Identifier: "ST" + num,
		}
		u.UserIDs = []model.UserID{{Type: "studentNumber", Identifier: u.Identifier}}
		switch j {
		case 0:
			u.GivenName, u.FamilyName = "Aoife", "O'Brien"
			b.sample.OBrien = u.SourcedID
		case 1:
			u.GivenName, u.FamilyName = "Zoë", "Müller"
			b.sample.ZoeMuller = u.SourcedID
		}
		if deleted && b.sample.DeletedUser == "" {
			b.sample.DeletedUser = u.SourcedID
		}
		if b.rng.IntN(3) == 0 {
			u.MiddleName = b.pick(givenNames)
		}
		if j%3 != 2 {
			u.Email = u.Username + "@students.sandbox-usd.example.org"
		}
		if g, ok := guardianOf[j]; ok {
			u.Agents = b.userRefs[b.guardian(g) : b.guardian(g)+1 : b.guardian(g)+1]
		}
		b.users[b.student(j)] = u
	}
}

// makeGuardians fills in the guardians, each the agent of every step-th
// student.
func (b *builder) makeGuardians(step int) {
	for g := range b.nGuardians {
		child := g * step
		num := strconv.Itoa(10000 + g + 1)
		u := model.User{
			Base: b.base(b.userRefs[b.guardian(g)].SourcedID, false), Role: "guardian",
			GivenName: b.pick(givenNames), FamilyName: b.pick(familyNames),
			Username: "g" + num, Email: "g" + num + "@families.example.net", Phone: "+1-555-01" + num[len(num)-2:],
			Agents: b.userRefs[b.student(child) : b.student(child)+1 : b.student(child)+1],
			Orgs:   b.schoolOrgs[b.schoolOfStudent(child)],
		}
		if g%2 == 0 {
			u.SMS = u.Phone
		}
		b.users[b.guardian(g)] = u
	}
}

func (b *builder) makeTeachers() {
	for t := range b.nTeachers {
		deleted := t%100 == 7
		num := strconv.Itoa(10000 + t + 1)
		u := model.User{
			Base: b.base(b.userRefs[b.teacher(t)].SourcedID, deleted), Role: "teacher",
			GivenName: b.pick(givenNames), FamilyName: b.pick(familyNames),
			Username: "t" + num, Identifier: "TCH" + num, Email: "t" + num + "@sandbox-usd.example.org",
			Orgs: b.schoolOrgs[b.schoolOfTeacher(t)], EnabledUser: boolRef(!deleted),
		}
		u.UserIDs = []model.UserID{{Type: "LDAP", Identifier: u.Username}}
		if b.rng.IntN(4) == 0 {
			u.MiddleName = b.pick(givenNames)
		}
		b.users[b.teacher(t)] = u
	}
}

// makeAdmins fills in the administrators: the district's, then one per
// school.
func (b *builder) makeAdmins() {
	for a := range b.nAdmins {
		num := strconv.Itoa(100 + a + 1)
		u := model.User{
			Base: b.base(b.userRefs[a].SourcedID, false), Role: "administrator",
			GivenName: b.pick(givenNames), FamilyName: b.pick(familyNames),
			Username: "a" + num, Identifier: "ADM" + num, Email: "a" + num + "@sandbox-usd.example.org",
			Orgs: b.districtOrgs, EnabledUser: boolTrue, Phone: "+1-555-02" + num[len(num)-2:],
		}
		if a > 0 { // one administrator per school after the district's
			u.Orgs = b.schoolOrgs[a-1]
		}
		u.UserIDs = []model.UserID{{Type: "LDAP", Identifier: u.Username}}
		b.users[a] = u
	}
}

// pronounsCycle are the pronouns 1.2 users state, for some of them.
var pronounsCycle = []string{"she/her", "he/him", "they/them"}

// addV1p2Fields gives every user what OneRoster 1.2 adds: roles (one per
// org, the first primary; 1.1 readers see role and orgs), a master
// identifier and primary org, and for some preferred names and pronouns.
// Every tenth teacher also administers its school: at the same school, so
// that 1.1's single role and orgs still tell the truth about it. It draws
// nothing from the random source and changes no 1.1 field, so the 1.1
// district stays what it was.
func (b *builder) addV1p2Fields() {
	for i := range b.users {
		u := &b.users[i]
		if t := i - b.teacher(0); t >= 0 && t%10 == 3 && len(u.Orgs) > 0 {
			// The administrator role uses an account of its own in the
			// district's admin console, named by its profile.
			profile := "https://admin.sandbox-usd.example.org/profiles/" + u.SourcedID
			u.UserProfiles = []model.UserProfile{{ProfileID: profile, ProfileType: "admin-console", VendorID: "sandbox-usd", Description: "District admin console"}}
			u.Roles = []model.Role{
				{RoleType: "secondary", Role: "administrator", Org: &u.Orgs[0], BeginDate: "2024-08-01", UserProfile: profile},
				{RoleType: model.RoleTypePrimary, Role: u.Role, Org: &u.Orgs[0]},
			}
			if b.sample.MultiRoleTeacher == "" {
				b.sample.MultiRoleTeacher = u.SourcedID
			}
		} else {
			for k := range u.Orgs {
				roleType := "secondary"
				if k == 0 {
					roleType = model.RoleTypePrimary
				}
				u.Roles = append(u.Roles, model.Role{RoleType: roleType, Role: u.Role, Org: &u.Orgs[k]})
			}
		}
		if len(u.Orgs) > 0 {
			u.PrimaryOrg = &u.Orgs[0]
		}
		umi := "UMI-" + u.SourcedID
		u.UserMasterIdentifier = &umi
		if i%4 == 1 {
			preferred := u.GivenName[:min(3, len(u.GivenName))]
			u.PreferredFirstName = &preferred
		}
		if i%3 == 0 {
			u.Pronouns = &pronounsCycle[i%len(pronounsCycle)]
		}
		if i%5 == 2 && len(b.resourceRefs) > 1 {
			// Some users have a resource of their own (1.2's user.resources).
			u.Resources = b.resourceRefs[1+i%(len(b.resourceRefs)-1)]
		}
	}
}

// races are the race flags of demographics.
var races = []func(*model.Demographics) **model.Bool{
	func(x *model.Demographics) **model.Bool { return &x.AmericanIndianOrAlaskaNative },
	func(x *model.Demographics) **model.Bool { return &x.Asian },
	func(x *model.Demographics) **model.Bool { return &x.BlackOrAfricanAmerican },
	func(x *model.Demographics) **model.Bool { return &x.NativeHawaiianOrOtherPacificIslander },
	func(x *model.Demographics) **model.Bool { return &x.White },
}

// demographics of every student, some with fields left out.
func (b *builder) demographics() {
	all := make([]model.Demographics, b.nStudents)
	recs := make([]record, b.nStudents)
	for j := range all {
		s := &b.users[b.student(j)]
		x := &all[j]
		x.Base = model.Base{SourcedID: s.SourcedID, Status: s.Status, DateLastModified: s.DateLastModified}
		grade, _ := strconv.Atoi(s.Grades[0]) // KG reads as 0
		x.BirthDate = strconv.Itoa(2025-6-grade-b.rng.IntN(2)) + "-" + pad2(1+b.rng.IntN(12)) + "-" + pad2(1+b.rng.IntN(28))
		x.Sex = b.pick([]string{"male", "female"})
		if j%7 != 3 {
			race := b.rng.IntN(len(races) + 1) // len(races): two or more
			for r, flag := range races {
				*flag(x) = boolRef(r == race)
			}
			x.DemographicRaceTwoOrMoreRaces = boolRef(race == len(races))
			x.HispanicOrLatinoEthnicity = boolRef(b.rng.IntN(3) == 0)
		}
		if j%11 != 5 {
			x.CountryOfBirthCode = "US"
			if j%2 == 0 {
				x.StateOfBirthAbbreviation = b.pick(states)
				x.CityOfBirth = b.pick(cities)
			}
		}
		if j%13 == 0 {
			x.PublicSchoolResidenceStatus = "01652"
		}
		recs[j] = x
	}
	b.d.demographics = newTable(recs)
}

// makeEnrollments puts each student in four classes of their school and
// gives each class a primary teacher, and every fifth one a second,
// non-primary teacher. About one enrollment in a hundred is tobedeleted.
func (b *builder) makeEnrollments() {
	classesOf := b.placeStudents()
	total := b.placeTeachers(classesOf)
	b.writeEnrollments(total)
	b.indexClassesByUser(classesOf, total)
}

// placeStudents puts each student in four classes of their school
// (b.classStudents), and returns each user's class numbers, ascending,
// by user: the students' so far.
func (b *builder) placeStudents() (classesOf [][]int32) {
	b.classStudents = make([][]int32, len(b.classes))
	classesOf = make([][]int32, len(b.users))
	studentClasses := make([]int32, 0, 4*b.nStudents)
	for j := range b.nStudents {
		school := b.schoolOfStudent(j)
		lo, n := b.firstClass[school], b.firstClass[school+1]-b.firstClass[school]
		first := len(studentClasses)
		for range min(4, n) {
			c := int32(lo + b.rng.IntN(n))
			for slices.Contains(studentClasses[first:], c) {
				c = int32(lo + b.rng.IntN(n))
			}
			studentClasses = append(studentClasses, c)
			b.classStudents[c] = append(b.classStudents[c], int32(j))
		}
		mine := studentClasses[first:len(studentClasses):len(studentClasses)]
		slices.Sort(mine)
		classesOf[b.student(j)] = mine
	}
	return classesOf
}

// placeTeachers gives each class a primary teacher of its school, and
// every fifth one a second, non-primary teacher (b.classTeachers), and
// adds their classes to classesOf. It returns the number of enrollments.
func (b *builder) placeTeachers(classesOf [][]int32) (total int) {
	teachersAt := make([][]int, b.nSchools)
	for t := range b.nTeachers {
		teachersAt[b.schoolOfTeacher(t)] = append(teachersAt[b.schoolOfTeacher(t)], t)
	}
	b.classTeachers = make([][]classTeacher, len(b.classes))
	for school := range b.nSchools {
		staff := teachersAt[school]
		for k := range b.firstClass[school+1] - b.firstClass[school] {
			i := b.firstClass[school] + k
			b.classTeachers[i] = append(b.classTeachers[i], classTeacher{staff[k%len(staff)], true})
			if k%5 == 2 && len(staff) > 1 {
				b.classTeachers[i] = append(b.classTeachers[i], classTeacher{staff[(k+1)%len(staff)], false})
			}
			for _, ct := range b.classTeachers[i] {
				classesOf[b.teacher(ct.teacher)] = append(classesOf[b.teacher(ct.teacher)], int32(i))
			}
			total += len(b.classTeachers[i]) + len(b.classStudents[i])
		}
	}
	return total
}

// writeEnrollments writes the enrollments, class by class: its teachers,
// then its students, one student enrollment in three without dates.
func (b *builder) writeEnrollments(total int) {
	b.enrollments = make([]model.Enrollment, 0, total)
	b.firstEnroll = make([]int, len(b.classes))
	width := widthFor(total, 7)
	next := func() model.Base {
		n := len(b.enrollments) + 1
		return b.base(ident("enrollment", n, width), n%100 == 50)
	}
	for i := range b.classes {
		class := &b.classes[i]
		begin, end := termBounds(class.Terms)
		b.firstEnroll[i] = len(b.enrollments)
		for _, ct := range b.classTeachers[i] {
			b.enrollments = append(b.enrollments, model.Enrollment{
				Base: next(), User: &b.userRefs[b.teacher(ct.teacher)], Class: &b.classRefs[i], School: class.School,
				Role: "teacher", Primary: boolRef(ct.primary), BeginDate: begin, EndDate: end,
			})
		}
		for _, s := range b.classStudents[i] {
			e := model.Enrollment{Base: next(), User: &b.userRefs[b.student(int(s))], Class: &b.classRefs[i], School: class.School, Role: "student"}
			if len(b.enrollments)%3 != 2 {
				e.BeginDate, e.EndDate = begin, end
			}
			b.enrollments = append(b.enrollments, e)
		}
	}
	recs := make([]record, len(b.enrollments))
	for i := range b.enrollments {
		recs[i] = &b.enrollments[i]
	}
	b.d.enrollments = newTable(recs)
}

// indexClassesByUser records each user's classes (classesOf) as the
// district's classesByUser: deriving them from 800,000 enrollments is
// slow, and the builder knows them already.
func (b *builder) indexClassesByUser(classesOf [][]int32, total int) {
	b.d.classesByUser = make(relation, b.nStudents+b.nTeachers)
	backing := make([]record, 0, total)
	for u, list := range classesOf {
		if len(list) == 0 {
			continue
		}
		first := len(backing)
		for _, c := range list {
			backing = append(backing, &b.classes[c])
		}
		b.d.classesByUser[b.users[u].SourcedID] = backing[first:len(backing):len(backing)]
	}
}

// gradebook: four categories, and three line items with results for up
// to ten classes spread over the district. The first of these classes is
// the sample class.
func (b *builder) gradebook() {
	recs := make([]record, len(categoryTitles))
	b.categoryRefs = make([]model.Ref, len(categoryTitles))
	for i, title := range categoryTitles {
		id := ident("category", i+1, 3)
		recs[i] = &model.Category{Base: b.base(id, false), Title: title}
		b.categoryRefs[i] = model.Ref{SourcedID: id, Type: "category"}
	}
	b.d.categories = newTable(recs)

	var lineItems, results []record
	nClasses := len(b.classes)
	graded := min(10, nClasses)
	for k := range graded {
		i := k * nClasses / graded
		if k == 0 { // the sample class: the first with a resource
			for i < nClasses-1 && b.classes[i].Resources == nil {
				i++
			}
		}
		class := &b.classes[i]
		term := class.Terms[0].SourcedID
		gp, assigned := gradingPeriods[0].id, time.Date(2024, time.September, 2+k, 8, 0, 0, 0, time.UTC)
		if term == terms[1].id {
			gp, assigned = gradingPeriods[2].id, time.Date(2025, time.January, 8+k, 8, 0, 0, 0, time.UTC)
		}
		gpRef := &model.Ref{SourcedID: gp, Type: "academicSession"}
		for item, title := range []string{"Homework 1", "Quiz 1", "Unit Test 1"} {
			at := assigned.AddDate(0, 0, 7*item)
			li := &model.LineItem{
				Base: b.base(ident("lineitem", len(lineItems)+1, 5), false), Title: title,
				AssignDate: at.Format(time.RFC3339), DueDate: at.AddDate(0, 0, 7).Add(15 * time.Hour).Format(time.RFC3339),
				Class: &b.classRefs[i], Category: &b.categoryRefs[item], GradingPeriod: gpRef,
				ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(100),
			}
			if item == 2 {
				li.Description = "End of unit assessment"
			}
			lineItems = append(lineItems, li)
			liRef := &model.Ref{SourcedID: li.SourcedID, Type: "lineItem"}
			for _, s := range b.classStudents[i] {
				student := b.student(int(s))
				res := &model.Result{
					Base:     b.base(ident("result", len(results)+1, 6), false),
					LineItem: liRef, Student: &b.userRefs[student], ScoreStatus: b.scoreStatus(),
				}
				if res.ScoreStatus == model.ScoreStatusFullyGraded || res.ScoreStatus == model.ScoreStatusPartiallyGraded {
					res.Score = model.NumberPtr(float64(100+b.rng.IntN(101)) / 2)
					res.ScoreDate = li.DueDate[:10]
					if b.rng.IntN(4) == 0 {
						res.Comment = "Good work; see the rubric for details."
					}
				}
				results = append(results, res)
				if k == 0 && item == 0 && b.sample.Result == "" && !b.users[student].IsDeleted() {
					x := &b.sample
					x.Class, x.Course, x.School = class.SourcedID, class.Course.SourcedID, class.School.SourcedID
					x.Term, x.GradingPeriod, x.Category = term, gp, b.categoryRefs[item].SourcedID
					x.LineItem, x.Result, x.Student = li.SourcedID, res.SourcedID, b.users[student].SourcedID
				}
			}
		}
	}
	b.d.lineItems = newTable(lineItems)
	b.d.results = newTable(results)
}

// scoreStatus draws a score status: mostly fully graded.
func (b *builder) scoreStatus() string {
	switch roll := b.rng.IntN(20); {
	case roll < 14:
		return model.ScoreStatusFullyGraded
	case roll < 16:
		return model.ScoreStatusSubmitted
	case roll < 18:
		return model.ScoreStatusNotSubmitted
	case roll < 19:
		return model.ScoreStatusExempt
	}
	return model.ScoreStatusPartiallyGraded
}

// finishSample fills in the sample around its class.
func (b *builder) finishSample() {
	x := &b.sample
	for i := range b.classes {
		if b.classes[i].SourcedID != x.Class {
			continue
		}
		x.Teacher = b.userRefs[b.teacher(b.classTeachers[i][0].teacher)].SourcedID
		for e := b.firstEnroll[i]; e < len(b.enrollments) && b.enrollments[e].Class == &b.classRefs[i]; e++ {
			if b.enrollments[e].User.SourcedID == x.Student {
				x.Enrollment = b.enrollments[e].SourcedID
			}
		}
	}
	for _, ref := range b.schoolRefs {
		if ref.SourcedID != x.School {
			x.OtherSchool = ref.SourcedID
			break
		}
	}
	if course := b.d.courses.get(x.Course); course != nil && len(recordAs[model.Course](course).Resources) > 0 {
		x.Resource = recordAs[model.Course](course).Resources[0].SourcedID
	}
}

// termBounds returns the first start and last end date of terms.
func termBounds(refs []model.Ref) (begin, end string) {
	for _, ref := range refs {
		for _, t := range terms {
			if t.id != ref.SourcedID {
				continue
			}
			if begin == "" || t.start < begin {
				begin = t.start
			}
			if t.end > end {
				end = t.end
			}
		}
	}
	return begin, end
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func boolRef(b bool) *model.Bool {
	if b {
		return boolTrue
	}
	return boolFalse
}
