package search

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/renda-archive/renda/fold"
)

// Span is one match in a passage, in Unicode code points of the passage's
// original text: Start inclusive, End exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Marks finds every occurrence of each needle in text, comparing folded forms
// (case, width, traditional/simplified and whitespace do not matter), and
// returns the matches as merged spans of the original text in code points,
// together with the byte ranges they cover. Needles are folded by the caller
// or here; an empty needle matches nothing.
func Marks(text string, needles []string) (spans []Span, bytes [][2]int) {
	folded, pos := fold.Map(text)
	if len(folded) == 0 {
		return nil, nil
	}
	var ranges [][2]int // byte ranges in text
	for _, n := range needles {
		nf := []rune(fold.String(n))
		if len(nf) == 0 || len(nf) > len(folded) {
			continue
		}
		for i := 0; i+len(nf) <= len(folded); i++ {
			if folded[i] != nf[0] || !equalRunes(folded[i:i+len(nf)], nf) {
				continue
			}
			last := pos[i+len(nf)-1]
			_, size := utf8.DecodeRuneInString(text[last:])
			ranges = append(ranges, [2]int{pos[i], last + size})
		}
	}
	if len(ranges) == 0 {
		return nil, nil
	}
	sort.Slice(ranges, func(a, b int) bool { return ranges[a][0] < ranges[b][0] })
	merged := ranges[:1]
	for _, r := range ranges[1:] {
		top := &merged[len(merged)-1]
		if r[0] <= top[1] {
			if r[1] > top[1] {
				top[1] = r[1]
			}
			continue
		}
		merged = append(merged, r)
	}
	spans = make([]Span, len(merged))
	cp, at := 0, 0 // code points counted up to byte offset at
	for i, r := range merged {
		cp += utf8.RuneCountInString(text[at:r[0]])
		start := cp
		cp += utf8.RuneCountInString(text[r[0]:r[1]])
		at = r[1]
		spans[i] = Span{Start: start, End: cp}
	}
	return spans, merged
}

// HTML returns text with each byte range wrapped in <mark> and everything
// else HTML-escaped. Ranges must be sorted, disjoint and on rune boundaries,
// as Marks returns them.
func HTML(text string, ranges [][2]int) string {
	var b strings.Builder
	at := 0
	for _, r := range ranges {
		b.WriteString(html.EscapeString(text[at:r[0]]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[r[0]:r[1]]))
		b.WriteString("</mark>")
		at = r[1]
	}
	b.WriteString(html.EscapeString(text[at:]))
	return b.String()
}

func equalRunes(a, b []rune) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
