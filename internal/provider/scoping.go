package provider

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The scoping arguments of list data sources (school_sourced_id…) are the
// parameters of the client catalog's nested routes, in Terraform's naming:
// a data source takes one argument per parameter of its collection's
// routes, and the set of arguments given selects the route.

// scopeArg names the scoping argument of a route parameter: "lineItem"
// is line_item_sourced_id.
func scopeArg(param string) string { return snakeCase(param) + "_sourced_id" }

// snakeCase turns the API's camelCase into Terraform's snake_case.
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// route is a nested endpoint of the catalog, with its parameters named as
// scoping arguments.
type route struct {
	args []string // exactly these arguments select the route
	api  *oneroster.Route
	// only is the one OneRoster version that has the route, "" when
	// both have it.
	only oneroster.Version
}

// pattern is the route's path with the arguments in place of its
// parameters, for messages and documentation.
func (r *route) pattern() string { return r.api.Pattern(scopeArg) }

// routesOf are the routes of the collection name in any OneRoster
// version, with their parameters named as scoping arguments.
func routesOf(name string) []route {
	routes := oneroster.RoutesInAnyVersion(name)
	out := make([]route, len(routes))
	for i := range routes {
		r := &routes[i]
		switch in1p1, in1p2 := oneroster.HasRoute(oneroster.Version1p1, name, r.Path), oneroster.HasRoute(oneroster.Version1p2, name, r.Path); {
		case in1p1 && !in1p2:
			out[i].only = oneroster.Version1p1
		case in1p2 && !in1p1:
			out[i].only = oneroster.Version1p2
		}
		args := make([]string, len(r.Params))
		for j, p := range r.Params {
			args[j] = scopeArg(p)
		}
		out[i].args, out[i].api = args, r
	}
	return out
}

// ids maps the scoping arguments set back to the route's parameters.
func (r *route) ids(set map[string]string) map[string]string {
	ids := make(map[string]string, len(r.args))
	for i, a := range r.args {
		ids[r.api.Params[i]] = set[a]
	}
	return ids
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

// scopeArgDescription documents the scoping argument arg from the routes
// it selects.
func scopeArgDescription(routes []route, arg string) string {
	noun := strings.ReplaceAll(strings.TrimSuffix(arg, "_sourced_id"), "_", " ")
	var uses []string
	for i := range routes {
		r := &routes[i]
		if !slices.Contains(r.args, arg) {
			continue
		}
		use := "`" + r.pattern() + "`"
		var others []string
		for _, a := range r.args {
			if a != arg {
				others = append(others, "`"+a+"`")
			}
		}
		switch {
		case len(others) > 0:
			use += " with " + strings.Join(others, " and ")
		case r.api.Derived():
			use += " alone, after looking up the other ids from the " + noun
		}
		if r.only != "" {
			use += " (OneRoster " + r.only.Title() + " only)"
		}
		uses = append(uses, use)
	}
	return fmt.Sprintf("Only records of this %s: reads the spec's nested endpoint %s. A server that does not serve the endpoint, while "+
		"the %s exists, is read through the top-level collection with a filter that selects the same records, where there is one "+
		"(with a warning).", noun, strings.Join(uses, "; or "), noun)
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
			strings.Join(names, " and "), strings.Join(missing, " and "), closest.pattern())
	}
	var combos []string
	for _, r := range routes {
		combos = append(combos, strings.Join(r.args, " and "))
	}
	return nil, fmt.Errorf(
		"%s cannot be set together: set only one of these (or none, for every record): %s",
		strings.Join(names, " and "),
		strings.Join(combos, "; "),
	)
}

func containsAll(set, subset []string) bool {
	for _, s := range subset {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}
