package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// Scoping arguments of list data sources. Each selects one of the spec's
// nested endpoints (e.g. school_sourced_id on oneroster_classes reads
// /schools/{id}/classes).
var scopeArgDescriptions = map[string]string{
	"school_sourced_id":    "Only records of this school (the spec's nested `/schools/{id}/…` endpoint).",
	"class_sourced_id":     "Only records of this class (the spec's nested `/classes/{id}/…` endpoint).",
	"term_sourced_id":      "Only records of this term (the spec's nested `/terms/{id}/…` endpoint).",
	"course_sourced_id":    "Only records of this course (`/courses/{id}/classes`).",
	"student_sourced_id":   "Only records of this student (`/students/{id}/classes`; for results, `/classes/{class}/students/{id}/results`, with `class_sourced_id`).",
	"teacher_sourced_id":   "Only records of this teacher (`/teachers/{id}/classes`).",
	"user_sourced_id":      "Only records of this user (`/users/{id}/classes`).",
	"line_item_sourced_id": "Only records of this line item (`/classes/{class}/lineItems/{id}/results`; needs `class_sourced_id`).",
}

// route is a nested endpoint chosen by a set of scoping arguments.
type route struct {
	args []string // exactly these arguments select the route
	path string   // with {argument} placeholders
	// derive fills path arguments the user did not give (e.g. a class's
	// school), for scopes the spec only offers through a longer path.
	derive func(ctx context.Context, c *oneroster.Client, args map[string]string) error
}

// scopeArgs lists the distinct scoping arguments of routes, sorted.
func scopeArgs(routes []route) []string {
	var out []string
	for _, r := range routes {
		for _, a := range r.args {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// pickRoute finds the route for exactly the arguments set. nil, nil means
// no scoping (the top-level collection).
func pickRoute(routes []route, set map[string]string) (*route, error) {
	if len(set) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	for i := range routes {
		args := append([]string(nil), routes[i].args...)
		sort.Strings(args)
		if slices.Equal(args, names) {
			return &routes[i], nil
		}
	}
	// Arguments that a longer route completes: say what to add, rather
	// than list every combination.
	var closest *route
	for i := range routes {
		r := &routes[i]
		if len(r.args) > len(names) && containsAll(r.args, names) && (closest == nil || len(r.args) < len(closest.args)) {
			closest = r
		}
	}
	if closest != nil {
		var missing []string
		for _, a := range closest.args {
			if !slices.Contains(names, a) {
				missing = append(missing, a)
			}
		}
		return nil, fmt.Errorf("%s selects no endpoint on its own: set %s as well (the server serves these records at %s)",
			strings.Join(names, " and "), strings.Join(missing, " and "), closest.path)
	}
	var combos []string
	for _, r := range routes {
		combos = append(combos, strings.Join(r.args, " and "))
	}
	return nil, fmt.Errorf("%s cannot be set together: set only one of these (or none, for every record): %s", strings.Join(names, " and "), strings.Join(combos, "; "))
}

func containsAll(set, subset []string) bool {
	for _, s := range subset {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}

// expand fills the route's placeholders, escaping each id.
func (r *route) expand(args map[string]string) string {
	return oneroster.ExpandPath(r.path, args)
}

// classSchool looks up the school of class_sourced_id, for scopes that
// the spec reaches only through /schools/{school}/classes/{class}/….
func classSchool(ctx context.Context, c *oneroster.Client, args map[string]string) error {
	if args["school_sourced_id"] != "" {
		return nil
	}
	var env struct {
		Class *model.Class `json:"class"`
	}
	if _, err := c.Get(ctx, oneroster.ObjectPath("classes", args["class_sourced_id"]), nil, &env); err != nil {
		if oneroster.IsNotFound(err) {
			return fmt.Errorf("no class with sourcedId %q", args["class_sourced_id"])
		}
		return fmt.Errorf("looking up the school of class %q: %w", args["class_sourced_id"], err)
	}
	if env.Class == nil || env.Class.School == nil || env.Class.School.SourcedID == "" {
		return fmt.Errorf("class %q names no school; set school_sourced_id as well", args["class_sourced_id"])
	}
	args["school_sourced_id"] = env.Class.School.SourcedID
	return nil
}
