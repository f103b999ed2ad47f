package provider

import (
	"context"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The client redacts credentials from everything it logs (see
// internal/oneroster/redact.go). The provider masks them again on the way
// into tflog, so that a slip in the client, or a server that echoes a
// credential in a header, still never reaches a TF_LOG=TRACE file.

// sensitiveLogFields are flattened header fields whose values are masked
// whole.
var sensitiveLogFields = []string{
	"request_headers.Authorization",
	"request_headers.Proxy-Authorization",
	"request_headers.Cookie",
	"request_headers.X-Api-Key",
	"response_headers.Set-Cookie",
}

// secretInLogText matches credentials wherever they appear in a message
// or a string field: Bearer and Basic credentials (not a challenge's
// realm="…"), and name=value or "name":"value" pairs of OAuth parameters
// and secrets. They are compiled at the first line logged: most processes
// log none (see logClientLine), and Terraform starts several per command.
var secretInLogText = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*`),
		regexp.MustCompile(`(?i)(oauth_signature|oauth_token|client_secret|consumer_secret|password|access_token|refresh_token)("?\s*[=:]\s*"?)[^\s"&,;]+`),
	}
})

// logClientEvent forwards one log line of the client into tflog at debug
// level, with nested header maps flattened ("request_headers.Accept") so
// that masking by field name reaches them.
func logClientEvent(ctx context.Context, msg string, fields map[string]any) {
	logClientLine(ctx, hclog.Debug, tflog.Debug, msg, fields)
}

// logClientInfo is logClientEvent at INFO: a long listing's progress and
// summary.
func logClientInfo(ctx context.Context, msg string, fields map[string]any) {
	logClientLine(ctx, hclog.Info, tflog.Info, msg, fields)
}

// logClientLine masks and writes one line at level through log, unless
// the provider's logger drops lines of that level: tflog masks a line
// before its logger looks at the level, and the regular expressions of
// that masking, for every request of a plan that logs nothing, came to
// about a tenth of the provider's CPU in a plan of many connections.
func logClientLine(ctx context.Context, level hclog.Level, log func(context.Context, string, ...map[string]any), msg string, fields map[string]any) {
	if providerLoggerDrops(level) {
		return
	}
	flat := make(map[string]any, len(fields))
	for key, value := range fields {
		headers, ok := value.(map[string]string)
		if !ok {
			flat[key] = value
			continue
		}
		for name, v := range headers {
			flat[key+"."+name] = v
		}
	}
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, sensitiveLogFields...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, secretInLogText()...)
	ctx = tflog.MaskMessageRegexes(ctx, secretInLogText()...)
	log(ctx, msg, flat)
}

// The plugin SDK and the framework log at TRACE unless their variables
// say otherwise, and leave the filtering to the CLI, which keeps a
// provider's lines only down to the level of TF_LOG_PROVIDER, else TF_LOG,
// and none when neither is set (Terraform's and OpenTofu's
// internal/logging). Each line is encoded as JSON by the provider and
// decoded by the CLI before it is dropped: a result set of 25 scores
// writes a few hundred, which came to about 40% of the provider's CPU in
// a district's grade push, and part of the CLI's.

// loggerLevelVariables name the levels of the provider's loggers: the
// SDK's, its protocol's, the framework's, and this provider's own (named
// after the provider's type, oneroster).
var loggerLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", providerLoggerLevelVariable}

// providerLoggerLevelVariable names the level of this provider's own
// logger, which terraform-plugin-go reads (tflog.WithLevelFromEnv).
const providerLoggerLevelVariable = "TF_LOG_PROVIDER_ONEROSTER"

// providerLoggerDrops reports whether this provider's own logger drops
// lines at level: its level is set (LogAtTheCLIsLevel sets the CLI's)
// and above level. Unset, the logger's level is its creator's (a test's
// logger takes every line).
func providerLoggerDrops(level hclog.Level) bool {
	set := hclog.LevelFromString(os.Getenv(providerLoggerLevelVariable))
	return set != hclog.NoLevel && set > level
}

// LogAtTheCLIsLevel gives each of the provider's loggers that has no
// level of its own the level at which the CLI keeps provider logs ("OFF"
// when it keeps none), so that no line is written only to be dropped. It
// is for a provider the CLI runs; one run with -debug writes its logs to
// the user's own terminal, and keeps the SDK's defaults.
func LogAtTheCLIsLevel(getenv func(string) string, setenv func(string, string) error) error {
	level := cliProviderLogLevel(getenv("TF_LOG_PROVIDER"), getenv("TF_LOG"))
	for _, name := range loggerLevelVariables {
		if getenv(name) != "" {
			continue
		}
		if err := setenv(name, level); err != nil {
			return err
		}
	}
	return nil
}

// cliProviderLogLevel is the level down to which the CLI keeps a
// provider's lines. The CLI reads any value that is not a level name
// ("JSON", "1", "true") as TRACE, so the provider must then write every
// line.
func cliProviderLogLevel(providerLevel, level string) string {
	if providerLevel == "" {
		providerLevel = level
	}
	if providerLevel == "" {
		return "OFF"
	}
	switch up := strings.ToUpper(strings.TrimSpace(providerLevel)); up {
	case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF":
		return up
	default:
		return "TRACE"
	}
}
