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
	"github.com/renda-archive/renda/occur"
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
	indexDir = "index" // the Bleve index, under the data directory
	// creatingSuffix names the Bleve index while Create makes it.
	creatingSuffix = ".creating"
	formatKey      = "renda/format" // internal key: layout version
	formatVersion  = "5"            // 1 kept stored documents in Bleve's internal storage; 2 had one DocValues field per label kind; 3 matched quotes on a per-character Bleve field; 4 named documents by their files' folders
	metaPrefix     = "meta/"        // internal key prefix: JSON of a document's Meta
)

// Index is Renda's archive over a data directory: a Bleve index of passage
// records (see the Field* names) for gse words and ranking, occurrence
// segments (package occur) for exact matching, concordances and counts, the
// documents themselves stored compressed in files (see store.go), and an
// in-memory catalog of document metadata.
//
// An Index is safe for concurrent use. Reads (Document, Catalog, Meta,
// Stats, Snapshot, Scores) run in parallel with each other and with
// writes; writes (Add, Delete, Compact) are serialized, one at a time, and
// segments are merged in the background.
type Index struct {
	dir   string
	bleve bleve.Index
	opt   options

	write sync.Mutex   // serializes Add, Delete, Compact and Close
	gz    *gzip.Writer // reused under write
	gzBuf bytes.Buffer // reused under write

	mu      sync.RWMutex // guards the fields below; held shared while reading the catalog
	catalog map[string]*Meta
	closed  bool
	segs    []*segment // the segments of the archive, including those of a running Add
	snap    *Snapshot  // the current view of segs and catalog
	gen     uint64     // the last generation used

	bulk   *bulkLoad // set between Bulk and Flush, under write
	merges merger
	lock   *folderLock // held from Open or Create to Close
}

// Create creates an empty index in data directory dir, creating dir if
// needed. It fails with an error wrapping fs.ErrExist if dir already holds
// an index, with a *LockedError (ErrLocked) if another process has dir
// open, and with the underlying error if the index cannot be written
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("indexer: create: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, fmt.Errorf("indexer: create: %w", err)
	}
	fail := func(err error) (*Index, error) {
		lock.release()
		return nil, fmt.Errorf("indexer: create %s: %w", dir, err)
	}
	for _, sub := range []string{docsDir, occurDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fail(err)
		}
	}
	// Bleve writes a new index in several files; a crash among them would
	// leave an index that does not open. It is made under another name and
	// renamed into place whole.
	tmp := path + creatingSuffix
	if err := os.RemoveAll(tmp); err != nil {
		return fail(err)
	}
	b, err := bleve.NewUsing(tmp, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, bleveConfig())
	if err != nil {
		return fail(err)
	}
	err = b.SetInternal([]byte(formatKey), []byte(formatVersion))
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return fail(err)
	}
	if b, err = bleve.OpenUsing(path, bleveConfig()); err != nil {
		return fail(err)
	}
	i := newIndex(dir, b, opt)
	i.lock = lock
	// Files left by an index removed without its docs and segments.
	if err := i.sweep(); err != nil {
		b.Close()
		return fail(err)
	}
	if err := i.openSegments(); err != nil {
		b.Close()
		return fail(err)
	}
	i.merges.start(i)
	return i, nil
}

// bleveConfig is Bleve's run-time configuration: the folder lock keeps a
// second process out before Bleve's own file lock is reached, so that
// lock should never wait; if it does, it gives up instead of hanging. A
// new map each time: Bleve writes the index's path into the one it gets.
func bleveConfig() map[string]any { return map[string]any{"bolt_timeout": "5s"} }

// Open opens the index in data directory dir, loads its catalog and its
// occurrence segments, and tidies what an interrupted write left: stored
// documents and segments that the catalog does not name are deleted,
// segments that a merge replaced are deleted, and documents that no segment
// holds (a segment file lost or damaged) get a new one built from their
// stored copies. It fails with an error wrapping fs.ErrNotExist if dir
// holds no index, with a *LockedError (ErrLocked) at once if another
// process has dir open, with an error saying so if the index was written in
// another layout, which only rebuilding it fixes, and with the underlying
// error if a stored copy needed for repair cannot be read.
func Open(dir string) (*Index, error) {
	path := filepath.Join(dir, indexDir)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("indexer: open: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, fmt.Errorf("indexer: open: %w", err)
	}
	b, err := bleve.OpenUsing(path, bleveConfig())
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("indexer: open %s: %w", path, err)
	}
	i := newIndex(dir, b, defaultOptions())
	i.lock = lock
	fail := func(err error) (*Index, error) {
		i.releaseSegments()
		b.Close()
		lock.release()
		return nil, fmt.Errorf("indexer: open %s: %w", dir, err)
	}
	if err := i.load(); err != nil {
		return fail(err)
	}
	if err := i.sweep(); err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, occurDir), 0o755); err != nil {
		return fail(err)
	}
	if err := i.openSegments(); err != nil {
		return fail(err)
	}
	if err := i.repair(context.Background()); err != nil {
		return fail(err)
	}
	i.merges.start(i)
	i.merges.poke()
	return i, nil
}

func newIndex(dir string, b bleve.Index, opt options) *Index {
	gz, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return &Index{dir: dir, bleve: b, opt: opt, gz: gz, catalog: make(map[string]*Meta)}
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
			return fmt.Errorf("index layout %s, this Renda reads layout %s: rebuild the archive (move the folder away, then renda serve for the default archive, or renda import of your files)", v, formatVersion)
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
		m := new(Meta)
		if err := json.Unmarshal(raw, m); err != nil {
			return fmt.Errorf("catalog entry %s: %w", e.Term, err)
		}
		i.catalog[m.ID] = m
		i.gen = max(i.gen, m.Gen)
	}
}

// Close waits for a running Add, Delete or merge to finish, then closes
// the index. Later calls of any method fail with ErrClosed; closing twice
// is not an error. Snapshots taken before stay readable until released.
func (i *Index) Close() error {
	i.merges.stop()
	i.write.Lock()
	defer i.write.Unlock()
	var flushErr error
	if i.bulk != nil {
		flushErr = i.flush(context.Background())
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		return nil
	}
	i.closed = true
	i.catalog = nil
	i.releaseSegments()
	defer i.lock.release()
	if err := i.bleve.Close(); err != nil {
		return fmt.Errorf("indexer: close: %w", err)
	}
	if flushErr != nil {
		return fmt.Errorf("indexer: close: %w", flushErr)
	}
	if err := i.merges.err(); err != nil {
		return fmt.Errorf("indexer: close: an earlier background merge failed: %w", err)
	}
	return nil
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
// Result per document, in order. It is AddProgress without progress.
func (i *Index) Add(ctx context.Context, docs []*corpus.Document) ([]Result, error) {
	return i.AddProgress(ctx, docs, nil)
}

// AddProgress indexes docs, which must carry their passages, and returns
// one Result per document, in order. progress, if not nil, is called from
// Add's goroutines, one at a time, with the number of documents written or
// found unchanged so far and len(docs).
//
// Each document is written whole or not at all. First its occurrence data
// goes into a new segment file, one per call (a document given twice makes
// a second segment for its second version) and its stored copy into a
// file; then its passage records and its catalog entry, which names the
// segment's generation, go into one Bleve batch (several documents share a
// batch of about a thousand passages), which is the commit point. A crash
// never leaves half a document or a catalog entry without its stored copy
// or occurrence data, only files that Open deletes. A document whose ID and
// Hash are already indexed is skipped. A new version of an indexed document
// replaces the old one.
//
// Add checks every document before writing anything and fails with
// ErrInvalid if one lacks an ID, a Hash or passages, or has passages whose
// ID or Ordinal do not follow corpus.PassageID(doc.ID, ordinal) from 1. If
// writing fails or ctx is cancelled, Add returns the error; the batches
// written before stay written, and their documents' results say so, the
// others say NotWritten.
//
// AddProgress is safe for concurrent use; calls are serialized.
func (i *Index) AddProgress(ctx context.Context, docs []*corpus.Document, progress func(done, total int)) ([]Result, error) {
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
	defer i.merges.poke()

	results := make([]Result, len(docs))
	done := 0
	report := func(n int) {
		done += n
		if progress != nil {
			progress(done, len(docs))
		}
	}
	var mu sync.Mutex // report is called from batch goroutines
	safeReport := func(n int) { mu.Lock(); report(n); mu.Unlock() }
	// Runs of documents with distinct IDs: one segment each.
	for from := 0; from < len(docs); {
		seen := map[string]bool{}
		to := from
		for to < len(docs) && !seen[docs[to].ID] {
			seen[docs[to].ID] = true
			to++
		}
		if err := i.addRun(ctx, docs[from:to], results[from:to], safeReport); err != nil {
			return results, err
		}
		from = to
	}
	return results, nil
}

// addRun writes documents with distinct IDs: their segment, then their
// batches.
func (i *Index) addRun(ctx context.Context, docs []*corpus.Document, results []Result, report func(int)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("indexer: add: %w", err)
	}
	type change struct {
		at  int
		res Result
		old string // Hash of the version replaced
	}
	var changes []change
	var srcs []occur.Source
	unchanged := 0
	for k, d := range docs {
		old, indexed := i.Meta(d.ID)
		if indexed && old.Hash == d.Hash {
			results[k] = Result{ID: d.ID, Status: Unchanged}
			unchanged++
			continue
		}
		res := Result{ID: d.ID, Status: Added, Passages: len(d.Passages)}
		if indexed {
			res.Status = Replaced
			res.Removed = max(0, old.Passages-len(d.Passages))
		}
		changes = append(changes, change{at: k, res: res, old: old.Hash})
		srcs = append(srcs, occur.FromDocument(d))
	}
	if unchanged > 0 {
		report(unchanged)
	}
	if len(changes) == 0 {
		return nil
	}
	var gen uint64
	if i.bulk != nil {
		gen = i.bulk.gen
		i.bulk.add(srcs)
	} else {
		seg, err := i.writeSegment(ctx, srcs, nil, true)
		if err != nil {
			return err
		}
		defer i.settle(seg)
		gen = seg.Gen()
	}

	w := i.newWriter(results, report)
	for _, c := range changes {
		if err := ctx.Err(); err != nil {
			w.wait()
			return fmt.Errorf("indexer: add: %w", err)
		}
		if err := w.add(c.at, docs[c.at], c.res, c.old, gen); err != nil {
			w.wait()
			return err
		}
		if w.full() {
			if err := w.flush(); err != nil {
				w.wait()
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		w.wait()
		return fmt.Errorf("indexer: add: %w", err)
	}
	return w.close()
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
// concurrent Batch calls at -16% time). A writer never holds two versions
// of one document.
type writer struct {
	i        *Index
	results  []Result // Add's results, nil for Delete
	report   func(int)
	batch    *bleve.Batch
	passages int
	pending  []pending

	slots chan struct{} // one token per batch in flight

	mu     sync.Mutex // guards failed, written by batch goroutines
	failed error      // the first batch error
}

type pending struct {
	at     int // index in Add's docs, -1 for Delete
	result Result
	meta   *Meta  // nil: deleted
	stored []byte // stored copy to write before the batch (Add)
	old    string // Hash of the version whose file goes after the batch, if any
}

func (i *Index) newWriter(results []Result, report func(int)) *writer {
	return &writer{
		i:       i,
		results: results,
		report:  report,
		batch:   i.bleve.NewBatch(),
		slots:   make(chan struct{}, max(1, i.opt.inflight)),
	}
}

// add puts document d into the batch: its passages, the deletion of the
// previous version's surplus passages and its meta naming generation gen;
// its stored copy is written when the batch is. old is the Hash of the
// previous version, if any.
func (w *writer) add(at int, d *corpus.Document, res Result, old string, gen uint64) error {
	for k := range d.Passages {
		p := &d.Passages[k]
		if err := w.batch.Index(p.ID, record{Doc: d.ID, Text: p.Text}); err != nil {
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
	m := newMeta(d, gen)
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
func (w *writer) remove(m *Meta) {
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
			w.i.commit(func(catalog map[string]*Meta) {
				for _, p := range pending {
					if p.meta == nil {
						delete(catalog, p.result.ID)
					} else {
						catalog[p.meta.ID] = p.meta
					}
				}
			})
			for _, p := range pending {
				if p.old != "" {
					os.Remove(w.i.docPath(p.result.ID, p.old)) // else swept by Open
				}
			}
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, p := range pending {
			if err == nil && p.at >= 0 {
				w.results[p.at] = p.result
			}
		}
		if err == nil && w.report != nil && w.results != nil {
			w.report(len(pending))
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
// copies and catalog entries; their occurrence data stays in its segments,
// dead, until a merge drops it. It fails with an error wrapping
// ErrNotFound, and deletes nothing, if one of the IDs is not indexed. Each
// document is deleted whole, in batches like Add; if writing a batch fails
// or ctx is cancelled, the batches written before stay written. Delete is
// safe for concurrent use; writes are serialized.
func (i *Index) Delete(ctx context.Context, ids ...string) error {
	i.write.Lock()
	defer i.write.Unlock()
	if err := i.checkOpen(); err != nil {
		return err
	}
	defer i.merges.poke()
	metas := make([]*Meta, 0, len(ids))
	i.mu.RLock()
	for _, id := range ids {
		m, ok := i.catalog[id]
		if !ok {
			i.mu.RUnlock()
			return fmt.Errorf("indexer: delete %s: %w", id, ErrNotFound)
		}
		if !slices.Contains(metas, m) {
			metas = append(metas, m)
		}
	}
	i.mu.RUnlock()
	w := i.newWriter(nil, nil)
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
		metas = append(metas, *m)
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
	if !ok {
		return Meta{}, false
	}
	return *m, true
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
