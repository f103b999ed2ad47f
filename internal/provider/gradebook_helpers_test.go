package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// gradebookProvider is a provider block for the gradebook resources:
// base_url and OAuth 2 client credentials, no retries (failures fail fast).
func gradebookProvider(baseURL, tokenURL, clientID, secret string, scopes ...string) string {
	scopeLine := ""
	if len(scopes) > 0 {
		quoted := make([]string, len(scopes))
		for i, s := range scopes {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		scopeLine = "scopes = [" + strings.Join(quoted, ", ") + "]"
	}
	return oauth2ClientProvider(baseURL, tokenURL, clientID, secret, scopeLine, "")
}

// sandboxProvider is gradebookProvider with every scope.
func sandboxProvider(sb *sandbox.Running) string {
	return gradebookProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret)
}

// outOfBand is a client of its own for changing the sandbox behind
// Terraform's back, as another system would.
type outOfBand struct {
	t *testing.T
	c *oneroster.Client
}

func newOutOfBand(t *testing.T, sb *sandbox.Running) *outOfBand {
	t.Helper()
	return &outOfBand{t: t, c: outOfBandClient(t, sb, sb.BaseURL)}
}

// outOfBandClient is a client of the sandbox at baseURL (its 1.1 or 1.2
// one) with every scope and no retries, for writes behind Terraform's
// back.
func outOfBandClient(t *testing.T, sb *sandbox.Running, baseURL string) *oneroster.Client {
	t.Helper()
	c, err := oneroster.New(oneroster.Config{
		BaseURL:    baseURL,
		Auth:       &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL},
		MaxRetries: oneroster.NoRetries,
	})
	if err != nil {
		t.Fatalf("out-of-band client of %s: %v", baseURL, err)
	}
	return c
}

// put writes {envelope: record} to /collection/id.
func (o *outOfBand) put(collection, envelope, id string, record any) {
	o.t.Helper()
	if _, err := o.c.Put(context.Background(), oneroster.ObjectPath(collection, id), map[string]any{envelope: record}, nil); err != nil {
		o.t.Fatalf("out-of-band PUT %s/%s: %v", collection, id, err)
	}
}

func (o *outOfBand) delete(collection, id string) {
	o.t.Helper()
	if _, err := o.c.Delete(context.Background(), oneroster.ObjectPath(collection, id)); err != nil {
		o.t.Fatalf("out-of-band DELETE %s/%s: %v", collection, id, err)
	}
}

// sandboxRecord returns the sandbox's record, and whether it exists and is active.
func sandboxRecord[T any](server *sandbox.Server, collection, id string) (T, bool) {
	var zero T
	rec, ok := server.Record(collection, id)
	if !ok {
		return zero, false
	}
	return rec.(T), recordActive(rec)
}

// checkGone is a CheckDestroy: none of the ids is an active record.
func checkGone(sb *sandbox.Running, collection string, ids ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		for _, id := range ids {
			if rec, ok := sb.Server.Record(collection, id); ok && recordActive(rec) {
				return fmt.Errorf("%s/%s still exists after destroy", collection, id)
			}
		}
		return nil
	}
}

// recordActive reports whether a record of the sandbox is not tobedeleted.
func recordActive(rec any) bool {
	r, ok := rec.(interface{ IsDeleted() bool })
	if !ok {
		panic(fmt.Sprintf("recordActive: %T is not a OneRoster record", rec))
	}
	return !r.IsDeleted()
}

// categoryAttr reads one attribute of oneroster_category.test from the
// legacy state.
func categoryAttr(s *terraform.State, name string) (string, error) {
	rs, ok := s.RootModule().Resources[categoryAddr]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", categoryAddr)
	}
	v, ok := rs.Primary.Attributes[name]
	if !ok {
		return "", fmt.Errorf("%s has no attribute %s", categoryAddr, name)
	}
	return v, nil
}

// wrappedText matches the fragments in order, anything between them, and
// any whitespace between the words of a fragment: the CLIs wrap
// diagnostics.
func wrappedText(fragments ...string) *regexp.Regexp {
	quoted := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// quizResultID is the sourcedId of a student's result on the line item
// quiz-1, by the rule of oneroster_result_set as its documentation states
// it, written here independently of the provider.
func quizResultID(student string) string { return resultID("quiz-1", student) }

// resultID is the documented derived sourcedId of a student's result on a
// line item, for ids without a slash.
func resultID(lineItem, student string) string {
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	return uuid.NewSHA1(ns, []byte(lineItem+"/"+student)).String()
}

// activeStudents returns n active students of the sandbox.
func activeStudents(t *testing.T, server *sandbox.Server, n int) []string {
	t.Helper()
	out := server.ActiveSourcedIDs("students", n)
	if len(out) < n {
		t.Fatalf("the sandbox has fewer than %d active students", n)
	}
	return out
}

// faultyServer serves a sandbox, except that PUT and DELETE of the chosen
// results fail with a 500, as a flaky SIS does. Everything else is
// forwarded to the sandbox unchanged.
type faultyServer struct {
	*httptest.Server
	Sandbox *sandbox.Server
	mu      sync.Mutex
	failing map[string]bool // result sourcedIds
}

func newFaultyServer(t *testing.T, opts sandbox.Options) *faultyServer {
	t.Helper()
	f := &faultyServer{Sandbox: sandbox.New(acctest.SandboxOptions(t, opts)), failing: map[string]bool{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *faultyServer) BaseURL() string  { return f.URL + sandbox.BasePath }
func (f *faultyServer) TokenURL() string { return f.URL + sandbox.TokenPath }

// failResults makes writes of these result sourcedIds fail (none when
// empty).
func (f *faultyServer) failResults(ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.failing)
	for _, id := range ids {
		f.failing[id] = true
	}
}

func (f *faultyServer) serve(w http.ResponseWriter, r *http.Request) {
	if id, ok := strings.CutPrefix(r.URL.Path, sandbox.BasePath+"/results/"); ok && (r.Method == http.MethodPut || r.Method == http.MethodDelete) {
		f.mu.Lock()
		fail := f.failing[id]
		f.mu.Unlock()
		if fail {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_ = json.NewEncoder(w).Encode(map[string]any{
				"imsx_codeMajor": "failure", "imsx_severity": "error",
				"imsx_description": "injected failure for " + id,
				"imsx_CodeMinor": map[string]any{"imsx_codeMinorField": []map[string]string{
					{"imsx_codeMinorFieldName": "TargetEndSystem", "imsx_codeMinorFieldValue": "internal_server_error"},
				}},
			})
			return
		}
	}
	f.Sandbox.ServeHTTP(w, r)
}

// expectPriorResults checks the prior state of a result set as the plan
// shows it: exactly these students, with these scores. Used with
// NoRefresh, it sees what the last apply stored, not what the server has.
type expectPriorResults struct {
	addr string
	want map[string]float64
}

func (e expectPriorResults) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		results, _ := before["results"].(map[string]any)
		if len(results) != len(e.want) {
			resp.Error = fmt.Errorf("%s: prior state has %d results %v, want %d %v", e.addr, len(results), mapKeys(results), len(e.want), e.want)
			return
		}
		for student, score := range e.want {
			entry, ok := results[student].(map[string]any)
			if !ok {
				resp.Error = fmt.Errorf("%s: prior state has no result for %s (has %v)", e.addr, student, mapKeys(results))
				return
			}
			if got := fmt.Sprint(entry["score"]); got != fmt.Sprint(score) {
				resp.Error = fmt.Errorf("%s: prior score of %s is %s, want %v", e.addr, student, got, score)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.addr)
}

func mapKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// deref renders an optional number for messages and comparisons.
func deref(n *model.Number) any {
	if n == nil {
		return nil
	}
	return float64(*n)
}
