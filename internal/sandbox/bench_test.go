package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkGenerate200k generates the largest district the sandbox is
// sized for.
func BenchmarkGenerate200k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		generate(DistrictSpec{Seed: 1, Users: 200000})
	}
}

// inProcessToken gets a bearer token without a network.
func inProcessToken(b *testing.B, s *Server) string {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}}
	req := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	return tok.AccessToken
}

func benchPages(b *testing.B, query string) {
	s := New(Options{District: DistrictSpec{Users: 100000}})
	token := inProcessToken(b, s)
	total := len(s.SourcedIDs("users"))
	b.ReportAllocs()
	b.ResetTimer()
	offset := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, BasePath+"/users?limit=100&offset="+strconv.Itoa(offset)+query, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		offset = (offset + 100) % total
	}
}

// BenchmarkPageUnfiltered serves pages of 100 of 100,000 users: the cost
// of a page must not grow with the offset or the district.
func BenchmarkPageUnfiltered(b *testing.B) { benchPages(b, "") }

// BenchmarkPageFiltered serves pages of 100 of a filtered, sorted list of
// 100,000 users (filtering and sorting happen per request).
func BenchmarkPageFiltered(b *testing.B) {
	benchPages(b, "&sort=familyName&"+filterQuery("role='student' AND familyName~'a'"))
}
