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
		{url: v12, explicit: Version1p1, wantErr: `oneroster_version is "1.1", but the base URL "https://sis.example/ims/oneroster/rostering/v1p2/" is a OneRoster 1.2 service`},
		{url: v11, explicit: Version1p2, wantErr: `oneroster_version is "1.2", but the base URL "https://sis.example/ims/oneroster/v1p1" is a OneRoster 1.1 service`},
		// A /v1p2 that is not the rostering service's shows no version.
		{url: "https://sis.example/v1p2", want: DefaultVersion},
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
	if _, err := New(Config{BaseURL: "https://sis.example/ims/oneroster/v1p1", Version: Version1p2, Auth: auth}); err == nil || !strings.Contains(err.Error(), "OneRoster 1.1 service") {
		t.Errorf("New with a contradicting URL = %v", err)
	}
}

// Every 1.2 collection is its 1.1 namesake's, with 1.2 scopes; the
// gradebook is refused before any request on a 1.2 client.
func TestCatalogV1p2(t *testing.T) {
	for _, info := range CatalogV1p2.Collections() {
		old, ok := CatalogV1p1.Lookup(info.Name)
		if !ok {
			t.Errorf("%s: no 1.1 namesake, which callers name the collection by", info.Name)
			continue
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
	c, err := New(Config{BaseURL: "http://127.0.0.1:1/ims/oneroster/rostering/v1p2", Auth: &OAuth2ClientCredentials{ClientID: "i", ClientSecret: "s", TokenURL: "http://127.0.0.1:1/token"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LineItems.Get(context.Background(), c, "li1"); !errors.Is(err, ErrNotInVersion) || !strings.Contains(err.Error(), "gradebook on OneRoster 1.2 is not supported yet") {
		t.Errorf("LineItems.Get on 1.2 = %v", err)
	}
	loc, err := Classes.Locate(context.Background(), c, Classes.RouteFor([]string{"school"}), map[string]string{"school": "s1"})
	if err != nil || loc.Scope() != ScopeV1p2RosterReadonly || loc.String() != "/schools/s1/classes" {
		t.Errorf("Classes by school on 1.2 = %v (scope %q), %v", loc, loc.Scope(), err)
	}
}

// specV1p2Rostering is the official OneRoster 1.2 rostering service
// binding, carried in the repository.
const specV1p2Rostering = "../../spec/onerosterv1p2rostersservice_openapi3_v1p0.json"

// Every GET of the 1.2 rostering binding is a collection, record or route
// of CatalogV1p2 with the binding's envelope, and each catalog scope is
// one the binding accepts for it; every catalog path is in the binding.
func TestCatalogV1p2MatchesTheBinding(t *testing.T) {
	raw, err := os.ReadFile(specV1p2Rostering)
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
	scopesOf := func(path string) []string {
		var out []string
		for _, s := range security.Paths[path]["get"].Security {
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
			t.Errorf("the 1.2 binding has no GET %s", path)
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
	check := func(path, envelope, scope string) {
		covered[path] = true
		if got := envelopeOf(path); got != envelope {
			t.Errorf("GET %s: the binding answers %q, the catalog reads %q", path, got, envelope)
		}
		if !slices.Contains(scopesOf(path), scope) {
			t.Errorf("GET %s: the catalog names %s, the binding accepts %v", path, scope, scopesOf(path))
		}
	}
	for _, info := range CatalogV1p2.Collections() {
		check(info.Path(), info.Envelope, info.ReadScope)
		check(info.Path()+"/{sourcedId}", info.SingleEnvelope, info.ReadScope)
		for _, r := range info.Routes {
			check(specPath(r.Path), info.Envelope, r.Scope)
		}
	}
	gets := 0
	for path, ops := range doc.Paths {
		if _, ok := ops["get"]; ok {
			gets++
			if !covered[path] {
				t.Errorf("GET %s of the 1.2 rostering binding is not in CatalogV1p2", path)
			}
		}
	}
	if gets != 41 {
		t.Errorf("the 1.2 rostering binding has %d GETs, want 41", gets)
	}
}
