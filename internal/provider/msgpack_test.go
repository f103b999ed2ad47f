package provider

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The msgpack writers must produce what the protocol's own decoder reads
// back as the value tftypes would have sent: checked here at every size
// boundary of the encoding, with terraform-plugin-go's decoder as the judge.

func TestMsgPackNumbers(t *testing.T) {
	numbers := []float64{
		0, math.Copysign(0, -1), 1, -1, 31, 32, -32, -33, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769,
		65535, 65536, 1<<31 - 1, 1 << 31, -(1 << 31), -(1 << 31) - 1, 1<<32 - 1, 1 << 32, 1 << 53, -(1 << 53),
		1 << 62, -(1 << 63), 1 << 63, 1 << 64, -(1 << 64), 1e20, -1e300, math.MaxFloat64,
		0.5, -0.5, 1.25, 9.75, 1e-300, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1),
	}
	for _, n := range numbers {
		got, err := decodeMsgPack(appendMsgPackNumber(nil, n), tftypes.Number)
		if err != nil {
			t.Errorf("%g: %v", n, err)
			continue
		}
		// What tftypes' own encoding of the number reads back as: whole
		// numbers beyond int64 travel as decimal strings either way.
		sent, err := tfprotov6.NewDynamicValue(tftypes.Number, tftypes.NewValue(tftypes.Number, big.NewFloat(n)))
		if err != nil {
			t.Fatal(err)
		}
		want, err := sent.Unmarshal(tftypes.Number)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("%g: read back as %s, want %s", n, got, want)
		}
	}
}

func TestMsgPackStrings(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 255, 256, 65535, 65536, 70000} {
		s := strings.Repeat("é", n/2) + strings.Repeat("x", n%2) // multi-byte runes: lengths are bytes
		got, err := decodeMsgPack(appendMsgPackString(nil, s), tftypes.String)
		if err != nil {
			t.Errorf("%d bytes: %v", len(s), err)
			continue
		}
		if want := tftypes.NewValue(tftypes.String, s); !got.Equal(want) {
			t.Errorf("%d bytes: read back as a different string", len(s))
		}
	}
}

func TestMsgPackCollections(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 65535, 65536} {
		list := appendMsgPackArrayHeader(nil, n)
		m := appendMsgPackMapHeader(nil, n)
		elems := make([]tftypes.Value, n)
		entries := make(map[string]tftypes.Value, n)
		for i := range n {
			list = appendMsgPackBool(list, i%2 == 0)
			elems[i] = tftypes.NewValue(tftypes.Bool, i%2 == 0)
			key := big.NewInt(int64(i)).String()
			m = appendMsgPackString(m, key)
			if i%3 == 0 {
				m = appendMsgPackNil(m)
				entries[key] = tftypes.NewValue(tftypes.String, nil)
			} else {
				m = appendMsgPackString(m, key)
				entries[key] = tftypes.NewValue(tftypes.String, key)
			}
		}
		listType := tftypes.List{ElementType: tftypes.Bool}
		gotList, err := decodeMsgPack(list, listType)
		if err != nil || !gotList.Equal(tftypes.NewValue(listType, elems)) {
			t.Errorf("list of %d: %v", n, err)
		}
		mapType := tftypes.Map{ElementType: tftypes.String}
		gotMap, err := decodeMsgPack(m, mapType)
		if err != nil || !gotMap.Equal(tftypes.NewValue(mapType, entries)) {
			t.Errorf("map of %d: %v", n, err)
		}
	}
}

// decodeMsgPack reads b as the protocol does a DynamicValue.
func decodeMsgPack(b []byte, typ tftypes.Type) (tftypes.Value, error) {
	return (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(typ)
}
