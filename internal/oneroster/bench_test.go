package oneroster_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// BenchmarkListAllUsers reads every user of a 100,000-user district from
// the sandbox with 20 ms of added latency per request, one page at a time
// and with the provider's default concurrency. `make bench` runs it once
// (-benchtime=1x) and prints seconds per read and the peak heap.
func BenchmarkListAllUsers(b *testing.B) {
	sb, err := sandbox.Start(sandbox.Options{
		District: sandbox.DistrictSpec{Users: 100_000},
		Quirks:   sandbox.Quirks{Latency: 20 * time.Millisecond},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	want := len(sb.Server.SourcedIDs("users"))

	for _, concurrency := range []int{1, 4} {
		b.Run(fmt.Sprintf("concurrency=%d", concurrency), func(b *testing.B) {
			client, err := oneroster.New(oneroster.Config{
				BaseURL: sb.BaseURL,
				Auth:    &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL},
			})
			if err != nil {
				b.Fatal(err)
			}
			peak := watchHeap()
			b.ResetTimer()
			for range b.N {
				n := 0
				for _, err := range oneroster.List[model.User](context.Background(), client, "/users", "users", oneroster.ListOptions{Concurrency: concurrency}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != want {
					b.Fatalf("read %d users, want %d", n, want)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(peak())/(1<<20), "peak-extra-heap-MiB")
			b.ReportMetric(float64(want), "users")
		})
	}
}

// BenchmarkListAllUsersPageSize reads the same 100,000 users with the
// default concurrency at several page sizes: the figures behind the
// provider's default page_size (fewer, larger pages save round trips; the
// cost is the memory of the pages held at once, and servers cap limit).
// Not part of `make bench`: run it with -bench ListAllUsersPageSize.
func BenchmarkListAllUsersPageSize(b *testing.B) {
	sb, err := sandbox.Start(sandbox.Options{
		District: sandbox.DistrictSpec{Users: 100_000},
		Quirks:   sandbox.Quirks{Latency: 20 * time.Millisecond},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	want := len(sb.Server.SourcedIDs("users"))
	client, err := oneroster.New(oneroster.Config{
		BaseURL: sb.BaseURL,
		Auth:    &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL},
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{100, 250, 500, 1000, 2000} {
		b.Run(fmt.Sprintf("page_size=%d", size), func(b *testing.B) {
			peak := watchHeap()
			b.ResetTimer()
			for range b.N {
				n := 0
				for _, err := range oneroster.List[model.User](context.Background(), client, "/users", "users", oneroster.ListOptions{PageSize: size, Concurrency: 4}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != want {
					b.Fatalf("read %d users, want %d", n, want)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(peak())/(1<<20), "peak-extra-heap-MiB")
		})
	}
}

// watchHeap samples the live heap every few milliseconds until the
// returned function is called, which reports the highest value seen above
// the heap at the start (the in-process sandbox's district is not the
// client's).
func watchHeap() func() uint64 {
	runtime.GC()
	var start runtime.MemStats
	runtime.ReadMemStats(&start)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		if p := peak.Load(); p > start.HeapAlloc {
			return p - start.HeapAlloc
		}
		return 0
	}
}
