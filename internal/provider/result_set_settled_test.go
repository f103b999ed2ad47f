package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// A panic in a set's operation becomes an error diagnostic, after the
// state of what settled is saved; in a write's goroutine, the job's error.
func TestResultSetRecoversFromPanics(t *testing.T) {
	var diags diag.Diagnostics
	saved := false
	func() {
		defer recoverSet(context.Background(), "create", &diags, func() { saved = true })
		panic("boom")
	}()
	if !saved || !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "boom") ||
		!strings.Contains(diags.Errors()[0].Detail(), "The state records the result changes that completed") {
		t.Errorf("saved %v, diagnostics %v", saved, diags)
	}

	j := resultJob{student: "s1"}
	func() {
		defer recoverJob(context.Background(), &j)
		panic(fmt.Errorf("a bug in a write of student %s", j.student))
	}()
	if j.err == nil || !strings.Contains(j.err.Error(), "internal error") {
		t.Errorf("job error after a panic: %v", j.err)
	}
}

// settled records exactly what the server accepted: a write it stored
// (under the id it answered), a PUT accepted but not read back (as sent),
// a delete done; never a POSTed result not seen listed, a failed write or
// a delete not done.
func TestResultSetSettled(t *testing.T) {
	entry := func(score float64, id string) resultSetEntry {
		e := resultSetEntry{SourcedID: types.StringValue(id)}
		e.ScoreStatus, e.Score = types.StringValue("fully graded"), types.Float64Value(score)
		e.ScoreDate, e.Comment = types.StringNull(), types.StringNull()
		e.LearningObjectiveScores = types.ListNull(learningObjectiveScoreType)
		return e
	}
	sent := func(score float64) *resultSetEntry {
		e := entry(score, "")
		e.SourcedID = types.StringUnknown()
		return &e
	}
	stored := func(id string, score float64) *model.Result {
		n := model.Number(score)
		return &model.Result{Base: model.Base{SourcedID: id}, ScoreStatus: "fully graded", Score: &n}
	}
	prior := map[string]resultSetEntry{
		"kept": entry(1, "r-kept"), "updated": entry(2, "r-updated"), "failed": entry(3, "r-failed"),
		"deleted": entry(4, "r-deleted"), "undeleted": entry(5, "r-undeleted"),
	}
	jobs := []resultJob{
		{student: "updated", id: "r-updated", entry: sent(20), written: true, stored: stored("r-updated", 20)},
		{student: "failed", id: "r-failed", entry: sent(30), err: errors.New("500")},
		{student: "deleted", id: "r-deleted", deleted: true},
		{student: "undeleted", id: "r-undeleted", err: errors.New("500")},
		{student: "unread", id: "r-unread", entry: sent(6), written: true},
		{student: "posted", id: "srv-1", entry: sent(7), create: true, posted: true},
		{student: "proven", id: "srv-2", entry: sent(8), create: true, posted: true, stored: stored("srv-2", 8)},
		{student: "copy", id: "r-copy", entry: sent(9), written: true, stored: stored("srv-3", 9)},
	}
	want := map[string]resultSetEntry{
		"kept": prior["kept"], "updated": entry(20, "r-updated"), "failed": prior["failed"], "undeleted": prior["undeleted"],
		"unread": entry(6, "r-unread"), "proven": entry(8, "srv-2"), "copy": entry(9, "srv-3"),
	}
	got := settled(prior, jobs)
	if len(got) != len(want) {
		t.Errorf("settled has %d results, want %d: %v", len(got), len(want), got)
	}
	for student, w := range want {
		g, ok := got[student]
		if !ok || !sameScore(g, w) || !g.SourcedID.Equal(w.SourcedID) {
			t.Errorf("%s: settled %v, want %v", student, g, w)
		}
	}
}
