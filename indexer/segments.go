package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/renda-archive/renda/occur"
)

// The occurrence segments live in the data directory's occur directory, a
// file per segment named by its generation. Every Add writes a segment of
// a new generation before the Bleve batches whose catalog entries name
// that generation, so each catalogued version is in a segment on disk.
// Merges write a segment of a new generation that covers the generations
// of the segments it replaces, then remove those.
//
// Which documents of a segment are current follows from the catalog: a
// document is current in a segment when the catalog has the same hash for
// it and names a generation the segment covers. Replaced and deleted
// versions are so tombstoned without a write; merges drop them. At Open,
// a segment whose generations another, newer one covers was merged (the
// removal was interrupted) and goes; a segment with no current document
// goes; a catalogued document that no segment holds gets a new segment
// from its stored copy.
const (
	occurDir  = "occur"
	segSuffix = ".occ"
)

func segName(gen uint64) string { return fmt.Sprintf("%016x%s", gen, segSuffix) }

// segment is an open occurrence segment shared by snapshots.
type segment struct {
	*occur.Segment
	path    string
	refs    atomic.Int32 // the index's own reference, plus one per snapshot holding it
	drop    atomic.Bool  // remove the file when the last reference goes
	pending bool         // under Index.mu: an Add is still committing its documents
}

func (s *segment) acquire() { s.refs.Add(1) }

// release drops a reference; the last one closes the segment and, once it
// is no longer part of the archive, removes its file.
func (s *segment) release() {
	if s.refs.Add(-1) == 0 {
		s.Close()
		if s.drop.Load() {
			os.Remove(s.path)
		}
	}
}

// nextGen returns a new generation number.
func (i *Index) nextGen() (uint64, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		return 0, ErrClosed
	}
	i.gen++
	return i.gen, nil
}

// writeSegment builds a segment of a new generation over srcs, covering
// covers as well, writes it durably and maps it; see writeSegmentGen.
func (i *Index) writeSegment(ctx context.Context, srcs []occur.Source, covers []uint64, pending bool) (*segment, error) {
	gen, err := i.nextGen()
	if err != nil {
		return nil, err
	}
	return i.writeSegmentGen(ctx, gen, srcs, covers, pending)
}

// writeSegmentGen builds a segment of generation gen over srcs, covering
// covers as well, writes it durably and maps it. A pending segment joins
// the archive at once, with no current document until its Add commits
// them; otherwise the caller installs it.
func (i *Index) writeSegmentGen(ctx context.Context, gen uint64, srcs []occur.Source, covers []uint64, pending bool) (*segment, error) {
	built, err := occur.Build(gen, append(slices.Clone(covers), gen), srcs)
	if err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	path := filepath.Join(i.dir, occurDir, segName(gen))
	if err := built.Write(path); err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	mapped, err := occur.Open(path)
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("indexer: %w", err)
	}
	s := &segment{Segment: mapped, path: path, pending: pending}
	s.refs.Store(1)
	if pending {
		i.mu.Lock()
		i.segs = append(i.segs, s)
		i.mu.Unlock()
	}
	return s, nil
}

// settle ends an Add's hold on its segment: from now on, a segment with no
// current document is removed.
func (i *Index) settle(s *segment) {
	i.mu.Lock()
	defer i.mu.Unlock()
	s.pending = false
	i.refresh()
}

// commit applies change to the catalog and makes the new state visible.
func (i *Index) commit(change func(catalog map[string]*Meta)) {
	i.mu.Lock()
	defer i.mu.Unlock()
	change(i.catalog)
	i.refresh()
}

// refresh builds the current snapshot from the segments and the catalog,
// and removes the segments that hold no current document. Called with
// i.mu held for writing.
func (i *Index) refresh() {
	if i.closed {
		return
	}
	kept := i.segs[:0]
	var dropped []*segment
	for _, s := range i.segs {
		if _, live := currentDocs(s, i.catalog); live > 0 || s.pending {
			kept = append(kept, s)
		} else {
			dropped = append(dropped, s)
		}
	}
	clear(i.segs[len(kept):])
	i.segs = kept
	old := i.snap
	i.snap = newSnapshot(i.segs, i.catalog)
	if old != nil {
		old.Release()
	}
	for _, s := range dropped {
		s.drop.Store(true)
		s.release()
	}
}

// currentDocs returns, per document of s, its catalog entry if the version
// in s is current, and how many are.
func currentDocs(s *segment, catalog map[string]*Meta) ([]*Meta, int) {
	metas := make([]*Meta, s.Docs())
	live := 0
	covers := s.Covers()
	for d := range metas {
		m := catalog[s.DocID(d)]
		if m == nil || m.Hash != s.DocHash(d) {
			continue
		}
		if _, ok := slices.BinarySearch(covers, m.Gen); ok {
			metas[d] = m
			live++
		}
	}
	return metas, live
}

// openSegments maps the segment files of the data directory and keeps
// those with current documents; see the comment at the top of this file.
// A damaged segment file is removed: Open's repair rebuilds what it held.
func (i *Index) openSegments() error {
	dir := filepath.Join(i.dir, occurDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var segs []*segment
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if !e.Type().IsRegular() {
			continue
		}
		if strings.HasSuffix(name, ".tmp") {
			os.Remove(path) // an interrupted write
			continue
		}
		gen, err := strconv.ParseUint(strings.TrimSuffix(name, segSuffix), 16, 64)
		if err != nil || !strings.HasSuffix(name, segSuffix) {
			continue // not Renda's
		}
		i.gen = max(i.gen, gen) // never reused, even if the file goes
		seg, err := occur.Open(path)
		if errors.Is(err, occur.ErrCorrupt) {
			os.Remove(path)
			continue
		}
		if err != nil {
			for _, s := range segs {
				s.release()
			}
			return err
		}
		if seg.Gen() != gen {
			seg.Close()
			os.Remove(path)
			continue
		}
		s := &segment{Segment: seg, path: path}
		s.refs.Store(1)
		segs = append(segs, s)
	}
	// A segment whose generations a newer one covers was merged into it.
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, s := range segs {
		merged := slices.ContainsFunc(segs, func(t *segment) bool {
			return t.Gen() > s.Gen() && coversAll(t.Covers(), s.Covers())
		})
		if merged {
			s.drop.Store(true)
			s.release()
			continue
		}
		i.segs = append(i.segs, s)
	}
	i.refresh()
	return nil
}

// coversAll reports whether every generation of b is in a; both sorted.
func coversAll(a, b []uint64) bool {
	for _, g := range b {
		if _, ok := slices.BinarySearch(a, g); !ok {
			return false
		}
	}
	return true
}

// repair gives the catalogued documents that no segment holds a new
// segment built from their stored copies, and points their catalog
// entries at it. It fails if a stored copy cannot be read.
func (i *Index) repair(ctx context.Context) error {
	i.mu.RLock()
	var missing []*Meta
	for id, m := range i.catalog {
		if _, ok := i.snap.docs[id]; !ok {
			missing = append(missing, m)
		}
	}
	i.mu.RUnlock()
	if len(missing) == 0 {
		return nil
	}
	slices.SortFunc(missing, func(a, b *Meta) int { return strings.Compare(a.ID, b.ID) })
	srcs := make([]occur.Source, len(missing))
	for k, m := range missing {
		d, err := i.readDoc(m)
		if err != nil {
			return fmt.Errorf("repair occurrences of %s: %w", m.ID, err)
		}
		srcs[k] = occur.FromDocument(d)
	}
	seg, err := i.writeSegment(ctx, srcs, nil, true)
	if err != nil {
		return err
	}
	defer i.settle(seg)
	batch := i.bleve.NewBatch()
	moved := make([]*Meta, len(missing))
	for k, m := range missing {
		cp := *m
		cp.Gen = seg.Gen()
		raw, err := json.Marshal(&cp)
		if err != nil {
			return err
		}
		batch.SetInternal([]byte(metaPrefix+m.ID), raw)
		moved[k] = &cp
	}
	if err := i.bleve.Batch(batch); err != nil {
		return fmt.Errorf("repair occurrences: %w", err)
	}
	i.commit(func(catalog map[string]*Meta) {
		for _, m := range moved {
			catalog[m.ID] = m
		}
	})
	return nil
}

// releaseSegments drops the index's references to its segments and its
// snapshot. Called with i.mu held for writing, or before the index is
// shared.
func (i *Index) releaseSegments() {
	if i.snap != nil {
		i.snap.Release()
		i.snap = nil
	}
	for _, s := range i.segs {
		s.release()
	}
	i.segs = nil
}
