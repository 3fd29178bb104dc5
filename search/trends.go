package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
)

// MaxTrendTerms bounds the terms of one trends request.
const MaxTrendTerms = 12

// Trend splits.
const (
	SplitNone  = ""
	SplitType  = "type"
	SplitLevel = "level"
)

// TrendsRequest asks how often terms occur, year by year.
type TrendsRequest struct {
	// Query holds the terms separated by "|", each a word or a "quote";
	// filter fields in it (type:法律) apply to every term.
	Query   string
	Filters Filters // more filters, combined with those in Query
	By      string  // "year", the default and only one
	Split   string  // SplitNone, SplitType or SplitLevel: one series per term and value
}

// TrendPoint is one term's figures for one year.
type TrendPoint struct {
	Year        int     `json:"year"`
	Documents   int     `json:"documents"`   // documents containing the term
	Occurrences int     `json:"occurrences"` // occurrences in all
	Chars       int     `json:"chars"`       // characters of the year's text in the filtered set
	Per10k      float64 `json:"per_10k"`     // occurrences per 10,000 of those characters
}

// TrendSeries is one term (and split value) over the years.
type TrendSeries struct {
	Term   string       `json:"term"`
	Split  string       `json:"split"` // the split value, "" without a split
	Points []TrendPoint `json:"points"`
}

// TrendsResponse holds one series per term and split value, each with a
// point for every year that has text in the filtered set.
type TrendsResponse struct {
	Query  string        `json:"query"`
	By     string        `json:"by"`
	Split  string        `json:"split"`
	Series []TrendSeries `json:"series"`
	TookMS float64       `json:"took_ms"`
}

// Trends counts, for each term and year, the documents containing it, its
// occurrences, and its occurrences per 10,000 characters of that year's
// text in the filtered set, so that years with more text do not look more
// important. Undated documents are left out. Matching is verbatim and
// folded, as in a quote: words get no synonyms here, so that each series
// counts exactly its term. It returns a *corpus.Error with code EINVALID
// for a bad request.
func (e *Engine) Trends(ctx context.Context, req TrendsRequest) (*TrendsResponse, error) {
	start := time.Now()
	if req.By == "" {
		req.By = "year"
	}
	if req.By != "year" {
		return nil, corpus.Errorf(corpus.EINVALID, "by %q: trends are by year", req.By)
	}
	switch req.Split {
	case SplitNone, SplitType, SplitLevel:
	default:
		return nil, corpus.Errorf(corpus.EINVALID, "split %q: want type or level", req.Split)
	}
	terms, filters, err := parseTrendTerms(req.Query, req.Filters)
	if err != nil {
		return nil, err
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	defer snap.Release()
	clauses := compileFilters(filters, snap)
	splitOf := func(m *indexer.Meta) string {
		switch req.Split {
		case SplitType:
			return string(m.Type)
		case SplitLevel:
			return string(m.Level)
		}
		return ""
	}

	// The filtered set: documents passing the document clauses, passages
	// passing the passage clauses, and their characters per split and year.
	type cell struct {
		split string
		year  int
	}
	chars := map[cell]int{}
	inSet := make([][]bool, snap.Segments()) // per segment, per document
	var passages bitset                      // with passage clauses: the passages that pass
	hasPassageClauses := slices.ContainsFunc(clauses, func(c clause) bool { return c.facet.scope == passageScope })
	if hasPassageClauses {
		passages = newBitset(snap.Passages())
	}
	buf := make([]string, 0, 16)
	for k := range inSet {
		inSet[k] = make([]bool, snap.Segment(k).Docs())
	}
	snap.Each(func(ref indexer.DocRef, m *indexer.Meta) {
		if m.Year == 0 || !passesDoc(clauses, m, buf) {
			return
		}
		seg := snap.Segment(ref.Seg)
		n := seg.DocChars(ref.Doc)
		if hasPassageClauses {
			n = 0
			first, end := seg.DocPassages(ref.Doc)
			for p := first; p < end; p++ {
				if passesPassage(clauses, ref.Seg, seg, p) {
					passages.set(snap.Base(ref.Seg) + p)
					n += seg.PassageChars(p)
				}
			}
		}
		if n > 0 {
			inSet[ref.Seg][ref.Doc] = true
			chars[cell{splitOf(m), m.Year}] += n
		}
	})

	resp := &TrendsResponse{Query: req.Query, By: req.By, Split: req.Split, Series: []TrendSeries{}}
	splits := map[string][]int{} // split value → years, ascending
	for c := range chars {
		splits[c.split] = append(splits[c.split], c.year)
	}
	splitValues := make([]string, 0, len(splits))
	for v, years := range splits {
		slices.Sort(years)
		splitValues = append(splitValues, v)
	}
	slices.SortFunc(splitValues, func(a, b string) int { return cmp.Compare(splitRank(req.Split, a), splitRank(req.Split, b)) })

	for _, term := range terms {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("trends: %w", err)
		}
		// Counted per document, then per cell: a map increment per
		// occurrence would cost more than finding them.
		perDoc := make([][]int, snap.Segments())
		eachRange(snap, []rune(fold.String(term)), func(k, lo, hi int) {
			seg := snap.Segment(k)
			perDoc[k] = make([]int, seg.Docs())
			for r := lo; r < hi; r++ {
				p := seg.RankPassage(r)
				d := seg.PassageDoc(p)
				if inSet[k][d] && (!hasPassageClauses || passages.has(snap.Base(k)+p)) {
					perDoc[k][d]++
				}
			}
		})
		occurrences, documents := map[cell]int{}, map[cell]int{}
		for k, docs := range perDoc {
			for d, n := range docs {
				if n > 0 {
					m := snap.Meta(k, d)
					c := cell{splitOf(m), m.Year}
					occurrences[c] += n
					documents[c]++
				}
			}
		}
		for _, v := range splitValues {
			s := TrendSeries{Term: term, Split: v, Points: make([]TrendPoint, 0, len(splits[v]))}
			for _, y := range splits[v] {
				c := cell{v, y}
				pt := TrendPoint{Year: y, Documents: documents[c], Occurrences: occurrences[c], Chars: chars[c]}
				if pt.Chars > 0 {
					pt.Per10k = float64(pt.Occurrences) * 10000 / float64(pt.Chars)
				}
				s.Points = append(s.Points, pt)
			}
			resp.Series = append(resp.Series, s)
		}
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

// parseTrendTerms splits a trends query into its terms and filters.
func parseTrendTerms(query string, extra Filters) ([]string, Filters, error) {
	filters := Filters{}
	var terms []string
	for _, part := range strings.Split(query, "|") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		q, err := Parse(part)
		if err != nil {
			return nil, nil, err
		}
		for f, vs := range q.Filters {
			for _, v := range vs {
				filters.Add(f, v)
			}
		}
		switch {
		case len(q.Exclude) > 0:
			return nil, nil, corpus.Errorf(corpus.EINVALID, "%q: trends count terms; exclusions do not apply", part)
		case len(q.Groups) > 1 || len(q.Groups) == 1 && len(q.Groups[0]) > 1:
			return nil, nil, corpus.Errorf(corpus.EINVALID, "%q: one word or quote per term; separate terms with |", part)
		case len(q.Groups) == 1:
			if fold.String(q.Groups[0][0].Text) == "" {
				return nil, nil, corpus.Errorf(corpus.EINVALID, "nothing searchable in %q", part)
			}
			terms = append(terms, q.Groups[0][0].Text)
		}
	}
	if len(terms) == 0 {
		return nil, nil, corpus.Errorf(corpus.EINVALID, "trends need at least one term, e.g. q=全过程人民民主|人民民主")
	}
	if len(terms) > MaxTrendTerms {
		return nil, nil, corpus.Errorf(corpus.EINVALID, "%d terms; the limit is %d", len(terms), MaxTrendTerms)
	}
	if err := addFilters(filters, extra); err != nil {
		return nil, nil, err
	}
	return terms, filters, nil
}

// splitRank orders split values as the corpus lists them.
func splitRank(split, v string) int {
	switch split {
	case SplitType:
		if k := slices.Index(corpus.Types, corpus.Type(v)); k >= 0 {
			return k
		}
	case SplitLevel:
		if k := slices.Index(corpus.Levels, corpus.Level(v)); k >= 0 {
			return k
		}
	}
	return len(v) + 100
}
