package indexer

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/renda-archive/renda/fold"
)

// show renders a token stream as "term@position[start:end]" items.
func show(ts analysis.TokenStream) string {
	parts := make([]string, len(ts))
	for k, t := range ts {
		parts[k] = fmt.Sprintf("%s@%d[%d:%d]", t.Term, t.Position, t.Start, t.End)
	}
	return strings.Join(parts, " ")
}

func wordsTokenizerForTest(t testing.TB) analysis.Tokenizer {
	t.Helper()
	tok, err := wordsTokenizerConstructor(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestWordsTokenizer(t *testing.T) {
	tok := wordsTokenizerForTest(t)
	tests := []struct {
		name, in, want string
	}{
		{"vocabulary terms kept whole", "全过程人民民主",
			"全过程人民民主@1[0:21]"},
		{"vocabulary term kept whole", "人大常委会",
			"人大常委会@1[0:15]"},
		{"words, no sub-words", "依法履行监督职责",
			"依法@1[0:6] 履行@2[6:12] 监督@3[12:18] 职责@4[18:24]"},
		{"full-width and traditional: offsets into the original", "２０２４年全國人民代表大會",
			"2024@1[0:12] 年@2[12:15] 全国人民代表大会@3[15:39]"},
		{"line break inside a word", "人大\n常委会",
			"人大常委会@1[0:16]"},
		{"punctuation skipped without a position", "“两个确立”、“两个维护”",
			"两个确立@1[3:15] 两个维护@2[24:36]"},
		{"latin lower-cased", "ＧＤＰ增长",
			"gdp@1[0:9] 增长@2[9:15]"},
		{"leading ideographic spaces", "\u3000\u3000各位代表：",
			"各位@1[6:12] 代表@2[12:18]"},
		{"empty", "", ""},
		{"only punctuation and spaces", "，。 \u3000“”", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(tok.Tokenize([]byte(tt.in))); got != tt.want {
				t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestTokenOffsets checks on real text that every token's Start:End
// range of the original folds to its term and that offsets never leave
// the input.
func TestTokenOffsets(t *testing.T) {
	words := wordsTokenizerForTest(t)
	for _, name := range []string{"1954.txt", "2024.txt", "minhang.txt"} {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			for _, tk := range []analysis.Tokenizer{words} {
				prev := 0
				for _, tok := range tk.Tokenize([]byte(line)) {
					if tok.Start < 0 || tok.End > len(line) || tok.Start >= tok.End {
						t.Fatalf("%s: token %s out of range in %q", name, tok, line)
					}
					if got := fold.String(line[tok.Start:tok.End]); got != string(tok.Term) {
						t.Errorf("%s: token %q at [%d:%d] covers %q", name, tok.Term, tok.Start, tok.End, line[tok.Start:tok.End])
					}
					if tok.Position < prev {
						t.Errorf("%s: position %d after %d", name, tok.Position, prev)
					}
					prev = tok.Position
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
}
