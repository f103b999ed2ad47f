package provider

import (
	"encoding/binary"
	"math"
	"math/big"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The plugin protocol carries values as MessagePack (a DynamicValue's
// MsgPack): null as nil, strings, booleans, numbers as integers or floats,
// lists as arrays, maps and objects as maps (an object's attributes in name
// order). The provider's direct answers read and write it themselves: the
// list data sources (list_state.go) and, through newDynamicValue and
// unmarshalDynamicValue, the resources' direct paths. The encodings are
// written from the MessagePack specification, always in the shortest
// form, as tftypes' library writes them.

func appendMsgPackNil(b []byte) []byte { return append(b, 0xc0) }

func appendMsgPackBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xc3)
	}
	return append(b, 0xc2)
}

func appendMsgPackString(b []byte, s string) []byte {
	switch n := len(s); {
	case n < 32:
		b = append(b, 0xa0|byte(n))
	case n <= math.MaxUint8:
		b = append(b, 0xd9, byte(n))
	case n <= math.MaxUint16:
		b = append(b, 0xda)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 0xdb)
		b = binary.BigEndian.AppendUint32(b, uint32(n))
	}
	return append(b, s...)
}

func appendMsgPackArrayHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(b, 0xdd), uint32(n))
	}
}

func appendMsgPackMapHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xde), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(b, 0xdf), uint32(n))
	}
}

func appendMsgPackInt(b []byte, v int64) []byte {
	switch {
	case v >= 0 && v <= math.MaxInt8:
		return append(b, byte(v))
	case v > 0 && v <= math.MaxUint8:
		return append(b, 0xcc, byte(v))
	case v > 0 && v <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(v))
	case v > 0 && v <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(v))
	case v > 0:
		return binary.BigEndian.AppendUint64(append(b, 0xcf), uint64(v))
	case v >= -32:
		return append(b, byte(v)) // negative fixint: the byte is the two's complement
	case v >= math.MinInt8:
		return append(b, 0xd0, byte(v))
	case v >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(b, 0xd1), uint16(v))
	case v >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(v))
	default:
		return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(v))
	}
}

func appendMsgPackFloat64(b []byte, f float64) []byte {
	return binary.BigEndian.AppendUint64(append(b, 0xcb), math.Float64bits(f))
}

// appendMsgPackNumber writes a number as tftypes does for the same
// big.Float: whole numbers that fit an int64 as integers, other finite
// numbers as floats, and whole numbers beyond int64 as decimal strings
// (which Terraform reads back as numbers).
func appendMsgPackNumber(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f):
		return appendMsgPackFloat64(b, f)
	case f >= math.MinInt64 && f < math.MaxInt64:
		return appendMsgPackInt(b, int64(f))
	default:
		return appendMsgPackString(b, big.NewFloat(f).Text('f', -1))
	}
}

// newDynamicValue is tfprotov6.NewDynamicValue, the same bytes for the same
// value, at a fraction of its cost: tftypes encodes through a general
// msgpack library, allocating a path, a string value and a key list at
// every attribute (0.10 s of CPU in the grade push's no-change plan). The
// one freedom it takes is the order of a map's entries, which tftypes
// writes in Go's random map order and this writes sorted by key, as it
// writes an object's attributes. Types it does not write (the dynamic
// type) and values tftypes would refuse or write oddly (a value that does
// not match its type, a tuple of the wrong length) go to tftypes, whose
// answer, bytes or error, stays the reference (msgpack_value_test.go).
func newDynamicValue(typ tftypes.Type, v tftypes.Value) (tfprotov6.DynamicValue, error) {
	var e msgPackEncoder
	if b, ok := e.appendValue(make([]byte, 0, 512), typ, v); ok {
		return tfprotov6.DynamicValue{MsgPack: b}, nil
	}
	return tfprotov6.NewDynamicValue(typ, v)
}

// msgPackEncoder writes tftypes values; its fields are scratch space
// reused from one value to the next.
type msgPackEncoder struct {
	// Value.As's targets: a pointer handed to it as an interface escapes,
	// so a local would cost an allocation at every value. The nested
	// values' calls reuse them, so each is read at once.
	str      string
	boolean  bool
	number   big.Float
	entries  map[string]tftypes.Value
	elements []tftypes.Value

	keys []string // the sorted keys of the objects and maps being written, outermost first
}

// The primitive types as interfaces, converted once rather than at every
// comparison.
var (
	msgPackString  tftypes.Type = tftypes.String
	msgPackNumber  tftypes.Type = tftypes.Number
	msgPackBool    tftypes.Type = tftypes.Bool
	msgPackDynamic tftypes.Type = tftypes.DynamicPseudoType
)

// msgPackUnknown is how tftypes writes an unknown value: an extension of
// type 0 with a zero payload (fixext1).
var msgPackUnknown = []byte{0xd4, 0, 0}

// appendValue appends v, of type typ, to b; ok is false where the value
// is left to tftypes.
func (e *msgPackEncoder) appendValue(b []byte, typ tftypes.Type, v tftypes.Value) ([]byte, bool) {
	switch {
	case typ == nil || typ.Is(msgPackDynamic):
		return b, false
	case !v.IsKnown():
		return append(b, msgPackUnknown...), true
	case v.IsNull():
		return appendMsgPackNil(b), true
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		return e.appendEntries(b, v, typ.AttributeTypes, nil)
	case tftypes.Map:
		return e.appendEntries(b, v, nil, typ.ElementType)
	case tftypes.List:
		return e.appendElements(b, v, nil, typ.ElementType)
	case tftypes.Set:
		return e.appendElements(b, v, nil, typ.ElementType)
	case tftypes.Tuple:
		return e.appendElements(b, v, typ.ElementTypes, nil)
	}
	switch {
	case typ.Is(msgPackString):
		if v.As(&e.str) != nil {
			return b, false
		}
		return appendMsgPackString(b, e.str), true
	case typ.Is(msgPackBool):
		if v.As(&e.boolean) != nil {
			return b, false
		}
		return appendMsgPackBool(b, e.boolean), true
	case typ.Is(msgPackNumber):
		if v.As(&e.number) != nil {
			return b, false
		}
		return appendMsgPackBigNumber(b, &e.number), true
	}
	return b, false
}

// appendEntries writes an object (with attribute types) or a map (with an
// element type): a msgpack map, keys in sorted order. An object writes
// its type's attributes, each of which the value must hold, as tftypes.
func (e *msgPackEncoder) appendEntries(b []byte, v tftypes.Value, attributeTypes map[string]tftypes.Type,
	elementType tftypes.Type) ([]byte, bool) {
	if v.As(&e.entries) != nil {
		return b, false
	}
	entries := e.entries
	start := len(e.keys)
	if attributeTypes != nil {
		for name := range attributeTypes {
			e.keys = append(e.keys, name)
		}
	} else {
		for key := range entries {
			e.keys = append(e.keys, key)
		}
	}
	keys := e.keys[start:] // nested entries append after these, so they stay put
	slices.Sort(keys)
	defer func() { e.keys = e.keys[:start] }()
	b = appendMsgPackMapHeader(b, len(keys))
	for _, key := range keys {
		typ := elementType
		if attributeTypes != nil {
			typ = attributeTypes[key]
		}
		entry, found := entries[key]
		if !found {
			return b, false
		}
		var ok bool
		if b, ok = e.appendValue(appendMsgPackString(b, key), typ, entry); !ok {
			return b, false
		}
	}
	return b, true
}

// appendElements writes a list or a set (with an element type) or a tuple
// (with element types): a msgpack array, in the value's order.
func (e *msgPackEncoder) appendElements(b []byte, v tftypes.Value, elementTypes []tftypes.Type,
	elementType tftypes.Type) ([]byte, bool) {
	if v.As(&e.elements) != nil || (elementTypes != nil && len(e.elements) != len(elementTypes)) {
		return b, false
	}
	elements := e.elements
	b = appendMsgPackArrayHeader(b, len(elements))
	for i, element := range elements {
		typ := elementType
		if elementTypes != nil {
			typ = elementTypes[i]
		}
		var ok bool
		if b, ok = e.appendValue(b, typ, element); !ok {
			return b, false
		}
	}
	return b, true
}

// appendMsgPackBigNumber writes n as tftypes does: infinities as floats,
// integers that fit an int64 as integers, other numbers a float64 holds
// exactly as floats, and the rest (larger integers, finer fractions) as
// decimal strings.
func appendMsgPackBigNumber(b []byte, n *big.Float) []byte {
	if n.IsInf() {
		return appendMsgPackFloat64(b, math.Inf(n.Sign()))
	}
	if i, acc := n.Int64(); acc == big.Exact {
		return appendMsgPackInt(b, i)
	}
	if f, acc := n.Float64(); acc == big.Exact && !n.IsInt() {
		return appendMsgPackFloat64(b, f)
	}
	return appendMsgPackString(b, n.Text('f', -1))
}

// unmarshalDynamicValue is d.Unmarshal(typ), the same value, at a fraction
// of its cost: tftypes' decoder builds an attribute path at every value
// (ValidateResourceConfig's costliest step in the grade push's plan). A
// value in JSON, a dynamic type, and msgpack this does not read (wrong
// kinds, truncated bytes, bad numbers) go to tftypes, whose value or error
// stays the answer (msgpack_value_test.go).
//
// Measured like newDynamicValue (BenchmarkUnmarshalDynamicValue): 25
// scores 0.29-0.34 vs 0.44-0.48 ms, 1,107 vs 2,640 allocations; 1,000
// scores 10.5-12.3 vs 18.6-22.6 ms. Most of the rest is tftypes.NewValue
// checking each value against its type.
func unmarshalDynamicValue(d *tfprotov6.DynamicValue, typ tftypes.Type) (tftypes.Value, error) {
	if d.JSON == nil && d.MsgPack != nil {
		r := msgPackReader{data: d.MsgPack}
		if v, ok := r.value(typ); ok {
			return v, nil
		}
	}
	return d.Unmarshal(typ)
}

// msgPackReader reads tftypes values from msgpack as
// tftypes.ValueFromMsgPack does; ok false means "ask tftypes".
type msgPackReader struct {
	data []byte
	pos  int
}

// capacity is what to allocate for n values: no more than the bytes
// left could hold (one at least each), so that a malformed length in a
// header does not allocate what it claims.
func (r *msgPackReader) capacity(n int) int { return min(n, len(r.data)-r.pos) }

// next is the next n bytes.
func (r *msgPackReader) next(n int) ([]byte, bool) {
	if n < 0 || len(r.data)-r.pos < n {
		return nil, false
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b, true
}

// length reads a big-endian length of size bytes (1, 2 or 4).
func (r *msgPackReader) length(size int) (int, bool) {
	b, ok := r.next(size)
	if !ok {
		return 0, false
	}
	switch size {
	case 1:
		return int(b[0]), true
	case 2:
		return int(binary.BigEndian.Uint16(b)), true
	}
	return int(binary.BigEndian.Uint32(b)), true
}

// extension skips an extension (any of which tftypes reads as unknown)
// whose code is c; ok is false if c is no extension.
func (r *msgPackReader) extension(c byte) bool {
	var n int
	var ok bool
	switch {
	case c >= 0xd4 && c <= 0xd8: // fixext 1 to 16
		n, ok = 1<<(c-0xd4), true
	case c >= 0xc7 && c <= 0xc9: // ext 8, 16, 32
		n, ok = r.length(1 << (c - 0xc7))
	}
	if !ok {
		return false
	}
	_, ok = r.next(1 + n) // the extension's type, then its data
	return ok
}

// str reads a string (msgpack str or bin, as tftypes' decoder takes both)
// whose code is c.
func (r *msgPackReader) str(c byte) (string, bool) {
	n, ok := 0, true
	switch {
	case c >= 0xa0 && c <= 0xbf:
		n = int(c & 0x1f)
	case c == 0xd9 || c == 0xc4:
		n, ok = r.length(1)
	case c == 0xda || c == 0xc5:
		n, ok = r.length(2)
	case c == 0xdb || c == 0xc6:
		n, ok = r.length(4)
	default:
		return "", false
	}
	if !ok {
		return "", false
	}
	b, ok := r.next(n)
	return string(b), ok
}

// header reads an array's (array true) or a map's length, whose code is
// c; null is -1.
func (r *msgPackReader) header(c byte, array bool) (int, bool) {
	fixed, sized16, sized32 := byte(0x80), byte(0xde), byte(0xdf)
	if array {
		fixed, sized16, sized32 = 0x90, 0xdc, 0xdd
	}
	switch {
	case c == 0xc0:
		return -1, true
	case c&0xf0 == fixed:
		return int(c & 0x0f), true
	case c == sized16:
		return r.length(2)
	case c == sized32:
		return r.length(4)
	}
	return 0, false
}

// value reads a value of type typ.
func (r *msgPackReader) value(typ tftypes.Type) (tftypes.Value, bool) {
	cb, ok := r.next(1)
	if !ok || typ == nil {
		return tftypes.Value{}, false
	}
	c := cb[0]
	if (c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9) {
		return tftypes.NewValue(typ, tftypes.UnknownValue), r.extension(c)
	}
	switch {
	case typ.Is(msgPackDynamic):
		return tftypes.Value{}, false
	case c == 0xc0:
		return tftypes.NewValue(typ, nil), true
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		return r.object(c, typ.AttributeTypes)
	case tftypes.Map:
		return r.mapValue(c, typ.ElementType)
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		return r.elements(c, typ)
	}
	switch {
	case typ.Is(msgPackString):
		s, ok := r.str(c)
		return tftypes.NewValue(tftypes.String, s), ok
	case typ.Is(msgPackBool):
		if c != 0xc2 && c != 0xc3 {
			return tftypes.Value{}, false
		}
		return tftypes.NewValue(tftypes.Bool, c == 0xc3), true
	case typ.Is(msgPackNumber):
		n, ok := r.number(c)
		if !ok {
			return tftypes.Value{}, false
		}
		return tftypes.NewValue(tftypes.Number, n), true
	}
	return tftypes.Value{}, false
}

// number reads a number whose code is c, into the big.Float tftypes
// would make of it.
func (r *msgPackReader) number(c byte) (*big.Float, bool) {
	switch {
	case c <= 0x7f || c >= 0xe0: // fixints
		return new(big.Float).SetInt64(int64(int8(c))), true
	case c >= 0xcc && c <= 0xcf: // uint 8 to 64
		b, ok := r.next(1 << (c - 0xcc))
		if !ok {
			return nil, false
		}
		var u uint64
		for _, x := range b {
			u = u<<8 | uint64(x)
		}
		return new(big.Float).SetUint64(u), true
	case c >= 0xd0 && c <= 0xd3: // int 8 to 64
		b, ok := r.next(1 << (c - 0xd0))
		if !ok {
			return nil, false
		}
		i := int64(int8(b[0])) // sign-extended, then the lower bytes
		for _, x := range b[1:] {
			i = i<<8 | int64(x)
		}
		return new(big.Float).SetInt64(i), true
	case c == 0xca || c == 0xcb:
		var f float64
		if c == 0xca {
			b, ok := r.next(4)
			if !ok {
				return nil, false
			}
			f = float64(math.Float32frombits(binary.BigEndian.Uint32(b)))
		} else {
			b, ok := r.next(8)
			if !ok {
				return nil, false
			}
			f = math.Float64frombits(binary.BigEndian.Uint64(b))
		}
		if math.IsNaN(f) { // tftypes' big.NewFloat panics: its call, not ours
			return nil, false
		}
		return big.NewFloat(f), true
	}
	s, ok := r.str(c)
	if !ok {
		return nil, false
	}
	n, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
	return n, err == nil
}

// object reads an object, which has each of its type's attributes once.
func (r *msgPackReader) object(c byte, types map[string]tftypes.Type) (tftypes.Value, bool) {
	n, ok := r.header(c, false)
	typ := tftypes.Object{AttributeTypes: types}
	if !ok || n < 0 {
		return tftypes.NewValue(typ, nil), ok
	}
	if n != len(types) {
		return tftypes.Value{}, false
	}
	values := make(map[string]tftypes.Value, n)
	for range n {
		key, ok := r.key()
		at, known := types[key]
		if !ok || !known {
			return tftypes.Value{}, false
		}
		if values[key], ok = r.value(at); !ok {
			return tftypes.Value{}, false
		}
	}
	if len(values) != n { // a repeated attribute, and so a missing one
		return tftypes.Value{}, false
	}
	return tftypes.NewValue(typ, values), true
}

// key reads a map's or an object's key.
func (r *msgPackReader) key() (string, bool) {
	cb, ok := r.next(1)
	if !ok {
		return "", false
	}
	return r.str(cb[0])
}

// mapValue reads a map; of repeated keys, the last counts.
func (r *msgPackReader) mapValue(c byte, elementType tftypes.Type) (tftypes.Value, bool) {
	n, ok := r.header(c, false)
	typ := tftypes.Map{ElementType: elementType}
	if !ok || n < 0 {
		return tftypes.NewValue(typ, nil), ok
	}
	values := make(map[string]tftypes.Value, r.capacity(n))
	for range n {
		key, ok := r.key()
		if !ok {
			return tftypes.Value{}, false
		}
		if values[key], ok = r.value(elementType); !ok {
			return tftypes.Value{}, false
		}
	}
	return tftypes.NewValue(typ, values), true
}

// elements reads a list, a set or a tuple.
func (r *msgPackReader) elements(c byte, typ tftypes.Type) (tftypes.Value, bool) {
	n, ok := r.header(c, true)
	if !ok {
		return tftypes.Value{}, false
	}
	var elementType func(i int) tftypes.Type
	switch t := typ.(type) {
	case tftypes.List:
		if t.ElementType == nil || t.ElementType.Is(msgPackDynamic) { // tftypes types such a list by its elements
			return tftypes.Value{}, false
		}
		typ, elementType = tftypes.List{ElementType: t.ElementType}, func(int) tftypes.Type { return t.ElementType }
	case tftypes.Set:
		typ, elementType = tftypes.Set{ElementType: t.ElementType}, func(int) tftypes.Type { return t.ElementType }
	case tftypes.Tuple:
		typ, elementType = tftypes.Tuple{ElementTypes: t.ElementTypes}, func(i int) tftypes.Type { return t.ElementTypes[i] }
		if n >= 0 && n != len(t.ElementTypes) {
			return tftypes.Value{}, false
		}
	}
	if n < 0 {
		return tftypes.NewValue(typ, nil), true
	}
	values := make([]tftypes.Value, 0, r.capacity(n))
	for i := range n {
		v, ok := r.value(elementType(i))
		if !ok {
			return tftypes.Value{}, false
		}
		values = append(values, v)
	}
	if _, isSet := typ.(tftypes.Set); isSet && n > 0 {
		// tftypes types a set by its elements.
		et, err := tftypes.TypeFromElements(values)
		if err != nil {
			return tftypes.Value{}, false
		}
		typ = tftypes.Set{ElementType: et}
	}
	return tftypes.NewValue(typ, values), true
}
