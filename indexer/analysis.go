package indexer

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	wordseg "github.com/renda-archive/renda/segment"
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
type wordsTokenizer struct{}

// wordsTokenizerConstructor builds the words tokenizer; it loads the
// segmenter on first use and fails if the dictionary cannot be loaded.
func wordsTokenizerConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.Tokenizer, error) {
	if _, err := wordseg.Segmenter(); err != nil {
		return nil, err
	}
	return &wordsTokenizer{}, nil
}

// Tokenize returns the gse words of input (wordseg.Walk) with Term the
// folded word and Start/End the byte range of the word in input (not in the
// folded text), so highlights land on the original characters. Positions
// count the words from 1; punctuation takes no position.
func (t *wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// About one word per two characters of three bytes: room for most
	// passages without growing.
	stream := make(analysis.TokenStream, 0, len(input)/5+4)
	var slab []analysis.Token
	position := 0
	// The constructor loaded the segmenter, so Walk cannot fail here.
	_ = wordseg.Walk(input, func(term []byte, start, end int) {
		if len(slab) == 0 {
			slab = make([]analysis.Token, 64)
		}
		tok := &slab[0]
		slab = slab[1:]
		position++
		*tok = analysis.Token{
			Term:     term,
			Start:    start,
			End:      end,
			Position: position,
			Type:     tokenType(term),
		}
		stream = append(stream, tok)
	})
	return stream
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
