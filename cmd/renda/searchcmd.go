package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/renda-archive/renda/search"
)

func searchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("search", "search [--data DIR] [--json] [--format csv|json] [--size N] [--page N] [--sort relevance|date|date_asc] QUERY", stderr)
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA)")
	asJSON := fs.Bool("json", false, "print the API's JSON of the page instead of text")
	format := fs.String("format", "", "export every matching passage as csv or json")
	size := fs.Int("size", 10, "documents per page")
	page := fs.Int("page", 1, "page")
	sort := fs.String("sort", "relevance", "relevance, date or date_asc")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("search: no query given")
	}
	a, err := openArchive(*data, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	req := search.Request{Query: strings.Join(fs.Args(), " "), Size: *size, Page: *page, Sort: *sort}
	if *format != "" {
		return a.export(ctx, stdout, "/api/search", searchParams(req), *format, func() error {
			return exportRows(stdout, *format, search.PassageColumns, func(row func([]string, any) error) error {
				_, err := a.engine.EachPassage(ctx, req, func(p search.PassageRow) error { return row(p.Record(), p) })
				return err
			})
		})
	}
	resp, err := a.search(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, resp)
	}
	printText(stdout, resp)
	return nil
}

// printText writes results for a reader at a terminal, matches in 【】.
func printText(w io.Writer, resp *search.Response) {
	fmt.Fprintf(w, "%d documents, %d passages (%.1f ms)\n", resp.Total, resp.Passages, resp.TookMS)
	for _, ex := range resp.Expansions {
		fmt.Fprintf(w, "also searched for %s: %s\n", ex.Term, strings.Join(ex.Synonyms, ", "))
	}
	for i, h := range resp.Hits {
		fmt.Fprintf(w, "\n%d. %s  [%s]\n   %d · %s · %s · %s · %s · %d passages\n", (resp.Page-1)*resp.Size+i+1, h.Title, h.ID, h.Year, h.Type, h.Level, h.Region, h.Body, h.Matches)
		for _, p := range h.Passages {
			if len(p.Section) > 0 {
				fmt.Fprintf(w, "   § %s\n", strings.Join(p.Section, " › "))
			}
			fmt.Fprintf(w, "   %s  [%s]\n", marked(p.Text, p.Matches), p.ID)
		}
	}
	for _, name := range []string{search.FilterYear, search.FilterType, search.FilterLevel} {
		vs := resp.Facets[name]
		if len(vs) == 0 {
			continue
		}
		parts := make([]string, 0, 8)
		for _, v := range vs[:min(len(vs), 8)] {
			parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
		}
		fmt.Fprintf(w, "\n%s: %s", name, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

// marked puts 【】 around each span (in code points) of text.
func marked(text string, spans []search.Span) string {
	rs := []rune(text)
	var b strings.Builder
	at := 0
	for _, s := range spans {
		b.WriteString(string(rs[at:s.Start]))
		b.WriteString("【" + string(rs[s.Start:s.End]) + "】")
		at = s.End
	}
	b.WriteString(string(rs[at:]))
	return b.String()
}
