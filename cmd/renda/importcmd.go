package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "import [--data DIR] PATH...", stderr)
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA); created empty if missing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("import: no files or folders given")
	}
	ix, err := indexer.Open(*data)
	if errors.Is(err, os.ErrNotExist) {
		ix, err = indexer.Create(*data)
	}
	if err != nil {
		return err
	}
	bar := newBar(stderr, "importing")
	sum, err := ingest.Files(ctx, ix, fs.Args(), bar.progress)
	bar.finish()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	fmt.Fprintf(stdout, "imported %d, replaced %d, unchanged %d, skipped %d\n", sum.Imported, sum.Replaced, sum.Unchanged, len(sum.Skipped))
	for _, p := range sum.Skipped {
		fmt.Fprintf(stdout, "skipped %s\n", p.Error())
	}
	return err
}
