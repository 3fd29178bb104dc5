package indexer

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/go-ego/gse"

	"github.com/renda-archive/renda/fold"
)

// Names of Renda's tokenizers and analyzers in Bleve's registry. Each
// analyzer is its tokenizer alone: folding happens inside the tokenizers,
// so no lower-case or width filter is needed, and no stop words are
// removed.
const (
	// WordsAnalyzer segments folded text into gse words, for ranking by
	// whole words: 人民 in 人民代表大会 is not a word of its own (the
	// occurrence index finds it; Bleve ranks where it stands alone).
	WordsAnalyzer = "renda_words"
)

// wordsTokenizer is the gse tokenizer behind WordsAnalyzer.
type wordsTokenizer struct {
	seg *gse.Segmenter
}

// wordsTokenizerConstructor builds the words tokenizer; it loads the
// segmenter on first use and fails if the dictionary cannot be loaded.
func wordsTokenizerConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.Tokenizer, error) {
	seg, err := Segmenter()
	if err != nil {
		return nil, err
	}
	return &wordsTokenizer{seg: seg}, nil
}

// Tokenize folds input, segments it with gse and returns the words with
// Term the folded word and Start/End the byte range of the word in input
// (not in the folded text), so highlights land on the original characters.
// Positions count the words from 1. Tokens made only of punctuation or
// symbols are left out without using up a position.
func (t *wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	runes, pos := fold.Map(string(input))
	if len(runes) == 0 {
		return nil
	}
	folded := []byte(string(runes))
	segs := t.seg.Segment(folded)
	w := wordStream{
		input:  input,
		pos:    pos,
		stream: make(analysis.TokenStream, 0, len(segs)+len(segs)/2),
	}
	r := 0 // folded rune index where the current segment starts
	position := 0
	for i := range segs {
		sg := &segs[i]
		text := folded[sg.Start():sg.End()]
		n := utf8.RuneCount(text)
		if !isPunct(text) {
			position++
			w.add(text, r, r+n, position)
		}
		r += n
	}
	return w.stream
}

// wordStream collects the tokens of one Tokenize call.
type wordStream struct {
	input  []byte
	pos    []int // byte offset in input of each folded rune
	slab   []analysis.Token
	stream analysis.TokenStream
}

// add appends the token for folded runes [from, to) at position.
func (w *wordStream) add(term []byte, from, to, position int) {
	if len(w.slab) == 0 {
		w.slab = make([]analysis.Token, 64)
	}
	tok := &w.slab[0]
	w.slab = w.slab[1:]
	last := w.pos[to-1]
	_, size := utf8.DecodeRune(w.input[last:])
	*tok = analysis.Token{
		Term:     term,
		Start:    w.pos[from],
		End:      last + size,
		Position: position,
		Type:     tokenType(term),
	}
	w.stream = append(w.stream, tok)
}

// isPunct reports whether text holds only punctuation, symbols, spaces or
// control characters: nothing a word query would look for.
func isPunct(text []byte) bool {
	for _, r := range string(text) {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) && !unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// tokenType classifies a term the way Bleve's unicode tokenizer does.
func tokenType(term []byte) analysis.TokenType {
	r, _ := utf8.DecodeRune(term)
	switch {
	case unicode.Is(unicode.Han, r):
		return analysis.Ideographic
	case unicode.IsDigit(r):
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

func analyzerConstructor(tokenizer string) registry.AnalyzerConstructor {
	return func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(tokenizer)
		if err != nil {
			return nil, fmt.Errorf("indexer: analyzer %s: %w", tokenizer, err)
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
	}
}

func init() {
	// Tokenizers and analyzers share names; Bleve keeps them in separate
	// registries.
	for _, reg := range []error{
		registry.RegisterTokenizer(WordsAnalyzer, wordsTokenizerConstructor),
		registry.RegisterAnalyzer(WordsAnalyzer, analyzerConstructor(WordsAnalyzer)),
	} {
		if reg != nil {
			panic(reg)
		}
	}
}

// Words returns the gse words of text as the index has them: folded, in
// order, punctuation left out. It fails if gse's dictionary cannot be
// loaded. Safe for concurrent use.
func Words(text string) ([]string, error) {
	seg, err := Segmenter()
	if err != nil {
		return nil, err
	}
	t := &wordsTokenizer{seg: seg}
	var out []string
	for _, tok := range t.Tokenize([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out, nil
}
