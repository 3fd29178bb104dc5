package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/search"
)

// asCLI makes the test binary run the renda command line instead of the
// tests, so that crash tests can kill a real renda process.
const asCLI = "RENDA_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// cli starts this test binary as `renda args...`.
func cli(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), asCLI+"=1"), env...)
	return cmd
}

// crashInput writes copies of the samples into several folders, so that
// an import writes several batches, and returns the folder.
func crashInput(t *testing.T, copies int) string {
	t.Helper()
	files, err := corpus.Files([]string{samples})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "input")
	for c := range copies {
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(samples, f)
			p := filepath.Join(root, fmt.Sprintf("copy%02d", c), rel)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

// archiveState opens data and returns its documents' IDs and hashes,
// checking that each is whole: its stored copy has the passages its
// catalog entry counts, and a quote of its last passage finds that passage.
func archiveState(t *testing.T, data string) map[string]string {
	t.Helper()
	ix, err := indexer.Open(data)
	if err != nil {
		t.Fatalf("the archive does not open after a kill: %v", err)
	}
	defer ix.Close()
	engine := search.New(ix)
	state := map[string]string{}
	for _, m := range ix.Catalog() {
		state[m.ID] = m.Hash
		doc, err := ix.Document(m.ID)
		if err != nil || len(doc.Passages) != m.Passages || m.Passages == 0 {
			t.Fatalf("document %s is not whole: %v, %d passages stored, %d in the catalog", m.ID, err, len(doc.Passages), m.Passages)
		}
		last := doc.Passages[len(doc.Passages)-1]
		q := []rune(last.Text)
		q = q[max(0, len(q)-12):]
		if strings.ContainsAny(string(q), `"`) || strings.TrimSpace(string(q)) == "" {
			continue
		}
		ids, err := engine.PassageIDs(context.Background(), `"`+string(q)+`" doc:`+m.ID, 0)
		if err != nil || !contains(ids, last.ID) {
			t.Fatalf("document %s: its last passage is not found (%v)", m.ID, err)
		}
	}
	return state
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestImportSurvivesKills kills `renda import` at random points, from its
// first instant to its end, on the same archive: after each kill the
// archive opens and holds only whole documents, no document it held is
// lost, and a last uninterrupted import reaches the state of an import
// that was never interrupted.
func TestImportSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes for a minute")
	}
	input := crashInput(t, 60)
	reference := filepath.Join(t.TempDir(), "reference")
	start := time.Now()
	if out, err := cli(t, nil, "import", "--data", reference, input).CombinedOutput(); exitStatus(err) > 1 {
		t.Fatalf("reference import: %v\n%s", err, out)
	}
	took := time.Since(start)
	want := archiveState(t, reference)

	data := filepath.Join(t.TempDir(), "data")
	rng := rand.New(rand.NewSource(7))
	held := map[string]string{}
	const kills = 20
	for k := range kills {
		delay := time.Duration(rng.Int63n(int64(took)))
		if k < 3 {
			delay = time.Duration(k) * 20 * time.Millisecond // before the first batch
		}
		cmd := cli(t, nil, "import", "--data", data, input)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(filepath.Join(data, "index")); err != nil {
			continue // killed before the archive was created
		}
		state := archiveState(t, data)
		for id, hash := range state {
			if want[id] != hash {
				t.Fatalf("kill %d at %s: document %s is none of the imported ones", k, delay, id)
			}
		}
		for id := range held {
			if _, ok := state[id]; !ok {
				t.Fatalf("kill %d at %s: document %s, written before, is gone", k, delay, id)
			}
		}
		held = state
	}
	if out, err := cli(t, nil, "import", "--data", data, input).CombinedOutput(); exitStatus(err) > 1 {
		t.Fatalf("import after the kills: %v\n%s", err, out)
	}
	if got := archiveState(t, data); !sameState(got, want) {
		t.Errorf("after the kills and a last import: %d documents, the uninterrupted import has %d", len(got), len(want))
	}
	t.Logf("%d kills over an import of %s; %d documents held before the last import", kills, took.Round(time.Millisecond), len(held))
}

func sameState(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for id, h := range a {
		if b[id] != h {
			return false
		}
	}
	return true
}

func exitStatus(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return 99
	}
	return 0
}

// TestAcknowledgedWritesSurviveKills posts documents to `renda serve` and
// kills the server at random points: every document it acknowledged with
// a 2xx is in the archive after the kill, whole, and the archive opens.
func TestAcknowledgedWritesSurviveKills(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes for a minute")
	}
	data := filepath.Join(t.TempDir(), "data")
	if out, err := cli(t, nil, "import", "--data", data, filepath.Join(samples, "district")).CombinedOutput(); err != nil {
		t.Fatalf("setup import: %v\n%s", err, out)
	}
	const token = "crash-test-token-0123456789"
	rng := rand.New(rand.NewSource(11))
	acknowledged := map[string]bool{}
	next := 0
	const kills = 20
	for k := range kills {
		cmd := cli(t, []string{"RENDA_TOKEN=" + token}, "serve", "--addr", "127.0.0.1:0", "--data", data)
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		base := regexp.MustCompile(`http://\S+`).FindString(line)
		if err != nil || base == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("serve after kill %d: %q %v", k, line, err)
		}
		go io.Copy(io.Discard, out)
		deadline := time.Now().Add(time.Duration(50+rng.Intn(400)) * time.Millisecond)
		killed := make(chan struct{})
		go func() {
			time.Sleep(time.Until(deadline))
			cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		}()
		client := &http.Client{Timeout: 5 * time.Second}
	posting:
		for {
			select {
			case <-killed:
				break posting
			default:
			}
			next++
			body, _ := json.Marshal(corpus.Submission{Title: fmt.Sprintf("测试区人大常委会第%d号工作报告", next), Type: corpus.TypeStandingReport,
				Body: "测试区人大常委会", Year: 2000 + next%25, Text: fmt.Sprintf("各位代表：\n一年来，常委会听取审议第%d项专项工作报告。\n☆加强代表联络站建设。", next)})
			req, _ := http.NewRequest("POST", base+"/api/documents", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err != nil {
				break // the server is gone
			}
			var v struct{ ID, Status string }
			json.NewDecoder(resp.Body).Decode(&v)
			resp.Body.Close()
			if resp.StatusCode/100 == 2 && v.ID != "" {
				acknowledged[v.ID] = true
			} else if resp.StatusCode/100 != 2 {
				t.Fatalf("POST %d: %d %+v", next, resp.StatusCode, v)
			}
		}
		<-killed
		cmd.Wait()
		state := archiveState(t, data)
		for id := range acknowledged {
			if _, ok := state[id]; !ok {
				t.Fatalf("kill %d: acknowledged document %s is lost", k, id)
			}
		}
	}
	if len(acknowledged) < kills {
		t.Errorf("only %d writes acknowledged over %d runs: the test did not exercise writes", len(acknowledged), kills)
	}
	t.Logf("%d kills, %d writes acknowledged, all kept", kills, len(acknowledged))
}
