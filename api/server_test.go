package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

// scriptReport is a report a user imports whose text contains markup.
const scriptReport = `2025年是全面深化改革的关键之年。一年来，区人大常委会坚持依法履职，认真审议各项报告。

①坚持党的全面领导

常委会在网页上发现了一段<script>alert("代表")</script>代码，已按规定报告并处理。

☆加强代表联络站建设。
`

var (
	server *httptest.Server
	ix     *indexer.Index
)

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "renda-api-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		extra := filepath.Join(dir, "input", "测试区人大常委会工作报告.txt")
		if err := os.MkdirAll(filepath.Dir(extra), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := os.WriteFile(extra, []byte(scriptReport), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if ix, err = indexer.Create(filepath.Join(dir, "data")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer ix.Close()
		sum, err := ingest.Files(context.Background(), ix, []string{"../corpus/testdata/corpus", extra}, nil)
		if err != nil || sum.Imported < 10 {
			fmt.Fprintln(os.Stderr, "import test documents:", sum, err)
			return 1
		}
		server = httptest.NewServer(api.New(ix, nil))
		defer server.Close()
		return m.Run()
	}()
	os.Exit(code)
}

func get(t *testing.T, path string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(server.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(path, "/api/") && !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	var v map[string]any
	if strings.HasPrefix(path, "/api/") {
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("GET %s: not JSON: %v\n%s", path, err, body)
		}
	}
	return resp.StatusCode, v
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		path   string
		status int
		code   string // error code for 4xx
	}{
		{"/api/health", 200, ""},
		{"/api/search?q=" + url.QueryEscape("代表机关"), 200, ""},
		{"/api/search?q=" + url.QueryEscape(`"open`), 400, "invalid"},
		{"/api/search?q=" + url.QueryEscape("nosuch:x"), 400, "invalid"},
		{"/api/search?q=a&size=1000", 400, "invalid"},
		{"/api/search?q=a&page=zero", 400, "invalid"},
		{"/api/search?q=a&sort=random", 400, "invalid"},
		{"/api/search?q=a&year=soon", 400, "invalid"},
		{"/api/search?q=a&colour=red", 400, "invalid"},
		{"/api/search?q=a&kind=later", 400, "invalid"},
		{"/api/documents/nosuchdoc", 404, "not_found"},
		{"/api/passages/nosuchdoc-3", 404, "not_found"},
		{"/api/passages/garbage", 404, "not_found"},
		{"/api/nothing", 404, "not_found"},
		{"/api/taxonomy", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %v", status, tt.status, body)
			}
			if tt.code != "" {
				e, _ := body["error"].(map[string]any)
				if e == nil || e["code"] != tt.code || e["message"] == "" {
					t.Errorf("error body %v, want code %q with a message", body, tt.code)
				}
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	resp, err := http.Post(server.URL+"/api/search", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusMethodNotAllowed || v["error"]["code"] != "method_not_allowed" {
		t.Errorf("POST /api/search: %d %v", resp.StatusCode, v)
	}
}

func TestHealthCounts(t *testing.T) {
	_, body := get(t, "/api/health")
	docs, passages := ix.Stats()
	if body["status"] != "ok" || int(body["documents"].(float64)) != docs || int(body["passages"].(float64)) != passages || docs < 10 {
		t.Errorf("health %v, index has %d documents and %d passages", body, docs, passages)
	}
}

// TestSearchDocumentPassageRoundTrip follows a search hit to its document
// and passage and checks that they agree.
func TestSearchDocumentPassageRoundTrip(t *testing.T) {
	_, body := get(t, "/api/search?q="+url.QueryEscape(`"人人参与、人人负责"`))
	hits := body["hits"].([]any)
	if len(hits) == 0 {
		t.Fatal("no hit for the Minhang quote")
	}
	hit := hits[0].(map[string]any)
	if !strings.Contains(hit["title"].(string), "闵行") {
		t.Errorf("first hit %v", hit["title"])
	}
	p := hit["passages"].([]any)[0].(map[string]any)
	if !strings.Contains(p["html"].(string), "<mark>人人参与、人人负责</mark>") {
		t.Errorf("html %q", p["html"])
	}
	status, doc := get(t, "/api/documents/"+hit["id"].(string))
	if status != 200 || doc["original"] == "" || len(doc["sections"].([]any)) == 0 {
		t.Fatalf("document: %d, %d sections", status, len(doc["sections"].([]any)))
	}
	status, ps := get(t, "/api/passages/"+p["id"].(string))
	if status != 200 {
		t.Fatalf("passage: %d %v", status, ps)
	}
	if ps["passage"].(map[string]any)["text"] != p["text"] {
		t.Errorf("passage text differs from the search hit")
	}
	if c := ps["citation"].(string); !strings.Contains(c, "闵行区人大常委会工作报告") || !strings.Contains(c, p["id"].(string)) {
		t.Errorf("citation %q", c)
	}
}

func TestMarkupIsEscaped(t *testing.T) {
	_, body := get(t, "/api/search?q="+url.QueryEscape("代表"))
	found := false
	for _, h := range body["hits"].([]any) {
		for _, p := range h.(map[string]any)["passages"].([]any) {
			html := p.(map[string]any)["html"].(string)
			if strings.Contains(p.(map[string]any)["text"].(string), "<script>") {
				found = true
				want := `&lt;script&gt;alert(&#34;<mark>代表</mark>&#34;)&lt;/script&gt;`
				if !strings.Contains(html, want) {
					t.Errorf("html %q, want it to contain %q", html, want)
				}
			}
			if strings.Contains(html, "<script") {
				t.Errorf("unescaped markup in %q", html)
			}
		}
	}
	if !found {
		t.Error("the imported report with <script> was not found")
	}
}

func TestFacetsAreDocumentCounts(t *testing.T) {
	_, body := get(t, "/api/search?q="+url.QueryEscape("人民代表大会")+"&type="+url.QueryEscape("法律"))
	total := int(body["total"].(float64))
	facets := body["facets"].(map[string]any)
	sum := 0
	for _, v := range facets["level"].([]any) {
		sum += int(v.(map[string]any)["count"].(float64))
	}
	if sum != total {
		t.Errorf("level facet adds to %d, total %d", sum, total)
	}
	// The type facet ignores the type filter, so other types stay visible.
	if len(facets["type"].([]any)) < 2 {
		t.Errorf("type facet with a type filter lists %v", facets["type"])
	}
}

func TestTaxonomyListing(t *testing.T) {
	_, body := get(t, "/api/taxonomy")
	tags := body["tags"].([]any)
	names := map[string]bool{}
	for _, tg := range tags {
		names[tg.(map[string]any)["name"].(string)] = true
	}
	for _, want := range []string{"政治机关", "权力机关", "工作机关", "代表机关"} {
		if !names[want] {
			t.Errorf("taxonomy lacks %s", want)
		}
	}
	if len(body["themes"].([]any)) < 14 {
		t.Errorf("%d themes", len(body["themes"].([]any)))
	}
}

// TestPage checks that the pages and their assets are served from the
// binary, load nothing from elsewhere, and weigh less than 200 KB of HTML,
// CSS and JavaScript before results.
func TestPage(t *testing.T) {
	outside := regexp.MustCompile(`(src|<link[^>]*href)="https?:|url\(https?:|@import`)
	total := 0
	for _, path := range []string{"/", "/static/site.js", "/static/site.css", "/static/favicon.svg", "/kwic", "/trends", "/?q=" + url.QueryEscape("代表")} {
		resp, err := http.Get(server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(b) < 100 {
			t.Errorf("GET %s: %d, %d bytes", path, resp.StatusCode, len(b))
		}
		if outside.Match(b) {
			t.Errorf("GET %s loads something from an outside address: %s", path, outside.Find(b))
		}
		if !strings.Contains(path, "?") {
			total += len(b)
		}
	}
	if total > 200_000 {
		t.Errorf("the pages and assets weigh %d bytes before results, over 200 KB", total)
	}
}
