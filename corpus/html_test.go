package corpus

import (
	"strings"
	"testing"
)

// TestHTMLPages imports pages written like those saved from government
// sites (a GB2312 page with the report printed twice, a UTF-8 page with a
// TRS editor box) and checks the article, its metadata from the content,
// and that no page furniture is left.
func TestHTMLPages(t *testing.T) {
	tests := []struct {
		file                 string
		title, session, body string
		typ                  Type
		level                Level
		year                 int
		paragraphs           int
		contains             []string
	}{
		{file: "1990-government-work-report-gbk.html", title: "政府工作报告", session: "第七届全国人民代表大会第三次会议",
			body: "国务院", typ: TypeGovReport, level: LevelNational, year: 1990, paragraphs: 8,
			contains: []string{"现在，我代表国务院向大会报告工作，请予审议。 一年来", "搞好大中型企业。"}},
		{file: "xihu-standing-committee-report.html", title: "杭州市西湖区人大常委会工作报告", session: "杭州市西湖区第十三届人民代表大会第五次会议",
			body: "杭州市西湖区人大常委会", typ: TypeStandingReport, year: 2025, paragraphs: 7,
			contains: []string{"对标“四个机关”定位要求", "全过程人民民主基层单元建设。"}},
	}
	furniture := []string{"当前位置", "您现在的位置", "字体", "打印本页", "关闭窗口", "分享到", "责任编辑", "来源：", "浏览次数",
		"上一篇", "版权所有", "<U+00A0>", "\u00a0", "doZoom", "jquery", "注释", "首页", "人大概况", "_hmt"}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, probs := ReadFile("testdata/html/" + tt.file)
			if len(docs) != 1 || len(probs) != 0 {
				t.Fatalf("%d documents, problems %v", len(docs), probs)
			}
			d := docs[0]
			checkDocument(t, d)
			if d.Source.Format != FormatHTML || d.Title != tt.title || d.Session != tt.session || d.Body != tt.body ||
				d.Type != tt.typ || d.Year != tt.year || tt.level != "" && d.Level != tt.level {
				t.Errorf("got %s %q session %q body %q type %s level %s year %d", d.Source.Format, d.Title, d.Session, d.Body, d.Type, d.Level, d.Year)
			}
			paras := strings.Split(d.Text, "\n")
			if len(paras) != tt.paragraphs {
				t.Errorf("%d paragraphs, want %d:\n%s", len(paras), tt.paragraphs, d.Text)
			}
			seen := map[string]bool{}
			for _, p := range paras {
				if seen[p] {
					t.Errorf("paragraph kept twice: %s", p)
				}
				seen[p] = true
			}
			for _, s := range tt.contains {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, d.Text)
				}
			}
			for _, f := range furniture {
				if strings.Contains(d.Text, f) {
					t.Errorf("page furniture %q left in the text:\n%s", f, d.Text)
				}
			}
		})
	}
}
