package corpus

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update the golden files in testdata/golden")

// golden is what a golden file records for one input file: the documents
// as imported, with Original shortened to its size (the input is next to
// it in testdata/corpus), and the problems.
type golden struct {
	Documents []*Document `json:"documents"`
	Problems  []string    `json:"problems,omitempty"`
}

// TestGolden imports every sample under testdata/corpus and compares the
// result with testdata/golden/<file>.json. Run with -update after a
// deliberate change and review the diff.
func TestGolden(t *testing.T) {
	root := filepath.Join("testdata", "corpus")
	files, err := Files([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("only %d sample files", len(files))
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		name := strings.ReplaceAll(filepath.ToSlash(rel), "/", "_") + ".json"
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// Source.Path as if the sample folder were the corpus root, so
			// the golden files do not depend on where tests run.
			docs, probs := Parse(filepath.ToSlash(rel), raw)
			var g golden
			for _, d := range docs {
				checkDocument(t, d)
				if d.Source.Format == FormatWeChat || d.Source.Format == FormatLawMD {
					if d.Original != string(bytes.TrimPrefix(raw, []byte("\ufeff"))) {
						t.Errorf("Original is not the file content")
					}
				}
				c := *d
				c.Original = fmt.Sprintf("(%d bytes)", len(d.Original))
				g.Documents = append(g.Documents, &c)
			}
			for _, p := range probs {
				g.Problems = append(g.Problems, p.Error())
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "\t")
			if err := enc.Encode(g); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("import differs from %s (run go test -update and review the diff):\n%s", file, firstDiff(buf.String(), string(want)))
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestSampleMetadata spells out, on the samples, the metadata each importer
// must infer; the golden files record the rest.
func TestSampleMetadata(t *testing.T) {
	docs := map[string]*Document{}
	problems, err := Load([]string{filepath.Join("testdata", "corpus")}, func(d *Document) error {
		docs[d.Title] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.HasSuffix(problems[0].Path, "testdata/corpus/README.md") {
		t.Errorf("problems = %v, want only README.md", problems)
	}
	type want struct {
		typ                      Type
		level                    Level
		region, locality, body   string
		year                     int
		session, sessionDate     string
		adopted, effective, hist string
	}
	tests := map[string]want{
		"闵行区人大常委会工作报告":                {TypeStandingReport, LevelCounty, "上海市", "闵行区", "闵行区人大常委会", 2025, "", "", "", "", ""},
		"2024年中华人民共和国国务院政府工作报告":       {TypeGovReport, LevelNational, "全国", "", "国务院", 2024, "第十四届全国人民代表大会第二次会议", "2024-03-05", "", "", ""},
		"1954年中华人民共和国国务院政府工作报告":       {TypeGovReport, LevelNational, "全国", "", "国务院", 1954, "第一届全国人民代表大会第一次会议", "", "", "", ""},
		"第二届全国人民代表大会第三次会议关于政府工作报告的决议": {TypeResolution, LevelNational, "全国", "", "全国人民代表大会", 1962, "第二届全国人民代表大会第三次会议", "", "", "", ""},
		"2026年云南省政府工作报告":              {TypeGovReport, LevelProvincial, "云南省", "", "云南省人民政府", 2026, "云南省第十四届人民代表大会第四次会议", "2026-01-28", "", "", ""},
		"2026年宁夏回族自治区政府工作报告":          {TypeGovReport, LevelProvincial, "宁夏回族自治区", "", "宁夏回族自治区人民政府", 2026, "宁夏回族自治区第十三届人民代表大会第四次会议", "2026-02-03", "", "", ""},
		"中华人民共和国宪法":                   {TypeLaw, LevelNational, "全国", "", "全国人民代表大会", 2018, "第十三届全国人民代表大会第一次会议", "2018-03-11", "2018-03-11", "1982-12-04", "1982年12月4日 第五届全国人民代表大会第五次会议通过"},
		"中华人民共和国民法典 附则":               {TypeLaw, LevelNational, "全国", "", "全国人民代表大会", 2021, "第十三届全国人民代表大会第三次会议", "2020-05-28", "2020-05-28", "2021-01-01", "2020年5月28日 第十三届全国人民代表大会第三次会议通过"},
		"中华人民共和国外国中央银行财产司法强制措施豁免法":    {TypeLaw, LevelNational, "全国", "", "全国人民代表大会常务委员会", 2005, "第十届全国人民代表大会常务委员会第十八次会议", "2005-10-25", "2005-10-25", "2005-10-25", "2005年10月25日 第十届全国人民代表大会常务委员会第十八次会议通过"},
		"宁波市城市绿化条例":                   {TypeLocalRegulation, LevelCity, "浙江省", "宁波市", "宁波市人民代表大会常务委员会", 2017, "浙江省第十届人民代表大会常务委员会第二十二次会议", "2005-12-23", "2005-12-23", "2017-12-18", "1991年10月26日 宁波市第九届人民代表大会常务委员会第二十六次会议通过"},
		"景宁畲族自治县水资源管理条例":              {TypeLocalRegulation, LevelCounty, "浙江省", "景宁畲族自治县", "景宁畲族自治县人民代表大会", 2021, "浙江省第十三届人民代表大会常务委员会第二十九次会议", "2021-05-28", "2021-05-28", "2021-06-15", "2001年4月12日 县第五届人民代表大会第五次会议通过"},
		"北京市环境噪声污染防治办法":               {TypeLocalRegulation, LevelProvincial, "北京市", "", "北京市人民政府", 2007, "", "", "2006-11-17", "2007-01-01", "2006年11月17日 北京市人民政府第56次常务会议审议通过"},
		"上海市人民代表大会常务委员会议事规则":          {TypeLocalRegulation, LevelProvincial, "上海市", "", "上海市人民代表大会常务委员会", 0, "", "", "", "", ""},
	}
	if len(docs) != len(tests) {
		t.Errorf("%d documents, want %d", len(docs), len(tests))
	}
	for title, w := range tests {
		d := docs[title]
		if d == nil {
			t.Errorf("no document titled %s", title)
			continue
		}
		hist := ""
		if len(d.History) > 0 {
			hist = d.History[0]
		}
		got := want{d.Type, d.Level, d.Region, d.Locality, d.Body, d.Year, d.Session, d.Dates.Session, d.Dates.Adopted, d.Dates.Effective, hist}
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", title, got, w)
		}
	}
}
