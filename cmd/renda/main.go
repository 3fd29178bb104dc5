// Command renda is Renda's one binary: it serves the archive over HTTP,
// imports files into it and searches it from the terminal.
//
//	renda serve  [--addr 127.0.0.1:8080] [--data DIR]
//	renda import [--data DIR] PATH...
//	renda search [--data DIR] [--json] [--format csv|json] QUERY
//	renda kwic   [--data DIR] [--sort right|left|year|-year|doc] [--format csv|json] QUERY
//	renda trends [--data DIR] [--split type|level] [--format csv|json] TERM...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

const usage = `renda — 人大文献检索: search and archive people's-congress documents.

Usage:
  renda serve  [--addr 127.0.0.1:8080] [--data DIR]   serve the API and the web pages
  renda import [--data DIR] PATH...                    import files or folders
  renda search [--data DIR] [--json] [--size N] QUERY  search from the terminal
  renda kwic   [--data DIR] [--sort left] QUERY          concordance: every occurrence in context
  renda trends [--data DIR] [--split type] TERM...       occurrences per year, per 10,000 characters
  renda followups [--data DIR] [--precedents] DOC      plan items and next year's report on them

The data folder defaults to $RENDA_DATA, or ./renda-data. "serve" builds it
from the embedded default corpus the first time; "import" creates the
archive when the first document is ready. search, kwic and trends export with
--format csv (UTF-8 with BOM, for Excel) or --format json. Run
"renda COMMAND --help" for a command's flags.
`

// memoryLimit is the soft limit on the Go heap when GOMEMLIMIT is not set:
// the garbage collector works harder near it instead of letting the heap
// double, so building the default archive peaks at about this much and a
// busy server does not grow past it. Above it Go only collects more often;
// nothing fails.
const memoryLimit = 320 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "renda:", err)
		code := 1
		var ec *exitError
		if errors.As(err, &ec) {
			code = ec.code
		}
		os.Exit(code)
	}
}

// exitError is an error with the exit status it gives: import exits 1 when
// some files were skipped and 2 when nothing could be done.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// run executes one command line; main only wires the process to it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "import":
		return importCmd(ctx, args[1:], stdout, stderr)
	case "search":
		return searchCmd(ctx, args[1:], stdout, stderr)
	case "kwic":
		return kwicCmd(ctx, args[1:], stdout, stderr)
	case "trends":
		return trendsCmd(ctx, args[1:], stdout, stderr)
	case "followups":
		return followupsCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// defaultData is the data folder when --data is not given.
func defaultData() string {
	if d := os.Getenv("RENDA_DATA"); d != "" {
		return d
	}
	return "renda-data"
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: renda %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
