package sandbox

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// RouteQuirks are the deviations of servers that serve less of the
// binding than it defines, or wrap records otherwise: the Ed-Fi
// OneRoster server shows them all (EdFiQuirks), and each switches on
// alone. They are part of Quirks.
type RouteQuirks struct {
	// NoNestedRoutes makes every GET of a nested route
	// (/schools/{id}/classes, /classes/{c}/lineItems/{l}/results) answer
	// this status (404, 405 or 501), as servers that route only
	// /{collection} and /{collection}/{id} do; 0 serves them.
	NoNestedRoutes int
	// FilterFields allows filters only on the listed fields, by the
	// collection listed ("classes", "students"): a filter on any other
	// field answers 400 with no codeMinor and the description
	// "Field 'x' is not allowed for filtering. Allowed fields: a, b", as
	// the Ed-Fi server does. A collection not in the map takes any field.
	FilterFields map[string][]string
	// SingularEnvelopes wraps a single record in the singular of its
	// type's name where the binding's is plural: {"demographic": {…}}.
	SingularEnvelopes bool
	// NoPrimaryOrg leaves primaryOrg out of 1.2 users, who still carry
	// the primary role's org in roles.
	NoPrimaryOrg bool
}

func (r RouteQuirks) clone() RouteQuirks {
	r.FilterFields = maps.Clone(r.FilterFields)
	return r
}

// EdFiQuirks are the quirks of the Ed-Fi Alliance's OneRoster 1.2 server
// (github.com/Ed-Fi-Alliance-OSS/edfi-oneroster), as a run against a
// small district showed them (issue 20): no nested routes, filters on a
// few fields of each collection only, {"demographic": …}, users without
// primaryOrg, no X-Total-Count and string booleans. The allowed filter
// fields are those of the server's unified controller
// (src/controllers/unified/oneRosterController.js, allowedFilterFields),
// plus school.sourcedId on classes, which the server run allowed.
func EdFiQuirks() Quirks {
	sessions := []string{"sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "schoolYear"}
	orgs := []string{"sourcedId", "status", "dateLastModified", "name", "type", "identifier"}
	users := []string{"sourcedId", "status", "dateLastModified", "username", "enabledUser", "givenName", "familyName", "middleName",
		"preferredFirstName", "preferredMiddleName", "preferredLastName", "roles", "identifier", "email"}
	return Quirks{
		NoTotalCount: true,
		Booleans:     BooleansString,
		RouteQuirks: RouteQuirks{
			NoNestedRoutes:    http.StatusNotFound,
			SingularEnvelopes: true,
			NoPrimaryOrg:      true,
			FilterFields: map[string][]string{
				"academicSessions": sessions, "terms": sessions, "gradingPeriods": sessions,
				"classes": {"sourcedId", "status", "dateLastModified", "title", "classCode", "classType", "location", "periods", "school.sourcedId"},
				"courses": {"sourcedId", "status", "dateLastModified", "title", "courseCode"},
				"demographics": {"sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
					"blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
					"hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth"},
				"enrollments": {"sourcedId", "status", "dateLastModified", "role", "primary", "beginDate", "endDate"},
				"orgs":        orgs, "schools": orgs,
				"users": users, "students": users, "teachers": users,
			},
		},
	}
}

// nestedRouteStatus is what NoNestedRoutes answers a request for, 0 when
// it is served: GETs of paths deeper than /{collection}/{id}.
func (r RouteQuirks) nestedRouteStatus(method string, segs []string) int {
	if r.NoNestedRoutes == 0 || method != http.MethodGet || len(segs) <= 2 {
		return 0
	}
	return r.NoNestedRoutes
}

// refusedFilter is the 400 FilterFields answers a filter of f on the
// collection name with, nil when every field of the filter is allowed.
func (r RouteQuirks) refusedFilter(name string, f *filter) *apiError {
	allowed, listed := r.FilterFields[name]
	if !listed || f == nil {
		return nil
	}
	for _, cl := range f.clauses {
		field := cl.field.name
		if cl.sub != "" {
			field += "." + cl.sub
		}
		if !slices.Contains(allowed, field) {
			return &apiError{status: http.StatusBadRequest,
				description: fmt.Sprintf("Field '%s' is not allowed for filtering. Allowed fields: %s", field, strings.Join(allowed, ", "))}
		}
	}
	return nil
}

// singleEnvelope is the key a single record of topic t is wrapped in:
// with SingularEnvelopes, the plural the binding uses for both wrappers
// ("demographics") loses its s.
func (r RouteQuirks) singleEnvelope(t *topic) string {
	if r.SingularEnvelopes && t.one == t.many && strings.HasSuffix(t.one, "s") {
		return strings.TrimSuffix(t.one, "s")
	}
	return t.one
}
