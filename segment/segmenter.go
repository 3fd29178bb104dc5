package segment

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/go-ego/gse"
)

// vocabText is Renda's own vocabulary of people's-congress terms, in gse's
// dictionary format ("term frequency pos"), with #-comments.
//
//go:embed vocab.txt
var vocabText string

var (
	segOnce sync.Once
	seg     *gse.Segmenter
	segErr  error
)

// Segmenter returns the process-wide gse segmenter: gse's simplified-Chinese
// dictionary, trimmed to the words of the default corpus (dict.go), plus
// Renda's vocabulary (vocab.txt). The
// dictionary is loaded on the first call, which takes about two seconds; later
// calls return the same segmenter or the same error.
//
// Segmenter is safe for concurrent use, and so is segmenting with the
// result (Segment, Cut). Callers must not add or remove dictionary tokens:
// gse's AddToken is not safe against concurrent lookups, and every token
// is added here before the segmenter is handed out.
func Segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() {
		seg, segErr = loadSegmenter()
	})
	return seg, segErr
}

func loadSegmenter() (*gse.Segmenter, error) {
	terms, err := parseVocab(vocabText)
	if err != nil {
		return nil, err
	}
	s := new(gse.Segmenter)
	// Segment uses the dictionary only; the HMM model is for Cut with hmm
	// on, which Renda does not use.
	s.NotLoadHMM = true
	// The vocabulary goes in first: gse keeps the first entry of a word, so
	// our frequencies win over the dictionary's (常务委员会 has 8 there).
	// One load computes every word's sub-words against the whole of both.
	dict, err := dictionary()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, t := range terms {
		fmt.Fprintf(&b, "%s %g %s\n", t.text, t.freq, t.pos)
	}
	b.WriteString(dict)
	if err := s.LoadDictStr(b.String()); err != nil {
		return nil, fmt.Errorf("segment: load gse dictionary: %w", err)
	}
	return s, nil
}

type vocabTerm struct {
	text string
	freq float64
	pos  string
}

// parseVocab reads vocab.txt: one "term frequency pos" a line, blank lines
// and #-comments ignored. Terms are stored folded, as the tokenizer sees
// text.
func parseVocab(text string) ([]vocabTerm, error) {
	var terms []vocabTerm
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("segment: vocab.txt:%d: want \"term frequency pos\", got %q", i+1, line)
		}
		freq, err := strconv.ParseFloat(f[1], 64)
		if err != nil || freq <= 0 {
			return nil, fmt.Errorf("segment: vocab.txt:%d: bad frequency %q", i+1, f[1])
		}
		terms = append(terms, vocabTerm{text: f[0], freq: freq, pos: f[2]})
	}
	return terms, nil
}
