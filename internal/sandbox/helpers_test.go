package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// testSandbox is a sandbox behind an httptest server, with a token of the
// all-scopes client.
type testSandbox struct {
	t      *testing.T
	srv    *Server
	http   *httptest.Server
	token  string
	sample Sample
}

func newTestSandbox(t *testing.T, opts Options) *testSandbox {
	t.Helper()
	s := New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	sb := &testSandbox{t: t, srv: s, http: ts, sample: s.Sample()}
	sb.token = sb.fetchToken(ClientID, ClientSecret, "")
	return sb
}

// fetchToken gets an access token from the token endpoint with HTTP Basic
// client authentication, as a client would.
func (sb *testSandbox) fetchToken(id, secret, scope string) string {
	sb.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	if scope != "" {
		form.Set("scope", scope)
	}
	req, err := http.NewRequest(http.MethodPost, sb.http.URL+TokenPath+"?appName=sandbox", strings.NewReader(form.Encode()))
	if err != nil {
		sb.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		sb.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		sb.t.Fatalf("token request: status %d, err %v", resp.StatusCode, err)
	}
	return tok.AccessToken
}

// reply is a response, read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

// records returns the array under key.
func (r reply) records(t *testing.T, key string) []map[string]any {
	t.Helper()
	raw, ok := r.json(t)[key].([]any)
	if !ok {
		t.Fatalf("body has no array %q: %s", key, r.body)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

// ids returns the sourcedIds of the records under key.
func (r reply) ids(t *testing.T, key string) []string {
	t.Helper()
	var ids []string
	for _, rec := range r.records(t, key) {
		ids = append(ids, rec["sourcedId"].(string))
	}
	return ids
}

// codeMinor returns the imsx codeMinor value of a bare error body.
func (r reply) codeMinor(t *testing.T) string {
	t.Helper()
	var info statusInfo
	if err := json.Unmarshal(r.body, &info); err != nil || info.CodeMinor == nil || len(info.CodeMinor.Fields) != 1 {
		t.Fatalf("not an imsx_StatusInfo: %v\n%s", err, r.body)
	}
	return info.CodeMinor.Fields[0].Value
}

func (r reply) description(t *testing.T) string {
	t.Helper()
	s, _ := r.json(t)["imsx_description"].(string)
	return s
}

// do sends a request under BasePath with the bearer token (none if token
// is "").
func (sb *testSandbox) do(method, path, token string, body any) reply {
	sb.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			sb.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	target := path
	if !strings.HasPrefix(path, "http") {
		target = sb.http.URL + BasePath + path
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		sb.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		sb.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		sb.t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: raw}
}

func (sb *testSandbox) get(path string) reply { return sb.do(http.MethodGet, path, sb.token, nil) }

// mustGet fetches path and fails the test unless it answers 200.
func (sb *testSandbox) mustGet(path string) reply {
	sb.t.Helper()
	r := sb.get(path)
	if r.status != http.StatusOK {
		sb.t.Fatalf("GET %s: status %d: %s", path, r.status, r.body)
	}
	return r
}

// wantError checks an error reply's status and codeMinor.
func wantError(t *testing.T, r reply, status int, minor string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if got := r.codeMinor(t); got != minor {
		t.Errorf("codeMinor %q, want %q: %s", got, minor, r.body)
	}
}

// filterQuery builds ?filter=… with the whole filter URL-encoded.
func filterQuery(filter string) string { return "filter=" + url.QueryEscape(filter) }
