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
// order). The list data sources write their answer in it directly (see
// list_state.go); these are the few encodings they need, written from the
// MessagePack specification, always in the shortest form.

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
// answer, bytes or error, stays the reference (msgpack_test.go).
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
