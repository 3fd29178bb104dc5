package occur_test

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/occur"
)

var defaultSources = sync.OnceValues(func() ([]occur.Source, error) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		return nil, err
	}
	out := make([]occur.Source, len(docs))
	for i, d := range docs {
		if err := ingest.Prepare(d); err != nil {
			return nil, err
		}
		out[i] = occur.FromDocument(d)
	}
	return out, nil
})

// BenchmarkBuildDefaultCorpus builds, writes and opens one segment over the
// whole default corpus. Run:
//
//	go test -run '^$' -bench BuildDefaultCorpus -benchtime 1x -count 3 ./occur
func BenchmarkBuildDefaultCorpus(b *testing.B) {
	srcs, err := defaultSources()
	if err != nil {
		b.Fatal(err)
	}
	var bytes int
	for _, s := range srcs {
		for _, p := range s.Passages {
			bytes += len(p.Text)
		}
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		seg, err := occur.Build(1, nil, srcs)
		if err != nil {
			b.Fatal(err)
		}
		built := time.Since(start)
		path := filepath.Join(b.TempDir(), "1.occ")
		if err := seg.Write(path); err != nil {
			b.Fatal(err)
		}
		written := time.Since(start)
		opened, err := occur.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(built.Seconds(), "build_s")
		b.ReportMetric((written - built).Seconds(), "write_s")
		b.ReportMetric((time.Since(start)-written).Seconds()*1000, "open_ms")
		b.ReportMetric(float64(opened.Chars()), "chars")
		opened.Close()
	}
}

// BenchmarkLookup reports the median time to count the occurrences of a
// few strings over the whole default corpus.
func BenchmarkLookup(b *testing.B) {
	srcs, err := defaultSources()
	if err != nil {
		b.Fatal(err)
	}
	seg, err := occur.Build(1, nil, srcs)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"的", "人民", "全过程人民民主", "人大常委会"} {
		pat := []rune(fold.String(q))
		b.Run(q, func(b *testing.B) {
			var ns []float64
			for i := 0; i < b.N; i++ {
				start := time.Now()
				lo, hi := seg.Lookup(pat)
				passages := map[int]bool{}
				if strings.Contains(b.Name(), "人民") {
					for r := lo; r < hi; r++ {
						passages[seg.PassageAt(seg.Pos(r))] = true
					}
				}
				ns = append(ns, float64(time.Since(start).Nanoseconds()))
			}
			sort.Float64s(ns)
			b.ReportMetric(ns[len(ns)/2]/1000, "p50_µs")
		})
	}
}
