package segment

import (
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/renda-archive/renda/fold"
)

// Walk folds input, cuts it into gse words and calls fn with each word in
// order: term is the folded word, start and end its byte range in input, not
// in the folded text, so that callers can point at the original characters.
// Terms share one buffer made for the call and never reused: callers may keep
// them but must not modify them. Words made only of punctuation, symbols or
// spaces are left out. It fails only if gse's dictionary cannot be loaded.
// Safe for concurrent use.
func Walk(input []byte, fn func(term []byte, start, end int)) error {
	seg, err := Segmenter()
	if err != nil {
		return err
	}
	walk(seg, input, fn)
	return nil
}

func walk(seg *gse.Segmenter, input []byte, fn func(term []byte, start, end int)) {
	runes, pos := fold.Map(string(input))
	if len(runes) == 0 {
		return
	}
	folded := []byte(string(runes))
	r := 0 // folded rune index where the current segment starts
	for _, sg := range seg.Segment(folded) {
		text := folded[sg.Start():sg.End()]
		n := utf8.RuneCount(text)
		if !isPunct(text) {
			last := pos[r+n-1]
			_, size := utf8.DecodeRune(input[last:])
			fn(text, pos[r], last+size)
		}
		r += n
	}
}

// Words returns the gse words of text as Walk gives them: folded, in order,
// punctuation left out. It fails only if gse's dictionary cannot be loaded.
// Safe for concurrent use.
func Words(text string) ([]string, error) {
	var out []string
	err := Walk([]byte(text), func(term []byte, _, _ int) { out = append(out, string(term)) })
	return out, err
}

// isPunct reports whether text holds only punctuation, symbols, spaces or
// control characters: nothing a word query would look for.
func isPunct(text []byte) bool {
	for _, r := range string(text) {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) && !unicode.IsControl(r) {
			return false
		}
	}
	return true
}
