package search

import (
	"sync"

	"github.com/renda-archive/renda/indexer"
)

// docValueTable numbers the values of the counted document facets for one
// snapshot's documents, so that counting a document is an increment in an
// array rather than in a map of strings. Built once per snapshot.
type docValueTable struct {
	snap   *indexer.Snapshot
	ids    map[*facet][][]int32 // per segment, per document: its value's number, -1 for none or not current
	values map[*facet][]string
}

// docValueCache holds the table of the snapshot queried last. It compares
// snapshots by pointer and keeps the one it compares with reachable, so a
// new snapshot is never mistaken for it.
type docValueCache struct {
	mu    sync.Mutex
	table *docValueTable
}

func (c *docValueCache) get(snap *indexer.Snapshot) *docValueTable {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.table != nil && c.table.snap == snap {
		return c.table
	}
	t := &docValueTable{snap: snap, ids: map[*facet][][]int32{}, values: map[*facet][]string{}}
	buf := make([]string, 0, 4)
	for _, f := range facets {
		if !f.counted || f.scope != docScope {
			continue
		}
		numbers := map[string]int32{}
		ids := make([][]int32, snap.Segments())
		for k := range ids {
			ids[k] = make([]int32, snap.Segment(k).Docs())
			for d := range ids[k] {
				ids[k][d] = -1
			}
		}
		snap.Each(func(ref indexer.DocRef, m *indexer.Meta) {
			vs := f.docValues(m, buf[:0])
			if len(vs) == 0 {
				return
			}
			n, ok := numbers[vs[0]] // document facets have one value each
			if !ok {
				n = int32(len(t.values[f]))
				numbers[vs[0]] = n
				t.values[f] = append(t.values[f], vs[0])
			}
			ids[ref.Seg][ref.Doc] = n
		})
		t.ids[f] = ids
	}
	c.table = t
	return t
}
