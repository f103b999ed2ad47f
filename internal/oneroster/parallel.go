package oneroster

import (
	"context"
	"sync"
)

// ForEach calls do for each index in [0, n), at most MaxConcurrency calls
// at once, and returns when every call has returned. It is for a batch of
// independent writes (a line item's results): do records its own outcome,
// and must be safe to call concurrently for different indexes. Every index
// is called even once ctx is done, so that each records its own outcome
// (do sees ctx, and fails fast).
func (c *Client) ForEach(ctx context.Context, n int, do func(ctx context.Context, i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(c.maxConcurrency, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(ctx, i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
