package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// titleBoost weighs a word found in a document's title against one found
// in the passage: a title says what the whole document is about.
const titleBoost = 3

// Filter restricts Scores to passages whose Field holds one of Values
// (keyword fields) or lies in one of Ranges (FieldYear, FieldArticle;
// inclusive). A Filter with neither matches nothing.
type Filter struct {
	Field  string
	Values []string
	Ranges [][2]int
}

// Scored is a passage and how well it matches.
type Scored struct {
	Passage string // corpus passage ID
	Score   float64
}

// Scores ranks passages by the gse words of words, found in the passage
// text or, weighted by titleBoost, in its document's title: a passage
// matches when it holds every gse word of at least one of words. Only
// passages passing every filter count. It returns up to limit passages,
// best first, ties in passage ID order so that results repeat. It fails
// with ErrClosed after Close and wraps Bleve's errors, or ctx's when it
// ends the search. Safe for concurrent use.
func (i *Index) Scores(ctx context.Context, words []string, filters []Filter, limit int) ([]Scored, error) {
	if len(words) == 0 || limit <= 0 {
		return nil, nil
	}
	var alts []query.Query
	for _, w := range words {
		text := query.NewMatchQuery(w)
		text.SetField(FieldText)
		text.SetOperator(query.MatchQueryOperatorAnd)
		title := query.NewMatchQuery(w)
		title.SetField(FieldTitle)
		title.SetOperator(query.MatchQueryOperatorAnd)
		title.SetBoost(titleBoost)
		alts = append(alts, text, title)
	}
	parts := []query.Query{query.NewDisjunctionQuery(alts)}
	for _, f := range filters {
		parts = append(parts, filterQuery(f))
	}
	var q query.Query = parts[0]
	if len(parts) > 1 {
		q = query.NewConjunctionQuery(parts)
	}
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.SortBy([]string{"-_score", "_id"})
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
	return out, nil
}

func filterQuery(f Filter) query.Query {
	var alts []query.Query
	for _, v := range f.Values {
		t := query.NewTermQuery(v)
		t.SetField(f.Field)
		alts = append(alts, t)
	}
	for _, r := range f.Ranges {
		from, to, yes := float64(r[0]), float64(r[1]), true
		n := query.NewNumericRangeInclusiveQuery(&from, &to, &yes, &yes)
		n.SetField(f.Field)
		alts = append(alts, n)
	}
	switch len(alts) {
	case 0:
		return query.NewMatchNoneQuery()
	case 1:
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}
