package search

import (
	"container/list"
	"sync"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
)

// docCache keeps recently shown documents decoded, keyed by ID and content
// hash so that a replaced document is never served stale. Decoding a stored
// document dominates the cost of rendering hits. Safe for concurrent use;
// cached documents are shared and must not be modified.
type docCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	doc *corpus.Document
}

func newDocCache(max int) *docCache {
	return &docCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the document of catalog entry m from the cache or loads it
// from ix.
func (c *docCache) get(ix *indexer.Index, m *indexer.Meta) (*corpus.Document, error) {
	id := m.ID
	key := id + "/" + m.Hash
	c.mu.Lock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*cacheEntry).doc, nil
	}
	c.mu.Unlock()
	doc, err := ix.Document(id)
	if err != nil {
		return nil, err
	}
	if doc.Hash != m.Hash {
		return doc, nil // replaced since m was read: not the version the key names
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; !ok {
		c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, doc: doc})
		for c.order.Len() > c.max {
			last := c.order.Back()
			c.order.Remove(last)
			delete(c.byKey, last.Value.(*cacheEntry).key)
		}
	}
	return doc, nil
}
