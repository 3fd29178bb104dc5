package indexer

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
)

// fixture builds a Document from testdata/name: a "# title" line, then
// one paragraph a line. Passages are the lines, split by splitPassages
// (structure building proper lives elsewhere).
func fixture(t testing.TB, name string, typ corpus.Type, year int) *corpus.Document {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	title, text, _ := strings.Cut(strings.TrimRight(string(raw), "\n"), "\n")
	d := &corpus.Document{
		ID:       corpus.DocumentID("testdata/" + name),
		Title:    strings.TrimPrefix(title, "# "),
		Type:     typ,
		Level:    corpus.LevelNational,
		Region:   "全国",
		Body:     "国务院",
		Year:     year,
		Dates:    corpus.Dates{Session: "2024-03-05"},
		Source:   corpus.Source{Format: corpus.FormatJSONL, Path: "testdata/" + name},
		Original: string(raw),
		Text:     text,
	}
	splitPassages(d)
	return d
}

// splitPassages makes one passage per line of d.Text, labels a few the
// way tagging would, and sets d.Hash.
func splitPassages(d *corpus.Document) {
	d.Passages = nil
	for k, line := range strings.Split(d.Text, "\n") {
		p := corpus.Passage{
			ID:      corpus.PassageID(d.ID, k+1),
			Ordinal: k + 1,
			Role:    corpus.RoleParagraph,
			Kind:    corpus.KindReview,
			Text:    line,
		}
		if strings.Contains(fold.String(line), "全过程人民民主") {
			p.Themes = []corpus.Label{{Name: "全过程人民民主", Why: []string{"全过程人民民主"}}}
		}
		if strings.Contains(fold.String(line), "人民代表大会") {
			p.Tags = []corpus.Label{{Name: "权力机关", Why: []string{"人民代表大会"}}}
		}
		if k >= 20 {
			p.Kind = corpus.KindPlan
		}
		d.Passages = append(d.Passages, p)
	}
	d.Hash = corpus.ContentHash(d.Title, d.Text)
}

func fixtures(t testing.TB) []*corpus.Document {
	return []*corpus.Document{
		fixture(t, "1954.txt", corpus.TypeGovReport, 1954),
		fixture(t, "2024.txt", corpus.TypeGovReport, 2024),
		fixture(t, "minhang.txt", corpus.TypeStandingReport, 2025),
	}
}

func statuses(rs []Result) []Status {
	out := make([]Status, len(rs))
	for k, r := range rs {
		out[k] = r.Status
	}
	return out
}

func batches(t *testing.T, idx *Index) uint64 {
	t.Helper()
	m, _ := idx.bleve.StatsMap()["index"].(map[string]interface{})
	n, ok := m["TotBatches"].(uint64)
	if !ok {
		t.Fatalf("no TotBatches in Bleve stats: %v", m)
	}
	return n
}

// search runs q and returns the IDs of all hits, sorted.
func search(t *testing.T, idx *Index, q query.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	res, err := idx.bleve.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// quote returns the IDs of the passages of current documents whose
// folded text contains the folded s, from the occurrence segments, sorted.
func quote(t *testing.T, idx *Index, s string) []string {
	t.Helper()
	snap, err := idx.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Release()
	set := map[string]bool{}
	pat := []rune(fold.String(s))
	for k := 0; k < snap.Segments(); k++ {
		seg := snap.Segment(k)
		lo, hi := seg.Lookup(pat)
		for r := lo; r < hi; r++ {
			p := seg.PassageAt(seg.Pos(r))
			if snap.Meta(k, seg.PassageDoc(p)) != nil {
				set[snap.PassageID(snap.Base(k)+p)] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func docQuery(id string) query.Query {
	q := bleve.NewTermQuery(id)
	q.SetField(FieldDoc)
	return q
}

func TestIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := fixtures(t)

	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { idx.Close() }()
	if _, err := Create(dir); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over an index: %v, want fs.ErrExist", err)
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of an empty directory: %v, want fs.ErrNotExist", err)
	}

	// Add: all new.
	res, err := idx.Add(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(res), []Status{Added, Added, Added}; !slices.Equal(got, want) {
		t.Fatalf("first Add: %v, want %v", got, want)
	}
	total := 0
	for _, d := range docs {
		total += len(d.Passages)
	}
	if n, p := idx.Stats(); n != 3 || p != total {
		t.Errorf("Stats = %d, %d; want 3, %d", n, p, total)
	}
	if n, _ := idx.bleve.DocCount(); int(n) != total {
		t.Errorf("Bleve has %d records, want %d", n, total)
	}

	// Add again: nothing written.
	before := batches(t, idx)
	res, err = idx.Add(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(res), []Status{Unchanged, Unchanged, Unchanged}; !slices.Equal(got, want) {
		t.Errorf("second Add: %v, want %v", got, want)
	}
	if after := batches(t, idx); after != before {
		t.Errorf("unchanged Add wrote %d batches", after-before)
	}

	// Changed text: replaced, stale passages gone.
	mh := docs[2]
	changed := *mh
	lines := strings.Split(mh.Text, "\n")
	lines = lines[:len(lines)-10]
	lines[1] = "人民城市议事厅今年新增一处。"
	changed.Text = strings.Join(lines, "\n")
	splitPassages(&changed)
	res, err = idx.Add(ctx, []*corpus.Document{&changed})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != Replaced || res[0].Removed != 10 || res[0].Passages != len(lines) {
		t.Errorf("changed Add: %+v, want Replaced with %d passages, 10 removed", res[0], len(lines))
	}
	if got := search(t, idx, docQuery(mh.ID)); len(got) != len(lines) {
		t.Errorf("%d records of the changed document, want %d", len(got), len(lines))
	}
	stale := corpus.PassageID(mh.ID, len(lines)+1)
	if got := search(t, idx, bleve.NewDocIDQuery([]string{stale})); len(got) != 0 {
		t.Errorf("stale passage %s still indexed", stale)
	}
	if got := quote(t, idx, "人民城市议事厅今年新增"); !slices.Equal(got, []string{corpus.PassageID(mh.ID, 2)}) {
		t.Errorf("new text found in %v", got)
	}
	docs[2] = &changed

	// Close and Open keep catalog and documents.
	catalog := idx.Catalog()
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Document(docs[0].ID); !errors.Is(err, ErrClosed) {
		t.Errorf("Document after Close: %v, want ErrClosed", err)
	}
	idx, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := idx.Catalog(); !reflect.DeepEqual(got, catalog) {
		t.Errorf("catalog after Open:\n%+v\nwant\n%+v", got, catalog)
	}
	for _, d := range docs {
		got, err := idx.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Document(%s) differs from what was added", d.ID)
		}
	}
	if _, err := idx.Document("nosuchdoc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document of an unknown ID: %v, want ErrNotFound", err)
	}
	m, ok := idx.Meta(docs[2].ID)
	if !ok || m.Type != corpus.TypeStandingReport || m.Date != "2024-03-05" || m.Passages != len(lines) ||
		!slices.Equal(m.Themes, []string{"全过程人民民主"}) || !slices.Equal(m.Tags, []string{"权力机关"}) ||
		!slices.Equal(m.Kinds, []corpus.Kind{corpus.KindPlan, corpus.KindReview}) {
		t.Errorf("Meta = %+v", m)
	}

	t.Run("quotes", func(t *testing.T) { testQuotes(t, idx, docs) })

	// Delete.
	if err := idx.Delete(ctx, docs[0].ID, "nosuchdoc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete of an unknown ID: %v, want ErrNotFound", err)
	}
	if _, ok := idx.Meta(docs[0].ID); !ok {
		t.Errorf("failed Delete removed %s", docs[0].ID)
	}
	if err := idx.Delete(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Document(docs[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document after Delete: %v, want ErrNotFound", err)
	}
	if got := search(t, idx, docQuery(docs[0].ID)); len(got) != 0 {
		t.Errorf("%d records left after Delete", len(got))
	}
	if got := quote(t, idx, "中華人民共和國"); slices.ContainsFunc(got, func(id string) bool { return strings.HasPrefix(id, docs[0].ID+"-") }) {
		t.Errorf("deleted document still found by its text: %v", got)
	}
	if n, _ := idx.Stats(); n != 2 {
		t.Errorf("Stats after Delete: %d documents, want 2", n)
	}
}

// testQuotes checks that a phrase query on chars finds exactly the
// passages whose folded text contains the folded quote.
func testQuotes(t *testing.T, idx *Index, docs []*corpus.Document) {
	var passages []corpus.Passage
	for _, d := range docs {
		passages = append(passages, d.Passages...)
	}
	want := func(quote string) []string {
		q := fold.String(quote)
		var ids []string
		for _, p := range passages {
			if strings.Contains(fold.String(p.Text), q) {
				ids = append(ids, p.ID)
			}
		}
		slices.Sort(ids)
		return ids
	}
	quotes := []string{
		"全国人民代表大会第一次会议", // simplified quote of the traditional 1954 report
		"中华人民共和国宪法",
		"全过程人民民主",
		"总理李强",   // the text has 总理　李　强
		"“两个确立”", // punctuation is part of the quote
		"人民城市议事厅",
		"人民",
		"民",
		"2024年",
		"没有这句话的引文",
	}
	// And random cuts of real passages, 1 to 12 characters.
	r := rand.New(rand.NewSource(1))
	for range 40 {
		p := []rune(passages[r.Intn(len(passages))].Text)
		i := r.Intn(len(p))
		j := min(len(p), i+1+r.Intn(12))
		quotes = append(quotes, string(p[i:j]))
	}
	for _, q := range quotes {
		if fold.String(q) == "" {
			continue
		}
		got, w := quote(t, idx, q), want(q)
		if !slices.Equal(got, w) {
			t.Errorf("quote %q: found %d passages %v, want %d %v", q, len(got), got, len(w), w)
		}
	}
	if got := quote(t, idx, "全国人民代表大会第一次会议"); !slices.Contains(got, corpus.PassageID(docs[0].ID, 2)) {
		t.Errorf("simplified quote misses the traditional passage: %v", got)
	}

	// Occurrences point at the original text: the characters as
	// written at the reported offset fold to the quote.
	texts := map[string]string{}
	for _, p := range passages {
		texts[p.ID] = p.Text
	}
	snap, err := idx.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Release()
	for _, q := range []string{"全国人民代表大会", "总理李强"} {
		pat := []rune(fold.String(q))
		found := 0
		for k := 0; k < snap.Segments(); k++ {
			seg := snap.Segment(k)
			lo, hi := seg.Lookup(pat)
			for r := lo; r < hi; r++ {
				l, _ := seg.Line(seg.Pos(r), len(pat), 3, nil)
				id := snap.PassageID(snap.Base(k) + l.Passage)
				rs := []rune(texts[id])
				if got := fold.String(string(rs[l.Offset : l.Offset+len([]rune(l.Match))])); got != string(pat) || fold.String(l.Match) != string(pat) {
					t.Errorf("%s: occurrence at %d holds %q", id, l.Offset, l.Match)
				}
				found++
			}
		}
		if found == 0 {
			t.Errorf("%q: no occurrences", q)
		}
	}
}

func TestAddInvalid(t *testing.T) {
	idx, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	good := fixture(t, "minhang.txt", corpus.TypeStandingReport, 2025)
	noPassages := *good
	noPassages.Passages = nil
	badID := *good
	badID.Passages = slices.Clone(good.Passages)
	badID.Passages[3].ID = "x"
	for name, d := range map[string]*corpus.Document{"no passages": &noPassages, "bad passage ID": &badID, "nil": nil} {
		_, err := idx.Add(context.Background(), []*corpus.Document{good, d})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if n, _ := idx.Stats(); n != 0 {
		t.Errorf("invalid Add wrote %d documents", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := idx.Add(ctx, []*corpus.Document{good})
	if !errors.Is(err, context.Canceled) || res[0].Status != NotWritten {
		t.Errorf("cancelled Add: %v, %v", res, err)
	}
}

// TestDocumentStored checks that Document returns exactly what Add was
// given, whether or not passage texts are the lines of Text.
func TestDocumentStored(t *testing.T) {
	idx, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	lines := fixture(t, "minhang.txt", corpus.TypeStandingReport, 2025)
	other := fixture(t, "2024.txt", corpus.TypeGovReport, 2024)
	other.Passages[1].Text = "不是原文的一行"
	other.Passages = other.Passages[:5] // fewer passages than lines
	for _, d := range []*corpus.Document{lines, other} {
		if _, err := idx.Add(context.Background(), []*corpus.Document{d}); err != nil {
			t.Fatal(err)
		}
		got, err := idx.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Document(%s) differs from what was added", d.ID)
		}
	}
}

// TestAddBatches writes small batches, two in flight, with one document
// twice in the same call: the second version must replace the first.
func TestAddBatches(t *testing.T) {
	ctx := context.Background()
	opt := defaultOptions()
	opt.batchPassages = 8
	idx, err := createWith(t.TempDir(), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := fixtures(t)
	v2 := *docs[2]
	v2.Text = strings.Join(strings.Split(v2.Text, "\n")[5:], "\n")
	splitPassages(&v2)
	// Readers run while Add writes (go test -race).
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, m := range idx.Catalog() {
					if _, err := idx.Document(m.ID); err != nil {
						t.Errorf("Document(%s) of a catalogued document: %v", m.ID, err)
						return
					}
				}
				idx.Stats()
				if _, err := idx.Scores(ctx, []string{"人民"}, nil, 10); err != nil {
					t.Error(err)
					return
				}
				quote(t, idx, "人民")
			}
		}()
	}
	res, err := idx.Add(ctx, append(docs, &v2))
	close(stop)
	readers.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(res), []Status{Added, Added, Added, Replaced}; !slices.Equal(got, want) {
		t.Errorf("Add: %v, want %v", got, want)
	}
	if res[3].Removed != 5 {
		t.Errorf("second version removed %d passages, want 5", res[3].Removed)
	}
	if got := search(t, idx, docQuery(v2.ID)); len(got) != len(v2.Passages) {
		t.Errorf("%d records of %s, want %d", len(got), v2.ID, len(v2.Passages))
	}
	if got, err := idx.Document(v2.ID); err != nil || !reflect.DeepEqual(got, &v2) {
		t.Errorf("Document(%s) is not the second version (%v)", v2.ID, err)
	}
	if err := idx.Delete(ctx, docs[0].ID, docs[1].ID, v2.ID); err != nil {
		t.Fatal(err)
	}
	if n, p := idx.Stats(); n != 0 || p != 0 {
		t.Errorf("Stats after deleting all: %d, %d", n, p)
	}
	if n, _ := idx.bleve.DocCount(); n != 0 {
		t.Errorf("%d records left", n)
	}
}
