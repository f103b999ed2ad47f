package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
)

// Some servers offer no nested routes at all (the Ed-Fi OneRoster server
// answers 404 to /schools/{id}/classes while /schools/{id} is there), and
// some gradebooks lack one (/classes/{c}/lineItems/{l}/results). The
// catalog says, for every route, how the top-level collection lists the
// same records with a filter, or why it cannot; a listing whose route
// the server does not serve reads them that way (Collection.List).

// FlatEquivalent is how the top-level collection lists a nested route's
// records: /schools/{school}/classes is /classes?filter=school.sourcedId='…'.
// A route has Filters, or None says why no filter selects its records.
type FlatEquivalent struct {
	// Filters compare record fields with the route's ids, all ANDed.
	Filters []FlatFilter
	// None says why the route has no flat equivalent.
	None string
}

// FlatFilter compares the record field Field ("school.sourcedId", in the
// filter grammar's dotted form) with the id of the route's Param.
type FlatFilter struct {
	Param string
	Field string
}

// flatBy gives r a flat equivalent: pairs of a route param and the
// filter field compared with its id.
func (r Route) flatBy(paramsAndFields ...string) Route {
	for i := 0; i+1 < len(paramsAndFields); i += 2 {
		r.Flat.Filters = append(r.Flat.Filters, FlatFilter{Param: paramsAndFields[i], Field: paramsAndFields[i+1]})
	}
	return r
}

// noFlat marks r as having no flat equivalent, saying why.
func (r Route) noFlat(why string) Route {
	r.Flat.None = why
	return r
}

// FlatRead tells a caller that a listing read a nested route's records
// from the top-level collection, so that it can say so once.
type FlatRead struct {
	// Route is the nested request path the server does not serve, and
	// Answer what it answered ("404 Not Found").
	Route  string
	Answer string
	// Path and Filter are the top-level collection read instead and the
	// filter sent with it (the caller's included).
	Path   string
	Filter string
}

func (f FlatRead) String() string {
	return fmt.Sprintf("the server does not serve %s (it answered %s), so the records were read from %s with filter %s", f.Route, f.Answer, f.Path, f.Filter)
}

// NestedRouteError is the error of a listing at a nested route the server
// does not serve, although the records it is scoped to exist: the flat
// equivalent failed too (Err), or there is none (Why). It never means that
// an id is unknown.
type NestedRouteError struct {
	// Route is the nested request path, Answer the route's error.
	Route  string
	Answer error
	// Flat is the flat equivalent tried ("/classes?filter=…"), "" when the
	// route has none, and Err why it failed.
	Flat string
	Err  error
	// Why says why the route has no flat equivalent.
	Why string
}

func (e *NestedRouteError) Error() string {
	if e.Flat == "" {
		return fmt.Sprintf("the server does not serve %s (it answered %s), although the records it is scoped to exist, and no filter of the "+
			"top-level collection selects these records instead: %s", e.Route, e.Status(), e.Why)
	}
	return fmt.Sprintf("the server does not serve %s (it answered %s), although the records it is scoped to exist, and it refused the "+
		"equivalent listing %s: %s", e.Route, e.Status(), e.Flat, e.Err)
}

// Status is what the route answered, "404 Not Found".
func (e *NestedRouteError) Status() string { return answerOf(e.Answer) }

// Unwrap is the flat listing's error, or the route's when none was tried.
func (e *NestedRouteError) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return e.Answer
}

// routeAbsent reports whether a nested route's answer may mean that the
// server does not serve it: a 404 (which also means an unknown id; a GET
// of the records it is scoped to tells), a 405 or a 501.
func routeAbsent(err error) bool { return IsNotFound(err) || IsNotImplemented(err) }

// listNested streams the records at the nested location loc; when the
// server does not serve its route, from the flat equivalent.
func (col Collection[T]) listNested(ctx context.Context, c *Client, loc Location, opts ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		started := false
		for rec, err := range listIn[T](ctx, c, col.Service, loc.path, col.Envelope, opts) {
			if err != nil && !started && routeAbsent(err) {
				exist, checkErr := scopedRecordsExist(ctx, c, loc)
				switch {
				case checkErr != nil:
					yield(zero, fmt.Errorf("%w (and looking up the records it is scoped to failed: %w)", err, checkErr))
				case !exist: // an unknown id: the route's own answer says so
					yield(zero, err)
				case loc.route.Flat.None != "" || len(loc.route.Flat.Filters) == 0:
					yield(zero, &NestedRouteError{Route: loc.path, Answer: err, Why: loc.route.Flat.None})
				default:
					col.listFlat(ctx, c, loc, opts, err)(yield)
				}
				return
			}
			started = true
			if !yield(rec, err) {
				return
			}
		}
	}
}

// listFlat streams loc's records from the top-level collection, filtered
// by the route's flat equivalent ANDed with the caller's filter; routeErr
// is what the route answered. A caller's filter joined by OR cannot take
// another clause (the grammar allows one kind of logical operator): the
// server then applies it alone. Either way the scope is also checked on
// each record, which also holds for servers that ignore a filter.
func (col Collection[T]) listFlat(ctx context.Context, c *Client, loc Location, opts ListOptions, routeErr error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		scope, clauses, err := loc.flatFilter()
		if err != nil {
			yield(zero, &NestedRouteError{Route: loc.path, Answer: routeErr, Flat: col.Path(), Err: err})
			return
		}
		flatOpts := opts
		switch {
		case opts.Filter == "":
			flatOpts.Filter = scope
		case filterLogic(opts.Filter) != LogicOr:
			flatOpts.Filter = scope + " " + LogicAnd + " " + opts.Filter
		}
		if len(opts.Fields) > 0 {
			flatOpts.Fields = withScopeFields(opts.Fields, clauses)
		}
		flat := col.Path() + "?filter=" + flatOpts.Filter
		// Told once the server has answered the flat listing: a refused
		// one is an error, not a read that happened another way.
		started := false
		begin := func() {
			if !started && opts.OnFlatRead != nil {
				opts.OnFlatRead(FlatRead{Route: loc.path, Answer: answerOf(routeErr), Path: col.Path(), Filter: flatOpts.Filter})
			}
			started = true
		}
		for rec, err := range listIn[T](ctx, c, col.Service, col.Path(), col.Envelope, flatOpts) {
			if err != nil {
				if !started {
					err = &NestedRouteError{Route: loc.path, Answer: routeErr, Flat: flat, Err: err}
				}
				yield(zero, err)
				return
			}
			begin()
			if !inScope(rec, clauses) {
				continue
			}
			if !yield(rec, nil) {
				return
			}
		}
		begin() // an empty collection
	}
}

// flatFilter is the filter of loc's flat equivalent and its clauses.
func (l Location) flatFilter() (string, []Clause, error) {
	var clauses []Clause
	for _, f := range l.route.Flat.Filters {
		clauses = append(clauses, Clause{Field: f.Field, Operator: "=", Value: l.ids[f.Param]})
	}
	filter, err := BuildFilter(clauses, LogicAnd)
	return filter, clauses, err
}

// scopedRecordsExist GETs the records loc's route is scoped to, the most
// specific first, and reports whether they all exist: a route that
// answers 404 for records that exist is a route the server does not serve.
func scopedRecordsExist(ctx context.Context, c *Client, loc Location) (bool, error) {
	for _, param := range slices.Backward(loc.route.Params) {
		info, ok := c.Catalog().Lookup(collectionOfParam(loc.route.Path, param))
		if !ok || !info.Has(OpGet) {
			continue
		}
		if _, err := c.getIn(ctx, info.Service, ObjectPath(info.Name, loc.ids[param]), nil, nil); err != nil {
			if IsNotFound(err) {
				return false, nil
			}
			return false, err
		}
	}
	return true, nil
}

// collectionOfParam is the collection a route's param is an id of: the
// path segment before its placeholder ("schools" in /schools/{school}/…).
func collectionOfParam(path, param string) string {
	before, _, _ := strings.Cut(path, "/{"+param+"}")
	return before[strings.LastIndex(before, "/")+1:]
}

// answerOf is the status a route answered, for messages ("404 Not Found").
func answerOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return strings.TrimSpace(fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode)))
	}
	return err.Error()
}

// withScopeFields adds to a field selection the fields the scope is
// checked on ("school" for school.sourcedId).
func withScopeFields(fields []string, clauses []Clause) []string {
	out := slices.Clone(fields)
	for _, cl := range clauses {
		top, _, _ := strings.Cut(cl.Field, ".")
		if !slices.Contains(out, top) {
			out = append(out, top)
		}
	}
	return out
}

// inScope reports whether rec satisfies every clause (all "="), read from
// its JSON form: a list field ("terms.sourcedId", "roles.org.sourcedId")
// does when any element does. Ids compare without case, as servers
// backed by case-insensitive collations answer them.
func inScope[T any](rec T, clauses []Clause) bool {
	if len(clauses) == 0 {
		return true
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return false
	}
	var doc any
	if json.Unmarshal(raw, &doc) != nil {
		return false
	}
	for _, cl := range clauses {
		if !anyValue(doc, strings.Split(cl.Field, "."), func(v string) bool { return strings.EqualFold(v, cl.Value) }) {
			return false
		}
	}
	return true
}

// anyValue reports whether a string at path in doc satisfies ok,
// descending into every element of the lists on the way.
func anyValue(doc any, path []string, ok func(string) bool) bool {
	switch v := doc.(type) {
	case []any:
		for _, item := range v {
			if anyValue(item, path, ok) {
				return true
			}
		}
		return false
	case map[string]any:
		if len(path) == 0 {
			return false
		}
		return anyValue(v[path[0]], path[1:], ok)
	case string:
		return len(path) == 0 && ok(v)
	}
	return false
}

// filterLogic is the logical operator joining a filter's clauses, AND
// when it has one clause; words inside quoted values do not count.
func filterLogic(filter string) string {
	inQuote := false
	for i := 0; i < len(filter); i++ {
		switch {
		case filter[i] == '\'':
			inQuote = !inQuote
		case !inQuote && i+4 <= len(filter) && strings.EqualFold(filter[i:i+4], " OR "):
			return LogicOr
		}
	}
	return LogicAnd
}
