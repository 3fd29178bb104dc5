// Command gen trains the tagger's model on the default corpus and writes
// taxonomy/model.tsv.gz: every document of the embedded corpus is
// structured as the importer does, tagged by the rules of
// taxonomy/taxonomy.json, and taxonomy.Train learns from those labels and
// from the hand-labelled fixtures (taxonomy.TrainingFixtures and
// taxonomy.JudgeFixtures) with taxonomy.DefaultTrainOptions. The output
// depends only on the corpus, the rules, the fixtures and the options.
//
// Run as go generate ./taxonomy, which runs it in the package directory.
package main

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/structure"
	"github.com/renda-archive/renda/taxonomy"
)

func main() {
	if err := run("model.tsv.gz"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	start := time.Now()
	docs, err := defaultcorpus.Documents()
	if err != nil {
		return err
	}
	passages := 0
	for _, d := range docs {
		if err := structure.Build(d); err != nil {
			return fmt.Errorf("%s: %w", d.Title, err)
		}
		passages += len(d.Passages)
	}
	fx, err := taxonomy.ReadFixtures(taxonomy.TrainingFixtures("testdata")...)
	if err != nil {
		return err
	}
	judged, err := taxonomy.ReadFixtures(taxonomy.JudgeFixtures("testdata")...)
	if err != nil {
		return err
	}
	m, err := taxonomy.Rules().Train(docs, fx, judged, taxonomy.DefaultTrainOptions)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return err
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("gen: %s: %d documents, %d passages, %d features, %d bytes, %s\n",
		out, len(docs), passages, m.Features(), b.Len(), time.Since(start).Round(time.Millisecond))
	return nil
}
