package fold_test

import (
	"bufio"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
	"unicode/utf8"

	"github.com/renda-archive/renda/fold"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"traditional", "人民代表大會", "人民代表大会"},
		{"traditional sentence", "全國人民代表大會常務委員會關於", "全国人民代表大会常务委员会关于"},
		{"full-width digits", "２０２４", "2024"},
		{"full-width letters", "ＡＢＣ", "abc"},
		{"full-width punctuation", "８．１％（一）", "8.1%(一)"},
		{"ascii upper", "GDP增长5.2%", "gdp增长5.2%"},
		{"ideographic space", "\u3000\u3000新世纪", "新世纪"},
		{"line breaks and tabs", "人大\n常委会\t工作\r\n报告", "人大常委会工作报告"},
		{"ascii and nbsp spaces", "全过程 人民\u00a0民主", "全过程人民民主"},
		{"zero-width", "人\u200b大\ufeff", "人大"},
		{"punctuation kept", "“两个确立”、《宪法》", "“两个确立”、《宪法》"},
		{"simplified unchanged", "中国式现代化", "中国式现代化"},
		{"empty", "", ""},
		{"only spaces", " \u3000\n", ""},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fold.String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
			folded, _ := fold.Map(tt.in)
			if got := string(folded); got != tt.want {
				t.Errorf("Map(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRune(t *testing.T) {
	tests := []struct {
		in   rune
		want rune
		ok   bool
	}{
		{'會', '会', true},
		{'会', '会', true},
		{'Ａ', 'a', true},
		{'ｚ', 'z', true},
		{'！', '!', true},
		{'～', '~', true},
		{'Q', 'q', true},
		{'q', 'q', true},
		{' ', 0, false},
		{'\u3000', 0, false},
		{'\n', 0, false},
		{'\u2028', 0, false},
		{'，', '，', true}, // U+FF0C is full-width ASCII: folds to ','
	}
	tests[len(tests)-1].want = ','
	for _, tt := range tests {
		got, ok := fold.Rune(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Rune(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestMapPositions checks that pos points at the rune that produced each
// folded rune, so that folded[i:j] maps back to s[pos[i]:end(j-1)].
func TestMapPositions(t *testing.T) {
	s := "\u3000\u3000第一届全國人民代表大會 ２０２４年\nＧＤＰ增長"
	folded, pos := fold.Map(s)
	if len(folded) != len(pos) {
		t.Fatalf("len(folded) = %d, len(pos) = %d", len(folded), len(pos))
	}
	for i, p := range pos {
		r, _ := utf8.DecodeRuneInString(s[p:])
		if f, ok := fold.Rune(r); !ok || f != folded[i] {
			t.Errorf("folded[%d] = %q, but s[%d:] starts with %q (folds to %q, %v)", i, folded[i], p, r, f, ok)
		}
		if i > 0 && p <= pos[i-1] {
			t.Errorf("pos not increasing at %d: %d after %d", i, p, pos[i-1])
		}
	}
	// A match in folded text maps back to the exact original bytes.
	q := []rune(fold.String("全國人民代表大會"))
	at := strings.Index(string(folded), string(q))
	if at < 0 {
		t.Fatalf("folded text %q lacks %q", string(folded), string(q))
	}
	i := utf8.RuneCountInString(string(folded)[:at])
	j := i + len(q)
	_, size := utf8.DecodeRuneInString(s[pos[j-1]:])
	if got := s[pos[i] : pos[j-1]+size]; got != "全國人民代表大會" {
		t.Errorf("mapped back to %q", got)
	}
}

func readSamples(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "samples.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestGolden folds real lines of the corpus (traditional 1954 report,
// full-width figures, ideographic spaces, Latin abbreviations) and compares
// with testdata/samples.golden. Run with -update after a deliberate change.
func TestGolden(t *testing.T) {
	lines := readSamples(t)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(fold.String(l))
		b.WriteByte('\n')
	}
	golden := filepath.Join("testdata", "samples.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(b.String(), "\n")
	for i, w := range strings.Split(string(want), "\n") {
		if i >= len(got) || got[i] != w {
			g := ""
			if i < len(got) {
				g = got[i]
			}
			t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
		}
	}
}

// TestHomomorphism checks fold(a+b) == fold(a)+fold(b) for random cuts of
// real text: substring relations survive folding.
func TestHomomorphism(t *testing.T) {
	text := []rune(strings.Join(readSamples(t), "\n"))
	gen := func(r *rand.Rand) string {
		i := r.Intn(len(text))
		j := i + r.Intn(min(40, len(text)-i)+1)
		return string(text[i:j])
	}
	f := func(a, b string) bool {
		return fold.String(a+b) == fold.String(a)+fold.String(b)
	}
	cfg := &quick.Config{
		MaxCount: 2000,
		Values: func(v []reflect.Value, r *rand.Rand) {
			v[0] = reflect.ValueOf(gen(r))
			v[1] = reflect.ValueOf(gen(r))
		},
	}
	if err := quick.Check(f, cfg); err != nil {
		t.Error(err)
	}
	// Any substring of a text folds to a substring of the folded text.
	whole := fold.String(string(text))
	r := rand.New(rand.NewSource(1))
	for range 2000 {
		if s := gen(r); !strings.Contains(whole, fold.String(s)) {
			t.Fatalf("fold(%q) = %q is not in the folded text", s, fold.String(s))
		}
	}
}

func BenchmarkMap(b *testing.B) {
	s := strings.Join(readSamples(b), "\n")
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		fold.Map(s)
	}
}
