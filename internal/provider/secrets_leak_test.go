package provider_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// Credentials distinctive enough that finding one in a file is never a
// coincidence; the wrong ones are used by the failing step.
const (
	leakConsumerSecret = "leakcheck-consumer-secret-Q7xv2K"
	leakClientSecret   = "leakcheck-client-secret-M3pz8W"
	leakPassword       = "leakcheck-password-R9tc4J"
	leakWrongSecret    = "leakcheck-wrong-secret-F1hd6S"
	leakWrongPassword  = "leakcheck-wrong-password-Z5nb0E"
	// A static bearer token and extra header values (issue 14).
	leakBearer          = "leakcheck-bearer-token-T2kq7D"
	leakWrongBearer     = "leakcheck-wrong-bearer-U8mw3C"
	leakHeaderAll       = "leakcheck-header-all-V4jr9B"
	leakHeaderGradebook = "leakcheck-vendor:header-gradebook-W6gs1A"
)

// wireRecorder sits in front of the sandbox and remembers every credential
// that crossed the wire: Basic credentials, the bearer tokens the token
// endpoint issued and the ones presented, and OAuth 1 signatures.
type wireRecorder struct {
	next http.Handler

	mu         sync.Mutex
	secrets    map[string]string // value -> what it is
	tokens     int
	signatures int
}

func (w *wireRecorder) remember(kind string, values ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, v := range values {
		if len(v) >= 8 {
			w.secrets[v] = kind
		}
	}
}

func (w *wireRecorder) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	authz := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(authz, " ")
	switch strings.ToLower(scheme) {
	case "basic":
		decoded, _ := base64.StdEncoding.DecodeString(cred)
		w.remember("HTTP Basic credentials", cred, string(decoded))
	case "bearer":
		w.remember("bearer token presented", cred)
	case "oauth":
		for _, part := range strings.Split(cred, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
			if name == "oauth_signature" {
				raw := strings.Trim(value, `"`)
				decoded, _ := url.PathUnescape(raw)
				w.remember("OAuth 1 signature", raw, decoded, url.QueryEscape(decoded))
				w.mu.Lock()
				w.signatures++
				w.mu.Unlock()
			}
		}
	}
	if r.URL.Path != sandbox.TokenPath {
		w.next.ServeHTTP(rw, r)
		return
	}
	rec := httptest.NewRecorder()
	w.next.ServeHTTP(rec, r)
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &answer) == nil && answer.AccessToken != "" {
		w.remember("bearer token issued", answer.AccessToken)
		w.mu.Lock()
		w.tokens++
		w.mu.Unlock()
	}
	for k, v := range rec.Header() {
		rw.Header()[k] = v
	}
	rw.WriteHeader(rec.Code)
	_, _ = rw.Write(rec.Body.Bytes())
}

func (w *wireRecorder) all() map[string]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]string, len(w.secrets))
	for k, v := range w.secrets {
		out[k] = v
	}
	return out
}

// leakConfig declares everything that handles a credential: the provider
// block (OAuth 2 client credentials) with a list data source and a
// gradebook write, one oneroster_connection per auth method, and, on CLIs
// that have them, a write-only connection and the access token ephemeral
// resource (whose non-secret fields go through the echo provider, so it is
// opened).
func leakConfig(baseURL, tokenURL, clientSecret, consumerSecret, password, bearer string, newFeatures bool) string {
	var b strings.Builder
	// The provider block's extra headers go with every call it makes, the
	// gradebook one with the category's.
	headers := fmt.Sprintf(
		"extra_headers = { %q = %q }\n  gradebook_headers = { %q = %q }",
		"x-district-key",
		leakHeaderAll,
		"x-vendor-authorization",
		leakHeaderGradebook,
	)
	b.WriteString(clientCredentialsProvider(baseURL, tokenURL, clientSecret, headers) + orgsDataSource +
		clientCredentialsConnection("client_credentials", "client_credentials", baseURL, tokenURL, clientSecret, `client_auth = "body"`))
	fmt.Fprintf(&b, `
resource "oneroster_category" "test" {
  sourced_id = "leakcheck-category"
  title      = "Leak check"
}

resource "oneroster_connection" "oauth1" {
  name     = "oauth1"
  base_url = %[1]q
  topics   = ["orgs"]
  oauth1 = {
    consumer_key    = %[3]q
    consumer_secret = %[4]q
  }
}

resource "oneroster_connection" "password" {
  name     = "password"
  base_url = %[1]q
  topics   = ["orgs"]
  oauth2_password = {
    username  = %[5]q
    password  = %[6]q
    token_url = %[2]q
  }
}

resource "oneroster_connection" "bearer" {
  name              = "bearer"
  base_url          = %[1]q
  topics            = ["orgs"]
  grades_enabled    = true
  extra_headers     = { "x-district-key" = %[7]q }
  gradebook_headers = { "x-vendor-authorization" = %[8]q }
  bearer_token      = { token = %[9]q }
}
`, baseURL, tokenURL, sandbox.ConsumerKey, consumerSecret, sandbox.Username, password, leakHeaderAll, leakHeaderGradebook, bearer)
	if newFeatures {
		fmt.Fprintf(&b, `
resource "oneroster_connection" "write_only" {
  name     = "write_only"
  base_url = %[1]q
  topics   = ["orgs"]
  oauth2_password = {
    username            = %[3]q
    password_wo         = %[4]q
    password_wo_version = 1
    token_url           = %[2]q
  }
}

resource "oneroster_connection" "bearer_write_only" {
  name                         = "bearer_write_only"
  base_url                     = %[1]q
  topics                       = ["orgs"]
  grades_enabled               = true
  bearer_token                 = { token_wo = %[5]q, token_wo_version = 1 }
  extra_headers_wo             = { "x-district-key" = %[6]q }
  extra_headers_wo_version     = 1
  gradebook_headers_wo         = { "x-vendor-authorization" = %[7]q }
  gradebook_headers_wo_version = 1
}

ephemeral "oneroster_access_token" "this" {}

provider "echo" {
  data = {
    token_type = ephemeral.oneroster_access_token.this.token_type
    expires_at = ephemeral.oneroster_access_token.this.expires_at
  }
}

resource "echo" "token" {}
`, baseURL, tokenURL, sandbox.Username, password, bearer, leakHeaderAll, leakHeaderGradebook)
	}
	return b.String()
}

// TestAccSecretsNeverLeak runs plan, apply, refresh, import, a plan with
// wrong credentials and destroy with TF_LOG=TRACE, then looks for every
// credential in the CLI's and the provider's logs, the diagnostics and the
// working directory (state files included). In state, a credential may
// only appear inside an attribute the state marks sensitive.
func TestAccSecretsNeverLeak(t *testing.T) {
	server := sandbox.New(acctest.SandboxOptions(t, sandbox.Options{}))
	server.Auth().SetConfig(oauthcheck.Config{
		Consumers: []oauthcheck.Consumer{{Key: sandbox.ConsumerKey, Secret: leakConsumerSecret}},
		Clients:   []oauthcheck.Client{{ID: sandbox.ClientID, Secret: leakClientSecret, Scopes: oauthcheck.AllScopes()}},
		Users:     []oauthcheck.User{{Username: sandbox.Username, Password: leakPassword, Scopes: oauthcheck.AllScopes()}},
	})
	server.SetQuirks(sandbox.Quirks{VendorQuirks: sandbox.VendorQuirks{StaticBearer: leakBearer}})
	wire := &wireRecorder{next: server, secrets: map[string]string{}}
	srv := httptest.NewServer(wire)
	defer srv.Close()
	baseURL, tokenURL := srv.URL+sandbox.BasePath, srv.URL+sandbox.TokenPath

	dir := t.TempDir()
	logPath := filepath.Join(dir, "terraform.log")
	workDir := filepath.Join(dir, "work")
	if err := os.Mkdir(workDir, 0o700); err != nil {
		t.Fatal(err)
	}
	traceLogTo(t, logPath)
	// Keep every working directory (a copy per step) for the scan below.
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")

	newFeatures := acctest.IsOpenTofu() // OpenTofu 1.12 here: write-only and ephemeral
	good := leakConfig(baseURL, tokenURL, leakClientSecret, leakConsumerSecret, leakPassword, leakBearer, newFeatures)
	bad := leakConfig(baseURL, tokenURL, leakWrongSecret, leakWrongSecret, leakWrongPassword, leakWrongBearer, newFeatures)

	var failingStep bool
	var diagnostics []string
	expectedFailure := regexp.MustCompile(`authentication failed|credentials rejected|invalid_client`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: factoriesWithEcho(),
		// Only the step with wrong credentials may fail: its diagnostics are
		// kept for the scan and the test goes on.
		ErrorCheck: func(err error) error {
			if failingStep && expectedFailure.MatchString(err.Error()) {
				diagnostics = append(diagnostics, err.Error())
				return nil
			}
			return err
		},
		Steps: []resource.TestStep{
			{Config: good},
			{RefreshState: true},
			{
				ResourceName:                         "oneroster_category.test",
				ImportState:                          true,
				ImportStateId:                        "leakcheck-category",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "sourced_id",
			},
			{
				PreConfig: func() { failingStep = true },
				Config:    bad,
			},
			{
				PreConfig: func() { failingStep = false },
				Config:    good,
			},
		},
	})
	if t.Failed() {
		return
	}
	if len(diagnostics) != 1 {
		t.Fatalf("the step with wrong credentials did not fail as expected (%d errors kept)", len(diagnostics))
	}

	secrets := wire.all()
	for _, s := range []struct{ value, kind string }{
		{leakConsumerSecret, "consumer secret"}, {leakClientSecret, "client secret"}, {leakPassword, "password"},
		{leakWrongSecret, "wrong secret"}, {leakWrongPassword, "wrong password"},
		{leakBearer, "bearer token"}, {leakWrongBearer, "wrong bearer token"},
		{leakHeaderAll, "extra header value"}, {leakHeaderGradebook, "gradebook header value"},
	} {
		secrets[s.value] = s.kind
		secrets[url.QueryEscape(s.value)] = s.kind + " (URL-encoded)"
	}
	if wire.tokens == 0 || wire.signatures == 0 {
		t.Fatalf("the sandbox issued %d tokens and saw %d OAuth 1 signatures: the scan would prove nothing", wire.tokens, wire.signatures)
	}

	logText, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the log: %v", err)
	}
	checkTraceLog(t, logText, "oneroster: HTTP exchange", "tf_rpc=ReadResource")
	texts := map[string]string{"the CLI and provider log": string(logText)}
	for i, d := range diagnostics {
		texts[fmt.Sprintf("the diagnostics of the failing plan (%d)", i+1)] = d
	}
	sensitivePaths := schemaSensitivePaths(t)
	stateFiles, sensitiveHits := 0, 0
	err = filepath.WalkDir(workDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case strings.HasSuffix(name, ".tf"):
			// The configuration written by the test: it holds the secrets
			// by definition.
			return nil
		case name == "tfplan" || strings.HasSuffix(name, ".tfplan"):
			// Saved plans carry sensitive values as state does, in
			// Terraform's own format; the state files are checked instead.
			return nil
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(workDir, p)
		if strings.Contains(name, ".tfstate") {
			stateFiles++
			stripped, hits, err := withoutSensitiveValues(content, sensitivePaths, secrets)
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			sensitiveHits += hits
			content = stripped
		}
		texts[rel] = string(content)
		return nil
	})
	if err != nil {
		t.Fatalf("scanning the working directories: %v", err)
	}
	if stateFiles == 0 || sensitiveHits == 0 {
		t.Fatalf("found %d state files holding %d sensitive credentials: the state scan would prove nothing", stateFiles, sensitiveHits)
	}

	sources := make([]string, 0, len(texts))
	for name := range texts {
		sources = append(sources, name)
	}
	sort.Strings(sources)
	for _, source := range sources {
		text := texts[source]
		for value, kind := range secrets {
			if i := strings.Index(text, value); i >= 0 {
				t.Errorf("%s (%q) appears in %s: …%s…", kind, value, source, excerpt(text, i, len(value)))
			}
		}
	}
	t.Logf("scanned %d sources (%d bytes of log, %d state files) for %d credential values", len(texts), len(logText), stateFiles, len(secrets))
}

// traceLogTo sends the CLI's and the provider's logs, at TRACE, to path.
// The CLI logs to TF_ACC_LOG_PATH (terraform-plugin-testing passes it on
// as TF_LOG_PATH), and the provider, served in-process, logs through
// tflog's test sink to the same file at TF_LOG's level.
func traceLogTo(t *testing.T, path string) {
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", path)
	// The test harness's own lines echo each step's configuration file,
	// secrets included, as the configuration is the test's input (like the
	// .tf files skipped below): they are left out.
	t.Setenv("TF_LOG_SDK_HELPER_RESOURCE", "OFF")
}

// checkTraceLog fails the test unless the log holds both sources at full
// verbosity (and markers, lines the test needs there), since a scan of an
// incomplete log proves nothing.
func checkTraceLog(t *testing.T, logText []byte, markers ...string) {
	t.Helper()
	for _, marker := range append([]string{"[TRACE]"}, markers...) {
		if !bytes.Contains(logText, []byte(marker)) {
			t.Fatalf("the log (%d bytes) lacks %q: logging was not captured", len(logText), marker)
		}
	}
	if !regexp.MustCompile(`(Terraform|OpenTofu) version: `).Match(logText) {
		t.Fatalf("the log lacks the CLI's own lines")
	}
}

func excerpt(text string, at, n int) string {
	from, to := max(0, at-80), min(len(text), at+n+40)
	return text[from:to]
}

// schemaSensitivePaths lists, per resource and data source type, the
// attribute paths the provider's schema marks sensitive. Terraform records
// only dynamically marked values in a state's sensitive_attributes; those
// the schema marks are known from the schema.
func schemaSensitivePaths(t *testing.T) map[string][][]any {
	t.Helper()
	server, err := acctest.ProviderFactories()["oneroster"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || resp == nil {
		t.Fatalf("reading the provider schema: %v", err)
	}
	out := map[string][][]any{}
	var walk func(key string, prefix []any, attrs []*tfprotov6.SchemaAttribute)
	walk = func(key string, prefix []any, attrs []*tfprotov6.SchemaAttribute) {
		for _, a := range attrs {
			p := append(append([]any{}, prefix...), map[string]any{"type": "get_attr", "value": a.Name})
			if a.Sensitive {
				out[key] = append(out[key], p)
			}
			if a.NestedType != nil && a.NestedType.Nesting == tfprotov6.SchemaObjectNestingModeSingle {
				walk(key, p, a.NestedType.Attributes)
			}
		}
	}
	for name, s := range resp.ResourceSchemas {
		walk("managed."+name, nil, s.Block.Attributes)
	}
	for name, s := range resp.DataSourceSchemas {
		walk("data."+name, nil, s.Block.Attributes)
	}
	if len(out["managed.oneroster_connection"]) == 0 {
		t.Fatal("the schema marks nothing of oneroster_connection sensitive: the state scan would prove nothing")
	}
	return out
}

// withoutSensitiveValues returns a state file's JSON with the values of
// sensitive attributes removed (those the schema marks, and those the
// state lists in sensitive_attributes), and how many of those values held a
// known credential.
func withoutSensitiveValues(content []byte, schemaPaths map[string][][]any, secrets map[string]string) ([]byte, int, error) {
	var state map[string]any
	if err := json.Unmarshal(content, &state); err != nil {
		return nil, 0, fmt.Errorf("not JSON: %w", err)
	}
	hits := 0
	resources, _ := state["resources"].([]any)
	for _, r := range resources {
		res, _ := r.(map[string]any)
		key := fmt.Sprint(res["mode"], ".", res["type"])
		instances, _ := res["instances"].([]any)
		for _, i := range instances {
			instance, _ := i.(map[string]any)
			attrs, _ := instance["attributes"].(map[string]any)
			sensitive, _ := instance["sensitive_attributes"].([]any)
			for _, p := range schemaPaths[key] {
				sensitive = append(sensitive, p)
			}
			for _, p := range sensitive {
				steps, ok := p.([]any)
				if !ok {
					return nil, 0, fmt.Errorf("sensitive_attributes entry %v is not a path", p)
				}
				removed, err := removeAtPath(attrs, steps)
				if err != nil {
					return nil, 0, err
				}
				for value := range secrets {
					if strings.Contains(fmt.Sprint(removed), value) {
						hits++
					}
				}
			}
		}
	}
	out, err := json.Marshal(state)
	return out, hits, err
}

// removeAtPath deletes the value at a state path (get_attr and index steps)
// and returns it.
func removeAtPath(attrs map[string]any, steps []any) (any, error) {
	var parent any = attrs
	for i, s := range steps {
		step, _ := s.(map[string]any)
		last := i == len(steps)-1
		switch step["type"] {
		case "get_attr":
			m, ok := parent.(map[string]any)
			if !ok {
				return nil, nil // an object that is null in this state
			}
			name, _ := step["value"].(string)
			if last {
				v := m[name]
				delete(m, name)
				return v, nil
			}
			parent = m[name]
		case "index":
			switch c := parent.(type) {
			case map[string]any:
				key := fmt.Sprint(step["value"])
				if last {
					v := c[key]
					delete(c, key)
					return v, nil
				}
				parent = c[key]
			case []any:
				idx, _ := step["value"].(float64)
				if int(idx) >= len(c) {
					return nil, nil
				}
				if last {
					v := c[int(idx)]
					c[int(idx)] = nil
					return v, nil
				}
				parent = c[int(idx)]
			default:
				return nil, nil
			}
		default:
			return nil, fmt.Errorf("unknown sensitive path step %v", step)
		}
	}
	return nil, nil
}
