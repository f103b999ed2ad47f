package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// Whatever the client hands over, credentials do not reach the log; the
// rest of the line does.
func TestLogClientEventMasksCredentials(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	secrets := []string{"tok-abc123", "c2FuZGJveDpzZWNyZXQ=", "sig%2Bvalue%3D", "cs-secret-1", "pw-secret-2", "refresh-xyz"}
	logClientEvent(ctx, "oneroster: HTTP exchange (Bearer tok-abc123)", map[string]any{
		"method": "POST",
		"url":    "https://sis.example/oauth/token?client_secret=cs-secret-1&appName=district",
		"request_headers": map[string]string{
			"Authorization": "Basic c2FuZGJveDpzZWNyZXQ=",
			"Accept":        "application/json",
		},
		"response_headers": map[string]string{
			"Set-Cookie":       "session=tok-abc123",
			"X-Echo":           `OAuth oauth_consumer_key="k", oauth_signature="sig%2Bvalue%3D"`,
			"Www-Authenticate": `Bearer realm="OneRoster"`,
		},
		"error": `server said: {"password":"pw-secret-2","refresh_token":"refresh-xyz"}`,
	})
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("log shows %q:\n%s", s, out)
		}
	}
	for _, want := range []string{`"request_headers.Accept":"application/json"`, "appName=district", `"method":"POST"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

// The client's INFO lines (a long listing's progress) reach tflog at INFO,
// masked like the rest.
func TestClientInfoLinesReachTflogAtInfo(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	var logger oneroster.Logger = tflogLogger{}
	info, ok := logger.(oneroster.InfoLogger)
	if !ok {
		t.Fatal("the provider's logger takes no INFO lines: progress would be logged at debug level")
	}
	info.Info(ctx, "oneroster: users: 20 of 62 records, page 10 of 31", map[string]any{"collection": "users", "error": "client_secret=cs-secret-1"})
	out := buf.String()
	for _, want := range []string{`"@level":"info"`, `"@message":"oneroster: users: 20 of 62 records, page 10 of 31"`, `"collection":"users"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "cs-secret-1") {
		t.Errorf("log shows a secret:\n%s", out)
	}
}

// A line below the level of the provider's logger is not masked, nor
// written: the logger would drop it.
func TestClientLinesBelowTheProvidersLevelAreSkipped(t *testing.T) {
	for _, tc := range []struct {
		level               string
		wantDebug, wantInfo bool
	}{
		{level: "", wantDebug: true, wantInfo: true}, // unset: the logger's own level (the test logger's: every line)
		{level: "TRACE", wantDebug: true, wantInfo: true},
		{level: "debug", wantDebug: true, wantInfo: true},
		{level: "INFO", wantInfo: true},
		{level: "OFF"},
	} {
		t.Run(tc.level, func(t *testing.T) {
			t.Setenv(providerLoggerLevelVariable, tc.level)
			var buf bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &buf)
			logClientEvent(ctx, "oneroster: a debug line", map[string]any{"method": "GET"})
			logClientInfo(ctx, "oneroster: an info line", map[string]any{"collection": "users"})
			out := buf.String()
			if got := strings.Contains(out, "a debug line"); got != tc.wantDebug {
				t.Errorf("debug line written: %v, want %v:\n%s", got, tc.wantDebug, out)
			}
			if got := strings.Contains(out, "an info line"); got != tc.wantInfo {
				t.Errorf("info line written: %v, want %v:\n%s", got, tc.wantInfo, out)
			}
		})
	}
}

// The provider's loggers take the level the CLI keeps, OFF when it keeps
// none, and a level set for one of them stays.
func TestLogAtTheCLIsLevel(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"the CLI keeps no provider logs", nil,
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_ONEROSTER": "OFF"}},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"},
			map[string]string{"TF_LOG_SDK": "DEBUG", "TF_LOG_SDK_PROTO": "DEBUG", "TF_LOG_SDK_FRAMEWORK": "DEBUG", "TF_LOG_PROVIDER_ONEROSTER": "DEBUG"}},
		{"TF_LOG_PROVIDER before TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "ERROR"},
			map[string]string{"TF_LOG_SDK": "ERROR", "TF_LOG_SDK_PROTO": "ERROR", "TF_LOG_SDK_FRAMEWORK": "ERROR", "TF_LOG_PROVIDER_ONEROSTER": "ERROR"}},
		{"TF_LOG=JSON is TRACE in JSON", map[string]string{"TF_LOG": "JSON"},
			map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_SDK_PROTO": "TRACE", "TF_LOG_SDK_FRAMEWORK": "TRACE", "TF_LOG_PROVIDER_ONEROSTER": "TRACE"}},
		{"a value that is no level is TRACE", map[string]string{"TF_LOG": "1"},
			map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_SDK_PROTO": "TRACE", "TF_LOG_SDK_FRAMEWORK": "TRACE", "TF_LOG_PROVIDER_ONEROSTER": "TRACE"}},
		{"levels in lower case", map[string]string{"TF_LOG": "debug"},
			map[string]string{"TF_LOG_SDK": "DEBUG", "TF_LOG_SDK_PROTO": "DEBUG", "TF_LOG_SDK_FRAMEWORK": "DEBUG", "TF_LOG_PROVIDER_ONEROSTER": "DEBUG"}},
		{"a logger's own level stays", map[string]string{"TF_LOG": "INFO", "TF_LOG_SDK_FRAMEWORK": "TRACE"},
			map[string]string{"TF_LOG_SDK": "INFO", "TF_LOG_SDK_PROTO": "INFO", "TF_LOG_SDK_FRAMEWORK": "TRACE", "TF_LOG_PROVIDER_ONEROSTER": "INFO"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			err := LogAtTheCLIsLevel(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.want {
				if env[k] != v {
					t.Errorf("%s = %q, want %q", k, env[k], v)
				}
			}
		})
	}
}
