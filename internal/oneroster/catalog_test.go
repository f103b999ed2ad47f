package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// specV1p1 is the OneRoster 1.1 OpenAPI binding, carried in the repository.
const specV1p1 = "../../spec/oneroster-v1p1-openapi.json"

type specDoc struct {
	Paths      map[string]map[string]specOperation `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

type specOperation struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema struct {
				Ref string `json:"$ref"`
			} `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func loadSpecV1p1(t *testing.T) *specDoc {
	t.Helper()
	raw, err := os.ReadFile(specV1p1)
	if err != nil {
		t.Fatal(err)
	}
	var doc specDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

// specPath writes a catalog path the way the binding does: {class} is
// {classSourcedId}.
func specPath(path string) string {
	for _, p := range pathParams(path) {
		path = strings.ReplaceAll(path, "{"+p+"}", "{"+p+"SourcedId}")
	}
	return path
}

// envelopeOf is the one property of the schema the binding answers op's
// 200 with: the envelope key.
func (d *specDoc) envelopeOf(t *testing.T, path, method string) string {
	t.Helper()
	op, ok := d.Paths[path][method]
	if !ok {
		t.Errorf("the binding has no %s %s", strings.ToUpper(method), path)
		return ""
	}
	ref := op.Responses["200"].Content["application/json"].Schema.Ref
	props := d.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")].Properties
	if len(props) != 1 {
		t.Fatalf("%s %s answers %s, which has %d properties", method, path, ref, len(props))
	}
	for k := range props {
		return k
	}
	return ""
}

// Every operation and route of the catalog is one the binding defines,
// with the envelopes the binding answers with.
func TestCatalogV1p1MatchesTheBinding(t *testing.T) {
	doc := loadSpecV1p1(t)
	for _, c := range CatalogV1p1.Collections() {
		if c.Version != Version1p1 {
			t.Errorf("%s: version %q in the 1.1 catalog", c.Name, c.Version)
		}
		if got := doc.envelopeOf(t, c.Path(), "get"); got != c.Envelope {
			t.Errorf("%s: envelope %q, the binding answers %q", c.Name, c.Envelope, got)
		}
		object := c.Path() + "/{sourcedId}"
		if got := doc.envelopeOf(t, object, "get"); got != c.SingleEnvelope {
			t.Errorf("%s: single envelope %q, the binding answers %q", c.Name, c.SingleEnvelope, got)
		}
		for op, method := range map[Operation]string{OpPut: "put", OpDelete: "delete", OpPost: "post"} {
			_, inSpec := doc.Paths[object][method]
			if c.Has(op) != inSpec {
				t.Errorf("%s: catalog has %s: %v, the binding: %v", c.Name, op, c.Has(op), inSpec)
			}
		}
		if c.Has(OpPut) && (c.WriteScope == "" || c.DeleteScope == "") {
			t.Errorf("%s is written but names no write or delete scope", c.Name)
		}
		for _, r := range c.Routes {
			if got := doc.envelopeOf(t, specPath(r.Path), "get"); got != c.Envelope {
				t.Errorf("%s: route %s answers %q, not the collection's envelope %q", c.Name, r.Path, got, c.Envelope)
			}
			for _, p := range r.Params {
				if !slices.Contains(pathParams(r.Path), p) {
					t.Errorf("%s: route %s takes %q, which its path lacks", c.Name, r.Path, p)
				}
			}
			if len(r.Params) < len(pathParams(r.Path)) && !r.Derived() {
				t.Errorf("%s: route %s has placeholders no one fills", c.Name, r.Path)
			}
		}
	}
}

// Every GET of the binding is reachable through the catalog.
func TestCatalogV1p1CoversTheBinding(t *testing.T) {
	doc := loadSpecV1p1(t)
	covered := map[string]bool{}
	for _, c := range CatalogV1p1.Collections() {
		covered[c.Path()] = true
		covered[c.Path()+"/{sourcedId}"] = true
		for _, r := range c.Routes {
			covered[specPath(r.Path)] = true
		}
	}
	var missing []string
	for p := range doc.Paths {
		if !covered[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the catalog lacks %s", strings.Join(missing, ", "))
	}
}

func TestCatalogLookupsAndScopes(t *testing.T) {
	if got, want := CatalogV1p1.Names(GroupGradebook, false), []string{"categories", "lineItems", "results"}; !slices.Equal(got, want) {
		t.Errorf("gradebook names %v, want %v", got, want)
	}
	if got := CatalogV1p1.Names(GroupRostering, true); slices.Contains(got, "academicSessions") || !slices.Contains(got, "demographics") {
		t.Errorf("default probes %v", got)
	}
	if _, ok := CatalogV1p1.Lookup("widgets"); ok {
		t.Error("Lookup found widgets")
	}
	classes := Classes.RouteFor([]string{"school"})
	if classes == nil || classes.Path != "/schools/{school}/classes" {
		t.Fatalf("RouteFor(school) = %v", classes)
	}
	for _, tc := range []struct {
		info  *Info
		op    Operation
		route *Route
		want  string
	}{
		{Classes.Info, OpList, nil, ScopeRosterCoreReadonly},
		{Classes.Info, OpList, classes, ScopeRosterReadonly},
		{Demographics.Info, OpGet, nil, ScopeDemographicsReadonly},
		{Results.Info, OpList, Results.RouteFor([]string{"lineItem", "class"}), ScopeGradebookReadonly},
		{LineItems.Info, OpPut, nil, ScopeGradebookCreatePut},
		{LineItems.Info, OpDelete, nil, ScopeGradebookDelete},
	} {
		if got := tc.info.ScopeFor(tc.op, tc.route); got != tc.want {
			t.Errorf("%s %s: scope %s, want %s", tc.info.Name, tc.op, got, tc.want)
		}
	}
	r := Results.RouteFor([]string{"class", "lineItem"})
	if got := r.Pattern(func(p string) string { return p + "_id" }); got != "/classes/{class_id}/lineItems/{lineItem_id}/results" {
		t.Errorf("Pattern = %s", got)
	}
}

func TestCollectionTypedOperations(t *testing.T) {
	var requests []string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		body := ""
		if r.Body != nil {
			raw := make([]byte, 4096)
			n, _ := r.Body.Read(raw)
			body = string(raw[:n])
		}
		requests = append(requests, r.Method+" "+r.URL.EscapedPath()+" "+body)
		switch r.Method + " " + r.URL.EscapedPath() {
		case "GET /ims/oneroster/v1p1/lineItems/li%201":
			writeRaw(w, 200, "application/json", `{"lineItem":{"sourcedId":"li 1","title":"Quiz"}}`)
		case "GET /ims/oneroster/v1p1/lineItems/empty":
			writeRaw(w, 200, "application/json", `{"lineItems":[]}`)
		case "PUT /ims/oneroster/v1p1/lineItems/li%201":
			w.WriteHeader(http.StatusNoContent)
		case "PUT /ims/oneroster/v1p1/categories/c1":
			writeRaw(w, 201, "application/json", `{"category":{"sourcedId":"c1","title":"Stored"}}`)
		case "DELETE /ims/oneroster/v1p1/results/r1":
			w.WriteHeader(http.StatusNoContent)
		case "GET /ims/oneroster/v1p1/classes/c1":
			writeRaw(w, 200, "application/json", `{"class":{"sourcedId":"c1","school":{"sourcedId":"s 9","type":"org"}}}`)
		case "GET /ims/oneroster/v1p1/schools/s%209/classes/c1/enrollments":
			w.Header().Set("X-Total-Count", "1")
			writeRaw(w, 200, "application/json", `{"enrollments":[{"sourcedId":"e1"}]}`)
		default:
			writeRaw(w, 404, "application/json", `{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_codeMinor":"unknownobject"}`)
		}
	})
	c, _ := newTestClient(t, srv, nil)
	ctx := context.Background()

	li, err := LineItems.Get(ctx, c, "li 1")
	if err != nil || li.Title != "Quiz" {
		t.Fatalf("Get = %+v, %v", li, err)
	}
	if _, err := LineItems.Get(ctx, c, "empty"); err == nil || !strings.Contains(err.Error(), `no "lineItem" object`) {
		t.Errorf("Get of an answer without the envelope: %v", err)
	}
	if _, err := LineItems.Get(ctx, c, "gone"); !IsNotFound(err) {
		t.Errorf("Get of a missing record: %v", err)
	}
	stored, err := LineItems.Put(ctx, c, "li 1", &model.LineItem{Title: "Quiz"})
	if err != nil || stored != nil {
		t.Errorf("Put answered 204: %+v, %v", stored, err)
	}
	if !strings.Contains(requests[len(requests)-1], `{"lineItem":{`) {
		t.Errorf("Put sent %s, not the record in its envelope", requests[len(requests)-1])
	}
	cat, err := Categories.Put(ctx, c, "c1", &model.Category{Title: "Sent"})
	if err != nil || cat == nil || cat.Title != "Stored" {
		t.Errorf("Put answered the stored record: %+v, %v", cat, err)
	}
	if err := Results.Delete(ctx, c, "r1"); err != nil {
		t.Errorf("Delete: %v", err)
	}
	before := len(requests)
	if err := Users.Delete(ctx, c, "u1"); !errors.Is(err, ErrUnsupportedOperation) || !IsUnsupported(err) {
		t.Errorf("Delete of a user: %v", err)
	}
	if _, err := Orgs.Put(ctx, c, "o1", &model.Org{}); !errors.Is(err, ErrUnsupportedOperation) {
		t.Errorf("Put of an org: %v", err)
	}
	if len(requests) != before {
		t.Errorf("unsupported operations sent %v", requests[before:])
	}

	// A class's enrollments: the route the binding lacks is reached under
	// the class's school, looked up first.
	route := Enrollments.RouteFor([]string{"class"})
	loc, err := Enrollments.Locate(ctx, c, route, map[string]string{"class": "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if loc.String() != "/schools/s%209/classes/c1/enrollments" || !loc.Nested() || loc.Scope() != ScopeRosterReadonly {
		t.Errorf("location %s nested %v scope %s", loc, loc.Nested(), loc.Scope())
	}
	var ids []string
	for e, err := range Enrollments.List(ctx, c, loc, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.SourcedID)
	}
	if !slices.Equal(ids, []string{"e1"}) {
		t.Errorf("enrollments %v", ids)
	}
	if _, err := Enrollments.Locate(ctx, c, route, map[string]string{"class": "nope"}); err == nil ||
		!strings.Contains(err.Error(), `no class with sourcedId "nope"`) {
		t.Errorf("Locate of a missing class: %v", err)
	}

	// A 404 says "not supported" of a top-level collection only.
	_, notFound := Orgs.Get(ctx, c, "x")
	if !Orgs.Top().Unsupported(notFound) || loc.Unsupported(notFound) {
		t.Errorf("Unsupported: top %v nested %v", Orgs.Top().Unsupported(notFound), loc.Unsupported(notFound))
	}
}
