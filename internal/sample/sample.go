// Package sample draws the quotes that tests and benchmarks search for,
// the same way everywhere, so that figures compare across them.
package sample

import (
	"math/rand"
	"strings"

	"github.com/renda-archive/renda/fold"
)

// Quote draws a substring of minLen to maxLen characters from text, or
// reports false when text is too short, or the draw holds a '"' (which the
// query language cannot quote) or nothing but whitespace.
func Quote(rng *rand.Rand, text string, minLen, maxLen int) (string, bool) {
	rs := []rune(text)
	n := minLen + rng.Intn(maxLen-minLen+1)
	if len(rs) < n {
		return "", false
	}
	s := rng.Intn(len(rs) - n + 1)
	q := string(rs[s : s+n])
	if strings.Contains(q, `"`) || fold.String(q) == "" {
		return "", false
	}
	return q, true
}
