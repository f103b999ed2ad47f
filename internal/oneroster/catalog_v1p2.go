package oneroster

import "github.com/edu-iac/terraform-provider-oneroster/internal/model"

// The collections of the three OneRoster 1.2 services (rostering,
// gradebook, resources), each described once. They have the names and
// record types of their 1.1 namesakes, so callers keep naming
// oneroster.Classes and the client reads this catalog when it speaks 1.2
// (Collection.on); what differs is declared here: the scopes (the 1.2
// binding's routes are 1.1's) and the services' base URLs. Score scales
// and assessments exist only here.

// rosterReadV1p2 is how the 1.2 binding scopes a rostering collection:
// roster-core.readonly (or roster.readonly) for the collection and its
// records, roster.readonly for its nested endpoints.
func rosterReadV1p2(name, envelope, single string, probed bool, routes ...Route) *Info {
	for i := range routes {
		routes[i].Scope = ScopeV1p2RosterReadonly
	}
	return &Info{
		Name: name, Envelope: envelope, SingleEnvelope: single, Version: Version1p2, Group: GroupRostering,
		Ops: opsRead, ReadScope: ScopeV1p2RosterCoreReadonly, Routes: routes, ProbedByDefault: probed,
	}
}

// gradebookV1p2 is a 1.2 gradebook collection: read with
// gradebook-core.readonly or gradebook.readonly (the class-scoped routes
// need gradebook.readonly), written with gradebook.createput and
// gradebook.delete.
func gradebookV1p2(name, single string, routes ...Route) *Info {
	for i := range routes {
		routes[i].Scope = ScopeV1p2GradebookReadonly
	}
	return &Info{
		Name: name, Envelope: name, SingleEnvelope: single, Version: Version1p2, Group: GroupGradebook, Service: ServiceGradebook,
		Ops: opsWrite, ReadScope: ScopeV1p2GradebookCoreReadonly, WriteScope: ScopeV1p2GradebookCreatePut, DeleteScope: ScopeV1p2GradebookDelete,
		Routes: routes,
	}
}

// withBulkPost marks a 1.2 gradebook collection as one that is also
// created in bulk by POST (results: POST /lineItems/{id}/results), under
// its own scope, gradebook.createpost.
func withBulkPost(i *Info) *Info {
	i.Ops |= OpPost
	i.PostScope = ScopeV1p2GradebookCreatePost
	return i
}

// assessmentV1p2 is a 1.2 assessment collection, with scopes of its own
// and no nested routes.
func assessmentV1p2(name, single string) *Info {
	return &Info{
		Name: name, Envelope: name, SingleEnvelope: single, Version: Version1p2, Group: GroupGradebook, Service: ServiceGradebook,
		Ops: opsWrite, ReadScope: ScopeV1p2AssessmentReadonly, WriteScope: ScopeV1p2AssessmentCreatePut, DeleteScope: ScopeV1p2AssessmentDelete,
	}
}

// The collections only OneRoster 1.2 has. On a 1.1 client their
// operations fail with ErrNotInVersion before any request.
var (
	ScoreScales = Collection[model.ScoreScale]{gradebookV1p2("scoreScales", "scoreScale",
		route("/classes/{class}/scoreScales", "class").flatBy("class", "class.sourcedId"),
		route("/schools/{school}/scoreScales", "school").noFlat("score scales name no school, only a class or a course"),
	)}
	AssessmentLineItems = Collection[model.AssessmentLineItem]{assessmentV1p2("assessmentLineItems", "assessmentLineItem")}
	AssessmentResults   = Collection[model.AssessmentResult]{assessmentV1p2("assessmentResults", "assessmentResult")}
)

// CatalogV1p2 is every collection of OneRoster 1.2 this client speaks, in
// the order a connection check probes them.
var CatalogV1p2 = &Catalog{Version: Version1p2, collections: []*Info{
	rosterReadV1p2("orgs", "orgs", "org", true),
	rosterReadV1p2("schools", "orgs", "org", true),
	rosterReadV1p2("academicSessions", "academicSessions", "academicSession", false),
	rosterReadV1p2("terms", "academicSessions", "academicSession", true,
		route("/schools/{school}/terms", "school").noFlat(sessionsNameNoSchool)),
	rosterReadV1p2("gradingPeriods", "academicSessions", "academicSession", false,
		route("/terms/{term}/gradingPeriods", "term").flatBy("term", "parent.sourcedId")),
	rosterReadV1p2("classes", "classes", "class", true, classRoutes()...),
	rosterReadV1p2("courses", "courses", "course", true,
		route("/schools/{school}/courses", "school").flatBy("school", "org.sourcedId")),
	// Like 1.1, 1.2 has no /classes/{class}/enrollments.
	rosterReadV1p2("enrollments", "enrollments", "enrollment", true, enrollmentRoutes()...),
	rosterReadV1p2("students", "users", "user", true, memberRoutes("students", "roles.org.sourcedId")...),
	rosterReadV1p2("teachers", "users", "user", true, memberRoutes("teachers", "roles.org.sourcedId")...),
	rosterReadV1p2("users", "users", "user", true),
	{
		Name: "demographics", Envelope: "demographics", SingleEnvelope: "demographics", Version: Version1p2, Group: GroupRostering,
		Ops: opsRead, ReadScope: ScopeV1p2DemographicsReadonly, ProbedByDefault: true,
	},
	{
		Name: "resources", Envelope: "resources", SingleEnvelope: "resource", Version: Version1p2, Group: GroupRostering, Service: ServiceResources,
		Ops: opsRead, ReadScope: ScopeV1p2ResourceCoreReadonly,
		Routes: []Route{
			{Path: "/classes/{class}/resources", Params: []string{"class"}, Scope: ScopeV1p2ResourceReadonly, Flat: FlatEquivalent{None: resourcesNameNoOwner}},
			{Path: "/courses/{course}/resources", Params: []string{"course"}, Scope: ScopeV1p2ResourceReadonly, Flat: FlatEquivalent{None: resourcesNameNoOwner}},
			{Path: "/users/{user}/resources", Params: []string{"user"}, Scope: ScopeV1p2ResourceReadonly, Flat: FlatEquivalent{None: resourcesNameNoOwner}},
		},
	},
	gradebookV1p2("categories", "category",
		route("/classes/{class}/categories", "class").noFlat("categories name no class")),
	gradebookV1p2("lineItems", "lineItem",
		route("/classes/{class}/lineItems", "class").flatBy("class", "class.sourcedId")),
	withBulkPost(gradebookV1p2("results", "result",
		route("/classes/{class}/results", "class").flatBy("class", "class.sourcedId"),
		lineItemResultsRoute(),
		route("/classes/{class}/students/{student}/results", "class", "student").flatBy("class", "class.sourcedId", "student", "student.sourcedId"),
	)),
	ScoreScales.Info, AssessmentLineItems.Info, AssessmentResults.Info,
}}
