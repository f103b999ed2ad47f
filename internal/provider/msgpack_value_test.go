package provider

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// newDynamicValue must write the bytes tfprotov6.NewDynamicValue writes.
// tftypes writes a map's entries in Go's random map order, so its bytes
// are compared with their entries sorted by key (sortedMsgPack); every
// other byte is compared as it is.

func TestNewDynamicValueWritesAsTftypes(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 7))
	for i := range 2000 {
		typ := randomType(rng, 3)
		v := randomValue(rng, typ, 3)
		assertWritesAsTftypes(t, fmt.Sprintf("value %d of %s", i, typ), typ, v)
		// Equal bytes prove nothing if tftypes wrote them: the encoder
		// must answer every value of a type without the dynamic one.
		if _, ok := (&msgPackEncoder{}).appendValue(nil, typ, v); !ok && !hasDynamicType(typ) {
			t.Errorf("value %d of %s: left to tftypes", i, typ)
		}
	}
}

func TestNewDynamicValueNumbers(t *testing.T) {
	for _, text := range edgeNumbers {
		n, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		assertWritesAsTftypes(t, text, tftypes.Number, tftypes.NewValue(tftypes.Number, n))
		f, _ := n.Float64()
		assertWritesAsTftypes(t, text+" as float64", tftypes.Number, tftypes.NewValue(tftypes.Number, big.NewFloat(f)))
	}
	for _, f := range []float64{math.Inf(1), math.Inf(-1), math.Copysign(0, -1)} {
		assertWritesAsTftypes(t, fmt.Sprint(f), tftypes.Number, tftypes.NewValue(tftypes.Number, big.NewFloat(f)))
	}
}

// The provider's own state types, with the values random ones take and
// the state of a class of the grade push.
func TestNewDynamicValueProviderStates(t *testing.T) {
	s, err := newServer(&oneRosterProvider{version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(22, 8))
	for _, name := range []string{"oneroster_result_set", "oneroster_line_item"} {
		typ := s.(*server).upgrades[name].stateType
		for i := range 300 {
			assertWritesAsTftypes(t, fmt.Sprintf("%s %d", name, i), typ, randomValue(rng, typ, 4))
		}
	}
	typ := s.(*server).upgrades["oneroster_result_set"].stateType
	for _, scores := range []int{0, 1, 25, 1000} {
		v, err := (&tfprotov6.RawState{JSON: resultSetStateJSON(t, scores)}).UnmarshalWithOpts(typ,
			tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		if err != nil {
			t.Fatal(err)
		}
		assertWritesAsTftypes(t, fmt.Sprintf("result set of %d scores", scores), typ, v)
	}
}

// Values tftypes refuses, or the types left to it, give its answer.
func TestNewDynamicValueLeavesTheRestToTftypes(t *testing.T) {
	obj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String, "b": tftypes.Number}}
	tuple := tftypes.Tuple{ElementTypes: []tftypes.Type{tftypes.String, tftypes.Bool}}
	dynamic := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"d": tftypes.DynamicPseudoType}}
	for name, c := range map[string]struct {
		typ tftypes.Type
		v   tftypes.Value
	}{
		"missing attribute": {obj, tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
			map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "x")})},
		"string as number":  {tftypes.Number, tftypes.NewValue(tftypes.String, "1")},
		"number as bool":    {tftypes.Bool, tftypes.NewValue(tftypes.Number, big.NewFloat(1))},
		"list as object":    {obj, tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{})},
		"short tuple":       {tuple, tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{})},
		"dynamic attribute": {dynamic, tftypes.NewValue(dynamic, map[string]tftypes.Value{"d": tftypes.NewValue(tftypes.String, "x")})},
		"dynamic null":      {dynamic, tftypes.NewValue(dynamic, map[string]tftypes.Value{"d": tftypes.NewValue(tftypes.DynamicPseudoType, nil)})},
		"dynamic list": {tftypes.DynamicPseudoType, tftypes.NewValue(tftypes.List{ElementType: tftypes.Number},
			[]tftypes.Value{tftypes.NewValue(tftypes.Number, big.NewFloat(1.5))})},
	} {
		assertWritesAsTftypes(t, name, c.typ, c.v)
	}
}

// The test's own judge: bytes that differ where sorting cannot explain it
// are told apart.
func TestSortedMsgPackTellsValuesApart(t *testing.T) {
	m := tftypes.Map{ElementType: tftypes.Number}
	one := tftypes.NewValue(m, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.Number, big.NewFloat(1)),
		"b": tftypes.NewValue(tftypes.Number, big.NewFloat(2))})
	two := tftypes.NewValue(m, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.Number, big.NewFloat(2)),
		"b": tftypes.NewValue(tftypes.Number, big.NewFloat(1))})
	a, _ := tfprotov6.NewDynamicValue(m, one)
	b, _ := tfprotov6.NewDynamicValue(m, two)
	if bytes.Equal(sortedMsgPack(t, a.MsgPack), sortedMsgPack(t, b.MsgPack)) {
		t.Error("two maps with swapped values sort to the same bytes")
	}
}

func assertWritesAsTftypes(t *testing.T, name string, typ tftypes.Type, v tftypes.Value) {
	t.Helper()
	want, wantErr := tfprotov6.NewDynamicValue(typ, v)
	got, err := newDynamicValue(typ, v)
	switch {
	case (err != nil) != (wantErr != nil):
		t.Errorf("%s: error %v, tftypes' error %v", name, err, wantErr)
	case err != nil:
		if err.Error() != wantErr.Error() {
			t.Errorf("%s: error %v, tftypes' error %v", name, err, wantErr)
		}
	case bytes.Equal(got.MsgPack, want.MsgPack): // also what tftypes writes oddly, such as a short tuple
	case !bytes.Equal(got.MsgPack, sortedMsgPack(t, want.MsgPack)):
		t.Errorf("%s: %s:\n got %x\nwant %x (tftypes, entries sorted)", name, v, got.MsgPack, sortedMsgPack(t, want.MsgPack))
	}
}

// edgeNumbers: integers at each encoding's bounds and beyond int64,
// fractions a float64 holds or not, and magnitudes a float64 does not.
var edgeNumbers = []string{
	"0", "1", "-1", "31", "32", "-32", "-33", "127", "128", "-128", "-129", "255", "256", "32767", "32768", "-32769",
	"65535", "65536", "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
	"9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
	"18446744073709551616", "1e20", "-1e300", "1e400", "-1e400", "1e-400", "0.5", "-0.5", "7.5", "0.1", "-0.3",
	"123456789.123456789", "1.7976931348623157e308", "4.9e-324", "0.000001", "3.141592653589793238462643383279",
}

// randomType is a type of at most depth levels of collections.
func randomType(rng *rand.Rand, depth int) tftypes.Type {
	kinds := 3
	if depth > 0 {
		kinds = 9
	}
	switch rng.IntN(kinds) {
	case 0:
		return tftypes.String
	case 1:
		return tftypes.Number
	case 2:
		return tftypes.Bool
	case 3:
		return tftypes.List{ElementType: randomType(rng, depth-1)}
	case 4:
		return tftypes.Set{ElementType: randomType(rng, depth-1)}
	case 5:
		return tftypes.Map{ElementType: randomType(rng, depth-1)}
	case 6:
		types := make([]tftypes.Type, rng.IntN(4))
		for i := range types {
			types[i] = randomType(rng, depth-1)
		}
		return tftypes.Tuple{ElementTypes: types}
	default:
		// No optional attributes: tftypes refuses values of such objects
		// (they are type constraints only).
		attrs := map[string]tftypes.Type{}
		for i := range rng.IntN(20) {
			attrs[fmt.Sprintf("%s_%d", randomString(rng), i)] = randomType(rng, depth-1)
		}
		return tftypes.Object{AttributeTypes: attrs}
	}
}

// randomValue is a value of typ, null or unknown at any level.
func randomValue(rng *rand.Rand, typ tftypes.Type, depth int) tftypes.Value {
	switch rng.IntN(12) {
	case 0:
		return tftypes.NewValue(typ, nil)
	case 1:
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	size := rng.IntN(6)
	if rng.IntN(10) == 0 {
		size = 15 + rng.IntN(3) // either side of msgpack's fixed-size headers
	}
	if depth <= 0 {
		size = min(size, 2)
	}
	switch typ := typ.(type) {
	case tftypes.List, tftypes.Set:
		var et tftypes.Type
		if l, ok := typ.(tftypes.List); ok {
			et = l.ElementType
		} else {
			et = typ.(tftypes.Set).ElementType
		}
		elements := make([]tftypes.Value, size)
		for i := range elements {
			elements[i] = randomValue(rng, et, depth-1)
		}
		return tftypes.NewValue(typ, elements)
	case tftypes.Map:
		entries := map[string]tftypes.Value{}
		for range size {
			entries[randomString(rng)] = randomValue(rng, typ.ElementType, depth-1)
		}
		return tftypes.NewValue(typ, entries)
	case tftypes.Tuple:
		elements := make([]tftypes.Value, len(typ.ElementTypes))
		for i, et := range typ.ElementTypes {
			elements[i] = randomValue(rng, et, depth-1)
		}
		return tftypes.NewValue(typ, elements)
	case tftypes.Object:
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			attrs[name] = randomValue(rng, at, depth-1)
		}
		return tftypes.NewValue(typ, attrs)
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, randomString(rng))
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, rng.IntN(2) == 0)
	}
	var n *big.Float
	switch rng.IntN(4) {
	case 0:
		n, _, _ = big.ParseFloat(edgeNumbers[rng.IntN(len(edgeNumbers))], 10, 512, big.ToNearestEven)
	case 1:
		n = new(big.Float).SetInt64(rng.Int64() >> rng.IntN(64))
		if rng.IntN(2) == 0 {
			n.Neg(n)
		}
	case 2:
		n = big.NewFloat(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20)))
	default:
		n = big.NewFloat(float64(rng.IntN(41)) / 4) // scores: 0, 0.25, …, 10
	}
	return tftypes.NewValue(typ, n)
}

// randomString is empty, short, unicode, or past a string header's bounds.
func randomString(rng *rand.Rand) string {
	switch rng.IntN(30) {
	case 0, 1:
		return ""
	case 2, 3:
		return "é✓𝄞 Ünïcode"
	case 4:
		return strings.Repeat("x", []int{31, 32, 255, 256, 65535, 65536}[rng.IntN(6)])
	}
	return fmt.Sprintf("s%d", rng.IntN(1000))
}

// sortedMsgPack is b with the entries of every msgpack map in key order.
func sortedMsgPack(t *testing.T, b []byte) []byte {
	t.Helper()
	out, rest, err := sortMsgPackValue(b)
	if err != nil || len(rest) != 0 {
		t.Fatalf("unreadable msgpack %x: %v (%d bytes left)", b, err, len(rest))
	}
	return out
}

// sortMsgPackValue reads the first value of b and returns it with its
// maps sorted, and the bytes after it.
func sortMsgPackValue(b []byte) ([]byte, []byte, error) {
	if len(b) == 0 {
		return nil, nil, fmt.Errorf("truncated")
	}
	c := b[0]
	size := func(n int) (int, error) { // a big-endian length of n bytes after c
		if len(b) < 1+n {
			return 0, fmt.Errorf("truncated")
		}
		switch n {
		case 1:
			return int(b[1]), nil
		case 2:
			return int(binary.BigEndian.Uint16(b[1:])), nil
		}
		return int(binary.BigEndian.Uint32(b[1:])), nil
	}
	fixed := func(n int) ([]byte, []byte, error) {
		if len(b) < n {
			return nil, nil, fmt.Errorf("truncated")
		}
		return b[:n], b[n:], nil
	}
	sized := func(lenBytes, extra int) ([]byte, []byte, error) {
		n, err := size(lenBytes)
		if err != nil {
			return nil, nil, err
		}
		return fixed(1 + lenBytes + extra + n)
	}
	switch {
	case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		return fixed(1)
	case c >= 0xa0 && c <= 0xbf:
		return fixed(1 + int(c&0x1f))
	case c == 0xd9 || c == 0xc4:
		return sized(1, 0)
	case c == 0xda || c == 0xc5:
		return sized(2, 0)
	case c == 0xdb || c == 0xc6:
		return sized(4, 0)
	case c == 0xc7:
		return sized(1, 1)
	case c == 0xc8:
		return sized(2, 1)
	case c == 0xc9:
		return sized(4, 1)
	case c == 0xca || c == 0xce || c == 0xd2:
		return fixed(5)
	case c == 0xcb || c == 0xcf || c == 0xd3:
		return fixed(9)
	case c == 0xcc || c == 0xd0:
		return fixed(2)
	case c == 0xcd || c == 0xd1:
		return fixed(3)
	case c >= 0xd4 && c <= 0xd8:
		return fixed(2 + 1<<(c-0xd4))
	}
	var n, header int
	var err error
	switch {
	case c >= 0x80 && c <= 0x9f:
		n, header = int(c&0x0f), 1
	case c == 0xdc || c == 0xde:
		n, err = size(2)
		header = 3
	case c == 0xdd || c == 0xdf:
		n, err = size(4)
		header = 5
	default:
		return nil, nil, fmt.Errorf("unexpected byte %x", c)
	}
	if err != nil || len(b) < header {
		return nil, nil, fmt.Errorf("truncated")
	}
	isMap := c <= 0x8f || c == 0xde || c == 0xdf
	out, rest := slices.Clone(b[:header]), b[header:]
	if !isMap {
		for range n {
			var v []byte
			if v, rest, err = sortMsgPackValue(rest); err != nil {
				return nil, nil, err
			}
			out = append(out, v...)
		}
		return out, rest, nil
	}
	type entry struct{ key, encoded []byte }
	entries := make([]entry, n)
	for i := range entries {
		var k, v []byte
		if k, rest, err = sortMsgPackValue(rest); err != nil {
			return nil, nil, err
		}
		if v, rest, err = sortMsgPackValue(rest); err != nil {
			return nil, nil, err
		}
		entries[i] = entry{msgPackStringContent(k), append(slices.Clone(k), v...)}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
	for _, e := range entries {
		out = append(out, e.encoded...)
	}
	return out, rest, nil
}

// msgPackStringContent is the bytes of an encoded string without its header.
func msgPackStringContent(k []byte) []byte {
	switch c := k[0]; {
	case c >= 0xa0 && c <= 0xbf:
		return k[1:]
	case c == 0xd9:
		return k[2:]
	case c == 0xda:
		return k[3:]
	}
	return k[5:]
}

// benchResultSetStates is the result set's state type, and its states of
// 25 scores (a class of the grade push) and of 1,000, for the msgpack
// benchmarks.
func benchResultSetStates(b *testing.B) (tftypes.Type, map[int]tftypes.Value) {
	s, err := newServer(&oneRosterProvider{version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	typ := s.(*server).upgrades["oneroster_result_set"].stateType
	states := map[int]tftypes.Value{}
	for _, scores := range []int{25, 1000} {
		v, err := (&tfprotov6.RawState{JSON: resultSetStateJSON(b, scores)}).UnmarshalWithOpts(typ,
			tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		if err != nil {
			b.Fatal(err)
		}
		states[scores] = v
	}
	return typ, states
}

// BenchmarkNewDynamicValue weighs newDynamicValue against tftypes'
// encoding on a result set's state of 25 scores (a class of the grade
// push) and of 1,000; msgpack.go's comment holds the figures.
func BenchmarkNewDynamicValue(b *testing.B) {
	typ, states := benchResultSetStates(b)
	for _, scores := range []int{25, 1000} {
		v := states[scores]
		for name, encode := range map[string]func(tftypes.Type, tftypes.Value) (tfprotov6.DynamicValue, error){
			"newDynamicValue": newDynamicValue, "tftypes": tfprotov6.NewDynamicValue} {
			b.Run(fmt.Sprintf("%s/scores=%d", name, scores), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					if _, err := encode(typ, v); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// unmarshalDynamicValue must read what tftypes reads, and refuse (with
// tftypes' error) what it refuses: random values, the same bytes read as
// another random type, and every value cut short or with a byte changed.
func TestUnmarshalDynamicValueReadsAsTftypes(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 9))
	for i := range 1000 {
		typ := randomType(rng, 3)
		encoded, err := tfprotov6.NewDynamicValue(typ, randomValue(rng, typ, 3))
		if err != nil {
			t.Fatal(err)
		}
		b := encoded.MsgPack
		assertReadsAsTftypes(t, fmt.Sprintf("value %d", i), b, typ)
		if r := (msgPackReader{data: b}); !ok(r.value(typ)) {
			t.Errorf("value %d (%x as %s): left to tftypes", i, b, typ)
		}
		assertReadsAsTftypes(t, fmt.Sprintf("value %d as another type", i), b, randomType(rng, 3))
		assertReadsAsTftypes(t, fmt.Sprintf("value %d cut short", i), b[:rng.IntN(len(b))], typ)
		changed := slices.Clone(b)
		changed[rng.IntN(len(b))] = byte(rng.IntN(256))
		assertReadsAsTftypes(t, fmt.Sprintf("value %d changed", i), changed, typ)
	}
}

// Encodings tftypes reads that tftypes does not write: other integer
// widths, float32, numbers and strings as bin, extensions of every size,
// a nil map key, repeated keys, trailing bytes.
func TestUnmarshalDynamicValueOtherEncodings(t *testing.T) {
	obj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.Number, "b": tftypes.String}}
	for name, c := range map[string]struct {
		b   string
		typ tftypes.Type
	}{
		"uint8": {"cc05", tftypes.Number}, "uint64": {"cfffffffffffffffff", tftypes.Number}, "int16": {"d1ff00", tftypes.Number},
		"int64": {"d38000000000000000", tftypes.Number}, "float32": {"ca3fc00000", tftypes.Number},
		"number as bin": {"c403312e35", tftypes.Number}, "number as text": {"a3312e35", tftypes.Number},
		"bad number": {"a3312e78", tftypes.Number}, "NaN": {"cb7ff8000000000000", tftypes.Number},
		"string as bin": {"c4026869", tftypes.String}, "string as str16": {"da00026869", tftypes.String},
		"fixext16": {"d8" + strings.Repeat("00", 17), tftypes.String}, "ext8": {"c70300616263", tftypes.Bool},
		"ext32": {"c90000000100ff", obj}, "truncated ext": {"c7050061", tftypes.Bool},
		"nil key":            {"81c001", tftypes.Map{ElementType: tftypes.Number}},
		"repeated map key":   {"82a16101a16102", tftypes.Map{ElementType: tftypes.Number}},
		"repeated attribute": {"82a16101a16102", obj}, "unknown attribute": {"82a16101a163a0", obj},
		"attribute missing": {"81a16101", obj}, "trailing bytes": {"c3c3", tftypes.Bool},
		"map16":           {"de0001a16101", tftypes.Map{ElementType: tftypes.Number}},
		"array32":         {"dd0000000101", tftypes.List{ElementType: tftypes.Number}},
		"set of unknowns": {"92d40000d40000", tftypes.Set{ElementType: obj}},
		"dynamic":         {"92c40822737472696e6722a168", tftypes.DynamicPseudoType},
		"list of dynamic": {"91d40000", tftypes.List{ElementType: tftypes.DynamicPseudoType}},
		"empty":           {"", tftypes.String}, "bool as string": {"c3", tftypes.String},
	} {
		b, err := hex.DecodeString(c.b)
		if err != nil {
			t.Fatal(err)
		}
		assertReadsAsTftypes(t, name, b, c.typ)
	}
}

func ok(_ tftypes.Value, ok bool) bool { return ok }

func assertReadsAsTftypes(t *testing.T, name string, b []byte, typ tftypes.Type) {
	t.Helper()
	want, wantPanic, wantErr := readMsgPack(b, typ, func(d *tfprotov6.DynamicValue, typ tftypes.Type) (tftypes.Value, error) {
		return d.Unmarshal(typ)
	})
	got, panicked, err := readMsgPack(b, typ, unmarshalDynamicValue)
	switch {
	case panicked != wantPanic:
		t.Errorf("%s (%x as %s): panic %v, tftypes' panic %v", name, b, typ, panicked, wantPanic)
	case (err != nil) != (wantErr != nil) || (err != nil && err.Error() != wantErr.Error()):
		t.Errorf("%s (%x as %s): error %v, tftypes' error %v", name, b, typ, err, wantErr)
	case !got.Equal(want):
		t.Errorf("%s (%x as %s): %s, tftypes read %s", name, b, typ, got, want)
	}
}

// readMsgPack reads b with read; tftypes panics on some input (a NaN), and
// the panic is reported rather than raised.
func readMsgPack(b []byte, typ tftypes.Type, read func(*tfprotov6.DynamicValue, tftypes.Type) (tftypes.Value, error)) (
	v tftypes.Value, panicked bool, err error) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	v, err = read(&tfprotov6.DynamicValue{MsgPack: b}, typ)
	return v, false, err
}

// BenchmarkUnmarshalDynamicValue weighs unmarshalDynamicValue against
// tftypes' decoder on the same states as BenchmarkNewDynamicValue.
func BenchmarkUnmarshalDynamicValue(b *testing.B) {
	typ, states := benchResultSetStates(b)
	for _, scores := range []int{25, 1000} {
		v := states[scores]
		encoded, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			b.Fatal(err)
		}
		for name, decode := range map[string]func(*tfprotov6.DynamicValue, tftypes.Type) (tftypes.Value, error){
			"unmarshalDynamicValue": unmarshalDynamicValue,
			"tftypes":               func(d *tfprotov6.DynamicValue, typ tftypes.Type) (tftypes.Value, error) { return d.Unmarshal(typ) },
		} {
			b.Run(fmt.Sprintf("%s/scores=%d", name, scores), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					if _, err := decode(&encoded, typ); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
