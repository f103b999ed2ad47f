package oneroster

// The collections of the OneRoster 1.2 rostering service, each described
// once. They have the names and record types of their 1.1 namesakes, so
// callers keep naming oneroster.Classes and the client reads this catalog
// when it speaks 1.2 (Collection.on); what differs is declared here: the
// scopes (the 1.2 binding's routes are 1.1's). The gradebook and
// resources services are not here yet: their operations fail with
// ErrNotInVersion before any request.

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

// CatalogV1p2 is every collection of OneRoster 1.2 this client speaks, in
// the order a connection check probes them.
var CatalogV1p2 = &Catalog{Version: Version1p2, collections: []*Info{
	rosterReadV1p2("orgs", "orgs", "org", true),
	rosterReadV1p2("schools", "orgs", "org", true),
	rosterReadV1p2("academicSessions", "academicSessions", "academicSession", false),
	rosterReadV1p2("terms", "academicSessions", "academicSession", true,
		route("/schools/{school}/terms", "school")),
	rosterReadV1p2("gradingPeriods", "academicSessions", "academicSession", false,
		route("/terms/{term}/gradingPeriods", "term")),
	rosterReadV1p2("classes", "classes", "class", true,
		route("/schools/{school}/classes", "school"),
		route("/terms/{term}/classes", "term"),
		route("/courses/{course}/classes", "course"),
		route("/students/{student}/classes", "student"),
		route("/teachers/{teacher}/classes", "teacher"),
		route("/users/{user}/classes", "user"),
	),
	rosterReadV1p2("courses", "courses", "course", true,
		route("/schools/{school}/courses", "school")),
	rosterReadV1p2("enrollments", "enrollments", "enrollment", true,
		route("/schools/{school}/enrollments", "school"),
		route("/schools/{school}/classes/{class}/enrollments", "school", "class"),
		// Like 1.1, 1.2 has no /classes/{class}/enrollments.
		Route{Path: "/schools/{school}/classes/{class}/enrollments", Params: []string{"class"}, derive: schoolOfClass},
	),
	rosterReadV1p2("students", "users", "user", true, memberRoutes("students")...),
	rosterReadV1p2("teachers", "users", "user", true, memberRoutes("teachers")...),
	rosterReadV1p2("users", "users", "user", true),
	{
		Name: "demographics", Envelope: "demographics", SingleEnvelope: "demographics", Version: Version1p2, Group: GroupRostering,
		Ops: opsRead, ReadScope: ScopeV1p2DemographicsReadonly, ProbedByDefault: true,
	},
}}
