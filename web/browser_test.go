package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

// hostile is a report whose text holds markup: it must show as text on
// every page, never run.
const hostile = "2025年是关键之年。一年来，测试区人大常委会依法履职。\n\n" +
	"常委会收到一段<script>window.__xss=1</script>代码和<img src=x onerror=\"window.__xss=2\">图片，依法处理。\n\n" +
	"☆加强代表联络站建设。\n"

// chromium returns Debian's Chromium, or skips the test when the machine
// has none, unless RENDA_BROWSER_TESTS=required (as .ci/run sets it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if path, err := exec.LookPath("chromium"); err == nil {
		return path
	}
	if os.Getenv("RENDA_BROWSER_TESTS") == "required" {
		t.Fatal("no Chromium: apt-get install -y chromium fonts-noto-cjk")
	}
	t.Skip("browser tests need Chromium (apt-get install -y chromium fonts-noto-cjk); .ci/run installs it")
	return ""
}

// site serves an archive of the samples, a 闵行区 follow-up fixture, two
// versions of a law and a report holding markup, as renda serve does.
var site = sync.OnceValues(func() (*httptest.Server, error) {
	dir, err := os.MkdirTemp("", "renda-web-")
	if err != nil {
		return nil, err
	}
	extra := filepath.Join(dir, "input")
	os.MkdirAll(filepath.Join(extra, "laws", "宪法相关法"), 0o755)
	os.WriteFile(filepath.Join(extra, "测试区人大常委会工作报告.txt"), []byte(hostile), 0o644)
	for _, v := range []struct{ date, body string }{
		{"2006-08-27", "第一条 为了保障常务委员会依法行使监督职权，制定本法。\n\n第二条 各级人民代表大会常务委员会依照宪法和有关法律的规定行使监督职权。\n\n第三条 本法自2007年1月1日起施行。"},
		{"2024-11-08", "第一条 为了保障常务委员会依法行使监督职权，发展全过程人民民主，制定本法。\n\n第二条 坚持中国共产党的领导。\n\n第三条 各级人民代表大会常务委员会依照宪法和有关法律的规定行使监督职权。\n\n第四条 本法自2007年1月1日起施行。"},
	} {
		law := "# 中华人民共和国各级人民代表大会常务委员会监督法\n\n" + v.date[:4] + "年" + strings.TrimLeft(v.date[5:7], "0") + "月" + strings.TrimLeft(v.date[8:], "0") + "日第十届全国人民代表大会常务委员会会议通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n" + v.body + "\n"
		os.WriteFile(filepath.Join(extra, "laws", "宪法相关法", "监督法("+v.date+").md"), []byte(law), 0o644)
	}
	ix, err := indexer.Create(filepath.Join(dir, "data"))
	if err != nil {
		return nil, err
	}
	if _, err := ingest.Files(context.Background(), ix, []string{"../corpus/testdata/corpus", "../links/testdata/minhang", extra}, nil); err != nil {
		return nil, err
	}
	return httptest.NewServer(api.New(ix, nil)), nil
})

// browser starts Chromium headless with a fresh profile, at width×height,
// and collects console errors and exceptions.
func browser(t *testing.T, width, height int) (context.Context, func() []string) {
	path := chromium(t)
	profile, err := os.MkdirTemp("", "renda-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "BackForwardCache"), // so that going back loads the page, which chromedp waits for
		chromedp.UserDataDir(profile), chromedp.WindowSize(width, height))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(func() {
		cancel()
		for range 20 { // Chromium may still be writing its profile as it exits
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	var mu sync.Mutex
	var errs []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				errs = append(errs, fmt.Sprint("console error: ", ev.Args))
			}
		case *runtime.EventExceptionThrown:
			errs = append(errs, "exception: "+ev.ExceptionDetails.Text)
		}
	})
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), errs...) }
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func shot(t *testing.T, ctx context.Context, name string) {
	var buf []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&buf, 100)); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("testdata/screenshots", 0o755)
	os.WriteFile(filepath.Join("testdata/screenshots", name+".png"), buf, 0o644)
}

func TestBrowserDesktop(t *testing.T) {
	srv, err := site()
	if err != nil {
		t.Fatal(err)
	}
	ctx, errs := browser(t, 1366, 900)
	var text, loc string
	// Home, then a query in Chinese quotation marks typed into the form.
	run(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#q"), chromedp.Text(".intro", &text))
	if !strings.Contains(text, "份文件") {
		t.Errorf("home: %q", text)
	}
	shot(t, ctx, "home-desktop")
	run(t, ctx, chromedp.SendKeys("#q", "“人人参与、人人负责”"), chromedp.Submit("#q"), chromedp.WaitVisible(".summary"),
		chromedp.Text(".results", &text))
	if !strings.Contains(text, "人人参与、人人负责") || !strings.Contains(text, "闵行区人大常委会工作报告") {
		t.Fatalf("quote results: %.300s", text)
	}
	var marks int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll(".results mark").length`, &marks))
	if marks == 0 {
		t.Error("no match marked")
	}
	shot(t, ctx, "results-desktop")
	// A facet, then its removal.
	run(t, ctx, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("代表")), chromedp.WaitVisible(".facet-type"),
		chromedp.Click(".facet-type li a", chromedp.NodeVisible), chromedp.WaitVisible(".chip"), chromedp.Location(&loc), chromedp.Text(".selected", &text))
	if !strings.Contains(loc, "type=") || !strings.Contains(text, "类型") {
		t.Errorf("after a facet click: %s, %q", loc, text)
	}
	run(t, ctx, chromedp.Click(".chip"), chromedp.WaitVisible(".summary"), chromedp.Location(&loc))
	if strings.Contains(loc, "type=") {
		t.Errorf("after removing the facet: %s", loc)
	}
	// Page forward and back.
	run(t, ctx, chromedp.Click(`a[rel="next"]`), chromedp.WaitVisible(".summary"), chromedp.Location(&loc), chromedp.Text(".summary", &text))
	if !strings.Contains(loc, "page=2") || !strings.Contains(text, "第 11–") {
		t.Errorf("page 2: %s %q", loc, text)
	}
	run(t, ctx, chromedp.NavigateBack(), chromedp.WaitVisible(".summary"), chromedp.Location(&loc))
	if strings.Contains(loc, "page=2") {
		t.Errorf("back: %s", loc)
	}
	// Open a document from the results, follow a permalink, copy a citation.
	run(t, ctx, chromedp.Click(".hit h2 a"), chromedp.WaitVisible("article.document"), chromedp.Text("article.document h1", &text))
	if text == "" {
		t.Fatal("the reader shows no title")
	}
	var back int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("a.back").length`, &back))
	if back != 1 {
		t.Error("no way back to the results")
	}
	var first string
	run(t, ctx, chromedp.AttributeValue(".document .passage:nth-of-type(3)", "id", &first, nil))
	run(t, ctx, chromedp.Navigate(srv.URL+"/?doc="+strings.Split(first, "-")[0]+"#"+first), chromedp.WaitVisible(cssID(first)+" .citation"),
		chromedp.Click(cssID(first)+" button.copy"), chromedp.Sleep(300*time.Millisecond), chromedp.Text(cssID(first)+" button.copy", &text))
	if !strings.Contains(text, "已") {
		t.Errorf("copy citation: button says %q", text)
	}
	var cite string
	run(t, ctx, chromedp.Value(cssID(first)+" textarea", &cite))
	if !strings.Contains(cite, "《") || !strings.Contains(cite, first) {
		t.Errorf("citation %q", cite)
	}
	shot(t, ctx, "reader-desktop")
	// KWIC: sort and page.
	run(t, ctx, chromedp.Navigate(srv.URL+"/kwic?q="+url.QueryEscape("代表")), chromedp.WaitVisible("table.kwic"),
		chromedp.Click(`.sorts a:nth-of-type(2)`), chromedp.WaitVisible("table.kwic"), chromedp.Location(&loc))
	if !strings.Contains(loc, "sort=left") {
		t.Errorf("KWIC sort: %s", loc)
	}
	var rows int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("table.kwic tbody tr").length`, &rows))
	if rows != 50 {
		t.Errorf("KWIC page: %d lines", rows)
	}
	run(t, ctx, chromedp.Click(`a[rel="next"]`), chromedp.WaitVisible("table.kwic"), chromedp.Location(&loc))
	if !strings.Contains(loc, "page=2") {
		t.Errorf("KWIC page 2: %s", loc)
	}
	shot(t, ctx, "kwic-desktop")
	// Trends: the chart loads, the table has years.
	var loaded bool
	run(t, ctx, chromedp.Navigate(srv.URL+"/trends?q="+url.QueryEscape("代表|人民")), chromedp.WaitVisible(".chart img"),
		chromedp.Poll(`document.querySelector(".chart img").complete && document.querySelector(".chart img").naturalWidth > 0`, &loaded),
		chromedp.Evaluate(`document.querySelectorAll("table.trends tbody tr").length`, &rows))
	if !loaded || rows == 0 {
		t.Errorf("trends: chart %v, %d rows", loaded, rows)
	}
	shot(t, ctx, "trends-desktop")
	// Plan ↔ done and a law comparison.
	var docID string
	run(t, ctx, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("聚焦公共财政管理")+"&year=2025"), chromedp.WaitVisible(".hit h2 a"),
		chromedp.AttributeValue(".hit h2 a", "href", &docID, nil))
	u, _ := url.Parse(docID)
	run(t, ctx, chromedp.Navigate(srv.URL+"/followups?doc="+u.Query().Get("doc")), chromedp.WaitVisible(".followups"), chromedp.Text(".followups", &text))
	if !strings.Contains(text, "审查批准区级决算") || !strings.Contains(text, "共同词语") {
		t.Errorf("followups: %.300s", text)
	}
	shot(t, ctx, "followups-desktop")
	run(t, ctx, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("监督法")+"&type="+url.QueryEscape("法律")), chromedp.WaitVisible(".hit h2 a"),
		chromedp.AttributeValue(".hit h2 a", "href", &docID, nil))
	u, _ = url.Parse(docID)
	run(t, ctx, chromedp.Navigate(srv.URL+"/compare?doc="+u.Query().Get("doc")), chromedp.WaitVisible(".compare"), chromedp.Text(".compare", &text))
	if !strings.Contains(text, "新增") || !strings.Contains(text, "第二条 → 第三条") {
		t.Errorf("compare: %.400s", text)
	}
	shot(t, ctx, "compare-desktop")
	// Markup in a document is text on every page that shows it.
	var hostileDoc string
	run(t, ctx, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("依法处理")+"&type="+url.QueryEscape("常委会工作报告")), chromedp.WaitVisible(".hit h2 a"),
		chromedp.AttributeValue(".hit h2 a", "href", &hostileDoc, nil))
	for _, p := range []string{"/?q=" + url.QueryEscape("依法处理"), "/kwic?q=" + url.QueryEscape("依法处理"), hostileDoc, hostileDoc + "&tags=1"} {
		var xss any
		run(t, ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible("main"), chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`window.__xss === undefined ? 0 : window.__xss`, &xss), chromedp.Text("main", &text))
		if fmt.Sprint(xss) != "0" || !strings.Contains(text, "__xss") {
			t.Errorf("%s: markup ran (%v) or is not shown as text: %.200s", p, xss, text)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// cssID selects the element with a passage ID, which may start with a
// digit.
func cssID(id string) string { return `[id="` + id + `"]` }

// TestBrowserPhone opens every page at 390×844 and checks that nothing
// overflows the viewport and the results column is at least 300 px wide.
func TestBrowserPhone(t *testing.T) {
	srv, err := site()
	if err != nil {
		t.Fatal(err)
	}
	ctx, errs := browser(t, 390, 844)
	pages := map[string]string{
		"home": "/", "results": "/?q=" + url.QueryEscape("代表"), "kwic": "/kwic?q=" + url.QueryEscape("代表"),
		"trends": "/trends?q=" + url.QueryEscape("代表|人民"), "error": "/?q=" + url.QueryEscape(`"open`),
	}
	var docHref string
	run(t, ctx, chromedp.Navigate(srv.URL+pages["results"]), chromedp.WaitVisible(".hit h2 a"), chromedp.AttributeValue(".hit h2 a", "href", &docHref, nil))
	pages["reader"] = docHref
	for name, p := range pages {
		var over []string
		var width, resultsWidth float64
		run(t, ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible("main"),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
			chromedp.Evaluate(`[...document.querySelectorAll("body *")].filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1 && !e.closest(".kwic-wrap") }).slice(0, 5).map(e => e.tagName + "." + e.className)`, &over),
			chromedp.Evaluate(`(document.querySelector(".results, .document, .panel") || document.body).getBoundingClientRect().width`, &resultsWidth))
		if width > 390 || len(over) > 0 {
			t.Errorf("%s at 390 px: page %v px wide, overflowing: %v", name, width, over)
		}
		if resultsWidth < 300 {
			t.Errorf("%s at 390 px: the results column is %v px wide", name, resultsWidth)
		}
		var searchVisible bool
		run(t, ctx, chromedp.Evaluate(`(() => { const r = document.querySelector(".search button").getBoundingClientRect(); return r.right <= innerWidth && r.width > 0 })()`, &searchVisible))
		if !searchVisible {
			t.Errorf("%s at 390 px: the 检索 button is off-screen", name)
		}
		shot(t, ctx, name+"-phone")
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// TestBrowserKWICReadsLeftToRight checks that a left context that starts
// with a numbering mark (④加强人大…) is drawn in reading order: its first
// character stands leftmost.
func TestBrowserKWICReadsLeftToRight(t *testing.T) {
	srv, err := site()
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := browser(t, 1366, 900)
	var ok bool
	run(t, ctx, chromedp.Navigate(srv.URL+"/kwic?q="+url.QueryEscape("代表")+"&sort=left"), chromedp.WaitVisible("table.kwic"),
		chromedp.Evaluate(`(() => {
			const cells = [...document.querySelectorAll("td.left")].filter(td => td.textContent.length > 1);
			return cells.length > 10 && cells.every(td => {
				let n = td; while (n.firstChild) n = n.firstChild; // the text node
				const r = document.createRange(); r.setStart(n, 0); r.setEnd(n, 1);
				const first = r.getBoundingClientRect().left;
				r.setStart(n, n.length - 1); r.setEnd(n, n.length);
				return first <= r.getBoundingClientRect().left;
			});
		})()`, &ok))
	if !ok {
		t.Error("a left context is drawn out of reading order")
	}
}
