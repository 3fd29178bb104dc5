package search

import (
	"slices"

	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/occur"
)

// docMatch is a document with matching passages.
type docMatch struct {
	ref      indexer.DocRef
	meta     *indexer.Meta
	passages []int // matching passage numbers, in document order
}

// tally is the outcome of filtering a text match: the matching passages,
// grouped by document, and the facet counts.
type tally struct {
	docs     []docMatch
	passages int
	facets   map[string]map[string]int // counted facets: value → documents
}

// counter counts one facet: documents per value. Passage facets count by
// vocabulary code, per segment, and name the codes at the end.
type counter struct {
	f     *facet
	mask  uint64    // the clauses a passage must pass to count: all but the facet's own
	found bool      // the current document has a passage that counts
	union []uint64  // passage facets: LabelBits of the counting passages of the current document
	codes [][]int   // passage facets: per segment, documents per code
	ids   [][]int32 // document facets: per segment and document, its value's number (docValueTable)
	byID  []int     // document facets: documents per value number
	names map[string]int
}

// filterAndCount applies the clauses to the passages of base (nil: every
// passage) and, if counts is set, counts for every counted facet the
// documents per value among the passages that pass every clause but the
// facet's own, so that a user can widen a selection.
func filterAndCount(snap *indexer.Snapshot, base bitset, clauses []clause, counts bool, values *docValueTable) *tally {
	t := &tally{}
	all := uint64(1)<<len(clauses) - 1
	var counters, passageCounters []*counter
	if counts {
		t.facets = map[string]map[string]int{}
		for _, f := range facets {
			if !f.counted {
				continue
			}
			c := &counter{f: f, mask: all, names: map[string]int{}}
			if own := slices.IndexFunc(clauses, func(c clause) bool { return c.facet == f }); own >= 0 {
				c.mask &^= 1 << own
			}
			if f.vocab != nil {
				c.codes = make([][]int, snap.Segments())
				for k := range c.codes {
					c.codes[k] = make([]int, len(f.vocab(snap.Segment(k))))
				}
				passageCounters = append(passageCounters, c)
			} else {
				c.ids = values.ids[f]
				c.byID = make([]int, len(values.values[f]))
			}
			counters = append(counters, c)
			t.facets[f.name] = c.names
		}
	}
	var docClauses, passageClauses []int
	for j, c := range clauses {
		if c.facet.scope == docScope {
			docClauses = append(docClauses, j)
		} else {
			passageClauses = append(passageClauses, j)
		}
	}
	buf := make([]string, 0, 16)
	segment := -1
	var labels occur.Bits
	var union []uint64 // the fast path: LabelBits of every matching passage of the document

	eachDoc(snap, base, func(ref indexer.DocRef, meta *indexer.Meta) {
		seg := snap.Segment(ref.Seg)
		if ref.Seg != segment {
			segment = ref.Seg
			labels = seg.LabelBits()
			union = make([]uint64, labels.Words)
			for _, c := range passageCounters {
				c.union = make([]uint64, labels.Words)
			}
		}
		first, end := seg.DocPassages(ref.Doc)
		baseNo := snap.Base(ref.Seg)
		var docFails uint64 // the document clauses it fails, as bits
		for _, j := range docClauses {
			if !clauses[j].passesDoc(meta, buf) {
				docFails |= 1 << j
			}
		}
		if docFails != 0 && (!counts || docFails&(docFails-1) != 0) {
			return // fails a clause and counts for nothing, or fails two
		}
		for _, c := range counters {
			c.found = false
			clear(c.union)
		}
		var match []int
		if base != nil {
			match = make([]int, 0, base.countIn(baseNo+first, baseNo+end))
		}
		if docFails == 0 && len(passageClauses) == 0 {
			// Every passage matches and counts for every facet.
			clear(union)
			add := func(p int) {
				match = append(match, baseNo+p)
				for i, b := range labels.Of(p) {
					union[i] |= b
				}
			}
			if base == nil {
				for p := first; p < end; p++ {
					add(p)
				}
			} else {
				base.eachIn(baseNo+first, baseNo+end, func(n int) { add(n - baseNo) })
			}
			for _, c := range counters {
				c.found = len(match) > 0
				if c.union != nil {
					copy(c.union, union)
				}
			}
		}
		visit := func(p int) {
			fails := docFails
			for _, j := range passageClauses {
				if !clauses[j].passesPassage(ref.Seg, seg, p) {
					fails |= 1 << j
				}
			}
			if fails == 0 {
				match = append(match, baseNo+p)
			}
			for _, c := range counters {
				if fails&c.mask != 0 {
					continue
				}
				c.found = true
				if c.union != nil {
					for i, b := range labels.Of(p) {
						c.union[i] |= b
					}
				}
			}
		}
		switch {
		case docFails == 0 && len(passageClauses) == 0:
		case base == nil:
			for p := first; p < end; p++ {
				visit(p)
			}
		default:
			base.eachIn(baseNo+first, baseNo+end, func(n int) { visit(n - baseNo) })
		}
		for _, c := range counters {
			if c.found {
				c.count(ref.Seg, seg, ref.Doc)
			}
		}
		if len(match) > 0 {
			t.docs = append(t.docs, docMatch{ref: ref, meta: meta, passages: match})
			t.passages += len(match)
		}
	})
	for _, c := range counters {
		for k, codes := range c.codes {
			vocab := c.f.vocab(snap.Segment(k))
			for code, n := range codes {
				if n > 0 {
					c.names[vocab[code]] += n
				}
			}
		}
		for id, n := range c.byID {
			if n > 0 {
				c.names[values.values[c.f][id]] = n
			}
		}
	}
	return t
}

// count counts document doc of segment k once per value.
func (c *counter) count(k int, seg *occur.Segment, doc int) {
	if c.ids != nil {
		if id := c.ids[k][doc]; id >= 0 {
			c.byID[id]++
		}
		return
	}
	codes := c.codes[k]
	from := c.f.bit(seg)
	for code := range codes {
		bit := from + code
		if c.union[bit/64]&(1<<(bit%64)) != 0 {
			codes[code]++
		}
	}
}

// eachDoc calls f with every current document that has a passage in base,
// in snapshot order, or with every current document when base is nil.
// Walking the set's members beats testing every document when few match.
func eachDoc(snap *indexer.Snapshot, base bitset, f func(ref indexer.DocRef, m *indexer.Meta)) {
	if base == nil {
		snap.Each(f)
		return
	}
	for k := 0; k < snap.Segments(); k++ {
		seg, from := snap.Segment(k), snap.Base(k)
		last := -1
		base.eachIn(from, from+seg.Passages(), func(n int) {
			d := seg.PassageDoc(n - from)
			if d == last {
				return
			}
			last = d
			if m := snap.Meta(k, d); m != nil {
				f(indexer.DocRef{Seg: k, Doc: d}, m)
			}
		})
	}
}

// passesPassage reports whether passage p of segment k, of a document that
// passes the document clauses, passes the passage clauses.
func passesPassage(clauses []clause, k int, seg *occur.Segment, p int) bool {
	for j := range clauses {
		if clauses[j].facet.scope == passageScope && !clauses[j].passesPassage(k, seg, p) {
			return false
		}
	}
	return true
}

// passesDoc reports whether document m passes the document clauses.
func passesDoc(clauses []clause, m *indexer.Meta, buf []string) bool {
	for j := range clauses {
		if clauses[j].facet.scope == docScope && !clauses[j].passesDoc(m, buf) {
			return false
		}
	}
	return true
}
