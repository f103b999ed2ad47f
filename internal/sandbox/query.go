package sandbox

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// defaultLimit is the binding's default page size.
const defaultLimit = 100

// listQuery is the parsed query of a collection request.
type listQuery struct {
	limit, offset int
	sort          *field
	desc          bool
	filter        *filter
	fields        []bool // selected fields by shape index; nil selects all
}

// parseListQuery reads limit, offset, sort, orderBy, filter and fields for
// a collection of records of shape s. A limit above maxLimit is refused
// (the MaxLimit quirk); maxLimit 0 accepts any.
func parseListQuery(query url.Values, s *shape, noun string, maxLimit int) (*listQuery, *apiError) {
	lq := &listQuery{limit: defaultLimit}
	if v := query.Get("limit"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 {
			return nil, badRequest(minorInvalidData, "limit", fmt.Sprintf("limit %q is not a positive whole number", v))
		}
		if maxLimit > 0 && n > maxLimit {
			return nil, badRequest(minorInvalidData, "limit", fmt.Sprintf("limit %d is too large: at most %d records per page", n, maxLimit))
		}
		lq.limit = n
	}
	if v := query.Get("offset"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return nil, badRequest(minorInvalidData, "offset", fmt.Sprintf("offset %q is not a whole number of zero or more", v))
		}
		lq.offset = n
	}
	if v := strings.TrimSpace(query.Get("sort")); v != "" {
		f, ok := s.byName[v]
		if !ok {
			return nil, badRequest(minorInvalidSortField, "sort",
				fmt.Sprintf("cannot sort on %q: it is not a field of a %s (fields: %s)", v, noun, s.names()))
		}
		lq.sort = f
	}
	switch order := strings.ToLower(strings.TrimSpace(query.Get("orderBy"))); order {
	case "", "asc":
	case "desc":
		lq.desc = true
	default:
		return nil, badRequest(minorInvalidSortField, "orderBy",
			fmt.Sprintf("orderBy %q is neither asc nor desc", query.Get("orderBy")))
	}
	if v := query.Get("filter"); strings.TrimSpace(v) != "" {
		f, err := parseFilter(v, s, noun)
		if err != nil {
			return nil, err
		}
		lq.filter = f
	}
	if v := query.Get("fields"); strings.TrimSpace(v) != "" {
		sel, err := parseFields(v, s, noun)
		if err != nil {
			return nil, err
		}
		lq.fields = sel
	}
	return lq, nil
}

// parseFields reads a comma-separated field selection.
func parseFields(v string, s *shape, noun string) ([]bool, *apiError) {
	sel := make([]bool, len(s.fields))
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		i := slices.IndexFunc(s.fields, func(f *field) bool { return f.name == name })
		if i < 0 || s.byName[name] == nil {
			return nil, badRequest(minorInvalidSelection, "fields",
				fmt.Sprintf("cannot select %q: it is not a field of a %s (fields: %s)", name, noun, s.names()))
		}
		sel[i] = true
	}
	if !slices.Contains(sel, true) { // "fields=," selects nothing: all
		return nil, nil
	}
	return sel, nil
}

// apply filters and sorts items. It returns items itself (no copy) when
// there is neither a filter nor a sort, so that an unfiltered page costs
// only its slicing.
func (lq *listQuery) apply(items []record) []record {
	if lq.filter != nil {
		kept := make([]record, 0, 64)
		for _, rec := range items {
			if lq.filter.match(rec) {
				kept = append(kept, rec)
			}
		}
		items = kept
	}
	if lq.sort == nil {
		if lq.desc {
			items = slices.Clone(items)
			slices.Reverse(items)
		}
		return items
	}
	type keyed struct {
		rec record
		key sortKey
		pos int // ties keep the default order (by sourcedId)
	}
	rows := make([]keyed, len(items))
	for i, rec := range items {
		rows[i] = keyed{rec, sortKeyOf(lq.sort, rec), i}
	}
	slices.SortFunc(rows, func(a, b keyed) int {
		c := a.key.compare(b.key)
		if lq.desc {
			c = -c
		}
		if c == 0 {
			c = a.pos - b.pos
		}
		return c
	})
	out := make([]record, len(rows))
	for i, r := range rows {
		out[i] = r.rec
	}
	return out
}

// sortKey is a field's value for sorting: numbers compare as numbers,
// everything else as strings; absent values sort first.
type sortKey struct {
	present bool
	num     float64
	str     string
	isNum   bool
}

func (a sortKey) compare(b sortKey) int {
	switch {
	case !a.present && !b.present:
		return 0
	case !a.present:
		return -1
	case !b.present:
		return 1
	case a.isNum && b.isNum:
		switch {
		case a.num < b.num:
			return -1
		case a.num > b.num:
			return 1
		}
		return 0
	}
	return strings.Compare(a.str, b.str)
}

func sortKeyOf(f *field, rec record) sortKey {
	v := f.value(rec)
	switch f.kind {
	case kindString:
		str := v.String()
		return sortKey{present: str != "", str: str}
	case kindNumber:
		if v.IsNil() {
			return sortKey{}
		}
		return sortKey{present: true, isNum: true, num: v.Elem().Float()}
	}
	var vals []string
	eachValue(v, f, "", func(s string) bool { vals = append(vals, s); return false })
	if len(vals) == 0 {
		return sortKey{}
	}
	return sortKey{present: true, str: strings.Join(vals, ",")}
}

// eachValue calls fn with each string value of field f (of record value
// v), or of its subfield sub, until fn returns true; it reports whether fn
// did. Lists yield one value per element; absent values yield nothing.
func eachValue(v reflect.Value, f *field, sub string, fn func(string) bool) bool {
	switch f.kind {
	case kindRefs:
		return anyPart(fieldAs[[]model.Ref](v), func(r model.Ref) string { return refPart(&r, sub) }, fn)
	case kindStrings:
		return anyPart(fieldAs[model.Strings](v), func(s string) string { return s }, fn)
	case kindRoles:
		return anyPart(fieldAs[[]model.Role](v), func(r model.Role) string { return rolePart(r, sub) }, fn)
	case kindProfiles:
		return anyPart(fieldAs[[]model.UserProfile](v), func(p model.UserProfile) string { return profilePart(p, sub) }, fn)
	case kindUserIDs:
		return anyPart(fieldAs[[]model.UserID](v), func(id model.UserID) string { return userIDPart(id, sub) }, fn)
	}
	s, present := scalarValue(v, f, sub)
	return present && fn(s)
}

// anyPart calls fn with part of each element of list until fn returns
// true; it reports whether fn did.
func anyPart[E any](list []E, part func(E) string, fn func(string) bool) bool {
	for _, e := range list {
		if fn(part(e)) {
			return true
		}
	}
	return false
}

// scalarValue is the string value of a field f that holds one value (of
// record value v), or of its subfield sub; present is false when it is
// absent.
func scalarValue(v reflect.Value, f *field, sub string) (s string, present bool) {
	switch f.kind {
	case kindString:
		return v.String(), true
	case kindBool, kindStringBool:
		if v.IsNil() {
			return "", false
		}
		return strconv.FormatBool(v.Elem().Bool()), true
	case kindNumber:
		if v.IsNil() {
			return "", false
		}
		return strconv.FormatFloat(v.Elem().Float(), 'f', -1, 64), true
	case kindRef:
		if v.IsNil() {
			return "", false
		}
		return refPart(fieldAs[*model.Ref](v), sub), true
	case kindOptString:
		if v.IsNil() {
			return "", false
		}
		return v.Elem().String(), true
	}
	return "", false
}

// rolePart is a role's subfield sub: its role by default.
func rolePart(r model.Role, sub string) string {
	switch sub {
	case "roleType":
		return r.RoleType
	case "org.sourcedId":
		return model.RefID(r.Org)
	case "userProfile":
		return r.UserProfile
	default:
		return r.Role
	}
}

// profilePart is a user profile's subfield sub: its profileId by default.
func profilePart(p model.UserProfile, sub string) string {
	switch sub {
	case "profileType":
		return p.ProfileType
	case "vendorId":
		return p.VendorID
	default:
		return p.ProfileID
	}
}

// userIDPart is a user id's subfield sub: its identifier by default.
func userIDPart(id model.UserID, sub string) string {
	if sub == "type" {
		return id.Type
	}
	return id.Identifier
}

func refPart(r *model.Ref, sub string) string {
	if sub == "type" {
		return r.Type
	}
	return r.SourcedID
}

// filter is a parsed OneRoster filter: clauses joined by one kind of
// logical operator.
type filter struct {
	clauses []clause
	or      bool
}

type clause struct {
	field *field
	sub   string // subfield of a dotted name, "" for the default
	op    string
	value string
	lower string  // value lowercased, for ~
	num   float64 // value as a number, when isNum
	isNum bool
}

func (f *filter) match(rec record) bool {
	if f.or {
		for i := range f.clauses {
			if f.clauses[i].match(rec) {
				return true
			}
		}
		return false
	}
	for i := range f.clauses {
		if !f.clauses[i].match(rec) {
			return false
		}
	}
	return true
}

// match reports whether rec satisfies the clause. A list field satisfies
// it when any element does (for != : when no element equals the value);
// an absent field compares as the empty string.
func (c *clause) match(rec record) bool {
	v := c.field.value(rec)
	if c.op == "!=" {
		return !c.test(v, "=")
	}
	return c.test(v, c.op)
}

func (c *clause) test(v reflect.Value, op string) bool {
	if c.field.kind == kindString {
		return c.compare(v.String(), op)
	}
	seen := false
	hit := eachValue(v, c.field, c.sub, func(s string) bool {
		seen = true
		return c.compare(s, op)
	})
	if !seen {
		return c.compare("", op)
	}
	return hit
}

func (c *clause) compare(s, op string) bool {
	if op == "~" {
		return containsFold(s, c.lower)
	}
	cmp := strings.Compare(s, c.value)
	if c.isNum && c.field.kind == kindNumber {
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			cmp = 0
			switch {
			case n < c.num:
				cmp = -1
			case n > c.num:
				cmp = 1
			}
		}
	}
	switch op {
	case "=":
		return cmp == 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	}
	return false
}

// containsFold reports whether s contains sub under Unicode case folding,
// without allocating (it matches substrings of the same length in bytes,
// which covers all but a few exotic folds).
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	for i := 0; i+len(sub) <= len(s); {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return false
}

// filterOps lists the comparison operators, two-character ones first so
// that ">=" is not read as ">".
var filterOps = []string{"!=", ">=", "<=", "=", ">", "<", "~"}

// parseFilter reads `field op 'value'` clauses joined by AND or OR (not
// both). Inside a value, ” stands for one quote.
func parseFilter(src string, s *shape, noun string) (*filter, *apiError) {
	sc := &filterScanner{src: src}
	f := &filter{}
	logical := ""
	for {
		c, err := sc.clause(s, noun)
		if err != nil {
			return nil, err
		}
		f.clauses = append(f.clauses, c)
		sc.skipSpace()
		if sc.p == len(src) {
			break
		}
		word, err := sc.logicalOperator()
		if err != nil {
			return nil, err
		}
		if logical != "" && logical != word {
			return nil, sc.fail("it mixes AND and OR; a filter may join its clauses with one kind of logical operator only")
		}
		logical = word
	}
	f.or = logical == "OR"
	return f, nil
}

// filterScanner reads a filter expression from left to right; p is the
// position of the next byte.
type filterScanner struct {
	src string
	p   int
}

// fail is the answer to a malformed filter, which it quotes.
func (sc *filterScanner) fail(format string, args ...any) *apiError {
	return badRequest(minorInvalidFilterField, "filter", "filter "+strconv.Quote(sc.src)+": "+fmt.Sprintf(format, args...))
}

func (sc *filterScanner) skipSpace() {
	for sc.p < len(sc.src) && (sc.src[sc.p] == ' ' || sc.src[sc.p] == '\t') {
		sc.p++
	}
}

// clause reads one comparison: a field of s (records called noun), an
// operator and a quoted value.
func (sc *filterScanner) clause(s *shape, noun string) (clause, *apiError) {
	fld, sub, name, err := sc.field(s, noun)
	if err != nil {
		return clause{}, err
	}
	sc.skipSpace()
	op := ""
	for _, candidate := range filterOps {
		if strings.HasPrefix(sc.src[sc.p:], candidate) {
			op = candidate
			break
		}
	}
	if op == "" {
		return clause{}, sc.fail("expected an operator (= != > >= < <= ~) after %s", name)
	}
	sc.p += len(op)
	sc.skipSpace()
	value, err := sc.quotedValue(name)
	if err != nil {
		return clause{}, err
	}
	c := clause{field: fld, sub: sub, op: op, value: value}
	c.lower = strings.ToLower(c.value)
	if n, err := strconv.ParseFloat(c.value, 64); err == nil {
		c.num, c.isNum = n, true
	}
	return c, nil
}

// field reads a field name, dotted for a subfield, and looks it up in s.
func (sc *filterScanner) field(s *shape, noun string) (fld *field, sub, name string, err *apiError) {
	sc.skipSpace()
	start := sc.p
	for sc.p < len(sc.src) && isFieldByte(sc.src[sc.p]) {
		sc.p++
	}
	name = sc.src[start:sc.p]
	if name == "" {
		return nil, "", "", sc.fail("expected a field name at position %d", sc.p+1)
	}
	top, sub, dotted := strings.Cut(name, ".")
	fld, ok := s.byName[top]
	if !ok {
		return nil, "", "", badRequest(minorInvalidFilterField, "filter",
			fmt.Sprintf("cannot filter on %q: it is not a field of a %s (fields: %s)", name, noun, s.names()))
	}
	if dotted && !slices.Contains(fld.subfields(), sub) {
		return nil, "", "", badRequest(minorInvalidFilterField, "filter",
			fmt.Sprintf("cannot filter on %q: %s has no subfield %q", name, top, sub))
	}
	return fld, sub, name, nil
}

// quotedValue reads the single-quoted value compared with the field name;
// a quote inside it is doubled.
func (sc *filterScanner) quotedValue(name string) (string, *apiError) {
	src := sc.src
	if sc.p >= len(src) || src[sc.p] != '\'' {
		return "", sc.fail("the value compared with %s must be in single quotes", name)
	}
	sc.p++
	var value strings.Builder
	closed := false
	for sc.p < len(src) {
		if src[sc.p] == '\'' {
			if sc.p+1 < len(src) && src[sc.p+1] == '\'' {
				value.WriteByte('\'')
				sc.p += 2
				continue
			}
			sc.p++
			closed = true
			break
		}
		value.WriteByte(src[sc.p])
		sc.p++
	}
	if !closed {
		return "", sc.fail("the value compared with %s has no closing quote", name)
	}
	if !utf8.ValidString(value.String()) {
		return "", sc.fail("the value compared with %s is not valid UTF-8", name)
	}
	return value.String(), nil
}

// logicalOperator reads the AND or OR between two clauses.
func (sc *filterScanner) logicalOperator() (string, *apiError) {
	start := sc.p
	for sc.p < len(sc.src) && sc.src[sc.p] != ' ' && sc.src[sc.p] != '\t' {
		sc.p++
	}
	word := strings.ToUpper(sc.src[start:sc.p])
	if word != "AND" && word != "OR" {
		return "", sc.fail("expected AND or OR at position %d, found %q", start+1, sc.src[start:sc.p])
	}
	return word, nil
}

func isFieldByte(b byte) bool {
	return b == '.' || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}
