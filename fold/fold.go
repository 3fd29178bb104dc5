package fold

import (
	"unicode"
	"unicode/utf8"
)

//go:generate go run gen_t2s.go

// Rune folds one rune. It reports false when the rune is dropped
// (whitespace and invisible separators); otherwise it returns the folded
// rune, which may be r itself. Rune is safe for concurrent use.
func Rune(r rune) (rune, bool) {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A'), true
		}
		if r == ' ' || ('\t' <= r && r <= '\r') {
			return 0, false
		}
		return r, true
	case 0xFF01 <= r && r <= 0xFF5E:
		// Full-width ASCII: same order as ASCII, shifted by 0xFEE0.
		r -= 0xFEE0
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	case unicode.IsSpace(r), isInvisible(r):
		return 0, false
	case r >= t2sMin:
		if s, ok := t2s[r]; ok {
			return s, true
		}
	}
	return r, true
}

// isInvisible reports the zero-width characters that text copied from web
// pages carries between visible ones; a quote typed by a user never has them,
// so they are dropped like whitespace.
func isInvisible(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

// String returns the folded form of s. Invalid UTF-8 bytes fold to
// U+FFFD, one per byte. String is safe for concurrent use.
func String(s string) string {
	// Fast path: nothing to change.
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		f, ok := Rune(r)
		if !ok || f != r || r == utf8.RuneError {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for _, r := range s[i:] {
		if f, ok := Rune(r); ok {
			b = utf8.AppendRune(b, f)
		}
	}
	return string(b)
}

// Map folds s and reports where each folded rune came from: pos[i] is the
// byte offset in s of the rune that produced folded[i]. The original rune
// ends at pos[i] plus its encoded length, which callers get with
// utf8.DecodeRuneInString(s[pos[i]:]). Invalid UTF-8 bytes fold to U+FFFD,
// one per byte. Map is safe for concurrent use.
func Map(s string) (folded []rune, pos []int) {
	n := utf8.RuneCountInString(s)
	folded = make([]rune, 0, n)
	pos = make([]int, 0, n)
	for i, r := range s {
		if f, ok := Rune(r); ok {
			folded = append(folded, f)
			pos = append(pos, i)
		}
	}
	return folded, pos
}
