package sandbox

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// topic describes one collection endpoint: its URL segment, its
// envelopes, the record type it holds and where its records come from.
// Everything generic (listing, lookup, encoding, counting) works from
// this description.
type topic struct {
	name  string // URL segment: "schools"
	many  string // collection envelope key: "orgs"
	one   string // single envelope key: "org"
	noun  string // for messages: "school"
	shape *shape
	// shapes are shape as each version's queries see it (by version):
	// a filter, sort or field selection on a field the version's records
	// lack is refused as an unknown field.
	shapes map[string]*shape
	// list returns the records GET /<name> lists, sorted by sourcedId.
	list func(d *district) []record
}

// get returns the record of this topic with sourcedId id, or nil.
func (t *topic) get(d *district, id string) record { return find(t.list(d), id) }

var topics = map[string]*topic{}

func addTopic(name, many, one, noun string, sample any, list func(d *district) []record) *topic {
	s := shapeOf(reflect.TypeOf(sample))
	t := &topic{name: name, many: many, one: one, noun: noun, shape: s, list: list,
		shapes: map[string]*shape{v1p1: s.forVersion(v1p1), v1p2: s.forVersion(v1p2)}}
	topics[name] = t
	return t
}

var (
	topicOrgs             = addTopic("orgs", "orgs", "org", "org", model.Org{}, func(d *district) []record { return d.orgs.items })
	topicSchools          = addTopic("schools", "orgs", "org", "school", model.Org{}, func(d *district) []record { return d.schools })
	topicAcademicSessions = addTopic(
		"academicSessions",
		"academicSessions",
		"academicSession",
		"academic session",
		model.AcademicSession{},
		func(d *district) []record { return d.sessions.items },
	)
	topicTerms = addTopic(
		"terms",
		"academicSessions",
		"academicSession",
		"term",
		model.AcademicSession{},
		func(d *district) []record { return d.terms },
	)
	topicGradingPeriods = addTopic(
		"gradingPeriods",
		"academicSessions",
		"academicSession",
		"grading period",
		model.AcademicSession{},
		func(d *district) []record { return d.gradingPeriods },
	)
	topicCourses     = addTopic("courses", "courses", "course", "course", model.Course{}, func(d *district) []record { return d.courses.items })
	topicClasses     = addTopic("classes", "classes", "class", "class", model.Class{}, func(d *district) []record { return d.classes.items })
	topicUsers       = addTopic("users", "users", "user", "user", model.User{}, func(d *district) []record { return d.users.items })
	topicStudents    = addTopic("students", "users", "user", "student", model.User{}, func(d *district) []record { return d.students })
	topicTeachers    = addTopic("teachers", "users", "user", "teacher", model.User{}, func(d *district) []record { return d.teachers })
	topicEnrollments = addTopic(
		"enrollments",
		"enrollments",
		"enrollment",
		"enrollment",
		model.Enrollment{},
		func(d *district) []record { return d.enrollments.items },
	)
	topicDemographics = addTopic(
		"demographics",
		"demographics",
		"demographics",
		"demographics record",
		model.Demographics{},
		func(d *district) []record { return d.demographics.items },
	)
	topicResources = addTopic(
		"resources",
		"resources",
		"resource",
		"resource",
		model.Resource{},
		func(d *district) []record { return d.resources.items },
	)
	topicCategories = addTopic(
		"categories",
		"categories",
		"category",
		"category",
		model.Category{},
		func(d *district) []record { return d.categories.items },
	)
	topicLineItems = addTopic(
		"lineItems",
		"lineItems",
		"lineItem",
		"line item",
		model.LineItem{},
		func(d *district) []record { return d.lineItems.items },
	)
	topicResults = addTopic("results", "results", "result", "result", model.Result{}, func(d *district) []record { return d.results.items })

	// OneRoster 1.2 only.
	topicScoreScales = addTopic(
		"scoreScales",
		"scoreScales",
		"scoreScale",
		"score scale",
		model.ScoreScale{},
		func(d *district) []record { return d.scoreScales.items },
	)
	topicAssessmentLineItems = addTopic(
		"assessmentLineItems",
		"assessmentLineItems",
		"assessmentLineItem",
		"assessment line item",
		model.AssessmentLineItem{},
		func(d *district) []record { return d.assessmentLineItems.items },
	)
	topicAssessmentResults = addTopic(
		"assessmentResults",
		"assessmentResults",
		"assessmentResult",
		"assessment result",
		model.AssessmentResult{},
		func(d *district) []record { return d.assessmentResults.items },
	)
)

// refPaths maps a GUIDRef type to the collection its href points into.
var refPaths = map[string]string{
	"org": "orgs", "school": "schools", "academicSession": "academicSessions", "term": "terms",
	"gradingPeriod": "gradingPeriods", "course": "courses", "class": "classes", "user": "users",
	"student": "students", "teacher": "teachers", "enrollment": "enrollments",
	"demographics": "demographics", "resource": "resources", "category": "categories",
	"lineItem": "lineItems", "result": "results", "scoreScale": "scoreScales",
	"assessmentLineItem": "assessmentLineItems", "assessmentResult": "assessmentResults",
}

// basePathFor is the base path of the service that serves records of a
// GUIDRef type under version: 1.1 serves everything under one base path,
// 1.2 splits rostering, gradebook and resources into services of their
// own, so that an href points into the service that answers it.
func basePathFor(version, refType string) string {
	if version == v1p1 {
		return BasePath
	}
	switch refType {
	case "category", "lineItem", "result", "scoreScale", "assessmentLineItem", "assessmentResult":
		return BasePathGradebookV1p2
	case "resource":
		return BasePathResourcesV1p2
	}
	return BasePathV1p2
}

// fieldKind is how a record field is read, compared and encoded.
type fieldKind int

const (
	kindString     fieldKind = iota // string, model.String
	kindBool                        // *model.Bool
	kindNumber                      // *model.Number
	kindRef                         // *model.Ref
	kindRefs                        // []model.Ref
	kindStrings                     // model.Strings
	kindUserIDs                     // []model.UserID
	kindObject                      // map[string]any (metadata)
	kindOptString                   // *string: a 1.2 field, absent when nil
	kindRoles                       // []model.Role (1.2 users)
	kindProfiles                    // []model.UserProfile (1.2 users)
	kindStringBool                  // *model.StringBool: 1.2's "true"/"false"
	kindList                        // any other slice (learning objectives, scale values), encoded as JSON
)

// Versions of the binding the sandbox serves, as their base paths name
// them.
const (
	v1p1 = "v1p1"
	v1p2 = "v1p2"
)

// onlyIn names the record fields that one version has and the other
// lacks, by Go type and JSON name: 1.2 users carry roles[] where 1.1 users
// carry role and orgs, and fields 1.1 has not. One district serves both,
// so the records hold both, and the encoder leaves out the other
// version's.
var onlyIn = map[string]string{
	"User.role": v1p1, "User.orgs": v1p1,
	"User.roles": v1p2, "User.userMasterIdentifier": v1p2, "User.preferredFirstName": v1p2,
	"User.preferredMiddleName": v1p2, "User.preferredLastName": v1p2, "User.pronouns": v1p2, "User.primaryOrg": v1p2, "User.userProfiles": v1p2,
	"Category.weight": v1p2,
	"LineItem.school": v1p2, "LineItem.academicSession": v1p2, "LineItem.scoreScale": v1p2, "LineItem.learningObjectiveSet": v1p2,
	"Result.class": v1p2, "Result.scoreScale": v1p2, "Result.textScore": v1p2, "Result.learningObjectiveSet": v1p2,
	"Result.inProgress": v1p2, "Result.incomplete": v1p2, "Result.late": v1p2, "Result.missing": v1p2,
	"Resource.role": v1p1, "Resource.roles": v1p2, "User.resources": v1p2,
}

// field is one top-level JSON field of a record type.
type field struct {
	name     string
	index    []int
	kind     fieldKind
	optional bool   // omitempty: absent when empty
	version  string // the one version whose records have the field; "" for both
}

// inVersion reports whether records of version have the field.
func (f *field) inVersion(version string) bool { return f.version == "" || f.version == version }

// subfields names what a dotted filter may select inside a field
// ("school.sourcedId", "userIds.identifier"); the first is the default
// when a filter names the field alone.
func (f *field) subfields() []string {
	switch f.kind {
	case kindRef, kindRefs:
		return []string{"sourcedId", "type"}
	case kindUserIDs:
		return []string{"identifier", "type"}
	case kindRoles:
		return []string{"role", "roleType", "org.sourcedId", "userProfile"}
	case kindProfiles:
		return []string{"profileId", "profileType", "vendorId"}
	}
	return nil
}

// shape lists the fields of a record type in encoding order (Base first).
type shape struct {
	fields []*field
	byName map[string]*field // the fields queries may name
}

// forVersion is s as queries of version see it: the same fields, in the same
// order (field selections index them), of which only those records of
// version have can be named.
func (s *shape) forVersion(version string) *shape {
	v := &shape{fields: s.fields, byName: map[string]*field{}}
	for name, f := range s.byName {
		if f.inVersion(version) {
			v.byName[name] = f
		}
	}
	return v
}

// names lists the fields queries may name, in encoding order.
func (s *shape) names() string {
	var names []string
	for _, f := range s.fields {
		if s.byName[f.name] == f {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, ", ")
}

var (
	typeBool    = reflect.TypeOf((*model.Bool)(nil))
	typeNumber  = reflect.TypeOf((*model.Number)(nil))
	typeRef     = reflect.TypeOf((*model.Ref)(nil))
	typeRefs    = reflect.TypeOf([]model.Ref(nil))
	typeStrings = reflect.TypeOf(model.Strings(nil))
	typeUserIDs = reflect.TypeOf([]model.UserID(nil))
	typeOptStr  = reflect.TypeOf((*string)(nil))
	typeRoles   = reflect.TypeOf([]model.Role(nil))
	typeProfile = reflect.TypeOf([]model.UserProfile(nil))
	typeStrBool = reflect.TypeOf((*model.StringBool)(nil))
)

// shapeOf reads the JSON fields of a model struct type (once per topic,
// at start-up).
func shapeOf(t reflect.Type) *shape {
	s := &shape{byName: map[string]*field{}}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			index := append(append([]int(nil), prefix...), i)
			if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
				walk(sf.Type, index)
				continue
			}
			tag := sf.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if !sf.IsExported() || name == "-" || name == "" {
				continue
			}
			f := &field{name: name, index: index, optional: strings.Contains(opts, "omitempty"), version: onlyIn[t.Name()+"."+name]}
			switch sf.Type {
			case typeBool:
				f.kind = kindBool
			case typeNumber:
				f.kind = kindNumber
			case typeRef:
				f.kind = kindRef
			case typeRefs:
				f.kind = kindRefs
			case typeStrings:
				f.kind = kindStrings
			case typeUserIDs:
				f.kind = kindUserIDs
			case typeOptStr:
				f.kind = kindOptString
			case typeRoles:
				f.kind = kindRoles
			case typeProfile:
				f.kind = kindProfiles
			case typeStrBool:
				f.kind = kindStringBool
			default:
				switch sf.Type.Kind() {
				case reflect.String:
					f.kind = kindString
				case reflect.Map:
					f.kind = kindObject
				case reflect.Slice:
					f.kind = kindList
				default:
					panic("sandbox: no field kind for " + t.Name() + "." + sf.Name)
				}
			}
			s.fields = append(s.fields, f)
			s.byName[name] = f
		}
	}
	walk(t, nil)
	return s
}

// fieldAs returns a field value as T. Field kinds come from the Go
// types, so a mismatch is a bug in the sandbox.
func fieldAs[T any](v reflect.Value) T {
	x, ok := v.Interface().(T)
	if !ok {
		panic(fmt.Sprintf("sandbox: field of type %s read as %T", v.Type(), x))
	}
	return x
}

// value returns the field f of rec (a pointer to a struct).
func (f *field) value(rec record) reflect.Value {
	return reflect.ValueOf(rec).Elem().FieldByIndex(f.index)
}
