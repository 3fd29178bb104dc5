package defaultcorpus

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

func TestEmbedded(t *testing.T) {
	docs, err := Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 1600 {
		t.Fatalf("%d documents, want at least 1600", len(docs))
	}
	if n, err := Len(); err != nil || n != len(docs) {
		t.Errorf("Len() = %d, %v; Documents gives %d", n, err, len(docs))
	}
	ids := map[string]bool{}
	for _, d := range docs {
		if ids[d.ID] {
			t.Errorf("duplicate ID %s (%s)", d.ID, d.Title)
		}
		ids[d.ID] = true
		if d.Text == "" || d.Original == "" || d.Title == "" || d.Hash == "" {
			t.Errorf("%s: empty text, original, title or hash", d.Source.Path)
		}
		if d.Sections != nil || d.Passages != nil {
			t.Errorf("%s: archive holds sections or passages", d.Source.Path)
		}
		if filepath.IsAbs(d.Source.Path) {
			t.Errorf("%s: absolute path in the archive", d.Source.Path)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := Each(func(*corpus.Document) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Each did not stop at the callback's error: %d calls, %v", n, err)
	}
}

func TestRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilding the archive takes seconds")
	}
	root := os.Getenv("RENDA_SHARED_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared corpus not found at %s", root)
	}
	var buf bytes.Buffer
	n, problems, err := Build(root, &buf)
	if err != nil {
		t.Fatal(err)
	}
	skipped, same := 0, 0
	for _, p := range problems {
		if strings.HasPrefix(p.Reason, "the same document as ") {
			same++ // a law filed in two folders: one document
		} else {
			skipped++
		}
	}
	if skipped != 2 || n+same != 1701 {
		t.Errorf("%d documents, %d kept once, problems: %v", n, same, problems)
	}
	if !bytes.Equal(buf.Bytes(), embedded) {
		t.Fatalf("corpus.jsonl.gz is stale (%d documents rebuilt): run go generate ./corpus/defaultcorpus", n)
	}
	i := 0
	imported := map[string][]*corpus.Document{}
	err = Each(func(d *corpus.Document) error {
		i++
		fresh, ok := imported[d.Source.Path]
		if !ok {
			fresh, _ = corpus.ReadFile(filepath.Join(root, filepath.FromSlash(d.Source.Path)))
			imported[d.Source.Path] = fresh
		}
		for _, f := range fresh {
			if f.ID == d.ID {
				f.Source.Path = d.Source.Path
				if !reflect.DeepEqual(f, d) {
					t.Errorf("%s: embedded document differs from a fresh import", d.Source.Path)
				}
				return nil
			}
		}
		t.Errorf("%s: %s not found in a fresh import", d.Source.Path, d.ID)
		return nil
	})
	if err != nil || i != n {
		t.Errorf("decoded %d of %d documents: %v", i, n, err)
	}
}
