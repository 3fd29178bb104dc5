package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr 127.0.0.1:8080] [--data DIR]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA); built from the embedded corpus if missing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if _, err := os.Stat(*data); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "building %s from the embedded default corpus…\n", *data)
		bar := newBar(stderr, "indexing")
		sum, err := ingest.BuildDefault(ctx, *data, bar.progress)
		bar.finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "indexed %d documents\n", sum.Imported)
	}
	ix, err := indexer.Open(*data)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s exists but holds no archive: remove it to build the default archive there, or give another --data folder", *data)
	}
	if err != nil {
		return openError(*data, err)
	}
	defer ix.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if err := ix.Announce(ln.Addr().String()); err != nil {
		return err
	}
	docs, passages := ix.Stats()
	fmt.Fprintf(stdout, "renda: serving %d documents (%d passages) on http://%s\n", docs, passages, ln.Addr())
	logger := log.New(stderr, "renda: ", log.LstdFlags)
	if err := api.Serve(ctx, ln, api.New(ix, logger), logger); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "renda: stopped")
	return nil
}
