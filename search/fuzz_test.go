package search_test

import (
	"context"
	"math/rand"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/search"
)

// FuzzParse: any string parses or fails with an invalid-input error; never
// a panic. Run longer with go test -fuzz FuzzParse ./search.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`代表机关`, `"人人参与、人人负责"`, `-"a" OR b year:2019..2024`, `type:"法律" article:第十二条`, `"`, `OR`, `:`, `-`, "\x00\xff", `year:..`, `kind:plan -`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := search.Parse(s); err != nil && corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Parse(%q): %v", s, err)
		}
	})
}

// TestSearchNeverFailsInternally throws random mixtures of real text and
// query syntax at the engine: each answer is a result or an invalid-input
// error, never an internal one.
func TestSearchNeverFailsInternally(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	syntax := []string{`"`, `-`, ` OR `, `year:`, `type:`, `kind:`, `tag:`, `article:`, `:`, `..`, ` `, `　`, `<`, `&`, `2024`, `*`, `\`}
	var words []string
	for _, d := range testDocs {
		for _, p := range d.Passages[:min(len(d.Passages), 5)] {
			if q, ok := randomQuote(rng, p.Text, 1, 6); ok {
				words = append(words, q)
			}
		}
	}
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for j := 0; j < 1+rng.Intn(6); j++ {
			if rng.Intn(2) == 0 {
				b.WriteString(syntax[rng.Intn(len(syntax))])
			} else {
				b.WriteString(words[rng.Intn(len(words))])
			}
		}
		q := b.String()
		_, err := testEngine.Search(context.Background(), search.Request{Query: q})
		if err != nil && corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
}
