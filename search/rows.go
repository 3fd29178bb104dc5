package search

import (
	"context"
	"fmt"
	"strconv"

	"github.com/renda-archive/renda/corpus"
)

// Rows for exports (package export): each kind of result has its CSV
// columns and a Record method giving a row's values in that order; JSON
// exports encode the row values themselves.

// KWICColumns are the CSV columns of a concordance export.
var KWICColumns = []string{"left", "match", "right", "passage", "offset", "doc", "title", "year", "citation", "permalink"}

// Record returns the line's values in KWICColumns order.
func (l KWICLine) Record() []string {
	return []string{l.Left, l.Match, l.Right, l.Passage, strconv.Itoa(l.Offset), l.Doc, l.Title, yearString(l.Year), l.Citation, l.Permalink}
}

// TrendColumns are the CSV columns of a trends export.
var TrendColumns = []string{"term", "split", "year", "documents", "occurrences", "chars", "per_10k"}

// TrendRow is one point of one series, as exported.
type TrendRow struct {
	Term  string `json:"term"`
	Split string `json:"split"`
	TrendPoint
}

// Record returns the row's values in TrendColumns order.
func (r TrendRow) Record() []string {
	return []string{r.Term, r.Split, strconv.Itoa(r.Year), strconv.Itoa(r.Documents), strconv.Itoa(r.Occurrences),
		strconv.Itoa(r.Chars), strconv.FormatFloat(r.Per10k, 'f', 4, 64)}
}

// Rows returns the response's points, series after series.
func (r *TrendsResponse) Rows() []TrendRow {
	var rows []TrendRow
	for _, s := range r.Series {
		for _, p := range s.Points {
			rows = append(rows, TrendRow{Term: s.Term, Split: s.Split, TrendPoint: p})
		}
	}
	return rows
}

// PassageColumns are the CSV columns of a search export.
var PassageColumns = []string{"doc", "title", "type", "level", "region", "body", "year", "date", "passage", "ordinal", "kind", "heading", "article", "text", "citation", "permalink"}

// PassageRow is one matching passage, as exported.
type PassageRow struct {
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Type      string `json:"type"`
	Level     string `json:"level"`
	Region    string `json:"region"`
	Body      string `json:"body"`
	Year      int    `json:"year"`
	Date      string `json:"date,omitempty"`
	Passage   string `json:"passage"`
	Ordinal   int    `json:"ordinal"`
	Kind      string `json:"kind"`
	Heading   string `json:"heading"` // of the innermost section
	Article   int    `json:"article,omitempty"`
	Text      string `json:"text"`
	Citation  string `json:"citation"`
	Permalink string `json:"permalink"`
}

// Record returns the row's values in PassageColumns order.
func (r PassageRow) Record() []string {
	article := ""
	if r.Article > 0 {
		article = strconv.Itoa(r.Article)
	}
	return []string{r.Doc, r.Title, r.Type, r.Level, r.Region, r.Body, yearString(r.Year), r.Date, r.Passage,
		strconv.Itoa(r.Ordinal), r.Kind, r.Heading, article, r.Text, r.Citation, r.Permalink}
}

func yearString(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// EachPassage calls f with every passage that req matches, documents in
// the order of req.Sort, each document's passages best first (in document
// order without words), ignoring req's page and size, and returns the
// number of passages. Rows are made one at a time from the occurrence
// index; f's error stops the walk and is returned. ctx is checked between
// documents.
func (e *Engine) EachPassage(ctx context.Context, req Request, f func(PassageRow) error) (int, error) {
	req.Page, req.Size = 0, 0
	if err := normalize(&req); err != nil {
		return 0, err
	}
	q, err := parseRequest(req.Query, req.Filters)
	if err != nil {
		return 0, err
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	defer snap.Release()
	res, err := e.evaluate(ctx, snap, q, true)
	if err != nil {
		return 0, err
	}
	defer res.m.release()
	ranked, err := e.rank(ctx, res, req.Sort, 0)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range ranked {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		seg := snap.Segment(d.ref.Seg)
		base := snap.Base(d.ref.Seg)
		m := d.meta
		for _, num := range res.bestFirst(d) {
			p := num - base
			ord := seg.Ordinal(p)
			pid := corpus.PassageID(m.ID, ord)
			ref := m.Reference(seg.Heading(p), seg.Article(p), ord)
			row := PassageRow{
				Doc: m.ID, Title: m.Title, Type: string(m.Type), Level: string(m.Level), Region: m.Region, Body: m.Body,
				Year: m.Year, Date: m.Date, Passage: pid, Ordinal: ord, Kind: seg.Kind(p), Heading: seg.Heading(p),
				Article: seg.Article(p), Text: seg.Text(p), Citation: ref.Citation(), Permalink: corpus.Permalink(pid),
			}
			if err := f(row); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
