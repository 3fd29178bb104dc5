package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
)

// TestEncodingsReadAlike writes every sample file in the encodings users'
// files come in, with and without a byte-order mark, and checks that each
// imports to the same documents as the UTF-8 original.
func TestEncodingsReadAlike(t *testing.T) {
	files, err := Files([]string{"testdata/corpus"})
	if err != nil {
		t.Fatal(err)
	}
	encodings := []struct {
		name string
		enc  encoding.Encoding
		bom  []byte
	}{
		{"utf8-bom", nil, []byte("\xef\xbb\xbf")},
		{"gb18030", simplifiedchinese.GB18030, nil},
		{"gbk", simplifiedchinese.GBK, nil},
		{"utf16le-bom", textunicode.UTF16(textunicode.LittleEndian, textunicode.IgnoreBOM), []byte("\xff\xfe")},
		{"utf16be-bom", textunicode.UTF16(textunicode.BigEndian, textunicode.IgnoreBOM), []byte("\xfe\xff")},
		{"utf16le", textunicode.UTF16(textunicode.LittleEndian, textunicode.IgnoreBOM), nil},
	}
	dir := t.TempDir()
	checked := 0
	for _, f := range files {
		want, probs := ReadFile(f)
		if len(want) == 0 || len(probs) > 0 {
			continue // the README
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range encodings {
			data := raw
			if e.enc != nil {
				if data, err = e.enc.NewEncoder().Bytes(raw); err != nil {
					if e.name == "gbk" {
						continue // GBK lacks a few characters GB18030 has
					}
					t.Fatalf("%s in %s: %v", f, e.name, err)
				}
			}
			data = append(append([]byte{}, e.bom...), data...)
			rel, _ := filepath.Rel("testdata/corpus", f)
			path := filepath.Join(dir, e.name, rel)
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, probs := ReadFile(path)
			if len(probs) > 0 || len(got) != len(want) {
				t.Errorf("%s in %s: %d documents (want %d), problems %v", f, e.name, len(got), len(want), probs)
				continue
			}
			for k := range got {
				if got[k].Text != want[k].Text || got[k].Title != want[k].Title || got[k].Year != want[k].Year {
					t.Errorf("%s in %s: document %d differs from the UTF-8 one", f, e.name, k)
				}
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("only %d encoded files checked", checked)
	}
}

// TestOneBadByteCostsACharacter damages one byte in a GB18030 file and a
// UTF-8 file and checks that the rest imports, with the damaged line named.
func TestOneBadByteCostsACharacter(t *testing.T) {
	text := "闵行区人大常委会工作报告\n\n2024年是实现“十四五”规划目标任务的关键一年。一年来，区人大常委会依法履职。\n\n常委会听取和审议了专项工作报告十二项，开展执法检查五次。\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	for name, data := range map[string][]byte{
		"utf8":    bytes.Replace([]byte(text), []byte("听取"), []byte("\xff取"), 1),
		"gb18030": bytes.Replace(gb, []byte{0xcc, 0xfd}, []byte{0xcc, 0xff}, 1), // 听 with a broken trail byte
	} {
		docs, probs := Parse(name+".txt", data)
		if len(docs) != 1 {
			t.Fatalf("%s: %d documents, problems %v", name, len(docs), probs)
		}
		if len(probs) != 1 || !probs[0].Repaired || probs[0].Line != 5 {
			t.Errorf("%s: problems %v, want one repaired at line 5", name, probs)
		}
		if !strings.Contains(docs[0].Text, "开展执法检查五次") || !strings.Contains(docs[0].Text, "\uFFFD") {
			t.Errorf("%s: text %q", name, docs[0].Text)
		}
	}
}
