package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/renda-archive/renda/export"
)

func TestOccurrenceRoutes(t *testing.T) {
	q := url.QueryEscape
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/api/kwic?q=" + q("人民"), 200},
		{"/api/kwic?q=" + q("人民") + "&sort=left&width=5&page=2&size=3", 200},
		{"/api/kwic?q=" + q("人民") + "&sort=sideways", 400},
		{"/api/kwic?q=" + q("人民") + "&width=0", 400},
		{"/api/kwic?q=" + q("人民") + "&format=xml", 400},
		{"/api/kwic?q=" + q("人民") + "&colour=red", 400},
		{"/api/kwic?q=", 400},
		{"/api/trends?q=" + q("人民|民主") + "&split=type", 200},
		{"/api/trends?q=" + q("人民") + "&by=month", 400},
		{"/api/trends?q=", 400},
		{"/api/search?q=" + q("人民") + "&format=pdf", 400},
	} {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %v", status, tt.status, body)
			}
			if status >= 400 {
				if e, _ := body["error"].(map[string]any); e == nil || e["code"] != "invalid" {
					t.Errorf("error body %v", body)
				}
			}
		})
	}
}

func TestKWICPage(t *testing.T) {
	_, body := get(t, "/api/kwic?q="+url.QueryEscape("代表")+"&width=6&size=5")
	total := int(body["total"].(float64))
	lines := body["lines"].([]any)
	if total < 5 || len(lines) != 5 || int(body["documents"].(float64)) < 1 {
		t.Fatalf("kwic 代表: total %d, %d lines", total, len(lines))
	}
	for _, l := range lines {
		line := l.(map[string]any)
		for _, field := range []string{"left", "match", "right", "passage", "doc", "title", "citation", "permalink"} {
			if _, ok := line[field]; !ok {
				t.Errorf("line lacks %s: %v", field, line)
			}
		}
		if line["match"] != "代表" || len([]rune(line["left"].(string))) > 6 {
			t.Errorf("line %v", line)
		}
	}
}

// download fetches path and returns the status, content type and body.
func download(t *testing.T, path string) (int, string, []byte) {
	t.Helper()
	resp, err := http.Get(server.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

func TestExports(t *testing.T) {
	q := url.QueryEscape("人民")
	_, page := get(t, "/api/kwic?q="+q)
	total := int(page["total"].(float64))
	status, ct, b := download(t, "/api/kwic?q="+q+"&format=csv")
	if status != 200 || !strings.HasPrefix(ct, "text/csv") || !bytes.HasPrefix(b, []byte(export.BOM)) {
		t.Fatalf("kwic csv: %d %s", status, ct)
	}
	rows, err := csv.NewReader(bytes.NewReader(b[len(export.BOM):])).ReadAll()
	if err != nil || len(rows) != total+1 || rows[0][0] != "left" {
		t.Fatalf("kwic csv: %d rows for %d lines (%v)", len(rows), total, err)
	}
	for _, r := range rows[1:] {
		if r[1] != "人民" || r[8] == "" || !strings.HasPrefix(r[9], "/?doc=") {
			t.Fatalf("kwic csv row %q", r)
		}
	}
	status, _, b = download(t, "/api/kwic?q="+q+"&format=json&sort=year")
	var lines []map[string]any
	if err := json.Unmarshal(b, &lines); status != 200 || err != nil || len(lines) != total {
		t.Fatalf("kwic json: %d, %d lines for %d (%v)", status, len(lines), total, err)
	}

	_, res := get(t, "/api/search?q="+q)
	status, _, b = download(t, "/api/search?q="+q+"&format=csv")
	rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(export.BOM)))).ReadAll()
	if status != 200 || err != nil || len(rows) != int(res["passages"].(float64))+1 {
		t.Fatalf("search csv: %d, %d rows for %v passages (%v)", status, len(rows), res["passages"], err)
	}

	status, ct, b = download(t, "/api/trends?q="+url.QueryEscape("人民|代表")+"&format=svg")
	if status != 200 || !strings.HasPrefix(ct, "image/svg+xml") || xml.Unmarshal(b, new(struct{})) != nil || !strings.Contains(string(b), "代表") {
		t.Fatalf("trends svg: %d %s", status, ct)
	}
	status, _, b = download(t, "/api/trends?q="+url.QueryEscape("人民|代表")+"&format=csv")
	rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(export.BOM)))).ReadAll()
	if status != 200 || err != nil || len(rows) < 3 || rows[0][0] != "term" {
		t.Fatalf("trends csv: %d, %d rows (%v)", status, len(rows), err)
	}
}
