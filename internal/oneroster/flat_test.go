package oneroster_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// rawRecord keeps a record as the server sent it, so that one test reads
// every collection of the catalog (and the client's scope check sees
// every field).
type rawRecord struct {
	raw       json.RawMessage
	SourcedID string
}

func (r *rawRecord) UnmarshalJSON(b []byte) error {
	r.raw = slices.Clone(b)
	var id struct {
		SourcedID string `json:"sourcedId"`
	}
	err := json.Unmarshal(b, &id)
	r.SourcedID = id.SourcedID
	return err
}

func (r rawRecord) MarshalJSON() ([]byte, error) { return r.raw, nil }

func (r rawRecord) ID() string { return r.SourcedID }

// field is the first string at the dotted path of the record, "" when none.
func (r rawRecord) field(path string) string {
	var doc any
	if json.Unmarshal(r.raw, &doc) != nil {
		return ""
	}
	return firstString(doc, strings.Split(path, "."))
}

func firstString(doc any, path []string) string {
	switch v := doc.(type) {
	case []any:
		for _, item := range v {
			if s := firstString(item, path); s != "" {
				return s
			}
		}
	case map[string]any:
		if len(path) > 0 {
			return firstString(v[path[0]], path[1:])
		}
	case string:
		if len(path) == 0 {
			return v
		}
	}
	return ""
}

// Every nested route of every catalog has a flat equivalent, or says why
// not; a flat equivalent compares route params with record fields.
func TestEveryNestedRouteHasAFlatEquivalentOrSaysWhyNot(t *testing.T) {
	for _, cat := range oneroster.Catalogs() {
		for _, info := range cat.Collections() {
			for _, r := range info.Routes {
				flat := r.Flat
				switch {
				case len(flat.Filters) == 0 && flat.None == "":
					t.Errorf("%s %s: no flat equivalent, and no reason why", cat.Version, r.Path)
				case len(flat.Filters) > 0 && flat.None != "":
					t.Errorf("%s %s: a flat equivalent, and a reason why there is none", cat.Version, r.Path)
				}
				for _, f := range flat.Filters {
					if !slices.Contains(r.Params, f.Param) || !strings.Contains(f.Field, ".") {
						t.Errorf("%s %s: filter %+v compares no param of the route with a record's reference", cat.Version, r.Path, f)
					}
				}
			}
		}
	}
}

// sandboxClient is a client of the sandbox srv serves, at version's base
// path, reading one page after the other.
func sandboxClient(t *testing.T, baseURL, tokenURL string) *oneroster.Client {
	t.Helper()
	c, err := oneroster.New(oneroster.Config{
		BaseURL:    baseURL,
		Auth:       &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: tokenURL},
		MaxRetries: oneroster.NoRetries,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// listAt lists the sourcedIds at loc, and the flat reads reported.
func listAt(t *testing.T, c *oneroster.Client, col oneroster.Collection[rawRecord], loc oneroster.Location,
	opts oneroster.ListOptions) ([]string, []oneroster.FlatRead, error) {
	t.Helper()
	var flats []oneroster.FlatRead
	opts.OnFlatRead = func(f oneroster.FlatRead) { flats = append(flats, f) }
	var ids []string
	for rec, err := range col.List(context.Background(), c, loc, opts) {
		if err != nil {
			return ids, flats, err
		}
		ids = append(ids, rec.SourcedID)
	}
	slices.Sort(ids)
	return ids, flats, nil
}

// routeIDs finds ids for route from the records of its collection: each
// filter's field of a record names the id of its param, and a param no
// filter names (the class of a line item's results) is read from the
// record of another param.
func routeIDs(t *testing.T, c *oneroster.Client, r oneroster.Route, rec rawRecord) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, f := range r.Flat.Filters {
		ids[f.Param] = rec.field(f.Field)
	}
	for _, p := range r.Params {
		if ids[p] != "" {
			continue
		}
		for _, f := range r.Flat.Filters {
			parent := oneroster.Collection[rawRecord]{Info: mustLookup(t, c, strings.Split(strings.Split(r.Path, "/{"+f.Param+"}")[0], "/"))}
			got, err := parent.Get(context.Background(), c, ids[f.Param])
			if err == nil {
				ids[p] = got.field(p + ".sourcedId")
			}
		}
	}
	return ids
}

func mustLookup(t *testing.T, c *oneroster.Client, segs []string) *oneroster.Info {
	t.Helper()
	info, ok := c.Catalog().Lookup(segs[len(segs)-1])
	if !ok {
		t.Fatalf("no collection %s", segs[len(segs)-1])
	}
	return info
}

// A server without nested routes lists, through each route's flat
// equivalent, the records the route lists on a server with them, across
// pages of two records, and the listing says so once.
func TestFlatEquivalentsListWhatTheirRoutesList(t *testing.T) {
	quirks := sandbox.Quirks{LimitCap: 2}
	srv, sb, _ := recordingSandbox(t, quirks)
	for _, base := range []string{sandbox.BasePath, sandbox.BasePathV1p2} {
		c := sandboxClient(t, srv.URL+base, srv.URL+sandbox.TokenPath)
		for _, info := range c.Catalog().Collections() {
			col := oneroster.Collection[rawRecord]{Info: info}
			for _, r := range info.Routes {
				if len(r.Flat.Filters) == 0 {
					continue
				}
				t.Run(string(c.Version())+r.Path+"/"+strings.Join(r.Params, ","), func(t *testing.T) {
					sb.SetQuirks(quirks)
					for rec, err := range col.List(context.Background(), c, info.Top(), oneroster.ListOptions{}) {
						if err != nil {
							t.Fatal(err)
						}
						ids := routeIDs(t, c, r, rec)
						loc, err := col.Locate(context.Background(), c, &r, ids)
						if err != nil {
							continue
						}
						sb.SetQuirks(quirks)
						nested, _, err := listAt(t, c, col, loc, oneroster.ListOptions{})
						if err != nil || len(nested) == 0 {
							continue
						}
						withoutRoutes := quirks
						withoutRoutes.NoNestedRoutes = http.StatusNotFound
						sb.SetQuirks(withoutRoutes)
						flat, flats, err := listAt(t, c, col, loc, oneroster.ListOptions{})
						if err != nil {
							t.Fatalf("%s without nested routes: %v", loc, err)
						}
						if !slices.Equal(flat, nested) {
							t.Errorf("%s: flat equivalent lists %v, the route %v", loc, flat, nested)
						}
						if len(flats) != 1 || flats[0].Route != loc.String() || !strings.Contains(flats[0].Filter, r.Flat.Filters[0].Field) {
							t.Errorf("%s: flat reads reported %+v, want one naming the route and the filter", loc, flats)
						}
						return
					}
					t.Fatalf("no record of %s scopes a non-empty %s", info.Name, r.Path)
				})
			}
		}
	}
}

// Without nested routes: an unknown id is still an unknown id; a route
// without flat equivalent, and one whose filter the server refuses, fail
// naming the route (and the filter), never as an unknown id; a caller's
// filter is ANDed with the scope, and one joined by OR is applied by the
// server while the client keeps the scope.
func TestListingWithoutNestedRoutes(t *testing.T) {
	srv, sb, _ := recordingSandbox(t, sandbox.Quirks{})
	c := sandboxClient(t, srv.URL+sandbox.BasePathV1p2, srv.URL+sandbox.TokenPath)
	classes := oneroster.Collection[rawRecord]{Info: mustLookup(t, c, []string{"classes"})}
	ctx := context.Background()
	var school, course, student, code1, code2 string
	var inSchool []string
	for rec, err := range classes.List(ctx, c, classes.Top(), oneroster.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if school == "" {
			school, course, code1 = rec.field("school.sourcedId"), rec.field("course.sourcedId"), rec.field("classCode")
		}
		if rec.field("school.sourcedId") == school {
			inSchool = append(inSchool, rec.SourcedID)
		} else if code2 == "" {
			code2 = rec.field("classCode")
		}
	}
	slices.Sort(inSchool)
	for rec, err := range oneroster.Students.List(ctx, c, oneroster.Students.Top(), oneroster.ListOptions{PageSize: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		student = rec.SourcedID
		break
	}
	sb.SetQuirks(sandbox.EdFiQuirks())
	locate := func(params []string, ids map[string]string) oneroster.Location {
		loc, err := classes.Locate(ctx, c, classes.RouteFor(params), ids)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}

	t.Run("unknown id", func(t *testing.T) {
		_, flats, err := listAt(t, c, classes, locate([]string{"school"}, map[string]string{"school": "no-such-school"}), oneroster.ListOptions{})
		var nre *oneroster.NestedRouteError
		if !oneroster.IsNotFound(err) || errors.As(err, &nre) || len(flats) != 0 {
			t.Errorf("err = %v, flat reads %v; want the route's own 404", err, flats)
		}
	})
	t.Run("no flat equivalent", func(t *testing.T) {
		_, _, err := listAt(t, c, classes, locate([]string{"student"}, map[string]string{"student": student}), oneroster.ListOptions{})
		var nre *oneroster.NestedRouteError
		if !errors.As(err, &nre) || nre.Why == "" || !strings.Contains(err.Error(), "/students/"+student+"/classes") {
			t.Errorf("err = %v; want a NestedRouteError naming the route and why", err)
		}
	})
	t.Run("filter refused", func(t *testing.T) {
		_, flats, err := listAt(t, c, classes, locate([]string{"course"}, map[string]string{"course": course}), oneroster.ListOptions{})
		var nre *oneroster.NestedRouteError
		var apiErr *oneroster.Error
		if !errors.As(err, &nre) || !errors.As(err, &apiErr) || apiErr.Refusal == nil ||
			!strings.Contains(err.Error(), "/courses/"+course+"/classes") || !strings.Contains(err.Error(), "course.sourcedId") {
			t.Errorf("err = %v; want a NestedRouteError naming the route and the refused filter", err)
		}
		if len(flats) != 0 {
			t.Errorf("a refused flat listing is reported as a flat read: %+v", flats)
		}
	})
	t.Run("scope ANDed with the caller's filter", func(t *testing.T) {
		got, flats, err := listAt(t, c, classes, locate([]string{"school"}, map[string]string{"school": school}),
			oneroster.ListOptions{Filter: "classCode='" + code1 + "'"})
		if err != nil || len(got) == 0 || len(flats) != 1 || !strings.Contains(flats[0].Filter, " AND classCode=") {
			t.Errorf("got %v, %v, flat reads %+v", got, err, flats)
		}
	})
	t.Run("scope kept with a caller's OR filter", func(t *testing.T) {
		got, _, err := listAt(t, c, classes, locate([]string{"school"}, map[string]string{"school": school}),
			oneroster.ListOptions{Filter: "classCode='" + code1 + "' OR classCode='" + code2 + "'"})
		if err != nil || len(got) == 0 {
			t.Fatalf("got %v, %v", got, err)
		}
		for _, id := range got {
			if !slices.Contains(inSchool, id) {
				t.Errorf("class %s is not in school %s", id, school)
			}
		}
	})
}
