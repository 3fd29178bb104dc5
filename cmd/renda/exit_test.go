package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestImportExitCodes runs import on inputs a script meets and checks the
// exit status, that the message names the file (and line), and that no
// archive appears where nothing could be imported.
func TestImportExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, "in", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	report := "2024年是实现“十四五”规划目标任务的关键一年。一年来，区人大常委会依法履职，听取审议专项工作报告。\n\n☆加强代表联络站建设。\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(report)
	good := write("某区人大常委会工作报告.txt", report)
	gbkFile := write("gbk/某县人大常委会工作报告.txt", gbk)
	empty := write("empty.txt", "")
	binary := write("photo.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	header := write("reports.csv", "province,year,title,text\n上海市,2026,报告,正文\n")
	badLine := write("mixed.jsonl", `{"title":"好","url":"","content":"各位代表：\n\n现在报告工作。","year":"2024"}`+"\n"+`{"title": broken`+"\n")
	unrelated := filepath.Join(dir, "photos")
	os.MkdirAll(unrelated, 0o755)
	os.WriteFile(filepath.Join(unrelated, "a.jpg"), []byte("jpeg"), 0o644)

	tests := []struct {
		name    string
		data    string // "" for a new folder
		paths   []string
		code    int
		message []string // in the error or the summary
		created bool
	}{
		{"missing path", "", []string{filepath.Join(dir, "nope")}, 2, []string{"nope"}, false},
		{"every file skipped", "", []string{empty, binary, header}, 2, []string{"empty.txt", "photo.txt", "reports.csv:1:", "nothing imported"}, false},
		{"unrelated folder", unrelated, []string{good}, 2, []string{"a.jpg", "no archive"}, false},
		{"some skipped", "", []string{good, badLine}, 1, []string{"mixed.jsonl:2:", "imported 2"}, true},
		{"all imported", "", []string{good, gbkFile}, 0, []string{"imported 2, replaced 0, unchanged 0, skipped 0"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if data == "" {
				data = filepath.Join(t.TempDir(), "data")
			}
			before, _ := os.ReadDir(data)
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"import", "--data", data}, tt.paths...), &out, &errOut)
			if code := exitCode(err); code != tt.code {
				t.Fatalf("exit %d, want %d: %v\n%s", code, tt.code, err, out.String())
			}
			said := out.String() + " " + errString(err)
			for _, m := range tt.message {
				if !strings.Contains(said, m) {
					t.Errorf("output lacks %q:\n%s", m, said)
				}
			}
			_, statErr := os.Stat(filepath.Join(data, "index"))
			if created := statErr == nil; created != tt.created {
				t.Errorf("archive created: %v, want %v", created, tt.created)
			}
			if tt.data != "" {
				after, _ := os.ReadDir(data)
				if len(after) != len(before) {
					t.Errorf("the folder changed: %d entries, was %d", len(after), len(before))
				}
			} else if !tt.created {
				if _, err := os.Stat(data); err == nil {
					t.Errorf("a data folder was left where nothing was imported")
				}
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOpenErrorsSayWhatToDo checks the messages of read commands on a
// folder that holds no archive.
func TestOpenErrorsSayWhatToDo(t *testing.T) {
	data := filepath.Join(t.TempDir(), "none")
	err := run(context.Background(), []string{"search", "--data", data, "代表"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "renda serve --data") || strings.Contains(err.Error(), "stat ") {
		t.Errorf("search on a missing folder: %v", err)
	}
	os.MkdirAll(data, 0o755)
	err = run(context.Background(), []string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "holds no archive") {
		t.Errorf("serve on an empty folder: %v", err)
	}
}

// TestFollowupsCommand links the 闵行区 report to a fixture of the next
// year's and prints each plan item with its follow-ups.
func TestFollowupsCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code := exitCode(run(context.Background(), []string{"import", "--data", data, filepath.Join(samples, "district"), "../../links/testdata/minhang"}, &bytes.Buffer{}, &bytes.Buffer{})); code != 0 {
		t.Fatalf("import: exit %d", code)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"search", "--data", data, "--json", "聚焦公共财政管理"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var found struct {
		Hits []struct {
			ID   string
			Year int
		}
	}
	json.Unmarshal(out.Bytes(), &found)
	id := ""
	for _, h := range found.Hits {
		if h.Year == 2025 {
			id = h.ID
		}
	}
	if id == "" {
		t.Fatalf("the 2025 report not found: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"followups", "--data", data, id}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "→ 闵行区人大常委会工作报告（2026年） (2026)") || !strings.Contains(text, "聚焦公共财政管理加强监督") ||
		!strings.Contains(text, "审查批准区级决算") {
		t.Errorf("followups output:\n%s", text)
	}
	if err := run(context.Background(), []string{"followups", "--data", data, "nosuch"}, &out, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "no document") {
		t.Errorf("followups of an unknown document: %v", err)
	}
}
