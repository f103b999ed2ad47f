package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzGradebookBodyV1p2 sends arbitrary bodies to the 1.2 gradebook
// writes (PUTs and POSTs of sets): every answer is a success or a 4xx
// imsx error, never a 500 (a panic), whatever the JSON holds.
func FuzzGradebookBodyV1p2(f *testing.F) {
	s := New(Options{})
	x := s.Sample()
	targets := []struct{ method, path string }{
		{http.MethodPost, "/classes/" + x.Class + "/lineItems"},
		{http.MethodPost, "/schools/" + x.School + "/lineItems"},
		{http.MethodPost, "/classes/" + x.Class + "/academicSessions/" + x.Term + "/results"},
		{http.MethodPut, "/lineItems/fuzz"},
		{http.MethodPut, "/results/fuzz"},
		{http.MethodPut, "/scoreScales/fuzz"},
		{http.MethodPut, "/assessmentLineItems/fuzz"},
		{http.MethodPut, "/assessmentResults/fuzz"},
		{http.MethodPut, "/categories/fuzz"},
	}
	seed := func(which uint8, v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(which, raw)
	}
	seed(0, map[string]any{"lineItems": []any{v1p2LineItem(x, "a"), v1p2LineItem(x, "b")}})
	seed(2, map[string]any{"results": []any{v1p2Result(x, "r", x.LineItem)}})
	seed(3, map[string]any{"lineItem": v1p2LineItem(x, "fuzz")})
	seed(4, map[string]any{"result": v1p2Result(x, "fuzz", x.LineItem)})
	seed(5, map[string]any{"scoreScale": map[string]any{"title": "t", "type": "t", "class": map[string]any{"sourcedId": x.Class},
		"scoreScaleValue": []any{map[string]any{"itemValueLHS": "1", "itemValueRHS": "x"}}}})
	seed(6, map[string]any{"assessmentLineItem": map[string]any{"title": "t", "parentAssessmentLineItem": map[string]any{"sourcedId": x.AssessmentLineItem},
		"learningObjectiveSet": []any{map[string]any{"source": "case", "learningObjectiveIds": []string{"a"}}}}})
	seed(7, map[string]any{"assessmentResult": map[string]any{"assessmentLineItem": map[string]any{"sourcedId": x.AssessmentLineItem},
		"student": map[string]any{"sourcedId": x.Student}, "scoreDate": "2024-10-15", "scoreStatus": "ext:retake", "late": "true"}})
	f.Add(uint8(1), []byte(`{"lineItems":[null,{"learningObjectiveSet":[null]}]}`))
	f.Add(uint8(2), []byte(`{"results":[{"lineItem":{},"learningObjectiveSet":[{"learningObjectiveResults":[null]}]}]}`))

	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}}
	req := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		f.Fatalf("token: %d %s", rec.Code, rec.Body)
	}

	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		target := targets[int(which)%len(targets)]
		req := httptest.NewRequest(target.method, BasePathGradebookV1p2+target.path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code < 200 || (rec.Code >= 300 && rec.Code < 400) {
			t.Fatalf("%s %s: status %d: %s", target.method, target.path, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("error body is not JSON: %s", rec.Body)
		}
	})
}
