package oneroster

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy. Requests are retried on network errors and on 429, 500,
// 502, 503 and 504: GET is safe, and OneRoster's PUT (create-or-replace
// at a sourcedId the client chose) and DELETE are idempotent, so
// repeating one whose first attempt did reach the server leaves the same
// state. (A repeated DELETE may answer 404; callers deleting a record
// treat "not found" as done anyway.) POST, which creates, is retried only
// when it certainly was not applied (postNotApplied).
const (
	// DefaultMaxRetries is Config.MaxRetries when it is 0.
	DefaultMaxRetries = 5
	// NoRetries as Config.MaxRetries makes every request a single attempt
	// (plus, for OAuth 2, the one retry after refreshing a rejected token).
	NoRetries = -1

	backoffBase = 500 * time.Millisecond
	backoffMax  = 30 * time.Second
	// maxRetryAfter is the longest Retry-After the client will wait out. A
	// server asking for more is down for maintenance or has exhausted a
	// quota; failing with that explanation beats a silent hour-long hang.
	maxRetryAfter = 5 * time.Minute
)

// retryableStatus reports whether an HTTP status is worth another attempt.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before retry number n (1-based): exponential from
// backoffBase, capped at backoffMax, with "equal jitter" (half fixed, half
// random) so that clients that failed together do not retry together.
func backoff(n int) time.Duration {
	d := backoffBase
	for i := 1; i < n && d < backoffMax; i++ {
		d *= 2
	}
	d = min(d, backoffMax)
	half := d / 2
	return half + rand.N(half+1)
}

// parseRetryAfter reads a Retry-After value: delta-seconds or an HTTP-date
// (RFC 9110 §10.2.3). A date in the past means "now".
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// attemptResult is the outcome of one attempt of a request.
type attemptResult struct {
	resp      *Response
	err       error
	retryable bool
	// retryAfter is the server's Retry-After, when it sent one.
	retryAfter    time.Duration
	hasRetryAfter bool
	// staleToken is the bearer token a 401 answered: dropping it and
	// trying once more with a fresh one is allowed once per request.
	staleToken *cachedToken
	// unsent: the request never reached the server (no credentials could
	// be had, or no connection was made).
	unsent bool
}

// postNotApplied reports whether a failed POST attempt certainly created
// nothing, so that sending it again cannot create its records twice: it
// was never sent, or the server answered 429, which refuses a request
// before acting on it. A 5xx, a timeout or a connection lost after
// sending may come after the records were created. (A 401 is retried
// apart from this, once, with a fresh token: it refuses the request too.)
func postNotApplied(res attemptResult) bool {
	return res.unsent || (res.resp != nil && res.resp.StatusCode == http.StatusTooManyRequests)
}

// isDialFailure reports whether err says that no connection was made:
// the request was never sent.
func isDialFailure(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// retrying runs try until it succeeds, fails for good, runs out of retries
// or ctx ends. Every wait goes through Clock.Sleep. what names the request
// in errors ("GET https://…/orgs").
func (c *Client) retrying(ctx context.Context, what string, try func(ctx context.Context, attempt int) attemptResult) (*Response, error) {
	retried, refreshed := 0, false
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		res := try(withAttempt(ctx, attempt), attempt)
		if res.err == nil {
			return res.resp, nil
		}
		if ctx.Err() != nil {
			return res.resp, fmt.Errorf("%s: %w", what, ctx.Err())
		}
		if res.staleToken != nil && !refreshed {
			// The server no longer accepts a token that looked valid
			// (revoked, or the server's clock runs ahead): fetch a new one
			// and try again at once. A second 401 is final.
			refreshed = true
			c.bearer.cache.invalidate(res.staleToken)
			c.logRetry(ctx, what, attempt, 0, "the server rejected the access token; fetching a new one")
			continue
		}
		if !res.retryable {
			return res.resp, res.err
		}
		if retried >= c.maxRetries {
			if c.maxRetries == 0 {
				return res.resp, res.err
			}
			return res.resp, fmt.Errorf("%w (gave up after %d attempts)", res.err, attempt)
		}
		delay := backoff(retried + 1)
		if res.hasRetryAfter {
			if res.retryAfter > maxRetryAfter {
				return res.resp, fmt.Errorf(
					"%w (the server asked to retry after %s, longer than the %s this client waits)",
					res.err,
					res.retryAfter,
					maxRetryAfter,
				)
			}
			delay = res.retryAfter
		}
		if deadline, ok := ctx.Deadline(); ok {
			if left := deadline.Sub(c.clock.Now()); delay >= left {
				reason := "the next retry"
				if res.hasRetryAfter {
					reason = "the server's Retry-After"
				}
				return res.resp, fmt.Errorf(
					"%w (not retrying: %s is in %s, after the deadline %s from now)",
					res.err,
					reason,
					delay.Round(time.Millisecond),
					max(left, 0).Round(time.Millisecond),
				)
			}
		}
		c.logRetry(ctx, what, attempt, delay, res.err.Error())
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return res.resp, fmt.Errorf("%w (while waiting to retry: %w)", res.err, err)
		}
		retried++
	}
}

func (c *Client) logRetry(ctx context.Context, what string, attempt int, delay time.Duration, reason string) {
	countRetry(ctx)
	if c.logger == nil {
		return
	}
	c.logger.Debug(ctx, "oneroster: retrying", map[string]any{
		"request": what,
		"attempt": attempt,
		"delay":   delay.String(),
		"reason":  reason,
	})
}

// isTemporary reports whether an error from an attempt that got no HTTP
// answer is worth retrying: network failures, per-attempt timeouts and
// transient token endpoint failures are; configuration and signing errors
// are not.
func isTemporary(err error) bool {
	var te *TokenError
	if errors.As(err, &te) {
		return te.temporary()
	}
	return true
}
