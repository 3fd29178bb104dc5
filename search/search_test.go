package search_test

import (
	"context"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/search"
)

func mustSearch(t *testing.T, req search.Request) *search.Response {
	t.Helper()
	resp, err := testEngine.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	return resp
}

// allDocs pages through every matching document.
func allDocs(t *testing.T, req search.Request) map[string]search.Hit {
	t.Helper()
	out := map[string]search.Hit{}
	req.Size = search.MaxSize
	for req.Page = 1; ; req.Page++ {
		resp := mustSearch(t, req)
		for _, h := range resp.Hits {
			if _, dup := out[h.ID]; dup {
				t.Fatalf("document %s on two pages", h.ID)
			}
			out[h.ID] = h
		}
		if len(resp.Hits) < req.Size {
			if len(out) != resp.Total {
				t.Fatalf("paged %d documents, total says %d", len(out), resp.Total)
			}
			return out
		}
	}
}

func minhang(t *testing.T) *corpus.Document {
	t.Helper()
	for _, d := range testDocs {
		if strings.Contains(d.Title, "闵行区人大常委会") {
			return d
		}
	}
	t.Fatal("the Minhang report is not in the test index")
	return nil
}

func TestQuotesRandomSubstrings(t *testing.T) {
	// Property: a quoted query returns exactly the passages whose folded text
	// contains the folded quote, for random substrings of real passages.
	n := 2000
	if testing.Short() {
		n = 300
	}
	var passages []*corpus.Passage
	for _, d := range testDocs {
		for i := range d.Passages {
			passages = append(passages, &d.Passages[i])
		}
	}
	rng := rand.New(rand.NewSource(20241125))
	var queries, expected, found, missed, invented int
	for queries < n {
		p := passages[rng.Intn(len(passages))]
		quote, ok := randomQuote(rng, p.Text, 1, 40)
		if !ok {
			continue
		}
		queries++
		want := testOracle.passages(quote)
		ids, err := testEngine.PassageIDs(context.Background(), `"`+quote+`"`, 0)
		if err != nil {
			t.Fatalf("quote %q: %v", quote, err)
		}
		got := set(ids)
		if !want[p.ID] {
			t.Fatalf("oracle misses the passage %s the quote %q was drawn from", p.ID, quote)
		}
		expected += len(want)
		for id := range got {
			if want[id] {
				found++
			} else {
				invented++
			}
		}
		if miss := diff(want, got, 3); len(miss) > 0 {
			missed += len(want) - (len(got) - len(diff(got, want, len(got))))
			t.Errorf("quote %q (from %s): missed %v", quote, p.ID, miss)
		}
		if extra := diff(got, want, 3); len(extra) > 0 {
			t.Errorf("quote %q (from %s): invented %v", quote, p.ID, extra)
		}
	}
	recall := 100 * float64(found) / float64(expected)
	precision := 100.0
	if found+invented > 0 {
		precision = 100 * float64(found) / float64(found+invented)
	}
	t.Logf("%d random quotes (1–40 characters): %d passages expected, %d found, %d missed, %d invented; recall %.2f%%, precision %.2f%%",
		queries, expected, found, missed, invented, recall, precision)
}

func TestWordsMatchVerbatimOnly(t *testing.T) {
	// Unquoted words never match scattered characters: every passage
	// returned contains the word or one of its synonyms (or belongs to a
	// document whose title does), and every passage that does is returned.
	for _, w := range []string{"广州", "代表机关", "人大常委会", "全过程人民民主", "人民民主", "闵", "十四", "备案审查", "惠州"} {
		needles := append([]string{w}, search.DefaultSynonyms().Expand(w)...)
		want := testOracle.words(w)
		ids, err := testEngine.PassageIDs(context.Background(), w, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := set(ids)
		if miss := diff(want, got, 5); len(miss) > 0 {
			t.Errorf("%s: missed %v", w, miss)
		}
		if extra := diff(got, want, 5); len(extra) > 0 {
			t.Errorf("%s: matched passages without it: %v", w, extra)
		}
		t.Logf("%s (+%v): %d passages", w, needles[1:], len(got))
	}
}

func TestMinhangExamples(t *testing.T) {
	mh := minhang(t)
	for _, q := range []string{"代表机关", `"人人参与、人人负责"`, "人民城市议事厅", `"闵"`} {
		resp := mustSearch(t, search.Request{Query: q, Size: search.MaxSize})
		var hit *search.Hit
		for i := range resp.Hits {
			if resp.Hits[i].ID == mh.ID {
				hit = &resp.Hits[i]
			}
		}
		if hit == nil {
			t.Errorf("%s: the Minhang report is not among %d hits", q, len(resp.Hits))
			continue
		}
		mark := "<mark>" + strings.Trim(q, `"`) + "</mark>"
		ok := false
		for _, p := range hit.Passages {
			ok = ok || strings.Contains(p.HTML, mark)
			for _, s := range p.Matches {
				rs := []rune(p.Text)
				if fold.String(string(rs[s.Start:s.End])) != fold.String(strings.Trim(q, `"`)) {
					t.Errorf("%s: span %v covers %q", q, s, string(rs[s.Start:s.End]))
				}
			}
		}
		if !ok {
			t.Errorf("%s: no passage of the Minhang report has %s", q, mark)
		}
	}
}

func TestYearFacetAddsUp(t *testing.T) {
	resp := mustSearch(t, search.Request{Query: "全过程人民民主"})
	sum := 0
	for _, v := range resp.Facets["year"] {
		sum += v.Count
	}
	for _, h := range allDocs(t, search.Request{Query: "全过程人民民主"}) {
		if h.Year == 0 {
			sum++ // documents of unknown year have no year value
		}
	}
	if sum != resp.Total {
		t.Errorf("year facet counts add to %d, total is %d", sum, resp.Total)
	}
	if !testing.Short() && len(resp.Facets["year"]) < 3 {
		t.Errorf("全过程人民民主 found in %d years, want several", len(resp.Facets["year"]))
	}
}

func TestFiltersApply(t *testing.T) {
	hits := allDocs(t, search.Request{Query: "year:2024 政府工作报告"})
	report := false
	for _, h := range hits {
		if h.Year != 2024 {
			t.Errorf("year:2024 returned %s of %d", h.Title, h.Year)
		}
		report = report || h.Type == string(corpus.TypeGovReport) && strings.Contains(h.TitleHTML, "<mark>政府工作报告</mark>")
	}
	if !report {
		t.Error("year:2024 政府工作报告 does not find the 2024 government work report by its title")
	}
	hits = allDocs(t, search.Request{Query: "监督", Filters: search.Filters{"type": {"法律", "地方性法规"}, "year": {"2010..2020"}}})
	if len(hits) == 0 {
		t.Fatal("no laws on 监督 in 2010..2020")
	}
	for _, h := range hits {
		if h.Type != "法律" && h.Type != "地方性法规" || h.Year < 2010 || h.Year > 2020 {
			t.Errorf("filters let through %s (%s, %d)", h.Title, h.Type, h.Year)
		}
	}
}

// TestFacetsRecount recounts facets by brute force for several queries and
// filter combinations, including the rule that a facet ignores its own filter.
func TestFacetsRecount(t *testing.T) {
	type filter struct{ field, value string }
	cases := []struct {
		word    string
		filters []filter
	}{
		{"人民代表大会", nil},
		{"监督", []filter{{"type", "地方性法规"}}},
		{"立法", []filter{{"year", "2015..2025"}, {"level", "全国"}}},
		{"代表", []filter{{"kind", "plan"}}},
		{"民生", []filter{{"tag", "代表机关"}, {"type", "常委会工作报告"}}},
		// No words: a lone filter's own facet is counted over everything.
		{"", []filter{{"tag", "代表机关"}}},
		{"", []filter{{"type", "法律"}}},
		{"", []filter{{"kind", "review"}, {"level", "省"}}},
	}
	for _, c := range cases {
		req := search.Request{Query: c.word, Filters: search.Filters{}}
		for _, f := range c.filters {
			req.Filters.Add(f.field, f.value)
		}
		resp := mustSearch(t, req)
		matched := testOracle.words(c.word)
		if c.word == "" {
			for _, id := range testOracle.ids {
				matched[id] = true
			}
		}
		for _, facet := range []string{"year", "type", "level", "region", "body", "theme", "tag", "kind"} {
			want := map[string]int{}
			counted := map[string]bool{} // doc|value
			for pid := range matched {
				docID, ord, _ := corpus.SplitPassageID(pid)
				d := testOracle.docs[docID]
				p := d.Passage(ord)
				ok := true
				for _, f := range c.filters {
					if f.field != facet && !passes(d, p, f.field, f.value) {
						ok = false
					}
				}
				if !ok {
					continue
				}
				for _, v := range values(d, p, facet) {
					if !counted[docID+"|"+v] {
						counted[docID+"|"+v] = true
						want[v]++
					}
				}
			}
			got := map[string]int{}
			for _, v := range resp.Facets[facet] {
				got[v.Value] = v.Count
			}
			if len(got) != len(want) {
				t.Errorf("%s %v facet %s: %d values, want %d", c.word, c.filters, facet, len(got), len(want))
			}
			for v, n := range want {
				if got[v] != n {
					t.Errorf("%s %v facet %s=%s: %d documents, want %d", c.word, c.filters, facet, v, got[v], n)
				}
			}
		}
	}
}

func passes(d *corpus.Document, p *corpus.Passage, field, value string) bool {
	switch field {
	case "year":
		r, _ := search.ParseYear(value)
		return d.Year >= r.From && d.Year <= r.To
	}
	for _, v := range values(d, p, field) {
		if v == value {
			return true
		}
	}
	return false
}

func values(d *corpus.Document, p *corpus.Passage, facet string) []string {
	switch facet {
	case "year":
		if d.Year == 0 {
			return nil // year unknown: not counted, as in the engine
		}
		return []string{strconv.Itoa(d.Year)}
	case "type":
		return []string{string(d.Type)}
	case "level":
		return []string{string(d.Level)}
	case "region":
		return []string{d.Region}
	case "body":
		return []string{d.Body}
	case "kind":
		return []string{string(p.Kind)}
	case "theme", "tag":
		labels := p.Themes
		if facet == "tag" {
			labels = p.Tags
		}
		var out []string
		for _, l := range labels {
			out = append(out, l.Name)
		}
		return out
	}
	return nil
}

func TestTraditionalSimplifiedBothWays(t *testing.T) {
	if testing.Short() {
		t.Skip("the 1954 report is only in the full corpus")
	}
	var y1954 string
	for _, d := range testDocs {
		if d.Year == 1954 && d.Type == corpus.TypeGovReport {
			y1954 = d.ID
		}
	}
	trad := allDocs(t, search.Request{Query: `"人民代表大會"`})
	simp := allDocs(t, search.Request{Query: `"人民代表大会"`})
	if _, ok := simp[y1954]; !ok {
		t.Error(`"人民代表大会" does not find the traditional 1954 report`)
	}
	if len(trad) != len(simp) {
		t.Errorf("traditional quote finds %d documents, simplified %d", len(trad), len(simp))
	}
	for id := range simp {
		if _, ok := trad[id]; !ok {
			t.Errorf("traditional quote misses %s", id)
		}
	}
}

func TestFullWidthDigits(t *testing.T) {
	a := allDocs(t, search.Request{Query: `"２０２４年"`})
	b := allDocs(t, search.Request{Query: `"2024年"`})
	if len(a) == 0 || len(a) != len(b) {
		t.Errorf("２０２４年 finds %d documents, 2024年 %d", len(a), len(b))
	}
}

func TestQuoteAcrossOriginalLineBreak(t *testing.T) {
	// Find a passage whose original text was broken across lines (wiki links
	// in the national reports, CSV rows) and quote across the break.
	tried := 0
	for _, d := range testDocs {
		if d.Source.Format != corpus.FormatJSONL {
			continue
		}
		lines := strings.Split(d.Original, "\n")
		for i := 1; i+1 < len(lines) && tried < 5; i++ {
			prev, cur := strings.TrimSpace(lines[i-1]), strings.TrimSpace(lines[i])
			if utf8.RuneCountInString(prev) < 4 || utf8.RuneCountInString(cur) < 2 || utf8.RuneCountInString(cur) > 12 {
				continue
			}
			pr := []rune(prev)
			quote := string(pr[len(pr)-4:]) + cur
			if !strings.Contains(d.Text, quote) || strings.Contains(quote, `"`) {
				continue
			}
			tried++
			ids, err := testEngine.PassageIDs(context.Background(), `"`+quote+`"`, 0)
			if err != nil {
				t.Fatal(err)
			}
			want := testOracle.passages(quote)
			if len(want) == 0 || len(set(ids)) != len(want) {
				t.Errorf("quote %q across a line break: %d passages, want %d", quote, len(ids), len(want))
			}
		}
	}
	if tried == 0 {
		t.Fatal("no quote across an original line break was found to try")
	}
}

func TestBadRequests(t *testing.T) {
	for _, req := range []search.Request{
		{Query: `"open`}, {Query: "nosuch:field"}, {Sort: "random"}, {Size: 1000}, {Page: -1},
		{Filters: search.Filters{"year": {"soon"}}}, {Filters: search.Filters{"colour": {"red"}}},
	} {
		_, err := testEngine.Search(context.Background(), req)
		if corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Search(%+v) = %v, want an invalid error", req, err)
		}
	}
}

// TestSortByDate checks both date orders over every document: by date,
// documents without one by their year, those without either last.
func TestSortByDate(t *testing.T) {
	key := func(h search.Hit) string {
		switch {
		case h.Date != "":
			return h.Date
		case h.Year > 0:
			return fmt.Sprintf("%04d", h.Year)
		}
		return ""
	}
	for _, order := range []string{search.SortDate, search.SortDateAsc} {
		resp := mustSearch(t, search.Request{Query: "", Sort: order, Size: search.MaxSize})
		undated := false
		for i, h := range resp.Hits {
			k := key(h)
			if undated && k != "" {
				t.Errorf("%s: %s (%s) after a document with neither date nor year", order, h.Title, k)
			}
			undated = undated || k == ""
			if i == 0 || k == "" || key(resp.Hits[i-1]) == "" {
				continue
			}
			if prev := key(resp.Hits[i-1]); order == search.SortDate && prev < k || order == search.SortDateAsc && prev > k {
				t.Errorf("%s: %s (%s) after %s (%s)", order, h.Title, k, resp.Hits[i-1].Title, prev)
			}
		}
	}
}

func TestTitleMatchesFirst(t *testing.T) {
	for _, q := range []string{`"人民代表大会"`, "监督", "条例"} {
		resp := mustSearch(t, search.Request{Query: q, Size: search.MaxSize})
		needle := fold.String(strings.Trim(q, `"`))
		seenUntitled := false
		for _, h := range resp.Hits {
			titled := strings.Contains(fold.String(h.Title), needle)
			if titled && seenUntitled {
				t.Errorf("%s: %s has it in its title but ranks below a document that does not", q, h.Title)
			}
			seenUntitled = seenUntitled || !titled
		}
	}
}

// TestTitleWordsReachEveryPassage checks that a word of a document's title
// counts in all its passages: 宪法 article:2 finds the 宪法's 第二条, and 宪法
// 一切权力 finds the article that says it, though neither says 宪法.
func TestTitleWordsReachEveryPassage(t *testing.T) {
	for _, tt := range []struct{ query, want string }{
		{"宪法 article:2", "第二条"},
		{"宪法 一切权力", "一切权力属于人民"},
	} {
		resp := mustSearch(t, search.Request{Query: tt.query, Size: search.MaxSize})
		found := false
		for _, h := range resp.Hits {
			if h.Title != "中华人民共和国宪法" {
				continue
			}
			for _, p := range h.Passages {
				found = found || strings.Contains(p.Text, tt.want) && !strings.Contains(p.Text, "宪法")
			}
		}
		if !found {
			t.Errorf("%s: no passage of the 宪法 with %s", tt.query, tt.want)
		}
	}
}
