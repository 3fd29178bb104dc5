package search_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/export"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/search"
)

// allLines returns every line of a concordance.
func allLines(t *testing.T, req search.KWICRequest) []search.KWICLine {
	t.Helper()
	var lines []search.KWICLine
	n, err := testEngine.EachKWIC(context.Background(), req, func(l search.KWICLine) error {
		lines = append(lines, l)
		return nil
	})
	if err != nil {
		t.Fatalf("EachKWIC(%+v): %v", req, err)
	}
	if n != len(lines) {
		t.Fatalf("EachKWIC says %d lines, gave %d", n, len(lines))
	}
	return lines
}

func places(lines []search.KWICLine) []occurrence {
	out := make([]occurrence, len(lines))
	for k, l := range lines {
		out[k] = occurrence{l.Passage, l.Offset}
	}
	return out
}

// comparePlace orders occurrences by document ID, ordinal, offset.
func comparePlace(a, b occurrence) int {
	da, oa, _ := corpus.SplitPassageID(a.passage)
	db, ob, _ := corpus.SplitPassageID(b.passage)
	if c := strings.Compare(da, db); c != 0 {
		return c
	}
	if oa != ob {
		return oa - ob
	}
	return a.offset - b.offset
}

// foldedAround returns the folded text of a passage after (right) or
// before (left, reversed) the occurrence's first character.
func foldedAround(o occurrence, right bool) []rune {
	docID, ord, _ := corpus.SplitPassageID(o.passage)
	rs := []rune(testOracle.docs[docID].Passage(ord).Text)
	if right {
		return []rune(fold.String(string(rs[o.offset:])))
	}
	left := []rune(fold.String(string(rs[:o.offset])))
	slices.Reverse(left)
	return left
}

// sortByContext sorts occurrences by the folded text after them (right)
// or before them read backwards, then by place.
func sortByContext(occ []occurrence, right bool) []occurrence {
	type keyed struct {
		occurrence
		key []rune
	}
	ks := make([]keyed, len(occ))
	for k, o := range occ {
		ks[k] = keyed{o, foldedAround(o, right)}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := slices.Compare(a.key, b.key); c != 0 {
			return c
		}
		return comparePlace(a.occurrence, b.occurrence)
	})
	out := make([]occurrence, len(ks))
	for k, o := range ks {
		out[k] = o.occurrence
	}
	return out
}

// kwicStrings are the strings checked against the brute force: the
// frequent ones the issue names and random substrings of real passages.
func kwicStrings(n int) []string {
	out := []string{"的", "人民", "国"}
	var passages []string
	for _, d := range testDocs {
		for _, p := range d.Passages {
			passages = append(passages, p.Text)
		}
	}
	rng := rand.New(rand.NewSource(20261201))
	for len(out) < n+3 {
		if q, ok := randomQuote(rng, passages[rng.Intn(len(passages))], 1, 40); ok {
			out = append(out, q)
		}
	}
	return out
}

func TestKWICEqualsBruteForce(t *testing.T) {
	// Totals, every (passage, offset) and the right and left orders, for
	// every string.
	n := 300
	if testing.Short() {
		n = 60
	}
	for _, s := range kwicStrings(n) {
		quote := `"` + s + `"`
		want := testOracle.occurrences(s)
		resp, err := testEngine.KWIC(context.Background(), search.KWICRequest{Query: quote, Size: 5})
		if err != nil {
			t.Fatalf("KWIC %q: %v", s, err)
		}
		if resp.Total != len(want) {
			t.Fatalf("KWIC %q: total %d, brute force %d", s, resp.Total, len(want))
		}
		docs := map[string]bool{}
		for _, o := range want {
			d, _, _ := corpus.SplitPassageID(o.passage)
			docs[d] = true
		}
		if resp.Documents != len(docs) {
			t.Errorf("KWIC %q: %d documents, brute force %d", s, resp.Documents, len(docs))
		}
		right := allLines(t, search.KWICRequest{Query: quote})
		got := places(right)
		sorted := slices.Clone(got)
		slices.SortFunc(sorted, comparePlace)
		slices.SortFunc(want, comparePlace)
		if !slices.Equal(sorted, want) {
			t.Fatalf("KWIC %q: occurrences differ from the brute force (%d vs %d)", s, len(got), len(want))
		}
		for _, l := range right[:min(len(right), 20)] {
			if fold.String(l.Match) != fold.String(s) {
				t.Errorf("KWIC %q: line at %s:%d matches %q", s, l.Passage, l.Offset, l.Match)
			}
		}
		if !slices.Equal(got, sortByContext(want, true)) {
			t.Fatalf("KWIC %q: sort=right differs from sorting the brute-force lines", s)
		}
		left := places(allLines(t, search.KWICRequest{Query: quote, Sort: search.SortLeft}))
		if !slices.Equal(left, sortByContext(want, false)) {
			t.Fatalf("KWIC %q: sort=left differs from sorting the brute-force lines", s)
		}
	}
}

func TestKWICPagesAndOrders(t *testing.T) {
	all := allLines(t, search.KWICRequest{Query: "人民代表大会", Sort: search.SortYear})
	if len(all) < 100 {
		t.Fatalf("人民代表大会: %d lines", len(all))
	}
	// Pages concatenate to the whole, in every order.
	for _, order := range []string{search.SortRight, search.SortLeft, search.SortYear, search.SortYearDesc, search.SortDoc} {
		whole := allLines(t, search.KWICRequest{Query: "人民代表大会", Sort: order})
		var paged []search.KWICLine
		for page := 1; ; page++ {
			resp, err := testEngine.KWIC(context.Background(), search.KWICRequest{Query: "人民代表大会", Sort: order, Page: page, Size: 997})
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, resp.Lines...)
			if len(resp.Lines) < 997 {
				break
			}
		}
		if !slices.Equal(places(paged), places(whole)) {
			t.Errorf("sort %s: pages differ from the whole concordance", order)
		}
		switch order {
		case search.SortYear, search.SortYearDesc:
			for k := 1; k < len(whole); k++ {
				a, b := whole[k-1].Year, whole[k].Year
				if a == 0 && b != 0 || a != 0 && b != 0 && (a > b) == (order == search.SortYear) && a != b {
					t.Fatalf("sort %s: year %d before %d", order, a, b)
				}
			}
		case search.SortDoc:
			for k := 1; k < len(whole); k++ {
				if comparePlace(occurrence{whole[k-1].Passage, whole[k-1].Offset}, occurrence{whole[k].Passage, whole[k].Offset}) >= 0 {
					t.Fatalf("sort doc: %s:%d before %s:%d", whole[k-1].Passage, whole[k-1].Offset, whole[k].Passage, whole[k].Offset)
				}
			}
		}
	}
	// Far past any cap: the last page of 的.
	resp, err := testEngine.KWIC(context.Background(), search.KWICRequest{Query: `"的"`, Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	last := (resp.Total + 999) / 1000
	end, err := testEngine.KWIC(context.Background(), search.KWICRequest{Query: `"的"`, Size: 1000, Page: last})
	if err != nil {
		t.Fatal(err)
	}
	if want := resp.Total - (last-1)*1000; len(end.Lines) != want || want == 0 {
		t.Errorf("last page of 的 (%d): %d lines, want %d", last, len(end.Lines), want)
	}
}

func TestKWICContextAndFilters(t *testing.T) {
	// Context is original text: the line joins back to the passage.
	some := allLines(t, search.KWICRequest{Query: `"人大"`, Width: 7})
	for _, l := range some[:min(len(some), 500)] {
		docID, ord, _ := corpus.SplitPassageID(l.Passage)
		rs := []rune(testOracle.docs[docID].Passage(ord).Text)
		lw, mw := len([]rune(l.Left)), len([]rune(l.Match))
		if lw > 7 || len([]rune(l.Right)) > 7 || string(rs[l.Offset-lw:l.Offset]) != l.Left ||
			string(rs[l.Offset:l.Offset+mw]) != l.Match || !strings.HasPrefix(string(rs[l.Offset+mw:]), l.Right) {
			t.Fatalf("line %+v does not come from its passage", l)
		}
		if lw < 7 && l.Offset != lw || len([]rune(l.Right)) < 7 && l.Offset+mw+len([]rune(l.Right)) != len(rs) {
			t.Fatalf("line %+v has less context than the passage holds", l)
		}
		if !strings.Contains(l.Citation, l.Title) || !strings.Contains(l.Citation, l.Passage) || l.Permalink != corpus.Permalink(l.Passage) {
			t.Fatalf("line %+v: citation or permalink", l)
		}
	}
	// A traditional match shows as written.
	if !testing.Short() {
		found := false
		for _, l := range allLines(t, search.KWICRequest{Query: `"人民代表大会"`, Filters: search.Filters{"year": {"1954"}, "type": {"政府工作报告"}}}) {
			found = found || strings.Contains(l.Match, "會")
		}
		if !found {
			t.Error("the 1954 report's 人民代表大會 is not shown as written")
		}
	}
	// Several terms: lines of the first, within passages matching all;
	// filters restrict.
	lines := allLines(t, search.KWICRequest{Query: "监督 人大 type:法律"})
	if len(lines) == 0 {
		t.Fatal("监督 人大 type:法律: no lines")
	}
	want := testOracle.words("监督")
	both := testOracle.words("人大")
	n := 0
	for _, o := range testOracle.occurrences("监督") {
		docID, _, _ := corpus.SplitPassageID(o.passage)
		if want[o.passage] && both[o.passage] && testOracle.docs[docID].Type == corpus.TypeLaw {
			n++
		}
	}
	if len(lines) != n {
		t.Errorf("监督 人大 type:法律: %d lines, brute force %d", len(lines), n)
	}
	for _, l := range lines {
		if fold.String(l.Match) != "监督" {
			t.Fatalf("line matches %q, want the first term", l.Match)
		}
	}
	for _, bad := range []search.KWICRequest{{Query: ""}, {Query: "type:法律"}, {Query: "人民", Sort: "random"}, {Query: "人民", Width: 1000}, {Query: "人民", Size: 5000}} {
		if _, err := testEngine.KWIC(context.Background(), bad); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("KWIC(%+v): %v, want an invalid error", bad, err)
		}
	}
}

func TestKWICExportRoundTrip(t *testing.T) {
	lines := allLines(t, search.KWICRequest{Query: `"代表"`, Width: 10})
	var buf bytes.Buffer
	w, err := export.NewWriter(&buf, export.CSV, search.KWICColumns)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if err := w.Row(l.Record(), l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if !bytes.HasPrefix(raw, []byte(export.BOM)) {
		t.Fatal("CSV does not start with a byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[len(export.BOM):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(lines)+1 || !slices.Equal(rows[0], search.KWICColumns) {
		t.Fatalf("CSV has %d rows, want a header and %d lines", len(rows), len(lines))
	}
	for k, l := range lines {
		if !slices.Equal(rows[k+1], l.Record()) {
			t.Fatalf("row %d: %q, want %q", k+1, rows[k+1], l.Record())
		}
		if off, _ := strconv.Atoi(rows[k+1][4]); off != l.Offset {
			t.Fatalf("row %d: offset %d", k+1, off)
		}
	}
	buf.Reset()
	if w, err = export.NewWriter(&buf, export.JSON, search.KWICColumns); err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		w.Row(l.Record(), l)
	}
	w.Close()
	var back []search.KWICLine
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, lines) {
		t.Fatal("JSON export does not read back to the same lines")
	}
}

func TestChineseQuoteMarks(t *testing.T) {
	want := set(mustIDs(t, `"人人参与、人人负责"`))
	if len(want) == 0 {
		t.Fatal("the quote finds nothing")
	}
	for _, q := range []string{"“人人参与、人人负责”", "「人人参与、人人负责」", "『人人参与、人人负责』", "＂人人参与、人人负责＂"} {
		if got := set(mustIDs(t, q)); len(got) != len(want) || len(diff(want, got, 1)) > 0 {
			t.Errorf("%s finds %d passages, the ASCII quote %d", q, len(got), len(want))
		}
	}
	if _, err := testEngine.Search(context.Background(), search.Request{Query: "“人人参与"}); corpus.ErrorCode(err) != corpus.EINVALID || !strings.Contains(corpus.ErrorMessage(err), "”") {
		t.Errorf("an unclosed “ gives %v, want a message naming ”", err)
	}
}

func mustIDs(t *testing.T, q string) []string {
	t.Helper()
	ids, err := testEngine.PassageIDs(context.Background(), q, 0)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return ids
}
