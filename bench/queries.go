package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/internal/sample"
	"github.com/renda-archive/renda/search"
)

// Query classes, in report order.
const (
	classQuote1  = "quote 1"
	classQuote2  = "quote 2"
	classQuote3  = "quote 3-10"
	classQuote11 = "quote 11-40"
	classWord    = "keyword top-10 + highlight"
	classPair    = "two words (AND) top-10"
	classFacet   = "word + type + year facets"
)

// quoteClasses are the quote classes with their lengths in characters.
var quoteClasses = []struct {
	name   string
	lo, hi int
}{{classQuote1, 1, 1}, {classQuote2, 2, 2}, {classQuote3, 3, 10}, {classQuote11, 11, 40}}

// classNames lists every class in report order.
var classNames = []string{classQuote1, classQuote2, classQuote3, classQuote11, classWord, classPair, classFacet}

// quotesPerClass is how many quotes each quote class draws.
const quotesPerClass = 200

// benchWords are the words of search/bench_test.go.
var benchWords = []string{"全过程人民民主", "人大常委会", "代表机关", "监督", "立法", "民生", "乡村振兴", "科技创新", "生态环境", "预算", "十四五", "营商环境", "备案审查", "执法检查", "基层立法联系点", "新质生产力", "人民代表大会", "改革开放", "依法治国", "代表建议"}

// Facet filters, the same on both engines.
var (
	facetTypes         = []string{string(corpus.TypeLocalRegulation), string(corpus.TypeLaw)}
	facetFrom, facetTo = 2010, 2025
	facetYearRange     = fmt.Sprintf("%d..%d", facetFrom, facetTo)
)

const (
	warmup             = 3  // untimed runs of each class's first requests
	httpQuotesPerClass = 10 // quotes of each class in the HTTP mix
	httpMixSeed        = 7  // shuffles the HTTP mix
)

// errOverLimit marks a Renda quote that matched more passages than
// search.MaxPassageIDs, which PassageIDs refuses to list.
var errOverLimit = errors.New("more passages than search.MaxPassageIDs")

// querySet is every request of the benchmark, drawn once by the parent and
// given to the children as JSON.
type querySet struct {
	Quotes     map[string][]string `json:"quotes"` // class → quote text, without quote marks
	Words      []string            `json:"words"`
	Pairs      [][2]string         `json:"pairs"`
	FacetWords []string            `json:"facet_words"`
	HTTP       []string            `json:"http"` // request paths with their query strings, shuffled
}

// newQuerySet draws the quotes as search/bench_test.go does (seed 1, from
// the passages of the documents sorted by ID, so the same quotes) and
// builds the word classes and the HTTP mix.
func newQuerySet(docs []*corpus.Document) *querySet {
	sorted := slices.Clone(docs)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	var passages []string
	for _, d := range sorted {
		for k := range d.Passages {
			passages = append(passages, d.Passages[k].Text)
		}
	}
	qs := &querySet{Quotes: map[string][]string{}, Words: benchWords}
	rng := rand.New(rand.NewSource(1))
	for len(qs.Quotes[classQuote11]) < quotesPerClass {
		text := passages[rng.Intn(len(passages))]
		for _, c := range quoteClasses {
			q, ok := randomQuote(rng, text, c.lo, c.hi)
			if !ok || len(qs.Quotes[c.name]) >= quotesPerClass {
				continue
			}
			qs.Quotes[c.name] = append(qs.Quotes[c.name], q)
		}
	}
	for j, w := range benchWords {
		qs.Pairs = append(qs.Pairs, [2]string{w, benchWords[(j+7)%len(benchWords)]})
	}
	qs.FacetWords = append(slices.Clone(benchWords), "的") // 人大常委会 is already a word
	qs.HTTP = httpMix(qs)
	return qs
}

// randomQuote is sample.Quote: the same quotes everywhere.
var randomQuote = sample.Quote

// httpMix returns the HTTP load test's requests: each word searched alone,
// paired and with the facet filters, a KWIC page of each word, and the
// first httpQuotesPerClass quotes of each class, shuffled with a fixed seed.
func httpMix(qs *querySet) []string {
	searchPath := func(q string, extra url.Values) string {
		v := url.Values{"q": {q}}
		for k, vs := range extra {
			v[k] = vs
		}
		return "/api/search?" + v.Encode()
	}
	var paths []string
	for _, w := range qs.Words {
		paths = append(paths, searchPath(w, nil), "/api/kwic?"+url.Values{"q": {w}}.Encode())
	}
	for _, p := range qs.Pairs {
		paths = append(paths, searchPath(p[0]+" "+p[1], nil))
	}
	for _, w := range qs.FacetWords {
		paths = append(paths, searchPath(w, url.Values{"type": {strings.Join(facetTypes, ",")}, "year": {facetYearRange}}))
	}
	for _, c := range quoteClasses {
		for _, q := range qs.Quotes[c.name][:httpQuotesPerClass] {
			paths = append(paths, searchPath(`"`+q+`"`, nil))
		}
	}
	rand.New(rand.NewSource(httpMixSeed)).Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
	return paths
}

// classResult is one class's latencies and, for quotes, result counts.
type classResult struct {
	Name string    `json:"name"`
	MS   []float64 `json:"ms"` // latency of each request, in request order
	// Counts holds, for quote classes, the passages each request found
	// (-1 when it failed or went over Renda's limit).
	Counts     []int  `json:"counts,omitempty"`
	OverLimit  int    `json:"over_limit,omitempty"` // Renda: more matches than search.MaxPassageIDs
	Errors     int    `json:"errors,omitempty"`
	FirstError string `json:"first_error,omitempty"`
}

// job is one request; it returns how many passages it found (quotes) or
// anything (other classes).
type job func(ctx context.Context) (int, error)

// class is a named list of requests.
type class struct {
	name    string
	jobs    []job
	counted bool // record the counts
}

// runClass runs c's first warmup requests untimed, then every request
// timed, one after the other.
func runClass(ctx context.Context, c class) classResult {
	res := classResult{Name: c.name}
	for _, j := range c.jobs[:min(warmup, len(c.jobs))] {
		_, _ = j(ctx)
	}
	for _, j := range c.jobs {
		start := time.Now()
		n, err := j(ctx)
		res.MS = append(res.MS, float64(time.Since(start).Nanoseconds())/1e6)
		switch {
		case errors.Is(err, errOverLimit):
			res.OverLimit++
			n = -1
		case err != nil:
			res.Errors++
			if res.FirstError == "" {
				res.FirstError = err.Error()
			}
			n = -1
		}
		if c.counted {
			res.Counts = append(res.Counts, n)
		}
	}
	return res
}

// rendaClasses are the query classes on a Renda search engine, in process.
func rendaClasses(e *search.Engine, qs *querySet) []class {
	quote := func(q string) job {
		return func(ctx context.Context) (int, error) {
			ids, err := e.PassageIDs(ctx, `"`+q+`"`, 0)
			if err != nil && strings.Contains(err.Error(), "more than") {
				return 0, fmt.Errorf("%w: %w", errOverLimit, err)
			}
			return len(ids), err
		}
	}
	searchJob := func(req search.Request) job {
		return func(ctx context.Context) (int, error) {
			resp, err := e.Search(ctx, req)
			if err != nil {
				return 0, err
			}
			return resp.Total, nil
		}
	}
	classes := quoteClassesOf(qs, quote)
	word, pair, facet := class{name: classWord}, class{name: classPair}, class{name: classFacet}
	for _, w := range qs.Words {
		word.jobs = append(word.jobs, searchJob(search.Request{Query: w, Size: 10}))
	}
	for _, p := range qs.Pairs {
		pair.jobs = append(pair.jobs, searchJob(search.Request{Query: p[0] + " " + p[1], Size: 10}))
	}
	for _, w := range qs.FacetWords {
		facet.jobs = append(facet.jobs, searchJob(search.Request{Query: w, Size: 10,
			Filters: search.Filters{"type": facetTypes, "year": {facetYearRange}}}))
	}
	return append(classes, word, pair, facet)
}

// openSQLite opens an SQLite index read-only for queries, with the
// database mapped into memory (up to 2 GB) and a 64 MB page cache.
func openSQLite(dir string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+dir+"/"+sqliteFile+"?mode=ro&_pragma=mmap_size(2147418112)&_pragma=cache_size(-65536)")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	return db, nil
}

// sqliteClasses are the query classes on SQLite: FTS5 MATCH for terms of
// three characters or more, instr() scans of the text for shorter ones,
// which the trigram tokenizer cannot match.
func sqliteClasses(db *sql.DB, qs *querySet) []class {
	const from = ` FROM fts JOIN passages p ON p.rowid = fts.rowid WHERE `
	quote := func(q string) job {
		cond, args, _ := textCond(q)
		query := `SELECT p.id` + from + cond
		return func(ctx context.Context) (int, error) { return sqlRows(ctx, db, query, args...) }
	}
	// top10 lists the best ten passages with the first term marked.
	top10 := func(filter string, filterArgs []any, terms ...string) (string, []any) {
		cond, args, ranked := textCond(terms...)
		if ranked {
			return `SELECT p.id, p.doc, highlight(fts, 0, '<mark>', '</mark>')` + from + cond + filter + ` ORDER BY bm25(fts) LIMIT 10`,
				append(args, filterArgs...)
		}
		return `SELECT p.id, p.doc, replace(fts.text, ?, '<mark>' || ? || '</mark>')` + from + cond + filter + ` LIMIT 10`,
			append(append([]any{terms[0], terms[0]}, args...), filterArgs...)
	}
	topJob := func(terms ...string) job {
		query, args := top10("", nil, terms...)
		return func(ctx context.Context) (int, error) { return sqlRows(ctx, db, query, args...) }
	}
	// facetJob counts matching documents per type (under the year filter)
	// and per year (under the type filter), as Renda counts each facet
	// without its own filter, and lists the top ten under both filters.
	facetJob := func(w string) job {
		cond, args, _ := textCond(w)
		types := []any{facetTypes[0], facetTypes[1]}
		yearFilter, typeFilter := fmt.Sprintf(` AND p.year BETWEEN %d AND %d`, facetFrom, facetTo), ` AND p.type IN (?, ?)`
		byType := `SELECT p.type, COUNT(DISTINCT p.doc)` + from + cond + yearFilter + ` GROUP BY p.type`
		byYear := `SELECT p.year, COUNT(DISTINCT p.doc)` + from + cond + typeFilter + ` GROUP BY p.year`
		top, topArgs := top10(typeFilter+yearFilter, types, w)
		return func(ctx context.Context) (int, error) {
			n := 0
			for _, q := range []struct {
				sql  string
				args []any
			}{{byType, args}, {byYear, append(slices.Clone(args), types...)}, {top, topArgs}} {
				k, err := sqlRows(ctx, db, q.sql, q.args...)
				if err != nil {
					return 0, err
				}
				n += k
			}
			return n, nil
		}
	}
	classes := quoteClassesOf(qs, quote)
	word, pair, facet := class{name: classWord}, class{name: classPair}, class{name: classFacet}
	for _, w := range qs.Words {
		word.jobs = append(word.jobs, topJob(w))
	}
	for _, p := range qs.Pairs {
		pair.jobs = append(pair.jobs, topJob(p[0], p[1]))
	}
	for _, w := range qs.FacetWords {
		facet.jobs = append(facet.jobs, facetJob(w))
	}
	return append(classes, word, pair, facet)
}

// textCond returns the WHERE condition for passages containing every term,
// with its arguments: one FTS5 MATCH of the terms of three characters or
// more as phrases joined by AND (ranked true), and an instr() test for each
// shorter term.
func textCond(terms ...string) (cond string, args []any, ranked bool) {
	var phrases, conds []string
	var instrArgs []any
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= 3 {
			phrases = append(phrases, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		} else {
			conds = append(conds, `instr(fts.text, ?) > 0`)
			instrArgs = append(instrArgs, t)
		}
	}
	if len(phrases) > 0 {
		conds = append([]string{`fts MATCH ?`}, conds...)
		args = append(args, strings.Join(phrases, " AND "))
		ranked = true
	}
	return strings.Join(conds, " AND "), append(args, instrArgs...), ranked
}

// sqlRows runs a query and reads every row, each column into a fresh
// value, and returns how many rows there were.
func sqlRows(ctx context.Context, db *sql.DB, query string, args ...any) (int, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("sqlite query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, fmt.Errorf("sqlite columns: %w", err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	n := 0
	for rows.Next() {
		for k := range vals {
			ptrs[k] = &vals[k]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("sqlite scan: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("sqlite rows: %w", err)
	}
	return n, nil
}

// percentile returns the pct-th percentile of ms the way
// search/bench_test.go does: sorted, index len·pct/100, capped at the last.
func percentile(ms []float64, pct int) float64 {
	if len(ms) == 0 {
		return 0
	}
	s := slices.Clone(ms)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*pct/100)]
}

// agreement compares the passages each engine found for the same quotes.
type agreement struct {
	Compared   int       // quotes both engines answered
	Same       int       // of those, with the same number of passages
	RendaMore  int       // Renda found more (folding, whitespace)
	SQLiteMore int       // SQLite found more
	Skipped    int       // quotes one engine did not answer (error, over the limit)
	Examples   []example // the first differences
}

// example is one quote on which the engines differ.
type example struct {
	Quote         string
	Renda, SQLite int
}

// maxExamples bounds agreement.Examples.
const maxExamples = 5

// compareCounts compares the counts of one quote class on both engines.
func compareCounts(quotes []string, renda, sqlite classResult) agreement {
	var a agreement
	for k, q := range quotes {
		if k >= len(renda.Counts) || k >= len(sqlite.Counts) || renda.Counts[k] < 0 || sqlite.Counts[k] < 0 {
			a.Skipped++
			continue
		}
		r, s := renda.Counts[k], sqlite.Counts[k]
		a.Compared++
		switch {
		case r == s:
			a.Same++
			continue
		case r > s:
			a.RendaMore++
		default:
			a.SQLiteMore++
		}
		if len(a.Examples) < maxExamples {
			a.Examples = append(a.Examples, example{Quote: q, Renda: r, SQLite: s})
		}
	}
	return a
}

// quoteClassesOf makes the quote classes of qs with the engine's quote job.
func quoteClassesOf(qs *querySet, quote func(string) job) []class {
	var classes []class
	for _, c := range quoteClasses {
		cl := class{name: c.name, counted: true}
		for _, q := range qs.Quotes[c.name] {
			cl.jobs = append(cl.jobs, quote(q))
		}
		classes = append(classes, cl)
	}
	return classes
}
