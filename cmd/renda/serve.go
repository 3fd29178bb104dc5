package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr 127.0.0.1:8080] [--data DIR]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", defaultData(), "data folder (env RENDA_DATA); built from the embedded corpus if missing")
	tokenFile := fs.String("token-file", "", "file holding the token that writes need (default: env RENDA_TOKEN; neither: writes are off)")
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
	h := api.New(ix, logger)
	token, err := writeToken(*tokenFile)
	if err != nil {
		return err
	}
	h.AllowWrites(token)
	if token == "" {
		fmt.Fprintln(stderr, "renda: writes are off (set RENDA_TOKEN or --token-file to accept documents)")
	}
	if err := api.Serve(ctx, ln, h, logger); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "renda: stopped")
	return nil
}

// writeToken reads the write token from file, or from RENDA_TOKEN when
// file is "". A token file must hold a token of at least 16 characters.
func writeToken(file string) (string, error) {
	token := os.Getenv("RENDA_TOKEN")
	if file != "" {
		raw, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("--token-file: %w", err)
		}
		token = strings.TrimSpace(string(raw))
		if len(token) < 16 {
			return "", fmt.Errorf("--token-file %s: the token is %d characters; use at least 16", file, len(token))
		}
	}
	return strings.TrimSpace(token), nil
}
