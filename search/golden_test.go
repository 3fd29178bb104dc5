package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/search"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/searches.json")

// goldenQueries run over the raw samples in corpus/testdata; their results
// (documents, order, marked passages, facets) are kept in
// testdata/golden/searches.json, so any change to ranking, highlighting or
// facets shows up as a diff to review. Regenerate with -update.
var goldenQueries = []search.Request{
	{Query: "代表机关"},
	{Query: `"人人参与、人人负责"`},
	{Query: "全过程人民民主"},
	{Query: "人大常委会"},
	{Query: "year:2024 政府工作报告"},
	{Query: `"人民代表大会"`, Filters: search.Filters{"type": {"法律"}}},
	{Query: "监督 -预算", Sort: search.SortDate},
	{Query: "立法 OR 执法检查", Filters: search.Filters{"level": {"省"}}},
	{Query: "代表 kind:plan"},
	{Query: "tag:代表机关"},
	{Query: "article:第二条 type:地方性法规"},
	{Query: `"闵"`},
	{Query: `"２０２４"`},
	{Query: `"人民代表大會"`},
}

type goldenResult struct {
	Request search.Request                 `json:"request"`
	Total   int                            `json:"total"`
	Hits    []goldenHit                    `json:"hits"`
	Facets  map[string][]search.FacetValue `json:"facets"`
	Expand  []search.Expansion             `json:"expansions"`
}

type goldenHit struct {
	Title    string   `json:"title"`
	Matches  int      `json:"matches"`
	Passages []string `json:"passages"` // html of the passages shown
}

func TestGoldenSearches(t *testing.T) {
	var docs []*corpus.Document
	if _, err := corpus.Load([]string{"../corpus/testdata/corpus"}, func(d *corpus.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ix, err := buildIndex(filepath.Join(t.TempDir(), "data"), docs)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	engine := search.New(ix)
	var got []goldenResult
	for _, req := range goldenQueries {
		req.Passages = 2
		resp, err := engine.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		r := goldenResult{Request: req, Total: resp.Total, Facets: resp.Facets, Expand: resp.Expansions, Hits: []goldenHit{}}
		for _, h := range resp.Hits {
			g := goldenHit{Title: h.Title, Matches: h.Matches, Passages: []string{}}
			for _, p := range h.Passages {
				g.Passages = append(g.Passages, p.HTML)
			}
			r.Hits = append(r.Hits, g)
		}
		got = append(got, r)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "searches.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("results differ from %s; review with -update and git diff", path)
	}
}
