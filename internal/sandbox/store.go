package sandbox

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// A record is a pointer to one of the model structs (*model.Org,
// *model.User…). Stored records are never modified in place: a write
// stores a new pointer, so a slice handed to an encoder stays consistent.
type record = any

// baseOf returns the Base of a record.
func baseOf(rec record) *model.Base {
	switch v := rec.(type) {
	case *model.Org:
		return &v.Base
	case *model.AcademicSession:
		return &v.Base
	case *model.Course:
		return &v.Base
	case *model.Class:
		return &v.Base
	case *model.User:
		return &v.Base
	case *model.Enrollment:
		return &v.Base
	case *model.Demographics:
		return &v.Base
	case *model.Category:
		return &v.Base
	case *model.LineItem:
		return &v.Base
	case *model.Result:
		return &v.Base
	case *model.Resource:
		return &v.Base
	case *model.ScoreScale:
		return &v.Base
	case *model.AssessmentLineItem:
		return &v.Base
	case *model.AssessmentResult:
		return &v.Base
	}
	panic("sandbox: not a record: " + reflect.TypeOf(rec).String())
}

// recordAs returns rec as a *T. A table holds records of one type, so a
// mismatch is a bug in the sandbox (and a 500 to the client).
func recordAs[T any](rec record) *T {
	v, ok := rec.(*T)
	if !ok {
		panic(fmt.Sprintf("sandbox: a %T where a %T belongs", rec, v))
	}
	return v
}

func idOf(rec record) string { return baseOf(rec).SourcedID }

func isActive(rec record) bool { return !baseOf(rec).IsDeleted() }

// table holds one collection's records sorted by sourcedId, so that an
// unfiltered page is a slice of it and a lookup is a binary search.
type table struct {
	items []record
}

// newTable sorts items by sourcedId and wraps them.
func newTable(items []record) *table {
	sortByID(items)
	return &table{items: items}
}

// search returns where id is or would be in items, sorted by sourcedId.
func search(items []record, id string) (int, bool) {
	return slices.BinarySearchFunc(items, id, func(rec record, id string) int {
		return strings.Compare(idOf(rec), id)
	})
}

// find returns the record with sourcedId id in items (sorted), or nil.
func find(items []record, id string) record {
	if i, ok := search(items, id); ok {
		return items[i]
	}
	return nil
}

func (t *table) get(id string) record { return find(t.items, id) }

// put inserts or replaces rec and reports whether it was inserted. The
// slice is copied, never changed under a reader holding the old one.
func (t *table) put(rec record) (created bool) {
	i, ok := search(t.items, idOf(rec))
	items := make([]record, 0, len(t.items)+1)
	items = append(items, t.items[:i]...)
	items = append(items, rec)
	if ok {
		items = append(items, t.items[i+1:]...)
	} else {
		items = append(items, t.items[i:]...)
	}
	t.items = items
	return !ok
}

// remove deletes the record with sourcedId id and reports whether it was
// there.
func (t *table) remove(id string) bool {
	i, ok := search(t.items, id)
	if !ok {
		return false
	}
	t.items = slices.Concat(t.items[:i], t.items[i+1:])
	return true
}

// relation maps a parent's sourcedId to related records, each list sorted
// by sourcedId.
type relation map[string][]record

// district is the sandbox's data: rostering tables (fixed once generated),
// gradebook tables (changed by PUT and DELETE), and the views and
// relations the nested endpoints list.
type district struct {
	orgs, sessions, courses, classes, users, enrollments, demographics, resources *table
	categories, lineItems, results                                                *table
	// OneRoster 1.2's gradebook only.
	scoreScales, assessmentLineItems, assessmentResults *table
	// serverIDs counts the sourcedIds the server allocated itself (the
	// AllocateSourcedIDs quirk), by GUIDRef type.
	serverIDs map[string]int

	// Views of the tables above, sorted by sourcedId.
	schools, terms, gradingPeriods, students, teachers []record

	classesBySchool, coursesBySchool, termsBySchool         relation
	studentsBySchool, teachersBySchool, enrollmentsBySchool relation
	enrollmentsByClass, classesByUser, classesByCourse      relation
	classesByTerm, gradingPeriodsByTerm                     relation

	sample Sample
}

// view returns the records of t that keep says to, in order.
func view(t *table, keep func(record) bool) []record {
	var out []record
	for _, rec := range t.items {
		if keep(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// relate groups the records of items by their key ("" for none), keeping
// their order. A group whose records are adjacent in items is a subslice
// of it, so that the relations of a large district cost little memory.
func relate(items []record, key func(record) string) relation {
	rel := relation{}
	owned := map[string]bool{} // groups that are copies, free to append to
	for start := 0; start < len(items); {
		k := key(items[start])
		end := start + 1
		for end < len(items) && key(items[end]) == k {
			end++
		}
		switch prev, seen := rel[k]; {
		case k == "":
		case !seen:
			rel[k] = items[start:end:end]
		case owned[k]:
			rel[k] = append(prev, items[start:end]...)
		default:
			rel[k] = slices.Concat(prev, items[start:end])
			owned[k] = true
		}
		start = end
	}
	return rel
}

// index builds the views and relations from the tables, but for
// classesByUser, which the builder sets (deriving it from the enrollments
// of a large district is slow). Users belong to the school of their first
// org.
func (d *district) index() {
	d.schools = view(d.orgs, func(r record) bool { return recordAs[model.Org](r).Type == "school" })
	d.terms = view(d.sessions, func(r record) bool { return recordAs[model.AcademicSession](r).Type == "term" })
	d.gradingPeriods = view(d.sessions, func(r record) bool { return recordAs[model.AcademicSession](r).Type == "gradingPeriod" })
	d.students = view(d.users, func(r record) bool { return recordAs[model.User](r).Role == "student" })
	d.teachers = view(d.users, func(r record) bool { return recordAs[model.User](r).Role == "teacher" })

	one := func(ref *model.Ref) string {
		if ref == nil {
			return ""
		}
		return ref.SourcedID
	}
	firstOrg := func(r record) string {
		if orgs := recordAs[model.User](r).Orgs; len(orgs) > 0 {
			return orgs[0].SourcedID
		}
		return ""
	}
	d.classesBySchool = relate(d.classes.items, func(r record) string { return one(recordAs[model.Class](r).School) })
	d.classesByCourse = relate(d.classes.items, func(r record) string { return one(recordAs[model.Class](r).Course) })
	d.coursesBySchool = relate(d.courses.items, func(r record) string { return one(recordAs[model.Course](r).Org) })
	d.studentsBySchool = relate(d.students, firstOrg)
	d.teachersBySchool = relate(d.teachers, firstOrg)
	d.enrollmentsBySchool = relate(d.enrollments.items, func(r record) string { return one(recordAs[model.Enrollment](r).School) })
	d.enrollmentsByClass = relate(d.enrollments.items, func(r record) string { return one(recordAs[model.Enrollment](r).Class) })
	d.gradingPeriodsByTerm = relate(d.gradingPeriods, func(r record) string { return one(recordAs[model.AcademicSession](r).Parent) })
	d.classesByTerm = relation{}
	for _, r := range d.classes.items {
		for _, t := range recordAs[model.Class](r).Terms {
			d.classesByTerm[t.SourcedID] = append(d.classesByTerm[t.SourcedID], r)
		}
	}

	d.termsBySchool = relation{}
	for school, classes := range d.classesBySchool {
		seen := map[string]bool{}
		for _, c := range classes {
			for _, t := range recordAs[model.Class](c).Terms {
				if !seen[t.SourcedID] {
					seen[t.SourcedID] = true
					if rec := find(d.terms, t.SourcedID); rec != nil {
						d.termsBySchool[school] = append(d.termsBySchool[school], rec)
					}
				}
			}
		}
		sortByID(d.termsBySchool[school])
	}
}

func sortByID(items []record) {
	byID := func(a, b record) int { return strings.Compare(idOf(a), idOf(b)) }
	if !slices.IsSortedFunc(items, byID) {
		slices.SortFunc(items, byID)
	}
}
