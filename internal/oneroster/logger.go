package oneroster

import "context"

// Logger receives one debug line per HTTP exchange and per retry decision.
// Fields never hold secrets: Authorization headers are replaced by
// "[redacted]" and secret-looking query parameters are masked.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}
