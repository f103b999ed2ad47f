package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The rostering topics of OneRoster 1.1. Each is described once; its list
// and single data sources come from newListDataSource/newSingleDataSource.

func orgFields() []field[model.Org] {
	return append(baseFields(func(r *model.Org) *model.Base { return &r.Base }),
		stringField("name", "name", "The org's name.", func(r *model.Org) string { return r.Name }),
		stringField("type", "type", "`department`, `school`, `district`, `local`, `state` or `national`.", func(r *model.Org) string { return r.Type }),
		stringField("identifier", "identifier", "A human-readable identifier, e.g. an NCES id.", func(r *model.Org) string { return r.Identifier }),
		refField("parent_sourced_id", "parent", "The parent org.", func(r *model.Org) *model.Ref { return r.Parent }),
		refsField("children_sourced_ids", "children", "Child orgs.", func(r *model.Org) []model.Ref { return r.Children }),
	)
}

func academicSessionFields() []field[model.AcademicSession] {
	type s = model.AcademicSession
	return append(baseFields(func(r *s) *model.Base { return &r.Base }),
		stringField("title", "title", "The session's title.", func(r *s) string { return r.Title }),
		stringField("start_date", "startDate", "First day, as an ISO 8601 date.", func(r *s) string { return r.StartDate }),
		stringField("end_date", "endDate", "Last day, as an ISO 8601 date.", func(r *s) string { return r.EndDate }),
		stringField("type", "type", "`gradingPeriod`, `semester`, `schoolYear` or `term`.", func(r *s) string { return r.Type }),
		refField("parent_sourced_id", "parent", "The enclosing session.", func(r *s) *model.Ref { return r.Parent }),
		refsField("children_sourced_ids", "children", "Sessions within this one.", func(r *s) []model.Ref { return r.Children }),
		stringField("school_year", "schoolYear", "The school year, e.g. `2025` for 2024–25.", func(r *s) string { return string(r.SchoolYear) }),
	)
}

func userFields() []field[model.User] {
	return append(userFieldsV1p1(), userFieldsV1p2()...)
}

// userFieldsV1p1 are the fields of a OneRoster 1.1 user, which 1.2 keeps
// (role and org_sourced_ids derived from its roles).
func userFieldsV1p1() []field[model.User] {
	type u = model.User
	return append(
		baseFields(func(r *u) *model.Base { return &r.Base }),
		stringField("username", "username", "The user's login name.", func(r *u) string { return r.Username }),
		userIDsField("user_ids", "userIds", "The user's identifiers in other systems.", func(r *u) []model.UserID { return r.UserIDs }),
		boolField("enabled_user", "enabledUser", "Whether the user may log in.", func(r *u) *model.Bool { return r.EnabledUser }),
		stringField("given_name", "givenName", "Given name.", func(r *u) string { return r.GivenName }),
		stringField("family_name", "familyName", "Family name.", func(r *u) string { return r.FamilyName }),
		stringField("middle_name", "middleName", "Middle name(s).", func(r *u) string { return r.MiddleName }),

		stringField(
			"role",
			"role",
			"`administrator`, `aide`, `guardian`, `parent`, `proctor`, `relative`, `student` or `teacher`. In `where` on OneRoster 1.2, whose users list "+
				"roles, it filters on `roles.role`: any of the user's roles.",
			func(r *u) string { return r.Role },
		).filteredOnV1p2As("roles.role"),

		stringField("identifier", "identifier", "A human-readable identifier, e.g. a student number.", func(r *u) string { return r.Identifier }),
		stringField("email", "email", "Email address.", func(r *u) string { return r.Email }),
		stringField("sms", "sms", "SMS number.", func(r *u) string { return r.SMS }),
		stringField("phone", "phone", "Phone number.", func(r *u) string { return r.Phone }),
		refsField("agent_sourced_ids", "agents", "Related users (guardians, parents…).", func(r *u) []model.Ref { return r.Agents }),

		refsField(
			"org_sourced_ids",
			"orgs",
			"Orgs the user belongs to. In `where` on OneRoster 1.2 it filters on `roles.org.sourcedId`.",
			func(r *u) []model.Ref { return r.Orgs },
		).filteredOnV1p2As("roles.org.sourcedId"),

		stringsField("grades", "grades", "Grade levels (CEDS codes such as `09`).", func(r *u) []string { return r.Grades }),
	)
}

// userFieldsV1p2 are the fields OneRoster 1.2 adds to a user; on 1.1 they
// are null, empty, or derived from 1.1's (roles).
func userFieldsV1p2() []field[model.User] {
	type u = model.User
	return []field[model.User]{
		// roles is 1.2's; on 1.1 it is derived from role and orgs, as role
		// and org_sourced_ids in userFieldsV1p1 are derived from roles on 1.2 (see
		// model.User), so that either version fills every three.
		rolesField(
			"roles",
			"roles",
			"The user's roles, one per org, the primary ones first: OneRoster 1.2's list, or on 1.1 derived from `role` and `org_sourced_ids` (one role per "+
				"org, the first primary), so that either version fills it; null for a 1.1 user without a role. On 1.2, `role` is the primary role's and "+
				"`org_sourced_ids` lists the orgs of all roles. On 1.2, `where` may filter on `roles.role`, `roles.role_type` and `roles.org_sourced_id` (e.g. "+
				"the teachers of a school).",
			userRoles,
		).queriedIn(oneroster.Version1p2),

		userProfilesField("user_profiles", "userProfiles", "OneRoster 1.2: the user's accounts in other systems (without their credentials). Null on 1.1.",
			func(r *u) []model.UserProfile { return r.UserProfiles }).queriedIn(oneroster.Version1p2),

		optionalRefField(
			"primary_org_sourced_id",
			"primaryOrg",
			"OneRoster 1.2: the user's primary org. Null on 1.1, or when the server does not say.",
			func(r *u) *model.Ref { return r.PrimaryOrg },
		).queriedIn(oneroster.Version1p2),

		optionalStringField(
			"preferred_first_name",
			"preferredFirstName",
			"OneRoster 1.2: the first name the user goes by. Null on 1.1, or when not set.",
			func(r *u) *string { return r.PreferredFirstName },
		).queriedIn(oneroster.Version1p2),

		optionalStringField(
			"preferred_middle_name",
			"preferredMiddleName",
			"OneRoster 1.2: the middle name the user goes by. Null on 1.1, or when not set.",
			func(r *u) *string { return r.PreferredMiddleName },
		).queriedIn(oneroster.Version1p2),

		optionalStringField(
			"preferred_last_name",
			"preferredLastName",
			"OneRoster 1.2: the last name the user goes by. Null on 1.1, or when not set.",
			func(r *u) *string { return r.PreferredLastName },
		).queriedIn(oneroster.Version1p2),

		optionalStringField(
			"pronouns",
			"pronouns",
			"OneRoster 1.2: the user's pronouns. Null on 1.1, or when not set.",
			func(r *u) *string { return r.Pronouns },
		).queriedIn(oneroster.Version1p2),

		optionalStringField(
			"user_master_identifier",
			"userMasterIdentifier",
			"OneRoster 1.2: the user's identifier across the district's systems. Null on 1.1, or when not set.",
			func(r *u) *string { return r.UserMasterIdentifier },
		).queriedIn(oneroster.Version1p2),

		refsField(
			"resource_sourced_ids",
			"resources",
			"OneRoster 1.2: the resources made available to the user themself (the Resources service describes them; `oneroster_resources` with "+
				"`user_sourced_id` also lists those of the user's classes). Empty on 1.1.",
			func(r *u) []model.Ref { return r.Resources },
		).queriedIn(oneroster.Version1p2),
	}
}

var (
	orgsTopic = &topic[model.Org]{
		attr: "orgs", singular: "org", title: "org", titles: "orgs",
		collection: oneroster.Orgs,
		base:       func(r *model.Org) *model.Base { return &r.Base }, fields: orgFields(),
	}
	schoolsTopic = &topic[model.Org]{
		attr: "schools", singular: "school", title: "school", titles: "schools",
		collection: oneroster.Schools,
		base:       func(r *model.Org) *model.Base { return &r.Base }, fields: orgFields(),
	}
	academicSessionsTopic = &topic[model.AcademicSession]{
		attr: "academic_sessions", singular: "academic_session", title: "academic session", titles: "academic sessions",
		collection: oneroster.AcademicSessions,
		base:       func(r *model.AcademicSession) *model.Base { return &r.Base }, fields: academicSessionFields(),
	}
	termsTopic = &topic[model.AcademicSession]{
		attr: "terms", singular: "term", title: "term", titles: "terms",
		collection: oneroster.Terms,
		base:       func(r *model.AcademicSession) *model.Base { return &r.Base }, fields: academicSessionFields(),
	}
	gradingPeriodsTopic = &topic[model.AcademicSession]{
		attr: "grading_periods", singular: "grading_period", title: "grading period", titles: "grading periods",
		collection: oneroster.GradingPeriods,
		base:       func(r *model.AcademicSession) *model.Base { return &r.Base }, fields: academicSessionFields(),
	}
	coursesTopic = &topic[model.Course]{
		attr: "courses", singular: "course", title: "course", titles: "courses",
		collection: oneroster.Courses,
		base:       func(r *model.Course) *model.Base { return &r.Base },
		fields: append(
			baseFields(func(r *model.Course) *model.Base { return &r.Base }),
			stringField("title", "title", "The course's title.", func(r *model.Course) string { return r.Title }),
			refField(
				"school_year_sourced_id",
				"schoolYear",
				"The school year (an academic session).",
				func(r *model.Course) *model.Ref { return r.SchoolYear },
			),
			stringField("course_code", "courseCode", "The course code.", func(r *model.Course) string { return r.CourseCode }),
			stringsField("grades", "grades", "Grade levels.", func(r *model.Course) []string { return r.Grades }),
			stringsField("subjects", "subjects", "Subjects, as names.", func(r *model.Course) []string { return r.Subjects }),
			refField("org_sourced_id", "org", "The org offering the course.", func(r *model.Course) *model.Ref { return r.Org }),
			stringsField("subject_codes", "subjectCodes", "Subjects, as SCED codes.", func(r *model.Course) []string { return r.SubjectCodes }),
			refsField("resource_sourced_ids", "resources", "Resources of the course.", func(r *model.Course) []model.Ref { return r.Resources }),
		),
	}
	classesTopic = &topic[model.Class]{
		attr: "classes", singular: "class", title: "class", titles: "classes",
		collection: oneroster.Classes,
		base:       func(r *model.Class) *model.Base { return &r.Base },
		fields: append(baseFields(func(r *model.Class) *model.Base { return &r.Base }),
			stringField("title", "title", "The class's title.", func(r *model.Class) string { return r.Title }),
			stringField("class_code", "classCode", "The class code.", func(r *model.Class) string { return r.ClassCode }),
			stringField("class_type", "classType", "`homeroom` or `scheduled`.", func(r *model.Class) string { return r.ClassType }),
			stringField("location", "location", "Where the class meets.", func(r *model.Class) string { return r.Location }),
			stringsField("grades", "grades", "Grade levels.", func(r *model.Class) []string { return r.Grades }),
			stringsField("subjects", "subjects", "Subjects, as names.", func(r *model.Class) []string { return r.Subjects }),
			refField("course_sourced_id", "course", "The class's course.", func(r *model.Class) *model.Ref { return r.Course }),
			refField("school_sourced_id", "school", "The school the class is taught in.", func(r *model.Class) *model.Ref { return r.School }),
			refsField("term_sourced_ids", "terms", "The terms of the class.", func(r *model.Class) []model.Ref { return r.Terms }),
			stringsField("subject_codes", "subjectCodes", "Subjects, as SCED codes.", func(r *model.Class) []string { return r.SubjectCodes }),
			stringsField("periods", "periods", "The periods the class meets in.", func(r *model.Class) []string { return r.Periods }),
			refsField("resource_sourced_ids", "resources", "Resources of the class.", func(r *model.Class) []model.Ref { return r.Resources }),
		),
	}
	usersTopic = &topic[model.User]{
		attr: "users", singular: "user", title: "user", titles: "users",
		collection: oneroster.Users,
		base:       func(r *model.User) *model.Base { return &r.Base }, fields: userFields(),
	}
	studentsTopic = &topic[model.User]{
		attr: "students", singular: "student", title: "student", titles: "students",
		collection: oneroster.Students,
		base:       func(r *model.User) *model.Base { return &r.Base }, fields: userFields(),
	}
	teachersTopic = &topic[model.User]{
		attr: "teachers", singular: "teacher", title: "teacher", titles: "teachers",
		collection: oneroster.Teachers,
		base:       func(r *model.User) *model.Base { return &r.Base }, fields: userFields(),
	}
	enrollmentsTopic = &topic[model.Enrollment]{
		attr: "enrollments", singular: "enrollment", title: "enrollment", titles: "enrollments",
		collection: oneroster.Enrollments,
		base:       func(r *model.Enrollment) *model.Base { return &r.Base },
		fields: append(baseFields(func(r *model.Enrollment) *model.Base { return &r.Base }),
			refField("user_sourced_id", "user", "The enrolled user.", func(r *model.Enrollment) *model.Ref { return r.User }),
			refField("class_sourced_id", "class", "The class.", func(r *model.Enrollment) *model.Ref { return r.Class }),
			refField("school_sourced_id", "school", "The class's school.", func(r *model.Enrollment) *model.Ref { return r.School }),
			stringField("role", "role", "`administrator`, `proctor`, `student` or `teacher`.", func(r *model.Enrollment) string { return r.Role }),
			boolField("primary", "primary", "Whether the teacher is the class's primary teacher.", func(r *model.Enrollment) *model.Bool { return r.Primary }),
			stringField("begin_date", "beginDate", "First day of the enrollment.", func(r *model.Enrollment) string { return r.BeginDate }),
			stringField("end_date", "endDate", "Last day of the enrollment.", func(r *model.Enrollment) string { return r.EndDate }),
		),
	}
	resourcesTopic = &topic[model.Resource]{
		attr: "resources", singular: "resource", title: "resource", titles: "resources",
		collection: oneroster.Resources,
		base:       func(r *model.Resource) *model.Base { return &r.Base },
		fields: append(
			baseFields(func(r *model.Resource) *model.Base { return &r.Base }),
			stringField("title", "title", "The resource's title.", func(r *model.Resource) string { return r.Title }),

			stringField(
				"role",
				"role",
				"The role the resource is meant for: `administrator`, `aide`, `guardian`, `parent`, `proctor`, `relative`, `student` or `teacher`. On OneRoster "+
					"1.2, which lists roles, the first of `roles` (and in `where`, any of them).",
				func(r *model.Resource) string { return r.Role },
			).filteredOnV1p2As("roles"),

			stringsField(
				"roles",
				"roles",
				"The roles the resource is meant for: OneRoster 1.2's list, or on 1.1 the one `role` (empty when it has none).",
				resourceRoles,
			).queriedIn(oneroster.Version1p2),

			stringField("importance", "importance", "`primary` or `secondary`.", func(r *model.Resource) string { return r.Importance }),
			stringField(
				"vendor_resource_id",
				"vendorResourceId",
				"The vendor's identifier of the content (the one field every resource has).",
				func(r *model.Resource) string { return r.VendorResourceID },
			),
			stringField("vendor_id", "vendorId", "The vendor's identifier.", func(r *model.Resource) string { return r.VendorID }),
			stringField(
				"application_id",
				"applicationId",
				"The identifier of the application that plays the content.",
				func(r *model.Resource) string { return r.ApplicationID },
			),
		),
	}
	demographicsTopic = &topic[model.Demographics]{
		attr: "demographics", singular: "demographic", title: "demographics record", titles: "demographics records",
		collection: oneroster.Demographics,
		base:       func(r *model.Demographics) *model.Base { return &r.Base },
		fields: append(
			baseFields(func(r *model.Demographics) *model.Base { return &r.Base }),
			stringField("birth_date", "birthDate", "Date of birth.", func(r *model.Demographics) string { return r.BirthDate }),
			stringField("sex", "sex", "`male`, `female`, `other` or `unspecified`.", func(r *model.Demographics) string { return r.Sex }),
			boolField(
				"american_indian_or_alaska_native",
				"americanIndianOrAlaskaNative",
				"Race: American Indian or Alaska Native (also read from the misspelt `americanIndianOrAlsakaNative`).",
				func(r *model.Demographics) *model.Bool { return r.AmericanIndianOrAlaskaNative },
			),
			boolField("asian", "asian", "Race: Asian.", func(r *model.Demographics) *model.Bool { return r.Asian }),
			boolField(
				"black_or_african_american",
				"blackOrAfricanAmerican",
				"Race: Black or African American.",
				func(r *model.Demographics) *model.Bool { return r.BlackOrAfricanAmerican },
			),
			boolField(
				"native_hawaiian_or_other_pacific_islander",
				"nativeHawaiianOrOtherPacificIslander",
				"Race: Native Hawaiian or other Pacific Islander.",
				func(r *model.Demographics) *model.Bool { return r.NativeHawaiianOrOtherPacificIslander },
			),
			boolField("white", "white", "Race: White.", func(r *model.Demographics) *model.Bool { return r.White }),
			boolField(
				"demographic_race_two_or_more_races",
				"demographicRaceTwoOrMoreRaces",
				"Two or more races.",
				func(r *model.Demographics) *model.Bool { return r.DemographicRaceTwoOrMoreRaces },
			),
			boolField(
				"hispanic_or_latino_ethnicity",
				"hispanicOrLatinoEthnicity",
				"Ethnicity: Hispanic or Latino.",
				func(r *model.Demographics) *model.Bool { return r.HispanicOrLatinoEthnicity },
			),
			stringField(
				"country_of_birth_code",
				"countryOfBirthCode",
				"Country of birth (CEDS code).",
				func(r *model.Demographics) string { return r.CountryOfBirthCode },
			),
			stringField(
				"state_of_birth_abbreviation",
				"stateOfBirthAbbreviation",
				"State of birth.",
				func(r *model.Demographics) string { return r.StateOfBirthAbbreviation },
			),
			stringField("city_of_birth", "cityOfBirth", "City of birth.", func(r *model.Demographics) string { return r.CityOfBirth }),
			stringField(
				"public_school_residence_status",
				"publicSchoolResidenceStatus",
				"Public school residence status (CEDS code).",
				func(r *model.Demographics) string { return r.PublicSchoolResidenceStatus },
			),
		),
	}
)

// userRoles are a user's roles in either version: 1.2's list, or derived
// from 1.1's role and orgs, one per org with the first primary (a 1.1
// user with a role and no org has one role without an org).
func userRoles(r *model.User) []model.Role {
	if len(r.Roles) > 0 || r.Role == "" {
		return r.Roles
	}
	if len(r.Orgs) == 0 {
		return []model.Role{{RoleType: model.RoleTypePrimary, Role: r.Role}}
	}
	out := make([]model.Role, len(r.Orgs))
	for k := range r.Orgs {
		out[k] = model.Role{RoleType: "secondary", Role: r.Role, Org: &r.Orgs[k]}
	}
	out[0].RoleType = model.RoleTypePrimary
	return out
}

// resourceRoles are a resource's roles in either version: 1.2's list, or
// 1.1's one role.
func resourceRoles(r *model.Resource) []string {
	if len(r.Roles) > 0 || r.Role == "" {
		return r.Roles
	}
	return []string{r.Role}
}

// topicDataSources pairs each topic's list and single data sources.
func topicDataSources[T any](t *topic[T]) []func() datasource.DataSource {
	return []func() datasource.DataSource{newListDataSource(t), newSingleDataSource(t)}
}

// rosteringDataSources are the data sources of every rostering topic.
func rosteringDataSources() []func() datasource.DataSource {
	var out []func() datasource.DataSource
	out = append(out, topicDataSources(orgsTopic)...)
	out = append(out, topicDataSources(schoolsTopic)...)
	out = append(out, topicDataSources(classesTopic)...)
	out = append(out, topicDataSources(coursesTopic)...)
	out = append(out, topicDataSources(usersTopic)...)
	out = append(out, topicDataSources(studentsTopic)...)
	out = append(out, topicDataSources(teachersTopic)...)
	out = append(out, topicDataSources(termsTopic)...)
	out = append(out, topicDataSources(academicSessionsTopic)...)
	out = append(out, topicDataSources(gradingPeriodsTopic)...)
	out = append(out, topicDataSources(enrollmentsTopic)...)
	out = append(out, topicDataSources(demographicsTopic)...)
	out = append(out, topicDataSources(resourcesTopic)...)
	return out
}
