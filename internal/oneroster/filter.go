package oneroster

import (
	"fmt"
	"strings"
)

// Filter operators of the OneRoster 1.1 filter grammar. OpContains (~) is a
// case-insensitive substring match on most servers.
var filterOperators = []string{"=", "!=", ">", ">=", "<", "<=", "~"}

// FilterOperators lists the operators a Clause may use.
func FilterOperators() []string { return append([]string(nil), filterOperators...) }

// Clause is one `field op 'value'` predicate of a filter.
type Clause struct {
	Field    string
	Operator string
	Value    string
}

// Logical operators joining clauses. The grammar allows one kind per
// filter, never a mix.
const (
	LogicAnd = "AND"
	LogicOr  = "OR"
)

// BuildFilter renders clauses as a OneRoster filter string, quoting every
// value and doubling the single quotes inside it, so a value such as
// O'Brien needs no care from the caller. The result still has to be
// URL-encoded as a whole, which the client does when it sends the query.
func BuildFilter(clauses []Clause, logic string) (string, error) {
	if len(clauses) == 0 {
		return "", nil
	}
	logic = strings.ToUpper(strings.TrimSpace(logic))
	if logic == "" {
		logic = LogicAnd
	}
	if logic != LogicAnd && logic != LogicOr {
		return "", fmt.Errorf("logic must be AND or OR, not %q", logic)
	}
	var b strings.Builder
	for i, c := range clauses {
		if err := c.validate(); err != nil {
			return "", fmt.Errorf("clause %d: %w", i+1, err)
		}
		if i > 0 {
			b.WriteString(" " + logic + " ")
		}
		b.WriteString(c.Field)
		b.WriteString(c.Operator)
		b.WriteString(QuoteFilterValue(c.Value))
	}
	return b.String(), nil
}

func (c Clause) validate() error {
	if c.Field == "" {
		return fmt.Errorf("field is empty")
	}
	for _, r := range c.Field {
		if !isFieldNameRune(r) {
			return fmt.Errorf("field %q may hold only letters, digits, '_' and '.'", c.Field)
		}
	}
	for _, op := range filterOperators {
		if c.Operator == op {
			return nil
		}
	}
	return fmt.Errorf("operator %q is not one of %s", c.Operator, strings.Join(filterOperators, " "))
}

// isFieldNameRune reports whether r may appear in a filter field name:
// letters, digits, '_' and '.' (for "school.sourcedId").
func isFieldNameRune(r rune) bool {
	return r == '.' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// QuoteFilterValue quotes a filter value, doubling single quotes inside it
// as the grammar requires.
func QuoteFilterValue(v string) string {
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}
