package search_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/search"
)

// recount computes a trend by brute force: per split value and year,
// documents, occurrences and folded characters over the documents and
// passages that keep says count.
type cell struct {
	split string
	year  int
}

func recount(term, split string, keep func(d *corpus.Document, p *corpus.Passage) bool) map[cell]search.TrendPoint {
	out := map[cell]search.TrendPoint{}
	f := fold.String(term)
	for _, d := range testDocs {
		if d.Year == 0 {
			continue
		}
		key := cell{year: d.Year}
		switch split {
		case search.SplitType:
			key.split = string(d.Type)
		case search.SplitLevel:
			key.split = string(d.Level)
		}
		pt := out[key]
		pt.Year = d.Year
		found := false
		for k := range d.Passages {
			p := &d.Passages[k]
			if !keep(d, p) {
				continue
			}
			text := fold.String(p.Text)
			pt.Chars += len([]rune(text))
			n := countOverlapping(text, f)
			pt.Occurrences += n
			found = found || n > 0
		}
		if found {
			pt.Documents++
		}
		out[key] = pt
	}
	return out
}

// countOverlapping counts the occurrences of sub in s, overlapping ones
// too (的的 holds 的 twice, and 人人 holds 人人 once in 人人人 twice).
func countOverlapping(s, sub string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return n
		}
		n++
		_, size := utf8.DecodeRuneInString(sub)
		i += j + size
	}
}

func TestTrendsRecount(t *testing.T) {
	cases := []struct {
		query, split string
		filters      search.Filters
		keep         func(d *corpus.Document, p *corpus.Passage) bool
	}{
		{"全过程人民民主|人民民主|民主", "", nil, func(*corpus.Document, *corpus.Passage) bool { return true }},
		{"人民|监督", search.SplitType, nil, func(*corpus.Document, *corpus.Passage) bool { return true }},
		{`"人大常委会"|代表`, search.SplitLevel, search.Filters{"type": {"政府工作报告", "常委会工作报告"}},
			func(d *corpus.Document, p *corpus.Passage) bool {
				return d.Type == corpus.TypeGovReport || d.Type == corpus.TypeStandingReport
			}},
		{"改革 kind:plan", "", search.Filters{"year": {"1990..2025"}},
			func(d *corpus.Document, p *corpus.Passage) bool {
				return p.Kind == corpus.KindPlan && d.Year >= 1990 && d.Year <= 2025
			}},
	}
	for _, c := range cases {
		resp, err := testEngine.Trends(context.Background(), search.TrendsRequest{Query: c.query, Split: c.split, Filters: c.filters})
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		terms := map[string]bool{}
		for _, s := range resp.Series {
			terms[s.Term] = true
			want := recount(s.Term, c.split, c.keep)
			years := 0
			for key, pt := range want {
				if key.split == s.Split && pt.Chars > 0 {
					years++
				}
			}
			if len(s.Points) != years {
				t.Errorf("%s %s/%s: %d points, want one per year with text: %d", c.query, s.Term, s.Split, len(s.Points), years)
			}
			for _, pt := range s.Points {
				w := want[cell{s.Split, pt.Year}]
				if pt.Documents != w.Documents || pt.Occurrences != w.Occurrences || pt.Chars != w.Chars {
					t.Errorf("%s %s/%s %d: %+v, recount %+v", c.query, s.Term, s.Split, pt.Year, pt, w)
				}
				if w.Chars > 0 && math.Abs(pt.Per10k-float64(w.Occurrences)*10000/float64(w.Chars)) > 1e-9 {
					t.Errorf("%s %s %d: per_10k %f", c.query, s.Term, pt.Year, pt.Per10k)
				}
			}
		}
		if len(terms) != strings.Count(c.query, "|")+1 {
			t.Errorf("%s: series for %d terms", c.query, len(terms))
		}
	}
	for _, bad := range []search.TrendsRequest{{Query: ""}, {Query: "人民 民主"}, {Query: "人民", Split: "region"}, {Query: "人民", By: "month"}, {Query: "-人民"}} {
		if _, err := testEngine.Trends(context.Background(), bad); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Trends(%+v): %v, want an invalid error", bad, err)
		}
	}
}
