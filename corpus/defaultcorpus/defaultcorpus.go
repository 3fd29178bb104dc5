// Package defaultcorpus is Renda's default archive: every document of the
// shared source corpus (national reports and resolutions, provincial reports,
// a district report, laws and local regulations), imported by package corpus
// and embedded in the binary, so that a fresh install can search something.
//
// The archive is gzip-compressed JSON Lines, one corpus.Document a line,
// without Sections or Passages. To keep it small, Original is not stored when
// it can be rebuilt from Text: a document's Original is stored as the edits
// that turn Text back into it (the furniture and blank lines the importer
// removed). Build checks that the edits rebuild Original byte for byte and
// stores Original itself for any document where they would not.
//
// Regenerate corpus.jsonl.gz after changing the importers with go generate.
package defaultcorpus

//go:generate go run ./gen ../../../shared/corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	_ "embed"

	"github.com/renda-archive/renda/corpus"
)

//go:embed corpus.jsonl.gz
var embedded []byte

// record is one line of the archive: a document whose Original is empty when
// Edits rebuild it from Text.
type record struct {
	*corpus.Document
	Edits []corpus.Edit `json:"edits,omitempty"`
}

// Build imports every file under root (corpus.Files order: lexical, hidden
// files skipped) and writes the archive to w: gzip-compressed JSON Lines of
// the documents, with Source.Path relative to root. The output depends only
// on the files (gzip header without name or time), so building twice gives
// the same bytes. It returns the number of documents written and the
// problems met, with paths relative to root; err is non-nil if root cannot
// be read or w fails. Build is safe for concurrent use with distinct writers.
func Build(root string, w io.Writer) (n int, problems []corpus.Problem, err error) {
	files, err := corpus.Files([]string{root})
	if err != nil {
		return 0, nil, err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return 0, nil, err
	}
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	rel := func(p string) string {
		if r, err := filepath.Rel(root, filepath.FromSlash(p)); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
	seen := corpus.Seen{}
	for _, f := range files {
		docs, probs := corpus.ReadFile(f)
		for _, d := range docs {
			d.Source.Path = rel(d.Source.Path)
			if p, ok := seen.Check(d); !ok {
				probs = append(probs, p)
			}
		}
		for _, p := range probs {
			if !strings.HasPrefix(p.Reason, "the same document as") {
				p.Path = rel(p.Path) // those are relative already
			}
			problems = append(problems, p)
		}
		for _, d := range docs {
			if seen[d.ID] != d.Source.Path {
				continue // reported above
			}
			c := *d
			c.Sections, c.Passages = nil, nil
			rec := record{Document: &c}
			if edits, ok := corpus.Edits(d.Text, d.Original); ok {
				rec.Edits, c.Original = edits, ""
			}
			if err := enc.Encode(rec); err != nil {
				return n, problems, fmt.Errorf("defaultcorpus: %w", err)
			}
			n++
		}
	}
	if err := zw.Close(); err != nil {
		return n, problems, fmt.Errorf("defaultcorpus: %w", err)
	}
	return n, problems, nil
}

// Each decodes the embedded archive and calls fn for each document in
// order, stopping at the first error fn returns (returned as is). Each
// document is new and owned by fn. It returns an error if the archive is
// damaged. Each is safe for concurrent use.
func Each(fn func(*corpus.Document) error) error {
	return each(embedded, fn)
}

func each(data []byte, fn func(*corpus.Document) error) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("defaultcorpus: %w", err)
	}
	defer zr.Close()
	dec := json.NewDecoder(bufio.NewReader(zr))
	for line := 1; ; line++ {
		var rec record
		if err := dec.Decode(&rec); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("defaultcorpus: record %d: %w", line, err)
		}
		d := rec.Document
		if d == nil {
			return fmt.Errorf("defaultcorpus: record %d: empty", line)
		}
		if d.Original == "" {
			if d.Original, err = corpus.ApplyEdits(d.Text, rec.Edits); err != nil {
				return fmt.Errorf("defaultcorpus: record %d: %w", line, err)
			}
		}
		if err := fn(d); err != nil {
			return err
		}
	}
}

// Len returns the number of documents in the embedded archive, counting
// its lines without decoding them. It returns an error if the archive is
// damaged.
func Len() (int, error) {
	zr, err := gzip.NewReader(bytes.NewReader(embedded))
	if err != nil {
		return 0, fmt.Errorf("defaultcorpus: %w", err)
	}
	defer zr.Close()
	n := 0
	buf := make([]byte, 1<<16)
	for {
		k, err := zr.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return 0, fmt.Errorf("defaultcorpus: %w", err)
		}
	}
}

// Documents returns every document of the embedded archive, in order. It
// returns an error if the archive is damaged. It is safe for concurrent use;
// each call returns new documents.
func Documents() ([]*corpus.Document, error) {
	var docs []*corpus.Document
	err := Each(func(d *corpus.Document) error {
		docs = append(docs, d)
		return nil
	})
	return docs, err
}
