package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rivo/uniseg"

	"github.com/renda-archive/renda/corpus/defaultcorpus"
)

const samples = "../../corpus/testdata/corpus"

func TestImportThenSearch(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	var out, errOut bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"import", "--data", data, samples}, &out, &errOut)); code != 1 {
		t.Fatalf("import of the samples and their README: exit %d, want 1\n%s", code, errOut.String())
	}
	// The samples folder holds a README that is not a document: reported,
	// named, and the rest imported.
	if !regexp.MustCompile(`imported (1[0-9]|[2-9][0-9]), replaced 0, unchanged 0, skipped 1`).MatchString(out.String()) ||
		!strings.Contains(out.String(), "README.md") {
		t.Fatalf("import summary:\n%s", out.String())
	}

	out.Reset()
	if code := exitCode(run(context.Background(), []string{"import", "--data", data, samples}, &out, &errOut)); code != 1 {
		t.Fatalf("re-import: exit %d", code)
	}
	if !regexp.MustCompile(`imported 0, replaced 0, unchanged [1-9][0-9]*, skipped 1`).MatchString(out.String()) {
		t.Errorf("re-import changed something:\n%s", out.String())
	}

	out.Reset()
	if err := run(context.Background(), []string{"search", "--data", data, `"人人参与、人人负责"`}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "【人人参与、人人负责】") || !strings.Contains(out.String(), "闵行区人大常委会工作报告") {
		t.Errorf("search output:\n%s", out.String())
	}

	out.Reset()
	if err := run(context.Background(), []string{"search", "--data", data, "--json", "代表机关"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil || resp.Total == 0 {
		t.Errorf("--json output (%v): %s", err, out.String())
	}

	if err := run(context.Background(), []string{"search", "--data", data, `"unterminated`}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "unterminated") {
		t.Errorf("bad query: %v", err)
	}

	// The concordance: matches in one column, left contexts right-aligned.
	out.Reset()
	if err := run(context.Background(), []string{"kwic", "--data", data, "--width", "6", "代表"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 5 || !strings.Contains(lines[0], "occurrences") {
		t.Fatalf("kwic output:\n%s", out.String())
	}
	col := -1
	for _, l := range lines[1:] {
		at := uniseg.StringWidth(l[:strings.Index(l, "【")])
		if col >= 0 && at != col {
			t.Errorf("kwic: match at column %d, not %d:\n%s", at, col, out.String())
			break
		}
		col = at
	}
	out.Reset()
	if err := run(context.Background(), []string{"kwic", "--data", data, "--format", "csv", "代表"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\uFEFF"))).ReadAll()
	if !strings.HasPrefix(out.String(), "\uFEFF") || err != nil || len(rows) < 5 || rows[0][1] != "match" {
		t.Errorf("kwic --format csv: %d rows, %v", len(rows), err)
	}

	// Trends: a row per year, a column per term.
	out.Reset()
	if err := run(context.Background(), []string{"trends", "--data", data, "代表", "人民", "type:政府工作报告"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^[0-9]{4} +[0-9.]+ / [0-9]+ / [0-9]+`).MatchString(out.String()) || !strings.Contains(out.String(), "人民") {
		t.Errorf("trends output:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"search", "--data", data, "--format", "json", "代表"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var rowsJSON []map[string]any
	if err := json.Unmarshal(out.Bytes(), &rowsJSON); err != nil || len(rowsJSON) == 0 || rowsJSON[0]["citation"] == "" {
		t.Errorf("search --format json: %d rows, %v", len(rowsJSON), err)
	}
}

func TestImportReportsBadFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "reports.jsonl")
	content := `{"title":"好","url":"","content":"各位代表：\n\n现在报告工作。","year":"2024"}` + "\n" + `{"title": broken` + "\n"
	if err := os.WriteFile(bad, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"import", "--data", filepath.Join(dir, "data"), bad}, &out, &errOut)); code != 1 {
		t.Fatalf("import with a bad record: exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "imported 1,") || !strings.Contains(out.String(), "reports.jsonl:2:") {
		t.Errorf("summary does not name the bad line:\n%s", out.String())
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, args := range [][]string{nil, {"frobnicate"}, {"import"}, {"search", "--data", t.TempDir()}, {"serve", "extra"}} {
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("renda %v: no error", args)
		}
	}
	if err := run(context.Background(), []string{"search", "--data", filepath.Join(t.TempDir(), "none"), "x"}, &out, &errOut); err == nil {
		t.Error("search on a missing data folder: no error")
	}
}

// TestServe starts the server on a free port over an imported archive,
// queries it, and stops it the way SIGINT does.
func TestServe(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	var sink bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"import", "--data", data, samples}, &sink, &sink)); code > 1 {
		t.Fatalf("import: exit %d\n%s", code, sink.String())
	}
	t.Setenv("RENDA_TOKEN", "a-token-for-the-test-server")
	m, cancel, done := startServe(t, data)
	resp, err := http.Get(m + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status    string `json:"status"`
		Documents int    `json:"documents"`
	}
	err = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if err != nil || health.Status != "ok" || health.Documents < 10 {
		t.Errorf("health: %+v, %v", health, err)
	}

	// Beside the server, read commands go through it and print what they
	// print from the folder; a second serve and an import fail at once,
	// naming the server.
	reads := [][]string{
		{"search", "--data", data, "代表"},
		{"search", "--data", data, "--format", "csv", "代表"},
		{"kwic", "--data", data, "--width", "6", "人民"},
		{"kwic", "--data", data, "--format", "json", "人民"},
		{"trends", "--data", data, "代表", "人民"},
		{"search", "--data", data, `"unterminated`},
	}
	took := regexp.MustCompile(`\([0-9.]+ ms\)`)
	viaServer := make([]string, len(reads))
	for k, args := range reads {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		viaServer[k] = took.ReplaceAllString(out.String(), "") + fmt.Sprint(err)
		if !strings.Contains(errOut.String(), m[len("http://"):]) {
			t.Errorf("renda %v beside the server: stderr %q does not say it asked the server", args, errOut.String())
		}
	}
	// With the server's token, an import goes through the server, and the
	// files it imported from the folder are the same documents.
	var imp bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"import", "--data", data, samples}, &imp, io.Discard)); code != 1 ||
		!regexp.MustCompile(`imported 0, replaced 0, unchanged [1-9][0-9]*, skipped 1`).MatchString(imp.String()) {
		t.Errorf("import through the server: exit %d\n%s", code, imp.String())
	}
	t.Setenv("RENDA_TOKEN", "")
	for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0", "--data", data}, {"import", "--data", data, samples}} {
		start := time.Now()
		err := run(context.Background(), args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("process %d", os.Getpid())) || time.Since(start) > 10*time.Second {
			t.Errorf("renda %v beside the server: %v after %s; want a prompt error naming the server", args, err, time.Since(start))
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	for k, args := range reads {
		var out bytes.Buffer
		err := run(context.Background(), args, &out, io.Discard)
		if local := took.ReplaceAllString(out.String(), "") + fmt.Sprint(err); local != viaServer[k] {
			t.Errorf("renda %v: through the server\n%.600s\nfrom the folder\n%.600s", args, viaServer[k], local)
		}
	}
}

// exitCode is the exit status main gives for err.
func exitCode(err error) int {
	var ec *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ec):
		return ec.code
	}
	return 1
}

// TestServeBuildsTheDefaultArchive runs what a newcomer runs first: serve
// on a data folder that does not exist, which builds the default archive
// from the embedded corpus, opens it and answers.
func TestServeBuildsTheDefaultArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole default corpus")
	}
	data := filepath.Join(t.TempDir(), "data")
	base, cancel, done := startServe(t, data)
	defer cancel()
	want, err := defaultcorpus.Len()
	if err != nil {
		t.Fatal(err)
	}
	if n := healthDocuments(t, base); n != want {
		t.Errorf("%d documents served, want the %d of the embedded corpus", n, want)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

func healthDocuments(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct{ Documents int }
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h.Documents
}

// startServe runs `renda serve` on data in this process until cancel, and
// returns its address once it says it serves, and its result.
func startServe(t *testing.T, data string) (base string, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	result := make(chan error, 1)
	go func() {
		result <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve stopped before serving: %v", <-result)
	}
	go io.Copy(io.Discard, pr)
	base = regexp.MustCompile(`http://\S+`).FindString(line)
	if base == "" {
		cancel()
		t.Fatalf("no address in %q", line)
	}
	return base, cancel, result
}
