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

// filterAndCount applies the clauses to the passages of base (nil: every
// passage) and counts, for every counted facet, the documents per value
// among the passages that pass every clause but the facet's own: a user
// can widen a selection. With counts unset it only filters.
func filterAndCount(snap *indexer.Snapshot, base bitset, clauses []clause, counts bool) *tally {
	t := &tally{}
	if counts {
		t.facets = map[string]map[string]int{}
	}
	// own[f] is the index of facet f's clause, -1 when it has none.
	var counted []*facet
	var own []int
	if counts {
		for _, f := range facets {
			if !f.counted {
				continue
			}
			counted = append(counted, f)
			own = append(own, slices.IndexFunc(clauses, func(c clause) bool { return c.facet == f }))
			t.facets[f.name] = map[string]int{}
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
	full := uint64(1)<<len(clauses) - 1
	buf := make([]string, 0, 16)
	qualifies := make([]bool, len(counted))       // per counted facet: the document has a passage that counts
	seen := make([]map[string]bool, len(counted)) // per passage-scope facet: values seen in the document
	for k := range seen {
		seen[k] = map[string]bool{}
	}

	snap.Each(func(ref indexer.DocRef, meta *indexer.Meta) {
		seg := snap.Segment(ref.Seg)
		first, end := seg.DocPassages(ref.Doc)
		baseNo := snap.Base(ref.Seg)
		if base != nil && !anyIn(base, baseNo+first, baseNo+end) {
			return
		}
		// Clauses the document fails, as bits.
		var docFails uint64
		for _, j := range docClauses {
			if !clauses[j].passesDoc(meta, buf) {
				docFails |= 1 << j
			}
		}
		if counts && docFails&(docFails-1) != 0 {
			return // fails two clauses: counts for no facet
		}
		if !counts && docFails != 0 {
			return
		}
		var match []int
		for k := range qualifies {
			qualifies[k] = false
			clear(seen[k])
		}
		for p := first; p < end; p++ {
			n := baseNo + p
			if base != nil && !base.has(n) {
				continue
			}
			fails := docFails
			for _, j := range passageClauses {
				if !clauses[j].passesPassage(seg, p, buf) {
					fails |= 1 << j
				}
			}
			if fails == 0 {
				match = append(match, n)
			}
			if !counts {
				continue
			}
			for k, f := range counted {
				mask := full
				if own[k] >= 0 {
					mask &^= 1 << own[k]
				}
				if fails&mask != 0 {
					continue
				}
				qualifies[k] = true
				if f.scope == passageScope {
					buf = f.passageValues(seg, p, buf[:0])
					for _, v := range buf {
						seen[k][v] = true
					}
				}
			}
		}
		for k, f := range counted {
			if !qualifies[k] {
				continue
			}
			if f.scope == docScope {
				buf = f.docValues(meta, buf[:0])
				for _, v := range buf {
					t.facets[f.name][v]++
				}
			} else {
				for v := range seen[k] {
					t.facets[f.name][v]++
				}
			}
		}
		if len(match) > 0 {
			t.docs = append(t.docs, docMatch{ref: ref, meta: meta, passages: match})
			t.passages += len(match)
		}
	})
	return t
}

// anyIn reports whether b has a member in [from, to).
func anyIn(b bitset, from, to int) bool {
	for from < to {
		if from&63 == 0 && from+64 <= to {
			if b[from>>6] != 0 {
				return true
			}
			from += 64
			continue
		}
		if b.has(from) {
			return true
		}
		from++
	}
	return false
}

// passesPassage reports whether passage p of seg, of a document that passes
// the document clauses, passes the passage clauses.
func passesPassage(clauses []clause, seg *occur.Segment, p int, buf []string) bool {
	for j := range clauses {
		if clauses[j].facet.scope == passageScope && !clauses[j].passesPassage(seg, p, buf) {
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
