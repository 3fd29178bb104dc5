package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// sharedCorpus returns the shared corpus folder (RENDA_SHARED_CORPUS, else
// ../../shared/corpus from this package), or skips the test when absent,
// as on a fresh clone.
func sharedCorpus(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("RENDA_SHARED_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpus not found at %s (set RENDA_SHARED_CORPUS)", dir)
	}
	return dir
}

// Documents and problems expected from the shared corpus. Its README is not a
// document, and laws/其他/劳动仲裁和劳动诉讼的攻略.md is a third-party guide
// with no history, date or issuing body.
var (
	wantPerFormat = map[string]int{FormatWeChat: 1, FormatJSONL: 72, FormatCSV: 20, FormatLawMD: 1608}
	wantProblems  = []string{"README.md", "劳动仲裁和劳动诉讼的攻略.md"}
	// The only documents whose source names no date at all, and no issuing
	// body, respectively.
	wantNoYear = []string{"上海市人民代表大会常务委员会议事规则"}
	wantNoBody = []string{"人体损伤程度鉴定标准"}
)

// Furniture that must not survive in Text, per format: substrings, and
// regular expressions matched against each line.
var (
	forbidden = map[string][]string{
		FormatWeChat: {"ad1 webp", "ad2 webp", "编辑:", "初审:", "复审:", "终审:", "转载请注明",
			"闵行区召开庆祝人民代表大会成立70周年大会", "闵行区人大开展人民城市议事厅活动", "人大代表履职尽责护民安"},
		FormatJSONL: {"Public domain", "本作品", "公有领域", "维基文库", "粗体文字", "\u200b", "\u3000\u3000"},
		FormatCSV: {"下载\n打印", "【字号", "【字体", "扫一扫", "相关报道：", "相关文档：", "打印本页", "关闭窗口",
			"点击图片进入专题", "分享到", "您的位置", "当前位置", "阅读量", "发表时间"},
		FormatLawMD: {"<!--", "INFO END", "FORCE BREAK"},
	}
	forbiddenLine = map[string]*regexp.Regexp{
		FormatCSV:   regexp.MustCompile(`^(来源[:：]|时间[:：]|\d{4}-\d\d-\d\d \d|[【】|×>大中小]$)|记者.{0,20}摄$`),
		FormatLawMD: regexp.MustCompile(`^#`),
	}
)

// TestSharedCorpus imports the whole shared corpus and checks every
// document: the exact counts, required metadata, no furniture left, nothing
// invented, unique IDs and identical results on a second read.
func TestSharedCorpus(t *testing.T) {
	root := sharedCorpus(t)
	perFormat := map[string]int{}
	ids := map[string]string{}
	var noYear, noBody []string
	byFile := map[string][]*Document{}
	problems, err := Load([]string{root}, func(d *Document) error {
		perFormat[d.Source.Format]++
		byFile[d.Source.Path] = append(byFile[d.Source.Path], d)
		name := d.Source.Path + " " + d.Title
		checkDocument(t, d)
		// One ID, one document: a repeated ID is the same law filed in
		// two folders (its natural key agrees), never two documents.
		if prev, ok := ids[d.ID]; ok && prev != NaturalKey(d) {
			t.Errorf("%s: ID %s already used by %s", name, d.ID, prev)
		}
		ids[d.ID] = NaturalKey(d)
		if d.Level == "" || d.Region == "" {
			t.Errorf("%s: no level or region", name)
		}
		switch {
		case d.Year == 0:
			noYear = append(noYear, d.Title)
		case d.Year < 1949 || d.Year > 2026:
			t.Errorf("%s: year %d", name, d.Year)
		}
		if d.Body == "" {
			noBody = append(noBody, d.Title)
		}
		for _, s := range forbidden[d.Source.Format] {
			if i := strings.Index(d.Text, s); i >= 0 {
				t.Errorf("%s: furniture %q left in Text: …%s…", name, s, firstN(d.Text[max(0, i-30):], 60))
			}
		}
		if re := forbiddenLine[d.Source.Format]; re != nil {
			for _, l := range strings.Split(d.Text, "\n") {
				if re.MatchString(l) {
					t.Errorf("%s: furniture line left in Text: %q", name, l)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(perFormat, wantPerFormat) {
		t.Errorf("documents per format = %v, want %v", perFormat, wantPerFormat)
	}
	var got []string
	for _, p := range problems {
		got = append(got, baseName(p.Path))
	}
	if !reflect.DeepEqual(got, wantProblems) {
		t.Errorf("problems = %v, want problems for %v", problems, wantProblems)
	}
	if !reflect.DeepEqual(noYear, wantNoYear) || !reflect.DeepEqual(noBody, wantNoBody) {
		t.Errorf("documents without year %v (want %v), without body %v (want %v)", noYear, wantNoYear, noBody, wantNoBody)
	}
	t.Logf("%d documents %v, %d problems", len(ids), perFormat, len(problems))

	// A second read gives the same documents.
	for path, docs := range byFile {
		again, _ := ReadFile(filepath.FromSlash(path))
		if !reflect.DeepEqual(again, docs) {
			t.Errorf("%s: second read differs", path)
		}
	}
}

// TestSharedIDsIgnoreLocation checks that IDs and hashes depend on the
// folder and file names, not on where the corpus lives.
func TestSharedIDsIgnoreLocation(t *testing.T) {
	root := sharedCorpus(t)
	path := filepath.Join(root, "laws", "宪法", "宪法.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := ReadFile(path)
	b, _ := Parse("/elsewhere/laws/宪法/宪法.md", raw)
	if len(a) != 1 || len(b) != 1 || a[0].ID != b[0].ID || a[0].Hash != b[0].Hash {
		t.Errorf("moving the file changed its ID or hash")
	}
}
