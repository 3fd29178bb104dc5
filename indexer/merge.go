package indexer

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/renda-archive/renda/occur"
)

// Merge policy: every Add writes a segment, so segments accumulate; a
// background merge keeps at most maxSegments of them, merging the smallest
// together (the large one, usually the whole default corpus, stays as it
// is), and rewrites a segment once half its text is dead. A query looks a
// string up once per segment, so few segments keep lookups cheap; merging
// only small ones keeps the cost of each import small.
const maxSegments = 4

// merger runs merges in the background, one at a time.
type merger struct {
	mu      sync.Mutex // serializes merges, background or Compact
	wake    chan struct{}
	quit    chan struct{}
	done    chan struct{}
	errMu   sync.Mutex
	lastErr error
}

func (m *merger) start(i *Index) {
	m.wake = make(chan struct{}, 1)
	m.quit = make(chan struct{})
	m.done = make(chan struct{})
	go func() {
		defer close(m.done)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			<-m.quit
			cancel()
		}()
		for {
			select {
			case <-m.quit:
				return
			case <-m.wake:
			}
			for {
				m.mu.Lock()
				merged, err := i.mergeOnce(ctx, i.pickMerge())
				m.mu.Unlock()
				if err != nil && ctx.Err() == nil {
					m.errMu.Lock()
					m.lastErr = err
					m.errMu.Unlock()
				}
				if !merged || err != nil {
					break
				}
			}
		}
	}()
}

// poke asks for a merge check; it never blocks.
func (m *merger) poke() {
	if m.wake == nil {
		return
	}
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// stop ends the background merges, waiting for a running one.
func (m *merger) stop() {
	if m.quit == nil {
		return
	}
	select {
	case <-m.quit:
	default:
		close(m.quit)
	}
	<-m.done
}

// err returns the error of the last failed background merge, if any.
func (m *merger) err() error {
	m.errMu.Lock()
	defer m.errMu.Unlock()
	return m.lastErr
}

// pickMerge returns the segments the merge policy would merge now, or nil.
func (i *Index) pickMerge() []*segment {
	i.mu.RLock()
	defer i.mu.RUnlock()
	if i.closed {
		return nil
	}
	type sized struct {
		s          *segment
		live, dead int // characters
	}
	var segs []sized
	for k, s := range i.snap.segs {
		if s.pending {
			continue
		}
		sz := sized{s: s}
		for d, m := range i.snap.metas[k] {
			if m != nil {
				sz.live += s.DocChars(d)
			} else {
				sz.dead += s.DocChars(d)
			}
		}
		segs = append(segs, sz)
	}
	slices.SortFunc(segs, func(a, b sized) int { return a.live - b.live })
	var pick []*segment
	n := 0
	if len(segs) > maxSegments {
		n = len(segs) - maxSegments + 1
	}
	for k, sz := range segs {
		if k < n || sz.dead > 0 && sz.dead >= sz.live {
			pick = append(pick, sz.s)
		}
	}
	return pick
}

// Compact merges every segment into one, dropping the text of replaced and
// deleted documents, and waits until it is done. Queries run meanwhile;
// Add waits. It fails if the merged segment cannot be written or ctx is
// cancelled, leaving the segments as they were.
func (i *Index) Compact(ctx context.Context) error {
	i.write.Lock()
	defer i.write.Unlock()
	i.merges.mu.Lock()
	defer i.merges.mu.Unlock()
	if err := i.checkOpen(); err != nil {
		return err
	}
	i.mu.RLock()
	segs := slices.Clone(i.segs)
	i.mu.RUnlock()
	if len(segs) == 1 && i.snapComplete(0) {
		return nil
	}
	_, err := i.mergeOnce(ctx, segs)
	return err
}

func (i *Index) snapComplete(k int) bool {
	i.mu.RLock()
	defer i.mu.RUnlock()
	return i.snap.Complete(k)
}

// mergeOnce replaces segs by one segment holding their current documents.
// It reports whether it changed anything.
func (i *Index) mergeOnce(ctx context.Context, segs []*segment) (bool, error) {
	if len(segs) == 0 {
		return false, nil
	}
	snap, err := i.Snapshot()
	if err != nil {
		return false, err
	}
	defer snap.Release()
	var srcs []occur.Source
	var covers []uint64
	for k, s := range snap.segs {
		if !slices.Contains(segs, s) {
			continue
		}
		covers = append(covers, s.Covers()...)
		for d, m := range snap.metas[k] {
			if m != nil {
				srcs = append(srcs, s.Source(d))
			}
		}
	}
	var merged *segment
	if len(srcs) > 0 {
		if merged, err = i.writeSegment(ctx, srcs, covers, false); err != nil {
			return false, fmt.Errorf("merge %d segments: %w", len(segs), err)
		}
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		if merged != nil {
			merged.drop.Store(true)
			merged.release()
		}
		return false, ErrClosed
	}
	// A merged segment may have gone meanwhile (refresh drops segments
	// whose documents all died); only those still here are released.
	var kept, gone []*segment
	for _, s := range i.segs {
		if slices.Contains(segs, s) {
			gone = append(gone, s)
		} else {
			kept = append(kept, s)
		}
	}
	if merged != nil {
		kept = append(kept, merged)
	}
	i.segs = kept
	for _, s := range gone {
		s.drop.Store(true)
		s.release()
	}
	i.refresh()
	return true, nil
}
