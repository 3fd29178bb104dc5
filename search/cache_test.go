package search_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/search"
)

// TestCachedResultsFollowTheArchive checks that a repeated request is
// answered the same, and that a write makes the next answer new.
func TestCachedResultsFollowTheArchive(t *testing.T) {
	ix, err := indexer.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ingest.Files(context.Background(), ix, []string{"../corpus/testdata/corpus/district"}, nil); err != nil {
		t.Fatal(err)
	}
	e := search.New(ix)
	ctx := context.Background()
	first, err := e.Search(ctx, search.Request{Query: "人民城市议事厅"})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := e.Search(ctx, search.Request{Query: "人民城市议事厅"})
	if again.Total != first.Total || len(again.Hits) != len(first.Hits) || first.Total == 0 {
		t.Fatalf("repeated search: %d documents, first %d", again.Total, first.Total)
	}
	k1, _ := e.KWIC(ctx, search.KWICRequest{Query: "人民城市议事厅"})

	d := &corpus.Document{ID: "added", Title: "新报告", Type: corpus.TypeStandingReport, Text: "人民城市议事厅又建一处。", Original: "人民城市议事厅又建一处。"}
	d.Hash = corpus.ContentHash(d.Text)
	if err := ingest.Prepare(d); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, []*corpus.Document{d}); err != nil {
		t.Fatal(err)
	}
	after, _ := e.Search(ctx, search.Request{Query: "人民城市议事厅"})
	if after.Total != first.Total+1 {
		t.Errorf("after adding a document: %d documents, want %d", after.Total, first.Total+1)
	}
	k2, _ := e.KWIC(ctx, search.KWICRequest{Query: "人民城市议事厅"})
	if k2.Total != k1.Total+1 {
		t.Errorf("concordance after adding: %d lines, want %d", k2.Total, k1.Total+1)
	}
}
