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

// benchClass is one class of requests in BenchmarkQueries.
type benchClass struct {
	name string
	runs []func() error
}

// BenchmarkQueries runs a fixed, seeded request set over the test index
// (the whole default corpus unless -short) and reports the median and 99th
// percentile latency of each class, in ms. Run:
//
//	go test -run '^$' -bench Queries -benchtime 1x ./search
//
// The word, quote and filter classes are the same requests as in earlier
// versions of this benchmark, so that results compare across versions.
// Results are not cached, so repeated requests measure the work.
func BenchmarkQueries(b *testing.B) {
	ctx := context.Background()
	engine := search.New(testIx)
	engine.CacheResults(0) // measure the work, not the cache
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
	searchRun := func(req search.Request) func() error {
		return func() error { _, err := engine.Search(ctx, req); return err }
	}
	kwicRun := func(req search.KWICRequest) func() error {
		return func() error { _, err := engine.KWIC(ctx, req); return err }
	}
	repeat := func(n int, f func() error) []func() error {
		out := make([]func() error, n)
		for k := range out {
			out[k] = f
		}
		return out
	}
	classes := []benchClass{{name: "word"}, {name: "two words"}, {name: "word+filters"}, {name: "browse"},
		{name: "quote 1"}, {name: "quote 2"}, {name: "quote 3-10"}, {name: "quote 11-40"}}
	for i := range classes {
		c := &classes[i]
		switch c.name {
		case "word":
			for _, w := range words {
				c.runs = append(c.runs, searchRun(search.Request{Query: w}))
			}
		case "two words":
			for j, w := range words {
				c.runs = append(c.runs, searchRun(search.Request{Query: w + " " + words[(j+7)%len(words)]}))
			}
		case "word+filters":
			for _, w := range words {
				c.runs = append(c.runs, searchRun(search.Request{Query: w, Filters: search.Filters{"type": {"地方性法规", "法律"}, "year": {"2010..2025"}}}))
			}
		case "browse":
			for _, q := range []string{"", "type:政府工作报告", "year:2025", "level:省 kind:plan"} {
				c.runs = append(c.runs, searchRun(search.Request{Query: q}))
			}
		default:
			for _, q := range quotes[c.name] {
				c.runs = append(c.runs, searchRun(search.Request{Query: q}))
			}
		}
	}
	// The occurrence classes: fixed requests, repeated for a distribution.
	classes = append(classes,
		benchClass{name: "kwic 人民 right", runs: repeat(50, kwicRun(search.KWICRequest{Query: "人民"}))},
		benchClass{name: "kwic 人民 left", runs: repeat(50, kwicRun(search.KWICRequest{Query: "人民", Sort: search.SortLeft}))},
		benchClass{name: "kwic count 的", runs: repeat(50, kwicRun(search.KWICRequest{Query: `"的"`, Size: 1}))},
	)
	var trends []func() error
	for j := range 20 {
		terms := words[j] + "|" + words[(j+3)%len(words)] + "|" + words[(j+11)%len(words)]
		trends = append(trends, func() error {
			_, err := engine.Trends(ctx, search.TrendsRequest{Query: terms})
			return err
		})
	}
	classes = append(classes, benchClass{name: "trends 3 terms", runs: trends},
		benchClass{name: "trends 的 人民 民主", runs: repeat(20, func() error {
			_, err := engine.Trends(ctx, search.TrendsRequest{Query: `"的"|人民|民主`})
			return err
		})})

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range classes {
			var ms []float64
			for _, run := range c.runs {
				start := time.Now()
				if err := run(); err != nil {
					b.Fatal(err)
				}
				ms = append(ms, float64(time.Since(start).Microseconds())/1000)
			}
			sort.Float64s(ms)
			p50, p99 := ms[len(ms)/2], ms[min(len(ms)-1, len(ms)*99/100)]
			name := strings.NewReplacer(" ", "_", "人民", "renmin", "的", "de", "民主", "minzhu").Replace(c.name)
			b.ReportMetric(p50, name+"_p50_ms")
			b.ReportMetric(p99, name+"_p99_ms")
		}
	}
}
