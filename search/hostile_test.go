package search_test

import (
	"context"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/search"
)

// hostileQueries returns n seeded queries a hostile but fair user might
// send: long runs of the commonest characters, words and quotes at and
// past their limits, every term slot filled, OR chains, exclusions of
// everything, brackets, filters piled up.
func hostileQueries(seed int64, n int) []string {
	rng := rand.New(rand.NewSource(seed))
	common := []string{"的", "人", "国", "大", "会", "民", "代表", "人民", "监督", "(", ")", "“", "”", "-", "\"", "OR", "：", "，", " "}
	repeat := func(s string, max int) string { return strings.Repeat(s, 1+rng.Intn(max)) }
	part := func() string {
		c := common[rng.Intn(len(common))]
		switch rng.Intn(9) {
		case 0:
			return repeat(c, search.MaxRepeat+4)
		case 1:
			var q strings.Builder
			for range 1 + rng.Intn(search.MaxPhraseRunes/3) {
				q.WriteString(common[rng.Intn(len(common))])
			}
			return `"` + strings.ReplaceAll(q.String(), `"`, "") + `"`
		case 2:
			return repeat(c+common[rng.Intn(len(common))], search.MaxWordRunes/3)
		case 3:
			return "-" + c
		case 4:
			return c + " OR " + common[rng.Intn(len(common))]
		case 5:
			return []string{"year:..2030", "year:1954..2025", "type:法律", "level:省", "kind:plan", "theme:民生", "tag:代表机关", "article:1"}[rng.Intn(8)]
		case 6:
			return repeat("(", 40) + c + repeat(")", 40)
		default:
			return c
		}
	}
	out := make([]string, n)
	for k := range out {
		var b strings.Builder
		parts := 1 + rng.Intn(search.MaxTerms/4)
		if rng.Intn(8) == 0 {
			parts = 1 + rng.Intn(2*search.MaxTerms)
		}
		for range parts {
			b.WriteString(part())
			b.WriteByte(' ')
		}
		q := []rune(b.String())
		if len(q) > search.MaxQueryRunes+10 {
			q = q[:search.MaxQueryRunes+rng.Intn(10)]
		}
		out[k] = string(q)
	}
	return out
}

// TestHostileQueriesAnswerOrRefuse checks that every hostile query either
// answers or is refused with EINVALID: never an internal error, never a
// panic.
func TestHostileQueriesAnswerOrRefuse(t *testing.T) {
	engine := search.New(testIx)
	n := 1000
	if testing.Short() {
		n = 200
	}
	refused := 0
	for _, q := range hostileQueries(1, n) {
		_, err := engine.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			if corpus.ErrorCode(err) != corpus.EINVALID {
				t.Fatalf("%.80q: %v", q, err)
			}
			refused++
		}
	}
	if refused == 0 || refused == n {
		t.Errorf("%d of %d refused: the set should hold queries on both sides of the limits", refused, n)
	}
	t.Logf("%d hostile queries, %d refused", n, refused)
}

// BenchmarkHostileQueries runs 1,000 seeded hostile queries over the test
// index and reports the latency of those answered and of those refused:
//
//	go test -run '^$' -bench HostileQueries -benchtime 1x ./search
func BenchmarkHostileQueries(b *testing.B) {
	engine := search.New(testIx)
	engine.CacheResults(0)
	queries := hostileQueries(1, 1000)
	for i := 0; i < b.N; i++ {
		var answered, refused []float64
		for _, q := range queries {
			start := time.Now()
			_, err := engine.Search(context.Background(), search.Request{Query: q})
			ms := float64(time.Since(start).Microseconds()) / 1000
			switch {
			case err == nil:
				answered = append(answered, ms)
			case corpus.ErrorCode(err) == corpus.EINVALID:
				refused = append(refused, ms)
			default:
				b.Fatal(err)
			}
		}
		for name, ms := range map[string][]float64{"answered": answered, "refused": refused} {
			if len(ms) == 0 {
				continue
			}
			sort.Float64s(ms)
			b.ReportMetric(float64(len(ms)), name)
			b.ReportMetric(ms[len(ms)/2], name+"_p50_ms")
			b.ReportMetric(ms[len(ms)*99/100], name+"_p99_ms")
			b.ReportMetric(ms[len(ms)-1], name+"_max_ms")
		}
	}
}
