package segment

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-ego/gse"

	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/occur"
)

//go:generate go run ./gen

// dictGz is gse's simplified-Chinese dictionary trimmed to the words that
// occur in the default corpus, plus a padding entry that keeps the total
// frequency; see gen/main.go. A word of an imported document that the
// default corpus never uses is segmented into shorter words: that changes
// how Bleve ranks it, never whether it is found (the occurrence index
// finds every string).
//
//go:embed dict.txt.gz
var dictGz []byte

// padding is the word of the entry that carries the frequency of the words
// left out: two private-use characters, which text does not hold.
const padding = "\uE000\uE001"

// dictionary returns the trimmed dictionary in gse's format.
func dictionary() (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(dictGz))
	if err != nil {
		return "", fmt.Errorf("segment: dictionary: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return "", fmt.Errorf("segment: dictionary: %w", err)
	}
	return string(b), nil
}

// TrimEmbedded is TrimDictionary of gse's whole embedded simplified-Chinese
// dictionary: what go generate writes from the default corpus's texts.
func TrimEmbedded(texts []string) (string, error) {
	var full gse.Segmenter
	full.NotLoadHMM = true
	if err := full.LoadDictEmbed("zh_s"); err != nil {
		return "", fmt.Errorf("segment: load gse dictionary: %w", err)
	}
	return TrimDictionary(full.Dict, texts)
}

// TrimDictionary returns, in gse's dictionary format ("word frequency pos"
// a line), the words of dict that occur in the folded texts and are not in
// Renda's vocabulary, then the padding entry: the summed frequency of the
// words left out, so that the total frequency, and with it every word's
// weight, stays as it was. It is what go generate writes to dict.txt.gz.
func TrimDictionary(dict *gse.Dictionary, texts []string) (string, error) {
	terms, err := parseVocab(vocabText)
	if err != nil {
		return "", err
	}
	inVocab := map[string]bool{}
	for _, t := range terms {
		inVocab[t.text] = true
	}
	srcs := make([]occur.Source, len(texts))
	for k, text := range texts {
		src := occur.Source{ID: strconv.Itoa(k), Hash: "-"}
		for _, line := range strings.Split(text, "\n") {
			src.Passages = append(src.Passages, occur.PassageSource{Text: line})
		}
		srcs[k] = src
	}
	seg, err := occur.Build(1, nil, srcs)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	left := 0.0
	for k := range dict.Tokens {
		t := &dict.Tokens[k]
		w := t.Text()
		if inVocab[w] {
			continue // the vocabulary's entry wins
		}
		if lo, hi := seg.Lookup([]rune(fold.String(w))); lo == hi {
			left += t.Freq()
			continue
		}
		fmt.Fprintf(&b, "%s %s %s\n", w, strconv.FormatFloat(t.Freq(), 'g', -1, 64), t.Pos())
	}
	fmt.Fprintf(&b, "%s %s x\n", padding, strconv.FormatFloat(left, 'g', -1, 64))
	return b.String(), nil
}
