package links

import (
	"cmp"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/segment"
)

// Link is a passage of another report that reports on (or was planned
// by) an item, with how well it matches and the words that say so.
type Link struct {
	Passage string   `json:"passage"`
	Text    string   `json:"text"`
	Score   float64  `json:"score"`
	Terms   []string `json:"terms"`
}

// Item is one plan item (or, for precedents, one review passage) with its
// links, best first; none means no plausible counterpart was found.
type Item struct {
	Passage string `json:"passage"`
	Text    string `json:"text"`
	Links   []Link `json:"links"`
}

// Limits of the linking.
const (
	maxLinks = 3    // links kept per item
	minScore = 0.08 // cosine of the weighted words below which nothing is linked (chosen on links/testdata/followups-labels.json)
	maxTerms = 6    // shared words shown per link
	minChars = 12   // review passages shorter than this (各位代表！) are not candidates
)

// NextReport returns the report that follows the one m describes: the same
// type, level, region and body, one year later. ok is false when the
// catalog holds none, or when m is not a work report.
func NextReport(catalog []indexer.Meta, m indexer.Meta) (indexer.Meta, bool) {
	return sibling(catalog, m, 1)
}

// PreviousReport is NextReport a year earlier.
func PreviousReport(catalog []indexer.Meta, m indexer.Meta) (indexer.Meta, bool) {
	return sibling(catalog, m, -1)
}

func sibling(catalog []indexer.Meta, m indexer.Meta, delta int) (indexer.Meta, bool) {
	if m.Type != corpus.TypeGovReport && m.Type != corpus.TypeStandingReport || m.Year == 0 {
		return indexer.Meta{}, false
	}
	for _, c := range catalog {
		if c.ID != m.ID && c.Type == m.Type && c.Level == m.Level && c.Region == m.Region && c.Body == m.Body && c.Year == m.Year+delta {
			return c, true
		}
	}
	return indexer.Meta{}, false
}

// unit is a plan item or a review passage with its words.
type unit struct {
	passage *corpus.Passage
	words   map[string]float64 // word → count
}

// planItems returns doc's plan items, each with the text of the passages
// under it up to the next item (a lead sentence is often elaborated in
// the paragraphs that follow). An item is a work item line, or the heading
// of a plan section that has no subsections and no work items of its own
// (（一）着力稳定宏观经济大盘…, with its paragraphs); plan paragraphs are
// items when the plan part has neither.
func planItems(doc *corpus.Document) []unit {
	parents := map[int]bool{}
	for _, sec := range doc.Sections {
		parents[sec.Parent] = true
	}
	withItems := map[int]bool{}
	any := false
	for k := range doc.Passages {
		p := &doc.Passages[k]
		if p.Kind == corpus.KindPlan && p.Role == corpus.RoleItem {
			withItems[p.Section], any = true, true
		}
	}
	leafHeading := func(p *corpus.Passage) bool {
		sec := doc.Section(p.Section)
		return sec != nil && sec.Parent != 0 && !parents[sec.Ordinal] && !withItems[sec.Ordinal]
	}
	for k := range doc.Passages {
		p := &doc.Passages[k]
		any = any || p.Kind == corpus.KindPlan && p.Role == corpus.RoleHeading && leafHeading(p)
	}
	var out []unit
	var cur *unit
	for k := range doc.Passages {
		p := &doc.Passages[k]
		if p.Kind != corpus.KindPlan {
			cur = nil
			continue
		}
		switch {
		case p.Role == corpus.RoleItem || p.Role == corpus.RoleHeading && leafHeading(p) || !any && p.Role == corpus.RoleParagraph:
			out = append(out, unit{passage: p, words: map[string]float64{}})
			cur = &out[len(out)-1]
			count(cur.words, p.Text)
		case p.Role == corpus.RoleHeading:
			cur = nil
		case cur != nil:
			count(cur.words, p.Text)
		}
	}
	return out
}

// reviewPassages returns doc's review passages long enough to report on
// something.
func reviewPassages(doc *corpus.Document) []unit {
	var out []unit
	for k := range doc.Passages {
		p := &doc.Passages[k]
		if p.Kind == corpus.KindReview && p.Role != corpus.RoleHeading && utf8.RuneCountInString(p.Text) >= minChars {
			u := unit{passage: p, words: map[string]float64{}}
			count(u.words, p.Text)
			out = append(out, u)
		}
	}
	return out
}

// count adds the gse words of text of two characters or more to words.
func count(words map[string]float64, text string) {
	ws, err := segment.Words(text)
	if err != nil {
		return // no dictionary: no words, no links
	}
	for _, w := range ws {
		if utf8.RuneCountInString(w) >= 2 {
			words[w]++
		}
	}
}

// Followups links each plan item of report to the passages of next's
// review part that report on it: the words of the item (and of the
// paragraphs under it) against the words of each review passage, weighted
// by how rare each word is across both reports' units (tf-idf cosine).
// Links below minScore are dropped, so an item may have none: nothing in
// the next report plausibly reports on it.
func Followups(report, next *corpus.Document) []Item {
	return link(planItems(report), reviewPassages(next))
}

// Precedents links each review passage of report to the plan items of
// prev that it answers, as Followups does in reverse.
func Precedents(report, prev *corpus.Document) []Item {
	return link(reviewPassages(report), planItems(prev))
}

// link scores every pair of from and to units and keeps each from unit's
// best links.
func link(from, to []unit) []Item {
	idf := weights(from, to)
	vec := func(u unit) (map[string]float64, float64) {
		v := make(map[string]float64, len(u.words))
		norm := 0.0
		for w, n := range u.words {
			x := (1 + math.Log(n)) * idf[w]
			v[w] = x
			norm += x * x
		}
		return v, math.Sqrt(norm)
	}
	type vector struct {
		v    map[string]float64
		norm float64
	}
	tos := make([]vector, len(to))
	for k, u := range to {
		tos[k].v, tos[k].norm = vec(u)
	}
	out := make([]Item, 0, len(from))
	for _, u := range from {
		fv, fn := vec(u)
		item := Item{Passage: u.passage.ID, Text: u.passage.Text, Links: []Link{}}
		var cands []Link
		for k, t := range tos {
			if fn == 0 || t.norm == 0 {
				continue
			}
			dot := 0.0
			type term struct {
				w string
				x float64
			}
			var shared []term
			for w, x := range fv {
				if y, ok := t.v[w]; ok {
					dot += x * y
					shared = append(shared, term{w, x * y})
				}
			}
			score := dot / (fn * t.norm)
			if score < minScore {
				continue
			}
			slices.SortFunc(shared, func(a, b term) int { return cmp.Or(cmp.Compare(b.x, a.x), cmp.Compare(a.w, b.w)) })
			l := Link{Passage: to[k].passage.ID, Text: to[k].passage.Text, Score: math.Round(score*1000) / 1000}
			for _, s := range shared[:min(len(shared), maxTerms)] {
				l.Terms = append(l.Terms, s.w)
			}
			cands = append(cands, l)
		}
		slices.SortFunc(cands, func(a, b Link) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Passage, b.Passage)) })
		item.Links = append(item.Links, cands[:min(len(cands), maxLinks)]...)
		out = append(out, item)
	}
	return out
}

// weights is each word's inverse document frequency over the units of both
// sides: a word in every passage (推进, 发展) weighs nothing.
func weights(sides ...[]unit) map[string]float64 {
	df := map[string]int{}
	n := 0
	for _, units := range sides {
		for _, u := range units {
			n++
			for w := range u.words {
				df[w]++
			}
		}
	}
	idf := make(map[string]float64, len(df))
	for w, d := range df {
		idf[w] = math.Log(float64(n+1) / float64(d))
	}
	return idf
}

// Linked is a work report's plan items with their follow-ups in the next
// year's report (Next set), or its review passages with the plan items of
// last year's report they answer (Previous set). Items is empty when there
// is no such report.
type Linked struct {
	Document Version  `json:"document"`
	Next     *Version `json:"next,omitempty"`
	Previous *Version `json:"previous,omitempty"`
	Items    []Item   `json:"items"`
}

// FollowupsOf links the report id of catalog to the next year's report;
// load reads a document. It fails with a *corpus.Error: ENOTFOUND for an
// ID not in catalog, EINVALID for a document that is not a work report;
// and with load's error.
func FollowupsOf(catalog []indexer.Meta, id string, load func(id string) (*corpus.Document, error)) (*Linked, error) {
	return linkedOf(catalog, id, load, NextReport, Followups)
}

// PrecedentsOf is FollowupsOf towards last year's report.
func PrecedentsOf(catalog []indexer.Meta, id string, load func(id string) (*corpus.Document, error)) (*Linked, error) {
	return linkedOf(catalog, id, load, PreviousReport, Precedents)
}

func linkedOf(catalog []indexer.Meta, id string, load func(string) (*corpus.Document, error),
	other func([]indexer.Meta, indexer.Meta) (indexer.Meta, bool), pair func(report, other *corpus.Document) []Item) (*Linked, error) {
	i := slices.IndexFunc(catalog, func(m indexer.Meta) bool { return m.ID == id })
	if i < 0 {
		return nil, corpus.Errorf(corpus.ENOTFOUND, "no document %q", corpus.Shorten(id, 40))
	}
	m := catalog[i]
	if m.Type != corpus.TypeGovReport && m.Type != corpus.TypeStandingReport {
		return nil, corpus.Errorf(corpus.EINVALID, "%s is a %s: only work reports have plan items and follow-ups", m.Title, m.Type)
	}
	out := &Linked{Document: version(m), Items: []Item{}}
	o, ok := other(catalog, m)
	if !ok {
		return out, nil
	}
	report, err := load(m.ID)
	if err != nil {
		return nil, err
	}
	od, err := load(o.ID)
	if err != nil {
		return nil, err
	}
	v := version(o)
	if o.Year > m.Year {
		out.Next = &v
	} else {
		out.Previous = &v
	}
	out.Items = pair(report, od)
	return out, nil
}

func version(m indexer.Meta) Version {
	return Version{ID: m.ID, Title: m.Title, Date: m.Date, Year: m.Year}
}
