package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/renda-archive/renda/api"
)

// badRequests are requests a hostile but fair user sends: each must get its
// 4xx with the JSON error, and none may change the archive.
var badRequests = []struct {
	method, target string
	status         int
	code           string
}{
	{"GET", "/api/search?q=%zz", 400, "invalid"},
	{"GET", "/api/search?q=a;b", 400, "invalid"},
	{"GET", "/api/search?q=%E4%BA", 400, "invalid"}, // half a character
	{"GET", "/api/search?q=a&q=b", 400, "invalid"},
	{"GET", "/api/search?q=a&page=1&page=2", 400, "invalid"},
	{"GET", "/api/search?q=a&size=0", 400, "invalid"},
	{"GET", "/api/search?q=a&size=-1", 400, "invalid"},
	{"GET", "/api/search?q=a&size=101", 400, "invalid"},
	{"GET", "/api/search?q=a&page=1001", 400, "invalid"},
	{"GET", "/api/search?q=a&page=1e3", 400, "invalid"},
	{"GET", "/api/search?q=a&passages=21", 400, "invalid"},
	{"GET", "/api/search?q=a&sort=random", 400, "invalid"},
	{"GET", "/api/search?q=a&format=xml", 400, "invalid"},
	{"GET", "/api/search?q=a&format=csv&format=json", 400, "invalid"},
	{"GET", "/api/search?q=a&colour=red", 400, "invalid"},
	{"GET", "/api/search?q=a&year=soon", 400, "invalid"},
	{"GET", "/api/search?q=a&year=2024..2019", 400, "invalid"},
	{"GET", "/api/search?q=a&year=0", 400, "invalid"},
	{"GET", "/api/search?q=a&year=99999", 400, "invalid"},
	{"GET", "/api/search?q=a&type=小说", 400, "invalid"},
	{"GET", "/api/search?q=a&level=宇宙", 400, "invalid"},
	{"GET", "/api/search?q=a&kind=later", 400, "invalid"},
	{"GET", "/api/search?q=a&article=abc", 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(`"open`), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(`“未闭合`), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(`""`), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape("nosuch:x"), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape("year:"), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape("OR 立法"), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape("立法 OR"), 400, "invalid"},
	{"GET", "/api/search?q=%", 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(strings.Repeat("人", 2000)), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(strings.Repeat("人", 2001)), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(strings.Repeat("(", 500)+"人大"+strings.Repeat(")", 500)), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(strings.Repeat("词 ", 40)), 400, "invalid"},
	{"GET", "/api/search?q=" + url.QueryEscape(`"`+strings.Repeat("监督法", 200)+`"`), 400, "invalid"},
	{"GET", "/api/kwic?q=", 400, "invalid"},
	{"GET", "/api/kwic?q=a&width=0", 400, "invalid"},
	{"GET", "/api/kwic?q=a&width=1000", 400, "invalid"},
	{"GET", "/api/kwic?q=a&sort=up", 400, "invalid"},
	{"GET", "/api/kwic?q=a&sort=left&sort=right", 400, "invalid"},
	{"GET", "/api/kwic?q=" + url.QueryEscape(strings.Repeat("的", 17)), 400, "invalid"},
	{"GET", "/api/trends?q=", 400, "invalid"},
	{"GET", "/api/trends?q=a&by=month", 400, "invalid"},
	{"GET", "/api/trends?q=a&split=colour", 400, "invalid"},
	{"GET", "/api/trends?q=a&format=png", 400, "invalid"},
	{"GET", "/api/trends?q=" + url.QueryEscape("-立法"), 400, "invalid"},
	{"GET", "/api/documents/nosuchdoc", 404, "not_found"},
	{"GET", "/api/documents/" + strings.Repeat("x", 500_000), 404, "not_found"},
	{"GET", "/api/passages/nosuchdoc-3", 404, "not_found"},
	{"GET", "/api/passages/garbage", 404, "not_found"},
	{"GET", "/api/passages/%00", 404, "not_found"},
	{"GET", "/api/nothing", 404, "not_found"},
	{"GET", "/static/nope.js", 404, "not_found"},
	{"GET", "/static/", 404, "not_found"},
	{"GET", "/static/../../etc/passwd", 404, "not_found"},
	{"HEAD", "/api/nothing", 404, ""},
	{"POST", "/api/search", 405, "method_not_allowed"},
	{"PUT", "/api/health", 405, "method_not_allowed"},
	{"DELETE", "/api/search?q=a", 405, "method_not_allowed"},
	{"PATCH", "/api/kwic?q=a", 405, "method_not_allowed"},
}

// archiveState is what must not change: the health counts and a page of
// results.
func archiveState(t *testing.T) string {
	t.Helper()
	var out []string
	for _, p := range []string{"/api/health", "/api/search?q=" + url.QueryEscape("代表") + "&size=100"} {
		status, body := get(t, p)
		if status != 200 {
			t.Fatalf("GET %s: %d", p, status)
		}
		delete(body, "took_ms")
		raw, _ := json.Marshal(body)
		out = append(out, fmt.Sprintf("%x", sha256.Sum256(raw)))
	}
	return strings.Join(out, " ")
}

func TestBadRequests(t *testing.T) {
	if len(badRequests) < 50 {
		t.Fatalf("%d bad requests; the table keeps at least 50", len(badRequests))
	}
	before := archiveState(t)
	for _, tt := range badRequests {
		name := tt.method + " " + tt.target
		if len(name) > 80 {
			name = name[:80]
		}
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, server.URL+tt.target, nil)
			if err != nil {
				// Some targets are not even URLs to net/url: send them raw.
				req, err = http.NewRequest(tt.method, server.URL, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.URL.Opaque = tt.target
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tt.status, body)
			}
			if tt.method == "HEAD" {
				if len(body) != 0 {
					t.Errorf("HEAD answered a body of %d bytes", len(body))
				}
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			var v struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatalf("not JSON: %v: %.300s", err, body)
			}
			if v.Error.Code != tt.code || v.Error.Message == "" {
				t.Errorf("error %+v, want code %q and a message", v.Error, tt.code)
			}
			if n := utf8.RuneCountInString(v.Error.Message); n > 300+1 {
				t.Errorf("message of %d characters: long input must be cut", n)
			}
		})
	}
	if after := archiveState(t); after != before {
		t.Errorf("the archive changed under bad requests")
	}
}

func TestHeadWhereverGet(t *testing.T) {
	for _, p := range []string{"/", "/api/health", "/api/search?q=" + url.QueryEscape("代表"), "/api/taxonomy",
		"/api/kwic?q=" + url.QueryEscape("代表"), "/api/trends?q=" + url.QueryEscape("代表")} {
		resp, err := http.Head(server.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("HEAD %s: %d", p, resp.StatusCode)
		}
	}
}

func TestUndatedDocumentsMatchNoYearRange(t *testing.T) {
	status, body := get(t, "/api/search?q="+url.QueryEscape("year:-5"))
	if status != 200 {
		t.Fatalf("year:-5: %d %v", status, body)
	}
	if n := body["total"].(float64); n != 0 {
		t.Errorf("year:-5 matched %v documents; undated documents are in no range", n)
	}
}

// TestSearchStopsWithItsContext checks that the search routes stop, with
// 504, on a request whose time is up.
func TestSearchStopsWithItsContext(t *testing.T) {
	s := api.New(ix, nil)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	for _, p := range []string{"/api/search?q=", "/api/kwic?q=", "/api/trends?q="} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", p+url.QueryEscape("人民"), nil).WithContext(ctx)
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusGatewayTimeout {
			t.Errorf("%s with its time up: %d %s, want 504", p, rec.Code, rec.Body)
		}
	}
}
