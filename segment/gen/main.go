// Command gen writes segment/dict.txt.gz: the words of gse's embedded
// simplified-Chinese dictionary that occur in the folded text of the
// default corpus, with their frequencies and parts of speech, and one
// padding entry that keeps the dictionary's total frequency as it was.
//
// gse segments a text by the words of its dictionary that occur in that
// text, weighing each by its frequency against the total; words that occur
// nowhere in the corpus never take part, and keeping the total keeps the
// weights, so the corpus segments exactly as with the whole dictionary
// (TestDictionarySegmentsAsFull checks it). The whole dictionary costs about
// 150 MB of heap in every process; this one a fraction of it.
//
// Run from the repository root: go generate ./segment
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"strings"

	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/segment"
)

func main() {
	if err := run("segment/dict.txt.gz"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		return err
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Text
	}
	data, err := segment.TrimEmbedded(texts)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write([]byte(data))
	if err := zw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d words kept\n", strings.Count(data, "\n"))
	return os.WriteFile(out, b.Bytes(), 0o644)
}
