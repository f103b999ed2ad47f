package provider

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

func fakeEnv(vars map[string]string) envLookup {
	return func(name string) string { return vars[name] }
}

// Every setting with an environment variable, as providerEnvVars and
// authMethods name them.
func documentedEnvVars() []string {
	var vars []string
	for _, s := range providerEnvVars {
		vars = append(vars, s.envVar)
	}
	for _, m := range authMethods {
		for _, f := range m.fields {
			if f.envVar == "" {
				continue
			}
			if !slices.Contains(vars, f.envVar) {
				vars = append(vars, f.envVar)
			}
		}
	}
	slices.Sort(vars)
	return vars
}

// Every auth field of the provider block falls back to an environment
// variable (the docs say so), and the docs' tables list exactly those.
func TestEnvVarsCoverEverySettingAndAreDocumented(t *testing.T) {
	for _, m := range authMethods {
		for _, f := range m.fields {
			if f.envVar == "" {
				t.Errorf("%s.%s has no environment variable, but the provider documentation says every non-transport setting has one", m.attribute, f.name)
			}
		}
	}
	// The provider block's other settings say which variable they fall
	// back to.
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for _, s := range providerEnvVars {
		if d := resp.Schema.Attributes[s.attribute].GetMarkdownDescription(); !strings.Contains(d, "Falls back to `"+s.envVar+"`") {
			t.Errorf("%s's description does not name %s: %s", s.attribute, s.envVar, d)
		}
	}
	want := documentedEnvVars()
	name := regexp.MustCompile(`ONEROSTER_[A-Z_]+`)
	for file, heading := range map[string]string{
		"../../templates/index.md.tmpl": "## Environment variables",
		"../../README.md":               "Or leave the block empty",
	} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(raw)
		i := strings.Index(doc, heading)
		if i < 0 {
			t.Fatalf("%s: no %q", file, heading)
		}
		section := doc[i:]
		// The table is the first block of lines starting with "|".
		var rows []string
		for _, line := range strings.Split(section, "\n") {
			if strings.HasPrefix(line, "|") {
				rows = append(rows, line)
			} else if len(rows) > 0 {
				break
			}
		}
		var got []string
		for _, n := range name.FindAllString(strings.Join(rows, "\n"), -1) {
			if !slices.Contains(got, n) {
				got = append(got, n)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s's environment table lists %q; the provider reads %q", file, got, want)
		}
	}
}

func TestResolveReadsEveryAuthSettingFromTheEnvironment(t *testing.T) {
	ctx := context.Background()

	auth, diags := authModel{}.resolve(ctx, fakeEnv(map[string]string{
		"ONEROSTER_CONSUMER_KEY": "key", "ONEROSTER_CONSUMER_SECRET": "secret",
		"ONEROSTER_SIGNATURE_METHOD": "HMAC-SHA1",
	}))
	if diags.HasError() {
		t.Fatalf("oauth1 from the environment: %v", diags)
	}
	if o, ok := auth.auth.(*oneroster.OAuth1); !ok || o.SignatureMethod != oneroster.HMACSHA1 {
		t.Errorf("oauth1 from the environment resolved to %#v, want HMAC-SHA1", auth.auth)
	}

	auth, diags = authModel{}.resolve(ctx, fakeEnv(map[string]string{
		"ONEROSTER_CLIENT_ID": "id", "ONEROSTER_CLIENT_SECRET": "secret",
		"ONEROSTER_AUTHORIZATION_URL": "https://sis.example/oauth2/token", "ONEROSTER_CLIENT_AUTH": "body",
	}))
	if diags.HasError() {
		t.Fatalf("client credentials with ONEROSTER_AUTHORIZATION_URL and no token URL: %v", diags)
	}
	cc, ok := auth.auth.(*oneroster.OAuth2ClientCredentials)
	if !ok || cc.AuthorizationURL != "https://sis.example/oauth2/token" || cc.TokenURL != "" || cc.ClientAuth != oneroster.ClientAuthBody {
		t.Errorf("client credentials from the environment resolved to %#v", auth.auth)
	}

	auth, diags = authModel{}.resolve(ctx, fakeEnv(map[string]string{
		"ONEROSTER_USERNAME": "svc", "ONEROSTER_PASSWORD": "pw", "ONEROSTER_TOKEN_URL": "https://sis.example/token",
		"ONEROSTER_CLIENT_AUTH": "basic",
	}))
	if pw, ok := auth.auth.(*oneroster.OAuth2Password); diags.HasError() || !ok || pw.ClientAuth != oneroster.ClientAuthBasic {
		t.Errorf("password grant from the environment resolved to %#v, %v", auth.auth, diags)
	}
}

func TestResolveConfigurationWinsOverTheEnvironment(t *testing.T) {
	m := authModel{OAuth1: &oauth1Model{
		ConsumerKey: types.StringValue("key"), ConsumerSecret: types.StringValue("secret"),
		SignatureMethod: types.StringValue("HMAC-SHA256"),
	}}
	auth, diags := m.resolve(context.Background(), fakeEnv(map[string]string{"ONEROSTER_SIGNATURE_METHOD": "HMAC-SHA1"}))
	if o, ok := auth.auth.(*oneroster.OAuth1); diags.HasError() || !ok || o.SignatureMethod != oneroster.HMACSHA256 {
		t.Errorf("configured HMAC-SHA256 with ONEROSTER_SIGNATURE_METHOD=HMAC-SHA1 resolved to %#v, %v", auth.auth, diags)
	}

	// oneroster_connection reads no environment at all.
	m = authModel{OAuth2ClientCredentials: &oauth2ClientCredentialsModel{
		ClientID: types.StringValue("id"), ClientSecret: types.StringValue("secret"), TokenURL: types.StringValue("https://sis.example/token"),
	}}
	auth, diags = m.resolve(context.Background(), nil)
	if cc, ok := auth.auth.(*oneroster.OAuth2ClientCredentials); diags.HasError() || !ok || cc.ClientAuth != "" || cc.AuthorizationURL != "" {
		t.Errorf("without environment lookups resolved to %#v, %v", auth.auth, diags)
	}
}

// A value from the environment that the schema would refuse is refused
// against the attribute it stands for, naming the variable and the values
// it may take.
func TestResolveRefusesInvalidEnvironmentValues(t *testing.T) {
	cases := map[string]struct {
		env      map[string]string
		path     path.Path
		variable string
		allowed  []string
	}{
		"signature method": {
			env:      map[string]string{"ONEROSTER_CONSUMER_KEY": "key", "ONEROSTER_CONSUMER_SECRET": "s3cr3t-value", "ONEROSTER_SIGNATURE_METHOD": "RSA-SHA1"},
			path:     path.Root("oauth1").AtName("signature_method"),
			variable: "ONEROSTER_SIGNATURE_METHOD",
			allowed:  []string{"HMAC-SHA256", "HMAC-SHA1"},
		},
		"client auth": {
			env: map[string]string{
				"ONEROSTER_CLIENT_ID":     "id",
				"ONEROSTER_CLIENT_SECRET": "s3cr3t-value",
				"ONEROSTER_TOKEN_URL":     "https://sis.example/token",
				"ONEROSTER_CLIENT_AUTH":   "header",
			},
			path:     path.Root("oauth2_client_credentials").AtName("client_auth"),
			variable: "ONEROSTER_CLIENT_AUTH",
			allowed:  []string{"auto", "basic", "body"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, diags := authModel{}.resolve(context.Background(), fakeEnv(tc.env))
			if diags.ErrorsCount() != 1 {
				t.Fatalf("want one error, got %v", diags)
			}
			d := diags.Errors()[0]
			if p, ok := d.(diag.DiagnosticWithPath); !ok || !p.Path().Equal(tc.path) {
				t.Errorf("error %q is not against %s", d.Summary(), tc.path)
			}
			text := d.Summary() + "\n" + d.Detail()
			for _, want := range append([]string{tc.variable}, tc.allowed...) {
				if !strings.Contains(text, want) {
					t.Errorf("error does not mention %s:\n%s", want, text)
				}
			}
			if strings.Contains(text, "s3cr3t-value") {
				t.Errorf("error shows the secret:\n%s", text)
			}
		})
	}
}

// oneroster_version falls back to ONEROSTER_VERSION on the provider block
// (never on oneroster_connection), the configuration wins, and a value the
// attribute would refuse is refused against the attribute, naming the
// variable and the values it takes. Errors about the version then name
// the variable the choice came from.
func TestReadVersionFromTheEnvironment(t *testing.T) {
	env := fakeEnv(map[string]string{"ONEROSTER_VERSION": "1.2"})
	choice, known, diags := readVersion(types.StringNull(), env)
	if !known || diags.HasError() || choice.version != oneroster.Version1p2 || choice.setting != "ONEROSTER_VERSION" {
		t.Errorf("from the environment: %+v %v %v", choice, known, diags)
	}
	if choice, _, _ := readVersion(types.StringValue("1.1"), env); choice.version != oneroster.Version1p1 || choice.setting != "oneroster_version" {
		t.Errorf("configured 1.1 with ONEROSTER_VERSION=1.2: %+v", choice)
	}
	if choice, _, _ := readVersion(types.StringNull(), nil); choice.version != "" {
		t.Errorf("without environment lookups: %+v", choice)
	}
	if _, known, _ := readVersion(types.StringUnknown(), env); known {
		t.Error("an unknown setting reads as known")
	}

	_, d := resolveVersion("https://sis.example/ims/oneroster/v1p1", choice, nil)
	if d.ErrorsCount() != 1 || !strings.Contains(d.Errors()[0].Detail(), `ONEROSTER_VERSION is "1.2", but the base URL`) {
		t.Errorf("a 1.1 URL against ONEROSTER_VERSION=1.2: %v", d)
	}
	_, d = resolveVersion("https://sis.example/api/oneroster", choice, &oneroster.OAuth1{})
	if d.ErrorsCount() != 1 || !strings.Contains(d.Errors()[0].Detail(), `ONEROSTER_VERSION is "1.2"`) {
		t.Errorf("oauth1 with ONEROSTER_VERSION=1.2: %v", d)
	}

	for _, bad := range []string{"1.3", "v1p2", "2"} {
		_, _, diags := readVersion(types.StringNull(), fakeEnv(map[string]string{"ONEROSTER_VERSION": bad}))
		if diags.ErrorsCount() != 1 {
			t.Fatalf("ONEROSTER_VERSION=%s: want one error, got %v", bad, diags)
		}
		d := diags.Errors()[0]
		if p, ok := d.(diag.DiagnosticWithPath); !ok || !p.Path().Equal(path.Root("oneroster_version")) {
			t.Errorf("ONEROSTER_VERSION=%s: error %q is not against oneroster_version", bad, d.Summary())
		}
		text := d.Summary() + "\n" + d.Detail()
		for _, want := range []string{"ONEROSTER_VERSION", strconv.Quote(bad), "1.1", "1.2"} {
			if !strings.Contains(text, want) {
				t.Errorf("ONEROSTER_VERSION=%s: error does not mention %s:\n%s", bad, want, text)
			}
		}
	}
}
