package search

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"

	"github.com/renda-archive/renda/corpus"
)

// MaxPassageIDs bounds PassageIDs.
const MaxPassageIDs = 500_000

// PassageIDs returns the IDs of every passage that matches q (the query
// language, filters included), in document order: the raw material for
// concordances and exports. It fails with a *corpus.Error (EINVALID) for a
// bad query, and when more than limit passages match (limit ≤ 0 or over
// MaxPassageIDs means MaxPassageIDs).
func (e *Engine) PassageIDs(ctx context.Context, q string, limit int) ([]string, error) {
	if limit <= 0 || limit > MaxPassageIDs {
		limit = MaxPassageIDs
	}
	p, err := e.compile(Request{Query: q})
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(p.query(""), limit+1, 0, false)
	req.SortBy([]string{"_id"}) // cheaper than scoring; reordered below
	res, err := e.ix.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("passages: %v", err)
	}
	if len(res.Hits) > limit {
		return nil, fmt.Errorf("passages: more than %d match", limit)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	sort.Slice(ids, func(i, j int) bool { return lessPassage(ids[i], ids[j]) })
	return ids, nil
}

// lessPassage orders passage IDs by document ID, then ordinal.
func lessPassage(a, b string) bool {
	da, na := splitID(a)
	db, nb := splitID(b)
	if da != db {
		return da < db
	}
	return na < nb
}

func splitID(id string) (string, int) {
	doc, n, _ := corpus.SplitPassageID(id)
	return doc, n
}
