package search_test

import (
	"context"
	"flag"
	"fmt"
	"index/suffixarray"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/internal/sample"
	"github.com/renda-archive/renda/search"
)

// The tests share one real on-disk index: the whole embedded default corpus,
// or with -short the raw samples under corpus/testdata.
var (
	testIx     *indexer.Index
	testEngine *search.Engine
	testDocs   []*corpus.Document // sorted by ID, so seeded draws repeat
	testOracle *oracle
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "renda-search-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		start := time.Now()
		var docs []*corpus.Document
		if testing.Short() {
			_, err = corpus.Load([]string{"../corpus/testdata/corpus"}, func(d *corpus.Document) error {
				docs = append(docs, d)
				return nil
			})
		} else {
			docs, err = defaultcorpus.Documents()
		}
		if err == nil {
			testIx, err = buildIndex(filepath.Join(dir, "data"), docs)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "build test index:", err)
			return 1
		}
		defer testIx.Close()
		testEngine = search.New(testIx)
		testDocs = append([]*corpus.Document(nil), docs...)
		sort.Slice(testDocs, func(i, j int) bool { return testDocs[i].ID < testDocs[j].ID })
		testOracle = newOracle(docs)
		n, p := testIx.Stats()
		fmt.Printf("test index: %d documents, %d passages, built in %s\n", n, p, time.Since(start).Round(time.Millisecond))
		return m.Run()
	}()
	os.Exit(code)
}

// buildIndex prepares docs and writes them to a new index in dir, in
// two Adds, so that the tests see more than one occurrence segment.
func buildIndex(dir string, docs []*corpus.Document) (*indexer.Index, error) {
	ix, err := indexer.Create(dir)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if err := ingest.Prepare(d); err != nil {
			ix.Close()
			return nil, err
		}
	}
	half := len(docs) * 2 / 3
	for _, part := range [][]*corpus.Document{docs[:half], docs[half:]} {
		if _, err := ix.Add(context.Background(), part); err != nil {
			ix.Close()
			return nil, err
		}
	}
	return ix, nil
}

// oracle answers "which passages contain this string" and "where" by
// brute force: a byte suffix array over the folded text of every passage.
type oracle struct {
	text   []byte
	sa     *suffixarray.Index
	starts []int    // byte offset of each passage in text
	ids    []string // passage ID at the same index
	texts  []string // original text of each passage
	docs   map[string]*corpus.Document
}

func newOracle(docs []*corpus.Document) *oracle {
	o := &oracle{docs: map[string]*corpus.Document{}}
	var b strings.Builder
	for _, d := range docs {
		o.docs[d.ID] = d
		for k := range d.Passages {
			p := &d.Passages[k]
			o.starts = append(o.starts, b.Len())
			o.ids = append(o.ids, p.ID)
			o.texts = append(o.texts, p.Text)
			b.WriteString(fold.String(p.Text))
			b.WriteByte(0) // no query contains NUL: matches never span passages
		}
	}
	o.text = []byte(b.String())
	o.sa = suffixarray.New(o.text)
	return o
}

// passages returns the IDs of the passages whose folded text contains the
// folded needle.
func (o *oracle) passages(needle string) map[string]bool {
	f := fold.String(needle)
	out := map[string]bool{}
	if f == "" {
		return out
	}
	for _, off := range o.sa.Lookup([]byte(f), -1) {
		i := sort.Search(len(o.starts), func(i int) bool { return o.starts[i] > off }) - 1
		out[o.ids[i]] = true
	}
	return out
}

// occurrence is one match: passage ID and offset of its first character in
// the passage's original text, in code points.
type occurrence struct {
	passage string
	offset  int
}

// occurrences returns every occurrence of the folded needle, in no order.
func (o *oracle) occurrences(needle string) []occurrence {
	f := fold.String(needle)
	if f == "" {
		return nil
	}
	var out []occurrence
	for _, off := range o.sa.Lookup([]byte(f), -1) {
		i := sort.Search(len(o.starts), func(i int) bool { return o.starts[i] > off }) - 1
		// The folded rune index of the match, then the original rune it
		// came from.
		k := utf8.RuneCount(o.text[o.starts[i]:off])
		cp, kept := 0, 0
		for _, r := range o.texts[i] {
			if _, ok := fold.Rune(r); ok {
				if kept == k {
					break
				}
				kept++
			}
			cp++
		}
		out = append(out, occurrence{o.ids[i], cp})
	}
	return out
}

// documents returns the document IDs of a passage set.
func documents(passages map[string]bool) map[string]bool {
	out := map[string]bool{}
	for id := range passages {
		doc, _, _ := corpus.SplitPassageID(id)
		out[doc] = true
	}
	return out
}

func set(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// diff lists up to n members of a that are not in b.
func diff(a, b map[string]bool, n int) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// randomQuote is sample.Quote: the same quotes everywhere.
var randomQuote = sample.Quote

// words returns the passages an unquoted word must match: those containing
// it or one of its synonyms, and the first passage of every document whose
// title contains one of them.
func (o *oracle) words(w string) map[string]bool {
	out := map[string]bool{}
	for _, n := range append([]string{w}, search.DefaultSynonyms().Expand(w)...) {
		for id := range o.passages(n) {
			out[id] = true
		}
		for _, d := range o.docs {
			if strings.Contains(fold.String(d.Title), fold.String(n)) {
				for _, p := range d.Passages { // a title word is in every passage
					out[p.ID] = true
				}
			}
		}
	}
	return out
}
