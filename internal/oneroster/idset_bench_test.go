package oneroster

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// BenchmarkSeenSet measures what List's memory of sourcedIds costs for a
// 100,000-user read: the idSet of 64-bit hashes it keeps, against a set of
// the id strings themselves and against the decoded records, which a
// caller such as the provider holds anyway. Ids are UUIDs, the common
// sourcedId form. It reports retained heap bytes per record.
func BenchmarkSeenSet(b *testing.B) {
	const n = 100_000
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-4bcd-4ef0-8123-%012x", i, i*7919)
	}
	retained := func(b *testing.B, build func() any) {
		b.Helper()
		var keep any
		for range b.N {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			keep = build()
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heap-B/record")
		}
		runtime.KeepAlive(keep)
	}
	b.Run("idSet (hashes)", func(b *testing.B) {
		retained(b, func() any {
			s := newIDSet()
			for _, id := range ids {
				s.add(id)
			}
			return s
		})
	})
	b.Run("set of id strings", func(b *testing.B) {
		retained(b, func() any {
			s := map[string]struct{}{}
			for _, id := range ids {
				s[string([]byte(id))] = struct{}{} // a copy, as decoding makes
			}
			return s
		})
	})
	b.Run("the records themselves", func(b *testing.B) {
		raw := []byte(`{"sourcedId":"%s","status":"active","dateLastModified":"2024-08-01T00:00:00Z","enabledUser":true,` +
			`"orgs":[{"href":"https://sis.example/ims/oneroster/v1p1/orgs/s1","sourcedId":"s1","type":"org"}],"role":"student",` +
			`"username":"jdoe","givenName":"Jane","familyName":"Doe","email":"jane.doe@example.org","identifier":"123456","grades":["09"]}`)
		retained(b, func() any {
			users := make([]model.User, n)
			for i := range users {
				if err := json.Unmarshal(fmt.Appendf(nil, string(raw), ids[i]), &users[i]); err != nil {
					b.Fatal(err)
				}
			}
			return users
		})
	})
}
