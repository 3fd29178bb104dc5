// Command bench measures Renda side by side with SQLite FTS5 (trigram
// tokenizer, through the pure-Go driver modernc.org/sqlite) on the
// embedded default corpus and on a synthetic scale-up of it, and writes
// the figures as a Markdown report. It is a module of its own so that the
// main module does not depend on SQLite. Linux only (it reads /proc and
// the children's rusage).
//
// Usage, from the bench folder:
//
//	go run . [flags]
//
// The flags are:
//
//	-scale N
//		copies of the default corpus in the synthetic scale-up (default 5);
//		1 measures the default corpus alone
//	-duration D
//		length of each HTTP load test (default 20s)
//	-out FILE
//		where the Markdown report goes (default ../docs/performance.md)
//	-json FILE
//		also write every raw figure as JSON (default none)
//	-work DIR
//		folder for the indexes (default a new folder under $TMPDIR)
//	-keep
//		keep the indexes and the work folder after the run
//	-from FILE
//		measure nothing: write the report from a file written by -json
//
// For each corpus size and each engine, the binary re-executes itself with
// a hidden subcommand to build the index in a child process, so that the
// child's peak resident set (its Maxrss) is that engine's alone; further
// children run each engine's queries (and Renda's HTTP tests) and open the
// Renda archive in a fresh process three times. The parent only draws the
// queries, starts the children and writes the report.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// options are the command-line flags.
type options struct {
	scale    int
	duration time.Duration
	out      string
	jsonOut  string
	work     string
	keep     bool
	from     string
	safety   bool
}

// engines are the engines measured, in report order.
var engines = []string{engineRenda, engineSQLite}

// openRuns is how many fresh processes open the archive.
const openRuns = 3

// sizeRun is everything measured on one corpus size.
type sizeRun struct {
	Scale  int                     `json:"scale"`
	Build  map[string]*buildResult `json:"build"`
	Query  map[string]*queryResult `json:"query"`
	Open   []openResult            `json:"open"`    // Renda, one per fresh process
	OpenMS []float64               `json:"open_ms"` // wall time of each of those processes
	// FirstRun is `renda serve` building the default archive (1× only).
	FirstRun *firstRunResult `json:"first_run,omitempty"`
}

// results is everything the report shows.
type results struct {
	Machine  machine       `json:"machine"`
	Command  string        `json:"command"`
	Driver   string        `json:"driver"` // modernc.org/sqlite's version
	Scale    int           `json:"scale"`
	Duration time.Duration `json:"duration"`
	Queries  *querySet     `json:"queries"`
	Sizes    []*sizeRun    `json:"sizes"`
	Took     time.Duration `json:"took"`
	LoadEnd  string        `json:"load_end"` // load averages at the end
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == childCommand {
		if err := runChild(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench child:", err)
			os.Exit(1)
		}
		return
	}
	var opt options
	flag.IntVar(&opt.scale, "scale", 5, "copies of the default corpus in the synthetic scale-up (1: the default corpus alone)")
	flag.DurationVar(&opt.duration, "duration", 20*time.Second, "length of each HTTP load test")
	flag.StringVar(&opt.out, "out", "../docs/performance.md", "Markdown report")
	flag.StringVar(&opt.jsonOut, "json", "", "also write the raw figures as JSON to this file")
	flag.StringVar(&opt.work, "work", "", "folder for the indexes (default a new temporary folder)")
	flag.BoolVar(&opt.keep, "keep", false, "keep the indexes after the run")
	flag.StringVar(&opt.from, "from", "", "measure nothing: write the report from this -json file")
	flag.BoolVar(&opt.safety, "safety", false, "run the safety checks instead (pathological queries, load with an import, shutdown) and write -out (default ../docs/safety.md)")
	flag.Parse()
	if opt.scale < 1 || opt.duration <= 0 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	log.SetPrefix("bench: ")
	do := run
	if opt.from != "" {
		do = rewrite
	}
	if opt.safety {
		do = runSafety
		if !isFlagSet("out") {
			opt.out = "../docs/safety.md"
		}
	}
	if err := do(opt); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run measures every corpus size and writes the report.
func run(opt options) error {
	start := time.Now()
	work := opt.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "renda-bench-"); err != nil {
			return fmt.Errorf("work folder: %w", err)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("work folder: %w", err)
	}
	if !opt.keep {
		defer os.RemoveAll(work)
	}
	res := &results{Machine: machineInfo(), Command: command(), Driver: moduleVersion("modernc.org/sqlite"),
		Scale: opt.scale, Duration: opt.duration}

	log.Printf("drawing the queries from the default corpus")
	docs, err := loadCorpus()
	if err != nil {
		return err
	}
	res.Queries = newQuerySet(docs)
	docs = nil
	runtime.GC()
	queriesFile := filepath.Join(work, "queries.json")
	raw, err := json.Marshal(res.Queries)
	if err != nil {
		return fmt.Errorf("encode queries: %w", err)
	}
	if err := os.WriteFile(queriesFile, raw, 0o644); err != nil {
		return fmt.Errorf("write queries: %w", err)
	}

	scales := []int{1}
	if opt.scale > 1 {
		scales = append(scales, opt.scale)
	}
	resultFile := filepath.Join(work, "result.json")
	for _, s := range scales {
		sr := &sizeRun{Scale: s, Build: map[string]*buildResult{}, Query: map[string]*queryResult{}}
		res.Sizes = append(res.Sizes, sr)
		dirs := map[string]string{}
		for _, e := range engines {
			dirs[e] = filepath.Join(work, fmt.Sprintf("%s-%dx", e, s))
			if err := os.RemoveAll(dirs[e]); err != nil {
				return fmt.Errorf("clear %s: %w", dirs[e], err)
			}
			log.Printf("building %s at %d× (%s elapsed)", e, s, time.Since(start).Round(time.Second))
			b := new(buildResult)
			peak, _, err := spawn(resultFile, b, "-task", taskBuild, "-engine", e, "-scale", strconv.Itoa(s), "-dir", dirs[e])
			if err != nil {
				return err
			}
			b.PeakRSSMB = peak
			if b.DiskBytes, err = dirSize(dirs[e]); err != nil {
				return err
			}
			sr.Build[e] = b
			log.Printf("%s %d×: %.1f s, %.1f MB on disk, peak RSS %.0f MB", e, s, b.Seconds, float64(b.DiskBytes)/1e6, peak)
		}
		for _, e := range engines {
			log.Printf("querying %s at %d× (%s elapsed)", e, s, time.Since(start).Round(time.Second))
			q := new(queryResult)
			peak, _, err := spawn(resultFile, q, "-task", taskQuery, "-engine", e, "-scale", strconv.Itoa(s),
				"-dir", dirs[e], "-queries", queriesFile, "-duration", opt.duration.String())
			if err != nil {
				return err
			}
			q.PeakRSSMB = peak
			sr.Query[e] = q
		}
		if s == 1 {
			log.Printf("renda serve on a fresh data folder (%s elapsed)", time.Since(start).Round(time.Second))
			if sr.FirstRun, err = firstRun(work); err != nil {
				return err
			}
			log.Printf("renda serve: serving after %.1f s, peak RSS %.0f MB", sr.FirstRun.Seconds, sr.FirstRun.PeakRSSMB)
		}
		log.Printf("opening renda at %d× in %d fresh processes", s, openRuns)
		for range openRuns {
			var o openResult
			_, wall, err := spawn(resultFile, &o, "-task", taskOpen, "-dir", dirs[engineRenda])
			if err != nil {
				return err
			}
			sr.Open = append(sr.Open, o)
			sr.OpenMS = append(sr.OpenMS, ms(wall))
		}
		if !opt.keep {
			for _, d := range dirs {
				os.RemoveAll(d)
			}
		}
	}
	res.Took, res.LoadEnd = time.Since(start), loadAverage()

	if opt.jsonOut != "" {
		raw, err := json.MarshalIndent(res, "", "\t")
		if err != nil {
			return fmt.Errorf("encode results: %w", err)
		}
		if err := os.WriteFile(opt.jsonOut, raw, 0o644); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
	}
	if err := saveReport(opt.out, res); err != nil {
		return err
	}
	log.Printf("done in %s: %s", res.Took.Round(time.Second), opt.out)
	return nil
}

// rewrite writes the report from the results in opt.from.
func rewrite(opt options) error {
	raw, err := os.ReadFile(opt.from)
	if err != nil {
		return fmt.Errorf("read results: %w", err)
	}
	var res results
	if err := json.Unmarshal(raw, &res); err != nil {
		return fmt.Errorf("decode results %s: %w", opt.from, err)
	}
	if len(res.Sizes) == 0 {
		return fmt.Errorf("%s holds no results", opt.from)
	}
	return saveReport(opt.out, &res)
}

// saveReport writes the report of res to the file out.
func saveReport(out string, res *results) error {
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := writeReport(f, res); err != nil {
		f.Close()
		return fmt.Errorf("report %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report %s: %w", out, err)
	}
	return nil
}

// moduleVersion returns the version of module path built into this
// binary, "" if unknown.
func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == path {
				return m.Version
			}
		}
	}
	return ""
}

// command is the command line as the user would type it from the
// repository root.
func command() string {
	return strings.TrimSpace("cd bench && go run . " + strings.Join(os.Args[1:], " "))
}

// isFlagSet reports whether the command line set the flag name.
func isFlagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
