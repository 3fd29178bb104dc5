package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

// importCmd imports files into a data folder. Its exit status says how it
// went: 0 when every file was imported or unchanged, 1 when some were
// skipped (each named with its line), 2 when nothing could be done.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "import [--data DIR] PATH...", stderr)
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA); created when the first document is ready")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{2, errors.New("import: no files or folders given")}
	}
	bar := newBar(stderr, "importing")
	sum, err := ingest.Import(ctx, *data, fs.Args(), bar.progress)
	bar.finish()
	var le *indexer.LockedError
	if errors.As(err, &le) && le.Holder.Addr != "" && os.Getenv("RENDA_TOKEN") != "" {
		fmt.Fprintf(stderr, "renda: %s is served by process %d; importing through http://%s\n", *data, le.Holder.PID, le.Holder.Addr)
		sum, err = postFiles(ctx, "http://"+le.Holder.Addr, os.Getenv("RENDA_TOKEN"), fs.Args(), newBar(stderr, "importing").progress)
	}
	switch {
	case errors.As(err, &le) && le.Holder.Addr != "":
		return &exitError{2, fmt.Errorf("%v; set RENDA_TOKEN to its write token to import through it, or stop it first", le)}
	case errors.As(err, &le):
		return &exitError{2, fmt.Errorf("%v; wait for it to finish, then try again", le)}
	case errors.Is(err, ingest.ErrNotArchive):
		return &exitError{2, err}
	}
	printSummary(stdout, sum)
	switch {
	case err != nil:
		return &exitError{2, err}
	case sum.Documents() == 0:
		return &exitError{2, fmt.Errorf("import: nothing imported from %d paths; see the skipped files above", fs.NArg())}
	case len(sum.Skipped) > 0:
		return &exitError{1, fmt.Errorf("import: %d files or records skipped", len(sum.Skipped))}
	}
	return nil
}

// printSummary writes what an import did, each skipped or repaired file
// with its line.
func printSummary(w io.Writer, sum ingest.Summary) {
	fmt.Fprintf(w, "imported %d, replaced %d, unchanged %d, skipped %d\n", sum.Imported, sum.Replaced, sum.Unchanged, len(sum.Skipped))
	for _, p := range sum.Skipped {
		fmt.Fprintf(w, "skipped %s\n", p.Error())
	}
	for _, p := range sum.Repaired {
		fmt.Fprintf(w, "repaired %s\n", p.Error())
	}
}

// postFiles imports the files at paths through the server at base, one
// POST per file, and sums up its answers as a local import would.
func postFiles(ctx context.Context, base, token string, paths []string, progress ingest.Progress) (ingest.Summary, error) {
	var sum ingest.Summary
	files, err := corpus.Files(paths)
	if err != nil {
		return sum, err
	}
	client := &http.Client{Timeout: api.WriteRequestTimeout + 10*time.Second}
	for k, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			sum.Skipped = append(sum.Skipped, corpus.Problem{Path: f, Reason: err.Error()})
			continue
		}
		name := filepath.ToSlash(f)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/documents?name="+url.QueryEscape(name), bytes.NewReader(data))
		if err != nil {
			return sum, err
		}
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return sum, fmt.Errorf("the server at %s does not answer: %w", base, err)
		}
		var answer struct {
			api.WriteResponse
			Error corpus.Error
		}
		err = json.NewDecoder(resp.Body).Decode(&answer)
		resp.Body.Close()
		switch {
		case err != nil:
			return sum, fmt.Errorf("answer of %s for %s: %w", base, f, err)
		case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
			return sum, fmt.Errorf("the server at %s refused the import: %s", base, answer.Error.Message)
		case resp.StatusCode >= 400:
			sum.Skipped = append(sum.Skipped, corpus.Problem{Path: f, Reason: answer.Error.Message})
		default:
			for _, d := range answer.Documents {
				switch d.Status {
				case "created":
					sum.Imported++
				case "replaced":
					sum.Replaced++
				case "unchanged":
					sum.Unchanged++
				}
			}
			sum.Skipped = append(sum.Skipped, answer.Skipped...)
			sum.Repaired = append(sum.Repaired, answer.Repaired...)
		}
		if progress != nil {
			progress(k+1, len(files))
		}
	}
	return sum, nil
}
