package sandbox

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// Accessors for tests: they read the data as GET /<collection> lists it,
// without HTTP, auth or quirks. collection is a URL segment of the binding
// ("users", "students", "schools", "lineItems"…), 1.2's included
// ("scoreScales", "assessmentLineItems", "assessmentResults"); an unknown
// one reads as empty. Records hold the fields of both versions.

// Count returns how many active (not tobedeleted) records GET /<collection>
// lists.
func (s *Server) Count(collection string) int { return s.CountPath("/" + collection) }

// SourcedIDs returns the sourcedIds GET /<collection> lists, tobedeleted
// records included, in the default order.
func (s *Server) SourcedIDs(collection string) []string {
	var ids []string
	s.read(collection, func(items []record) {
		ids = make([]string, len(items))
		for i, rec := range items {
			ids[i] = idOf(rec)
		}
	})
	return ids
}

// ActiveSourcedIDs returns the sourcedIds of the first n active records GET
// /<collection> lists, in the default order; fewer when it has fewer.
func (s *Server) ActiveSourcedIDs(collection string, n int) []string {
	var ids []string
	s.read(collection, func(items []record) {
		for _, rec := range items {
			if len(ids) == n {
				return
			}
			if isActive(rec) {
				ids = append(ids, idOf(rec))
			}
		}
	})
	return ids
}

// FirstSourcedID returns the sourcedId of the first active record GET
// /<collection> lists, or "".
func (s *Server) FirstSourcedID(collection string) string {
	id := ""
	s.read(collection, func(items []record) {
		for _, rec := range items {
			if isActive(rec) {
				id = idOf(rec)
				return
			}
		}
	})
	return id
}

// Record returns a copy of the record of collection with sourcedId id, as
// a model value (model.User, model.LineItem…), and whether it exists.
func (s *Server) Record(collection, id string) (any, bool) {
	var out any
	s.read(collection, func(items []record) {
		if rec := find(items, id); rec != nil {
			out = reflect.ValueOf(rec).Elem().Interface()
		}
	})
	return out, out != nil
}

// CountPath returns how many active records GET BasePath+path lists, for
// any collection route, nested ones included
// ("/schools/school-001/classes/class-00001/students"), and those 1.2
// has and 1.1 lacks ("/classes/class-00001/scoreScales"); 0 for a path
// that is not a collection or whose parents do not exist. The path takes
// no query.
func (s *Server) CountPath(path string) int {
	var rt *route
	var ids []string
	for i := range apis {
		if r, x, _, err := match(apis[i].routes, http.MethodGet, splitPath(path)); err == nil {
			rt, ids = r, x
			break
		}
	}
	if rt == nil || rt.items == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	items, apiErr := rt.items(ids, s.data)
	if apiErr != nil {
		return 0
	}
	n := 0
	for _, rec := range items {
		if isActive(rec) {
			n++
		}
	}
	return n
}

func (s *Server) read(collection string, fn func(items []record)) {
	t, ok := topics[collection]
	if !ok {
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn(t.list(s.data))
}

// AddUser adds a user to the generated roster, enrolled in each of
// classes (enrollment "<user>-<class>", in the class's school, with the
// user's role), for tests that need a user the generator does not make,
// such as two students whose sourcedIds differ only in case. The roster
// is otherwise fixed once generated. A class that does not exist is an
// error, and nothing is added.
func (s *Server) AddUser(u model.User, classes ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.data
	for _, id := range classes {
		if d.classes.get(id) == nil {
			return fmt.Errorf("sandbox: no class %q to enroll user %q in", id, u.SourcedID)
		}
	}
	d.users.put(&u)
	for _, id := range classes {
		class := recordAs[model.Class](d.classes.get(id))
		d.enrollments.put(&model.Enrollment{
			Base: model.Base{SourcedID: u.SourcedID + "-" + id, Status: model.StatusActive, DateLastModified: u.DateLastModified},
			User: &model.Ref{SourcedID: u.SourcedID, Type: "user"}, Class: &model.Ref{SourcedID: id, Type: "class"},
			School: class.School, Role: u.Role,
		})
		d.classesByUser[u.SourcedID] = append(slices.Clip(d.classesByUser[u.SourcedID]), class)
	}
	d.index()
	return nil
}
