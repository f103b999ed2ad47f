package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// BenchmarkStateUpgradeDecode weighs the direct upgrade's own JSON decoder
// (decodeStateJSON) against the library's (tfprotov6.RawState's
// UnmarshalWithOpts, which the framework calls), each followed by the
// msgpack encoding of the answer, on a result set's state of 25 scores
// (a class of the grade push) and of 1,000. Both decode the same value
// (checked once per size); server_upgrade.go's comment holds the figures.
func BenchmarkStateUpgradeDecode(b *testing.B) {
	s, err := newServer(&oneRosterProvider{version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	typ := s.(*server).upgrades["oneroster_result_set"].stateType
	custom := func(data []byte) (tftypes.Value, error) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		return decodeStateJSON(dec, typ)
	}
	library := func(data []byte) (tftypes.Value, error) {
		return (&tfprotov6.RawState{JSON: data}).UnmarshalWithOpts(typ,
			tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	}
	for _, scores := range []int{25, 1000} {
		data := resultSetStateJSON(b, scores)
		want, err := library(data)
		if err != nil {
			b.Fatal(err)
		}
		if got, err := custom(data); err != nil || !got.Equal(want) {
			b.Fatalf("decodeStateJSON of %d scores: %v, or a value other than the library's", scores, err)
		}
		for _, d := range []struct {
			name   string
			decode func([]byte) (tftypes.Value, error)
			encode func(tftypes.Type, tftypes.Value) (tfprotov6.DynamicValue, error)
		}{
			{"decodeStateJSON+newDynamicValue", custom, newDynamicValue}, // what the server does
			{"decodeStateJSON", custom, tfprotov6.NewDynamicValue},
			{"library", library, tfprotov6.NewDynamicValue},
		} {
			decode, encode := d.decode, d.encode
			b.Run(fmt.Sprintf("%s/scores=%d", d.name, scores), func(b *testing.B) {
				b.ReportAllocs()
				cpu := ownCPU()
				for range b.N {
					v, err := decode(data)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := encode(typ, v); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((ownCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// resultSetStateJSON is a result set's state as the CLI's state file
// holds it after a 1.1 apply, with the given number of scores.
func resultSetStateJSON(b testing.TB, scores int) []byte {
	b.Helper()
	entries := map[string]any{}
	for i := range scores {
		entries[fmt.Sprintf("student-%04d", i)] = map[string]any{"comment": nil, "in_progress": nil, "incomplete": nil, "late": nil,
			"learning_objective_scores": nil, "missing": nil, "score": json.Number("7.5"), "score_date": "2025-09-09",
			"score_scale_sourced_id": nil, "score_status": "fully graded", "sourced_id": fmt.Sprintf("push-bench-student-%04d", i),
			"text_score": nil}
	}
	data, err := json.Marshal(map[string]any{"existing_results": "adopt", "line_item_sourced_id": "push-bench",
		"released_students": nil, "results": entries, "timeouts": nil})
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// ownCPU is the process's CPU time so far: steadier than wall time on a
// shared machine.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
