package oneroster

import (
	"context"
	"sync"
	"time"
)

// pacer spaces the starts of a client's API requests evenly, so that a
// server with a published request rate (the Ed-Fi OneRoster API allows
// 100 a minute by default) never sees more than that in any minute.
//
// Every attempt of every API request waits for its slot here, retries
// included, since the server counts each. Token requests do not: they
// happen inside an attempt whose time request_timeout bounds, one per token
// lifetime, and the vendors that publish a rate issue tokens from another
// server (the Ed-Fi ODS/API); a server that counts them anyway answers 429,
// which is retried after its Retry-After.
//
// Even spacing rather than a burst allowance: no window of a minute can then
// hold more than the rate, wherever the server starts counting.
type pacer struct {
	clock    Clock
	interval time.Duration
	mu       sync.Mutex
	next     time.Time // the earliest start of the next request
}

// newPacer paces to perMinute requests a minute; nil (no pacing) for 0.
func newPacer(perMinute int, clock Clock) *pacer {
	if perMinute <= 0 {
		return nil
	}
	return &pacer{clock: clock, interval: time.Minute / time.Duration(perMinute)}
}

// wait takes the next slot and sleeps until it comes; it returns ctx's
// error if ctx ends first. A nil pacer never waits.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	now := p.clock.Now()
	start := p.next
	if start.Before(now) {
		start = now
	}
	p.next = start.Add(p.interval)
	p.mu.Unlock()
	return p.clock.Sleep(ctx, start.Sub(now))
}
