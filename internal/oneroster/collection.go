package oneroster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strings"
)

// Collection is a catalog entry with its record type: the typed
// operations callers use, so that none of them builds a path, wraps a
// body in its envelope or decodes one.
type Collection[T any] struct {
	*Info
}

// ErrUnsupportedOperation is wrapped by the error of an operation the
// binding does not define on a collection (a PUT of a user); no request
// is sent.
var ErrUnsupportedOperation = errors.New("the OneRoster binding defines no such operation")

// IsUnsupported reports whether err says that the server, or the binding,
// does not offer what was asked: ErrUnsupportedOperation, or a 501. A 404
// means the same only for a top-level collection; see Location.Unsupported.
func IsUnsupported(err error) bool {
	return errors.Is(err, ErrUnsupportedOperation) || IsNotImplemented(err)
}

// ErrNotInVersion is wrapped by the error of an operation on a collection
// that the catalog of the client's OneRoster version lacks (or that this
// client does not speak yet in that version); no request is sent.
var ErrNotInVersion = errors.New("not available in this OneRoster version")

// on is col as the catalog of c's version describes it: the collections of
// every version share their names and record types, while their scopes and
// routes are the version's. Callers keep naming oneroster.Classes.
func (col Collection[T]) on(c *Client) (Collection[T], error) {
	cat := c.Catalog()
	if cat == nil || cat.Version == col.Version {
		return col, nil
	}
	info, ok := cat.Lookup(col.Name)
	if !ok {
		if col.Version != Version1p1 {
			return col, fmt.Errorf(
				"%s exist only in OneRoster %s, and the server speaks %s: %w",
				col.Name,
				col.Version.Title(),
				cat.Version.Title(),
				ErrNotInVersion,
			)
		}
		if col.Group == GroupGradebook {
			return col, fmt.Errorf("%s: gradebook on OneRoster %s is not supported yet: %w", col.Name, cat.Version.Title(), ErrNotInVersion)
		}
		return col, fmt.Errorf("%s on OneRoster %s is not supported yet: %w", col.Name, cat.Version.Title(), ErrNotInVersion)
	}
	return Collection[T]{info}, nil
}

// routeOn is the route of col (resolved by on) with route's path: callers
// select routes from the collection they name.
func (col Collection[T]) routeOn(route *Route) (*Route, error) {
	for k := range col.Routes {
		if col.Routes[k].Path == route.Path && slices.Equal(col.Routes[k].Params, route.Params) {
			return &col.Routes[k], nil
		}
	}
	in := ""
	for _, cat := range Catalogs() {
		if other, ok := cat.Lookup(col.Name); ok && cat.Version != col.Version &&
			slices.ContainsFunc(other.Routes, func(r Route) bool { return r.Path == route.Path }) {
			in = fmt.Sprintf(" (OneRoster %s has it)", cat.Version.Title())
		}
	}
	return nil, fmt.Errorf("%s on OneRoster %s has no route %s%s: %w", col.Name, col.Version.Title(), route.Path, in, ErrNotInVersion)
}

func (col Collection[T]) check(op Operation) error {
	if col.Has(op) {
		return nil
	}
	return fmt.Errorf("%s of %s: %w", op, col.Name, ErrUnsupportedOperation)
}

// ErrUnreadableAnswer is wrapped by the error of a Put that the server
// accepted, but whose answer does not decode as the record: the write
// happened, and what was stored is not known.
var ErrUnreadableAnswer = errors.New("the server accepted the write, but its answer cannot be read")

// Get reads the record id.
func (col Collection[T]) Get(ctx context.Context, c *Client, id string) (*T, error) {
	col, err := col.on(c)
	if err != nil {
		return nil, err
	}
	if err := col.check(OpGet); err != nil {
		return nil, err
	}
	objectPath := ObjectPath(col.Name, id)
	var body map[string]json.RawMessage
	if _, err := c.getIn(ctx, col.Service, objectPath, nil, &body); err != nil {
		return nil, err
	}
	rec, err := col.decodeSingle(body)
	if err == nil && rec == nil {
		err = fmt.Errorf("the answer has no %q object", col.SingleEnvelope)
	}
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", objectPath, err)
	}
	return rec, nil
}

// Put writes rec as the record id (creating or replacing it) and returns
// what the server answered it stored, or nil when the answer carried no
// record (a 204, or a body without the envelope): callers that need the
// stored form then Get it.
//
// A failed Put may still have been applied; WriteMayHaveBeenApplied tells,
// and ErrUnreadableAnswer says it was.
func (col Collection[T]) Put(ctx context.Context, c *Client, id string, rec *T) (*T, error) {
	col, err := col.on(c)
	if err != nil {
		return nil, err
	}
	if err := col.check(OpPut); err != nil {
		return nil, err
	}
	var answer map[string]json.RawMessage
	if _, err := c.putIn(ctx, col.Service, ObjectPath(col.Name, id), map[string]any{col.SingleEnvelope: rec}, &answer); err != nil {
		return nil, err
	}
	stored, err := col.decodeSingle(answer)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreadableAnswer, err)
	}
	return stored, nil
}

// Delete deletes the record id.
func (col Collection[T]) Delete(ctx context.Context, c *Client, id string) error {
	col, err := col.on(c)
	if err != nil {
		return err
	}
	if err := col.check(OpDelete); err != nil {
		return err
	}
	_, err = c.deleteIn(ctx, col.Service, ObjectPath(col.Name, id))
	return err
}

// decodeSingle decodes the record inside a single envelope ({"lineItem":
// {…}}); nil, nil when there is none. Servers get the wrapper's number
// wrong both ways (the Ed-Fi OneRoster server answers {"demographic": {…}}
// where the binding says "demographics"), so the record is also read from
// the other form of the record type's name, and from the collection's
// envelope when that holds an object: the wrappers a collection accepts
// are listed by singleEnvelopes, for every collection alike.
func (col Collection[T]) decodeSingle(body map[string]json.RawMessage) (*T, error) {
	var raw json.RawMessage
	var name string
	for _, candidate := range col.singleEnvelopes() {
		if v, ok := body[candidate]; ok && isJSONObject(v) {
			raw, name = v, candidate
			break
		}
	}
	if raw == nil {
		return nil, nil
	}
	rec := new(T)
	if err := json.Unmarshal(raw, rec); err != nil {
		return nil, fmt.Errorf("cannot decode the %s the server answered with: %w", name, err)
	}
	return rec, nil
}

// singleEnvelopes are the wrappers a single record is read from, the
// binding's first: SingleEnvelope, its singular or plural twin
// ("demographics" and "demographic", "class" and "classes"), and the
// collection's Envelope.
func (i *Info) singleEnvelopes() []string {
	out := []string{i.SingleEnvelope}
	for _, name := range []string{singularOf(i.SingleEnvelope), pluralOf(i.SingleEnvelope), i.Envelope, singularOf(i.Envelope)} {
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// singularOf is the singular of a collection name of the binding
// ("categories", "classes", "users"), or "" when name is not plural.
func singularOf(name string) string {
	switch {
	case strings.HasSuffix(name, "ies"):
		return strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "sses"):
		return strings.TrimSuffix(name, "es")
	case strings.HasSuffix(name, "s") && !strings.HasSuffix(name, "ss"):
		return strings.TrimSuffix(name, "s")
	}
	return ""
}

// pluralOf is the plural of a record type name of the binding ("category",
// "class", "user"), or "" when name is plural already.
func pluralOf(name string) string {
	switch {
	case strings.HasSuffix(name, "ss"):
		return name + "es"
	case strings.HasSuffix(name, "y"):
		return strings.TrimSuffix(name, "y") + "ies"
	case strings.HasSuffix(name, "s"):
		return ""
	}
	return name + "s"
}

// isJSONObject reports whether v is a JSON object (not null, a list or a
// scalar).
func isJSONObject(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && v[0] == '{'
}

// Location is where a read goes: the top-level collection, one of its
// routes with every id in place, or one record.
type Location struct {
	info   *Info
	route  *Route
	ids    map[string]string // the route's ids, derived ones included
	path   string
	object bool
}

// String is the request path, for messages.
func (l Location) String() string { return l.path }

// Nested reports whether the location is one of the collection's routes.
func (l Location) Nested() bool { return l.route != nil }

// Scope names the OAuth 2 scope reading the location needs.
func (l Location) Scope() string { return l.info.ScopeFor(OpList, l.route) }

// Unsupported reports whether err, from reading the location, says the
// server does not offer it: a 501, or a 404 of a top-level collection. A
// 404 of a nested route means that the record it is scoped to does not
// exist.
func (l Location) Unsupported(err error) bool {
	return IsUnsupported(err) || (IsNotFound(err) && !l.Nested() && !l.object)
}

// Top is the top-level collection's location.
func (i *Info) Top() Location {
	return Location{info: i, path: i.Path()}
}

// Probe GETs one record of the top-level collection (see Client.Probe):
// how a connection check tells what the server offers.
func (i *Info) Probe(ctx context.Context, c *Client) (*Response, error) {
	return c.getIn(ctx, i.Service, i.Path(), url.Values{"limit": {"1"}}, nil)
}

// Record is the location of the record id, for messages about reading it.
func (col Collection[T]) Record(id string) Location {
	return Location{info: col.Info, path: ObjectPath(col.Name, id), object: true}
}

// InfoOn is the collection as the catalog of c's version describes it
// (its scopes above all), for messages about its requests; the
// collection itself when that version lacks it.
func (col Collection[T]) InfoOn(c *Client) *Info {
	if resolved, err := col.on(c); err == nil {
		return resolved.Info
	}
	return col.Info
}

// RecordOn is Record as the catalog of c's version has it, for messages
// about reading the record that name the scope of the version in use.
func (col Collection[T]) RecordOn(c *Client, id string) Location {
	if resolved, err := col.on(c); err == nil {
		col = resolved
	}
	return col.Record(id)
}

// Locate fills route's path with ids (keyed by the route's Params),
// looking up any id the route needs beyond those. route nil is the
// top-level collection.
func (col Collection[T]) Locate(ctx context.Context, c *Client, route *Route, ids map[string]string) (Location, error) {
	col, err := col.on(c)
	if err != nil {
		return Location{}, err
	}
	if route == nil {
		return col.Top(), nil
	}
	if route, err = col.routeOn(route); err != nil {
		return Location{}, err
	}
	all := make(map[string]string, len(ids)+1)
	for _, p := range route.Params {
		all[p] = ids[p]
	}
	if route.derive != nil {
		if err := route.derive(ctx, c, all); err != nil {
			return Location{}, err
		}
	}
	return Location{info: col.Info, route: route, ids: all, path: ExpandPath(route.Path, all)}, nil
}

// List streams the records at loc (see the package function List for
// paging). Use Top for the whole collection. When the server does not
// serve loc's nested route although the records it is scoped to exist,
// List reads the route's flat equivalent (flat.go), tells
// opts.OnFlatRead, and fails with a NestedRouteError when that fails too.
func (col Collection[T]) List(ctx context.Context, c *Client, loc Location, opts ListOptions) iter.Seq2[T, error] {
	col, err := col.on(c)
	if err == nil {
		err = col.check(OpList)
	}
	if err != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, err)
		}
	}
	if loc.Nested() {
		return col.listNested(ctx, c, loc, opts)
	}
	return listIn[T](ctx, c, col.Service, loc.path, col.Envelope, opts)
}

// deriveParams fills the ids of a route's path that callers do not give.
type deriveParams func(ctx context.Context, c *Client, ids map[string]string) error

// schoolOfClass fills "school" with the school of "class": 1.1 lists a
// class's enrollments only under /schools/{school}/classes/{class}.
func schoolOfClass(ctx context.Context, c *Client, ids map[string]string) error {
	if ids["school"] != "" {
		return nil
	}
	class, err := Classes.Get(ctx, c, ids["class"])
	if err != nil {
		if IsNotFound(err) {
			return fmt.Errorf("no class with sourcedId %q", ids["class"])
		}
		return fmt.Errorf("looking up the school of class %q: %w", ids["class"], err)
	}
	if class.School == nil || class.School.SourcedID == "" {
		return fmt.Errorf("class %q names no school, and its enrollments are listed only under its school: give the school's sourcedId as well", ids["class"])
	}
	ids["school"] = class.School.SourcedID
	return nil
}
