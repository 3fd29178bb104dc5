package indexer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scored is a passage and how well it matches.
type Scored struct {
	Passage string // corpus passage ID
	Score   float64
}

// maxWordTerms bounds the distinct gse words of one word that Scores asks
// Bleve for: enough for any real word, and a bound on the query plan.
const maxWordTerms = 16

// Scores ranks passages by the gse words of words found in the passage
// text: a passage matches when it holds every gse word of at least one of
// words. With docs not nil, only passages of those documents count. It
// returns up to limit passages, best first, ties in passage ID order so
// that results repeat on the same index. It fails with ErrClosed after Close and wraps
// Bleve's errors, or ctx's when it ends the search. Safe for concurrent
// use.
func (i *Index) Scores(ctx context.Context, words []string, docs []string, limit int) ([]Scored, error) {
	if len(words) == 0 || limit <= 0 || docs != nil && len(docs) == 0 {
		return nil, nil
	}
	analyzer := i.bleve.Mapping().AnalyzerNamed(WordsAnalyzer)
	if analyzer == nil {
		return nil, fmt.Errorf("indexer: scores: no analyzer %s", WordsAnalyzer)
	}
	var alts []query.Query
	for _, w := range words {
		var terms []query.Query
		seen := map[string]bool{}
		for _, tok := range analyzer.Analyze([]byte(w)) {
			if seen[string(tok.Term)] || len(seen) == maxWordTerms {
				continue // a passage holding a gse word holds it twice
			}
			seen[string(tok.Term)] = true
			t := query.NewTermQuery(string(tok.Term))
			t.SetField(FieldText)
			terms = append(terms, t)
		}
		switch len(terms) {
		case 0:
		case 1:
			alts = append(alts, terms[0])
		default:
			alts = append(alts, query.NewConjunctionQuery(terms))
		}
	}
	if len(alts) == 0 {
		return nil, nil
	}
	var q query.Query = query.NewDisjunctionQuery(alts)
	if docs != nil {
		ids := make([]query.Query, len(docs))
		for k, d := range docs {
			t := query.NewTermQuery(d)
			t.SetField(FieldDoc)
			ids[k] = t
		}
		q = query.NewConjunctionQuery([]query.Query{q, query.NewDisjunctionQuery(ids)})
	}
	// Sorted by score alone: a tie-break on _id would make Bleve load the
	// stored ID of every candidate, not only of those kept. Ties among the
	// kept are put in passage ID order below; which of several passages
	// tied at the limit is kept follows Bleve's internal order, stable for
	// a given index.
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	if err := i.checkOpen(); err != nil {
		return nil, err
	}
	res, err := i.bleve.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("indexer: scores: %w", ctx.Err())
		}
		return nil, fmt.Errorf("indexer: scores: %v", err)
	}
	out := make([]Scored, len(res.Hits))
	for k, h := range res.Hits {
		out[k] = Scored{Passage: h.ID, Score: h.Score}
	}
	slices.SortStableFunc(out, func(a, b Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Passage, b.Passage)
	})
	return out, nil
}
