package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Bool is a boolean that also decodes from the strings "true"/"false"
// (any case), "1"/"0", and the numbers 1/0, as OneRoster servers send all
// of them for enabledUser, primary and the demographics flags.
type Bool bool

// BoolPtr returns a pointer to a Bool, for building records.
func BoolPtr(b bool) *Bool { v := Bool(b); return &v }

// UnmarshalJSON implements json.Unmarshaler.
func (b *Bool) UnmarshalJSON(data []byte) error {
	raw := strings.TrimSpace(string(data))
	if raw == "null" {
		return nil
	}
	raw = strings.Trim(raw, `"`)
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "true", "1", "yes", "y", "t":
		*b = true
	case "false", "0", "no", "n", "f", "":
		*b = false
	default:
		return fmt.Errorf("cannot read %s as a boolean", truncate(data))
	}
	return nil
}

// StringBool is a boolean that 1.2 writes as the string "true" or
// "false" (a result's late, missing…); it decodes like Bool.
type StringBool bool

// StringBoolPtr returns a pointer to a StringBool, for building records.
func StringBoolPtr(b bool) *StringBool { v := StringBool(b); return &v }

// MarshalJSON implements json.Marshaler: "true" or "false", quoted.
func (b StringBool) MarshalJSON() ([]byte, error) {
	if b {
		return []byte(`"true"`), nil
	}
	return []byte(`"false"`), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (b *StringBool) UnmarshalJSON(data []byte) error {
	return (*Bool)(b).UnmarshalJSON(data)
}

// Number is a float64 that also decodes from a JSON string ("9.5"), since
// some servers quote scores and result bounds.
type Number float64

// NumberPtr returns a pointer to a Number, for building records.
func NumberPtr(f float64) *Number { v := Number(f); return &v }

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(data []byte) error {
	raw := strings.TrimSpace(string(data))
	if raw == "null" {
		return nil
	}
	raw = strings.TrimSpace(strings.Trim(raw, `"`))
	if raw == "" {
		return nil
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		// ParseFloat also reads "NaN" and "Inf", which neither JSON nor
		// Terraform numbers can hold.
		return fmt.Errorf("cannot read %s as a number", truncate(data))
	}
	*n = Number(f)
	return nil
}

// String is a string that also decodes from a JSON number or boolean
// (schoolYear arrives as 2024 from some servers) and treats null as "".
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	if data[0] == '"' {
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = String(v)
		return nil
	}
	if data[0] == '{' || data[0] == '[' {
		return fmt.Errorf("cannot read %s as a string", truncate(data))
	}
	*s = String(data)
	return nil
}

// Strings is a list of strings that also decodes from a single string
// (some servers send "grades": "09" or a comma-separated "09,10").
type Strings []string

// UnmarshalJSON implements json.Unmarshaler.
func (s *Strings) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		*s = nil
		return nil
	}
	if data[0] == '"' {
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = nil
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				*s = append(*s, part)
			}
		}
		return nil
	}
	var items []String
	if err := json.Unmarshal(data, &items); err != nil {
		return err
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(it)
	}
	*s = out
	return nil
}

func truncate(data []byte) string {
	const limit = 40
	if len(data) > limit {
		return string(data[:limit]) + "…"
	}
	return string(data)
}
