package oneroster

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

func TestDecodeStatusInfoShapes(t *testing.T) {
	want := StatusInfo{CodeMajor: "failure", Severity: "error", Description: "Demographics are not supported", CodeMinor: "unknownobject"}
	for _, tc := range []struct {
		name, body string
	}{
		{"bare", `{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"Demographics are not supported",
			"imsx_CodeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"TargetEndSystemReferenceID","imsx_codeMinorFieldValue":"unknownobject"}]}}`},
		{"wrapped", `{"statusInfoSet":[{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"Demographics are not supported",
			"imsx_CodeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"x","imsx_codeMinorFieldValue":"unknownobject"}]}}]}`},
		{"wrapped lower-case object", `{"imsx_statusInfo":{"imsx_codemajor":"failure","imsx_severity":"error","imsx_description":"Demographics are not ` +
			`supported","imsx_codeMinor":"unknownobject"}}`},
		{"flat", `{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"Demographics are not supported","imsx_codeMinor":"unknownobject"}`},
		{"single field object", `{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"Demographics are not supported",
			"imsx_CodeMinor":{"imsx_codeMinorField":{"imsx_codeMinorFieldName":"x","imsx_codeMinorFieldValue":"unknownobject"}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := DecodeStatusInfo([]byte(tc.body))
			if !ok {
				t.Fatal("not recognised")
			}
			got.CodeMinorFields = nil
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
	for _, body := range []string{"", "<html></html>", `{"orgs":[]}`, `[1,2]`, `"x"`, `{"imsx_codeMajor":{}}`, `{"statusInfoSet":[[[[[[[[{}]]]]]]]]}`} {
		if info, ok := DecodeStatusInfo([]byte(body)); ok {
			t.Errorf("DecodeStatusInfo(%q) = %+v, want not recognised", body, info)
		}
	}
}

func FuzzDecodeStatusInfo(f *testing.F) {
	f.Add([]byte(`{"statusInfoSet":[{"imsx_codeMajor":"failure","imsx_CodeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldValue":"unknownobject"}]}}]}`))
	f.Add([]byte(`{"imsx_codeMinor":"x"}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		info, ok := DecodeStatusInfo(body)
		if !ok && (info.CodeMajor != "" || info.CodeMinor != "") {
			t.Errorf("fields set although not recognised: %+v", info)
		}
	})
}

func TestErrorsFromAnswers(t *testing.T) {
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		wantText    string
		is          string // the one predicate that must hold, if any
	}{
		{"not found bare", 404, "application/json",
			`{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"Demographics are not ` +
				`supported","imsx_CodeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"x","imsx_codeMinorFieldValue":"unknownobject"}]}}`,
			"404 Not Found (codeMajor=failure, codeMinor=unknownobject): Demographics are not supported", "IsNotFound"},
		{"unknownobject with 400", 400, "application/json", `{"statusInfoSet":[{"imsx_codeMajor":"failure","imsx_codeMinor":"unknownobject"}]}`,
			"400 Bad Request (codeMajor=failure, codeMinor=unknownobject)", "IsNotFound"},
		{"unauthorized flat", 401, "application/json", `{"imsx_codeMajor":"failure","imsx_codeMinor":"unauthorisedrequest","imsx_description":"Bad signature"}`,
			"401 Unauthorized (codeMajor=failure, codeMinor=unauthorisedrequest): Bad signature", "IsUnauthorized"},
		{"forbidden html", 403, "text/html", "<html><body>Forbidden by WAF, request id 123</body></html>",
			"403 Forbidden: the server answered with an HTML page, not JSON", "IsForbidden"},
		{"not implemented empty", 501, "", "", "501 Not Implemented: the server answered with an empty body", "IsNotImplemented"},
		{"method not allowed", 405, "application/json", `{"message":"PUT is not allowed here"}`, "405 Method Not Allowed: PUT is not allowed here",
			"IsNotImplemented"},
		{"gateway json", 400, "application/json", `{"error":"invalid_filter_field","error_description":"no field foo"}`, "400 Bad Request: " +
			"invalid_filter_field: no field foo", ""},
		{"plain text", 422, "text/plain", "nope", "422 Unprocessable Entity: the server answered with 4 bytes that are not JSON (text/plain)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, tc.status, tc.contentType, tc.body) })
			c, _ := newTestClient(t, srv, nil)
			_, err := c.Get(context.Background(), "/demographics", nil, nil)
			want := "GET " + srv.URL + "/ims/oneroster/v1p1/demographics: " + tc.wantText
			if err == nil || err.Error() != want {
				t.Fatalf("error\n got %v\nwant %s", err, want)
			}
			predicates := map[string]func(error) bool{
				"IsNotFound":       IsNotFound,
				"IsUnauthorized":   IsUnauthorized,
				"IsForbidden":      IsForbidden,
				"IsNotImplemented": IsNotImplemented,
			}
			for name, p := range predicates {
				if got := p(err); got != (name == tc.is) {
					t.Errorf("%s = %v", name, got)
				}
			}
		})
	}
}

func TestSuccessfulStatusWithUnusableBody(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"", "200 OK: the server answered with an empty body where a JSON document was expected"},
		{"  <html>login</html>", "200 OK: the server answered with an HTML page, not JSON"},
		{`{"org":`, "200 OK: the answer ended before its JSON document was complete (truncated)"},
	} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, "application/json", tc.body) })
		c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = NoRetries })
		var out map[string]any
		_, err := c.Get(context.Background(), "/orgs/1", nil, &out)
		if err == nil {
			t.Errorf("body %q: no error", tc.body)
			continue
		}
		assertContains(t, err.Error(), tc.want)
	}
}

func TestPredicatesIgnoreOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("boom"), context.Canceled} {
		if IsNotFound(err) || IsUnauthorized(err) || IsForbidden(err) || IsNotImplemented(err) {
			t.Errorf("predicate true for %v", err)
		}
	}
	wrapped := fmt.Errorf("reading: %w", &Error{StatusCode: 404})
	if !IsNotFound(wrapped) {
		t.Error("wrapped 404 not recognised")
	}
}

// The Ed-Fi OneRoster server refuses filter and selection fields with a
// 400 that carries no codeMinor, naming the field and the allowed ones in
// its description: the error names them, and blames the query parameter.
func TestErrorReadsRefusedFieldsFromTheDescription(t *testing.T) {
	noScrub := func(s string) string { return s }
	for _, tc := range []struct {
		body, parameter string
		fields, allowed []string
	}{
		{`{"imsx_codeMajor":"failure","imsx_severity":"error",` +
			`"imsx_description":"Field 'course.sourcedId' is not allowed for filtering. Allowed fields: sourcedId, status, title"}`,
			"filter", []string{"course.sourcedId"}, []string{"sourcedId", "status", "title"}},
		{`{"message":"Invalid fields requested: shoeSize, hat. Allowed fields: sourcedId, status"}`,
			"fields", []string{"shoeSize", "hat"}, []string{"sourcedId", "status"}},
	} {
		e := errorFromBody("GET", "https://sis.example/classes", 400, "application/json", []byte(tc.body), noScrub)
		if e.RefusedParameter() != tc.parameter || e.Refusal == nil ||
			!slices.Equal(e.Refusal.Fields, tc.fields) || !slices.Equal(e.Refusal.Allowed, tc.allowed) {
			t.Errorf("%s: parameter %q, refusal %+v", tc.body, e.RefusedParameter(), e.Refusal)
		}
		if refusesLimit(e) {
			t.Errorf("%s: read as a refused limit", tc.body)
		}
	}
	plain := errorFromBody("GET", "https://sis.example/classes", 400, "application/json", []byte(`{"imsx_description":"limit too large"}`), noScrub)
	if plain.Refusal != nil || plain.RefusedParameter() != "" {
		t.Errorf("a refusal read from %q", plain.Description)
	}
}
