package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// Each switch of the Ed-Fi profile works alone: the others stay off.
func TestRouteQuirksEachAlone(t *testing.T) {
	t.Run("NoNestedRoutes", func(t *testing.T) {
		sb := newTestSandbox(t, Options{Quirks: Quirks{RouteQuirks: RouteQuirks{NoNestedRoutes: http.StatusNotFound}}})
		school := sb.sample.School
		if r := sb.get("/schools/" + school + "/classes"); r.status != http.StatusNotFound {
			t.Errorf("nested route: %d, want 404", r.status)
		}
		for _, path := range []string{"/schools/" + school, "/classes"} {
			if r := sb.get(path); r.status != http.StatusOK {
				t.Errorf("%s: %d, want 200", path, r.status)
			}
		}
	})
	t.Run("FilterFields", func(t *testing.T) {
		sb := newTestSandbox(t, Options{Quirks: Quirks{RouteQuirks: RouteQuirks{FilterFields: map[string][]string{"classes": {"title", "school.sourcedId"}}}}})
		if r := sb.get("/classes?" + filterQuery("school.sourcedId='"+sb.sample.School+"'")); r.status != http.StatusOK {
			t.Errorf("allowed field: %d", r.status)
		}
		r := sb.get("/classes?" + filterQuery("course.sourcedId='x'"))
		if r.status != http.StatusBadRequest || r.codeMinor(t) != "" ||
			r.description(t) != "Field 'course.sourcedId' is not allowed for filtering. Allowed fields: title, school.sourcedId" {
			t.Errorf("refused field: %d %q %q", r.status, r.codeMinor(t), r.description(t))
		}
		if r := sb.get("/courses?" + filterQuery("org.sourcedId='x'")); r.status != http.StatusOK {
			t.Errorf("a collection not listed takes any field: %d", r.status)
		}
	})
	t.Run("SingularEnvelopes", func(t *testing.T) {
		sb := newTestSandbox(t, Options{Quirks: Quirks{RouteQuirks: RouteQuirks{SingularEnvelopes: true}}})
		if got := sb.mustGet("/demographics/" + sb.sample.Student).json(t); got["demographic"] == nil || got["demographics"] != nil {
			t.Errorf("demographics: %v", got)
		}
		if got := sb.mustGet("/classes/" + sb.sample.Class).json(t); got["class"] == nil {
			t.Errorf("classes: %v", got)
		}
	})
	t.Run("NoPrimaryOrg", func(t *testing.T) {
		sb := newTestSandbox(t, Options{Quirks: Quirks{RouteQuirks: RouteQuirks{NoPrimaryOrg: true}}})
		body := string(sb.mustGet(sb.http.URL + BasePathV1p2 + "/users/" + sb.sample.Student).body)
		if strings.Contains(body, "primaryOrg") || !strings.Contains(body, `"roleType":"primary"`) {
			t.Errorf("1.2 user: %s", body)
		}
	})
}
