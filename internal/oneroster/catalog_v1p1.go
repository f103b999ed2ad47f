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
// class, or by both. schoolField is the filter field that names a user's
// schools in the version: 1.1's orgs, 1.2's roles.
func memberRoutes(name, schoolField string) []Route {
	return []Route{
		route("/schools/{school}/"+name, "school").flatBy("school", schoolField),
		route("/classes/{class}/"+name, "class").noFlat(usersNameNoClass),
		route("/schools/{school}/classes/{class}/"+name, "school", "class").noFlat(usersNameNoClass),
	}
}

// Why some routes have no flat equivalent: the records they list do not
// name the record they are scoped to, so no filter selects them.
const (
	usersNameNoClass     = "users name no class: a class's members are in its enrollments"
	classesNameNoUser    = "classes name no user: a user's classes are in their enrollments"
	sessionsNameNoSchool = "academic sessions name no school"
	resourcesNameNoOwner = "resources name neither the classes, the courses nor the users they are for"
)

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
		route("/schools/{school}/terms", "school").noFlat(sessionsNameNoSchool))}
	GradingPeriods = Collection[model.AcademicSession]{rosterRead("gradingPeriods", "academicSessions", "academicSession", false,
		route("/terms/{term}/gradingPeriods", "term").flatBy("term", "parent.sourcedId"))}
	Classes = Collection[model.Class]{rosterRead("classes", "classes", "class", true, classRoutes()...)}
	Courses = Collection[model.Course]{rosterRead("courses", "courses", "course", true,
		route("/schools/{school}/courses", "school").flatBy("school", "org.sourcedId"))}
	Enrollments  = Collection[model.Enrollment]{rosterRead("enrollments", "enrollments", "enrollment", true, enrollmentRoutes()...)}
	Students     = Collection[model.User]{rosterRead("students", "users", "user", true, memberRoutes("students", "orgs.sourcedId")...)}
	Teachers     = Collection[model.User]{rosterRead("teachers", "users", "user", true, memberRoutes("teachers", "orgs.sourcedId")...)}
	Users        = Collection[model.User]{rosterRead("users", "users", "user", true)}
	Demographics = Collection[model.Demographics]{&Info{
		Name: "demographics", Envelope: "demographics", SingleEnvelope: "demographics", Version: Version1p1, Group: GroupRostering,
		Ops: opsRead, ReadScope: ScopeDemographicsReadonly, ProbedByDefault: true,
	}}
	Resources = Collection[model.Resource]{&Info{
		Name: "resources", Envelope: "resources", SingleEnvelope: "resource", Version: Version1p1, Group: GroupRostering, Service: ServiceResources,
		Ops: opsRead, ReadScope: ScopeResourceReadonly,
		Routes: []Route{
			route("/classes/{class}/resources", "class").noFlat(resourcesNameNoOwner),
			route("/courses/{course}/resources", "course").noFlat(resourcesNameNoOwner),
		},
	}}

	Categories = Collection[model.Category]{gradebook("categories", "category")}
	LineItems  = Collection[model.LineItem]{gradebook("lineItems", "lineItem",
		route("/classes/{class}/lineItems", "class").flatBy("class", "class.sourcedId"))}
	Results = Collection[model.Result]{gradebook("results", "result",
		route("/classes/{class}/results", "class").noFlat(resultsNameNoClassV1p1),
		lineItemResultsRoute(),
		route("/classes/{class}/students/{student}/results", "class", "student").noFlat(resultsNameNoClassV1p1),
	)}
)

// resultsNameNoClassV1p1: 1.2 added class to results.
const resultsNameNoClassV1p1 = "1.1 results name no class, only a line item and a student"

// classRoutes are the scopes of classes, in both versions.
func classRoutes() []Route {
	return []Route{
		route("/schools/{school}/classes", "school").flatBy("school", "school.sourcedId"),
		route("/terms/{term}/classes", "term").flatBy("term", "terms.sourcedId"),
		route("/courses/{course}/classes", "course").flatBy("course", "course.sourcedId"),
		route("/students/{student}/classes", "student").noFlat(classesNameNoUser),
		route("/teachers/{teacher}/classes", "teacher").noFlat(classesNameNoUser),
		route("/users/{user}/classes", "user").noFlat(classesNameNoUser),
	}
}

// enrollmentRoutes are the scopes of enrollments, in both versions.
func enrollmentRoutes() []Route {
	return []Route{
		route("/schools/{school}/enrollments", "school").flatBy("school", "school.sourcedId"),
		route("/schools/{school}/classes/{class}/enrollments", "school", "class").flatBy("school", "school.sourcedId", "class", "class.sourcedId"),
		// The binding has no /classes/{class}/enrollments: the client
		// looks up the class's school.
		Route{Path: "/schools/{school}/classes/{class}/enrollments", Params: []string{"class"}, derive: schoolOfClass}.flatBy("class", "class.sourcedId"),
	}
}

// lineItemResultsRoute lists a line item's results, in both versions: the
// line item names its class, so its id alone selects them.
func lineItemResultsRoute() Route {
	return route("/classes/{class}/lineItems/{lineItem}/results", "class", "lineItem").flatBy("lineItem", "lineItem.sourcedId")
}

// CatalogV1p1 is every collection of OneRoster 1.1, in the order a
// connection check probes them.
var CatalogV1p1 = &Catalog{Version: Version1p1, collections: []*Info{
	Orgs.Info, Schools.Info, AcademicSessions.Info, Terms.Info, GradingPeriods.Info, Classes.Info, Courses.Info,
	Enrollments.Info, Students.Info, Teachers.Info, Users.Info, Demographics.Info, Resources.Info,
	Categories.Info, LineItems.Info, Results.Info,
}}
