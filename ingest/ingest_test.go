package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

const samples = "../corpus/testdata/corpus"

func TestFilesIdempotent(t *testing.T) {
	ix, first := importSamples(t)
	docs, passages := ix.Stats()
	if first.Imported != docs || docs < 10 || len(first.Skipped) != 1 {
		t.Fatalf("first import %+v, index has %d documents", first, docs)
	}
	second, err := ingest.Files(context.Background(), ix, []string{samples}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if second.Imported != 0 || second.Replaced != 0 || second.Unchanged != docs {
		t.Errorf("second import %+v", second)
	}
	if d2, p2 := ix.Stats(); d2 != docs || p2 != passages {
		t.Errorf("re-import changed the index: %d/%d → %d/%d", docs, passages, d2, p2)
	}
	for _, m := range ix.Catalog() {
		d, err := ix.Document(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Sections) == 0 || len(d.Passages) != m.Passages {
			t.Errorf("%s: %d sections, %d passages (catalog %d)", d.Title, len(d.Sections), len(d.Passages), m.Passages)
		}
	}
}

func TestFilesCancelled(t *testing.T) {
	ix, err := indexer.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = ingest.Files(ctx, ix, []string{samples}, func(done, total int) {
		if done == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import returned %v", err)
	}
	// Whatever was written is whole: every catalogued document loads with
	// all its passages.
	for _, m := range ix.Catalog() {
		d, err := ix.Document(m.ID)
		if err != nil || len(d.Passages) != m.Passages {
			t.Errorf("%s after cancel: %v", m.ID, err)
		}
	}
}

func TestBuildDefaultNeverLeavesHalfAnArchive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := ingest.BuildDefault(ctx, dir, func(done, total int) {
		if total < 1600 {
			t.Errorf("default corpus has %d documents", total)
		}
		if done >= 50 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build returned %v", err)
	}
	for _, p := range []string{dir, dir + ".building"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind after a cancelled build", p)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.BuildDefault(context.Background(), dir, nil); err == nil {
		t.Error("BuildDefault over an existing folder succeeded")
	}
}

// TestIdentityIgnoresWhereFilesSit imports the samples, then the same
// files copied under other folder names (the root and every report's
// folder renamed, and one file twice), and checks that nothing changes: a
// document is known by its content, not its path.
func TestIdentityIgnoresWhereFilesSit(t *testing.T) {
	ix, first := importSamples(t)
	moved := filepath.Join(t.TempDir(), "另一个文件夹")
	err := filepath.WalkDir(samples, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(samples, path)
		if !strings.HasPrefix(rel, "laws") { // a law's folder may name its region
			rel = filepath.Join("报告", filepath.Base(rel))
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dst := filepath.Join(moved, rel)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		return os.WriteFile(dst, raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	dup := filepath.Join(moved, "副本", "闵行区人大常委会工作报告-今日闵行微信版.txt")
	os.MkdirAll(filepath.Dir(dup), 0o755)
	raw, _ := os.ReadFile(filepath.Join(samples, "district", "闵行区人大常委会工作报告-今日闵行微信版.txt"))
	os.WriteFile(dup, raw, 0o644)

	docs, _ := ix.Stats()
	again, err := ingest.Files(context.Background(), ix, []string{moved}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Imported != 0 || again.Replaced != 0 || again.Unchanged != first.Imported {
		t.Errorf("the same files from other folders: %+v; want all %d unchanged", again, first.Imported)
	}
	if n, _ := ix.Stats(); n != docs {
		t.Errorf("%d documents, was %d", n, docs)
	}
	found := false
	for _, p := range again.Skipped {
		found = found || strings.Contains(p.Reason, "the same document as")
	}
	if !found {
		t.Errorf("the copy of a file in one import is not reported: %v", again.Skipped)
	}
}

// importSamples imports the samples into a new archive, closed when the
// test ends.
func importSamples(t *testing.T) (*indexer.Index, ingest.Summary) {
	t.Helper()
	ix, err := indexer.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	first, err := ingest.Files(context.Background(), ix, []string{samples}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix, first
}
