package indexer

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

// docsFiles lists the files of the docs directory of data directory dir.
func docsFiles(t *testing.T, dir string) []string { return dirFiles(t, dir, docsDir) }

// dirFiles lists the files of folder sub of data directory dir.
func dirFiles(t *testing.T, dir, sub string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// catalogFiles returns the file names that idx's catalog names, sorted.
func catalogFiles(idx *Index) []string {
	var names []string
	for _, m := range idx.Catalog() {
		names = append(names, docFile(m.ID, m.Hash))
	}
	slices.Sort(names)
	return names
}

// TestStoredFiles checks the crash-safety rule of stored documents: a file
// is written before the batch that catalogues it, so what an interrupted
// Add leaves is a file that no catalog entry names, never an entry
// without its file; such files go at Open, and files of replaced and
// deleted versions go once their batch is written.
func TestStoredFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := fixtures(t)
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { idx.Close() }()
	if _, err := idx.Add(ctx, docs[:2]); err != nil {
		t.Fatal(err)
	}
	if got, want := docsFiles(t, dir), catalogFiles(idx); !slices.Equal(got, want) {
		t.Errorf("docs files after Add: %v, want %v", got, want)
	}

	// A new version replaces the file of the old one.
	v2 := *docs[1]
	v2.Text = strings.Join(strings.Split(v2.Text, "\n")[3:], "\n")
	splitPassages(&v2)
	if _, err := idx.Add(ctx, []*corpus.Document{&v2}); err != nil {
		t.Fatal(err)
	}
	if got, err := idx.Document(v2.ID); err != nil || !reflect.DeepEqual(got, &v2) {
		t.Errorf("Document(%s) is not the new version (%v)", v2.ID, err)
	}
	if got, want := docsFiles(t, dir), catalogFiles(idx); !slices.Equal(got, want) {
		t.Errorf("docs files after replacing: %v, want %v", got, want)
	}

	// An Add interrupted after writing files, before its batch: a new
	// document, a new version of an indexed one and a half-written file.
	gz, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	var buf bytes.Buffer
	v3 := *docs[0]
	v3.Hash = "interrupted"
	for _, d := range []*corpus.Document{docs[2], &v3} {
		data, err := encode(gz, &buf, d)
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.writeDoc(d.ID, d.Hash, data); err != nil {
			t.Fatal(err)
		}
	}
	half := filepath.Join(dir, docsDir, docFile(docs[2].ID, "x")+".123"+tempSuffix)
	if err := os.WriteFile(half, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	catalog := idx.Catalog()
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := idx.Catalog(); !reflect.DeepEqual(got, catalog) {
		t.Errorf("catalog after the interrupted Add:\n%+v\nwant\n%+v", got, catalog)
	}
	if _, err := idx.Document(docs[2].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document of the interrupted document: %v, want ErrNotFound", err)
	}
	if got, err := idx.Document(docs[0].ID); err != nil || !reflect.DeepEqual(got, docs[0]) {
		t.Errorf("Document(%s) is not the catalogued version (%v)", docs[0].ID, err)
	}
	if got, want := docsFiles(t, dir), catalogFiles(idx); !slices.Equal(got, want) {
		t.Errorf("docs files after Open: %v, want %v (orphans swept)", got, want)
	}

	// The interrupted Add done again, then Delete: files follow.
	res, err := idx.Add(ctx, []*corpus.Document{docs[2]})
	if err != nil || res[0].Status != Added {
		t.Fatalf("Add after the interrupted one: %v, %v", res, err)
	}
	if err := idx.Delete(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	if got, want := docsFiles(t, dir), catalogFiles(idx); !slices.Equal(got, want) || len(got) != 2 {
		t.Errorf("docs files after Delete: %v, want %v", got, want)
	}
}

// TestOpenOldLayout checks that a data directory of another layout is
// refused with a message that says to rebuild.
func TestOpenOldLayout(t *testing.T) {
	dir := t.TempDir()
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.bleve.SetInternal([]byte(formatKey), []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	if err == nil || !strings.Contains(err.Error(), "layout 1") || !strings.Contains(err.Error(), "rebuild") {
		t.Errorf("Open of a layout-1 index: %v", err)
	}
}

// TestDocFile checks that file names are safe and never shared.
func TestDocFile(t *testing.T) {
	pairs := [][2]string{
		{"a-b", "c"}, {"a", "b-c"}, {"A", "h"}, {"a", "h"}, {"../etc", "h"},
		{"人大/常委会", "h"}, {"~2f", "h"}, {"/", "h"}, {strings.Repeat("长", 100), "h"},
		{strings.Repeat("长", 100), "i"},
	}
	seen := map[string]bool{}
	for _, p := range pairs {
		name := docFile(p[0], p[1])
		if seen[name] {
			t.Errorf("docFile(%q, %q) = %q, shared", p[0], p[1], name)
		}
		seen[name] = true
		if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") || len(name) > 255 ||
			!strings.HasSuffix(name, docsSuffix) {
			t.Errorf("docFile(%q, %q) = %q, not a safe file name", p[0], p[1], name)
		}
	}

	// Any ID round-trips through its file.
	idx, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	d := fixture(t, "minhang.txt", corpus.TypeStandingReport, 2025)
	d.ID = "../人大/Minhang"
	splitPassages(d)
	for k := range d.Passages {
		d.Passages[k].ID = corpus.PassageID(d.ID, k+1)
	}
	if _, err := idx.Add(context.Background(), []*corpus.Document{d}); err != nil {
		t.Fatal(err)
	}
	if got, err := idx.Document(d.ID); err != nil || !reflect.DeepEqual(got, d) {
		t.Errorf("Document(%q): %v", d.ID, err)
	}
}
