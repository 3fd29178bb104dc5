package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
)

// Limits on paging.
const (
	DefaultSize     = 10
	MaxSize         = 100
	MaxPage         = 1000
	DefaultPassages = 3
	MaxPassages     = 20
	// rankWindow is how many best passages decide the order of documents;
	// documents matched only below it follow, by number of matching passages.
	rankWindow = 2000
	allTerms   = 1 << 30 // facet size that returns every term
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

// FacetValue is one value of a facet with the number of matching documents.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
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

// Engine answers searches over an indexer.Index. It is safe for concurrent
// use; beyond the index and the synonyms it holds only a cache of recently
// shown documents.
type Engine struct {
	ix   *indexer.Index
	syn  *Synonyms
	docs *docCache
}

// New returns an Engine over ix with the default synonyms.
func New(ix *indexer.Index) *Engine {
	return &Engine{ix: ix, syn: DefaultSynonyms(), docs: newDocCache(256)}
}

// plan is a parsed and compiled request.
type plan struct {
	text         query.Query            // nil: no words, every passage matches
	filters      map[string]query.Query // one per filter field
	needles      []string               // strings to mark in passages
	titleNeedles []string               // strings to mark in titles: unquoted words
	expansions   []Expansion
}

// Search runs req. It returns a *corpus.Error with code EINVALID for a bad
// query or parameter, and wraps index errors otherwise. ctx bounds the work.
func (e *Engine) Search(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	if err := normalize(&req); err != nil {
		return nil, err
	}
	p, err := e.compile(req)
	if err != nil {
		return nil, err
	}

	main := p.query("")
	res, err := e.run(ctx, main, rankWindow, true)
	if err != nil {
		return nil, err
	}
	docCounts := termCounts(res.Facets["doc"])
	resp := &Response{
		Query:      req.Query,
		Total:      len(docCounts),
		Passages:   int(res.Total),
		Page:       req.Page,
		Size:       req.Size,
		Hits:       []Hit{},
		Expansions: p.expansions,
	}
	if resp.Expansions == nil {
		resp.Expansions = []Expansion{}
	}

	resp.Facets, err = e.facets(ctx, p, docCounts, res)
	if err != nil {
		return nil, err
	}

	ranked := e.rank(req.Sort, docCounts, res.Hits, p.needles)
	from := (req.Page - 1) * req.Size
	if from < len(ranked) {
		to := min(from+req.Size, len(ranked))
		resp.Hits, err = e.hits(ctx, p, ranked[from:to], docCounts, req.Passages, res.Hits)
		if err != nil {
			return nil, err
		}
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
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

// compile parses the query and builds the Bleve clauses.
func (e *Engine) compile(req Request) (*plan, error) {
	q, err := Parse(req.Query)
	if err != nil {
		return nil, err
	}
	for field, values := range req.Filters {
		if !isFilterField(field) {
			return nil, corpus.Errorf(corpus.EINVALID, "unknown filter %q", field)
		}
		for _, v := range values {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			if err := checkFilter(field, v); err != nil {
				return nil, err
			}
			q.Filters.Add(field, v)
		}
	}
	p := &plan{filters: map[string]query.Query{}}
	var must []query.Query
	var should []query.Query
	var titles []titleEntry // loaded on the first unquoted word
	for _, group := range q.Groups {
		var alts []query.Query
		for _, t := range group {
			words := []string{t.Text}
			if !t.Quoted {
				if syn := e.syn.Expand(t.Text); len(syn) > 0 {
					words = append(words, syn...)
					p.expansions = append(p.expansions, Expansion{Term: t.Text, Synonyms: syn})
				}
				if titles == nil {
					titles = e.titles()
				}
			}
			for _, w := range words {
				c := verbatim(w)
				if c == nil {
					continue
				}
				alts = append(alts, c)
				p.needles = append(p.needles, w)
				if !t.Quoted {
					p.titleNeedles = append(p.titleNeedles, w)
					should = append(should, wordScore(w)...)
					if c := titleMatch(titles, w); c != nil {
						alts = append(alts, c)
					}
				}
			}
		}
		if len(alts) == 0 {
			return nil, corpus.Errorf(corpus.EINVALID, "nothing searchable in %q", group[0].Text)
		}
		must = append(must, disjunction(alts))
	}
	var mustNot []query.Query
	for _, t := range q.Exclude {
		if c := verbatim(t.Text); c != nil {
			mustNot = append(mustNot, c)
		}
	}
	if len(must) > 0 || len(mustNot) > 0 {
		b := query.NewBooleanQuery(must, should, mustNot)
		if len(must) == 0 {
			b.AddMust(query.NewMatchAllQuery())
		}
		p.text = b
	}
	for field, values := range q.Filters {
		fq, err := e.filter(field, values)
		if err != nil {
			return nil, err
		}
		p.filters[field] = fq
	}
	return p, nil
}

// verbatim matches passages whose folded text contains the folded w.
func verbatim(w string) query.Query {
	f := []rune(fold.String(w))
	switch len(f) {
	case 0:
		return nil
	case 1:
		t := query.NewTermQuery(string(f))
		t.SetField(indexer.FieldChars)
		return t
	}
	terms := make([]string, len(f))
	for i, r := range f {
		terms[i] = string(r)
	}
	return query.NewPhraseQuery(terms, indexer.FieldChars)
}

// titleEntry is a document's first passage and its folded title.
type titleEntry struct {
	first string
	title string
}

// titles lists every document's folded title with its first passage.
func (e *Engine) titles() []titleEntry {
	cat := e.ix.Catalog()
	out := make([]titleEntry, 0, len(cat))
	for _, m := range cat {
		if m.Passages > 0 {
			out = append(out, titleEntry{first: corpus.PassageID(m.ID, 1), title: fold.String(m.Title)})
		}
	}
	return out
}

// titleMatch makes a word found in a document's title match the document's
// first passage, so that 政府工作报告 finds the reports titled so even where
// their text never says it. Quotes do not do this: they match text only.
func titleMatch(titles []titleEntry, w string) query.Query {
	f := fold.String(w)
	var ids []string
	for _, t := range titles {
		if f != "" && strings.Contains(t.title, f) {
			ids = append(ids, t.first)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return query.NewDocIDQuery(ids)
}

// wordScore ranks passages and titles where gse finds w as words.
func wordScore(w string) []query.Query {
	text := query.NewMatchQuery(w)
	text.SetField(indexer.FieldText)
	text.SetOperator(query.MatchQueryOperatorAnd)
	title := query.NewMatchQuery(w)
	title.SetField(indexer.FieldTitle)
	title.SetOperator(query.MatchQueryOperatorAnd)
	title.SetBoost(3)
	return []query.Query{text, title}
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func term(field, v string) query.Query {
	t := query.NewTermQuery(v)
	t.SetField(field)
	return t
}

// numberRange matches a number field from lo to hi inclusive.
func numberRange(field string, lo, hi int) query.Query {
	from, to, yes := float64(lo), float64(hi), true
	q := query.NewNumericRangeInclusiveQuery(&from, &to, &yes, &yes)
	q.SetField(field)
	return q
}

// filter builds the clause for one filter field: values are alternatives.
func (e *Engine) filter(field string, values []string) (query.Query, error) {
	var alts []query.Query
	for _, v := range values {
		switch field {
		case FilterYear:
			r, _ := ParseYear(v)
			alts = append(alts, numberRange(indexer.FieldYear, r.From, r.To))
		case FilterArticle:
			n, _ := ParseArticle(v)
			alts = append(alts, numberRange(indexer.FieldArticle, n, n))
		case FilterType:
			c, _ := canonicalType(v)
			alts = append(alts, term(indexer.FieldType, c))
		case FilterLevel:
			c, _ := canonicalLevel(v)
			alts = append(alts, term(indexer.FieldLevel, c))
		case FilterKind:
			c, _ := canonicalKind(v)
			alts = append(alts, term(indexer.FieldKind, c))
		case FilterRegion:
			for _, c := range e.known(v, func(m indexer.Meta) []string { return []string{m.Region} }) {
				alts = append(alts, term(indexer.FieldRegion, c))
			}
		case FilterBody:
			for _, c := range e.known(v, func(m indexer.Meta) []string { return []string{m.Body} }) {
				alts = append(alts, term(indexer.FieldBody, c))
			}
		case FilterTheme:
			alts = append(alts, term(indexer.FieldTheme, v))
		case FilterTag:
			alts = append(alts, term(indexer.FieldTag, v))
		case FilterDoc:
			alts = append(alts, term(indexer.FieldDoc, v))
		}
	}
	if len(alts) == 0 {
		// A region or body that no document has: nothing matches.
		return query.NewMatchNoneQuery(), nil
	}
	return disjunction(alts), nil
}

// known resolves a region or body the way users write it: an exact value, or
// else every known value it is a prefix of (上海 → 上海市).
func (e *Engine) known(v string, values func(indexer.Meta) []string) []string {
	seen := map[string]bool{}
	var prefixed []string
	for _, m := range e.ix.Catalog() {
		for _, x := range values(m) {
			if x == v {
				return []string{v}
			}
			if strings.HasPrefix(x, v) && !seen[x] {
				seen[x] = true
				prefixed = append(prefixed, x)
			}
		}
	}
	sort.Strings(prefixed)
	return prefixed
}

// query combines the text clause with every filter except the one named.
func (p *plan) query(except string) query.Query {
	var parts []query.Query
	if p.text != nil {
		parts = append(parts, p.text)
	}
	fields := make([]string, 0, len(p.filters))
	for f := range p.filters {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		if f != except {
			parts = append(parts, p.filters[f])
		}
	}
	switch len(parts) {
	case 0:
		return query.NewMatchAllQuery()
	case 1:
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// byScore orders hits by score, ties by passage ID, so that results do not
// depend on how Bleve happened to merge its segments.
var byScore = []string{"-_score", "_id"}

// run searches passages, asking for size best hits and, if facets is set,
// the document-scoped facets.
func (e *Engine) run(ctx context.Context, q query.Query, size int, facets bool) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.SortBy(byScore)
	req.AddFacet("doc", bleve.NewFacetRequest(indexer.FieldDoc, allTerms))
	if facets {
		req.AddFacet(labelFacet, bleve.NewFacetRequest(indexer.FieldDocLabel, allTerms))
	}
	res, err := e.ix.Bleve().SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		return nil, fmt.Errorf("search: %v", err)
	}
	return res, nil
}

func termCounts(f *bsearch.FacetResult) map[string]int {
	counts := map[string]int{}
	if f == nil || f.Terms == nil {
		return counts
	}
	for _, t := range f.Terms.Terms() {
		counts[t.Term] = t.Count
	}
	return counts
}

// docFacets are the facets counted from the catalog.
var docFacets = []string{FilterYear, FilterType, FilterLevel, FilterRegion, FilterBody}

// passageFacets are the facets counted from document-scoped index fields.
var passageFacets = []string{FilterTheme, FilterTag, FilterKind}

// facets counts documents per value. A facet whose own filter is active is
// counted with the other filters applied but not its own, so that a user can
// widen the selection.
func (e *Engine) facets(ctx context.Context, p *plan, docCounts map[string]int, main *bleve.SearchResult) (map[string][]FacetValue, error) {
	out := map[string][]FacetValue{}
	// Without words, a facet whose filter is the only one is counted over
	// every document: the catalog knows those counts, no search needed.
	everything := func(f string) bool {
		_, active := p.filters[f]
		return active && p.text == nil && len(p.filters) == 1
	}
	for _, f := range docFacets {
		docs := docCounts
		if _, active := p.filters[f]; active {
			if everything(f) {
				docs = map[string]int{}
				for _, m := range e.ix.Catalog() {
					docs[m.ID] = m.Passages
				}
			} else {
				res, err := e.run(ctx, p.query(f), 0, false)
				if err != nil {
					return nil, err
				}
				docs = termCounts(res.Facets["doc"])
			}
		}
		counts := map[string]int{}
		for id := range docs {
			m, ok := e.ix.Meta(id)
			if !ok {
				continue
			}
			for _, v := range metaValues(m, f) {
				counts[v]++
			}
		}
		out[f] = sortedFacet(f, counts)
	}
	labels := labelCounts(main)
	for _, f := range passageFacets {
		counts := labels[f]
		if _, active := p.filters[f]; active {
			if everything(f) {
				counts = e.catalogLabels()[f]
			} else {
				res, err := e.run(ctx, p.query(f), 0, true)
				if err != nil {
					return nil, err
				}
				counts = labelCounts(res)[f]
			}
		}
		out[f] = sortedFacet(f, counts)
	}
	return out, nil
}

// catalogLabels counts documents per kind, theme and tag over the whole
// catalog, as labelCounts does over a search.
func (e *Engine) catalogLabels() map[string]map[string]int {
	out := map[string]map[string]int{FilterKind: {}, FilterTheme: {}, FilterTag: {}}
	for _, m := range e.ix.Catalog() {
		for _, k := range m.Kinds {
			out[FilterKind][string(k)]++
		}
		for _, t := range m.Themes {
			out[FilterTheme][t]++
		}
		for _, t := range m.Tags {
			out[FilterTag][t]++
		}
	}
	return out
}

// labelFacet names the facet over indexer.FieldDocLabel.
const labelFacet = "labels"

// labelCounts turns the label facet of res into documents per value, per
// label kind (kind, theme, tag).
func labelCounts(res *bleve.SearchResult) map[string]map[string]int {
	out := map[string]map[string]int{FilterKind: {}, FilterTheme: {}, FilterTag: {}}
	for key := range termCounts(res.Facets[labelFacet]) {
		parts := strings.SplitN(key, indexer.DocKeySep, 3)
		if len(parts) == 3 && out[parts[1]] != nil {
			out[parts[1]][parts[2]]++
		}
	}
	return out
}

func metaValues(m indexer.Meta, facet string) []string {
	switch facet {
	case FilterYear:
		if m.Year == 0 {
			return nil
		}
		return []string{strconv.Itoa(m.Year)}
	case FilterType:
		return []string{string(m.Type)}
	case FilterLevel:
		return []string{string(m.Level)}
	case FilterRegion:
		return []string{m.Region}
	case FilterBody:
		return []string{m.Body}
	}
	return nil
}

// sortedFacet orders years newest first and everything else by count.
func sortedFacet(facet string, counts map[string]int) []FacetValue {
	vs := make([]FacetValue, 0, len(counts))
	for v, n := range counts {
		if v != "" {
			vs = append(vs, FacetValue{Value: v, Count: n})
		}
	}
	sort.Slice(vs, func(i, j int) bool {
		if facet == FilterYear {
			return vs[i].Value > vs[j].Value
		}
		if vs[i].Count != vs[j].Count {
			return vs[i].Count > vs[j].Count
		}
		return vs[i].Value < vs[j].Value
	})
	return vs
}

type rankedDoc struct {
	id     string
	score  float64
	titled bool // the title contains a searched word or quote
}

// rank orders the matching documents.
func (e *Engine) rank(order string, docCounts map[string]int, top bsearch.DocumentMatchCollection, needles []string) []rankedDoc {
	folded := make([]string, 0, len(needles))
	for _, n := range needles {
		if f := fold.String(n); f != "" {
			folded = append(folded, f)
		}
	}
	// titled reports whether a document's title contains what was searched.
	titled := func(id string) bool {
		m, _ := e.ix.Meta(id)
		t := fold.String(m.Title)
		for _, f := range folded {
			if strings.Contains(t, f) {
				return true
			}
		}
		return false
	}
	best := map[string]float64{}
	for _, h := range top {
		id, _, ok := corpus.SplitPassageID(h.ID)
		if ok && h.Score > best[id] {
			best[id] = h.Score
		}
	}
	docs := make([]rankedDoc, 0, len(docCounts))
	for id := range docCounts {
		docs = append(docs, rankedDoc{id: id, score: best[id], titled: order == SortRelevance && titled(id)})
	}
	date := func(id string) string {
		m, _ := e.ix.Meta(id)
		return m.Date
	}
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		switch order {
		case SortDate, SortDateAsc:
			da, db := date(a.id), date(b.id)
			if da != db {
				return (da > db) == (order == SortDate)
			}
		default:
			// Documents whose title holds what was searched come first; then
			// the best passage decides; more matching passages break ties
			// and order documents below the ranking window.
			if a.titled != b.titled {
				return a.titled
			}
			sa := a.score + 0.01*math.Log1p(float64(docCounts[a.id]))
			sb := b.score + 0.01*math.Log1p(float64(docCounts[b.id]))
			if sa != sb {
				return sa > sb
			}
			if docCounts[a.id] != docCounts[b.id] {
				return docCounts[a.id] > docCounts[b.id]
			}
		}
		return a.id < b.id
	})
	return docs
}

// pagePassages returns the best matching passages of each document on the
// page. The main search's best passages serve when they hold enough of every
// page document's passages (the usual first page by relevance); otherwise a
// second search restricted to the page's documents fetches them.
func (e *Engine) pagePassages(ctx context.Context, p *plan, page []rankedDoc, docCounts map[string]int, perDoc int, top bsearch.DocumentMatchCollection) (map[string][]*bsearch.DocumentMatch, error) {
	byDoc := map[string][]*bsearch.DocumentMatch{}
	if p.text != nil {
		onPage := map[string]bool{}
		for _, d := range page {
			onPage[d.id] = true
		}
		for _, h := range top {
			if id, _, ok := corpus.SplitPassageID(h.ID); ok && onPage[id] {
				byDoc[id] = append(byDoc[id], h)
			}
		}
		enough := true
		for _, d := range page {
			enough = enough && len(byDoc[d.id]) >= min(perDoc, docCounts[d.id])
		}
		if enough {
			return byDoc, nil
		}
		clear(byDoc)
	}
	ids := make([]query.Query, len(page))
	for i, d := range page {
		ids[i] = term(indexer.FieldDoc, d.id)
	}
	q := query.NewConjunctionQuery([]query.Query{p.query(""), disjunction(ids)})
	// Enough hits that every document on the page gets its best passages.
	// Browsing without words shows passages in document order, so it needs
	// them all.
	size, perDocCap := 0, 200
	if p.text == nil {
		perDocCap = 20000
	}
	for _, d := range page {
		size += min(docCounts[d.id], perDocCap)
	}
	req := bleve.NewSearchRequestOptions(q, max(size, 1), 0, false)
	req.SortBy(byScore)
	res, err := e.ix.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search passages: %v", err)
	}
	for _, h := range res.Hits {
		if id, _, ok := corpus.SplitPassageID(h.ID); ok {
			byDoc[id] = append(byDoc[id], h)
		}
	}
	return byDoc, nil
}

// hits loads the page's documents and their best passages.
func (e *Engine) hits(ctx context.Context, p *plan, page []rankedDoc, docCounts map[string]int, perDoc int, top bsearch.DocumentMatchCollection) ([]Hit, error) {
	byDoc, err := e.pagePassages(ctx, p, page, docCounts, perDoc, top)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, len(page))
	for _, d := range page {
		doc, err := e.docs.get(e.ix, d.id)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", d.id, err)
		}
		m, _ := e.ix.Meta(d.id)
		h := Hit{
			ID: doc.ID, Title: doc.Title, Type: string(doc.Type), Level: string(doc.Level),
			Region: doc.Region, Body: doc.Body, Year: doc.Year, Date: m.Date,
			Score: d.score, Matches: docCounts[d.id], Passages: []PassageHit{},
		}
		_, titleRanges := Marks(doc.Title, p.titleNeedles)
		h.TitleHTML = HTML(doc.Title, titleRanges)
		matches := byDoc[d.id]
		if p.text == nil {
			sort.Slice(matches, func(i, j int) bool { return passageOrdinal(matches[i].ID) < passageOrdinal(matches[j].ID) })
		}
		matches = matches[:min(len(matches), perDoc)]
		for _, m := range matches {
			ps := doc.Passage(passageOrdinal(m.ID))
			if ps == nil {
				continue
			}
			h.Passages = append(h.Passages, passageHit(doc, ps, p.needles, m.Score))
		}
		hits = append(hits, h)
	}
	return hits, nil
}

func passageOrdinal(id string) int {
	_, n, _ := corpus.SplitPassageID(id)
	return n
}

// passageHit renders one passage with its matches marked.
func passageHit(doc *corpus.Document, ps *corpus.Passage, needles []string, score float64) PassageHit {
	spans, ranges := Marks(ps.Text, needles)
	if spans == nil {
		spans = []Span{}
	}
	ph := PassageHit{
		ID: ps.ID, Ordinal: ps.Ordinal, Kind: string(ps.Kind), Role: string(ps.Role),
		Article: ps.Article, Text: ps.Text, HTML: HTML(ps.Text, ranges), Matches: spans,
		Themes: ps.Themes, Tags: ps.Tags, Score: score, Section: []string{},
	}
	if s := doc.Section(ps.Section); s != nil {
		ph.Section = s.Path
	}
	if ph.Themes == nil {
		ph.Themes = []corpus.Label{}
	}
	if ph.Tags == nil {
		ph.Tags = []corpus.Label{}
	}
	return ph
}
