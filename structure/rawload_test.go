package structure

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

// The loaders below stand in for the corpus importers in tests: they turn a
// raw source file into the normalized Document that an importer would give
// (one paragraph per line, no blank lines, furniture removed, Markdown
// heading markers stripped and recorded in Headings).

var (
	wechatFurnitureRe = regexp.MustCompile(`^(编辑|初审|复审|终审)\s*[:：]|^转载请注明|^ad\d+ webp$`)
	wikiNoticeRe      = regexp.MustCompile(`本作品(是中华人民共和国的|来自中华人民共和国)`)
	paraSplitRe       = regexp.MustCompile(`\n[ \t\x{3000}]*\n+`)
)

func normLine(s string) string {
	return strings.Trim(s, " \t\r\u3000\ufeff")
}

// loadWeChat reads a WeChat article: image captions (unpunctuated lines
// after two or more blank lines) and credits are dropped.
func loadWeChat(t testing.TB, path string, year int) *corpus.Document {
	t.Helper()
	raw := readFile(t, path)
	var out []string
	blanks := 0
	for _, l := range strings.Split(raw, "\n") {
		l = normLine(l)
		if l == "" {
			blanks++
			continue
		}
		caption := blanks >= 2 && !endsPunct(l) && circledValue([]rune(l)[0]) == 0
		blanks = 0
		if caption || wechatFurnitureRe.MatchString(l) {
			continue
		}
		out = append(out, l)
	}
	name := strings.TrimSuffix(filepath.Base(path), ".txt")
	return &corpus.Document{
		ID: corpus.DocumentID(name), Title: name, Type: corpus.TypeStandingReport, Year: year,
		Source: corpus.Source{Format: corpus.FormatWeChat, Path: path}, Text: strings.Join(out, "\n"),
	}
}

// jsonlRecord is one line of national/government_work_reports.jsonl.
type jsonlRecord struct {
	Title   string  `json:"title"`
	Content string  `json:"content"`
	Year    *string `json:"year"`
}

// loadJSONL reads every record of a Wikisource JSON Lines file: the
// licence notice is cut, wiki-link line breaks inside a paragraph rejoined.
func loadJSONL(t testing.TB, path string) []*corpus.Document {
	t.Helper()
	var docs []*corpus.Document
	for i, rec := range strings.Split(strings.TrimSpace(readFile(t, path)), "\n") {
		var r jsonlRecord
		if err := json.Unmarshal([]byte(rec), &r); err != nil {
			t.Fatalf("%s:%d: %v", path, i+1, err)
		}
		content := r.Content
		if loc := wikiNoticeRe.FindStringIndex(content); loc != nil {
			content = content[:loc[0]]
		}
		var out []string
		for _, p := range paraSplitRe.Split(content, -1) {
			var parts []string
			for _, l := range strings.Split(p, "\n") {
				parts = append(parts, normLine(l))
			}
			if s := strings.Join(parts, ""); s != "" {
				out = append(out, s)
			}
		}
		d := &corpus.Document{ID: corpus.DocumentID(r.Title), Title: r.Title, Type: corpus.TypeGovReport,
			Source: corpus.Source{Format: corpus.FormatJSONL, Path: path, Record: i + 1}, Text: strings.Join(out, "\n")}
		if r.Year != nil {
			d.Year, _ = strconv.Atoi(*r.Year)
		} else {
			d.Type = corpus.TypeResolution
		}
		docs = append(docs, d)
	}
	return docs
}

// loadCSV reads a provincial report: page toolbars before the title line and
// related-links furniture at the end are dropped.
func loadCSV(t testing.TB, path string) *corpus.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v", path, err)
	}
	row := rows[1]
	year, _ := strconv.Atoi(row[1])
	lines := strings.Split(row[5], "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(normLine(l), "各位代表") {
			start = i
			break
		}
	}
	var out []string
	for _, l := range lines[start:] {
		l = normLine(l)
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "相关报道") || strings.HasPrefix(l, "相关文档") || strings.HasPrefix(l, "扫一扫") || strings.HasPrefix(l, "【打印") || strings.HasPrefix(l, "》》") {
			break
		}
		out = append(out, l)
	}
	return &corpus.Document{ID: corpus.DocumentID(row[2] + row[0]), Title: row[2], Type: corpus.TypeGovReport, Year: year,
		Region: row[0], Source: corpus.Source{Format: corpus.FormatCSV, Path: path}, Text: strings.Join(out, "\n")}
}

// loadLawMD reads a law Markdown file: the # title becomes the Title, ##
// markers are stripped and recorded in Headings, INFO END dropped.
func loadLawMD(t testing.TB, path string) *corpus.Document {
	t.Helper()
	var out []string
	var heads []corpus.Heading
	title := strings.TrimSuffix(filepath.Base(path), ".md")
	for _, l := range strings.Split(readFile(t, path), "\n") {
		l = normLine(l)
		switch {
		case l == "" || strings.HasPrefix(l, "<!--"):
			continue
		case strings.HasPrefix(l, "# "):
			title = normLine(l[2:])
			continue
		case strings.HasPrefix(l, "##"):
			n := len(l) - len(strings.TrimLeft(l, "#"))
			heads = append(heads, corpus.Heading{Line: len(out), Depth: n - 1})
			l = normLine(strings.TrimLeft(l, "#"))
		}
		out = append(out, l)
	}
	typ := corpus.TypeLaw
	if strings.Contains(path, "DLC") {
		typ = corpus.TypeLocalRegulation
	}
	return &corpus.Document{ID: corpus.DocumentID(path), Title: title, Type: typ,
		Source: corpus.Source{Format: corpus.FormatLawMD, Path: path}, Text: strings.Join(out, "\n"), Headings: heads}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
