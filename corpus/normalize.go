package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalized text (Document.Text) is one paragraph per line, each line
// trimmed of spaces at both ends, no empty lines, "\n" between lines and no
// trailing newline. Nothing is ever added: every non-space character of Text
// comes from Original, in order. The format importers decide what is
// furniture and which broken lines belong together; the helpers below do the
// rest.

// splitLines splits text into lines, accepting "\n", "\r\n" and "\r".
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// isTrimmed reports the characters trimmed from both ends of a line: Unicode
// spaces (ASCII, full-width \u3000, no-break \u00a0), and the invisible
// zero-width characters and BOM that web copies leave behind.
func isTrimmed(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r)
}

// trim trims a line for Text.
func trim(s string) string {
	return strings.TrimFunc(s, isTrimmed)
}

// isBlank reports whether a line has nothing but trimmed characters.
func isBlank(s string) bool {
	return trim(s) == ""
}

// joinText joins already trimmed paragraphs into Text, dropping empty ones.
func joinText(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// closers are closing quotes and brackets that may follow the punctuation
// ending a sentence: "……。”" ends a sentence, "“两个维护”" does not.
const closers = "”’」』）)》〉】'\""

// endsSentence reports whether s ends a sentence or a clause that a paragraph
// may end with: 。！？；：…, possibly followed by closing quotes.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, isTrimmed)
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if strings.ContainsRune(closers, r) {
			s = s[:len(s)-n]
			continue
		}
		return strings.ContainsRune("。！？；：…!?;:", r)
	}
	return false
}

// runeLen is the number of characters of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// firstRune returns the first character of s, or 0.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}
