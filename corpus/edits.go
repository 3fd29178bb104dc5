package corpus

import (
	"fmt"
	"strings"
)

// Edit inserts Insert into a text, Skip bytes of the text after the
// previous edit (relative offsets repeat, so they compress better than
// absolute ones). A list of edits turns a Document's Text back into its
// Original: what the importer removed, furniture and blank lines, is what
// the edits insert, so storing them instead of Original halves a stored
// document.
type Edit struct {
	Skip   int    `json:"s,omitempty"`
	Insert string `json:"i"`
}

// Edits returns the edits that turn text into original, and false when
// there are none: when text is not a subsequence of original, or the edits
// would not rebuild original byte for byte. Characters of text are matched
// greedily to their first occurrence in original; whatever original has in
// between is inserted.
func Edits(text, original string) ([]Edit, bool) {
	var edits []Edit
	j, last := 0, 0
	for i, r := range text {
		k := strings.IndexRune(original[j:], r)
		if k < 0 {
			return nil, false
		}
		if k > 0 {
			edits = append(edits, Edit{Skip: i - last, Insert: original[j : j+k]})
			last = i
		}
		j += k + len(string(r))
	}
	if j < len(original) {
		edits = append(edits, Edit{Skip: len(text) - last, Insert: original[j:]})
	}
	if back, err := ApplyEdits(text, edits); err != nil || back != original {
		return nil, false
	}
	return edits, true
}

// ApplyEdits applies edits to text. It fails when an edit lies past the
// end of text.
func ApplyEdits(text string, edits []Edit) (string, error) {
	var b strings.Builder
	last := 0
	for _, e := range edits {
		at := last + e.Skip
		if e.Skip < 0 || at > len(text) {
			return "", fmt.Errorf("edit past the end of the text (%d bytes)", len(text))
		}
		b.WriteString(text[last:at])
		b.WriteString(e.Insert)
		last = at
	}
	b.WriteString(text[last:])
	return b.String(), nil
}
