package indexer

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	wordseg "github.com/renda-archive/renda/segment"
	"github.com/renda-archive/renda/structure"
	"github.com/renda-archive/renda/taxonomy"
)

// defaultDocs are the documents of the embedded default corpus with their
// structure built and passages tagged, prepared once per test binary.
var defaultDocs = sync.OnceValues(func() ([]*corpus.Document, error) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		return nil, err
	}
	tax := taxonomy.Default()
	for _, d := range docs {
		if err := structure.Build(d); err != nil {
			return nil, err
		}
		tax.Tag(d)
	}
	return docs, nil
})

// BenchmarkDefaultCorpus indexes the whole default corpus into a fresh
// index per iteration; preparing the documents is not timed. MB/s counts
// passage text; MB-disk is the data directory after Close, MB-docs its
// stored documents; MB-peak-rss is the process's peak resident set during
// the iteration (Linux only, 0 elsewhere). Run with -benchtime=1x: one
// iteration takes tens of seconds; the machine being shared, MB/cpu-s
// says more than MB/s.
//
// "all" gives Add every document at once, as building the default archive
// does: one occurrence segment; "chunks" calls Add once per ~4000
// passages, the way package ingest imports files: a segment per call,
// merged in the background (Close waits for the merges); the others vary
// batch size and batches in flight.
func BenchmarkDefaultCorpus(b *testing.B) {
	docs, err := defaultDocs()
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, d := range docs {
		for k := range d.Passages {
			size += int64(len(d.Passages[k].Text))
		}
	}
	if _, err := wordseg.Segmenter(); err != nil { // load outside the timing
		b.Fatal(err)
	}
	type variant struct {
		name  string
		chunk int // passages per Add call, 0: all documents at once
		opt   func(*options)
	}
	variants := []variant{{"all", 0, nil}, {"chunks", 4000, nil}}
	for _, n := range []int{500, 2000, 4000, 8000} {
		variants = append(variants, variant{"batch" + strconv.Itoa(n), 0, func(o *options) { o.batchPassages = n }})
	}
	variants = append(variants, variant{"inflight1", 0, func(o *options) { o.inflight = 1 }})
	for _, bc := range variants {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			var disk, docsDisk int64
			var rss float64
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				runtime.GC()
				resetPeakRSS()
				cpu0 := cpuTime(b)
				b.StartTimer()
				opt := defaultOptions()
				if bc.opt != nil {
					bc.opt(&opt)
				}
				idx, err := createWith(dir, opt)
				if err != nil {
					b.Fatal(err)
				}
				for _, chunk := range chunks(docs, bc.chunk) {
					if _, err := idx.Add(context.Background(), chunk); err != nil {
						b.Fatal(err)
					}
				}
				if err := idx.Close(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime(b) - cpu0
				rss = max(rss, peakRSS())
				disk = dirSize(b, dir)
				docsDisk = dirSize(b, filepath.Join(dir, docsDir))
				b.StartTimer()
			}
			b.ReportMetric(float64(disk)/1e6, "MB-disk")
			b.ReportMetric(float64(docsDisk)/1e6, "MB-docs")
			b.ReportMetric(rss, "MB-peak-rss")
			b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
		})
	}
}

// chunks splits docs into runs of at least n passages; n 0 means one run.
func chunks(docs []*corpus.Document, n int) [][]*corpus.Document {
	if n <= 0 {
		return [][]*corpus.Document{docs}
	}
	var out [][]*corpus.Document
	start, passages := 0, 0
	for k, d := range docs {
		passages += len(d.Passages)
		if passages >= n {
			out = append(out, docs[start:k+1])
			start, passages = k+1, 0
		}
	}
	if start < len(docs) {
		out = append(out, docs[start:])
	}
	return out
}

// resetPeakRSS resets the kernel's peak resident set of this process
// (Linux: writing 5 to clear_refs), so that peakRSS measures from here.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS returns the process's peak resident set in MB (VmHWM), 0 if
// unknown.
func peakRSS() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
