package taxonomy

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/structure"
)

func TestDefault(t *testing.T) {
	tx := Default()
	if Default() != tx {
		t.Error("Default parses more than once")
	}
	var tags []string
	for _, e := range tx.Tags() {
		tags = append(tags, e.Name)
	}
	if got := strings.Join(tags, " "); got != "政治机关 权力机关 工作机关 代表机关" {
		t.Errorf("tags %s", got)
	}
	have := map[string]bool{}
	for _, e := range tx.Themes() {
		have[e.Name] = true
		if e.Description == "" || len(e.Terms) == 0 {
			t.Errorf("theme %s lacks a description or terms", e.Name)
		}
	}
	for _, n := range strings.Fields("党的领导 全过程人民民主 立法 监督 代表工作 自身建设 经济发展 财政预算 民生 法治 生态环境 城市治理 乡村振兴 科技创新 改革 对外开放 教育 文化 安全") {
		if !have[n] {
			t.Errorf("missing theme %s", n)
		}
	}
	tx.Themes()[0].Terms[0] = "changed"
	if tx.Themes()[0].Terms[0] == "changed" {
		t.Error("Themes exposes the taxonomy's own slices")
	}
}

func TestParseErrors(t *testing.T) {
	for name, data := range map[string]string{
		"not json":       `{`,
		"unknown field":  `{"congress_terms":["人大"],"themes":[{"name":"a","description":"d","terms":["x"]}],"tags":[{"name":"b","description":"d","terms":["y"]}],"extra":1}`,
		"no congress":    `{"themes":[{"name":"a","description":"d","terms":["x"]}],"tags":[{"name":"b","description":"d","terms":["y"]}]}`,
		"duplicate":      `{"congress_terms":["人大"],"themes":[{"name":"a","description":"d","terms":["x"]}],"tags":[{"name":"a","description":"d","terms":["y"]}]}`,
		"no description": `{"congress_terms":["人大"],"themes":[{"name":"a","terms":["x"]}],"tags":[{"name":"b","description":"d","terms":["y"]}]}`,
		"no terms":       `{"congress_terms":["人大"],"themes":[{"name":"a","description":"d"}],"tags":[{"name":"b","description":"d","terms":["y"]}]}`,
		"dangling gap":   `{"congress_terms":["人大"],"themes":[{"name":"a","description":"d","terms":["x…"]}],"tags":[{"name":"b","description":"d","terms":["y"]}]}`,
	} {
		if _, err := Parse([]byte(data)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Parse = %v, want ErrInvalid", name, err)
		}
	}
}

// tagged imports, structures and tags a fixture.
func tagged(t *testing.T, path string) *corpus.Document {
	t.Helper()
	docs, problems := corpus.ReadFile(path)
	if len(docs) == 0 || len(problems) > 0 {
		t.Fatalf("ReadFile(%s): %v", path, problems)
	}
	doc := docs[0]
	if err := structure.Build(doc); err != nil {
		t.Fatal(err)
	}
	Default().Tag(doc)
	return doc
}

func has(ls []corpus.Label, name string) *corpus.Label {
	for i := range ls {
		if ls[i].Name == name {
			return &ls[i]
		}
	}
	return nil
}

// TestMinhangRepresentatives checks that section ④ of both halves of the
// Minhang report, about 代表工作, is tagged 代表机关 throughout, and says why.
func TestMinhangRepresentatives(t *testing.T) {
	doc := tagged(t, "testdata/闵行区人大常委会工作报告-今日闵行微信版.txt")
	fours := 0
	for _, s := range doc.Sections {
		if s.Number != 4 {
			continue
		}
		fours++
		for o := s.First; o <= s.Last; o++ {
			p := doc.Passage(o)
			l := has(p.Tags, "代表机关")
			if l == nil || has(p.Themes, "代表工作") == nil {
				t.Errorf("passage %d %q: tags %v themes %v", o, p.Text, p.Tags, p.Themes)
				continue
			}
			if len(l.Why) == 0 {
				t.Errorf("passage %d: 代表机关 without a reason", o)
			}
		}
	}
	if fours != 2 {
		t.Fatalf("%d sections numbered 4, want 2", fours)
	}
	p := doc.Passages[21] // 进一步抓实代表建议办理。
	if l := has(p.Tags, "代表机关"); l == nil || !reflect.DeepEqual(l.Why, []string{"代表建议", "heading: ④加强人大代表工作能力建设,更好支持和保障代表依法履职"}) {
		t.Errorf("%s: %+v", p.Text, p.Tags)
	}
	// the political section is 政治机关, the closing ones 工作机关
	for _, c := range []struct{ prefix, tag string }{{"☆全面落实区委各项决策部署", "政治机关"}, {"坚持多措并举", "工作机关"}, {"聚焦公共财政管理加强监督", "权力机关"}} {
		found := false
		for _, p := range doc.Passages {
			if strings.HasPrefix(p.Text, c.prefix) {
				found = true
				if has(p.Tags, c.tag) == nil {
					t.Errorf("%s: tags %v, want %s", p.Text, p.Tags, c.tag)
				}
			}
		}
		if !found {
			t.Errorf("no passage %s", c.prefix)
		}
	}
	themes, tags := Union(doc)
	if !reflect.DeepEqual(tags, []string{"代表机关", "工作机关", "政治机关", "权力机关"}) {
		t.Errorf("Union tags %v", tags)
	}
	if len(themes) == 0 {
		t.Error("Union themes empty")
	}
}

// TestGovernmentReportHasNoTags: in a government work report the congress
// does not act, even where the government accepts its supervision.
func TestGovernmentReportHasNoTags(t *testing.T) {
	doc := tagged(t, "testdata/gwr2025.jsonl")
	themed := 0
	for _, p := range doc.Passages {
		if len(p.Tags) > 0 {
			t.Errorf("passage %d tagged %v", p.Ordinal, p.Tags)
		}
		if len(p.Themes) > 0 {
			themed++
		}
		for i := 1; i < len(p.Themes); i++ {
			if p.Themes[i-1].Name >= p.Themes[i].Name {
				t.Errorf("passage %d: themes not sorted: %v", p.Ordinal, p.Themes)
			}
		}
	}
	if themed < len(doc.Passages)/2 {
		t.Errorf("only %d of %d passages have a theme", themed, len(doc.Passages))
	}
}

func TestLawTitleAndHeadings(t *testing.T) {
	doc := &corpus.Document{ID: "x", Title: "上海市人民代表大会关于代表建议、批评和意见的规定", Type: corpus.TypeLocalRegulation,
		Text: "2010年1月1日 上海市第十三届人民代表大会第三次会议通过\n第一条 为了做好代表建议办理工作，制定本规定。\n（三）涉及具体案件的；"}
	if err := structure.Build(doc); err != nil {
		t.Fatal(err)
	}
	Default().Tag(doc)
	if len(doc.Passages[0].Themes)+len(doc.Passages[0].Tags) != 0 {
		t.Errorf("history line labelled: %+v", doc.Passages[0])
	}
	l := has(doc.Passages[2].Tags, "代表机关")
	if l == nil || l.Why[0] != "title: "+doc.Title {
		t.Errorf("list entry: %+v", doc.Passages[2].Tags)
	}
}

// TestTitleTerms checks that a title term names a law's field in its title
// and in every article, and counts nowhere else: 总则 in 民法典 总则 is
// 法治, in a chapter heading it is nothing; 税 in a report's heading is no
// law's field either.
func TestTitleTerms(t *testing.T) {
	tx := Rules()
	for _, c := range []struct {
		text  string
		where place
		want  string
	}{
		{"中华人民共和国民法典 总则", inTitle, "法治"},
		{"第一章 总则", inHeading, ""},
		{"中华人民共和国关税法", inTitle, "对外开放 财政预算"},
		{"北京市信访条例", inTitle, "全过程人民民主"},
		{"（二）实施减税降费", inHeading, ""},
		{"上海市信访工作", inBody, ""},
	} {
		if got := strings.Join(names(tx.match(tx.themes, c.text, c.where, "", nil)), " "); got != c.want {
			t.Errorf("%s (place %d): %q, want %q", c.text, c.where, got, c.want)
		}
	}
	doc := &corpus.Document{ID: "x", Title: "中华人民共和国关税法", Type: corpus.TypeLaw,
		Text: "第一章 总则\n第一条 为了规范关税征收和缴纳，维护进出口秩序，制定本法。"}
	if err := structure.Build(doc); err != nil {
		t.Fatal(err)
	}
	tx.Tag(doc)
	p := doc.Passages[len(doc.Passages)-1]
	l := has(p.Themes, "财政预算")
	if l == nil || !slices.Contains(l.Why, "title: "+doc.Title) {
		t.Errorf("article: %+v", p.Themes)
	}
}

func TestTagDeterministic(t *testing.T) {
	a := tagged(t, "testdata/闵行区人大常委会工作报告-今日闵行微信版.txt")
	b := tagged(t, "testdata/闵行区人大常委会工作报告-今日闵行微信版.txt")
	Default().Tag(b) // tagging again replaces, never appends
	if !reflect.DeepEqual(a.Passages, b.Passages) {
		t.Error("tagging is not deterministic")
	}
}

func TestContains(t *testing.T) {
	for _, c := range []struct {
		text, term string
		want       bool
	}{
		{"自觉接受同级人大及其常委会的监督", "接受…监督", true},
		{"接受", "接受…监督", false},
		{"接受了很多很多很多很多很多很多的东西以后再谈监督", "接受…监督", false},
		{"代表建议", "代表建议", true},
	} {
		if got := contains(c.text, c.term); got != c.want {
			t.Errorf("contains(%q, %q) = %v", c.text, c.term, got)
		}
	}
}
