package structure

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

// sharedCorpus returns the root of the shared source corpus, or skips the
// test when it is not on this machine.
func sharedCorpus(t *testing.T) string {
	t.Helper()
	root := os.Getenv("RENDA_SHARED_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(root, "README.md")); err != nil {
		t.Skipf("shared corpus not found at %s (set RENDA_SHARED_CORPUS)", root)
	}
	return root
}

// loadAll imports every document of the shared corpus with the corpus
// importer, failing on any problem.
func loadAll(t *testing.T, root string) []*corpus.Document {
	t.Helper()
	var docs []*corpus.Document
	problems, err := corpus.Load([]string{root}, func(d *corpus.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if !strings.HasSuffix(p.Path, "README.md") {
			t.Logf("import problem (not structure's to fix): %v", p)
		}
	}
	return docs
}

// TestCorpusProperties builds every document of the shared corpus and checks
// that each has a section, loses or duplicates no passage, nests its
// sections, and numbers its articles in increasing order. Articles that break
// the order are logged with their cause.
func TestCorpusProperties(t *testing.T) {
	root := sharedCorpus(t)
	docs := loadAll(t, root)
	if len(docs) < 1700 {
		t.Errorf("loaded %d documents, want the whole corpus (1,702)", len(docs))
	}
	var exceptions []string
	for _, doc := range docs {
		if err := Build(doc); err != nil {
			t.Errorf("%s: %v", doc.Source.Path, err)
			continue
		}
		for _, msg := range invariants(doc) {
			t.Errorf("%s: %s", doc.Source.Path, msg)
		}
		exceptions = append(exceptions, articleOrder(t, doc)...)
	}
	sort.Strings(exceptions)
	t.Logf("%d documents; %d article-order exceptions", len(docs), len(exceptions))
	for _, e := range exceptions {
		t.Log(e)
	}
}

// articleOrder returns where a law's article numbers fail to increase
// strictly from one 第X条 line to the next. The only exceptions allowed are
// articles inserted by amendment (第十七条之一 after 第十七条): Passage.Article
// holds 17 for both, since an int cannot say 之一.
func articleOrder(t *testing.T, doc *corpus.Document) []string {
	var out []string
	last, lastText := 0, ""
	for _, p := range doc.Passages {
		if p.Role != corpus.RoleArticle || !articleRe.MatchString(p.Text) {
			continue
		}
		if p.Article < last || p.Article == last && articleRe.FindStringSubmatch(p.Text)[2] == "" {
			t.Errorf("%s: article %d %q after %d", doc.Source.Path, p.Article, clip(p.Text, 14), last)
		}
		if p.Article <= last {
			out = append(out, fmt.Sprintf("%s: %q after %q", filepath.Base(doc.Source.Path), clip(p.Text, 14), clip(lastText, 14)))
		}
		last, lastText = p.Article, p.Text
	}
	return out
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// TestCorpusDump writes every report's sections to $RENDA_DUMP for review.
func TestCorpusDump(t *testing.T) {
	out := os.Getenv("RENDA_DUMP")
	if out == "" {
		t.Skip("set RENDA_DUMP to a file to dump report sections")
	}
	var b strings.Builder
	for _, doc := range loadAll(t, sharedCorpus(t)) {
		if err := Build(doc); err != nil {
			t.Fatal(err)
		}
		if b.Len() > 0 && doc.Source.Format == corpus.FormatLawMD {
			continue
		}
		fmt.Fprintf(&b, "== %s %d sections\n", doc.Title, len(doc.Sections))
		for _, s := range doc.Sections {
			fmt.Fprintf(&b, "%s%d %s #%d %s\n", strings.Repeat("  ", s.Depth), s.Ordinal, s.Kind, s.Number, clip(s.Heading, 40))
		}
	}
	os.WriteFile(out, []byte(b.String()), 0o644)
}
