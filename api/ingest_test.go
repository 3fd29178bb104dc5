package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

const writeToken = "a-token-of-some-length"

// writeServer serves a fresh empty archive with writes on.
func writeServer(t *testing.T) (*httptest.Server, *indexer.Index) {
	t.Helper()
	wix, err := indexer.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	h := api.New(wix, nil)
	h.AllowWrites(writeToken)
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); wix.Close() })
	return srv, wix
}

// send makes one request and decodes the JSON answer.
func send(t *testing.T, method, target, token, contentType string, body io.Reader) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s %s: not JSON: %.200s", method, target, raw)
	}
	return resp.StatusCode, v
}

func docJSON(title, text string) string {
	raw, _ := json.Marshal(map[string]any{"title": title, "type": "常委会工作报告", "level": "区县", "body": "测试区人大常委会",
		"year": 2025, "dates": map[string]string{"session": "2025-01-08"}, "text": text})
	return string(raw)
}

func TestWritesNeedAToken(t *testing.T) {
	body := docJSON("测试区人大常委会工作报告", "各位代表：\n现在报告工作。")
	if st, v := send(t, "POST", server.URL+"/api/documents", writeToken, "application/json", strings.NewReader(body)); st != 403 || code(v) != "forbidden" {
		t.Errorf("POST on a server without a token: %d %v", st, v)
	}
	srv, _ := writeServer(t)
	for _, tok := range []string{"", "wrong", writeToken + "x"} {
		if st, v := send(t, "POST", srv.URL+"/api/documents", tok, "application/json", strings.NewReader(body)); st != 401 || code(v) != "unauthorized" {
			t.Errorf("POST with token %q: %d %v", tok, st, v)
		}
	}
	for _, m := range []string{"PUT", "DELETE"} {
		if st, _ := send(t, m, srv.URL+"/api/documents/abc", "", "application/json", strings.NewReader(body)); st != 401 {
			t.Errorf("%s without a token: %d", m, st)
		}
	}
}

func code(v map[string]any) string {
	e, _ := v["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func health(t *testing.T, base string) (docs float64) {
	t.Helper()
	resp, err := http.Get(base + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct{ Documents float64 }
	json.NewDecoder(resp.Body).Decode(&h)
	return h.Documents
}

func quoteCount(t *testing.T, base, quote string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape(`"`+quote+`"`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Passages float64 }
	json.NewDecoder(resp.Body).Decode(&r)
	return r.Passages
}

// TestIngestLifecycle creates, re-posts, replaces and deletes a document,
// and imports files raw and as multipart form data, checking each answer
// and what searches see after it.
func TestIngestLifecycle(t *testing.T) {
	srv, _ := writeServer(t)
	post := func(body string) (int, map[string]any) {
		return send(t, "POST", srv.URL+"/api/documents", writeToken, "application/json", strings.NewReader(body))
	}
	body := docJSON("测试区人大常委会工作报告", "各位代表：\n\n一年来，常委会听取审议专项工作报告十二项。\n☆加强代表联络站建设。")
	st, v := post(body)
	if st != 201 || v["status"] != "created" || v["id"] == "" {
		t.Fatalf("first POST: %d %v", st, v)
	}
	id := v["id"].(string)
	if quoteCount(t, srv.URL, "听取审议专项工作报告十二项") != 1 {
		t.Error("the posted text is not found")
	}
	if st, v := post(body); st != 200 || v["status"] != "unchanged" || v["id"] != id {
		t.Errorf("the same POST again: %d %v", st, v)
	}
	if n := health(t, srv.URL); n != 1 {
		t.Errorf("%v documents after posting one twice", n)
	}
	changed := docJSON("测试区人大常委会工作报告", "各位代表：\n一年来，常委会开展执法检查五次。")
	if st, v := send(t, "PUT", srv.URL+"/api/documents/"+id, writeToken, "application/json", strings.NewReader(changed)); st != 200 || v["status"] != "replaced" {
		t.Errorf("PUT: %d %v", st, v)
	}
	if quoteCount(t, srv.URL, "开展执法检查五次") != 1 || quoteCount(t, srv.URL, "听取审议专项工作报告十二项") != 0 {
		t.Error("after PUT, searches still see the old text or miss the new")
	}

	// A GBK file as the raw body, then a JSON Lines file with a bad line
	// as multipart form data.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("2024年是关键一年。一年来，某县人大常委会依法开展备案审查工作。\n\n☆加强代表建议督办。\n")
	st, v = send(t, "POST", srv.URL+"/api/documents?name="+url.QueryEscape("某县人大常委会工作报告.txt"), writeToken, "text/plain", strings.NewReader(gbk))
	if st != 201 || v["status"] != "imported" || len(v["documents"].([]any)) != 1 {
		t.Errorf("raw GBK file: %d %v", st, v)
	}
	if quoteCount(t, srv.URL, "依法开展备案审查工作") != 1 {
		t.Error("the GBK file's text is not found")
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "reports.jsonl")
	fmt.Fprintf(fw, "%s\n%s\n", `{"title":"某市政府工作报告","url":"","content":"各位代表：\n\n现在报告政府工作。","year":"2024"}`, `{"title": broken`)
	mw.Close()
	st, v = send(t, "POST", srv.URL+"/api/documents", writeToken, mw.FormDataContentType(), &form)
	if st != 201 || len(v["documents"].([]any)) != 1 || len(v["skipped"].([]any)) != 1 ||
		!strings.Contains(fmt.Sprint(v["skipped"]), "reports.jsonl") {
		t.Errorf("multipart JSON Lines with a bad line: %d %v", st, v)
	}
	if n := health(t, srv.URL); n != 3 {
		t.Errorf("%v documents, want 3", n)
	}

	if st, v := send(t, "DELETE", srv.URL+"/api/documents/"+id, writeToken, "", nil); st != 200 || v["status"] != "deleted" {
		t.Errorf("DELETE: %d %v", st, v)
	}
	resp, _ := http.Get(srv.URL + "/api/documents/" + id)
	resp.Body.Close()
	if resp.StatusCode != 404 || quoteCount(t, srv.URL, "开展执法检查五次") != 0 {
		t.Errorf("after DELETE: GET %d, text still found: %v", resp.StatusCode, quoteCount(t, srv.URL, "开展执法检查五次"))
	}
	if st, v := send(t, "DELETE", srv.URL+"/api/documents/"+id, writeToken, "", nil); st != 404 {
		t.Errorf("DELETE again: %d %v", st, v)
	}
}

// TestBadWrites sends write requests that must be refused, each with its
// 4xx and JSON error, and checks that the archive is unchanged.
func TestBadWrites(t *testing.T) {
	srv, wix := writeServer(t)
	good := docJSON("测试区人大常委会工作报告", "各位代表：\n现在报告工作。")
	if st, v := send(t, "POST", srv.URL+"/api/documents", writeToken, "application/json", strings.NewReader(good)); st != 201 {
		t.Fatalf("setup: %d %v", st, v)
	}
	var gotID string
	for _, m := range wix.Catalog() {
		gotID = m.ID
	}
	huge := strings.Repeat("人", api.MaxBodyBytes/3+10)
	tests := []struct {
		name, method, target, contentType, body string
		status                                  int
		code                                    string
	}{
		{"not JSON", "POST", "/api/documents", "application/json", "{not json", 400, "invalid"},
		{"empty body", "POST", "/api/documents", "application/json", "", 400, "invalid"},
		{"unknown field", "POST", "/api/documents", "application/json", `{"title":"某报告","text":"正文。","colour":"red"}`, 400, "invalid"},
		{"no title", "POST", "/api/documents", "application/json", `{"text":"正文。"}`, 400, "invalid"},
		{"no text", "POST", "/api/documents", "application/json", `{"title":"某报告","text":"  \n\n "}`, 400, "invalid"},
		{"bad type", "POST", "/api/documents", "application/json", `{"title":"某报告","type":"小说","text":"正文。"}`, 400, "invalid"},
		{"bad level", "POST", "/api/documents", "application/json", `{"title":"某报告","level":"宇宙","text":"正文。"}`, 400, "invalid"},
		{"bad year", "POST", "/api/documents", "application/json", `{"title":"某报告","year":-5,"text":"正文。"}`, 400, "invalid"},
		{"year as text", "POST", "/api/documents", "application/json", `{"title":"某报告","year":"二〇二四","text":"正文。"}`, 400, "invalid"},
		{"bad date", "POST", "/api/documents", "application/json", `{"title":"某报告","dates":{"session":"2025年1月"},"text":"正文。"}`, 400, "invalid"},
		{"bad id", "POST", "/api/documents", "application/json", `{"id":"a-b/c","title":"某报告","text":"正文。"}`, 400, "invalid"},
		{"control character", "POST", "/api/documents", "application/json", `{"title":"某报告","text":"正\u0000文。"}`, 400, "invalid"},
		{"two values", "POST", "/api/documents", "application/json", good + good, 400, "invalid"},
		{"array", "POST", "/api/documents", "application/json", "[" + good + "]", 400, "invalid"},
		{"too large", "POST", "/api/documents", "application/json", `{"title":"某报告","text":"` + huge + `"}`, 413, "too_large"},
		{"no content type", "POST", "/api/documents", "", good, 415, "unsupported_media"},
		{"raw body without name", "POST", "/api/documents", "text/plain", "各位代表：现在报告工作。", 400, "invalid"},
		{"raw binary file", "POST", "/api/documents?name=a.txt", "application/octet-stream", "\x89PNG\r\n\x1a\n\x00\x00", 400, "invalid"},
		{"raw empty file", "POST", "/api/documents?name=a.txt", "text/plain", "", 400, "invalid"},
		{"raw English", "POST", "/api/documents?name=README", "text/plain", "This is not a report.", 400, "invalid"},
		{"multipart without file", "POST", "/api/documents", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nv\r\n--x--\r\n", 400, "invalid"},
		{"multipart broken", "POST", "/api/documents", "multipart/form-data; boundary=x", "--x\r\nbroken", 400, "invalid"},
		{"PUT as text", "PUT", "/api/documents/" + gotID, "text/plain", good, 415, "unsupported_media"},
		{"PUT id mismatch", "PUT", "/api/documents/" + gotID, "application/json", `{"id":"other","title":"某报告","text":"正文。"}`, 400, "invalid"},
		{"DELETE unknown", "DELETE", "/api/documents/nosuchdoc", "", "", 404, "not_found"},
		{"PATCH", "PATCH", "/api/documents/" + gotID, "application/json", good, 405, "method_not_allowed"},
	}
	before := wix.Catalog()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, v := send(t, tt.method, srv.URL+tt.target, writeToken, tt.contentType, strings.NewReader(tt.body))
			msg, _ := v["error"].(map[string]any)
			if st != tt.status || code(v) != tt.code || msg["message"] == "" {
				t.Errorf("%d %v, want %d %s with a message", st, v, tt.status, tt.code)
			}
		})
	}
	after := wix.Catalog()
	if len(after) != len(before) || after[0].Hash != before[0].Hash {
		t.Errorf("the archive changed under bad writes: %d documents, was %d", len(after), len(before))
	}
}

// TestVersionsAndCompare posts two versions of a law and asks for its
// versions and their comparison, checking the answers against
// docs/openapi.yaml and what changed.
func TestVersionsAndCompare(t *testing.T) {
	srv, _ := writeServer(t)
	law := func(date, text string) string {
		raw, _ := json.Marshal(map[string]any{"title": "某某条例", "type": "地方性法规", "level": "省", "region": "上海市",
			"body": "上海市人民代表大会常务委员会", "dates": map[string]string{"adopted": date}, "text": text})
		return string(raw)
	}
	_, v1 := send(t, "POST", srv.URL+"/api/documents", writeToken, "application/json", strings.NewReader(law("2006-08-27",
		"第一条 为了规范监督工作，制定本条例。\n第二条 常务委员会依法行使监督职权。\n第三条 本条例自公布之日起施行。")))
	_, v2 := send(t, "POST", srv.URL+"/api/documents", writeToken, "application/json", strings.NewReader(law("2024-11-08",
		"第一条 为了规范和加强监督工作，制定本条例。\n第二条 坚持党的领导。\n第三条 常务委员会依法行使监督职权。\n第四条 本条例自公布之日起施行。")))
	oldID, newID := v1["id"].(string), v2["id"].(string)
	if oldID == "" || newID == "" || oldID == newID {
		t.Fatalf("posting two versions: %v %v", v1, v2)
	}
	check := func(path, schema string) map[string]any {
		return getValid(t, srv.URL, path, "/components/schemas/"+schema)
	}
	vs := check("/api/documents/"+newID+"/versions", "Versions")["versions"].([]any)
	if len(vs) != 2 || vs[0].(map[string]any)["id"] != oldID {
		t.Errorf("versions %v, want the 2006 one first", vs)
	}
	cmp := check("/api/documents/"+newID+"/compare?with="+oldID, "Comparison")
	counts := cmp["counts"].(map[string]any)
	if counts["unchanged"] != 2.0 || counts["changed"] != 1.0 || counts["added"] != 1.0 || cmp["old"].(map[string]any)["id"] != oldID {
		t.Errorf("comparison counts %v (old %v): want 2 unchanged (one renumbered), 1 changed, 1 added", counts, cmp["old"])
	}
	for _, bad := range []struct {
		path   string
		status int
	}{
		{"/api/documents/" + newID + "/compare", 400},
		{"/api/documents/" + newID + "/compare?with=nosuch", 404},
		{"/api/documents/nosuch/versions", 404},
	} {
		if st, v := send(t, "GET", srv.URL+bad.path, "", "", nil); st != bad.status {
			t.Errorf("GET %s: %d %v, want %d", bad.path, st, v, bad.status)
		}
	}
}

// TestFollowupsOfAReport imports the real 闵行区 report and a fixture of
// the next year's report that reports on some of its plan items, and asks
// for the follow-ups and the precedents: every plan item is listed once,
// the supervision items find the paragraphs that report on them, and the
// answers match docs/openapi.yaml.
func TestFollowupsOfAReport(t *testing.T) {
	srv, wix := writeServer(t)
	if _, err := ingest.Files(context.Background(), wix, []string{"../corpus/testdata/corpus/district", "../links/testdata/minhang"}, nil); err != nil {
		t.Fatal(err)
	}
	var first, second string
	for _, m := range wix.Catalog() {
		switch m.Year {
		case 2025:
			first = m.ID
		case 2026:
			second = m.ID
		}
	}
	if first == "" || second == "" {
		t.Fatalf("the two 闵行区 reports: %+v", wix.Catalog())
	}
	get := func(path string) map[string]any {
		return getValid(t, srv.URL, path, "/components/schemas/LinkedReports")
	}
	f := get("/api/documents/" + first + "/followups")
	if f["next"].(map[string]any)["id"] != second {
		t.Errorf("next report %v, want %s", f["next"], second)
	}
	doc, _ := wix.Document(first)
	plans := 0
	for _, p := range doc.Passages {
		if p.Kind == "plan" && p.Role == "item" {
			plans++
		}
	}
	items := f["items"].([]any)
	if len(items) != plans {
		t.Errorf("%d items listed, the report has %d plan items", len(items), plans)
	}
	seen := map[string]bool{}
	focused := 0
	for _, it := range items {
		im := it.(map[string]any)
		if seen[im["passage"].(string)] {
			t.Errorf("item %s listed twice", im["passage"])
		}
		seen[im["passage"].(string)] = true
		text := im["text"].(string)
		for _, focus := range []string{"发展第一要务", "公共财政管理", "城市品质提升", "增进民生福祉"} {
			if !strings.Contains(text, focus) {
				continue
			}
			focused++
			ls := im["links"].([]any)
			if len(ls) == 0 || !strings.Contains(ls[0].(map[string]any)["text"].(string), focus) {
				t.Errorf("plan item %q: best follow-up %v, want the paragraph on %s", text, ls, focus)
			}
		}
	}
	if focused != 4 {
		t.Errorf("%d of the four supervision items found among the plan items", focused)
	}
	p := get("/api/documents/" + second + "/precedents")
	if p["previous"].(map[string]any)["id"] != first || len(p["items"].([]any)) == 0 {
		t.Errorf("precedents: previous %v, %d items", p["previous"], len(p["items"].([]any)))
	}
	if st, _ := send(t, "GET", srv.URL+"/api/documents/nosuch/followups", "", "", nil); st != 404 {
		t.Errorf("followups of an unknown document: %d", st)
	}
}

// TestRelatedPassages posts two versions of a law, a local regulation that
// implements it and a report, and asks what is related to an article: the
// same article in the other version first, then the implementing
// regulation, then similar passages; never the passage itself or its own
// document, and every answer matches docs/openapi.yaml.
func TestRelatedPassages(t *testing.T) {
	srv, _ := writeServer(t)
	post := func(v map[string]any) string {
		raw, _ := json.Marshal(v)
		st, resp := send(t, "POST", srv.URL+"/api/documents", writeToken, "application/json", strings.NewReader(string(raw)))
		if st != 201 {
			t.Fatalf("POST: %d %v", st, resp)
		}
		return resp["id"].(string)
	}
	law := func(date, text string) string {
		return post(map[string]any{"title": "中华人民共和国各级人民代表大会常务委员会监督法", "type": "法律", "level": "全国", "region": "全国",
			"body": "全国人民代表大会常务委员会", "dates": map[string]string{"adopted": date}, "text": text})
	}
	oldLaw := law("2006-08-27", "第一条 为了保障全国人民代表大会常务委员会和县级以上地方各级人民代表大会常务委员会依法行使监督职权，制定本法。\n第二十九条 县级以上地方各级人民代表大会常务委员会审查、撤销下一级人民代表大会及其常务委员会作出的不适当的决议、决定的程序，由省、自治区、直辖市的人民代表大会常务委员会参照立法法的有关规定，作出具体规定。")
	newLaw := law("2024-11-08", "第一条 为了保障全国人民代表大会常务委员会和县级以上地方各级人民代表大会常务委员会依法行使监督职权，发展全过程人民民主，制定本法。\n第二条 坚持中国共产党的领导。\n第三十八条 县级以上地方各级人民代表大会常务委员会审查、撤销下一级人民代表大会及其常务委员会作出的不适当的决议、决定的程序，由省、自治区、直辖市的人民代表大会常务委员会参照立法法的有关规定，作出具体规定。")
	post(map[string]any{"title": "河南省实施《中华人民共和国各级人民代表大会常务委员会监督法》办法", "type": "地方性法规", "level": "省", "region": "河南省",
		"body": "河南省人民代表大会常务委员会", "dates": map[string]string{"adopted": "2009-11-27"},
		"text": "第一条 根据《中华人民共和国各级人民代表大会常务委员会监督法》，结合本省实际，制定本办法。\n第二十条 省人民代表大会常务委员会审查、撤销设区的市人民代表大会及其常务委员会作出的不适当的决议、决定。"})
	post(map[string]any{"title": "某区人大常委会工作报告", "type": "常委会工作报告", "level": "区县", "body": "某区人大常委会", "year": 2025,
		"text": "各位代表：\n常委会依法审查下一级人民代表大会及其常务委员会作出的决议、决定，撤销不适当的决议一件。"})
	raw, _ := json.Marshal(getValid(t, srv.URL, "/api/passages/"+oldLaw+"-2/related", "/components/schemas/Related"))
	var r struct {
		Related []struct {
			Passage, Doc, Why string
			Terms             []string
		}
	}
	json.Unmarshal(raw, &r)
	if len(r.Related) < 2 || r.Related[0].Passage != newLaw+"-3" || r.Related[0].Why != "version" {
		t.Fatalf("related to 2006 第二十九条: %+v; want 2024 第三十八条 first", r.Related)
	}
	whys := map[string]bool{}
	for _, x := range r.Related {
		whys[x.Why] = true
		if x.Doc == oldLaw || len(x.Terms) == 0 && x.Why != "version" {
			t.Errorf("related %+v: its own document, or no shared words", x)
		}
	}
	if !whys["implementing"] || !whys["similar"] {
		t.Errorf("related kinds %v: want the implementing regulation and a similar passage", whys)
	}
	for _, bad := range []struct {
		path   string
		status int
	}{{"/api/passages/nosuch-1/related", 404}, {"/api/passages/" + oldLaw + "-2/related?size=0", 400}, {"/api/passages/" + oldLaw + "-2/related?size=51", 400}} {
		if st, v := send(t, "GET", srv.URL+bad.path, "", "", nil); st != bad.status {
			t.Errorf("GET %s: %d %v, want %d", bad.path, st, v, bad.status)
		}
	}
}
