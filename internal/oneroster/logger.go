package oneroster

import "context"

// Logger receives one debug line per HTTP exchange and per retry decision.
// Fields never hold secrets: Authorization headers are replaced by
// "[redacted]" and secret-looking query parameters are masked.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// InfoLogger is a Logger that also takes lines meant for INFO: the
// progress of long listings and a summary when each ends. A Logger
// without Info gets those lines at debug level.
type InfoLogger interface {
	Logger
	Info(ctx context.Context, msg string, fields map[string]any)
}

// logInfo logs an INFO line, at debug level for a Logger without Info.
func (c *Client) logInfo(ctx context.Context, msg string, fields map[string]any) {
	switch l := c.logger.(type) {
	case nil:
	case InfoLogger:
		l.Info(ctx, msg, fields)
	default:
		l.Debug(ctx, msg, fields)
	}
}
