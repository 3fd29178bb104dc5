package search_test

import (
	"context"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/renda-archive/renda/search"
)

// BenchmarkQueries runs a fixed query set over the test index (the whole
// default corpus unless -short) and reports the median and 99th percentile
// latency of each class, in ms. Run:
//
//	go test -run '^$' -bench Queries -benchtime 1x ./search
func BenchmarkQueries(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	quotes := map[string][]string{}
	var passages []string
	for _, d := range testDocs {
		for _, p := range d.Passages {
			passages = append(passages, p.Text)
		}
	}
	for len(quotes["quote 11-40"]) < 200 {
		text := passages[rng.Intn(len(passages))]
		for _, c := range []struct {
			class  string
			lo, hi int
		}{{"quote 1", 1, 1}, {"quote 2", 2, 2}, {"quote 3-10", 3, 10}, {"quote 11-40", 11, 40}} {
			q, ok := randomQuote(rng, text, c.lo, c.hi)
			if !ok || len(quotes[c.class]) >= 200 {
				continue
			}
			quotes[c.class] = append(quotes[c.class], `"`+q+`"`)
		}
	}
	words := []string{"全过程人民民主", "人大常委会", "代表机关", "监督", "立法", "民生", "乡村振兴", "科技创新", "生态环境", "预算", "十四五", "营商环境", "备案审查", "执法检查", "基层立法联系点", "新质生产力", "人民代表大会", "改革开放", "依法治国", "代表建议"}
	classes := []struct {
		name string
		reqs []search.Request
	}{
		{"word", nil}, {"two words", nil}, {"word+filters", nil}, {"browse", nil},
		{"quote 1", nil}, {"quote 2", nil}, {"quote 3-10", nil}, {"quote 11-40", nil},
	}
	for i := range classes {
		c := &classes[i]
		switch c.name {
		case "word":
			for _, w := range words {
				c.reqs = append(c.reqs, search.Request{Query: w})
			}
		case "two words":
			for j, w := range words {
				c.reqs = append(c.reqs, search.Request{Query: w + " " + words[(j+7)%len(words)]})
			}
		case "word+filters":
			for _, w := range words {
				c.reqs = append(c.reqs, search.Request{Query: w, Filters: search.Filters{"type": {"地方性法规", "法律"}, "year": {"2010..2025"}}})
			}
		case "browse":
			c.reqs = []search.Request{{}, {Query: "type:政府工作报告"}, {Query: "year:2025"}, {Query: "level:省 kind:plan"}}
		default:
			for _, q := range quotes[c.name] {
				c.reqs = append(c.reqs, search.Request{Query: q})
			}
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range classes {
			var ms []float64
			for _, req := range c.reqs {
				start := time.Now()
				if _, err := testEngine.Search(context.Background(), req); err != nil {
					b.Fatal(err)
				}
				ms = append(ms, float64(time.Since(start).Microseconds())/1000)
			}
			sort.Float64s(ms)
			p50, p99 := ms[len(ms)/2], ms[min(len(ms)-1, len(ms)*99/100)]
			b.ReportMetric(p50, strings.ReplaceAll(c.name, " ", "_")+"_p50_ms")
			b.ReportMetric(p99, strings.ReplaceAll(c.name, " ", "_")+"_p99_ms")
		}
	}
}
