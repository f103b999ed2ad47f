package oneroster

import "strings"

// OAuth 2 scopes of OneRoster 1.1, all under ScopePrefix. Servers grant
// them per endpoint: the core rostering collections need
// roster-core.readonly (or roster.readonly), the nested rostering endpoints
// roster.readonly, demographics roster-demographics.readonly, and the
// gradebook its own three.
const (
	ScopePrefix               = "https://purl.imsglobal.org/spec/or/v1p1/scope/"
	ScopeRosterCoreReadonly   = ScopePrefix + "roster-core.readonly"
	ScopeRosterReadonly       = ScopePrefix + "roster.readonly"
	ScopeDemographicsReadonly = ScopePrefix + "roster-demographics.readonly"
	ScopeResourceReadonly     = ScopePrefix + "resource.readonly"
	ScopeGradebookReadonly    = ScopePrefix + "gradebook.readonly"
	ScopeGradebookCreatePut   = ScopePrefix + "gradebook.createput"
	ScopeGradebookDelete      = ScopePrefix + "gradebook.delete"
)

// OAuth 2 scopes of OneRoster 1.2's rostering service: the same names as
// 1.1's under the 1.2 prefix, which servers tell apart.
const (
	ScopePrefixV1p2               = "https://purl.imsglobal.org/spec/or/v1p2/scope/"
	ScopeV1p2RosterCoreReadonly   = ScopePrefixV1p2 + "roster-core.readonly"
	ScopeV1p2RosterReadonly       = ScopePrefixV1p2 + "roster.readonly"
	ScopeV1p2DemographicsReadonly = ScopePrefixV1p2 + "roster-demographics.readonly"
)

// OAuth 2 scopes of OneRoster 1.2's gradebook and resources services.
// gradebook-core.readonly covers the top-level collections only;
// createpost is the scope of 1.2's POST endpoints (bulk results, line
// items of a class or school); assessments have scopes of their own.
const (
	ScopeV1p2GradebookCoreReadonly = ScopePrefixV1p2 + "gradebook-core.readonly"
	ScopeV1p2GradebookReadonly     = ScopePrefixV1p2 + "gradebook.readonly"
	ScopeV1p2GradebookCreatePut    = ScopePrefixV1p2 + "gradebook.createput"
	ScopeV1p2GradebookCreatePost   = ScopePrefixV1p2 + "gradebook.createpost"
	ScopeV1p2GradebookDelete       = ScopePrefixV1p2 + "gradebook.delete"
	ScopeV1p2AssessmentReadonly    = ScopePrefixV1p2 + "assessment.readonly"
	ScopeV1p2AssessmentCreatePut   = ScopePrefixV1p2 + "assessment.createput"
	ScopeV1p2AssessmentDelete      = ScopePrefixV1p2 + "assessment.delete"
	ScopeV1p2ResourceCoreReadonly  = ScopePrefixV1p2 + "resource-core.readonly"
	ScopeV1p2ResourceReadonly      = ScopePrefixV1p2 + "resource.readonly"
)

// Scopes lists the scopes of version v, the catalog that messages suggest
// from.
func Scopes(v Version) []string {
	if v == Version1p2 {
		return []string{
			ScopeV1p2RosterCoreReadonly, ScopeV1p2RosterReadonly, ScopeV1p2DemographicsReadonly,
			ScopeV1p2GradebookCoreReadonly, ScopeV1p2GradebookReadonly, ScopeV1p2GradebookCreatePut, ScopeV1p2GradebookCreatePost, ScopeV1p2GradebookDelete,
			ScopeV1p2AssessmentReadonly, ScopeV1p2AssessmentCreatePut, ScopeV1p2AssessmentDelete,
			ScopeV1p2ResourceCoreReadonly, ScopeV1p2ResourceReadonly,
		}
	}
	return []string{
		ScopeRosterCoreReadonly, ScopeRosterReadonly, ScopeDemographicsReadonly, ScopeResourceReadonly,
		ScopeGradebookReadonly, ScopeGradebookCreatePut, ScopeGradebookDelete,
	}
}

// FullScope returns the full URI of the scope of version v that name
// abbreviates: its last segment ("roster-core.readonly"), compared
// case-blind. false when v has no such scope.
func FullScope(v Version, name string) (string, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, s := range Scopes(v) {
		if s[strings.LastIndex(s, "/")+1:] == name {
			return s, true
		}
	}
	return "", false
}
