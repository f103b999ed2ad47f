package provider

import (
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Derived result ids are unambiguous: no two (line item, student) pairs
// share the text whose UUID is the id, over every pair of ids of up to
// three characters from an alphabet with a slash (the old text gave
// ("a/b", "c") and ("a", "b/c") the same one).
func TestResultIDTextIsUnambiguous(t *testing.T) {
	if resultIDText("a/b", "c") == resultIDText("a", "b/c") || resultSourcedID("a/b", "c") == resultSourcedID("a", "b/c") {
		t.Fatal(`("a/b", "c") and ("a", "b/c") share a derived id`)
	}
	var ids []string
	var grow func(prefix string)
	grow = func(prefix string) {
		ids = append(ids, prefix)
		if len(prefix) == 3 {
			return
		}
		for _, c := range []string{"a", "b", "/", ":", "1"} {
			grow(prefix + c)
		}
	}
	grow("")
	seen := map[string][2]string{}
	for _, li := range ids {
		for _, st := range ids {
			text := resultIDText(li, st)
			if prior, ok := seen[text]; ok {
				t.Fatalf("%q and %q give the same text %q", prior, [2]string{li, st}, text)
			}
			seen[text] = [2]string{li, st}
		}
	}
}

// Ids without a slash keep the documented rule, so ids in states and those
// other systems computed do not change; a slash gets the documented
// length-prefixed text.
func TestResultIDTextKeepsTheRuleForIDsWithoutSlash(t *testing.T) {
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	for _, pair := range [][2]string{{"lineitem-00001", "student-0001"}, {"quiz-1", "s p a c e"}, {"Ünit:1", "x%2Fy"}} {
		want := uuid.NewSHA1(ns, []byte(pair[0]+"/"+pair[1])).String()
		if got := resultSourcedID(pair[0], pair[1]); got != want {
			t.Errorf("resultSourcedID(%q, %q) = %s, want the rule's %s", pair[0], pair[1], got, want)
		}
	}
	if got := resultIDText("a/b", "c"); got != "3:a/b/c" {
		t.Errorf(`resultIDText("a/b", "c") = %q, want the documented "3:a/b/c"`, got)
	}
	if got, want := resultIDText("é/1", "s"), "4:é/1/s"; got != want {
		t.Errorf("resultIDText counts bytes: %q, want %q", got, want)
	}
}

// A state entry that older versions wrote without its sourcedId tracks the
// result they derived, by the old rule, slash or not.
func TestTrackedIDOfAnOldEntryIsTheOldRules(t *testing.T) {
	ns := uuid.MustParse("89f22733-793d-5100-b848-eeb471194a96")
	old := uuid.NewSHA1(ns, []byte("unit/quiz-1/student-0001")).String()
	if got := trackedID(resultSetEntry{SourcedID: types.StringNull()}, "unit/quiz-1", "student-0001"); got != old {
		t.Errorf("trackedID of an entry without a sourcedId: %s, want the old rule's %s", got, old)
	}
	if got := trackedID(resultSetEntry{SourcedID: types.StringValue("kept")}, "unit/quiz-1", "student-0001"); got != "kept" {
		t.Errorf("trackedID of an entry with a sourcedId: %s", got)
	}
	if resultSourcedID("unit/quiz-1", "student-0001") == old {
		t.Error("a new result on a line item id with a slash still gets the ambiguous id")
	}
}
