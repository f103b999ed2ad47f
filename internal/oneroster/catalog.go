package oneroster

import (
	"net/http"
	"slices"
	"strings"
)

// Version is the OneRoster version a catalog describes, as it appears in
// base URLs ("v1p1"). OneRoster 1.2 gets a catalog of its own beside
// CatalogV1p1, rather than conditions inside this one.
type Version string

// Version1p1 is OneRoster 1.1.
const Version1p1 Version = "v1p1"

// Operation is one of the things a collection may offer. The catalog says
// which ones exist, so that a typed operation the binding does not define
// fails with ErrUnsupportedOperation before any request is sent.
type Operation int

// Operations on a collection: GET of the collection, GET, PUT and DELETE
// of one record, and POST of a new record (which 1.2 adds for some
// collections; no 1.1 collection has it).
const (
	OpList Operation = 1 << iota
	OpGet
	OpPut
	OpDelete
	OpPost
)

// opsRead and opsWrite are the two sets of operations 1.1 collections have:
// rostering and resources are read only, the gradebook is written with PUT.
const (
	opsRead  = OpList | OpGet
	opsWrite = OpList | OpGet | OpPut | OpDelete
)

// Method is the HTTP method of op, for messages that name the request.
func (o Operation) Method() string {
	switch o {
	case OpPut:
		return http.MethodPut
	case OpDelete:
		return http.MethodDelete
	case OpPost:
		return http.MethodPost
	}
	return http.MethodGet
}

func (o Operation) String() string {
	switch o {
	case OpList:
		return "list"
	case OpGet:
		return "get"
	case OpPut:
		return "put"
	case OpDelete:
		return "delete"
	case OpPost:
		return "post"
	}
	return "operation"
}

// Group sorts collections by what a connection needs them for: a
// connection check probes rostering collections on request, and the
// gradebook ones when it is to write grades.
type Group int

// Groups of collections.
const (
	GroupRostering Group = iota
	GroupGradebook
)

// Service is the OneRoster service a collection belongs to. 1.1 serves all
// three at one base URL; 1.2 serves each at its own
// (…/rostering/v1p2, …/gradebook/v1p2, …/resources/v1p2).
type Service int

// Services of OneRoster.
const (
	ServiceRostering Service = iota
	ServiceGradebook
	ServiceResources
)

// Segment is the service's path segment in 1.2 base URLs.
func (s Service) Segment() string {
	switch s {
	case ServiceGradebook:
		return "gradebook"
	case ServiceResources:
		return "resources"
	}
	return "rostering"
}

// Route is one of the binding's nested endpoints of a collection, such as
// /schools/{school}/classes. Params are the ids a caller gives to select
// it; Path may name more (see Derived), all filled by the client.
type Route struct {
	// Path has one {param} placeholder per id, named after the record the
	// id is of, in the API's camelCase ("class", "lineItem").
	Path string
	// Params are the placeholders a caller fills, in path order.
	Params []string
	// Scope is the OAuth 2 scope the binding asks for to read the route.
	Scope string
	// derive fills the placeholders that are not in Params, for scopes the
	// binding only offers through a longer path (a class's enrollments are
	// under its school).
	derive deriveParams
	// Flat is how the top-level collection lists the same records, for
	// servers that offer no nested routes (see flat.go).
	Flat FlatEquivalent
}

// Derived reports whether the client looks records up to fill the
// route's path, beyond the ids the caller gives.
func (r *Route) Derived() bool { return r.derive != nil }

// Pattern returns Path with each placeholder renamed by name, for
// messages in a caller's own words: with a name function giving
// "class_sourced_id" for "class", /classes/{class}/lineItems reads
// /classes/{class_sourced_id}/lineItems.
func (r *Route) Pattern(name func(param string) string) string {
	p := r.Path
	for _, param := range pathParams(r.Path) {
		p = strings.ReplaceAll(p, "{"+param+"}", "{"+name(param)+"}")
	}
	return p
}

// pathParams lists the {placeholders} of path, in order.
func pathParams(path string) []string {
	var out []string
	for rest := path; ; {
		_, after, ok := strings.Cut(rest, "{")
		if !ok {
			return out
		}
		name, tail, _ := strings.Cut(after, "}")
		out = append(out, name)
		rest = tail
	}
}

// Info describes one collection of the binding: everything a client needs
// to read and write it, and nothing about any caller. Collection[T] adds
// the record type and the typed operations.
type Info struct {
	// Name is the collection's path segment and its name in the binding:
	// "academicSessions".
	Name string
	// Envelope is the JSON key of a collection answer ("users" for
	// /students too); SingleEnvelope that of one record ("user").
	Envelope       string
	SingleEnvelope string
	Version        Version
	Group          Group
	// Service is the service whose base URL the collection's paths are
	// relative to.
	Service Service
	// Ops are the operations the binding defines on the collection.
	Ops Operation
	// ReadScope is the OAuth 2 scope to name when reading the collection
	// is forbidden; servers may accept others (roster.readonly covers
	// roster-core.readonly). WriteScope and DeleteScope are those of PUT
	// (and POST) and DELETE, "" when the collection has neither.
	ReadScope   string
	WriteScope  string
	DeleteScope string
	// PostScope is that of POST when it differs from WriteScope (1.2's
	// gradebook.createpost).
	PostScope string
	// Routes are the nested endpoints that list the collection.
	Routes []Route
	// ProbedByDefault marks the rostering collections a district
	// integration normally needs, which a connection check probes unless
	// told otherwise.
	ProbedByDefault bool
}

// Path is the collection's top-level path, "/academicSessions".
func (i *Info) Path() string { return "/" + i.Name }

// RefType is the type a GUIDRef to one of the collection's records
// carries: the record type, which is what the single envelope is named
// after ("user" for students and teachers, "academicSession" for terms and
// grading periods).
func (i *Info) RefType() string { return i.SingleEnvelope }

// Has reports whether the binding defines op on the collection.
func (i *Info) Has(op Operation) bool { return i.Ops&op != 0 }

// ScopeFor names the OAuth 2 scope op needs; for OpList, route (nil for
// the top-level collection) may need another one than the collection.
func (i *Info) ScopeFor(op Operation, route *Route) string {
	switch op {
	case OpPost:
		if i.PostScope != "" {
			return i.PostScope
		}
		return i.WriteScope
	case OpPut:
		return i.WriteScope
	case OpDelete:
		return i.DeleteScope
	}
	if route != nil && route.Scope != "" {
		return route.Scope
	}
	return i.ReadScope
}

// RouteFor returns the route selected by exactly the params given (in
// any order), or nil when none is.
func (i *Info) RouteFor(params []string) *Route {
	want := slices.Clone(params)
	slices.Sort(want)
	for k := range i.Routes {
		have := slices.Clone(i.Routes[k].Params)
		slices.Sort(have)
		if slices.Equal(have, want) {
			return &i.Routes[k]
		}
	}
	return nil
}

// Catalog is the set of collections of one OneRoster version, in the
// order a connection check probes them.
type Catalog struct {
	Version     Version
	collections []*Info
}

// Collections returns every collection of the catalog, in order.
func (c *Catalog) Collections() []*Info { return slices.Clone(c.collections) }

// Lookup finds a collection by its name ("lineItems").
func (c *Catalog) Lookup(name string) (*Info, bool) {
	for _, i := range c.collections {
		if i.Name == name {
			return i, true
		}
	}
	return nil, false
}

// Names lists the names of the collections of group, in order; with
// defaultOnly, only those probed by default.
func (c *Catalog) Names(group Group, defaultOnly bool) []string {
	var out []string
	for _, i := range c.collections {
		if i.Group == group && (!defaultOnly || i.ProbedByDefault) {
			out = append(out, i.Name)
		}
	}
	return out
}

// Scopes lists every OAuth 2 scope the catalog's operations need, sorted.
func (c *Catalog) Scopes() []string {
	var out []string
	for _, i := range c.collections {
		out = append(out, i.ReadScope, i.WriteScope, i.DeleteScope, i.PostScope)
		for _, r := range i.Routes {
			out = append(out, r.Scope)
		}
	}
	out = slices.DeleteFunc(out, func(s string) bool { return s == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

// RoutesInAnyVersion are the routes of the collection name in every
// catalog, each once, 1.1's first: callers offer them all, and a client
// refuses a route its version lacks (/users/{user}/resources is 1.2's
// only) before any request.
func RoutesInAnyVersion(name string) []Route {
	var out []Route
	for _, cat := range Catalogs() {
		info, ok := cat.Lookup(name)
		if !ok {
			continue
		}
		for _, r := range info.Routes {
			if !slices.ContainsFunc(out, func(o Route) bool { return o.Path == r.Path && slices.Equal(o.Params, r.Params) }) {
				out = append(out, r)
			}
		}
	}
	return out
}

// HasRoute reports whether the collection name has the route path in the
// catalog of version v.
func HasRoute(v Version, name, path string) bool {
	cat := CatalogOf(v)
	if cat == nil {
		return false
	}
	info, ok := cat.Lookup(name)
	return ok && slices.ContainsFunc(info.Routes, func(r Route) bool { return r.Path == path })
}
