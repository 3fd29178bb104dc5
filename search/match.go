package search

import (
	"context"
	"math"
	"strings"
	"sync"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
)

// BM25 parameters for ranking passages by their verbatim occurrences of
// what was searched: the usual values; passages are short, so length
// normalisation matters less than in long documents.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// matcher finds the passages of one snapshot that contain strings, and
// scores them. It is used by one goroutine for one request.
type matcher struct {
	snap     *indexer.Snapshot
	n        int       // passage numbers in the snapshot
	live     int       // current passages
	avgChars float64   // folded characters per current passage
	counts   []uint8   // occurrences per passage of the string being looked up, up to 255
	scores   []float32 // verbatim BM25 per passage, summed over the strings looked up
}

func newMatcher(snap *indexer.Snapshot) *matcher {
	m := &matcher{snap: snap, n: snap.Passages()}
	var chars int
	m.live, chars = snap.Live()
	m.avgChars = float64(chars) / float64(max(m.live, 1))
	return m
}

// scratchPool recycles the per-passage arrays of matchers: a megabyte per
// request that would otherwise feed the garbage collector.
var scratchPool sync.Pool

type scratch struct {
	counts []uint8
	scores []float32
}

// getScratch returns zeroed arrays for n passages.
func getScratch(n int) ([]uint8, []float32) {
	if s, ok := scratchPool.Get().(*scratch); ok && len(s.counts) == n {
		clear(s.scores)
		return s.counts, s.scores // counts are zeroed as they are used
	}
	return make([]uint8, n), make([]float32, n)
}

// release gives the matcher's arrays back; the matcher and the scores it
// gave must not be used afterwards.
func (m *matcher) release() {
	if m.counts != nil {
		scratchPool.Put(&scratch{counts: m.counts, scores: m.scores})
		m.counts, m.scores = nil, nil
	}
}

// eachRange calls f with every segment k holding the folded string and
// the range [lo, hi) of its suffix array ranks that start with it.
func eachRange(snap *indexer.Snapshot, folded []rune, f func(k, lo, hi int)) {
	for k := 0; k < snap.Segments(); k++ {
		lo, hi := snap.Segment(k).Lookup(folded)
		if lo < hi {
			f(k, lo, hi)
		}
	}
}

// find returns the passages of current documents whose folded text
// contains the folded s. With score set, it also adds each passage's BM25
// weight for s to m.scores.
func (m *matcher) find(s string, score bool) bitset {
	set := newBitset(m.n)
	folded := []rune(fold.String(s))
	if len(folded) == 0 {
		return set
	}
	if score && m.counts == nil {
		m.counts, m.scores = getScratch(m.n)
	}
	df := 0
	eachRange(m.snap, folded, func(k, lo, hi int) {
		seg, base, complete := m.snap.Segment(k), m.snap.Base(k), m.snap.Complete(k)
		for r := lo; r < hi; r++ {
			p := seg.RankPassage(r)
			if !complete && m.snap.Meta(k, seg.PassageDoc(p)) == nil {
				continue
			}
			n := base + p
			if !score {
				set.set(n)
				continue
			}
			if m.counts[n] == 0 {
				df++
				set.set(n)
			}
			if m.counts[n] < math.MaxUint8 {
				m.counts[n]++
			}
		}
	})
	if !score {
		return set
	}
	idf := math.Log(1 + (float64(m.live)-float64(df)+0.5)/(float64(df)+0.5))
	for k := 0; k < m.snap.Segments(); k++ {
		seg, base := m.snap.Segment(k), m.snap.Base(k)
		set.eachIn(base, base+seg.Passages(), func(n int) {
			tf := float64(m.counts[n])
			norm := 1 - bm25B + bm25B*float64(seg.PassageChars(n-base))/m.avgChars
			m.scores[n] += float32(idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm))
			m.counts[n] = 0
		})
	}
	return set
}

// titled returns every passage of the current documents whose folded
// title contains the folded s: a word in a title counts as present in all
// of its document's passages, so that 政府工作报告 finds the reports titled
// so even where their text never says it, and 备案审查 监督法 finds the
// 监督法's articles on 备案审查.
func (m *matcher) titled(s string) bitset {
	set := newBitset(m.n)
	f := fold.String(s)
	if f == "" {
		return set
	}
	m.snap.Each(func(ref indexer.DocRef, _ *indexer.Meta) {
		if strings.Contains(m.snap.FoldedTitle(ref), f) {
			first, end := m.snap.Segment(ref.Seg).DocPassages(ref.Doc)
			base := m.snap.Base(ref.Seg)
			for p := first; p < end; p++ {
				set.set(base + p)
			}
		}
	})
	return set
}

// all returns every passage of the current documents.
func (m *matcher) all() bitset {
	set := newBitset(m.n)
	m.snap.Each(func(ref indexer.DocRef, _ *indexer.Meta) {
		first, end := m.snap.Segment(ref.Seg).DocPassages(ref.Doc)
		base := m.snap.Base(ref.Seg)
		for p := first; p < end; p++ {
			set.set(base + p)
		}
	})
	return set
}

// textMatch is what the words and quotes of a query match, before filters.
type textMatch struct {
	set        bitset // nil: no words, every passage
	needles    []string
	titled     []string // unquoted words and their synonyms: also marked in titles
	words      []string // unquoted words and their synonyms, for gse word ranking
	expansions []Expansion
}

// match finds the passages that the query's words and quotes match: every
// group must match (a group matches when one of its terms does), no
// exclusion may. It returns ctx's error if ctx ends first; each string
// looked up takes milliseconds at most, so it checks between them.
func (e *Engine) match(ctx context.Context, m *matcher, q *Query, score bool) (*textMatch, error) {
	tm := &textMatch{expansions: []Expansion{}}
	for _, group := range q.Groups {
		var any bitset
		searchable := false
		for _, t := range group {
			strs := []string{t.Text}
			if !t.Quoted {
				if syn := e.syn.Expand(t.Text); len(syn) > 0 {
					strs = append(strs, syn...)
					tm.expansions = append(tm.expansions, Expansion{Term: t.Text, Synonyms: syn})
				}
			}
			for _, s := range strs {
				if fold.String(s) == "" {
					continue
				}
				searchable = true
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				found := m.find(s, score)
				if !t.Quoted {
					found.or(m.titled(s))
					tm.titled = append(tm.titled, s)
					tm.words = append(tm.words, s)
				}
				tm.needles = append(tm.needles, s)
				if any == nil {
					any = found
				} else {
					any.or(found)
				}
			}
		}
		if !searchable {
			return nil, corpus.Errorf(corpus.EINVALID, "nothing searchable in %q", group[0].Text)
		}
		if tm.set == nil {
			tm.set = any
		} else {
			tm.set.and(any)
		}
	}
	if len(q.Exclude) > 0 {
		if tm.set == nil {
			tm.set = m.all()
		}
		for _, t := range q.Exclude {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			tm.set.andNot(m.find(t.Text, false))
		}
	}
	return tm, nil
}
