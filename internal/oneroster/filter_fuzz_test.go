package oneroster

import (
	"fmt"
	"strings"
	"testing"
)

// parsedClause is a clause as the reference parser below reads it back.
type parsedClause struct{ field, op, value string }

// parseFilter is a small reference parser of the OneRoster filter grammar
// as BuildFilter writes it: clauses `field op 'value'` (quotes inside a
// value doubled) joined by " AND " or " OR ". It is written from the
// grammar, not from BuildFilter, so that the two check each other.
func parseFilter(s string) (clauses []parsedClause, logic string, err error) {
	for pos := 0; ; {
		start := pos
		for pos < len(s) && strings.IndexByte("._0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", s[pos]) >= 0 {
			pos++
		}
		if pos == start {
			return nil, "", fmt.Errorf("no field at %d", start)
		}
		c := parsedClause{field: s[start:pos]}
		for _, op := range []string{"!=", ">=", "<=", "=", ">", "<", "~"} { // two-character operators first
			if strings.HasPrefix(s[pos:], op) {
				c.op = op
				break
			}
		}
		if c.op == "" {
			return nil, "", fmt.Errorf("no operator at %d", pos)
		}
		pos += len(c.op)
		if pos >= len(s) || s[pos] != '\'' {
			return nil, "", fmt.Errorf("no opening quote at %d", pos)
		}
		pos++
		var value strings.Builder
		for {
			if pos >= len(s) {
				return nil, "", fmt.Errorf("unterminated value")
			}
			if s[pos] == '\'' {
				if pos+1 < len(s) && s[pos+1] == '\'' {
					value.WriteByte('\'')
					pos += 2
					continue
				}
				pos++
				break
			}
			value.WriteByte(s[pos])
			pos++
		}
		c.value = value.String()
		clauses = append(clauses, c)
		if pos == len(s) {
			return clauses, logic, nil
		}
		var joiner string
		switch {
		case strings.HasPrefix(s[pos:], " AND "):
			joiner = LogicAnd
		case strings.HasPrefix(s[pos:], " OR "):
			joiner = LogicOr
		default:
			return nil, "", fmt.Errorf("no AND or OR at %d", pos)
		}
		if logic != "" && logic != joiner {
			return nil, "", fmt.Errorf("mixed AND and OR")
		}
		logic = joiner
		pos += len(joiner) + 2
	}
}

// validFieldName is the rule for field names, restated.
func validFieldName(f string) bool {
	if f == "" {
		return false
	}
	for _, r := range f {
		if !strings.ContainsRune("._0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", r) {
			return false
		}
	}
	return true
}

// Whatever the values hold (quotes, AND, OR, operators, newlines, invalid
// UTF-8), the filter reads back as exactly the clauses it was built from;
// invalid fields and operators are refused, never rendered.
func FuzzBuildFilter(f *testing.F) {
	f.Add("familyName", uint8(0), "O'Brien", "grades", "09", false)
	f.Add("givenName", uint8(6), "Zoë", "role", "' OR sourcedId!='", true)
	f.Add("school.sourcedId", uint8(1), "''", "x", "a' AND b='c", false)
	f.Add("role' OR 1=1", uint8(3), "x", "y", "", true)
	ops := FilterOperators()
	f.Fuzz(func(t *testing.T, field1 string, op uint8, value1, field2, value2 string, or bool) {
		logic := LogicAnd
		if or {
			logic = LogicOr
		}
		clauses := []Clause{{field1, ops[int(op)%len(ops)], value1}, {field2, "=", value2}}
		if op >= 200 {
			clauses[0].Operator = "=="
		}
		out, err := BuildFilter(clauses, strings.ToLower(logic))
		wantErr := !validFieldName(field1) || !validFieldName(field2) || op >= 200
		if wantErr {
			if err == nil {
				t.Fatalf("BuildFilter(%q) = %q, want an error", clauses, out)
			}
			return
		}
		if err != nil {
			t.Fatalf("BuildFilter(%q): %v", clauses, err)
		}
		parsed, gotLogic, err := parseFilter(out)
		if err != nil {
			t.Fatalf("filter %q does not parse: %v", out, err)
		}
		if gotLogic != logic || len(parsed) != len(clauses) {
			t.Fatalf("filter %q reads as %d clauses joined by %q, want %d by %q", out, len(parsed), gotLogic, len(clauses), logic)
		}
		for i, c := range clauses {
			if p := parsed[i]; p.field != c.Field || p.op != c.Operator || p.value != c.Value {
				t.Errorf("clause %d reads back as %q %q %q, want %q %q %q", i+1, p.field, p.op, p.value, c.Field, c.Operator, c.Value)
			}
		}
	})
}

// A quoted value is one quoted token that unquotes to the original.
func FuzzQuoteFilterValue(f *testing.F) {
	f.Add("O'Brien")
	f.Add("''")
	f.Add("")
	f.Fuzz(func(t *testing.T, v string) {
		q := QuoteFilterValue(v)
		parsed, _, err := parseFilter("f=" + q)
		if err != nil || len(parsed) != 1 || parsed[0].value != v {
			t.Fatalf("QuoteFilterValue(%q) = %q reads back as %v (%v)", v, q, parsed, err)
		}
	})
}
