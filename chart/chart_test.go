package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg")

func sample() Chart {
	return Chart{
		Title: "“全过程人民民主”每万字出现次数", XLabel: "年份", YLabel: "每万字出现次数",
		Series: []Series{
			{Name: "全过程人民民主", Points: []Point{{2019, 0}, {2021, 0.8}, {2022, 1.9}, {2025, 2.4}}},
			{Name: "人民民主 <&>", Points: []Point{{1954, 0.2}, {1978, 0.5}, {2008, 1.1}, {2025, 3.2}}},
		},
	}
}

func TestSVGGolden(t *testing.T) {
	got := sample().SVG()
	path := filepath.Join("testdata", "trends.svg")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SVG differs from %s; review with -update and git diff", path)
	}
}

func TestSVGSelfContained(t *testing.T) {
	for _, c := range []Chart{sample(), {Title: "空"}, {Series: []Series{{Name: "一点", Points: []Point{{2024, 5}}}}}} {
		svg := c.SVG()
		// Well-formed XML whose texts hold every label.
		dec := xml.NewDecoder(bytes.NewReader(svg))
		var texts []string
		root := ""
		for {
			tok, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("%q: not well-formed: %v", c.Title, err)
				}
				break
			}
			switch v := tok.(type) {
			case xml.StartElement:
				if root == "" {
					root = v.Name.Local
				}
				if v.Name.Local == "script" || v.Name.Local == "image" || v.Name.Local == "style" {
					t.Errorf("%q: has a <%s>", c.Title, v.Name.Local)
				}
				for _, a := range v.Attr {
					if strings.Contains(a.Value, "http") && a.Name.Local != "xmlns" || strings.Contains(a.Value, "url(") {
						t.Errorf("%q: attribute %s=%q refers outside", c.Title, a.Name.Local, a.Value)
					}
				}
			case xml.CharData:
				texts = append(texts, string(v))
			}
		}
		if root != "svg" {
			t.Errorf("%q: root element %q", c.Title, root)
		}
		all := strings.Join(texts, "|")
		for _, want := range []string{c.Title, c.XLabel, c.YLabel} {
			if !strings.Contains(all, want) {
				t.Errorf("%q: label %q missing", c.Title, want)
			}
		}
		for _, s := range c.Series {
			if !strings.Contains(all, s.Name) {
				t.Errorf("%q: legend lacks %q", c.Title, s.Name)
			}
		}
		if len(c.Series) == 0 && !strings.Contains(all, "没有数据") {
			t.Errorf("empty chart does not say so")
		}
	}
}
