package fold

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// TestTableCurrent checks that t2s_table.go is what gen_t2s.go would write
// from the OpenCC version in go.mod: every Han character converts, on its
// own, exactly as the table says. Regenerate with go generate ./fold.
func TestTableCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("scans every Han code point")
	}
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	check := func(r rune) {
		out, err := cc.Convert(string(r))
		if err != nil {
			t.Fatalf("convert %q: %v", r, err)
		}
		want, size := utf8.DecodeRuneInString(out)
		if size != len(out) || want == r {
			want = 0
		}
		got, ok := t2s[r]
		if ok {
			seen++
		}
		if got != want {
			t.Errorf("t2s[%q] = %q, OpenCC says %q", r, got, out)
		}
	}
	for _, rt := range unicode.Han.R16 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			check(r)
		}
	}
	for _, rt := range unicode.Han.R32 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			check(r)
		}
	}
	if seen != len(t2s) {
		t.Errorf("t2s has %d entries outside Han: fold keeps them, but check the generator", len(t2s)-seen)
	}
	for k := range t2s {
		if k < t2sMin {
			t.Errorf("t2s key %q below t2sMin", k)
		}
	}
}
