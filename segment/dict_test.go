package segment

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/go-ego/gse"

	"github.com/renda-archive/renda/corpus/defaultcorpus"
)

// fullSegmenter loads Renda's vocabulary and gse's whole embedded
// dictionary, as Renda did before trimming it.
func fullSegmenter(t *testing.T) *gse.Segmenter {
	t.Helper()
	terms, err := parseVocab(vocabText)
	if err != nil {
		t.Fatal(err)
	}
	s := new(gse.Segmenter)
	s.NotLoadHMM = true
	var b strings.Builder
	for _, v := range terms {
		fmt.Fprintf(&b, "%s %g %s\n", v.text, v.freq, v.pos)
	}
	if err := s.LoadDictStr(b.String()); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDictionarySegmentsAsFull checks that the trimmed dictionary gives
// the same tokens and positions as the whole one, on real passages of the
// default corpus and on words users search for.
func TestDictionarySegmentsAsFull(t *testing.T) {
	full := fullSegmenter(t)
	trimmed, err := Segmenter()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := full.Dict.TotalFreq(), trimmed.Dict.TotalFreq(); a != b {
		t.Errorf("total frequency %g, whole dictionary %g", b, a)
	}
	docs, err := defaultcorpus.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range docs {
		lines = append(lines, strings.Split(d.Text, "\n")...)
	}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewSource(11))
	samples := []string{"全过程人民民主", "人大常委会", "新质生产力", "备案审查", "中华人民共和国宪法", "监督", "的"}
	for len(samples) < n {
		samples = append(samples, lines[rng.Intn(len(lines))])
	}
	show := func(seg *gse.Segmenter, s string) string {
		var b strings.Builder
		walk(seg, []byte(s), func(term []byte, start, end int) { fmt.Fprintf(&b, "%s[%d:%d] ", term, start, end) })
		return b.String()
	}
	for _, s := range samples {
		if a, b := show(full, s), show(trimmed, s); a != b {
			t.Fatalf("%q:\n trimmed %s\n   whole %s", s, b, a)
		}
	}
}

// TestDictionaryCurrent checks that dict.txt.gz is what go generate
// writes from the embedded corpus and gse's dictionary.
func TestDictionaryCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("building the corpus's occurrence index takes seconds")
	}
	docs, err := defaultcorpus.Documents()
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Text
	}
	want, err := TrimEmbedded(texts)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(dictGz))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != want {
		t.Error("dict.txt.gz is stale: run go generate ./segment")
	}
}
