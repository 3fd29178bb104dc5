package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/renda-archive/renda/links"
)

// followupsCmd prints, for each plan item of a work report, the passages
// of the next year's report that report on it (--precedents: for each
// review passage, last year's plan items it answers).
func followupsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("followups", "followups [--data DIR] [--precedents] [--json] DOC", stderr)
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA)")
	precedents := fs.Bool("precedents", false, "link the review passages to last year's plan items instead")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("followups: give one document ID (renda search shows them in brackets)")
	}
	a, err := openArchive(*data, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	linked, err := a.followups(ctx, fs.Arg(0), *precedents)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, linked)
	}
	printLinked(stdout, linked)
	return nil
}

// followups links the report id here or on the server.
func (a *archive) followups(ctx context.Context, id string, precedents bool) (*links.Linked, error) {
	of, route := links.FollowupsOf, "/followups"
	if precedents {
		of, route = links.PrecedentsOf, "/precedents"
	}
	if a.ix != nil {
		return of(a.ix.Catalog(), id, a.ix.Document)
	}
	var l links.Linked
	return &l, a.get(ctx, "/api/documents/"+url.PathEscape(id)+route, url.Values{}, &l)
}

// printLinked writes each item and its links for a terminal.
func printLinked(w io.Writer, l *links.Linked) {
	other := l.Next
	if other == nil {
		other = l.Previous
	}
	if other == nil {
		fmt.Fprintf(w, "%s (%d): no report of the same body for the year %s\n", l.Document.Title, l.Document.Year, map[bool]string{true: "after", false: "before"}[l.Previous == nil])
		return
	}
	linked := 0
	for _, it := range l.Items {
		if len(it.Links) > 0 {
			linked++
		}
	}
	fmt.Fprintf(w, "%s (%d) → %s (%d)\n%d items, %d linked, %d without a counterpart\n", l.Document.Title, l.Document.Year, other.Title, other.Year, len(l.Items), linked, len(l.Items)-linked)
	for _, it := range l.Items {
		fmt.Fprintf(w, "\n%s  [%s]\n", oneLine(shorten(it.Text, 60)), it.Passage)
		if len(it.Links) == 0 {
			fmt.Fprintln(w, "   (no counterpart found)")
		}
		for _, k := range it.Links {
			fmt.Fprintf(w, "   → %.2f %s  [%s]\n     %s\n", k.Score, oneLine(shorten(k.Text, 50)), k.Passage, strings.Join(k.Terms, " · "))
		}
	}
}

func shorten(s string, n int) string {
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n]) + "…"
	}
	return s
}
