package indexer

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus"
	wordseg "github.com/renda-archive/renda/segment"
)

// corpusDir is the shared source corpus, relative to this package.
const corpusDir = "../../shared/corpus"

// nationalDocs reads the government work reports of the source corpus as
// Documents with one passage per paragraph (Wikisource's link lines
// re-joined), the way the importer and structure building will roughly
// shape them.
func nationalDocs(b *testing.B) (docs []*corpus.Document, bytes int64) {
	b.Helper()
	path := filepath.Join(corpusDir, "national", "government_work_reports.jsonl")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		b.Skip("no source corpus at", corpusDir)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		var rec struct{ Title, Content, Year string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		var paras []string
		for _, p := range strings.Split(rec.Content, "\n\n") {
			if p = strings.TrimSpace(strings.ReplaceAll(p, "\n", "")); p != "" {
				paras = append(paras, p)
				bytes += int64(len(p))
			}
		}
		year, _ := strconv.Atoi(rec.Year)
		d := &corpus.Document{
			ID:       corpus.DocumentID("national/" + rec.Title),
			Title:    rec.Title,
			Type:     corpus.TypeGovReport,
			Level:    corpus.LevelNational,
			Region:   "全国",
			Body:     "国务院",
			Year:     year,
			Source:   corpus.Source{Format: corpus.FormatJSONL, Path: path, Record: n},
			Original: rec.Content,
			Text:     strings.Join(paras, "\n"),
		}
		splitPassages(d)
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs, bytes
}

// BenchmarkIndex indexes the national reports into a fresh index per
// iteration. MB/s counts passage text; MB-disk is the index directory
// after Close. Run with -benchtime=1x: one iteration takes seconds.
func BenchmarkIndex(b *testing.B) {
	docs, size := nationalDocs(b)
	if _, err := wordseg.Segmenter(); err != nil { // load outside the timing
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name     string
		inflight int
	}{{"parallel", 2}, {"serial", 1}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			var disk int64
			cpu0 := cpuTime(b)
			for b.Loop() {
				dir := b.TempDir()
				opt := defaultOptions()
				opt.inflight = bc.inflight
				idx, err := createWith(dir, opt)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := idx.Add(context.Background(), docs); err != nil {
					b.Fatal(err)
				}
				if err := idx.Close(); err != nil {
					b.Fatal(err)
				}
				disk = dirSize(b, dir)
			}
			b.ReportMetric(float64(disk)/1e6, "MB-disk")
			// The machine is shared: CPU time says more than wall time.
			cpu := (cpuTime(b) - cpu0).Seconds()
			b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
		})
	}
}

// cpuTime returns the CPU time used by the process so far, user and
// system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
