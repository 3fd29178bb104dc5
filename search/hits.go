package search

import (
	"fmt"
	"slices"

	"github.com/renda-archive/renda/corpus"
)

// hits renders the page's documents with their best passages: by score
// when words were searched, in document order otherwise.
func (e *Engine) hits(res *result, page []rankedDoc, perDoc int) ([]Hit, error) {
	hits := make([]Hit, 0, len(page))
	for _, d := range page {
		doc, err := e.docs.get(e.ix, d.meta)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", d.meta.ID, err)
		}
		h := Hit{
			ID: doc.ID, Title: doc.Title, Type: string(doc.Type), Level: string(doc.Level),
			Region: doc.Region, Body: doc.Body, Year: doc.Year, Date: d.meta.Date,
			Score: d.score, Matches: len(d.passages), Passages: []PassageHit{},
		}
		_, titleRanges := Marks(doc.Title, res.text.titled)
		h.TitleHTML = HTML(doc.Title, titleRanges)
		best := res.bestFirst(d)
		seg := res.snap.Segment(d.ref.Seg)
		first, _ := seg.DocPassages(d.ref.Doc)
		base := res.snap.Base(d.ref.Seg)
		for _, n := range best[:min(len(best), perDoc)] {
			ps := doc.Passage(n - base - first + 1)
			if ps == nil {
				continue
			}
			h.Passages = append(h.Passages, passageHit(doc, ps, res.text.needles, passageScore(res, d.scores, n)))
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// bestFirst returns the document's matching passages by score, ties in
// document order, or in document order when no words were searched.
func (res *result) bestFirst(d rankedDoc) []int {
	best := slices.Clone(d.passages)
	if len(res.text.needles) > 0 {
		slices.SortStableFunc(best, func(a, b int) int {
			sa, sb := passageScore(res, d.scores, a), passageScore(res, d.scores, b)
			switch {
			case sa > sb:
				return -1
			case sa < sb:
				return 1
			}
			return a - b
		})
	}
	return best
}

// passageHit renders one passage with its matches marked.
func passageHit(doc *corpus.Document, ps *corpus.Passage, needles []string, score float64) PassageHit {
	spans, ranges := Marks(ps.Text, needles)
	if spans == nil {
		spans = []Span{}
	}
	ph := PassageHit{
		ID: ps.ID, Ordinal: ps.Ordinal, Kind: string(ps.Kind), Role: string(ps.Role),
		Article: ps.Article, Text: ps.Text, HTML: HTML(ps.Text, ranges), Matches: spans,
		Themes: ps.Themes, Tags: ps.Tags, Score: score, Section: []string{},
	}
	if s := doc.Section(ps.Section); s != nil {
		ph.Section = s.Path
	}
	if ph.Themes == nil {
		ph.Themes = []corpus.Label{}
	}
	if ph.Tags == nil {
		ph.Tags = []corpus.Label{}
	}
	return ph
}
