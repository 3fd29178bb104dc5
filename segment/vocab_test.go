package segment

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/renda-archive/renda/fold"
)

// corpusDir is the shared source corpus, relative to this package.
const corpusDir = "../../shared/corpus"

func vocabTerms(t *testing.T) []string {
	t.Helper()
	terms, err := parseVocab(vocabText)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(terms))
	for k, v := range terms {
		out[k] = v.text
	}
	return out
}

func TestVocab(t *testing.T) {
	terms := vocabTerms(t)
	if len(terms) < 200 {
		t.Errorf("vocab.txt has %d terms, want at least 200", len(terms))
	}
	seen := map[string]bool{}
	for _, term := range terms {
		if seen[term] {
			t.Errorf("%s listed twice", term)
		}
		seen[term] = true
		if fold.String(term) != term {
			t.Errorf("%s is not folded: search would never see it", term)
		}
	}
}

// TestVocabWhole checks that gse keeps every vocabulary term in one
// piece when it stands alone.
func TestVocabWhole(t *testing.T) {
	seg, err := Segmenter()
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range vocabTerms(t) {
		segs := seg.Segment([]byte(term))
		if len(segs) != 1 {
			var parts []string
			for _, s := range segs {
				parts = append(parts, s.Token().Text())
			}
			t.Errorf("%s segments as %s", term, strings.Join(parts, "/"))
		}
	}
}

// TestVocabInCorpus checks that every vocabulary term occurs in the source
// corpus, folded, so the list stays drawn from real documents. Files are
// read smallest folder first and reading stops once every term is found.
func TestVocabInCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); errors.Is(err, fs.ErrNotExist) {
		t.Skip("no source corpus at", corpusDir)
	}
	missing := map[string]bool{}
	for _, term := range vocabTerms(t) {
		missing[term] = true
	}
	var files []string
	for _, sub := range []string{"district", "provincial-2026", "national", "laws"} {
		filepath.WalkDir(filepath.Join(corpusDir, sub), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
	}
	for _, path := range files {
		if len(missing) == 0 {
			break
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := fold.String(string(b))
		for term := range missing {
			if strings.Contains(text, term) {
				delete(missing, term)
			}
		}
	}
	if len(missing) > 0 {
		var terms []string
		for term := range missing {
			terms = append(terms, term)
		}
		slices.Sort(terms)
		t.Errorf("not in the corpus: %s", strings.Join(terms, " "))
	}
}
