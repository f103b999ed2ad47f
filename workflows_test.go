package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// actionlint checks what a workflow means, not where its actions come from.
// These tests hold the workflows to the two rules it cannot see: actions
// pinned as HashiCorp's providers pin them, and CI running exactly the
// acceptance passes `make test` runs.

// A step's action: a full commit SHA, then its version in a comment, so that
// a moved tag cannot change what runs and a reader still sees the version.
var pinnedAction = regexp.MustCompile(`^uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$`)

func TestWorkflowActionsArePinnedByCommit(t *testing.T) {
	files, err := filepath.Glob(".github/workflows/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows under .github/workflows (%v)", err)
	}
	uses := 0
	for _, file := range files {
		for i, line := range readLines(t, file) {
			line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
			if !strings.HasPrefix(line, "uses:") {
				continue
			}
			uses++
			if !pinnedAction.MatchString(line) {
				t.Errorf("%s:%d: %q: pin the action by its full commit SHA with the version in a comment (`uses: owner/repo@<sha> # vX.Y.Z`)",
					file, i+1, line)
			}
		}
	}
	if uses == 0 {
		t.Fatal("no `uses:` step found: the workflows' layout changed, update this test")
	}
}

func TestWorkflowRunsEveryAcceptancePassOfMakeTest(t *testing.T) {
	var passes []string
	for _, line := range readLines(t, "GNUmakefile") {
		if name, value, ok := strings.Cut(line, ":="); ok && strings.TrimSpace(name) == "ACCEPTANCE_PASSES" {
			passes = strings.Fields(value)
		}
	}
	if len(passes) == 0 {
		t.Fatal("GNUmakefile defines no ACCEPTANCE_PASSES")
	}

	// The matrix is the list under `pass:`, one `- name` a line.
	var matrix []string
	inPass := false
	for _, line := range readLines(t, ".github/workflows/test.yml") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "pass:":
			inPass = true
		case inPass && strings.HasPrefix(trimmed, "- "):
			matrix = append(matrix, strings.TrimPrefix(trimmed, "- "))
		case inPass:
			inPass = false
		}
	}
	if !slices.Equal(matrix, passes) {
		t.Errorf("test.yml's acceptance matrix runs %q, but `make test` runs ACCEPTANCE_PASSES %q: list the same passes in both", matrix, passes)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")
}
