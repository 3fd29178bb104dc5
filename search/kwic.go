package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/occur"
)

// Concordance sort orders.
const (
	SortRight    = "right" // by the text after the match: the suffix order, the default
	SortLeft     = "left"  // by the text before the match, read backwards
	SortYear     = "year"  // oldest first, undated last
	SortYearDesc = "-year" // newest first, undated last
	SortDoc      = "doc"   // by document, then place in the document
)

// Limits of a concordance request.
const (
	DefaultWidth    = 20
	MaxWidth        = 200
	DefaultKWICSize = 50
	MaxKWICSize     = 1000
)

// KWICRequest asks for one page of a concordance.
type KWICRequest struct {
	Query   string  // the query language; the lines are those of its first word or quote
	Filters Filters // more filters, combined with those in Query
	Width   int     // characters of context on each side; 0 means DefaultWidth
	Sort    string  // SortRight (default), SortLeft, SortYear, SortYearDesc or SortDoc
	Page    int     // 1-based; 0 means 1; no upper bound
	Size    int     // lines per page; 0 means DefaultKWICSize
}

// KWICLine is one occurrence in its context.
type KWICLine struct {
	Left      string `json:"left"`  // Width characters of original text before the match
	Match     string `json:"match"` // the original text that matched (個 for a query of 个)
	Right     string `json:"right"` // Width characters after it
	Passage   string `json:"passage"`
	Offset    int    `json:"offset"` // of the match in the passage text, in code points
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Year      int    `json:"year"`
	Citation  string `json:"citation"`
	Permalink string `json:"permalink"`
}

// KWICResponse is one page of a concordance.
type KWICResponse struct {
	Query     string     `json:"query"`
	Term      string     `json:"term"`      // the word or quote whose lines are listed
	Total     int        `json:"total"`     // occurrences in all
	Documents int        `json:"documents"` // documents with at least one
	Page      int        `json:"page"`
	Size      int        `json:"size"`
	Sort      string     `json:"sort"`
	Width     int        `json:"width"`
	Lines     []KWICLine `json:"lines"`
	TookMS    float64    `json:"took_ms"`
}

func normalizeKWIC(req *KWICRequest) error {
	if req.Width == 0 {
		req.Width = DefaultWidth
	}
	if req.Sort == "" {
		req.Sort = SortRight
	}
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = DefaultKWICSize
	}
	switch {
	case req.Width < 1 || req.Width > MaxWidth:
		return corpus.Errorf(corpus.EINVALID, "width %d: want 1 to %d", req.Width, MaxWidth)
	case req.Page < 1:
		return corpus.Errorf(corpus.EINVALID, "page %d: want 1 or more", req.Page)
	case req.Size < 1 || req.Size > MaxKWICSize:
		return corpus.Errorf(corpus.EINVALID, "size %d: want 1 to %d", req.Size, MaxKWICSize)
	}
	switch req.Sort {
	case SortRight, SortLeft, SortYear, SortYearDesc, SortDoc:
		return nil
	}
	return corpus.Errorf(corpus.EINVALID, "sort %q: want right, left, year, -year or doc", req.Sort)
}

// concordance is the set of occurrences a KWIC request lists.
type concordance struct {
	snap   *indexer.Snapshot
	term   string
	needle []rune // folded
	ranges [][2]int
	within bitset // passages the whole query matches; nil: no restriction
}

// occ is one occurrence: segment and text position.
type occ struct {
	seg int32
	pos uint32
}

// newConcordance finds the occurrences of the query's first word or quote
// within the passages that the whole query matches.
func (e *Engine) newConcordance(ctx context.Context, snap *indexer.Snapshot, query string, filters Filters) (*concordance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q, err := parseRequest(query, filters)
	if err != nil {
		return nil, err
	}
	if len(q.Groups) == 0 {
		return nil, corpus.Errorf(corpus.EINVALID, "a concordance needs a word or a quote")
	}
	first := q.Groups[0][0]
	c := &concordance{snap: snap, term: first.Text, needle: []rune(fold.String(first.Text))}
	if len(c.needle) == 0 {
		return nil, corpus.Errorf(corpus.EINVALID, "nothing searchable in %q", first.Text)
	}
	// One word or quote and no filters: every occurrence is in a matching
	// passage, no need to compute them.
	if len(q.Groups) > 1 || len(q.Groups[0]) > 1 || len(q.Exclude) > 0 || len(q.Filters) > 0 {
		res, err := e.evaluate(ctx, snap, q, false)
		if err != nil {
			return nil, err
		}
		c.within = newBitset(snap.Passages())
		for _, d := range res.tally.docs {
			for _, n := range d.passages {
				c.within.set(n)
			}
		}
	}
	c.ranges = make([][2]int, snap.Segments())
	eachRange(snap, c.needle, func(k, lo, hi int) { c.ranges[k] = [2]int{lo, hi} })
	return c, nil
}

// allowed reports whether an occurrence in passage p of segment k counts.
func (c *concordance) allowed(k, p int) bool {
	if c.within != nil {
		return c.within.has(c.snap.Base(k) + p)
	}
	return c.snap.Complete(k) || c.snap.Meta(k, c.snap.Segment(k).PassageDoc(p)) != nil
}

// simple reports whether every rank of every range counts.
func (c *concordance) simple() bool {
	if c.within != nil {
		return false
	}
	for k := range c.ranges {
		if !c.snap.Complete(k) {
			return false
		}
	}
	return true
}

// count returns the number of occurrences and of documents holding them.
func (c *concordance) count() (total, documents int) {
	for k, r := range c.ranges {
		seg := c.snap.Segment(k)
		docs := newBitset(seg.Docs())
		for i := r[0]; i < r[1]; i++ {
			p := seg.RankPassage(i)
			if c.allowed(k, p) {
				total++
				docs.set(seg.PassageDoc(p))
			}
		}
		documents += docs.count()
	}
	return total, documents
}

// right calls f with the occurrences in suffix order, from the from-th on,
// until f returns false: a merge of the segments' ranges. Ties (the same
// text to the end of the passage) go by document ID, then ordinal.
func (c *concordance) right(from int, f func(o occ) bool) {
	if c.simple() && len(c.ranges) == 1 {
		seg, r := c.snap.Segment(0), c.ranges[0]
		for i := r[0] + from; i < r[1]; i++ {
			if !f(occ{0, seg.Pos(i)}) {
				return
			}
		}
		return
	}
	next := make([]int, len(c.ranges)) // per segment: the next rank
	for k, r := range c.ranges {
		next[k] = c.skip(k, r[0])
	}
	for {
		best := -1
		for k := range c.ranges {
			if next[k] >= c.ranges[k][1] {
				continue
			}
			if best < 0 || c.lessRight(k, next[k], best, next[best]) {
				best = k
			}
		}
		if best < 0 {
			return
		}
		o := occ{int32(best), c.snap.Segment(best).Pos(next[best])}
		next[best] = c.skip(best, next[best]+1)
		if from > 0 {
			from--
			continue
		}
		if !f(o) {
			return
		}
	}
}

// skip returns the first rank from i on in segment k's range that counts.
func (c *concordance) skip(k, i int) int {
	seg := c.snap.Segment(k)
	for i < c.ranges[k][1] && !c.allowed(k, seg.RankPassage(i)) {
		i++
	}
	return i
}

func (c *concordance) lessRight(a, ra, b, rb int) bool {
	sa, sb := c.snap.Segment(a), c.snap.Segment(b)
	pa, pb := sa.Pos(ra), sb.Pos(rb)
	if d := sa.CompareSuffixes(pa, sb, pb); d != 0 {
		return d < 0
	}
	return c.comparePlace(occ{int32(a), pa}, occ{int32(b), pb}) < 0
}

// comparePlace orders occurrences by document ID, ordinal, position.
func (c *concordance) comparePlace(a, b occ) int {
	sa, sb := c.snap.Segment(int(a.seg)), c.snap.Segment(int(b.seg))
	qa, qb := sa.PassageAt(a.pos), sb.PassageAt(b.pos)
	if d := strings.Compare(sa.DocID(sa.PassageDoc(qa)), sb.DocID(sb.PassageDoc(qb))); d != 0 {
		return d
	}
	if d := cmp.Compare(sa.Ordinal(qa), sb.Ordinal(qb)); d != 0 {
		return d
	}
	return cmp.Compare(a.pos-sa.Start(qa), b.pos-sb.Start(qb))
}

// keyed is an occurrence with its sort keys.
type keyed struct {
	occ
	start     uint32 // text position where its passage starts
	key, key2 uint64 // the order's first criteria
	place     uint64 // document rank by ID, then position: comparePlace as one number
}

// sorted returns the first n occurrences that count in the given order
// (not SortRight, which needs no sorting), or all of them when n is
// negative or larger.
func (c *concordance) sorted(order string, n int) []occ {
	ranks := c.docRanks()
	size := 0
	for _, r := range c.ranges {
		size += r[1] - r[0]
	}
	all := make([]keyed, 0, size)
	var places []occur.Place
	for k, r := range c.ranges {
		seg := c.snap.Segment(k)
		places = seg.Places(r[0], r[1], places)
		for _, pl := range places {
			p, pos := int(pl.Passage), pl.Pos
			if !c.allowed(k, p) {
				continue
			}
			o := keyed{occ: occ{int32(k), pos}, start: pl.Start, place: uint64(ranks[k][seg.PassageDoc(p)])<<32 | uint64(pos)}
			switch order {
			case SortLeft:
				o.key = seg.LeftKey(pos, o.start)
			case SortYear, SortYearDesc:
				year := c.snap.Meta(k, seg.PassageDoc(p)).Year
				switch {
				case year == 0:
					o.key = 1 << 32 // undated last either way
				case order == SortYear:
					o.key = uint64(year)
				default:
					o.key = uint64(1<<31 - year)
				}
			}
			all = append(all, o)
		}
	}
	compare := func(a, b keyed) int {
		if a.key != b.key {
			return cmp.Compare(a.key, b.key)
		}
		if order == SortLeft {
			if d := c.compareLeft(a, b, 4); d != 0 {
				return d
			}
		}
		return cmp.Compare(a.place, b.place)
	}
	if n < 0 || n > len(all) {
		n = len(all)
	}
	first := smallest(all, n, compare)
	out := make([]occ, len(first))
	for k, o := range first {
		out[k] = o.occ
	}
	return out
}

// smallest returns the n smallest items in order. For a first page it
// keeps a heap of n items instead of sorting them all.
func smallest[T any](items []T, n int, compare func(a, b T) int) []T {
	if n*4 >= len(items) {
		slices.SortFunc(items, compare)
		return items[:n]
	}
	h := make([]T, 0, n) // a max-heap of the n smallest so far
	less := func(i, j int) bool { return compare(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && less(r, l) {
				l = r
			}
			if !less(l, i) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for _, it := range items {
		if len(h) < n {
			h = append(h, it)
			for i := len(h) - 1; i > 0; {
				parent := (i - 1) / 2
				if !less(i, parent) {
					break
				}
				h[i], h[parent] = h[parent], h[i]
				i = parent
			}
			continue
		}
		if n > 0 && compare(it, h[0]) < 0 {
			h[0] = it
			down(0)
		}
	}
	slices.SortFunc(h, compare)
	return h
}

// docRanks numbers the current documents of the snapshot in ID order, per
// segment and document. Within a document, text positions follow
// ordinals and offsets, so (rank, position) orders occurrences the way
// comparePlace does.
func (c *concordance) docRanks() [][]uint32 {
	type entry struct {
		id     string
		k, doc int
	}
	var docs []entry
	c.snap.Each(func(ref indexer.DocRef, m *indexer.Meta) { docs = append(docs, entry{m.ID, ref.Seg, ref.Doc}) })
	slices.SortFunc(docs, func(a, b entry) int { return strings.Compare(a.id, b.id) })
	ranks := make([][]uint32, c.snap.Segments())
	for k := range ranks {
		ranks[k] = make([]uint32, c.snap.Segment(k).Docs())
	}
	for r, d := range docs {
		ranks[d.k][d.doc] = uint32(r)
	}
	return ranks
}

// compareLeft compares the folded text before two occurrences, read
// backwards from the from-th character before the match to the start of
// the passage.
func (c *concordance) compareLeft(a, b keyed, from uint32) int {
	sa, sb := c.snap.Segment(int(a.seg)), c.snap.Segment(int(b.seg))
	stA, stB := a.start, b.start
	for i := from; ; i++ {
		endA, endB := a.pos < stA+i, b.pos < stB+i
		switch {
		case endA && endB:
			return 0
		case endA:
			return -1
		case endB:
			return 1
		}
		ra, _ := sa.Folded(a.pos - i)
		rb, _ := sb.Folded(b.pos - i)
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
	}
}

// line renders occurrence o with width characters of context.
func (c *concordance) line(o occ, width int, buf []rune) (KWICLine, []rune) {
	seg := c.snap.Segment(int(o.seg))
	l, buf := seg.Line(o.pos, len(c.needle), width, buf)
	m := c.snap.Meta(int(o.seg), seg.PassageDoc(l.Passage))
	ord := seg.Ordinal(l.Passage)
	pid := corpus.PassageID(m.ID, ord)
	ref := m.Reference(seg.Heading(l.Passage), seg.Article(l.Passage), ord)
	return KWICLine{
		Left: l.Left, Match: l.Match, Right: l.Right, Passage: pid, Offset: l.Offset,
		Doc: m.ID, Title: m.Title, Year: m.Year, Citation: ref.Citation(), Permalink: corpus.Permalink(pid),
	}, buf
}

// each calls f with the occurrences in order from the from-th on, until f
// returns false; need, if not negative, says how many f can want at most
// (from plus a page), so that a first page is not sorted whole.
func (c *concordance) each(order string, from, need int, f func(o occ) bool) {
	if order == SortRight {
		c.right(from, f)
		return
	}
	all := c.sorted(order, need)
	for _, o := range all[min(from, len(all)):] {
		if !f(o) {
			return
		}
	}
}

// KWIC returns one page of the concordance of the query's first word or
// quote: every occurrence of it in the passages that the whole query
// matches, with its context. It returns a *corpus.Error with code EINVALID
// for a bad query or parameter, and wraps index errors otherwise.
func (e *Engine) KWIC(ctx context.Context, req KWICRequest) (*KWICResponse, error) {
	start := time.Now()
	if err := normalizeKWIC(&req); err != nil {
		return nil, err
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("kwic: %w", err)
	}
	defer snap.Release()
	key := cacheKey(snap, "kwic", req)
	if v, ok := e.results.get(key); ok {
		resp := *v.(*KWICResponse)
		resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
		return &resp, nil
	}
	c, err := e.newConcordance(ctx, snap, req.Query, req.Filters)
	if err != nil {
		return nil, err
	}
	resp := &KWICResponse{Query: req.Query, Term: c.term, Page: req.Page, Size: req.Size, Sort: req.Sort, Width: req.Width, Lines: []KWICLine{}}
	resp.Total, resp.Documents = c.count()
	from := (req.Page - 1) * req.Size
	if from < resp.Total {
		var buf []rune
		c.each(req.Sort, from, from+req.Size, func(o occ) bool {
			var l KWICLine
			l, buf = c.line(o, req.Width, buf)
			resp.Lines = append(resp.Lines, l)
			return len(resp.Lines) < req.Size
		})
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	e.results.put(key, resp)
	return resp, nil
}

// EachKWIC calls f with every line of the concordance that req asks for,
// ignoring its page and size, in its sort order, and returns the number
// of lines. Lines are made one at a time, so that an export of hundreds of
// thousands of lines never holds them all; f's error stops the walk and is
// returned. ctx is checked between lines.
func (e *Engine) EachKWIC(ctx context.Context, req KWICRequest, f func(KWICLine) error) (int, error) {
	req.Page, req.Size = 0, 0
	if err := normalizeKWIC(&req); err != nil {
		return 0, err
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return 0, fmt.Errorf("kwic: %w", err)
	}
	defer snap.Release()
	c, err := e.newConcordance(ctx, snap, req.Query, req.Filters)
	if err != nil {
		return 0, err
	}
	n := 0
	var buf []rune
	var ferr error
	c.each(req.Sort, 0, -1, func(o occ) bool {
		if ferr = ctx.Err(); ferr != nil {
			return false
		}
		var l KWICLine
		l, buf = c.line(o, req.Width, buf)
		if ferr = f(l); ferr != nil {
			return false
		}
		n++
		return true
	})
	return n, ferr
}
