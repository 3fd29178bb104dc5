package search_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/search"
)

// TestQuotesOnUnseenDocuments writes new documents in each input format,
// made of real sentences recombined (one in traditional characters, one with
// full-width digits, one with lines broken mid-sentence), imports them into a
// fresh archive with the normal import path, and checks quoted search against
// brute force on them.
func TestQuotesOnUnseenDocuments(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	var sentences []string
	for _, d := range testDocs {
		for _, p := range d.Passages {
			for _, s := range strings.SplitAfter(p.Text, "。") {
				if n := len([]rune(s)); n > 8 && n < 120 && !strings.ContainsAny(s, `"#<>`) {
					sentences = append(sentences, s)
				}
			}
		}
	}
	paragraph := func() string {
		var b strings.Builder
		for i := 0; i < 2+rng.Intn(4); i++ {
			b.WriteString(sentences[rng.Intn(len(sentences))])
		}
		return b.String()
	}
	t2s, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// A standing committee's report as a WeChat article, in traditional characters.
	var wechat strings.Builder
	wechat.WriteString("2029年是全面深化改革的关键之年。" + paragraph() + "\n\n")
	for i, n := range []string{"①", "②", "③"} {
		fmt.Fprintf(&wechat, "%s坚持依法履职，推进第%d项工作\n\n%s\n\n☆%s\n\n", n, i+1, paragraph(), sentences[rng.Intn(len(sentences))])
	}
	trad, err := t2s.Convert(wechat.String())
	if err != nil {
		t.Fatal(err)
	}
	write("测试区人大常委会工作报告.txt", trad)

	// National reports as JSON Lines, lines broken inside paragraphs.
	var jsonl strings.Builder
	for _, year := range []string{"2031", "2032"} {
		var content strings.Builder
		content.WriteString("各位代表：\n\n")
		for i := 0; i < 6; i++ {
			rs := []rune(paragraph())
			cut := len(rs) / 2
			content.WriteString(string(rs[:cut]) + "\n" + string(rs[cut:]) + "\n\n")
		}
		rec, _ := json.Marshal(map[string]any{"title": year + "年中华人民共和国国务院政府工作报告", "url": "", "content": content.String(), "year": year})
		jsonl.Write(rec)
		jsonl.WriteString("\n")
	}
	write("reports.jsonl", jsonl.String())

	// A provincial report as CSV with a page toolbar and full-width digits.
	var body strings.Builder
	body.WriteString("下载\n打印\n全屏\n【字号：\n加大\n还原\n减小\n】\n2031年测试省政府工作报告\n各位代表：\n")
	for i := 0; i < 6; i++ {
		body.WriteString(strings.NewReplacer("1", "１", "2", "２", "0", "０").Replace(paragraph()) + "\n")
	}
	body.WriteString("相关报道：\n")
	var rows strings.Builder
	w := csv.NewWriter(&rows)
	w.Write([]string{"province", "year", "title", "source_url", "publish_date", "full_text"})
	w.Write([]string{"测试省", "2031", "2031年测试省政府工作报告", "", "2031-02-01", body.String()})
	w.Flush()
	write("2031_测试省_政府工作报告.csv", "\ufeff"+rows.String())

	// A local regulation as law Markdown.
	var law strings.Builder
	law.WriteString("# 上海市测试条例\n\n2030年5月1日 上海市第十七届人民代表大会常务委员会第三次会议通过\n\n<!-- INFO END -->\n\n## 第一章　总则\n\n")
	for i, n := range []string{"一", "二", "三", "四"} {
		fmt.Fprintf(&law, "第%s条 %s\n\n", n, paragraph())
		if i%2 == 1 {
			law.WriteString(paragraph() + "\n\n")
		}
	}
	write("上海市测试条例(2030-05-01).md", law.String())

	ix, err := indexer.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	sum, err := ingest.Files(context.Background(), ix, []string{dir}, nil)
	if err != nil || sum.Imported != 5 || len(sum.Skipped) != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	var docs []*corpus.Document
	for _, m := range ix.Catalog() {
		d, err := ix.Document(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	o := newOracle(docs)
	engine := search.New(ix)
	queries, found := 0, 0
	for _, d := range docs {
		for q := 0; q < 60; {
			quote, ok := randomQuote(rng, d.Passages[rng.Intn(len(d.Passages))].Text, 1, 40)
			if !ok {
				continue
			}
			q++
			queries++
			ids, err := engine.PassageIDs(context.Background(), `"`+quote+`"`, 0)
			if err != nil {
				t.Fatal(err)
			}
			want, got := o.passages(quote), set(ids)
			if m, x := diff(want, got, 3), diff(got, want, 3); len(m) > 0 || len(x) > 0 {
				t.Errorf("%s: quote %q missed %v, invented %v", d.Title, quote, m, x)
			}
			found += len(got)
		}
	}
	t.Logf("%d quotes over %d unseen documents (%d passages found), all exact", queries, len(docs), found)
}
