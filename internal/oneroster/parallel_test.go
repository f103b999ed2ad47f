package oneroster

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestForEachBoundsConcurrencyAndRunsEveryIndex(t *testing.T) {
	for _, limit := range []int{1, 3} {
		c, err := New(Config{BaseURL: "https://sis.example/ims/oneroster/v1p1", Auth: testOAuth1, MaxConcurrency: limit})
		if err != nil {
			t.Fatal(err)
		}
		var inFlight, most atomic.Int64
		var mu sync.Mutex
		seen := map[int]int{}
		c.ForEach(context.Background(), 20, func(_ context.Context, i int) {
			now := inFlight.Add(1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			inFlight.Add(-1)
			mu.Lock()
			seen[i]++
			mu.Unlock()
		})
		if most.Load() > int64(limit) {
			t.Errorf("MaxConcurrency %d: %d calls at once", limit, most.Load())
		}
		if limit > 1 && most.Load() < 2 {
			t.Errorf("MaxConcurrency %d: never more than one call at once", limit)
		}
		for i := range 20 {
			if seen[i] != 1 {
				t.Errorf("MaxConcurrency %d: index %d ran %d times", limit, i, seen[i])
			}
		}
	}
}

func TestForEachCallsEveryIndexEvenCancelled(t *testing.T) {
	c, err := New(Config{BaseURL: "https://sis.example/ims/oneroster/v1p1", Auth: testOAuth1, MaxConcurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var calls, cancelled atomic.Int64
	c.ForEach(ctx, 50, func(ctx context.Context, _ int) {
		if calls.Add(1) == 3 {
			cancel()
		}
		if ctx.Err() != nil {
			cancelled.Add(1)
		}
	})
	if calls.Load() != 50 || cancelled.Load() < 40 {
		t.Errorf("%d calls, %d of them seeing the cancellation", calls.Load(), cancelled.Load())
	}
	c.ForEach(context.Background(), 0, func(context.Context, int) { t.Error("called for an empty batch") })
}
