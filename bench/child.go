package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/search"
)

// childCommand is the hidden first argument that makes the binary a child
// process doing one task of the benchmark.
const childCommand = "__bench-child"

// Child tasks.
const (
	taskBuild = "build" // build one engine's index
	taskQuery = "query" // run the query classes (and for Renda the HTTP tests)
	taskOpen  = "open"  // Renda: open the archive and answer one search
)

// mixedQueries is how many mixed HTTP requests run before the serving RSS
// is read.
const mixedQueries = 1000

// queryResult is what one engine's query child measured.
type queryResult struct {
	Engine  string        `json:"engine"`
	Scale   int           `json:"scale"`
	Classes []classResult `json:"classes"`
	// PeakRSSMB is the query child's Maxrss, filled by the parent.
	PeakRSSMB float64 `json:"peak_rss_mb"`

	// Version is SQLite's sqlite_version().
	Version string `json:"version,omitempty"`

	// Renda only.
	OpenRSSMB  float64 `json:"open_rss_mb,omitempty"`  // VmRSS right after indexer.Open and search.New
	ServeRSSMB float64 `json:"serve_rss_mb,omitempty"` // VmRSS after mixedQueries HTTP requests
	// ServeAnonMB and ServeFileMB split ServeRSSMB into anonymous memory
	// (heap, stacks) and file pages (mapped segments, the binary).
	ServeAnonMB float64     `json:"serve_anon_mb,omitempty"`
	ServeFileMB float64     `json:"serve_file_mb,omitempty"`
	Mixed       *httpResult `json:"mixed,omitempty"` // those requests
	Load        *httpResult `json:"load,omitempty"`  // the timed load test
}

// openResult is one fresh process's time from its start to the first answer.
type openResult struct {
	OpenMS  float64 `json:"open_ms"`  // indexer.Open
	FirstMS float64 `json:"first_ms"` // Open, search.New and the first Search
}

// runChild does the task its arguments name and writes the result as JSON
// to the -result file.
func runChild(args []string) error {
	start := time.Now()
	fs := flag.NewFlagSet(childCommand, flag.ContinueOnError)
	task := fs.String("task", "", "build, query or open")
	engine := fs.String("engine", engineRenda, "renda or sqlite")
	scale := fs.Int("scale", 1, "copies of the default corpus")
	dir := fs.String("dir", "", "index folder")
	queries := fs.String("queries", "", "query set JSON")
	duration := fs.Duration("duration", 20*time.Second, "HTTP load test duration")
	result := fs.String("result", "", "result JSON file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log.SetPrefix(fmt.Sprintf("bench %s %s %d×: ", *task, *engine, *scale))
	var out any
	var err error
	switch *task {
	case taskBuild:
		out, err = buildIndex(*engine, *scale, *dir)
	case taskQuery:
		var qs *querySet
		if qs, err = readQuerySet(*queries); err == nil {
			out, err = queryIndex(*engine, *scale, *dir, qs, *duration)
		}
	case taskOpen:
		out, err = openFirst(start, *dir)
	default:
		err = fmt.Errorf("unknown task %q", *task)
	}
	if err != nil {
		return err
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	if err := os.WriteFile(*result, raw, 0o644); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// readQuerySet reads the query set the parent wrote.
func readQuerySet(path string) (*querySet, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read query set: %w", err)
	}
	var qs querySet
	if err := json.Unmarshal(raw, &qs); err != nil {
		return nil, fmt.Errorf("decode query set %s: %w", path, err)
	}
	return &qs, nil
}

// queryIndex runs the query classes on engine's index in dir; for Renda it
// first serves the archive over HTTP, reads the RSS after opening and after
// mixedQueries mixed requests, and ends with the timed load test.
func queryIndex(engine string, scale int, dir string, qs *querySet, d time.Duration) (*queryResult, error) {
	ctx := context.Background()
	res := &queryResult{Engine: engine, Scale: scale}
	if engine == engineSQLite {
		db, err := openSQLite(dir)
		if err != nil {
			return nil, err
		}
		defer db.Close()
		if err := db.QueryRow(`SELECT sqlite_version()`).Scan(&res.Version); err != nil {
			return nil, fmt.Errorf("sqlite version: %w", err)
		}
		for _, c := range sqliteClasses(db, qs) {
			log.Printf("%s: %d requests", c.name, len(c.jobs))
			res.Classes = append(res.Classes, runClass(ctx, c))
		}
		return res, nil
	}
	ix, err := indexer.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open renda index: %w", err)
	}
	defer ix.Close()
	e := search.New(ix)
	e.CacheResults(0) // warm-up requests repeat: measure the engine, not the cache
	res.OpenRSSMB = procStatusMB("VmRSS")
	srv, err := startServer(ix)
	if err != nil {
		return nil, err
	}
	log.Printf("%d mixed HTTP requests", mixedQueries)
	mixed := srv.load(qs.HTTP, httpConnections, mixedQueries, time.Hour)
	res.Mixed = &mixed
	res.ServeRSSMB = procStatusMB("VmRSS")
	res.ServeAnonMB, res.ServeFileMB = procStatusMB("RssAnon"), procStatusMB("RssFile")
	for _, c := range rendaClasses(e, qs) {
		log.Printf("%s: %d requests", c.name, len(c.jobs))
		res.Classes = append(res.Classes, runClass(ctx, c))
	}
	log.Printf("HTTP load test: %d connections for %s", httpConnections, d)
	load := srv.load(qs.HTTP, httpConnections, maxLoadRequests, d)
	res.Load = &load
	if err := srv.close(); err != nil {
		return nil, err
	}
	return res, nil
}

// openFirst opens the Renda archive in dir and answers the first search,
// the way a restarted server does, and times it from start (this
// process's main).
func openFirst(start time.Time, dir string) (*openResult, error) {
	ix, err := indexer.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open renda index: %w", err)
	}
	defer ix.Close()
	opened := time.Since(start)
	if _, err := search.New(ix).Search(context.Background(), search.Request{Query: benchWords[0], Size: 10}); err != nil {
		return nil, fmt.Errorf("first search: %w", err)
	}
	return &openResult{OpenMS: ms(opened), FirstMS: ms(time.Since(start))}, nil
}

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// spawn runs this binary as a child process doing one task, decodes its
// result into out, and returns the child's peak resident set in MB (its
// Maxrss, counted from the child's last peak reset) and its wall time.
func spawn(resultFile string, out any, args ...string) (peakMB float64, wall time.Duration, err error) {
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	os.Remove(resultFile)
	cmd := exec.Command(self, append([]string{childCommand, "-result", resultFile}, args...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("child %v: %w", args, err)
	}
	wall = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peakMB = float64(ru.Maxrss) / 1024 // kB on Linux
	}
	raw, err := os.ReadFile(resultFile)
	if err != nil {
		return 0, 0, fmt.Errorf("child %v: %w", args, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return 0, 0, fmt.Errorf("child %v: decode result: %w", args, err)
	}
	return peakMB, wall, nil
}
