package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
)

// Ranking: a passage scores by BM25 over its verbatim occurrences of what
// was searched (matcher.find), plus, for unquoted words, Bleve's score of
// the gse words in the passage. A document ranks by its best passage;
// documents whose title holds what was searched come first; more matching
// passages break ties.
const (
	// rankWindow is how many passages Bleve scores by gse words; passages
	// below it rank by their verbatim score alone.
	rankWindow = 200
	// maxRankPassages is the most matching passages for which Bleve
	// scores gse words: past it nearly every match holds the word as a gse
	// word anyway, so the bonus orders little, while Bleve's cost grows
	// with the matches (a word in 12,000 passages took 12 ms of a 20 ms
	// search).
	maxRankPassages = 5000
	// maxRankDocs bounds the documents a filtered ranking names to Bleve;
	// a filter that lets more through ranks over every document.
	maxRankDocs = 64
	// countWeight makes a document with more matching passages rank
	// above an equal one with fewer, without outweighing a better passage.
	countWeight = 0.01
)

// rankedDoc is a matching document with its ranking score.
type rankedDoc struct {
	*docMatch
	score  float64 // of the best passage
	key    float64 // score, and a little for more matching passages
	titled bool    // the title contains a searched word or quote
	scores map[int]float64
}

// rank orders the matching documents of res for sort order. With need >
// 0 only the first need are ordered, and only they are returned: a page
// needs its documents, not the order of all the others.
func (e *Engine) rank(ctx context.Context, res *result, order string, need int) ([]rankedDoc, error) {
	words := map[int]float64{}
	if len(res.text.words) > 0 && order == SortRelevance && res.tally.passages <= maxRankPassages {
		// Under filters, Bleve ranks within the documents that match, so
		// that its window is spent on them.
		var docs []string
		if len(res.clauses) > 0 {
			docs = make([]string, 0, len(res.tally.docs))
			for _, d := range res.tally.docs {
				docs = append(docs, d.meta.ID)
			}
			if len(docs) > maxRankDocs {
				docs = nil
			}
		}
		scored, err := e.ix.Scores(ctx, res.text.words, docs, rankWindow)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for _, s := range scored {
			if n, ok := res.snap.Number(s.Passage); ok {
				words[n] = s.Score
			}
		}
	}
	var folded []string
	for _, n := range res.text.needles {
		if f := fold.String(n); f != "" {
			folded = append(folded, f)
		}
	}
	docs := make([]rankedDoc, len(res.tally.docs))
	for k := range res.tally.docs {
		d := &res.tally.docs[k]
		r := rankedDoc{docMatch: d}
		r.score = d.bestScore(res, words)
		r.key = r.score + countWeight*math.Log1p(float64(len(d.passages)))
		if order == SortRelevance {
			t := res.snap.FoldedTitle(d.ref)
			r.titled = slices.ContainsFunc(folded, func(f string) bool { return strings.Contains(t, f) })
		}
		r.scores = words
		docs[k] = r
	}
	less := func(a, b rankedDoc) int {
		switch order {
		case SortDate, SortDateAsc:
			da, db := dateKey(a.meta), dateKey(b.meta)
			switch {
			case da == db:
			case da == "": // neither date nor year: last either way
				return 1
			case db == "":
				return -1
			case (da > db) == (order == SortDate):
				return -1
			default:
				return 1
			}
		default:
			if a.titled != b.titled {
				if a.titled {
					return -1
				}
				return 1
			}
			if a.key != b.key {
				if a.key > b.key {
					return -1
				}
				return 1
			}
			if len(a.passages) != len(b.passages) {
				return len(b.passages) - len(a.passages)
			}
		}
		return strings.Compare(a.meta.ID, b.meta.ID)
	}
	if need > 0 && len(docs) > 2*need {
		return firstN(docs, need, less), nil
	}
	slices.SortFunc(docs, less)
	return docs, nil
}

// firstN returns the n first of docs in the order cmp gives, in order,
// without ordering the rest: one pass keeps the best n in a heap whose
// root is the worst kept.
func firstN[T any](docs []T, n int, cmp func(a, b T) int) []T {
	h := make([]T, 0, n)
	down := func(i int) {
		for {
			worst, l, r := i, 2*i+1, 2*i+2
			if l < len(h) && cmp(h[l], h[worst]) > 0 {
				worst = l
			}
			if r < len(h) && cmp(h[r], h[worst]) > 0 {
				worst = r
			}
			if worst == i {
				return
			}
			h[i], h[worst] = h[worst], h[i]
			i = worst
		}
	}
	for _, d := range docs {
		switch {
		case len(h) < n:
			h = append(h, d)
			for i := len(h) - 1; i > 0 && cmp(h[i], h[(i-1)/2]) > 0; i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case cmp(d, h[0]) < 0:
			h[0] = d
			down(0)
		}
	}
	slices.SortFunc(h, cmp)
	return h
}

// passageScore is the score of passage number n.
func passageScore(res *result, words map[int]float64, n int) float64 {
	s := 0.0
	if len(words) > 0 {
		s = words[n]
	}
	if res.m.scores != nil {
		s += float64(res.m.scores[n])
	}
	return s
}

// bestScore is the score of the document's best passage.
func (d *docMatch) bestScore(res *result, words map[int]float64) float64 {
	best := 0.0
	for _, n := range d.passages {
		best = max(best, passageScore(res, words, n))
	}
	return best
}

// sortDocsByID orders documents by ID.
func sortDocsByID(docs []docMatch) {
	slices.SortFunc(docs, func(a, b docMatch) int { return strings.Compare(a.meta.ID, b.meta.ID) })
}

// dateKey is what date order sorts a document by: its date, else its year
// (a report whose text names no meeting date sorts with its year, before
// the dated ones of that year in ascending order), else "".
func dateKey(m *indexer.Meta) string {
	switch {
	case m.Date != "":
		return m.Date
	case m.Year > 0:
		return fmt.Sprintf("%04d", m.Year)
	}
	return ""
}
