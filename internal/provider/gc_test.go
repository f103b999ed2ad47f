package provider

import (
	"runtime/debug"
	"testing"
)

// The provider sets its own GOGC only when the user's environment has
// none: a GOGC the CLI passes on wins, even "off".
func TestCollectLessOftenLeavesAChosenGOGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == "GOGC" {
				return v
			}
			return ""
		}
	}
	if got := CollectLessOften(env("")); got != gcPercent {
		t.Errorf("without GOGC: set %d, want %d", got, gcPercent)
	}
	if now := debug.SetGCPercent(100); now != gcPercent {
		t.Errorf("without GOGC: the collector's percent is %d, want %d", now, gcPercent)
	}
	for _, chosen := range []string{"50", "off"} {
		if got := CollectLessOften(env(chosen)); got != 0 {
			t.Errorf("GOGC=%s: set %d, want none", chosen, got)
		}
		if now := debug.SetGCPercent(100); now != 100 {
			t.Errorf("GOGC=%s: the collector's percent changed to %d", chosen, now)
		}
	}
}
