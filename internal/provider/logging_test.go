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
