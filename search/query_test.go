package search

import (
	"cmp"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{`全过程人民民主`, Query{Groups: [][]Term{{{Text: "全过程人民民主"}}}, Filters: Filters{}}},
		{`"人人参与、人人负责"`, Query{Groups: [][]Term{{{Text: "人人参与、人人负责", Quoted: true}}}, Filters: Filters{}}},
		{`代表 机关`, Query{Groups: [][]Term{{{Text: "代表"}}, {{Text: "机关"}}}, Filters: Filters{}}},
		{`立法 OR 监督 -"备案 审查"`, Query{
			Groups:  [][]Term{{{Text: "立法"}, {Text: "监督"}}},
			Exclude: []Term{{Text: "备案 审查", Quoted: true}},
			Filters: Filters{},
		}},
		{`year:2019..2024 type:法律 政府工作报告 year:2025`, Query{
			Groups:  [][]Term{{{Text: "政府工作报告"}}},
			Filters: Filters{"year": {"2019..2024", "2025"}, "type": {"法律"}},
		}},
		{`body:"上海市人民代表大会常务委员会"　　立法`, Query{
			Groups:  [][]Term{{{Text: "立法"}}},
			Filters: Filters{"body": {"上海市人民代表大会常务委员会"}},
		}},
		{`Kind:plan`, Query{Filters: Filters{"kind": {"plan"}}}},
		{`比例：5%`, Query{Groups: [][]Term{{{Text: "比例：5%"}}}, Filters: Filters{}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.in, *got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		`"unterminated`,
		`""`,
		`foo:bar`,
		`year:二〇二四`,
		`year:2025..2019`,
		`kind:soon`,
		`type:小说`,
		`level:宇宙`,
		`OR 立法`,
		`立法 OR`,
		`立法 OR OR 监督`,
		`article:abc`,
		`year:`,
		strings.Repeat("字", MaxQueryRunes+1),
		strings.Repeat("词 ", MaxTerms+1),
		strings.Repeat("人", 2000),
		strings.Repeat("人", MaxRepeat+1),
		`"` + strings.Repeat("人", MaxRepeat+1) + `"`,
		strings.Repeat("(", 500) + "人大" + strings.Repeat(")", 500),
		strings.Repeat("监督", MaxWordRunes/2+1),
		`"` + strings.Repeat("人民代表大会", MaxPhraseRunes/6+1) + `"`,
		"-" + strings.Repeat("人", MaxRepeat+1),
		"\xff\xfe",
	} {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%.40q): no error", in)
			continue
		}
		if corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Parse(%.40q): code %q, want %q", in, corpus.ErrorCode(err), corpus.EINVALID)
		}
	}
}

func TestParseYearAndArticle(t *testing.T) {
	years := map[string]YearRange{"2024": {2024, 2024}, "2019..2024": {2019, 2024}, "2019-2024": {2019, 2024}, "..1980": {1, 1980}, "-5": {1, 5}, "2020..": {2020, 9999}}
	for in, want := range years {
		got, err := ParseYear(in)
		if err != nil || got != want {
			t.Errorf("ParseYear(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	articles := map[string]int{"12": 12, "第十二条": 12, "十": 10, "第一百零五条": 105, "二百三十": 230, "第1条": 1}
	for in, want := range articles {
		got, err := ParseArticle(in)
		if err != nil || got != want {
			t.Errorf("ParseArticle(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestMarks(t *testing.T) {
	tests := []struct {
		text    string
		needles []string
		html    string
		spans   []Span
	}{
		{"闵行区人大常委会", []string{"人大常委会"}, "闵行区<mark>人大常委会</mark>", []Span{{3, 8}}},
		{"人人参与、人人负责、人人奉献", []string{"人人参与、人人负责"}, "<mark>人人参与、人人负责</mark>、人人奉献", []Span{{0, 9}}},
		{"人民代表大會", []string{"人民代表大会"}, "<mark>人民代表大會</mark>", []Span{{0, 6}}},
		{"２０２４年", []string{"2024"}, "<mark>２０２４</mark>年", []Span{{0, 4}}},
		{"总　　则", []string{"总则"}, "<mark>总　　则</mark>", []Span{{0, 4}}},
		{"<script>alert(1)</script>代表", []string{"代表"}, "&lt;script&gt;alert(1)&lt;/script&gt;<mark>代表</mark>", []Span{{25, 27}}},
		{"人人人", []string{"人人"}, "<mark>人人人</mark>", []Span{{0, 3}}},
		{"代表和机关", []string{"代表机关"}, "代表和机关", nil},
	}
	for _, tt := range tests {
		spans, ranges := Marks(tt.text, tt.needles)
		if got := HTML(tt.text, ranges); got != tt.html {
			t.Errorf("HTML(%q, %q) = %q, want %q", tt.text, tt.needles, got, tt.html)
		}
		if !reflect.DeepEqual(spans, tt.spans) {
			t.Errorf("Marks(%q, %q) spans = %v, want %v", tt.text, tt.needles, spans, tt.spans)
		}
	}
}

func TestSynonyms(t *testing.T) {
	s := DefaultSynonyms()
	if got := s.Expand("人大常委会"); !reflect.DeepEqual(got, []string{"人民代表大会常务委员会"}) {
		t.Errorf("Expand(人大常委会) = %v", got)
	}
	if got := s.Expand("人民代表大會常務委員會"); !reflect.DeepEqual(got, []string{"人大常委会"}) {
		t.Errorf("Expand(traditional) = %v", got)
	}
	if got := s.Expand("广州"); got != nil {
		t.Errorf("Expand(广州) = %v, want none", got)
	}
	if _, err := ParseSynonyms("孤词\n"); err == nil {
		t.Error("a group of one term was accepted")
	}
}

func TestParseAdmitsUpToTheLimits(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("人", MaxRepeat),
		strings.Repeat("监督", MaxWordRunes/2),
		`"` + strings.Repeat("人民代表大会", MaxPhraseRunes/6) + `"`,
		`“坚持和完善人民代表大会制度……”`,
		`"` + strings.Repeat(" ", 3*MaxRepeat) + "人大" + `"`,
	} {
		if _, err := Parse(in); err != nil {
			t.Errorf("Parse(%.40q): %v", in, err)
		}
	}
}

// TestFirstN checks that firstN gives the first n of a full sort, over
// random inputs with many ties.
func TestFirstN(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	byValue := func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }
	for range 500 {
		xs := make([][2]int, rng.Intn(300))
		for k := range xs {
			xs[k] = [2]int{rng.Intn(20), k}
		}
		n := 1 + rng.Intn(40)
		want := slices.Clone(xs)
		slices.SortFunc(want, byValue)
		want = want[:min(n, len(want))]
		if got := firstN(slices.Clone(xs), n, byValue); !slices.Equal(got, want) {
			t.Fatalf("firstN of %d, n %d: %v, want %v", len(xs), n, got, want)
		}
	}
}
