package provider

import (
	"encoding/binary"
	"math"
	"math/big"
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
