package indexer

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/renda-archive/renda/corpus"
)

// Stored documents live in files, one per indexed version, under the data
// directory's docs directory: Bleve keeps every internal value in memory
// and rewrites them all on each persist, which made whole documents there
// cost disk, memory and indexing time.
//
// A file is written (temporary name, fsync, rename) before the Bleve batch
// that indexes its document, and the batch, which carries the catalog
// entry naming the file's hash, is the commit point: a crash in between
// leaves a file that no catalog entry names, which Open deletes. Files of
// replaced and deleted versions are removed once their batch is written.
const (
	docsDir    = "docs"     // under the data directory
	docsSuffix = ".json.gz" // of a stored document's file
	tempSuffix = ".tmp"     // of a file being written
)

// docFile returns the file name of version hash of document id:
// <id>-<hash>.json.gz with both escaped to the characters [0-9a-z_], so
// that any ID is a safe file name and different (id, hash) pairs never
// share a name, even on a case-insensitive file system. Names that would
// be too long use a digest instead.
func docFile(id, hash string) string {
	name := escapeName(id) + "-" + escapeName(hash) + docsSuffix
	if len(name) > 200 {
		// '~' is escaped above, so digests never meet escaped names.
		sum := sha256.Sum256([]byte(id + "\x00" + hash))
		name = "~" + hex.EncodeToString(sum[:16]) + docsSuffix
	}
	return name
}

// escapeName keeps [0-9a-z_] and writes any other byte as ~XX (hex).
func escapeName(s string) string {
	var b strings.Builder
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "~%02x", c)
		}
	}
	return b.String()
}

// docPath returns the path of the file of version hash of document id.
func (i *Index) docPath(id, hash string) string {
	return filepath.Join(i.dir, docsDir, docFile(id, hash))
}

// writeDoc writes a stored document durably: to a temporary file, synced,
// then renamed to its name. The caller syncs the directory (syncDocsDir)
// before relying on the names.
func (i *Index) writeDoc(id, hash string, data []byte) (err error) {
	path := i.docPath(id, hash)
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*"+tempSuffix)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// syncDocsDir makes renames in the docs directory durable.
func (i *Index) syncDocsDir() error { return syncDir(filepath.Join(i.dir, docsDir)) }

// syncDir makes the renames in directory dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// sweep deletes the files in the docs directory that no catalog entry
// names: documents of batches that were never written, versions replaced
// or deleted whose removal did not happen, temporary files. Errors are
// returned only for the listing; a file that cannot be removed stays.
func (i *Index) sweep() error {
	keep := make(map[string]bool, len(i.catalog))
	for _, m := range i.catalog {
		keep[docFile(m.ID, m.Hash)] = true
	}
	dir := filepath.Join(i.dir, docsDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() && !keep[name] &&
			(strings.HasSuffix(name, docsSuffix) || strings.HasSuffix(name, tempSuffix)) {
			os.Remove(filepath.Join(dir, name))
		}
	}
	return nil
}

// readDoc reads and decodes the stored copy of m's version.
func (i *Index) readDoc(m *Meta) (*corpus.Document, error) {
	raw, err := os.ReadFile(i.docPath(m.ID, m.Hash))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// The catalog names it: the data directory lost a file.
			return nil, fmt.Errorf("stored copy missing: %v", err)
		}
		return nil, err
	}
	return decode(raw)
}

// stored is the JSON stored for a document. Passage texts are the lines
// of Document.Text (corpus.Passage), so when that holds for every passage
// they are left out and restored on decoding: a third less to store. The
// Original is stored as the edits that rebuild it from Text when there are
// such edits: a third less again.
type stored struct {
	Doc      *corpus.Document `json:"doc"`
	FromText bool             `json:"fromText,omitempty"` // passage texts are Doc.Text's lines
	Edits    []corpus.Edit    `json:"edits,omitempty"`    // rebuild Doc.Original from Doc.Text
	Edited   bool             `json:"edited,omitempty"`   // Doc.Original is left out: apply Edits
}

// encode returns d as gzip-compressed JSON, using gz and buf as scratch.
func encode(gz *gzip.Writer, buf *bytes.Buffer, d *corpus.Document) ([]byte, error) {
	st := stored{Doc: d}
	lines := strings.Split(d.Text, "\n")
	if len(lines) >= len(d.Passages) && !slices.ContainsFunc(d.Passages, func(p corpus.Passage) bool {
		return p.Text != lines[p.Ordinal-1]
	}) {
		cp := *d
		cp.Passages = slices.Clone(d.Passages)
		for k := range cp.Passages {
			cp.Passages[k].Text = ""
		}
		st = stored{Doc: &cp, FromText: true}
	}
	if edits, ok := corpus.Edits(d.Text, d.Original); ok {
		cp := *st.Doc
		cp.Original = ""
		st.Doc, st.Edits, st.Edited = &cp, edits, true
	}
	buf.Reset()
	gz.Reset(buf)
	if err := json.NewEncoder(gz).Encode(st); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// decode reverses encode.
func decode(raw []byte) (*corpus.Document, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var st stored
	if err := json.NewDecoder(zr).Decode(&st); err != nil {
		return nil, err
	}
	d := st.Doc
	if d == nil {
		return nil, errors.New("stored document is empty")
	}
	if st.Edited {
		if d.Original, err = corpus.ApplyEdits(d.Text, st.Edits); err != nil {
			return nil, fmt.Errorf("stored original: %w", err)
		}
	}
	if st.FromText {
		lines := strings.Split(d.Text, "\n")
		for k := range d.Passages {
			p := &d.Passages[k]
			if p.Ordinal < 1 || p.Ordinal > len(lines) {
				return nil, fmt.Errorf("passage %s: ordinal %d out of %d lines", p.ID, p.Ordinal, len(lines))
			}
			p.Text = lines[p.Ordinal-1]
		}
	}
	return d, nil
}

// writeDocs writes the stored copies of a batch's documents and makes
// their names durable, before the batch is written.
func (i *Index) writeDocs(pending []pending) error {
	n := 0
	for _, p := range pending {
		if p.stored == nil {
			continue
		}
		if err := i.writeDoc(p.meta.ID, p.meta.Hash, p.stored); err != nil {
			return fmt.Errorf("store %s: %w", p.meta.ID, err)
		}
		n++
	}
	if n == 0 {
		return nil
	}
	return i.syncDocsDir()
}
