package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// firstRunResult is what a newcomer's first command costs: `renda serve`
// on a data folder that does not exist yet builds the default archive from
// the embedded corpus, opens it and starts serving.
type firstRunResult struct {
	Seconds   float64 `json:"seconds"`     // from exec to the "serving" line
	PeakRSSMB float64 `json:"peak_rss_mb"` // the process's Maxrss
	DiskBytes int64   `json:"disk_bytes"`  // the data folder it built
}

// firstRun builds the renda binary from the main module into work, runs
// `renda serve --data work/first-run --addr 127.0.0.1:0` until it says it
// is serving, stops it with SIGTERM and returns what it measured. The
// binary keeps its own settings (its soft memory limit among them), so the
// figures are a user's.
func firstRun(work string) (*firstRunResult, error) {
	bin := filepath.Join(work, "renda")
	build := exec.Command("go", "build", "-o", bin, "./cmd/renda")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("build renda: %w", err)
	}
	data := filepath.Join(work, "first-run")
	if err := os.RemoveAll(data); err != nil {
		return nil, err
	}
	defer os.RemoveAll(data)
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = withoutEnv(os.Environ(), "GOMEMLIMIT", "RENDA_DATA")
	cmd.Stderr = io.Discard // the progress bar
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start renda serve: %w", err)
	}
	res := &firstRunResult{}
	lines := bufio.NewScanner(out)
	serving := false
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "renda: serving") {
			res.Seconds = time.Since(start).Seconds()
			serving = true
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	go io.Copy(io.Discard, out)
	werr := cmd.Wait()
	if !serving {
		return nil, fmt.Errorf("renda serve stopped before serving: %v", werr)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.PeakRSSMB = float64(ru.Maxrss) / 1024
	}
	if res.DiskBytes, err = dirSize(data); err != nil {
		return nil, err
	}
	return res, nil
}

// withoutEnv returns env without the variables named.
func withoutEnv(env []string, names ...string) []string {
	var out []string
next:
	for _, kv := range env {
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}
