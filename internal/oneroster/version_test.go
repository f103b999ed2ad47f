package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestResolveVersion(t *testing.T) {
	const v11, v12, custom = "https://sis.example/ims/oneroster/v1p1", "https://sis.example/ims/oneroster/rostering/v1p2/", "https://sis.example/api/oneroster"
	for _, tc := range []struct {
		url      string
		explicit Version
		want     Version
		wantErr  string
	}{
		{url: v11, want: Version1p1},
		{url: v12, want: Version1p2},
		{url: custom, want: DefaultVersion},
		{url: custom, explicit: Version1p2, want: Version1p2},
		{url: custom, explicit: Version1p1, want: Version1p1},
		{url: v12, explicit: Version1p2, want: Version1p2},
		{url: v12, explicit: Version1p1, wantErr: `oneroster_version is "1.1", but the base URL "https://sis.example/ims/oneroster/rostering/v1p2/" is a ` +
			`OneRoster 1.2 service`},
		{url: v11, explicit: Version1p2, wantErr: `oneroster_version is "1.2", but the base URL "https://sis.example/ims/oneroster/v1p1" is a OneRoster 1.1 service`},
		// A vendor's own /v1p2 path is 1.2 too: read as 1.1, its users
		// would lose their role and orgs without an error.
		{url: "https://sis.example/v1p2", want: Version1p2},
		{url: "https://sis.example/ims/oneroster/v1p2", want: Version1p2},
		{url: "https://sis.example/api/oneroster/v1p2/", want: Version1p2},
	} {
		got, err := ResolveVersion(tc.url, tc.explicit, "oneroster_version")
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ResolveVersion(%q, %q) = %q, %v; want the error %q", tc.url, tc.explicit, got, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || got != tc.want):
			t.Errorf("ResolveVersion(%q, %q) = %q, %v; want %q", tc.url, tc.explicit, got, err, tc.want)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]Version{"": "", "1.1": Version1p1, "v1p1": Version1p1, "1.2": Version1p2, " V1P2 ": Version1p2} {
		if got, err := ParseVersion(in); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseVersion("1.0"); err == nil || !strings.Contains(err.Error(), `use "1.1" or "1.2"`) {
		t.Errorf("ParseVersion(1.0) = %v, want a refusal naming the versions", err)
	}
}

// A client of a custom URL speaks the version it is told, and one whose URL
// contradicts it is refused.
func TestNewVersionChoice(t *testing.T) {
	auth := &OAuth2ClientCredentials{ClientID: "i", ClientSecret: "s", TokenURL: "https://sis.example/token"}
	c, err := New(Config{BaseURL: "https://sis.example/api", Version: Version1p2, Auth: auth})
	if err != nil || c.Version() != Version1p2 {
		t.Fatalf("New with Version1p2 on a custom URL = %v, %v", c, err)
	}
	if _, err := New(Config{BaseURL: "https://sis.example/ims/oneroster/v1p1", Version: Version1p2, Auth: auth}); err == nil ||
		!strings.Contains(err.Error(), "OneRoster 1.1 service") {
		t.Errorf("New with a contradicting URL = %v", err)
	}
}

// only1p2 are the collections 1.1 lacks, which callers name by their
// 1.2 entry.
var only1p2 = []*Info{ScoreScales.Info, AssessmentLineItems.Info, AssessmentResults.Info}

// Every 1.2 collection is its 1.1 namesake's, with 1.2 scopes, or one of
// those 1.1 lacks, which a 1.1 client refuses before any request.
func TestCatalogV1p2(t *testing.T) {
	for _, info := range CatalogV1p2.Collections() {
		old, ok := CatalogV1p1.Lookup(info.Name)
		if !ok {
			if !slices.Contains(only1p2, info) {
				t.Errorf("%s: no 1.1 namesake, which callers name the collection by", info.Name)
			}
			continue
		}
		if info.Service != old.Service {
			t.Errorf("%s: service %s, its 1.1 namesake's %s", info.Name, info.Service.Segment(), old.Service.Segment())
		}
		if info.Envelope != old.Envelope || info.SingleEnvelope != old.SingleEnvelope || info.Version != Version1p2 {
			t.Errorf("%s: envelopes %q/%q version %q", info.Name, info.Envelope, info.SingleEnvelope, info.Version)
		}
	}
	for _, s := range CatalogV1p2.Scopes() {
		if !strings.HasPrefix(s, ScopePrefixV1p2) {
			t.Errorf("1.2 scope %q is not under %s", s, ScopePrefixV1p2)
		}
	}
	c, err := New(
		Config{
			BaseURL: "http://127.0.0.1:1/ims/oneroster/rostering/v1p2",
			Auth:    &OAuth2ClientCredentials{ClientID: "i", ClientSecret: "s", TokenURL: "http://127.0.0.1:1/token"},
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	old, err := New(
		Config{
			BaseURL: "http://127.0.0.1:1/ims/oneroster/v1p1",
			Auth:    &OAuth2ClientCredentials{ClientID: "i", ClientSecret: "s", TokenURL: "http://127.0.0.1:1/token"},
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ScoreScales.Get(context.Background(), old, "ss1"); !errors.Is(err, ErrNotInVersion) ||
		!strings.Contains(err.Error(), "scoreScales exist only in OneRoster 1.2, and the server speaks 1.1") {
		t.Errorf("ScoreScales.Get on 1.1 = %v", err)
	}
	loc, err := Classes.Locate(context.Background(), c, Classes.RouteFor([]string{"school"}), map[string]string{"school": "s1"})
	if err != nil || loc.Scope() != ScopeV1p2RosterReadonly || loc.String() != "/schools/s1/classes" {
		t.Errorf("Classes by school on 1.2 = %v (scope %q), %v", loc, loc.Scope(), err)
	}
}

// specV1p2 are the official OneRoster 1.2 service bindings, carried in
// the repository, by the service each describes.
var specV1p2 = map[Service]string{
	ServiceRostering: "../../spec/onerosterv1p2rostersservice_openapi3_v1p0.json",
	ServiceGradebook: "../../spec/onerosterv1p2gradebookservice_openapi3_v1p0.json",
	ServiceResources: "../../spec/onerosterv1p2resourcesservice_openapi3_v1p0.json",
}

// Every GET, PUT and DELETE of the three 1.2 bindings is a collection,
// record or route of CatalogV1p2, of the service the binding describes,
// with the binding's envelope; each catalog scope is one the binding
// accepts for it; and every catalog path is in its service's binding.
func TestCatalogV1p2MatchesTheBinding(t *testing.T) {
	wantOps := map[Service]int{ServiceRostering: 41, ServiceGradebook: 31, ServiceResources: 5}
	for service, file := range specV1p2 {
		t.Run(service.Segment(), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var doc specDoc
			var security struct {
				Paths map[string]map[string]struct {
					Security []map[string][]string `json:"security"`
				} `json:"paths"`
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &security); err != nil {
				t.Fatal(err)
			}
			scopesOf := func(method, path string) []string {
				var out []string
				for _, s := range security.Paths[path][method].Security {
					for _, scopes := range s {
						out = append(out, scopes...)
					}
				}
				return out
			}
			// envelopeOf is the one property of the schema a GET answers with.
			envelopeOf := func(path string) string {
				op, ok := doc.Paths[path]["get"]
				if !ok {
					t.Errorf("the 1.2 %s binding has no GET %s", service.Segment(), path)
					return ""
				}
				ref := op.Responses["200"].Content["application/json"].Schema.Ref
				props := doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")].Properties
				for k := range props {
					if len(props) == 1 {
						return k
					}
				}
				return ""
			}
			covered := map[string]bool{}
			check := func(method, path, envelope, scope string) {
				covered[method+" "+path] = true
				if method == "get" {
					if got := envelopeOf(path); got != envelope {
						t.Errorf("GET %s: the binding answers %q, the catalog reads %q", path, got, envelope)
					}
				} else if _, ok := doc.Paths[path][method]; !ok {
					t.Errorf("the 1.2 %s binding has no %s %s", service.Segment(), strings.ToUpper(method), path)
				}
				if !slices.Contains(scopesOf(method, path), scope) {
					t.Errorf("%s %s: the catalog names %s, the binding accepts %v", strings.ToUpper(method), path, scope, scopesOf(method, path))
				}
			}
			for _, info := range CatalogV1p2.Collections() {
				if info.Service != service {
					continue
				}
				record := info.Path() + "/{sourcedId}"
				check("get", info.Path(), info.Envelope, info.ReadScope)
				check("get", record, info.SingleEnvelope, info.ReadScope)
				if info.Has(OpPut) {
					check("put", record, "", info.WriteScope)
				}
				if info.Has(OpDelete) {
					check("delete", record, "", info.DeleteScope)
				}
				for _, r := range info.Routes {
					check("get", specPath(r.Path), info.Envelope, r.Scope)
				}
			}
			ops := 0
			for path, methods := range doc.Paths {
				for _, method := range []string{"get", "put", "delete"} {
					if _, ok := methods[method]; ok {
						ops++
						if !covered[method+" "+path] {
							t.Errorf("%s %s of the 1.2 %s binding is not in CatalogV1p2", strings.ToUpper(method), path, service.Segment())
						}
					}
				}
			}
			if ops != wantOps[service] {
				t.Errorf("the 1.2 %s binding has %d GETs, PUTs and DELETEs, want %d", service.Segment(), ops, wantOps[service])
			}
		})
	}
}
