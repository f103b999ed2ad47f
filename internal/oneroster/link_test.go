package oneroster

import (
	"net/url"
	"testing"
)

func TestParseLinkHeader(t *testing.T) {
	base, _ := url.Parse("https://sis.example/ims/oneroster/v1p1/orgs?limit=10&offset=10")
	for _, tc := range []struct {
		name, header string
		want         map[string]string
	}{
		{"typical", `<https://sis.example/ims/oneroster/v1p1/orgs?limit=10&offset=20>; rel="next", ` +
			`<https://sis.example/ims/oneroster/v1p1/orgs?limit=10&offset=0>; rel="first"`,
			map[string]string{"next": "https://sis.example/ims/oneroster/v1p1/orgs?limit=10&offset=20",
				"first": "https://sis.example/ims/oneroster/v1p1/orgs?limit=10&offset=0"}},
		{"relative and unquoted", `<orgs?offset=20>;rel=next`,
			map[string]string{"next": "https://sis.example/ims/oneroster/v1p1/orgs?offset=20"}},
		{"absolute path", `</other/orgs?offset=20>; rel="NEXT"`,
			map[string]string{"next": "https://sis.example/other/orgs?offset=20"}},
		{"multi-valued rel", `<?offset=90>; rel="last next"`,
			map[string]string{"last": "https://sis.example/ims/oneroster/v1p1/orgs?offset=90", "next": "https://sis.example/ims/oneroster/v1p1/orgs?offset=90"}},
		{"quoted params with commas and semicolons", `<a>; title="x, y; z"; rel="prev", <b>; rel="next"; title="a,b"`,
			map[string]string{"prev": "https://sis.example/ims/oneroster/v1p1/a", "next": "https://sis.example/ims/oneroster/v1p1/b"}},
		{"first rel wins", `<a>; rel="next", <b>; rel="next"`, map[string]string{"next": "https://sis.example/ims/oneroster/v1p1/a"}},
		{"second rel param ignored", `<a>; rel="next"; rel="prev"`, map[string]string{"next": "https://sis.example/ims/oneroster/v1p1/a"}},
		{"garbage skipped", `garbage, <a>; rel=next, <b`, map[string]string{"next": "https://sis.example/ims/oneroster/v1p1/a"}},
		{"no rel", `<a>; title="x"`, map[string]string{}},
		{"empty", ``, map[string]string{}},
		{"escaped quote", `<a>; title="say \"hi\", ok"; rel="next"`, map[string]string{"next": "https://sis.example/ims/oneroster/v1p1/a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseLinkHeader(tc.header, base)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for rel, want := range tc.want {
				if got[rel] == nil || got[rel].String() != want {
					t.Errorf("%s = %v, want %s", rel, got[rel], want)
				}
			}
		})
	}
}

func FuzzParseLinkHeader(f *testing.F) {
	f.Add(`<a>; rel="next", <b>; rel=prev`)
	f.Add(`<"a,>; rel="\`)
	base, _ := url.Parse("https://sis.example/x/")
	f.Fuzz(func(t *testing.T, h string) {
		for rel, u := range ParseLinkHeader(h, base) {
			if rel == "" || u == nil {
				t.Errorf("empty entry %q -> %v", rel, u)
			}
		}
	})
}
