package indexer

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/renda-archive/renda/corpus"
)

// Errors returned by Index methods, wrapped with context; test with
// errors.Is.
var (
	// ErrNotFound means no document with the given ID is indexed.
	ErrNotFound = errors.New("indexer: document not found")
	// ErrInvalid means a document given to Add cannot be indexed as it is:
	// no ID, no hash, no passages, or passages that do not follow the
	// corpus ID scheme.
	ErrInvalid = errors.New("indexer: invalid document")
	// ErrClosed means the Index was used after Close.
	ErrClosed = errors.New("indexer: index closed")
)

// Layout of a data directory and of Bleve's internal storage.
const (
	indexDir      = "index"        // the Bleve index, under the data directory
	formatKey     = "renda/format" // internal key: layout version
	formatVersion = "3"            // 1 kept stored documents in Bleve's internal storage; 2 had one DocValues field per label kind
	metaPrefix    = "meta/"        // internal key prefix: JSON of a document's Meta
)

// Index is Renda's search index over a data directory: a Bleve index of
// passage records (see the Field* names), the documents themselves stored
// compressed in files next to it (see store.go), and an in-memory catalog
// of document metadata.
//
// An Index is safe for concurrent use. Reads (Document, Catalog, Meta,
// Stats and searches through Bleve) run in parallel with each other and
// with writes; writes (Add, Delete) are serialized, one at a time.
type Index struct {
	dir   string
	bleve bleve.Index
	opt   options

	write sync.Mutex   // serializes Add, Delete and Close
	gz    *gzip.Writer // reused under write
	gzBuf bytes.Buffer // reused under write

	mu      sync.RWMutex // guards catalog and closed; held shared while reading Bleve
	catalog map[string]Meta
	closed  bool
}

// Create creates an empty index in data directory dir, creating dir if
// needed. It fails with an error wrapping fs.ErrExist if dir already holds
// an index, and with the underlying error if the index cannot be written
// or gse's dictionary cannot be loaded.
func Create(dir string) (*Index, error) {
	return createWith(dir, defaultOptions())
}

func createWith(dir string, opt options) (*Index, error) {
	path := filepath.Join(dir, indexDir)
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("indexer: create %s: %w", path, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("indexer: create: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, docsDir), 0o755); err != nil {
		return nil, fmt.Errorf("indexer: create: %w", err)
	}
	b, err := bleve.New(path, newMapping(opt))
	if err != nil {
		return nil, fmt.Errorf("indexer: create %s: %w", path, err)
	}
	if err := b.SetInternal([]byte(formatKey), []byte(formatVersion)); err != nil {
		b.Close()
		return nil, fmt.Errorf("indexer: create %s: %w", path, err)
	}
	i := newIndex(dir, b, opt)
	if err := i.sweep(); err != nil { // files left by an index removed without its docs
		b.Close()
		return nil, fmt.Errorf("indexer: create: %w", err)
	}
	return i, nil
}

// Open opens the index in data directory dir, loads its catalog and
// deletes stored-document files that the catalog does not name (left by
// an interrupted Add). It fails with an error wrapping fs.ErrNotExist if
// dir holds no index, and with an error saying so if the index was written
// in another layout, which only rebuilding it fixes.
func Open(dir string) (*Index, error) {
	path := filepath.Join(dir, indexDir)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("indexer: open: %w", err)
	}
	b, err := bleve.Open(path)
	if err != nil {
		return nil, fmt.Errorf("indexer: open %s: %w", path, err)
	}
	i := newIndex(dir, b, defaultOptions())
	if err := i.load(); err != nil {
		b.Close()
		return nil, fmt.Errorf("indexer: open %s: %w", path, err)
	}
	if err := i.sweep(); err != nil {
		b.Close()
		return nil, fmt.Errorf("indexer: open %s: %w", dir, err)
	}
	return i, nil
}

func newIndex(dir string, b bleve.Index, opt options) *Index {
	gz, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return &Index{dir: dir, bleve: b, opt: opt, gz: gz, catalog: make(map[string]Meta)}
}

// load checks the layout version and reads the catalog. Documents are
// enumerated through the doc field's terms; a term whose document was
// deleted (Bleve drops terms lazily) has no meta entry and is skipped.
func (i *Index) load() error {
	v, err := i.bleve.GetInternal([]byte(formatKey))
	if err != nil {
		return err
	}
	if string(v) != formatVersion {
		if len(v) > 0 {
			return fmt.Errorf("index layout %s, this Renda reads layout %s: rebuild the index", v, formatVersion)
		}
		return fmt.Errorf("not a Renda index (no layout version)")
	}
	dict, err := i.bleve.FieldDict(FieldDoc)
	if err != nil {
		return err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		raw, err := i.bleve.GetInternal([]byte(metaPrefix + e.Term))
		if err != nil {
			return err
		}
		if raw == nil {
			continue
		}
		var m Meta
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("catalog entry %s: %w", e.Term, err)
		}
		i.catalog[m.ID] = m
	}
}

// Close waits for a running Add or Delete to finish, then closes the
// index. Later calls of any method fail with ErrClosed; closing twice is
// not an error.
func (i *Index) Close() error {
	i.write.Lock()
	defer i.write.Unlock()
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		return nil
	}
	i.closed = true
	i.catalog = nil
	if err := i.bleve.Close(); err != nil {
		return fmt.Errorf("indexer: close: %w", err)
	}
	return nil
}

// Bleve returns the underlying Bleve index, for searching. It is safe for
// concurrent use; it is closed by Close. Writing to it directly would
// bypass the catalog: use Add and Delete.
func (i *Index) Bleve() bleve.Index {
	return i.bleve
}

// Status says what Add did with a document.
type Status int

// Outcomes of Add, per document.
const (
	// NotWritten: Add stopped (error or cancelled context) before the
	// document's batch was written; the index is as it was for it.
	NotWritten Status = iota
	// Added: the document was not indexed before.
	Added
	// Unchanged: the same ID and Hash were already indexed; nothing was
	// written.
	Unchanged
	// Replaced: another version was indexed; it was overwritten and its
	// passages that no longer exist were deleted.
	Replaced
)

// String returns the status as a word for logs and reports.
func (s Status) String() string {
	switch s {
	case Added:
		return "added"
	case Unchanged:
		return "unchanged"
	case Replaced:
		return "replaced"
	}
	return "not written"
}

// Result is the outcome of Add for one document.
type Result struct {
	ID       string // corpus.Document.ID
	Status   Status
	Passages int // passages written (0 when Unchanged or NotWritten)
	Removed  int // passages of the previous version deleted (Replaced only)
}

// Add indexes docs, which must carry their passages, and returns one
// Result per document, in order.
//
// Each document is written whole or not at all: its stored copy is written
// to a file first, then its passage records and its catalog entry go into
// one Bleve batch (several documents share a batch of about a thousand
// passages), which is the commit point. A crash never leaves half a
// document or a catalog entry without its stored copy, only files that
// Open deletes. A document whose ID and Hash are already indexed
// is skipped. A new version of an indexed document replaces the old one.
//
// Add checks every document before writing anything and fails with
// ErrInvalid if one lacks an ID, a Hash or passages, or has passages whose
// ID or Ordinal do not follow corpus.PassageID(doc.ID, ordinal) from 1. If
// writing a batch fails or ctx is cancelled, Add returns the error; the
// batches written before stay written, and their documents' results say
// so, the others say NotWritten.
//
// Add is safe for concurrent use; calls are serialized.
func (i *Index) Add(ctx context.Context, docs []*corpus.Document) ([]Result, error) {
	for _, d := range docs {
		if err := validate(d); err != nil {
			return nil, err
		}
	}
	i.write.Lock()
	defer i.write.Unlock()
	if err := i.checkOpen(); err != nil {
		return nil, err
	}

	results := make([]Result, len(docs))
	w := i.newWriter(results)
	for k, d := range docs {
		if err := ctx.Err(); err != nil {
			w.wait()
			return results, fmt.Errorf("indexer: add: %w", err)
		}
		if err := w.ready(d.ID); err != nil {
			w.wait()
			return results, err
		}
		old, indexed := i.Meta(d.ID)
		if indexed && old.Hash == d.Hash {
			results[k] = Result{ID: d.ID, Status: Unchanged}
			continue
		}
		res := Result{ID: d.ID, Status: Added, Passages: len(d.Passages)}
		if indexed {
			res.Status = Replaced
			res.Removed = max(0, old.Passages-len(d.Passages))
		}
		err := w.add(k, d, res, old.Hash)
		if err == nil && w.full() {
			err = w.flush()
		}
		if err != nil {
			w.wait()
			return results, err
		}
	}
	if err := ctx.Err(); err != nil {
		w.wait()
		return results, fmt.Errorf("indexer: add: %w", err)
	}
	if err := w.close(); err != nil {
		return results, err
	}
	return results, nil
}

func validate(d *corpus.Document) error {
	switch {
	case d == nil:
		return fmt.Errorf("%w: nil document", ErrInvalid)
	case d.ID == "":
		return fmt.Errorf("%w: %q has no ID", ErrInvalid, d.Title)
	case strings.Contains(d.ID, DocKeySep):
		return fmt.Errorf("%w: ID %q contains %q", ErrInvalid, d.ID, DocKeySep)
	case d.Hash == "":
		return fmt.Errorf("%w: %s has no hash", ErrInvalid, d.ID)
	case len(d.Passages) == 0:
		return fmt.Errorf("%w: %s has no passages", ErrInvalid, d.ID)
	}
	for k := range d.Passages {
		p := &d.Passages[k]
		if p.Ordinal != k+1 || p.ID != corpus.PassageID(d.ID, k+1) {
			return fmt.Errorf("%w: %s: passage %d has ID %q and ordinal %d, want %q and %d",
				ErrInvalid, d.ID, k+1, p.ID, p.Ordinal, corpus.PassageID(d.ID, k+1), k+1)
		}
	}
	return nil
}

// writer accumulates documents into Bleve batches and writes them, up to
// opt.inflight at a time: while Bleve builds and persists one batch's
// segment, the next batch is mapped and analysed (STYLE.md measured two
// concurrent Batch calls at -16% time). Batches in flight never share a
// document.
type writer struct {
	i        *Index
	results  []Result // Add's results, nil for Delete
	batch    *bleve.Batch
	passages int
	pending  []pending

	slots chan struct{} // one token per batch in flight

	mu     sync.Mutex      // guards the fields below, written by batch goroutines
	busy   map[string]bool // IDs of documents in batches in flight
	failed error           // the first batch error
}

type pending struct {
	at     int // index in Add's docs, -1 for Delete
	result Result
	meta   Meta   // zero ID: deleted
	stored []byte // stored copy to write before the batch (Add)
	old    string // Hash of the version whose file goes after the batch, if any
}

func (i *Index) newWriter(results []Result) *writer {
	return &writer{
		i:       i,
		results: results,
		batch:   i.bleve.NewBatch(),
		slots:   make(chan struct{}, max(1, i.opt.inflight)),
		busy:    make(map[string]bool),
	}
}

// ready makes sure id can go into the current batch: a document is never
// in two batches of one writer, so that its later version is compared with
// (and written after) the earlier one.
func (w *writer) ready(id string) error {
	if slices.ContainsFunc(w.pending, func(p pending) bool { return p.result.ID == id }) {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.mu.Lock()
	busy := w.busy[id]
	w.mu.Unlock()
	if busy {
		return w.wait()
	}
	return nil
}

// add puts document d into the batch: its passages, the deletion of the
// previous version's surplus passages and its meta; its stored copy is
// written when the batch is. old is the Hash of the previous version, if
// any.
func (w *writer) add(at int, d *corpus.Document, res Result, old string) error {
	for k := range d.Passages {
		p := &d.Passages[k]
		if err := w.batch.Index(p.ID, newRecord(d, p)); err != nil {
			return fmt.Errorf("indexer: add %s: passage %s: %w", d.ID, p.ID, err)
		}
	}
	for k := len(d.Passages) + 1; k <= len(d.Passages)+res.Removed; k++ {
		w.batch.Delete(corpus.PassageID(d.ID, k))
	}
	stored, err := encode(w.i.gz, &w.i.gzBuf, d)
	if err != nil {
		return fmt.Errorf("indexer: add %s: %w", d.ID, err)
	}
	m := newMeta(d)
	mj, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("indexer: add %s: %w", d.ID, err)
	}
	w.batch.SetInternal([]byte(metaPrefix+d.ID), mj)
	w.passages += len(d.Passages) + res.Removed
	w.pending = append(w.pending, pending{at: at, result: res, meta: m, stored: stored, old: old})
	return nil
}

// remove puts the deletion of an indexed document into the batch.
func (w *writer) remove(m Meta) {
	for k := 1; k <= m.Passages; k++ {
		w.batch.Delete(corpus.PassageID(m.ID, k))
	}
	w.batch.DeleteInternal([]byte(metaPrefix + m.ID))
	w.passages += m.Passages
	w.pending = append(w.pending, pending{at: -1, result: Result{ID: m.ID}, old: m.Hash})
}

// full reports whether the current batch has reached its size.
func (w *writer) full() bool {
	return w.passages >= w.i.opt.batchPassages
}

// flush starts writing the current batch, waiting first if opt.inflight
// batches are already being written. It returns the error of any batch
// that failed so far.
func (w *writer) flush() error {
	if len(w.pending) == 0 {
		return w.err()
	}
	w.slots <- struct{}{}
	if err := w.err(); err != nil {
		<-w.slots
		return err
	}
	batch, pending := w.batch, w.pending
	w.batch, w.pending, w.passages = w.i.bleve.NewBatch(), nil, 0
	w.mu.Lock()
	for _, p := range pending {
		w.busy[p.result.ID] = true
	}
	w.mu.Unlock()
	go func() {
		defer func() { <-w.slots }()
		err := w.i.writeDocs(pending)
		if err == nil {
			err = w.i.bleve.Batch(batch)
		}
		if err == nil {
			// The catalog changes only once the batch is in the index,
			// and files of former versions go only after that: a reader
			// holds i.mu while it reads the file its catalog entry names.
			w.i.mu.Lock()
			for _, p := range pending {
				if p.meta.ID == "" {
					delete(w.i.catalog, p.result.ID)
				} else {
					w.i.catalog[p.meta.ID] = p.meta
				}
			}
			w.i.mu.Unlock()
			for _, p := range pending {
				if p.old != "" {
					os.Remove(w.i.docPath(p.result.ID, p.old)) // else swept by Open
				}
			}
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, p := range pending {
			delete(w.busy, p.result.ID)
			if err == nil && p.at >= 0 {
				w.results[p.at] = p.result
			}
		}
		if err != nil && w.failed == nil {
			w.failed = fmt.Errorf("indexer: write batch of %d documents: %w", len(pending), err)
		}
	}()
	return nil
}

// wait waits until no batch is in flight and returns the first batch
// error.
func (w *writer) wait() error {
	for range cap(w.slots) {
		w.slots <- struct{}{}
	}
	for range cap(w.slots) {
		<-w.slots
	}
	return w.err()
}

// close writes the current batch and waits for every batch in flight.
func (w *writer) close() error {
	err := w.flush()
	if werr := w.wait(); err == nil {
		err = werr
	}
	return err
}

func (w *writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failed
}

// Delete removes the documents with the given IDs: their passages, stored
// copies and catalog entries. It fails with an error wrapping ErrNotFound,
// and deletes nothing, if one of the IDs is not indexed. Each document is
// deleted whole, in batches like Add; if writing a batch fails or ctx is
// cancelled, the batches written before stay written. Delete is safe for
// concurrent use; writes are serialized.
func (i *Index) Delete(ctx context.Context, ids ...string) error {
	i.write.Lock()
	defer i.write.Unlock()
	if err := i.checkOpen(); err != nil {
		return err
	}
	metas := make([]Meta, 0, len(ids))
	for _, id := range ids {
		m, ok := i.Meta(id)
		if !ok {
			return fmt.Errorf("indexer: delete %s: %w", id, ErrNotFound)
		}
		if !slices.ContainsFunc(metas, func(x Meta) bool { return x.ID == id }) {
			metas = append(metas, m)
		}
	}
	w := i.newWriter(nil)
	for _, m := range metas {
		if err := ctx.Err(); err != nil {
			w.wait()
			return fmt.Errorf("indexer: delete: %w", err)
		}
		w.remove(m)
		if w.full() {
			if err := w.flush(); err != nil {
				w.wait()
				return err
			}
		}
	}
	return w.close()
}

func (i *Index) checkOpen() error {
	i.mu.RLock()
	defer i.mu.RUnlock()
	if i.closed {
		return ErrClosed
	}
	return nil
}

// Document returns the indexed document with the given ID as it was
// given to Add: Original, Text, Sections and Passages with their labels.
// It fails with an error wrapping ErrNotFound if no such document is
// indexed. Each call decodes a fresh copy, which the caller owns. Safe for
// concurrent use.
func (i *Index) Document(id string) (*corpus.Document, error) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	if i.closed {
		return nil, ErrClosed
	}
	// Reading under i.mu: the file of the version the catalog names is
	// removed only after the catalog has moved on.
	m, ok := i.catalog[id]
	if !ok {
		return nil, fmt.Errorf("indexer: document %s: %w", id, ErrNotFound)
	}
	d, err := i.readDoc(m)
	if err != nil {
		return nil, fmt.Errorf("indexer: document %s: %w", id, err)
	}
	return d, nil
}

// Catalog returns the catalog entries of all indexed documents, sorted by
// ID. The slice is the caller's; the slices inside the entries are shared
// and must not be modified. Safe for concurrent use; after Close the
// catalog is empty.
func (i *Index) Catalog() []Meta {
	i.mu.RLock()
	metas := make([]Meta, 0, len(i.catalog))
	for _, m := range i.catalog {
		metas = append(metas, m)
	}
	i.mu.RUnlock()
	slices.SortFunc(metas, func(a, b Meta) int { return strings.Compare(a.ID, b.ID) })
	return metas
}

// Meta returns the catalog entry of document id and whether it is
// indexed. The slices inside the entry are shared and must not be
// modified. Safe for concurrent use.
func (i *Index) Meta(id string) (Meta, bool) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	m, ok := i.catalog[id]
	return m, ok
}

// Stats returns the number of indexed documents and passages. Safe for
// concurrent use.
func (i *Index) Stats() (documents, passages int) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	for _, m := range i.catalog {
		passages += m.Passages
	}
	return len(i.catalog), passages
}
