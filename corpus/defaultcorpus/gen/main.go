// Command gen writes Renda's default archive, corpus.jsonl.gz, from the
// shared source corpus:
//
//	go run ./gen [-o corpus.jsonl.gz] ../../../shared/corpus
//
// It prints the number of documents and every problem met.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/renda-archive/renda/corpus/defaultcorpus"
)

func main() {
	out := flag.String("o", "corpus.jsonl.gz", "output file")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: gen [-o file] corpus-folder")
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".corpus-*.gz")
	if err != nil {
		log.Fatal(err)
	}
	n, problems, err := defaultcorpus.Build(flag.Arg(0), tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		os.Remove(tmp.Name())
		log.Fatal(err)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "skipped:", p.Error())
	}
	info, _ := os.Stat(*out)
	fmt.Fprintf(os.Stderr, "%s: %d documents, %d problems, %d bytes\n", *out, n, len(problems), info.Size())
}
