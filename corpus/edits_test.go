package corpus

import "testing"

func TestEdits(t *testing.T) {
	for _, tt := range []struct{ text, original string }{
		{"", ""}, {"", "abc"}, {"甲\n乙", "  甲\n\n\n乙\n编辑: 丙"}, {"abc", "abc"}, {"ac", "abc"},
	} {
		edits, ok := Edits(tt.text, tt.original)
		back, err := ApplyEdits(tt.text, edits)
		if !ok || err != nil || back != tt.original {
			t.Errorf("Edits/ApplyEdits(%q, %q) = %q, %v, %v", tt.text, tt.original, back, ok, err)
		}
	}
	if _, ok := Edits("乙甲", "甲乙"); ok {
		t.Error("Edits accepted a text that is not a subsequence")
	}
	if _, err := ApplyEdits("ab", []Edit{{Skip: 5, Insert: "x"}}); err == nil {
		t.Error("ApplyEdits accepted an edit past the end")
	}
}

// TestRebuild rebuilds the archive from the shared corpus and compares it
// byte for byte with the embedded one, then checks that every embedded
// document, Original included, equals a fresh import.
