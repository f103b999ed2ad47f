package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestQuirkPagingHeaders(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{NoLinkHeader: true}})
	r := sb.mustGet("/users?limit=5")
	if r.header.Get("Link") != "" || r.header.Get("X-Total-Count") == "" {
		t.Fatalf("NoLinkHeader: Link %q, X-Total-Count %q", r.header.Get("Link"), r.header.Get("X-Total-Count"))
	}
	sb.srv.SetQuirks(Quirks{NoTotalCount: true})
	r = sb.mustGet("/users?limit=5")
	if r.header.Get("Link") == "" || r.header.Get("X-Total-Count") != "" {
		t.Fatalf("NoTotalCount: Link %q, X-Total-Count %q", r.header.Get("Link"), r.header.Get("X-Total-Count"))
	}
	sb.srv.SetQuirks(Quirks{NoTotalCount: true, NoLinkHeader: true})
	r = sb.mustGet("/users?limit=5")
	if r.header.Get("Link") != "" || r.header.Get("X-Total-Count") != "" {
		t.Fatal("both quirks: headers still sent")
	}
}

func TestQuirkLimitCap(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{LimitCap: 25}})
	r := sb.mustGet("/users?limit=100")
	if n := len(r.records(t, "users")); n != 25 {
		t.Fatalf("LimitCap 25: %d records", n)
	}
	next := parseLinks(t, r.header.Get("Link"))["next"]
	if next == nil || next.Query().Get("offset") != "25" || next.Query().Get("limit") != "25" {
		t.Fatalf("next link after a capped page: %v (must not skip records)", next)
	}
	if n := len(sb.mustGet("/users?limit=10").records(t, "users")); n != 10 {
		t.Fatalf("limit under the cap: %d records", n)
	}
}

func TestQuirkBooleans(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	path := "/enrollments?limit=1000&" + filterQuery("role='teacher'")
	values := func() (out []any) {
		for _, e := range sb.mustGet(path).records(t, "enrollments") {
			out = append(out, e["primary"])
		}
		for _, u := range sb.mustGet("/users?limit=1000").records(t, "users") {
			if v, ok := u["enabledUser"]; ok {
				out = append(out, v)
			}
		}
		return out
	}
	for _, c := range []struct {
		mode      string
		yes, no   any
		rawSample string
	}{
		{"", true, false, `"enabledUser":true`},
		{BooleansString, "true", "false", `"enabledUser":"true"`},
		{BooleansNumber, float64(1), float64(0), `"enabledUser":1`},
	} {
		sb.srv.SetQuirks(Quirks{Booleans: c.mode})
		var yes, no int
		for _, v := range values() {
			switch v {
			case c.yes:
				yes++
			case c.no:
				no++
			default:
				t.Fatalf("Booleans %q: value %#v", c.mode, v)
			}
		}
		if yes == 0 || no == 0 {
			t.Fatalf("Booleans %q: %d true, %d false; want both", c.mode, yes, no)
		}
		if !strings.Contains(string(sb.mustGet("/users/"+sb.sample.Student).body), c.rawSample) {
			t.Errorf("Booleans %q: body lacks %s", c.mode, c.rawSample)
		}
	}
}

func TestQuirkHrefs(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	schoolRef := func() map[string]any {
		return sb.mustGet("/classes/" + sb.sample.Class).json(t)["class"].(map[string]any)["school"].(map[string]any)
	}
	if got := schoolRef()["href"]; got != sb.http.URL+BasePath+"/orgs/"+sb.sample.School {
		t.Errorf("absolute href %v", got)
	}
	sb.srv.SetQuirks(Quirks{Hrefs: HrefsTilde})
	if got := schoolRef()["href"]; got != "~"+BasePath+"/orgs/"+sb.sample.School {
		t.Errorf("tilde href %v", got)
	}
	sb.srv.SetQuirks(Quirks{Hrefs: HrefsNone})
	ref := schoolRef()
	if _, ok := ref["href"]; ok || ref["sourcedId"] != sb.sample.School || ref["type"] != "org" {
		t.Errorf("no-href ref %v", ref)
	}
}

func TestQuirkNulls(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	// The guardian has no enabledUser nor identifier.
	path := "/users/" + sb.sample.Guardian
	plain := sb.mustGet(path).json(t)["user"].(map[string]any)
	if _, ok := plain["enabledUser"]; ok {
		t.Fatalf("the guardian has enabledUser: %v", plain)
	}
	sb.srv.SetQuirks(Quirks{Nulls: true})
	withNulls := sb.mustGet(path).json(t)["user"].(map[string]any)
	for _, name := range []string{"enabledUser", "identifier", "grades", "middleName", "metadata"} {
		if v, ok := withNulls[name]; !ok || v != nil {
			t.Errorf("Nulls: %s = %v (present %v), want null", name, v, ok)
		}
	}
	if withNulls["sourcedId"] != sb.sample.Guardian {
		t.Errorf("Nulls changed sourcedId: %v", withNulls["sourcedId"])
	}
}

func TestQuirkErrorShapes(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	for _, shape := range []string{"", ErrorShapeBare, ErrorShapeSet, ErrorShapeFlat} {
		sb.srv.SetQuirks(Quirks{ErrorShape: shape})
		r := sb.get("/users/nobody")
		if r.status != http.StatusNotFound {
			t.Fatalf("status %d", r.status)
		}
		var info map[string]any
		switch shape {
		case ErrorShapeSet:
			var set struct {
				StatusInfoSet []map[string]any `json:"statusInfoSet"`
			}
			if err := json.Unmarshal(r.body, &set); err != nil || len(set.StatusInfoSet) != 1 {
				t.Fatalf("set shape: %s", r.body)
			}
			info = set.StatusInfoSet[0]
		default:
			info = r.json(t)
		}
		if info["imsx_codeMajor"] != "failure" || info["imsx_severity"] != "error" || !strings.Contains(info["imsx_description"].(string), "nobody") {
			t.Errorf("shape %q: %s", shape, r.body)
		}
		if shape == ErrorShapeFlat {
			if info["imsx_codeMinor"] != minorUnknownObject {
				t.Errorf("flat shape: imsx_codeMinor %v", info["imsx_codeMinor"])
			}
		} else if !strings.Contains(string(r.body), `"imsx_CodeMinor":{"imsx_codeMinorField":[`+
			`{"imsx_codeMinorFieldName":"sourcedId","imsx_codeMinorFieldValue":"unknownobject"}]}`) {
			t.Errorf("shape %q: codeMinor not nested: %s", shape, r.body)
		}
	}
}

func TestQuirkLatency(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{Latency: 150 * time.Millisecond}})
	start := time.Now()
	sb.mustGet("/orgs")
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Fatalf("request took %v with 150ms latency", elapsed)
	}
}

func TestQuirkUnsupported(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{Unsupported: map[string]int{"demographics": 404, "resources": 501}}})
	wantError(t, sb.get("/demographics"), http.StatusNotFound, minorUnknownObject)
	wantError(t, sb.get("/demographics/"+sb.sample.Student), http.StatusNotFound, minorUnknownObject)
	r := sb.get("/resources")
	wantError(t, r, http.StatusNotImplemented, minorUnsupportedOperation)
	if r.json(t)["imsx_codeMajor"] != "unsupported" {
		t.Errorf("501 codeMajor: %s", r.body)
	}
	wantError(t, sb.get("/courses/"+sb.sample.Course+"/resources"), http.StatusNotImplemented, minorUnsupportedOperation)
	sb.mustGet("/orgs")
	sb.mustGet("/courses/" + sb.sample.Course)
	// Unsupported still needs credentials: 401 tells "not allowed" apart.
	if r := sb.do(http.MethodGet, "/demographics", "", nil); r.status != http.StatusUnauthorized {
		t.Errorf("no credentials: %d", r.status)
	}
	sb.srv.SetQuirks(Quirks{})
	sb.mustGet("/demographics")
}

func TestQuirkTooManyRequests(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	sb.srv.SetQuirks(Quirks{TooManyRequests: 2, RetryAfter: "3"})
	before := sb.srv.Requests("/orgs")
	for i := 0; i < 2; i++ {
		r := sb.get("/orgs")
		wantError(t, r, http.StatusTooManyRequests, minorServerBusy)
		if r.header.Get("Retry-After") != "3" {
			t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
		}
	}
	if left := sb.srv.Quirks().TooManyRequests; left != 0 {
		t.Errorf("Quirks().TooManyRequests = %d after the burst", left)
	}
	sb.mustGet("/orgs")
	if n := sb.srv.Requests("/orgs") - before; n != 3 {
		t.Errorf("Requests(/orgs) grew by %d, want 3", n)
	}
	sb.srv.SetQuirks(Quirks{TooManyRequests: 1})
	if r := sb.get("/orgs"); r.header.Get("Retry-After") != "1" {
		t.Errorf("default Retry-After %q", r.header.Get("Retry-After"))
	}
	// The token endpoint is not throttled.
	sb.srv.SetQuirks(Quirks{TooManyRequests: 1})
	sb.fetchToken(ClientID, ClientSecret, "")
	if sb.srv.TokenRequests() < 2 {
		t.Errorf("TokenRequests %d", sb.srv.TokenRequests())
	}
}

func TestQuirksAreCopied(t *testing.T) {
	s := New(Options{})
	m := map[string]int{"demographics": 404}
	s.SetQuirks(Quirks{Unsupported: m})
	m["resources"] = 501
	got := s.Quirks()
	got.Unsupported["orgs"] = 404
	if len(s.Quirks().Unsupported) != 1 {
		t.Fatalf("quirks share the caller's map: %v", s.Quirks().Unsupported)
	}
}

func TestQuirkResolveDotSegments(t *testing.T) {
	sb := newTestSandbox(t, Options{})
	class := sb.srv.Sample().Class
	// Without the quirk a dot segment is an id like any other: no class
	// has it.
	wantError(t, sb.get("/classes/%2E%2E/students"), http.StatusNotFound, "unknownobject")
	sb.srv.SetQuirks(Quirks{ResolveDotSegments: true})
	all := len(sb.mustGet("/students?limit=10000").ids(t, "users"))
	for _, p := range []string{"/classes/../students", "/classes/%2E%2E/students", "/classes/%2e./students", "/classes/x%2F..%2F../students"} {
		if n := len(sb.mustGet(p+"?limit=10000").ids(t, "users")); n != all {
			t.Errorf("%s: %d students, want the district's %d", p, n, all)
		}
	}
	if n := len(sb.mustGet("/classes/"+class+"/./students?limit=10000").ids(t, "users")); n == 0 || n == all {
		t.Errorf("/classes/%s/./students: %d students, want the class's", class, n)
	}
}

func TestQuirkCursorPaging(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{CursorPaging: true}})
	first := sb.mustGet("/users?limit=5&offset=40")
	ids := first.ids(t, "users")
	if !slices.Equal(ids, sb.mustGet("/users?limit=5").ids(t, "users")) {
		t.Fatalf("offset was honoured: %v", ids)
	}
	next := parseLinks(t, first.header.Get("Link"))["next"]
	if next == nil || next.Query().Get("cursor") != "5" || next.Query().Has("offset") || first.header.Get("X-Total-Count") == "" {
		t.Fatalf("next link %v, X-Total-Count %q", next, first.header.Get("X-Total-Count"))
	}
	second := sb.mustGet(next.String()).ids(t, "users")
	if len(second) != 5 || slices.Contains(ids, second[0]) {
		t.Fatalf("page 2 %v after %v", second, ids)
	}
}

func TestQuirkMaxLimit(t *testing.T) {
	sb := newTestSandbox(t, Options{Quirks: Quirks{MaxLimit: 50}})
	r := sb.get("/users?limit=51")
	wantError(t, r, http.StatusBadRequest, "invaliddata")
	if !strings.Contains(r.description(t), "at most 50") {
		t.Errorf("description %q", r.description(t))
	}
	if n := len(sb.mustGet("/users?limit=50").ids(t, "users")); n != 50 {
		t.Errorf("limit 50: %d records", n)
	}
}
