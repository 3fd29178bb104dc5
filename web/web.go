// Package web is Renda's pages in the browser: server-rendered with
// html/template in simplified Chinese, every state a URL, usable without
// JavaScript (a small script only adds conveniences), every asset
// embedded. Document text always goes through the templates' escaping; the
// only markup inserted is the <mark> of search highlights, built from
// escaped text. A Site is safe for concurrent use.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/search"
)

//go:embed templates static
var files embed.FS

// Site serves the pages over one index and its search engine.
type Site struct {
	ix     *indexer.Index
	engine *search.Engine
	tmpl   *template.Template
	log    *log.Logger
}

// New returns the Site over ix and engine; logger gets internal errors.
func New(ix *indexer.Index, engine *search.Engine, logger *log.Logger) *Site {
	t := template.Must(template.New("").Funcs(funcs).ParseFS(files, "templates/*.html"))
	return &Site{ix: ix, engine: engine, tmpl: t, log: logger}
}

// Register adds the pages to r: / (home, results, and the reader at
// /?doc=ID), /kwic, /trends, /followups, /compare, and /static/.
func (s *Site) Register(r *mux.Router, methods ...string) {
	r.HandleFunc("/", s.handleRoot).Methods(methods...)
	r.HandleFunc("/kwic", s.handleKWIC).Methods(methods...)
	r.HandleFunc("/trends", s.handleTrends).Methods(methods...)
	r.HandleFunc("/followups", s.handleFollowups).Methods(methods...)
	r.HandleFunc("/compare", s.handleCompare).Methods(methods...)
	r.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	}).Methods(methods...)
}

// Static returns the embedded assets, for the router's /static/ prefix.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // embedded: part of the binary
	}
	return sub
}

// page is what every template gets.
type page struct {
	Title string
	Q     string // the query in the header's form
	Nav   string // which navigation entry is current
	Error string // a message in Chinese
	Data  any
}

// render writes the template name with p; a failure is logged (the
// client may have left).
func (s *Site) render(w http.ResponseWriter, status int, name string, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.tmpl.ExecuteTemplate(w, name, p); err != nil && s.log != nil {
		s.log.Printf("web: %s: %v", name, err)
	}
}

// fail renders the error page for err, in Chinese.
func (s *Site) fail(w http.ResponseWriter, r *http.Request, err error, p page) {
	status := http.StatusInternalServerError
	switch corpus.ErrorCode(err) {
	case corpus.EINVALID:
		status = http.StatusBadRequest
	case corpus.ENOTFOUND:
		status = http.StatusNotFound
	}
	if errors.Is(err, indexer.ErrNotFound) {
		status = http.StatusNotFound
	}
	if errors.Is(err, context.DeadlineExceeded) {
		status = http.StatusGatewayTimeout
	}
	if status == http.StatusInternalServerError && s.log != nil {
		s.log.Printf("web: %s: %v", r.URL, err)
	}
	p.Error = Chinese(err)
	s.render(w, status, "error.html", p)
}

// Chinese says what went wrong in Chinese: the common mistakes in their
// own words, the rest with the engine's message after a Chinese lead.
func Chinese(err error) string {
	msg := corpus.ErrorMessage(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "检索用时过长，已停止。请加上更多词语或筛选条件后再试。"
	case errors.Is(err, indexer.ErrNotFound), corpus.ErrorCode(err) == corpus.ENOTFOUND:
		return "没有找到这份文件或这一段。链接可能已失效。"
	case corpus.ErrorCode(err) != corpus.EINVALID:
		return "服务器出错了，请稍后再试。"
	}
	for _, t := range translations {
		if m := t.re.FindStringSubmatch(msg); m != nil {
			out := t.zh
			for k := 1; k < len(m); k++ {
				out = strings.ReplaceAll(out, "$"+strconv.Itoa(k), m[k])
			}
			return out
		}
	}
	return "检索式有误：" + msg
}

var translations = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^unterminated quote (\S+)`), "引号 $1 没有闭合：请补上对应的后引号。"},
	{regexp.MustCompile(`^year "([^"]*)"`), "年份“$1”无法识别：请写成 2024，或 2019..2024 这样的范围。"},
	{regexp.MustCompile(`^unknown field "([^"]*)"`), "没有“$1”这个筛选字段。可用：year、type、level、region、body、theme、tag、kind、article、doc。"},
	{regexp.MustCompile(`^word "([^"]*)" is (\d+) characters long`), "词语“$1”太长（$2 字）：较长的原文请放在引号里检索。"},
	{regexp.MustCompile(`^quote "([^"]*)" is (\d+) characters long`), "引文“$1”太长（$2 字），最多 500 字。"},
	{regexp.MustCompile(`repeats (.) (\d+) times in a row`), "“$1”连续重复 $2 次，最多 16 次。"},
	{regexp.MustCompile(`^query is (\d+) characters long`), "检索式太长（$1 字），最多 2000 字。"},
	{regexp.MustCompile(`^query has (\d+) words or phrases`), "检索式里的词语太多（$1 个），最多 32 个。"},
	{regexp.MustCompile(`^OR must stand between`), "OR 两边都要有词语或引文。"},
	{regexp.MustCompile(`^empty quotes`), "引号里没有内容。"},
	{regexp.MustCompile(`^nothing searchable in`), "检索式里没有可以检索的文字。"},
	{regexp.MustCompile(`^type "([^"]*)"`), "没有“$1”这种文件类型。"},
	{regexp.MustCompile(`^level "([^"]*)"`), "层级“$1”无法识别：全国、省、市或区县。"},
	{regexp.MustCompile(`^kind "([^"]*)"`), "部分“$1”无法识别：review（回顾）、plan（安排）或 other。"},
	{regexp.MustCompile(`^article "([^"]*)"`), "条文“$1”无法识别：请写 12 或 第十二条。"},
	{regexp.MustCompile(`a concordance needs a word or a quote`), "请输入要查看上下文的词语或引文。"},
	{regexp.MustCompile(`only work reports have plan items`), "只有工作报告才有工作安排和落实情况。"},
	{regexp.MustCompile(`is not a version of the same law`), "这两份文件不是同一部法律的不同版本。"},
}

// Names shown for facets, kinds and statuses.
var (
	facetNames = map[string]string{"year": "年份", "type": "类型", "level": "层级", "region": "地区", "body": "机关", "theme": "主题",
		"tag": "四个机关", "kind": "部分", "article": "条", "doc": "文件"}
	kindNames   = map[string]string{"review": "回顾", "plan": "安排", "other": "其他"}
	statusNames = map[string]string{"unchanged": "未改", "changed": "修改", "added": "新增", "removed": "删除"}
)

var funcs = template.FuncMap{
	"facetName":  func(f string) string { return or(facetNames[f], f) },
	"kindName":   func(k string) string { return or(kindNames[k], k) },
	"statusName": func(s string) string { return or(statusNames[s], s) },
	"marked":     func(h string) template.HTML { return template.HTML(h) }, // search's HTML: escaped text and <mark>
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"pct":        func(a, b int) int { return 100 * a / max(b, 1) },
	"numeral":    corpus.Numeral,
	"fixed":      func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// params is a page's query string, as links change one thing of it.
type params url.Values

func (p params) With(kv ...string) string {
	v := url.Values{}
	for k, vs := range p {
		v[k] = slices.Clone(vs)
	}
	for k := 0; k+1 < len(kv); k += 2 {
		if kv[k+1] == "" {
			v.Del(kv[k])
		} else {
			v.Set(kv[k], kv[k+1])
		}
	}
	return "?" + v.Encode()
}

// filterParams collects the filter parameters of q.
func filterParams(q url.Values) search.Filters {
	f := search.Filters{}
	for _, name := range search.FilterFields {
		for _, v := range q[name] {
			if v = strings.TrimSpace(v); v != "" {
				f.Add(name, v)
			}
		}
	}
	return f
}

func intParam(q url.Values, name string, def int) int {
	n, err := strconv.Atoi(q.Get(name))
	if err != nil || n < 1 {
		return def
	}
	return n
}

// sortedYears returns the year facet's values in year order.
func sortedYears(vs []search.FacetValue) []search.FacetValue {
	out := slices.Clone(vs)
	sort.Slice(out, func(a, b int) bool { return out[a].Value < out[b].Value })
	return out
}
