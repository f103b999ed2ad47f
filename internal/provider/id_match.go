package provider

import "strings"

// idMatch is how a server's sourcedIds compare: exactly, unless the
// server has shown that it folds case (as servers on a case-insensitive
// database collation do) by answering a lookup of one spelling with
// another. Folding case on a server that does not would take the result
// of student "STU-X" for student "stu-x"'s, and overwrite it.
type idMatch struct{ folds bool }

// idMatchOf is how ids compare on a server that answered the lookup of
// sourcedId asked with a record under sourcedId answered.
func idMatchOf(asked, answered string) idMatch {
	return idMatch{folds: answered != asked && answers(asked, answered)}
}

// answers reports whether a record the server answered under sourcedId
// answered, for a request naming sourcedId asked, is the one asked for:
// the same id, or another spelling of it, which is how a server that
// folds case answers (and so is itself the evidence that it does).
func answers(asked, answered string) bool { return strings.EqualFold(asked, answered) }

// key is the map key of id.
func (m idMatch) key(id string) string {
	if m.folds {
		return strings.ToLower(id)
	}
	return id
}

// same reports whether a and b name the same record.
func (m idMatch) same(a, b string) bool { return m.key(a) == m.key(b) }
