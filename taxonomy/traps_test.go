package taxonomy

import (
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/structure"
)

// lawDoc makes a law of the given title and articles, structured and
// tagged.
func lawDoc(t *testing.T, title string, articles ...string) *corpus.Document {
	t.Helper()
	md := "# " + title + "\n\n2020年1月1日第十三届全国人民代表大会常务委员会第十五次会议通过\n\n<!-- INFO END -->\n\n"
	for _, a := range articles {
		md += a + "\n\n"
	}
	docs, probs := corpus.Parse("laws/"+title+".md", []byte(md))
	if len(docs) != 1 {
		t.Fatalf("%s: %v", title, probs)
	}
	if err := structure.Build(docs[0]); err != nil {
		t.Fatal(err)
	}
	Default().Tag(docs[0])
	return docs[0]
}

// TestWordSenseTraps keeps the words that mean something else in context
// from giving their labels: 代表机关 for a diplomatic mission in the 国籍法,
// 教育 in 党纪学习教育 (which is 党的领导), 司法 inside 公司法.
func TestWordSenseTraps(t *testing.T) {
	nationality := lawDoc(t, "中华人民共和国国籍法", "第十五条 受理国籍申请的机关，在国内为当地市、县公安局，在国外为中国外交代表机关和领事机关。")
	for _, p := range nationality.Passages {
		if len(p.Tags) > 0 {
			t.Errorf("国籍法 %q: tags %v; its 代表机关 is a diplomatic mission", p.Text, p.Tags)
		}
	}
	company := lawDoc(t, "中华人民共和国公司法", "第一条 为了规范公司的组织和行为，保护公司、股东和债权人的合法权益，制定本法。")
	for _, p := range company.Passages {
		if has(p.Themes, "法治") != nil {
			t.Errorf("公司法 %q: theme 法治 from the 司法 inside 公司法", p.Text)
		}
	}
	report := &corpus.Document{ID: "r", Title: "某区人大常委会工作报告", Type: corpus.TypeStandingReport, Hash: "h",
		Text: "2024年是关键一年。一年来，区人大常委会依法履职。\n⑤全面加强常委会自身建设\n常委会扎实开展党纪学习教育，对标“四个机关”定位要求，全面加强自身建设。"}
	if err := structure.Build(report); err != nil {
		t.Fatal(err)
	}
	Default().Tag(report)
	last := report.Passages[len(report.Passages)-1]
	if has(last.Themes, "教育") != nil {
		t.Errorf("%q: theme 教育 from 党纪学习教育", last.Text)
	}
	if has(last.Themes, "党的领导") == nil {
		t.Errorf("%q: 党纪学习教育 is 党的领导", last.Text)
	}
	// The report's own 对标“四个机关”定位要求 passage is the committee
	// building itself (工作机关) through Party education (政治机关).
	for _, tag := range []string{"政治机关", "工作机关"} {
		if has(last.Tags, tag) == nil {
			t.Errorf("%q: tags %v, want %s", last.Text, names(last.Tags), tag)
		}
	}

}

// TestDeputiesLaw checks the 四个机关 by meaning in a law about the
// congress: every article of the 代表法 is about deputies and their duties
// (代表机关), including 第四条, which names the duties without the tag's
// terms.
func TestDeputiesLaw(t *testing.T) {
	doc := lawDoc(t, "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法",
		"第四条 代表应当履行下列义务：",
		"（一）模范地遵守宪法和法律，保守国家秘密，在自己参加的生产、工作和社会活动中，协助宪法和法律的实施；",
		"（二）按时出席本级人民代表大会会议，认真审议各项议案、报告和其他议题，发表意见，做好会议期间的各项工作；")
	articles := 0
	for _, p := range doc.Passages {
		if p.Role == corpus.RoleMeta || p.Role == corpus.RoleHeading {
			continue
		}
		articles++
		if has(p.Tags, "代表机关") == nil {
			t.Errorf("代表法 %q: tags %v, want 代表机关", p.Text, names(p.Tags))
		}
		if has(p.Themes, "代表工作") == nil {
			t.Errorf("代表法 %q: themes %v, want 代表工作", p.Text, names(p.Themes))
		}
	}
	if articles != 3 {
		t.Fatalf("%d article passages, want 3", articles)
	}
}
