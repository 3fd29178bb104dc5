package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/renda-archive/renda/export"
	"github.com/renda-archive/renda/search"
)

func kwicCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("kwic", "kwic [--data DIR] [--width N] [--sort right|left|year|-year|doc] [--page N] [--size N] [--format csv|json] QUERY", stderr)
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA)")
	width := fs.Int("width", 16, "characters of context on each side")
	sort := fs.String("sort", search.SortRight, "right, left, year, -year or doc")
	page := fs.Int("page", 1, "page")
	size := fs.Int("size", 20, "lines per page")
	format := fs.String("format", "", "export every line as csv or json instead of showing a page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("kwic: no query given")
	}
	a, err := openArchive(*data, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	req := search.KWICRequest{Query: strings.Join(fs.Args(), " "), Width: *width, Sort: *sort, Page: *page, Size: *size}
	if *format != "" {
		return a.export(ctx, stdout, "/api/kwic", kwicParams(req), *format, func() error {
			return exportRows(stdout, *format, search.KWICColumns, func(row func([]string, any) error) error {
				_, err := a.engine.EachKWIC(ctx, req, func(l search.KWICLine) error { return row(l.Record(), l) })
				return err
			})
		})
	}
	resp, err := a.kwic(ctx, req)
	if err != nil {
		return err
	}
	printKWIC(stdout, resp)
	return nil
}

// printKWIC writes a concordance page with the matches in one column:
// left contexts right-aligned, by display width (a Chinese character
// takes two columns).
func printKWIC(w io.Writer, resp *search.KWICResponse) {
	fmt.Fprintf(w, "%s: %d occurrences in %d documents (%.1f ms), lines %d–%d, sorted by %s\n",
		resp.Term, resp.Total, resp.Documents, resp.TookMS, (resp.Page-1)*resp.Size+1, (resp.Page-1)*resp.Size+len(resp.Lines), resp.Sort)
	leftWidth := 0
	for _, l := range resp.Lines {
		leftWidth = max(leftWidth, uniseg.StringWidth(oneLine(l.Left)))
	}
	for _, l := range resp.Lines {
		left := oneLine(l.Left)
		fmt.Fprintf(w, "%s%s【%s】%s  · %s %s\n", strings.Repeat(" ", leftWidth-uniseg.StringWidth(left)), left, oneLine(l.Match), oneLine(l.Right), yearOrBlank(l.Year), l.Passage)
	}
}

// oneLine keeps a context on one terminal line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

func yearOrBlank(y int) string {
	if y == 0 {
		return "----"
	}
	return fmt.Sprint(y)
}

// exportRows writes the rows that each produces to w in format.
func exportRows(w io.Writer, format string, columns []string, each func(row func([]string, any) error) error) error {
	x, err := export.NewWriter(w, format, columns)
	if err != nil {
		return err
	}
	if err := each(x.Row); err != nil {
		return err
	}
	return x.Close()
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
