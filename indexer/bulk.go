package indexer

import (
	"context"
	"fmt"

	"github.com/renda-archive/renda/occur"
)

// bulkLoad holds the occurrence data of the documents added since Bulk.
type bulkLoad struct {
	gen  uint64
	srcs map[string]occur.Source // by document ID: the last version added
}

func (b *bulkLoad) add(srcs []occur.Source) {
	for _, s := range srcs {
		b.srcs[s.ID] = s
	}
}

// Bulk starts building mode, for filling a new archive: the Adds that
// follow keep their documents' occurrence data in memory, without their
// stored copies or whole documents, instead of writing a segment each, and
// Flush (or Close) writes it all as one segment, whose suffix array is
// built once. Everything else about Add stays as it is. Until Flush, those
// documents' text is not found by searches; a crash before Flush leaves
// catalog entries without occurrence data, which Open rebuilds from the
// stored copies. Bulk does nothing if building mode is on already; it
// fails with ErrClosed after Close. Safe for concurrent use.
func (i *Index) Bulk() error {
	i.write.Lock()
	defer i.write.Unlock()
	if i.bulk != nil {
		return nil
	}
	gen, err := i.nextGen()
	if err != nil {
		return err
	}
	i.bulk = &bulkLoad{gen: gen, srcs: map[string]occur.Source{}}
	return nil
}

// Flush ends building mode: it writes the occurrence data held since Bulk
// as one segment, of the documents still current, and makes it visible. It
// does nothing outside building mode. It fails if the segment cannot be
// written or ctx ends first; building mode then stays on, so that Flush
// can be tried again. Safe for concurrent use; Adds wait.
func (i *Index) Flush(ctx context.Context) error {
	i.write.Lock()
	defer i.write.Unlock()
	return i.flush(ctx)
}

func (i *Index) flush(ctx context.Context) error {
	b := i.bulk
	if b == nil {
		return nil
	}
	var srcs []occur.Source
	i.mu.RLock()
	for id, s := range b.srcs {
		if m := i.catalog[id]; m != nil && m.Hash == s.Hash && m.Gen == b.gen {
			srcs = append(srcs, s)
		}
	}
	i.mu.RUnlock()
	if len(srcs) > 0 {
		seg, err := i.writeSegmentGen(ctx, b.gen, srcs, nil, false)
		if err != nil {
			return fmt.Errorf("indexer: flush: %w", err)
		}
		i.mu.Lock()
		i.segs = append(i.segs, seg)
		i.refresh()
		i.mu.Unlock()
	}
	i.bulk = nil
	i.merges.poke()
	return nil
}
