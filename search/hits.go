package search

import (
	"slices"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/occur"
)

// hits renders the page's documents with their best passages: by score
// when words were searched, in document order otherwise. Everything comes
// from the snapshot's segments; no stored document is read.
func (e *Engine) hits(res *result, page []rankedDoc, perDoc int) []Hit {
	hits := make([]Hit, 0, len(page))
	for _, d := range page {
		m := d.meta
		h := Hit{
			ID: m.ID, Title: m.Title, Type: string(m.Type), Level: string(m.Level),
			Region: m.Region, Body: m.Body, Year: m.Year, Date: m.Date,
			Score: d.score, Matches: len(d.passages), Passages: []PassageHit{},
		}
		_, titleRanges := Marks(m.Title, res.text.titled)
		h.TitleHTML = HTML(m.Title, titleRanges)
		seg, base := res.snap.Segment(d.ref.Seg), res.snap.Base(d.ref.Seg)
		best := res.bestFirst(d)
		for _, n := range best[:min(len(best), perDoc)] {
			h.Passages = append(h.Passages, passageHit(m, seg, n-base, res.text.needles, passageScore(res, d.scores, n)))
		}
		hits = append(hits, h)
	}
	return hits
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

// passageHit renders passage p of seg, of document m, with its matches
// marked.
func passageHit(m *indexer.Meta, seg *occur.Segment, p int, needles []string, score float64) PassageHit {
	text := seg.Text(p)
	spans, ranges := Marks(text, needles)
	if spans == nil {
		spans = []Span{}
	}
	ord := seg.Ordinal(p)
	ph := PassageHit{
		ID: corpus.PassageID(m.ID, ord), Ordinal: ord, Kind: seg.Kind(p), Role: seg.Role(p),
		Article: seg.Article(p), Text: text, HTML: HTML(text, ranges), Matches: spans,
		Score: score, Section: seg.Section(p),
	}
	ph.Themes, ph.Tags = seg.Labels(p)
	if ph.Themes == nil {
		ph.Themes = []corpus.Label{}
	}
	if ph.Tags == nil {
		ph.Tags = []corpus.Label{}
	}
	return ph
}
