package indexer

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/occur"
)

// Snapshot is a consistent, read-only view of the archive's occurrence
// segments: which documents are current in each, with their catalog
// entries. Passages are numbered across segments: segment s's passage p is
// passage Base(s)+p of the snapshot, so that sets of passages are plain
// bit sets over [0, Passages()). Numbers of passages whose document is not
// current stay unused.
//
// A Snapshot stays valid, its segments mapped, until Release, even while
// Adds and merges go on; it is safe for concurrent use. It does not see
// writes made after it was taken.
type Snapshot struct {
	version  uint64 // unique to this snapshot, increasing
	refs     atomic.Int32
	segs     []*segment
	base     []int     // first passage number of each segment, then Passages()
	metas    [][]*Meta // per segment, per document: its catalog entry if current there, else nil
	complete []bool    // per segment: every document current
	docs     map[string]DocRef
	live     int // passages of current documents
	chars    int // their folded characters

	titlesOnce sync.Once
	titles     [][]string // per segment, per current document: its folded title
}

// versions numbers snapshots.
var versions atomic.Uint64

// Version returns a number unique to the snapshot among those of the
// process, larger for later snapshots: a key for results computed from it.
func (s *Snapshot) Version() uint64 { return s.version }

// DocRef locates a document in a snapshot: segment Seg, document Doc of
// that segment.
type DocRef struct{ Seg, Doc int }

func newSnapshot(segs []*segment, catalog map[string]*Meta) *Snapshot {
	s := &Snapshot{
		segs:     slices.Clone(segs),
		base:     make([]int, len(segs)+1),
		metas:    make([][]*Meta, len(segs)),
		complete: make([]bool, len(segs)),
		docs:     make(map[string]DocRef, len(catalog)),
	}
	s.refs.Store(1)
	s.version = versions.Add(1)
	for k, seg := range s.segs {
		seg.acquire()
		s.base[k+1] = s.base[k] + seg.Passages()
		metas, live := currentDocs(seg, catalog)
		for d, m := range metas {
			if m == nil {
				continue
			}
			if _, dup := s.docs[m.ID]; dup {
				metas[d] = nil // cannot happen: generations name one segment
				live--
				continue
			}
			s.docs[m.ID] = DocRef{Seg: k, Doc: d}
			first, end := seg.DocPassages(d)
			s.live += end - first
			s.chars += seg.DocChars(d)
		}
		s.metas[k] = metas
		s.complete[k] = live == len(metas)
	}
	return s
}

// Snapshot returns the current view of the archive; the caller must
// Release it. It fails with ErrClosed after Close. Safe for concurrent use.
func (i *Index) Snapshot() (*Snapshot, error) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	if i.closed {
		return nil, ErrClosed
	}
	i.snap.refs.Add(1)
	return i.snap, nil
}

// Release gives the snapshot back. It must be called once per Snapshot
// call; the snapshot must not be used afterwards.
func (s *Snapshot) Release() {
	if s.refs.Add(-1) == 0 {
		for _, seg := range s.segs {
			seg.release()
		}
	}
}

// Segments returns the number of segments.
func (s *Snapshot) Segments() int { return len(s.segs) }

// Segment returns segment k.
func (s *Snapshot) Segment(k int) *occur.Segment { return s.segs[k].Segment }

// Base returns the snapshot number of segment k's first passage.
func (s *Snapshot) Base(k int) int { return s.base[k] }

// Passages returns how many passage numbers the snapshot uses, current or
// not: every passage number is below it.
func (s *Snapshot) Passages() int { return s.base[len(s.segs)] }

// Meta returns the catalog entry of document d of segment k, or nil when
// that version is not current. The entry must not be modified.
func (s *Snapshot) Meta(k, d int) *Meta { return s.metas[k][d] }

// Complete reports whether every document of segment k is current, so
// that its occurrences need no check.
func (s *Snapshot) Complete(k int) bool { return s.complete[k] }

// Live returns the number of passages of current documents and their
// folded characters.
func (s *Snapshot) Live() (passages, chars int) { return s.live, s.chars }

// Documents returns the number of current documents.
func (s *Snapshot) Documents() int { return len(s.docs) }

// Find returns where the current version of document id is.
func (s *Snapshot) Find(id string) (DocRef, bool) {
	r, ok := s.docs[id]
	return r, ok
}

// FindMeta returns the catalog entry of document id, or nil.
func (s *Snapshot) FindMeta(id string) *Meta {
	r, ok := s.docs[id]
	if !ok {
		return nil
	}
	return s.metas[r.Seg][r.Doc]
}

// Each calls f with every current document, segment by segment, in
// segment order.
func (s *Snapshot) Each(f func(ref DocRef, m *Meta)) {
	for k, metas := range s.metas {
		for d, m := range metas {
			if m != nil {
				f(DocRef{Seg: k, Doc: d}, m)
			}
		}
	}
}

// FoldedTitle returns the folded title (fold.String) of a current
// document; the titles are folded once per snapshot, on first use.
func (s *Snapshot) FoldedTitle(r DocRef) string {
	s.titlesOnce.Do(func() {
		s.titles = make([][]string, len(s.segs))
		for k, metas := range s.metas {
			s.titles[k] = make([]string, len(metas))
			for d, m := range metas {
				if m != nil {
					s.titles[k][d] = fold.String(m.Title)
				}
			}
		}
	})
	return s.titles[r.Seg][r.Doc]
}

// Locate returns the segment and segment passage of passage number n.
func (s *Snapshot) Locate(n int) (seg, passage int) {
	k := sort.Search(len(s.segs), func(k int) bool { return s.base[k+1] > n })
	return k, n - s.base[k]
}

// Number returns the passage number of the passage with the given ID, if
// its document is current.
func (s *Snapshot) Number(passageID string) (int, bool) {
	docID, ord, ok := corpus.SplitPassageID(passageID)
	if !ok {
		return 0, false
	}
	r, ok := s.docs[docID]
	if !ok {
		return 0, false
	}
	first, end := s.segs[r.Seg].DocPassages(r.Doc)
	if ord > end-first {
		return 0, false
	}
	return s.base[r.Seg] + first + ord - 1, true
}

// PassageID returns the corpus ID of passage number n.
func (s *Snapshot) PassageID(n int) string {
	k, p := s.Locate(n)
	seg := s.segs[k]
	return corpus.PassageID(seg.DocID(seg.PassageDoc(p)), seg.Ordinal(p))
}

// PassageMeta returns the catalog entry of passage number n's document, or
// nil when that document is not current.
func (s *Snapshot) PassageMeta(n int) *Meta {
	k, p := s.Locate(n)
	return s.metas[k][s.segs[k].PassageDoc(p)]
}
