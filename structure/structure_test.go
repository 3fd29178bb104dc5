package structure

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// summary is what the golden files record of a built document: every
// section, and every passage's place, role, kind and article, with the first
// runes of its text.
type summary struct {
	Title    string           `json:"title"`
	Sections []sectionSummary `json:"sections"`
	Passages []string         `json:"passages"`
}

type sectionSummary struct {
	Ordinal int         `json:"ordinal"`
	Parent  int         `json:"parent"`
	Depth   int         `json:"depth"`
	Number  int         `json:"number"`
	Kind    corpus.Kind `json:"kind"`
	First   int         `json:"first"`
	Last    int         `json:"last"`
	Path    []string    `json:"path"`
}

func summarize(doc *corpus.Document) summary {
	s := summary{Title: doc.Title}
	for _, sec := range doc.Sections {
		s.Sections = append(s.Sections, sectionSummary{sec.Ordinal, sec.Parent, sec.Depth, sec.Number, sec.Kind, sec.First, sec.Last, sec.Path})
	}
	for _, p := range doc.Passages {
		text := []rune(p.Text)
		if len(text) > 24 {
			text = append(text[:24], '…')
		}
		art := ""
		if p.Article > 0 {
			art = fmt.Sprintf(" 第%d条", p.Article)
		}
		s.Passages = append(s.Passages, fmt.Sprintf("%d s%d %s %s%s | %s", p.Ordinal, p.Section, p.Role, p.Kind, art, string(text)))
	}
	return s
}

// checkGolden compares got with testdata/golden/name.json, or rewrites the
// file with -update.
func checkGolden(t *testing.T, name string, doc *corpus.Document) {
	t.Helper()
	got, err := json.MarshalIndent(summarize(doc), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", path, len(gl), len(wl))
	}
}

// build builds doc and checks the invariants every document must keep.
func build(t *testing.T, doc *corpus.Document) *corpus.Document {
	t.Helper()
	if err := Build(doc); err != nil {
		t.Fatalf("Build(%s): %v", doc.Title, err)
	}
	for _, msg := range invariants(doc) {
		t.Errorf("%s: %s", doc.Title, msg)
	}
	return doc
}

// invariants returns how doc breaks the rules of a built document: at least
// one section, passages that join back to Text, IDs and ordinals, sections
// that nest.
func invariants(doc *corpus.Document) []string {
	var bad []string
	if len(doc.Sections) == 0 {
		bad = append(bad, "no section")
	}
	texts := make([]string, len(doc.Passages))
	for i, p := range doc.Passages {
		texts[i] = p.Text
		if p.Ordinal != i+1 || p.ID != corpus.PassageID(doc.ID, i+1) {
			bad = append(bad, fmt.Sprintf("passage %d: ordinal %d id %s", i+1, p.Ordinal, p.ID))
		}
		if p.Section < 0 || p.Section > len(doc.Sections) {
			bad = append(bad, fmt.Sprintf("passage %d: section %d", i+1, p.Section))
		} else if p.Section > 0 {
			s := doc.Sections[p.Section-1]
			if p.Ordinal < s.First || p.Ordinal > s.Last {
				bad = append(bad, fmt.Sprintf("passage %d outside its section %d [%d,%d]", i+1, s.Ordinal, s.First, s.Last))
			}
		}
	}
	if strings.Join(texts, "\n") != doc.Text {
		bad = append(bad, "passages do not join back to Text")
	}
	for i, s := range doc.Sections {
		if s.Ordinal != i+1 || s.ID != corpus.SectionID(doc.ID, i+1) || s.First > s.Last || s.Depth != len(s.Path) {
			bad = append(bad, fmt.Sprintf("section %d: %+v", i+1, s))
		}
		if s.Parent > 0 {
			p := doc.Sections[s.Parent-1]
			if s.First <= p.First || s.Last > p.Last || s.Depth != p.Depth+1 {
				bad = append(bad, fmt.Sprintf("section %d [%d,%d] not inside parent %d [%d,%d]", s.Ordinal, s.First, s.Last, p.Ordinal, p.First, p.Last))
			}
		}
		if i > 0 {
			prev := doc.Sections[i-1]
			if s.First <= prev.First {
				bad = append(bad, fmt.Sprintf("section %d starts before section %d", s.Ordinal, prev.Ordinal))
			}
			if prev.Parent == s.Parent && prev.Last >= s.First {
				bad = append(bad, fmt.Sprintf("sibling sections %d and %d overlap", prev.Ordinal, s.Ordinal))
			}
		}
	}
	return bad
}

func TestMinhangReport(t *testing.T) {
	doc := build(t, load(t, minhangFile))
	if len(doc.Sections) != 10 {
		t.Fatalf("got %d sections, want 10: %v", len(doc.Sections), headings(doc))
	}
	for i, s := range doc.Sections {
		want, num := corpus.KindReview, i+1
		if i >= 5 {
			want, num = corpus.KindPlan, i-4
		}
		if s.Kind != want || s.Number != num || s.Depth != 1 {
			t.Errorf("section %d %q: kind %s number %d depth %d, want %s %d 1", i+1, s.Heading, s.Kind, s.Number, s.Depth, want, num)
		}
	}
	if h := doc.Sections[1].Heading; !strings.HasPrefix(h, "发挥重要制度载体作用") {
		t.Errorf("the review's second section (its ② lost) is %q", h)
	}
	stars := 0
	for _, p := range doc.Passages {
		if strings.HasPrefix(p.Text, "☆") {
			stars++
			if p.Role != corpus.RoleItem || p.Section != 1 || p.Kind != corpus.KindReview {
				t.Errorf("☆ passage %d: role %s section %d kind %s", p.Ordinal, p.Role, p.Section, p.Kind)
			}
		}
	}
	if stars != 3 {
		t.Errorf("got %d ☆ items, want 3", stars)
	}
	wantItems := []string{"进一步抓实代表建议办理。", "强化组织实施。", "聚焦社会治理加强监督。", "深入开展全过程人民民主基层实践活动。"}
	for _, w := range wantItems {
		if p := find(doc, w); p == nil || p.Role != corpus.RoleItem {
			t.Errorf("%q is not an item: %+v", w, p)
		}
	}
	if p := find(doc, "2025年是"); p == nil || p.Kind != corpus.KindPlan || p.Section != 0 {
		t.Errorf("the plan's opening paragraph: %+v", p)
	}
	checkGolden(t, "minhang", doc)
}

func TestNationalReport2025(t *testing.T) {
	doc := build(t, load(t, "testdata/gwr2025.jsonl"))
	var tops []string
	for _, s := range doc.Sections {
		if s.Depth == 1 {
			tops = append(tops, fmt.Sprintf("%d %s %s", s.Number, s.Kind, s.Heading))
		}
	}
	want := []string{"1 review 一、2024年工作回顾", "2 plan 二、2025年经济社会发展总体要求和政策取向", "3 plan 三、2025年政府工作任务"}
	if strings.Join(tops, "\n") != strings.Join(want, "\n") {
		t.Errorf("top-level sections:\n%s\nwant:\n%s", strings.Join(tops, "\n"), strings.Join(want, "\n"))
	}
	if p := find(doc, "一是因时因势加强和创新宏观调控"); p == nil || p.Kind != corpus.KindReview {
		t.Errorf("review paragraph: %+v", p)
	}
	if p := find(doc, "各位代表！信心凝聚力量"); p == nil || p.Kind != corpus.KindOther || p.Section != 0 {
		t.Errorf("closing: %+v", p)
	}
	if p := find(doc, "各位代表："); p == nil || p.Kind != corpus.KindOther || p.Section != 0 {
		t.Errorf("salutation: %+v", p)
	}
	checkGolden(t, "gwr2025", doc)
}

func TestProvincialReport(t *testing.T) {
	doc := build(t, load(t, "testdata/2026_上海市_政府工作报告.csv"))
	kinds := map[string]corpus.Kind{
		"一、2025年工作回顾":     corpus.KindReview,
		"（一）全力促进经济平稳健康发展": corpus.KindReview,
		"三、2026年主要任务":     corpus.KindPlan,
	}
	for h, k := range kinds {
		found := false
		for _, s := range doc.Sections {
			if s.Heading == h {
				found = true
				if s.Kind != k {
					t.Errorf("%s: kind %s, want %s", h, s.Kind, k)
				}
			}
		}
		if !found {
			t.Errorf("no section %s", h)
		}
	}
	checkGolden(t, "shanghai2026", doc)
}

func TestLaw(t *testing.T) {
	doc := build(t, load(t, "testdata/上海市人民代表大会议事规则.md"))
	var chapters []string
	for _, s := range doc.Sections {
		chapters = append(chapters, fmt.Sprintf("%d", s.Number))
		if s.Kind != corpus.KindOther {
			t.Errorf("law section %s: kind %s", s.Heading, s.Kind)
		}
	}
	if got := strings.Join(chapters, " "); got != "1 2 3 4 5 6 7 8 9" {
		t.Errorf("chapter numbers %s", got)
	}
	last := 0
	for _, p := range doc.Passages {
		if p.Role == corpus.RoleArticle && strings.HasPrefix(p.Text, "第") && p.Article != last {
			if p.Article != last+1 {
				t.Errorf("passage %d: article %d after %d", p.Ordinal, p.Article, last)
			}
			last = p.Article
		}
	}
	if p := find(doc, "市人民代表大会进行选举，候选人须获得"); p == nil || p.Role != corpus.RoleArticle || p.Article != 2 {
		t.Errorf("continuation of 第二条: %+v", p)
	}
	if p := find(doc, "（一）提出会议议程草案；"); p == nil || p.Article != 7 {
		t.Errorf("item of 第七条: %+v", p)
	}
	if p := find(doc, "1990年4月30日"); p == nil || p.Role != corpus.RoleMeta {
		t.Errorf("history line: %+v", p)
	}
	checkGolden(t, "law-yishiguize", doc)
}

func TestNumeral(t *testing.T) {
	for s, want := range map[string]int{"一": 1, "十": 10, "十二": 12, "二十": 20, "一百零五": 105, "一百一十": 110, "两百": 200,
		"一千二百六十": 1260, "一〇五": 105, "１２": 12, "三十五": 35, "一万零一": 10001} {
		if got, ok := Numeral(s); !ok || got != want {
			t.Errorf("Numeral(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "条", "十a"} {
		if _, ok := Numeral(s); ok {
			t.Errorf("Numeral(%q) ok", s)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	if err := Build(nil); !errors.Is(err, ErrNilDocument) {
		t.Errorf("Build(nil) = %v", err)
	}
	doc := &corpus.Document{ID: "x", Text: "a\nb", Headings: []corpus.Heading{{Line: 2, Depth: 1}}}
	if err := Build(doc); !errors.Is(err, ErrHeadingLine) || doc.Passages != nil {
		t.Errorf("Build with a bad heading = %v, passages %v", err, doc.Passages)
	}
	empty := &corpus.Document{ID: "e"}
	if err := Build(empty); err != nil || len(empty.Sections) != 1 || len(empty.Passages) != 1 {
		t.Errorf("empty document: %v %+v", err, empty)
	}
}

func TestDeterministic(t *testing.T) {
	a := build(t, load(t, minhangFile))
	b := load(t, minhangFile)
	if err := Build(b); err != nil {
		t.Fatal(err)
	}
	if err := Build(b); err != nil { // building twice replaces, never appends
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Error("two builds differ")
	}
}

// minhangFile is the Minhang report under its published file name, which is
// where the importer takes its title and type from.
const minhangFile = "testdata/闵行区人大常委会工作报告-今日闵行微信版.txt"

// load imports the first document of a fixture with the corpus importer.
func load(t *testing.T, path string) *corpus.Document {
	t.Helper()
	docs, problems := corpus.ReadFile(path)
	if len(problems) > 0 || len(docs) == 0 {
		t.Fatalf("ReadFile(%s): %d documents, problems %v", path, len(docs), problems)
	}
	return docs[0]
}

func find(doc *corpus.Document, prefix string) *corpus.Passage {
	for i := range doc.Passages {
		if strings.HasPrefix(doc.Passages[i].Text, prefix) {
			return &doc.Passages[i]
		}
	}
	return nil
}

func headings(doc *corpus.Document) []string {
	var hs []string
	for _, s := range doc.Sections {
		hs = append(hs, s.Heading)
	}
	return hs
}
