package provider

import "github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"

// defaultRosterTopics are probed by oneroster_connection unless topics is
// set: the rostering collections a district integration normally needs.
var defaultRosterTopics = []string{"orgs", "schools", "terms", "classes", "courses", "enrollments", "students", "teachers", "users", "demographics"}

// rosterTopicScopes maps each probe-able rostering topic (its collection
// path) to the OAuth 2 scope that grants reading it.
var rosterTopicScopes = map[string]string{
	"orgs":             oneroster.ScopeRosterCoreReadonly,
	"schools":          oneroster.ScopeRosterCoreReadonly,
	"academicSessions": oneroster.ScopeRosterCoreReadonly,
	"terms":            oneroster.ScopeRosterCoreReadonly,
	"gradingPeriods":   oneroster.ScopeRosterCoreReadonly,
	"classes":          oneroster.ScopeRosterCoreReadonly,
	"courses":          oneroster.ScopeRosterCoreReadonly,
	"enrollments":      oneroster.ScopeRosterCoreReadonly,
	"students":         oneroster.ScopeRosterCoreReadonly,
	"teachers":         oneroster.ScopeRosterCoreReadonly,
	"users":            oneroster.ScopeRosterCoreReadonly,
	"demographics":     oneroster.ScopeDemographicsReadonly,
	"resources":        oneroster.ScopeResourceReadonly,
}

// gradebookTopics are probed when grades_enabled is set.
var gradebookTopics = []string{"categories", "lineItems", "results"}

func rosterTopicNames() []string {
	return []string{"orgs", "schools", "academicSessions", "terms", "gradingPeriods", "classes", "courses", "enrollments", "students", "teachers", "users", "demographics", "resources"}
}

func topicScope(topic string) string {
	if s, ok := rosterTopicScopes[topic]; ok {
		return s
	}
	return oneroster.ScopeGradebookReadonly
}
