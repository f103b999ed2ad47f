package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxLineLength is the widest line a reader should have to scroll to in
// internal/: table rows put the attribute's name and description first and
// their accessors on the lines that follow, and long messages are split
// with + so that their text stays the same.
const maxLineLength = 160

// TestNoLongLinesInInternal keeps every line of every .go file under
// internal/, tests included, at maxLineLength characters or fewer.
func TestNoLongLinesInInternal(t *testing.T) {
	checked := 0
	err := filepath.WalkDir("internal", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if width := utf8.RuneCountInString(line); width > maxLineLength {
				t.Errorf("%s:%d is %d characters long; keep lines at %d or fewer (break after a comma, or split a string with +)",
					path, i+1, width, maxLineLength)
			}
		}
		checked++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("found no .go files under internal/: run the test from the repository root")
	}
}
