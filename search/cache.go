package search

import (
	"container/list"
	"sync"
)

// resultCache keeps recent results, keyed by the snapshot they were
// computed from and the request, so that a repeated request (a popular
// query, a page revisited, the facets of a search refined and undone)
// costs a map lookup. Results of a snapshot that is no longer current are
// never asked for again and age out. Safe for concurrent use; cached values
// are shared and must not be modified.
type resultCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key   string
	value any
}

// resultCacheSize bounds the cache: a result page is tens of kilobytes,
// so this is some tens of megabytes at most.
const resultCacheSize = 512

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *resultCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).value, true
}

func (c *resultCache) put(key string, value any) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		e.Value.(*cacheEntry).value = value
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, value: value})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}
