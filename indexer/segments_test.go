package indexer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/occur"
)

// segmentFiles lists the segment files of data directory dir.
func segmentFiles(t *testing.T, dir string) []string { return dirFiles(t, dir, occurDir) }

// allQuotes returns, for a few strings found in the fixtures, the passages
// the occurrence index finds: what must survive every repair and merge.
func allQuotes(t *testing.T, idx *Index) map[string][]string {
	out := map[string][]string{}
	for _, q := range []string{"人民", "全过程人民民主", "人民城市议事厅", "会议", "代表"} {
		out[q] = quote(t, idx, q)
	}
	return out
}

func equalQuotes(a, b map[string][]string) bool {
	for q, ids := range a {
		if !slices.Equal(ids, b[q]) {
			return false
		}
	}
	return len(a) == len(b)
}

// waitMerges waits until the background merges have nothing left to do.
func waitMerges(t *testing.T, idx *Index) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		idx.merges.mu.Lock()
		pick := idx.pickMerge()
		idx.merges.mu.Unlock()
		if len(pick) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("merges did not settle")
}

func TestSegmentsTombstonesAndMerges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := fixtures(t)
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { idx.Close() }()
	// One Add per document: one segment each.
	for _, d := range docs {
		if _, err := idx.Add(ctx, []*corpus.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	waitMerges(t, idx)
	if n := len(segmentFiles(t, dir)); n != 3 {
		t.Errorf("%d segment files after three Adds, want 3", n)
	}
	want := allQuotes(t, idx)
	if len(want["人民"]) == 0 || len(want["人民城市议事厅"]) == 0 {
		t.Fatalf("fixtures lack the test strings: %v", want)
	}

	// A new version tombstones the old one in its segment.
	mh := docs[2]
	v2 := *mh
	v2.Text = strings.Replace(mh.Text, "人民城市议事厅", "市民议事厅", -1)
	splitPassages(&v2)
	if _, err := idx.Add(ctx, []*corpus.Document{&v2}); err != nil {
		t.Fatal(err)
	}
	if got := quote(t, idx, "人民城市议事厅"); len(got) != 0 {
		t.Errorf("replaced text still found: %v", got)
	}
	if got := quote(t, idx, "市民议事厅"); len(got) != len(want["人民城市议事厅"]) {
		t.Errorf("new text found in %d passages, want %d", len(got), len(want["人民城市议事厅"]))
	}
	// The old version's segment held nothing else: it went.
	waitMerges(t, idx)
	if n := len(segmentFiles(t, dir)); n != 3 {
		t.Errorf("%d segment files after replacing, want 3: %v", n, segmentFiles(t, dir))
	}

	// Many small Adds: merges keep the number of segments bounded.
	for k := 0; k < 8; k++ {
		d := *docs[1]
		d.Text = strings.Replace(d.Text, "人民", "人民"+strings.Repeat("之", k+1), 1)
		splitPassages(&d)
		if _, err := idx.Add(ctx, []*corpus.Document{&d}); err != nil {
			t.Fatal(err)
		}
	}
	waitMerges(t, idx)
	if n := len(segmentFiles(t, dir)); n > maxSegments {
		t.Errorf("%d segment files after many Adds, want at most %d", n, maxSegments)
	}
	if got := quote(t, idx, "人民"+strings.Repeat("之", 8)); len(got) != 1 {
		t.Errorf("the last version is found in %d passages, want 1", len(got))
	}
	if got := quote(t, idx, "人民之之之之之之之之之"); len(got) != 0 {
		t.Errorf("a string no version has is found: %v", got)
	}

	// Compact leaves one segment with the same answers.
	before := allQuotes(t, idx)
	if err := idx.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(segmentFiles(t, dir)); n != 1 {
		t.Errorf("%d segment files after Compact, want 1", n)
	}
	if got := allQuotes(t, idx); !equalQuotes(got, before) {
		t.Errorf("Compact changed answers:\n%v\nwant\n%v", got, before)
	}

	// Delete tombstones; reopening keeps everything.
	if err := idx.Delete(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	before = allQuotes(t, idx)
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if idx, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if got := allQuotes(t, idx); !equalQuotes(got, before) {
		t.Errorf("answers after reopening:\n%v\nwant\n%v", got, before)
	}
}

// TestSegmentsCrashSafety recreates what an interrupted Add or merge
// leaves on disk and checks that Open tidies it without losing anything.
func TestSegmentsCrashSafety(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := fixtures(t)
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Add(ctx, docs[:2]); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Add(ctx, docs[2:]); err != nil {
		t.Fatal(err)
	}
	want := allQuotes(t, idx)
	files := segmentFiles(t, dir)

	// An Add that wrote its segment and died before its batch: a segment
	// of a new generation naming a changed version.
	changed := *docs[0]
	changed.Text = "全新的文本，没有人读过。"
	splitPassages(&changed)
	orphan, err := occur.Build(100, nil, []occur.Source{occur.FromDocument(&changed)})
	if err != nil {
		t.Fatal(err)
	}
	if err := orphan.Write(filepath.Join(dir, occurDir, segName(100))); err != nil {
		t.Fatal(err)
	}
	// A merge that wrote its result and died before removing its inputs.
	idx.mu.RLock()
	var srcs []occur.Source
	var covers []uint64
	for k, s := range idx.snap.segs {
		covers = append(covers, s.Covers()...)
		for d := 0; d < s.Docs(); d++ {
			if idx.snap.metas[k][d] != nil {
				srcs = append(srcs, s.Source(d))
			}
		}
	}
	idx.mu.RUnlock()
	merged, err := occur.Build(101, append(covers, 101), srcs)
	if err != nil {
		t.Fatal(err)
	}
	if err := merged.Write(filepath.Join(dir, occurDir, segName(101))); err != nil {
		t.Fatal(err)
	}
	// And a temporary file of an interrupted write.
	os.WriteFile(filepath.Join(dir, occurDir, segName(102)+".123.tmp"), []byte("half"), 0o644)
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	if idx, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if got := segmentFiles(t, dir); !slices.Equal(got, []string{segName(101)}) {
		t.Errorf("segment files after Open: %v, want only the merged %s (before: %v)", got, segName(101), files)
	}
	if got := allQuotes(t, idx); !equalQuotes(got, want) {
		t.Errorf("answers after Open:\n%v\nwant\n%v", got, want)
	}
	if got := quote(t, idx, "没有人读过"); len(got) != 0 {
		t.Errorf("the uncommitted version is found: %v", got)
	}
	// A new generation follows every one on disk.
	if res, err := idx.Add(ctx, []*corpus.Document{&changed}); err != nil || res[0].Status != Replaced {
		t.Fatalf("Add after Open: %v, %v", res, err)
	}
	if m, _ := idx.Meta(changed.ID); m.Gen <= 101 {
		t.Errorf("new version has generation %d, want one above 101", m.Gen)
	}
	want = allQuotes(t, idx)

	// A lost and a damaged segment file: Open rebuilds their documents
	// from the stored copies.
	if err := idx.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	names := segmentFiles(t, dir)
	if len(names) != 1 {
		t.Fatalf("segment files after Compact: %v", names)
	}
	path := filepath.Join(dir, occurDir, names[0])
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if idx, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if got := allQuotes(t, idx); !equalQuotes(got, want) {
		t.Errorf("answers after repairing a damaged segment:\n%v\nwant\n%v", got, want)
	}
	if got := segmentFiles(t, dir); len(got) != 1 || got[0] == names[0] {
		t.Errorf("segment files after repair: %v (damaged one was %s)", got, names[0])
	}
}

// TestBulk checks building mode: Adds in building mode and one Flush give
// the answers that plain Adds give, in one segment; a crash before Flush
// (the index abandoned, its Bleve index closed) is repaired at Open.
func TestBulk(t *testing.T) {
	ctx := context.Background()
	docs := fixtures(t)
	plain, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if _, err := plain.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	want := allQuotes(t, plain)

	dir := t.TempDir()
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Bulk(); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if _, err := idx.Add(ctx, []*corpus.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	if got := quote(t, idx, "人民"); len(got) != 0 {
		t.Errorf("before Flush, text found in %d passages", len(got))
	}
	if n := len(segmentFiles(t, dir)); n != 0 {
		t.Errorf("%d segment files before Flush", n)
	}
	if err := idx.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := allQuotes(t, idx); !equalQuotes(got, want) {
		t.Errorf("after Flush:\n%v\nwant\n%v", got, want)
	}
	if n := len(segmentFiles(t, dir)); n != 1 {
		t.Errorf("%d segment files after Flush, want 1", n)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	// Abandoned in building mode: catalog entries without occurrence data.
	dir = t.TempDir()
	if idx, err = Create(dir); err != nil {
		t.Fatal(err)
	}
	idx.Bulk()
	if _, err := idx.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	idx.merges.stop()
	idx.bulk = nil
	idx.releaseSegments()
	if err := idx.bleve.Close(); err != nil {
		t.Fatal(err)
	}
	idx.lock.release() // as the process's end would
	if idx, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if got := allQuotes(t, idx); !equalQuotes(got, want) {
		t.Errorf("after repairing an abandoned build:\n%v\nwant\n%v", got, want)
	}
}
