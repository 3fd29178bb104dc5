package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/renda-archive/renda/search"
)

func trendsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("trends", "trends [--data DIR] [--split type|level] [--format csv|json] TERM... [field:value...]", stderr)
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA)")
	split := fs.String("split", "", "one series per type or level")
	format := fs.String("format", "", "export the points as csv or json instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("trends: no terms given")
	}
	// Each argument is a term, or a filter that applies to all.
	var terms, filters []string
	for _, a := range fs.Args() {
		if name, _, ok := strings.Cut(a, ":"); ok && isFilterName(name) {
			filters = append(filters, a)
		} else {
			terms = append(terms, a)
		}
	}
	query := strings.Join(terms, "|")
	if len(filters) > 0 {
		query += " " + strings.Join(filters, " ")
	}
	a, err := openArchive(*data, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	resp, err := a.trends(ctx, search.TrendsRequest{Query: query, Split: *split})
	if err != nil {
		return err
	}
	if *format != "" {
		return exportRows(stdout, *format, search.TrendColumns, func(row func([]string, any) error) error {
			for _, r := range resp.Rows() {
				if err := row(r.Record(), r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	printTrends(stdout, resp)
	return nil
}

func isFilterName(name string) bool {
	for _, f := range search.FilterFields {
		if strings.EqualFold(f, name) {
			return true
		}
	}
	return false
}

// printTrends writes one row per year and one column per series: the
// occurrences per 10,000 characters, then the occurrences and documents.
func printTrends(w io.Writer, resp *search.TrendsResponse) {
	years := map[int]bool{}
	cells := map[[2]int]search.TrendPoint{} // series, year
	var heads []string
	for k, s := range resp.Series {
		head := s.Term
		if s.Split != "" {
			head += "（" + s.Split + "）"
		}
		heads = append(heads, head)
		for _, p := range s.Points {
			years[p.Year] = true
			cells[[2]int{k, p.Year}] = p
		}
	}
	const col = 26
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-uniseg.StringWidth(s))) }
	fmt.Fprintf(w, "%s", pad("年份", 6))
	for _, h := range heads {
		fmt.Fprint(w, pad(h, col))
	}
	fmt.Fprintf(w, "\n%s", pad("", 6))
	for range heads {
		fmt.Fprint(w, pad("每万字 / 次数 / 文档", col))
	}
	fmt.Fprintln(w)
	for _, y := range slices.Sorted(maps.Keys(years)) {
		fmt.Fprint(w, pad(fmt.Sprint(y), 6))
		for k := range heads {
			p, ok := cells[[2]int{k, y}]
			text := "–"
			if ok {
				text = fmt.Sprintf("%.2f / %d / %d", p.Per10k, p.Occurrences, p.Documents)
			}
			fmt.Fprint(w, pad(text, col))
		}
		fmt.Fprintln(w)
	}
}
