package provider

import "testing"

// How ids compare follows from how the server answered a lookup: exactly,
// unless it answered one spelling with another.
func TestIDMatchOf(t *testing.T) {
	for _, tc := range []struct {
		asked, answered string
		folds           bool
	}{
		{"li-1", "li-1", false},
		{"li-1", "", false},      // no sourcedId in the answer: no evidence
		{"li-1", "srv-9", false}, // another record, not another spelling
		{"li-case", "LI-CASE", true},
		{"LI-CASE", "li-case", true},
	} {
		m := idMatchOf(tc.asked, tc.answered)
		if m.folds != tc.folds {
			t.Errorf("idMatchOf(%q, %q).folds = %v, want %v", tc.asked, tc.answered, m.folds, tc.folds)
		}
		if got, want := m.same("stu-x", "STU-X"), tc.folds; got != want {
			t.Errorf("idMatchOf(%q, %q): stu-x and STU-X the same: %v, want %v", tc.asked, tc.answered, got, want)
		}
		if !m.same("stu-x", "stu-x") || m.key("STU-X") == m.key("stu-y") {
			t.Errorf("idMatchOf(%q, %q) does not tell ids apart", tc.asked, tc.answered)
		}
	}
}
