package main

import (
	"context"
	"errors"
	"fmt"
	"io"

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
	switch {
	case errors.As(err, &le):
		return &exitError{2, fmt.Errorf("%v; stop it, import, and start it again", le)}
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
