package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
)

// checkDocument checks the invariants every imported document keeps,
// whatever its input.
func checkDocument(t *testing.T, d *Document) {
	t.Helper()
	name := d.Source.Path + " " + d.Title
	if d.ID == "" || d.Hash == "" || d.Title == "" || d.Type == "" || d.Source.Format == "" {
		t.Errorf("%s: missing ID, Hash, Title, Type or Format: %+v", name, d.Source)
	}
	if d.Text == "" {
		t.Errorf("%s: empty Text", name)
	}
	if d.Sections != nil || d.Passages != nil {
		t.Errorf("%s: importer filled Sections or Passages", name)
	}
	if strings.ContainsAny(d.Text, "\r") || strings.HasSuffix(d.Text, "\n") {
		t.Errorf("%s: Text has \\r or a trailing newline", name)
	}
	lines := strings.Split(d.Text, "\n")
	for i, l := range lines {
		if l == "" || trim(l) != l {
			t.Errorf("%s: line %d of Text is empty or untrimmed: %q", name, i, l)
			break
		}
	}
	for _, h := range d.Headings {
		if h.Line < 0 || h.Line >= len(lines) || h.Depth < 1 {
			t.Errorf("%s: bad heading %+v (Text has %d lines)", name, h, len(lines))
		}
	}
	if at := notInOrder(d.Text, d.Original); at >= 0 {
		t.Errorf("%s: Text invents characters: %q… is not in Original in order", name, firstN(d.Text[at:], 30))
	}
}

// notInOrder returns the byte offset in text of the first non-space character
// that does not appear in original after the ones before it, or -1.
func notInOrder(text, original string) int {
	j := 0
	for i, r := range text {
		if isTrimmed(r) || unicode.IsSpace(r) {
			continue
		}
		k := strings.IndexRune(original[j:], r)
		if k < 0 {
			return i
		}
		j += k + len(string(r))
	}
	return -1
}

func firstN(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// TestNastyInputs feeds ReadFile files that must not import, or import only
// in part, and checks it reports them without panicking.
func TestNastyInputs(t *testing.T) {
	huge := strings.Repeat("全过程人民民主", 300000) // one 6 MB line
	tests := []struct {
		name, content string
		docs          int
		problem       string // substring of the only problem's reason, "" for none
		line          int
	}{
		{"empty", "", 0, "empty file", 0},
		{"blank", " \n\t\r\n\u3000", 0, "empty file", 0},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0, "not a supported format: not text in UTF-8, UTF-16 or GB18030", 0},
		{"random-bytes", "\x89\xff\xfe\x80\x81\x00\x9f\xa0\xa1\xff\x00\x01\x80\xfe", 0, "not a supported format", 0},
		{"nul", "人大\x00常委会", 0, "binary content", 0},
		{"gbk", "\xc8\xcb\xb4\xf3\xb3\xa3\xce\xaf\xbb\xe1", 1, "", 0},
		{"utf8-one-bad-byte", "人大常委会依法履职。\n\n常委会\xff听取审议报告。\n", 1, "replaced by U+FFFD", 3},
		{"english", "This is a README about nothing in particular.\n", 0, "not Chinese prose", 0},
		{"digits", "1 2 3 4 5 6 7 8 9 10 11 12\n", 0, "not a supported format", 0},
		{"markdown", "# 说明\n\n本文件不是法律。\n", 0, "Markdown without", 0},
		{"law-marker-inline", "# 某法\n\n说明 `<!-- INFO END -->` 标记\n", 0, "not on a line of its own", 0},
		{"law-no-history", "# 劳动争议指南\n\n见某网站\n\n<!-- INFO END -->\n\n## 如何维权\n\n收集证据。\n", 0, "not a law or regulation", 0},
		{"law-title-only", "# 某条例\n<!-- INFO END -->\n", 0, "without text", 0},
		{"jsonl-truncated", `{"title": "某报告", "content": "各位代表：\n现在` + "\n", 0, "bad JSON record", 1},
		{"jsonl-one-bad", `{"title": "甲", "content": "第一段。", "year": "2000"}` + "\n" + `{"title": "乙", "content": ` + "\n" + `{"title": "丙", "content": "第三段。", "year": null}` + "\n", 2, "bad JSON record", 2},
		{"jsonl-no-content", `{"title": "甲", "year": "2000"}` + "\n", 0, "no content", 1},
		{"jsonl-bad-year", `{"title": "甲", "content": "正文。", "year": "二〇〇〇"}` + "\n", 0, "not a year", 1},
		{"jsonl-two-values", `{"title": "甲", "content": "正文。"} {}` + "\n", 0, "more than one value", 1},
		{"jsonl-huge", `{"title": "甲", "content": "` + huge + `"}`, 1, "", 0},
		{"csv-wrong-header", "\ufeffprovince,year,title,text\n上海市,2026,报告,正文\n", 0, "no full_text column", 1},
		{"csv-header-only", "province,title,full_text\n", 0, "no records", 0},
		{"csv-short-row", "province,title,full_text\n上海市,报告\n", 0, "2 fields", 2},
		{"csv-bad-quote", "province,title,full_text\n上海市,报告,\"正文\"未完\"\n上海市,报告二,正文二。\n", 1, "bad CSV record", 2},
		{"csv-empty-text", "province,title,full_text\n上海市,报告,\"  \"\n", 0, "empty full_text", 2},
		{"plain-huge-line", huge, 1, "", 0},
		{"plain-only-furniture", "编辑: 某人\n\n转载请注明来自某公众号\n\nad1 webp\n", 0, "no text left", 0},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".txt")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			docs, probs := ReadFile(path)
			if len(docs) != tt.docs {
				t.Errorf("got %d documents, want %d (problems %v)", len(docs), tt.docs, probs)
			}
			for _, d := range docs {
				checkDocument(t, d)
			}
			if tt.problem == "" {
				if len(probs) != 0 {
					t.Errorf("unexpected problems %v", probs)
				}
				return
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Reason, tt.problem) || probs[0].Line != tt.line {
				t.Fatalf("got problems %v, want one at line %d containing %q", probs, tt.line, tt.problem)
			}
			want := filepath.ToSlash(path) + ":"
			if !strings.HasPrefix(probs[0].Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", probs[0].Error(), want)
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "a/b.csv", Line: 3, Reason: "bad"}, "a/b.csv:3: bad"},
		{Problem{Path: "a/b.csv", Reason: "bad"}, "a/b.csv: bad"},
	} {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b/2.txt", "b/1.txt", "a.txt", ".hidden", ".git/x.txt", "b/.x.txt"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Files([]string{dir, filepath.Join(dir, "b", "2.txt")})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, g := range got {
		r, _ := filepath.Rel(dir, g)
		rel = append(rel, filepath.ToSlash(r))
	}
	if want := "a.txt b/1.txt b/2.txt b/2.txt"; strings.Join(rel, " ") != want {
		t.Errorf("Files = %v, want %s", rel, want)
	}
	if _, err := Files([]string{filepath.Join(dir, "missing")}); !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("Files(missing) error = %v, want a wrapped not-exist error", err)
	}
	if _, err := Load([]string{filepath.Join(dir, "missing")}, func(*Document) error { return nil }); err == nil {
		t.Error("Load(missing) succeeded")
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

func TestLoadStopsOnCallbackError(t *testing.T) {
	stop := os.ErrClosed
	n := 0
	_, err := Load([]string{"testdata/corpus"}, func(*Document) error { n++; return stop })
	if n != 1 || err == nil || !strings.Contains(err.Error(), stop.Error()) || unwrapAll(err) != stop {
		t.Errorf("Load: %d calls, err %v; want 1 call and the callback's error wrapped", n, err)
	}
}

func TestWikiParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		// Link words re-joined; paragraphs kept.
		{"听取和审议了国务院总理李强所作的\n政府工作报告\n。会议充分肯定\n\n会议号召，", "听取和审议了国务院总理李强所作的政府工作报告。会议充分肯定\n会议号召，"},
		// A single newline after a sentence separates paragraphs.
		{"各位代表：\n现在，我代表国务院。\n\n——经济平稳快速增长。\n国内生产总值20.94万亿元", "各位代表：\n现在，我代表国务院。\n——经济平稳快速增长。\n国内生产总值20.94万亿元"},
		// Wiki toolbar residue.
		{"增加4442亿元。\n\n'\n——改革开放进一步深化。'\n粗体文字\n重点领域改革取得新进展。", "增加4442亿元。\n——改革开放进一步深化。'\n重点领域改革取得新进展。"},
		// Indentation and spaces inside a joined line.
		{"\u200b\n\n国务院总理\u3000\n李\u3000强\n\n\u3000\u3000现在，", "国务院总理\u3000李\u3000强\n现在，"},
		// The licence block.
		{"奋斗！\n\n\n\n本作品是中华人民共和国的\n法律\n、\n法规\n，属于\n公有领域\n。\n\n\n\n注：中文维基文库社群认为\n\n\nPublic domain\nPublic domain\nfalse\nfalse", "奋斗！"},
	}
	for _, tt := range tests {
		if got := joinText(wikiParagraphs(tt.in)); got != tt.want {
			t.Errorf("wikiParagraphs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanPage(t *testing.T) {
	page := "您的位置:\n首页\n>\n云南要闻\n2026年政府工作报告\n来源：云南日报\n2026-02-03 09:02:33\n【字体：\n大\n中\n小\n】\n" +
		"——2026年1月28日在云南省第十四届\n人民代表大会第四次会议上\n省长 王予波\n省长王予波作政府工作报告。本报记者 张三 摄\n各位代表：\n" +
		"（\n三）改革开放持续深化。\n以PM\n2.5\n浓度下降为主线。\n主要目标\n是：增长5%。\n全力以赴\n，\n再创佳绩！\n" +
		"》》点击图片进入专题《《\n收藏\n|\n分享到:\n×\n扫一扫在手机打开当前页\n【\n打印本页\n】\n【\n关闭窗口\n】\n（责任编辑：李四）\n相关报道："
	want := "2026年政府工作报告\n——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n省长 王予波\n各位代表：\n" +
		"（三）改革开放持续深化。\n以PM2.5浓度下降为主线。\n主要目标是：增长5%。\n全力以赴，\n再创佳绩！"
	if got := joinText(cleanPage(splitLines(page), "2026年政府工作报告")); got != want {
		t.Errorf("cleanPage\n got %q\nwant %q", got, want)
	}
}

func TestDates(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"——2026年2月3日在上海市第十六届人民代表大会第四次会议上", "2026-02-03"},
		{"二〇二六年一月二十七日", "2026-01-27"},
		{"一九八二年十二月十日", "1982-12-10"},
		{"１９９３年３月１５日", "1993-03-15"},
		{"2026年13月1日", ""},
		{"二〇二六年三十二月一日", ""},
	} {
		if got := firstDate(tt.in); got != tt.want {
			t.Errorf("firstDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for n, want := range map[int]string{1: "一", 10: "十", 14: "十四", 20: "二十", 23: "二十三"} {
		if got := cnNumeral(n); got != want || cnValue(want) != n {
			t.Errorf("cnNumeral(%d) = %q, cnValue(%q) = %d", n, got, want, cnValue(want))
		}
	}
	for _, tt := range []struct{ npc, n, year int }{
		{1, 1, 1954}, {2, 2, 1960}, {2, 3, 1962}, {2, 4, 1963}, {3, 1, 1964}, {3, 2, 0}, {4, 1, 1975},
		{5, 1, 1978}, {5, 4, 1981}, {13, 3, 2020}, {14, 3, 2025}, {15, 1, 0},
	} {
		if got := npcSessionYear(tt.npc, tt.n); got != tt.year {
			t.Errorf("npcSessionYear(%d, %d) = %d, want %d", tt.npc, tt.n, got, tt.year)
		}
	}
}

// FuzzParse checks that no input makes the importers panic or break the
// document invariants. The seeds are the samples and a few nasty inputs.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "\ufeff", "{", "{}\n{\"content\":\"正文\"}", "# 法\n<!-- INFO END -->\n##\n第一条", "a,b,full_text\n\"",
		"一\n\n\n图\n\n编辑:甲", "province,full_text\n上海,\"（\n\n\"",
	} {
		f.Add("x/y.txt", []byte(s))
	}
	files, _ := Files([]string{"testdata/corpus", "testdata/html"})
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 20000 {
			f.Add(filepath.ToSlash(p), b)
			if gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b); err == nil {
				f.Add(filepath.ToSlash(p), gb)
			}
			if u16, err := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewEncoder().Bytes(b); err == nil {
				f.Add(filepath.ToSlash(p), u16)
			}
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		docs, _ := Parse(name, data)
		for _, d := range docs {
			checkDocument(t, d)
		}
	})
}

// FuzzSubmission checks that no JSON body sent to the ingest API makes
// Submission.Document panic, and that what it accepts is a well-formed
// document: an ID that can name it, normalized text, a hash.
func FuzzSubmission(f *testing.F) {
	for _, s := range []string{
		`{"title":"某区人大常委会工作报告","type":"常委会工作报告","year":2025,"dates":{"session":"2025-01-08"},"text":"各位代表：\n\n现在报告工作。"}`,
		`{"title":"某法","type":"法律","dates":{"adopted":"2024-11-08"},"text":"第一条　为了……\n第二条　……"}`,
		`{"id":"abc","title":"x","text":"y"}`, `{"title":"","text":""}`, `{"title":"甲","text":"\u0000"}`, `{"year":-1}`, `[]`, `null`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var sub Submission
		if json.Unmarshal(body, &sub) != nil {
			return
		}
		d, err := sub.Document()
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%s: %v", body, err)
			}
			return
		}
		if !validID(d.ID) || d.Hash == "" || d.Title == "" || d.Text == "" || strings.Contains(d.Text, "\n\n") || strings.ContainsRune(d.Text, '\r') {
			t.Fatalf("%s: accepted a malformed document %+v", body, d)
		}
		if again, _ := sub.Document(); again.ID != d.ID || again.Hash != d.Hash {
			t.Fatalf("%s: the same submission gave another ID or hash", body)
		}
	})
}

// TestBrokenHeadingsRejoined checks that a law heading the source split
// over two lines (第二章 听取和审议人民政府、人民法院和 / 人民检察院的专项工作报告)
// is one heading again, and that an article after a heading is never
// swallowed.
func TestBrokenHeadingsRejoined(t *testing.T) {
	law := "# 中华人民共和国各级人民代表大会常务委员会监督法\n\n2006年8月27日第十届全国人民代表大会常务委员会第二十三次会议通过\n\n<!-- INFO END -->\n\n" +
		"## 第二章 听取和审议人民政府、人民法院和\n\n人民检察院的专项工作报告\n\n第八条 各级人民代表大会常务委员会每年选择若干重大问题。\n\n" +
		"## 第三章 审查和批准决算，听取和审议国民经济和\n\n社会发展计划、预算的执行情况报告，听取和审议审计工作报告\n\n第十五条 国务院应当在每年六月提请审查。\n\n" +
		"## 第四章 法律法规实施情况的检查和\n\n第二十二条 常务委员会有计划地对法律法规实施情况组织执法检查。\n"
	docs, probs := Parse("laws/监督法(2006-08-27).md", []byte(law))
	if len(docs) != 1 || len(probs) != 0 {
		t.Fatalf("%d documents, problems %v", len(docs), probs)
	}
	lines := strings.Split(docs[0].Text, "\n")
	want := []string{"第二章 听取和审议人民政府、人民法院和人民检察院的专项工作报告", "第三章 审查和批准决算，听取和审议国民经济和社会发展计划、预算的执行情况报告，听取和审议审计工作报告",
		"第四章 法律法规实施情况的检查和", "第二十二条 常务委员会有计划地对法律法规实施情况组织执法检查。"}
	for _, w := range want {
		found := false
		for _, l := range lines {
			found = found || l == w
		}
		if !found {
			t.Errorf("no line %q in\n%s", w, docs[0].Text)
		}
	}
	if len(docs[0].Headings) != 3 {
		t.Errorf("%d headings, want 3", len(docs[0].Headings))
	}
}
