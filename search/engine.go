package search

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
)

// Limits on paging.
const (
	DefaultSize     = 10
	MaxSize         = 100
	MaxPage         = 1000
	DefaultPassages = 3
	MaxPassages     = 20
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"     // newest first
	SortDateAsc   = "date_asc" // oldest first
)

// Request is one search.
type Request struct {
	Query    string  // the query language, see Parse
	Filters  Filters // more filters, e.g. from URL parameters; combined with those in Query
	Sort     string  // SortRelevance (default), SortDate or SortDateAsc
	Page     int     // 1-based; 0 means 1
	Size     int     // documents per page; 0 means DefaultSize
	Passages int     // passages shown per document; 0 means DefaultPassages
}

// Response is the answer to a Request. Total and facet counts are numbers of
// documents.
type Response struct {
	Query      string                  `json:"query"`
	Total      int                     `json:"total"`
	Passages   int                     `json:"passages"` // matching passages in all
	Page       int                     `json:"page"`
	Size       int                     `json:"size"`
	Hits       []Hit                   `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets"`
	Expansions []Expansion             `json:"expansions"`
	TookMS     float64                 `json:"took_ms"`
}

// Hit is one matching document.
type Hit struct {
	ID        string       `json:"id"`
	Title     string       `json:"title"`
	TitleHTML string       `json:"title_html"` // the title with the words searched for marked
	Type      string       `json:"type"`
	Level     string       `json:"level"`
	Region    string       `json:"region"`
	Body      string       `json:"body"`
	Year      int          `json:"year"`
	Date      string       `json:"date,omitempty"`
	Score     float64      `json:"score"`
	Matches   int          `json:"matches"` // matching passages in this document
	Passages  []PassageHit `json:"passages"`
}

// PassageHit is a matching passage with its matches marked.
type PassageHit struct {
	ID      string         `json:"id"`
	Ordinal int            `json:"ordinal"`
	Section []string       `json:"section"`
	Kind    string         `json:"kind"`
	Role    string         `json:"role"`
	Article int            `json:"article,omitempty"`
	HTML    string         `json:"html"`
	Text    string         `json:"text"`
	Matches []Span         `json:"matches"`
	Themes  []corpus.Label `json:"themes"`
	Tags    []corpus.Label `json:"tags"`
	Score   float64        `json:"score"`
}

// Engine answers searches, concordances and trends over an
// indexer.Index. It is safe for concurrent use; besides the index and the
// synonyms it keeps the numbered facet values of the last snapshot and
// recent results (a repeated request on an unchanged archive is a lookup).
//
// Every request works on one indexer.Snapshot: the occurrence index finds
// the passages that contain each word or quote verbatim, the filters and
// facet counts run over the snapshot's passage attributes, and Bleve's gse
// words add their score to the ranking.
type Engine struct {
	ix      *indexer.Index
	syn     *Synonyms
	values  docValueCache
	results *resultCache
}

// New returns an Engine over ix with the default synonyms.
func New(ix *indexer.Index) *Engine {
	return &Engine{ix: ix, syn: DefaultSynonyms(), results: newResultCache(resultCacheSize)}
}

// Search runs req. It returns a *corpus.Error with code EINVALID for a bad
// query or parameter, and wraps index errors otherwise. ctx bounds the work.
func (e *Engine) Search(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	if err := normalize(&req); err != nil {
		return nil, err
	}
	q, err := parseRequest(req.Query, req.Filters)
	if err != nil {
		return nil, err
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer snap.Release()
	key := cacheKey(snap, "search", req)
	if v, ok := e.results.get(key); ok {
		resp := *v.(*Response)
		resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
		return &resp, nil
	}
	res, err := e.evaluate(ctx, snap, q, true)
	if err != nil {
		return nil, err
	}
	defer res.m.release()
	resp := &Response{
		Query:      req.Query,
		Total:      len(res.tally.docs),
		Passages:   res.tally.passages,
		Page:       req.Page,
		Size:       req.Size,
		Hits:       []Hit{},
		Facets:     map[string][]FacetValue{},
		Expansions: res.text.expansions,
	}
	for name, counts := range res.tally.facets {
		resp.Facets[name] = sortedFacet(name, counts)
	}
	from := (req.Page - 1) * req.Size
	ranked, err := e.rank(ctx, res, req.Sort, from+req.Size)
	if err != nil {
		return nil, err
	}
	if from < len(ranked) {
		resp.Hits = e.hits(res, ranked[from:min(from+req.Size, len(ranked))], req.Passages)
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	e.results.put(key, resp)
	return resp, nil
}

// CacheResults sets how many recent results the engine keeps; 0 keeps
// none, as benchmarks of the work itself want. Not safe to call while the
// engine answers requests.
func (e *Engine) CacheResults(n int) { e.results = newResultCache(n) }

// cacheKey identifies a request's result on a snapshot.
func cacheKey(snap *indexer.Snapshot, kind string, req any) string {
	b, _ := json.Marshal(req) // plain structs and maps: never fails; map keys sorted
	return fmt.Sprintf("%d/%s/%s", snap.Version(), kind, b)
}

func normalize(req *Request) error {
	switch req.Sort {
	case "", SortRelevance:
		req.Sort = SortRelevance
	case SortDate, SortDateAsc:
	default:
		return corpus.Errorf(corpus.EINVALID, "sort %q: want relevance, date or date_asc", req.Sort)
	}
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = DefaultSize
	}
	if req.Passages == 0 {
		req.Passages = DefaultPassages
	}
	switch {
	case req.Page < 1 || req.Page > MaxPage:
		return corpus.Errorf(corpus.EINVALID, "page %d: want 1 to %d", req.Page, MaxPage)
	case req.Size < 1 || req.Size > MaxSize:
		return corpus.Errorf(corpus.EINVALID, "size %d: want 1 to %d", req.Size, MaxSize)
	case req.Passages < 1 || req.Passages > MaxPassages:
		return corpus.Errorf(corpus.EINVALID, "passages %d: want 1 to %d", req.Passages, MaxPassages)
	}
	return nil
}

// parseRequest parses the query language and adds the filters given
// apart from it.
func parseRequest(query string, filters Filters) (*Query, error) {
	q, err := Parse(query)
	if err != nil {
		return nil, err
	}
	if err := addFilters(q.Filters, filters); err != nil {
		return nil, err
	}
	return q, nil
}

// addFilters checks the filters in extra and adds them to dst; empty
// values are ignored.
func addFilters(dst, extra Filters) error {
	for field, values := range extra {
		if !isFilterField(field) {
			return corpus.Errorf(corpus.EINVALID, "unknown filter %q", field)
		}
		for _, v := range values {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			if err := checkFilter(field, v); err != nil {
				return err
			}
			dst.Add(field, v)
		}
	}
	return nil
}

// result is a query evaluated over a snapshot.
type result struct {
	snap    *indexer.Snapshot
	m       *matcher
	text    *textMatch
	clauses []clause
	tally   *tally
}

// evaluate finds the passages that match q in snap, grouped by document,
// with verbatim scores and, if counts is set, the facet counts. It returns
// ctx's error if ctx ends first.
func (e *Engine) evaluate(ctx context.Context, snap *indexer.Snapshot, q *Query, counts bool) (*result, error) {
	m := newMatcher(snap)
	text, err := e.match(ctx, m, q, counts)
	if err != nil {
		m.release()
		return nil, err
	}
	clauses := compileFilters(q.Filters, snap)
	var values *docValueTable
	if counts {
		values = e.values.get(snap)
	}
	return &result{snap: snap, m: m, text: text, clauses: clauses, tally: filterAndCount(snap, text.set, clauses, counts, values)}, nil
}

// MaxPassageIDs bounds PassageIDs.
const MaxPassageIDs = 500_000

// PassageIDs returns the IDs of every passage that matches q (the query
// language, filters included), in document order: document ID, then
// ordinal. It fails with a *corpus.Error (EINVALID) for a bad query, and
// when more than limit passages match (limit ≤ 0 or over MaxPassageIDs
// means MaxPassageIDs).
func (e *Engine) PassageIDs(ctx context.Context, q string, limit int) ([]string, error) {
	if limit <= 0 || limit > MaxPassageIDs {
		limit = MaxPassageIDs
	}
	parsed, err := Parse(q)
	if err != nil {
		return nil, err
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("passages: %w", err)
	}
	defer snap.Release()
	res, err := e.evaluate(ctx, snap, parsed, false)
	if err != nil {
		return nil, err
	}
	if res.tally.passages > limit {
		return nil, fmt.Errorf("passages: more than %d match", limit)
	}
	docs := res.tally.docs
	sortDocsByID(docs)
	ids := make([]string, 0, res.tally.passages)
	for _, d := range docs {
		for _, n := range d.passages {
			ids = append(ids, snap.PassageID(n))
		}
	}
	return ids, nil
}
