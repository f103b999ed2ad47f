package oneroster

import "github.com/edu-iac/terraform-provider-oneroster/internal/model"

// The collections of the OneRoster 1.1 REST binding, each described once.
// Adding a collection means adding its entry here (and to CatalogV1p1),
// with its record type in internal/model; callers derive everything else.

// rosterRead is how the binding scopes a rostering collection: the
// collection itself under roster-core.readonly, its nested endpoints
// under roster.readonly.
func rosterRead(name, envelope, single string, probed bool, routes ...Route) *Info {
	for i := range routes {
		routes[i].Scope = ScopeRosterReadonly
	}
	return &Info{
		Name: name, Envelope: envelope, SingleEnvelope: single, Version: Version1p1, Group: GroupRostering,
		Ops: opsRead, ReadScope: ScopeRosterCoreReadonly, Routes: routes, ProbedByDefault: probed,
	}
}

// route is a nested endpoint whose scope is the collection's.
func route(path string, params ...string) Route {
	return Route{Path: path, Params: params}
}

// memberRoutes are the scopes of students and teachers: by school, by
// class, or by both.
func memberRoutes(name string) []Route {
	return []Route{
		route("/schools/{school}/"+name, "school"),
		route("/classes/{class}/"+name, "class"),
		route("/schools/{school}/classes/{class}/"+name, "school", "class"),
	}
}

// gradebook is a gradebook collection: read with gradebook.readonly,
// written with gradebook.createput and gradebook.delete.
func gradebook(name, single string, routes ...Route) *Info {
	return &Info{
		Name: name, Envelope: name, SingleEnvelope: single, Version: Version1p1, Group: GroupGradebook, Service: ServiceGradebook,
		Ops: opsWrite, ReadScope: ScopeGradebookReadonly, WriteScope: ScopeGradebookCreatePut, DeleteScope: ScopeGradebookDelete,
		Routes: routes,
	}
}

// The collections of OneRoster 1.1.
var (
	Orgs             = Collection[model.Org]{rosterRead("orgs", "orgs", "org", true)}
	Schools          = Collection[model.Org]{rosterRead("schools", "orgs", "org", true)}
	AcademicSessions = Collection[model.AcademicSession]{rosterRead("academicSessions", "academicSessions", "academicSession", false)}
	Terms            = Collection[model.AcademicSession]{rosterRead("terms", "academicSessions", "academicSession", true,
		route("/schools/{school}/terms", "school"))}
	GradingPeriods = Collection[model.AcademicSession]{rosterRead("gradingPeriods", "academicSessions", "academicSession", false,
		route("/terms/{term}/gradingPeriods", "term"))}
	Classes = Collection[model.Class]{rosterRead("classes", "classes", "class", true,
		route("/schools/{school}/classes", "school"),
		route("/terms/{term}/classes", "term"),
		route("/courses/{course}/classes", "course"),
		route("/students/{student}/classes", "student"),
		route("/teachers/{teacher}/classes", "teacher"),
		route("/users/{user}/classes", "user"),
	)}
	Courses = Collection[model.Course]{rosterRead("courses", "courses", "course", true,
		route("/schools/{school}/courses", "school"))}
	Enrollments = Collection[model.Enrollment]{rosterRead("enrollments", "enrollments", "enrollment", true,
		route("/schools/{school}/enrollments", "school"),
		route("/schools/{school}/classes/{class}/enrollments", "school", "class"),
		// The binding has no /classes/{class}/enrollments: the client
		// looks up the class's school.
		Route{Path: "/schools/{school}/classes/{class}/enrollments", Params: []string{"class"}, derive: schoolOfClass},
	)}
	Students     = Collection[model.User]{rosterRead("students", "users", "user", true, memberRoutes("students")...)}
	Teachers     = Collection[model.User]{rosterRead("teachers", "users", "user", true, memberRoutes("teachers")...)}
	Users        = Collection[model.User]{rosterRead("users", "users", "user", true)}
	Demographics = Collection[model.Demographics]{&Info{
		Name: "demographics", Envelope: "demographics", SingleEnvelope: "demographics", Version: Version1p1, Group: GroupRostering,
		Ops: opsRead, ReadScope: ScopeDemographicsReadonly, ProbedByDefault: true,
	}}
	Resources = Collection[model.Resource]{&Info{
		Name: "resources", Envelope: "resources", SingleEnvelope: "resource", Version: Version1p1, Group: GroupRostering, Service: ServiceResources,
		Ops: opsRead, ReadScope: ScopeResourceReadonly,
		Routes: []Route{
			route("/classes/{class}/resources", "class"),
			route("/courses/{course}/resources", "course"),
		},
	}}

	Categories = Collection[model.Category]{gradebook("categories", "category")}
	LineItems  = Collection[model.LineItem]{gradebook("lineItems", "lineItem",
		route("/classes/{class}/lineItems", "class"))}
	Results = Collection[model.Result]{gradebook("results", "result",
		route("/classes/{class}/results", "class"),
		route("/classes/{class}/lineItems/{lineItem}/results", "class", "lineItem"),
		route("/classes/{class}/students/{student}/results", "class", "student"),
	)}
)

// CatalogV1p1 is every collection of OneRoster 1.1, in the order a
// connection check probes them.
var CatalogV1p1 = &Catalog{Version: Version1p1, collections: []*Info{
	Orgs.Info, Schools.Info, AcademicSessions.Info, Terms.Info, GradingPeriods.Info, Classes.Info, Courses.Info,
	Enrollments.Info, Students.Info, Teachers.Info, Users.Info, Demographics.Info, Resources.Info,
	Categories.Info, LineItems.Info, Results.Info,
}}
