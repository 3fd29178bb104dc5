package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/renda-archive/renda/corpus"
)

// The safety run: the real `renda serve` on the default archive, asked
// what a hostile but fair user asks, loaded while an import runs through
// its API, and stopped under load. It writes docs/safety.md.

const (
	safetyToken = "bench-safety-token-0123456789"
	safetyConns = 64
)

// renda is a running `renda serve`.
type renda struct {
	cmd  *exec.Cmd
	base string
	pid  int
}

// startRenda builds the binary (once) and serves data with writes on,
// building the default archive first if data does not exist.
func startRenda(work, data string) (*renda, error) {
	bin := filepath.Join(work, "renda")
	if _, err := os.Stat(bin); err != nil {
		build := exec.Command("go", "build", "-o", bin, "./cmd/renda")
		build.Dir = ".."
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("build renda: %w", err)
		}
	}
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = append(withoutEnv(os.Environ(), "GOMEMLIMIT", "RENDA_DATA"), "RENDA_TOKEN="+safetyToken)
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := regexp.MustCompile(`http://\S+`).FindString(sc.Text()); m != "" {
			go io.Copy(io.Discard, out)
			return &renda{cmd: cmd, base: m, pid: cmd.Process.Pid}, nil
		}
	}
	cmd.Wait()
	return nil, fmt.Errorf("renda serve stopped before serving")
}

// cpu is the server's user+system CPU time so far, in seconds.
func (r *renda) cpu() float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", r.pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	u, _ := strconv.ParseFloat(f[11], 64)
	s, _ := strconv.ParseFloat(f[12], 64)
	return (u + s) / 100 // clock ticks
}

// status reads a field of the server's /proc status, in MiB.
func (r *renda) statusMB(field string) float64 {
	raw, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.pid))
	for _, l := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.Fields(v)[0], 64)
			return kb / 1024
		}
	}
	return 0
}

// probe is one pathological request and how the server took it.
type probe struct {
	Name    string  `json:"name"`
	Status  int     `json:"status"`
	MS      float64 `json:"ms"`
	Message string  `json:"message,omitempty"`
}

// safetyResult is everything docs/safety.md shows.
type safetyResult struct {
	Machine machine `json:"machine"`
	Probes  []probe `json:"probes"`
	// Hostile: 1,000 seeded hostile queries, one after the other.
	Hostile struct {
		Answered, Refused, Other int
		MaxMS, P99MS             float64
	} `json:"hostile"`
	// Abandoned: a long export whose client leaves after a second.
	Abandoned struct {
		CPUDuringS, CPUAfter1S, CPUAfter2S float64
	} `json:"abandoned"`
	Load struct {
		Seconds                         float64
		Requests                        int
		Status                          map[int]int
		Errors                          int
		ReqPerSec, P50, P99             float64
		RSSStartMB, RSSPeakMB, RSSEndMB float64
		Posted, Created                 int
		PostErrors                      int
	} `json:"load"`
	ShutdownMS float64 `json:"shutdown_ms"`
	Took       time.Duration
}

func runSafety(opt options) error {
	start := time.Now()
	work := opt.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "renda-safety-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	res := &safetyResult{Machine: machineInfo()}
	data := filepath.Join(work, "data")
	if _, err := os.Stat(data); err != nil { // build the default archive, then serve it afresh
		log.Printf("building the default archive with renda serve")
		first, err := startRenda(work, data)
		if err != nil {
			return err
		}
		first.cmd.Process.Signal(syscall.SIGTERM)
		first.cmd.Wait()
	}
	r, err := startRenda(work, data)
	if err != nil {
		return err
	}
	defer r.cmd.Process.Kill()
	log.Printf("probing %s", r.base)
	client := &http.Client{Timeout: time.Minute}
	ask := func(name, path string) probe {
		t := time.Now()
		resp, err := client.Get(r.base + path)
		p := probe{Name: name, MS: ms(time.Since(t))}
		if err != nil {
			p.Message = err.Error()
			return p
		}
		defer resp.Body.Close()
		var e struct{ Error struct{ Message string } }
		json.NewDecoder(resp.Body).Decode(&e)
		p.Status, p.Message, p.MS = resp.StatusCode, e.Error.Message, ms(time.Since(t))
		return p
	}
	q := func(s string) string { return "/api/search?q=" + url.QueryEscape(s) }
	for _, c := range []struct{ name, path string }{
		{"人 × 2,000", q(strings.Repeat("人", 2000))},
		{"人 × 500", q(strings.Repeat("人", 500))},
		{"( × 500 + 人大 + ) × 500", q(strings.Repeat("(", 500) + "人大" + strings.Repeat(")", 500))},
		{"人 × 16 (at the limit)", q(strings.Repeat("人", 16))},
		{"32 words of one character", q(strings.TrimSpace(strings.Repeat("的 ", 32)))},
		{"的 OR 人 OR 国 … (32 terms)", q(strings.Join(strings.Split(strings.Repeat("的人国大会民代表", 4), ""), " OR "))},
		{"a 500-character quote", q(`"` + strings.Repeat("人民代表大会制度", 62) + `"`)},
		{"KWIC of 的, last page", "/api/kwic?q=" + url.QueryEscape(`"的"`) + "&page=20000&size=100&sort=left"},
		{"trends of 的|人|国|大|会", "/api/trends?q=" + url.QueryEscape(`"的"|"人"|"国"|"大"|"会"`)},
	} {
		res.Probes = append(res.Probes, ask(c.name, c.path))
	}
	// 1,000 hostile queries.
	rng := rand.New(rand.NewSource(1))
	common := []string{"的", "人", "国", "大", "会", "民", "代表", "人民", "监督", "(", ")", "“", "”", "-", "\"", "OR", "：", " "}
	var lat []float64
	for range 1000 {
		var b strings.Builder
		for range 1 + rng.Intn(40) {
			c := common[rng.Intn(len(common))]
			b.WriteString(strings.Repeat(c, 1+rng.Intn(24)))
			b.WriteByte(' ')
		}
		p := ask("hostile", q(b.String()))
		lat = append(lat, p.MS)
		switch {
		case p.Status == 200:
			res.Hostile.Answered++
		case p.Status == 400:
			res.Hostile.Refused++
		default:
			res.Hostile.Other++
		}
	}
	res.Hostile.P99MS, res.Hostile.MaxMS = percentile(lat, 99), percentile(lat, 100)

	// A long export abandoned after a second.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	c0 := r.cpu()
	req, _ := http.NewRequestWithContext(ctx, "GET", r.base+"/api/kwic?format=csv&q="+url.QueryEscape(`"的"`), nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	cancel()
	c1 := r.cpu()
	time.Sleep(time.Second)
	c2 := r.cpu()
	time.Sleep(time.Second)
	c3 := r.cpu()
	res.Abandoned.CPUDuringS, res.Abandoned.CPUAfter1S, res.Abandoned.CPUAfter2S = c1-c0, c2-c1, c3-c2

	// The load test, with an import through the API.
	log.Printf("load test: %d connections for %s while documents are posted", safetyConns, opt.duration*3)
	if err := safetyLoad(r, res, opt.duration*3); err != nil {
		return err
	}

	// Shutdown under load.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range safetyConns {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if resp, err := client.Get(r.base + q("人民 代表")); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	time.Sleep(2 * time.Second)
	t := time.Now()
	r.cmd.Process.Signal(syscall.SIGTERM)
	r.cmd.Wait()
	res.ShutdownMS = ms(time.Since(t))
	close(stop)
	wg.Wait()
	res.Took = time.Since(start)
	return writeSafety(opt.out, res)
}

// safetyLoad sends mixed searches from safetyConns connections for d
// while one more client posts documents, and samples the server's memory.
func safetyLoad(r *renda, res *safetyResult, d time.Duration) error {
	docs, err := loadCorpus()
	if err != nil {
		return err
	}
	qs := newQuerySet(docs)
	l := &res.Load
	l.Status = map[int]int{}
	l.RSSStartMB = r.statusMB("VmRSS")
	var (
		mu    sync.Mutex
		all   []float64
		done  atomic.Bool
		wg    sync.WaitGroup
		next  atomic.Int64
		start = time.Now()
	)
	transport := &http.Transport{MaxIdleConns: safetyConns, MaxIdleConnsPerHost: safetyConns}
	client := &http.Client{Timeout: time.Minute, Transport: transport}
	for range safetyConns {
		wg.Go(func() {
			var ms []float64
			status := map[int]int{}
			errs := 0
			for !done.Load() {
				path := qs.HTTP[int(next.Add(1))%len(qs.HTTP)]
				t := time.Now()
				resp, err := client.Get(r.base + path)
				if err != nil {
					errs++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				status[resp.StatusCode]++
				ms = append(ms, float64(time.Since(t).Nanoseconds())/1e6)
			}
			mu.Lock()
			all = append(all, ms...)
			for k, v := range status {
				l.Status[k] += v
			}
			l.Errors += errs
			mu.Unlock()
		})
	}
	wg.Go(func() { // the import: the default corpus's documents, new titles
		for k := 0; !done.Load(); k++ {
			doc := docs[k%len(docs)]
			sub := corpus.Submission{Title: fmt.Sprintf("%s（第%d份）", doc.Title, k), Type: doc.Type, Level: doc.Level, Region: doc.Region,
				Body: doc.Body, Year: doc.Year, Text: doc.Text}
			body, _ := json.Marshal(sub)
			req, _ := http.NewRequest("POST", r.base+"/api/documents", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+safetyToken)
			resp, err := client.Do(req)
			mu.Lock()
			l.Posted++
			if err != nil || resp.StatusCode/100 != 2 {
				l.PostErrors++
			} else if resp.StatusCode == http.StatusCreated {
				l.Created++
			}
			mu.Unlock()
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	})
	for time.Since(start) < d {
		time.Sleep(500 * time.Millisecond)
		if rss := r.statusMB("VmRSS"); rss > l.RSSPeakMB {
			l.RSSPeakMB = rss
		}
	}
	done.Store(true)
	wg.Wait()
	l.Seconds = time.Since(start).Seconds()
	l.Requests = len(all)
	l.ReqPerSec = float64(len(all)) / l.Seconds
	l.P50, l.P99 = percentile(all, 50), percentile(all, 99)
	l.RSSPeakMB = max(l.RSSPeakMB, r.statusMB("VmHWM"))
	l.RSSEndMB = r.statusMB("VmRSS")
	return nil
}

// writeSafety writes the safety report to out.
func writeSafety(out string, r *safetyResult) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("# Safety: bounded queries, load with writes, shutdown")
	p("")
	p("Generated by `cd bench && go run . -safety` (%s); do not edit by hand. The real `renda serve` binary on the", r.Took.Round(time.Second))
	p("default archive, over loopback, with writes on. Machine: %s, %d cores, %s; %s.", r.Machine.CPU, r.Machine.Cores, r.Machine.Go, r.Machine.Date.Format("2006-01-02 15:04 MST"))
	p("")
	p("## Pathological requests")
	p("")
	p("| request | status | ms | message |")
	p("|---|---:|---:|---|")
	for _, pr := range r.Probes {
		p("| %s | %d | %s | %s |", mdText(pr.Name), pr.Status, num(pr.MS), mdText(corpus.Shorten(pr.Message, 90)))
	}
	h := r.Hostile
	p("")
	p("1,000 seeded hostile queries (runs of common characters, quotes, OR, brackets, up to 40 parts): %d answered, %d refused with 400, %d other; p99 %s ms, slowest %s ms.",
		h.Answered, h.Refused, h.Other, num(h.P99MS), num(h.MaxMS))
	p("")
	a := r.Abandoned
	p("A CSV export of every 的 (about a million lines) whose client leaves after 1 s: the server used %s CPU-s while it was asked, %s CPU-s in the next second and %s in the one after.",
		num(a.CPUDuringS), num(a.CPUAfter1S), num(a.CPUAfter2S))
	p("")
	l := r.Load
	p("## Load with an import")
	p("")
	p("%d connections sent the benchmark's mixed searches for %.0f s while one more client posted documents (the default corpus's, retitled) through `POST /api/documents`.", safetyConns, l.Seconds)
	p("")
	p("| figure | value |")
	p("|---|---:|")
	p("| searches answered | %d (%s req/s) |", l.Requests, num(l.ReqPerSec))
	p("| p50 / p99 ms | %s / %s |", num(l.P50), num(l.P99))
	statuses := []string{}
	for st, n := range l.Status {
		statuses = append(statuses, fmt.Sprintf("%d × %d", n, st))
	}
	p("| statuses | %s |", strings.Join(statuses, ", "))
	p("| transport errors | %d |", l.Errors)
	p("| documents posted / created / failed | %d / %d / %d |", l.Posted, l.Created, l.PostErrors)
	p("| server RSS at the start / peak / end, MiB | %s / %s / %s |", num(l.RSSStartMB), num(l.RSSPeakMB), num(l.RSSEndMB))
	p("")
	p("## Shutdown")
	p("")
	p("SIGTERM with %d connections searching: the server exited after %s ms (bound: %s).", safetyConns, num(r.ShutdownMS), "5 s")
	return os.WriteFile(out, []byte(b.String()), 0o644)
}
