// Package ingest is the write path from files to the index: it reads files
// with the corpus importers, builds each document's structure, tags its
// passages, and adds the documents to an indexer.Index in batches that never
// split a document.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/structure"
	"github.com/renda-archive/renda/taxonomy"
)

// batchPassages is roughly how many passages go into one call of Index.Add
// when importing files: each call writes one occurrence segment (merged in
// the background) and Bleve batches of about a thousand passages, two at a
// time; a document is never split across calls. About a quarter of the
// default corpus, so that a large import makes few segments while its
// documents need not all sit in memory.
const batchPassages = 50000

// batchInterval bounds the time between batches of an import, so that a
// crash or a kill loses at most about this much work: what was written
// stays written.
const batchInterval = time.Second

// pipelineVersion changes whenever structure building changes what it
// produces; the taxonomy's own contents are fingerprinted separately.
const pipelineVersion = "structure-1"

// fingerprint identifies the rules that turn an imported document into
// indexed passages, so that new rules re-index documents whose text did not
// change.
var fingerprint = sync.OnceValue(func() string {
	return corpus.ContentHash(pipelineVersion, taxonomy.Default().Version())
})

// Prepare builds doc's structure and tags its passages, and folds the
// version of those rules into doc.Hash; call it once per document. It
// mutates doc and returns an error naming the document when structure
// building fails.
func Prepare(doc *corpus.Document) error {
	if err := structure.Build(doc); err != nil {
		return fmt.Errorf("structure of %s (%s): %w", doc.Title, doc.Source.Path, err)
	}
	taxonomy.Default().Tag(doc)
	doc.Hash = corpus.ContentHash(doc.Hash, fingerprint())
	return nil
}

// Summary counts what an import did.
type Summary struct {
	Imported  int              `json:"imported"`  // new documents
	Replaced  int              `json:"replaced"`  // documents whose content changed
	Unchanged int              `json:"unchanged"` // documents already indexed as they are
	Skipped   []corpus.Problem `json:"skipped"`   // files or records that could not be read
	Repaired  []corpus.Problem `json:"repaired"`  // damage mended in documents imported all the same
}

// Documents is how many documents the import read: imported, replaced or
// unchanged.
func (s Summary) Documents() int { return s.Imported + s.Replaced + s.Unchanged }

// Note files each problem under Skipped or Repaired.
func (s *Summary) Note(problems []corpus.Problem) {
	for _, p := range problems {
		if p.Repaired {
			s.Repaired = append(s.Repaired, p)
		} else {
			s.Skipped = append(s.Skipped, p)
		}
	}
}

// Progress is told how many units of work are done out of total.
type Progress func(done, total int)

// batcher collects prepared documents and writes them in batches.
type batcher struct {
	ix       *indexer.Index
	open     func() (*indexer.Index, error) // gives ix when the first batch is written, if ix is nil
	pending  []*corpus.Document
	passages int
	since    time.Time // the last batch, or the first document after it
	sum      *Summary
}

func (b *batcher) add(ctx context.Context, doc *corpus.Document) error {
	if err := Prepare(doc); err != nil {
		return err
	}
	if len(b.pending) == 0 {
		b.since = time.Now()
	}
	b.pending = append(b.pending, doc)
	b.passages += len(doc.Passages)
	if b.passages >= batchPassages || time.Since(b.since) >= batchInterval {
		return b.flush(ctx)
	}
	return nil
}

func (b *batcher) flush(ctx context.Context) error {
	if len(b.pending) == 0 {
		return nil
	}
	if b.ix == nil {
		ix, err := b.open()
		if err != nil {
			return err
		}
		b.ix = ix
	}
	results, err := b.ix.Add(ctx, b.pending)
	b.sum.count(results)
	if err != nil {
		return fmt.Errorf("index batch of %d documents: %w", len(b.pending), err)
	}
	b.pending, b.passages = b.pending[:0], 0
	return nil
}

// count adds what Add did to the summary.
func (s *Summary) count(results []indexer.Result) {
	for _, r := range results {
		switch r.Status {
		case indexer.Added:
			s.Imported++
		case indexer.Replaced:
			s.Replaced++
		case indexer.Unchanged:
			s.Unchanged++
		}
	}
}

// Files imports the files and folders at paths into ix. Files or records
// that cannot be read are listed in Summary.Skipped and the rest goes on;
// the error reports a failure of the index itself or a cancelled ctx, after
// which documents already written stay written and whole. progress (may be
// nil) counts files.
func Files(ctx context.Context, ix *indexer.Index, paths []string, progress Progress) (Summary, error) {
	var sum Summary
	files, err := corpus.Files(paths)
	if err != nil {
		return sum, err
	}
	return importFiles(ctx, &batcher{ix: ix, sum: &sum}, files, progress)
}

// ErrNotArchive means a data folder exists and holds something other than
// a Renda archive, which an import must not fill.
var ErrNotArchive = errors.New("not a Renda archive")

// Import imports the files and folders at paths into the archive in data
// folder dir, as Files does. A missing archive is created only when the
// first document is ready to be written, so that an import that reads
// nothing leaves no folder behind. It fails before reading anything if a
// path does not exist, if dir exists and holds other files (an error
// wrapping ErrNotArchive), or if another process has dir open
// (indexer.ErrLocked).
func Import(ctx context.Context, dir string, paths []string, progress Progress) (Summary, error) {
	var sum Summary
	files, err := corpus.Files(paths)
	if err != nil {
		return sum, err
	}
	b := &batcher{sum: &sum}
	ix, err := indexer.Open(dir)
	switch {
	case err == nil:
		b.ix = ix
	case errors.Is(err, fs.ErrNotExist):
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !indexer.Owns(e.Name()) {
				return sum, fmt.Errorf("%s holds other files (%s) and no archive: %w; give a new folder or an archive", dir, e.Name(), ErrNotArchive)
			}
		}
		b.open = func() (*indexer.Index, error) { return indexer.Create(dir) }
	default:
		return sum, err
	}
	sum, err = importFiles(ctx, b, files, progress)
	if b.ix != nil {
		if cerr := b.ix.Close(); err == nil {
			err = cerr
		}
	}
	return sum, err
}

// importFiles reads files in order and writes their documents through b.
func importFiles(ctx context.Context, b *batcher, files []string, progress Progress) (Summary, error) {
	sum := b.sum
	seen := corpus.Seen{}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return *sum, err
		}
		docs, problems := corpus.ReadFile(f)
		sum.Note(problems)
		for _, d := range docs {
			if p, ok := seen.Check(d); !ok {
				sum.Skipped = append(sum.Skipped, p)
				continue
			}
			if err := b.add(ctx, d); err != nil {
				return *sum, err
			}
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	err := b.flush(ctx)
	return *sum, err
}

// bulkChunk is how many documents Default prepares at a time, and
// bulkPassages about how many passages it gives each Add: the default corpus
// streams through, so that only its occurrence data stays in memory.
const (
	bulkChunk    = 64
	bulkPassages = 20000
)

// Default imports the embedded default corpus into ix in building mode
// (Index.Bulk), so that its text makes one occurrence segment, written by
// Index.Flush at the end. Documents are decoded, prepared on every CPU and
// added a few at a time, and only their occurrence data is held until the
// segment is written. progress (may be nil) counts documents: prepared and
// indexed, each counting half.
func Default(ctx context.Context, ix *indexer.Index, progress Progress) (Summary, error) {
	var sum Summary
	total, err := defaultcorpus.Len()
	if err != nil {
		return sum, err
	}
	if err := ix.Bulk(); err != nil {
		return sum, err
	}
	done := 0
	report := func(n int) {
		done += n
		if progress != nil {
			progress(done, 2*total)
		}
	}
	var chunk, pending []*corpus.Document
	passages := 0
	add := func() error {
		if len(pending) == 0 {
			return nil
		}
		results, err := ix.Add(ctx, pending)
		sum.count(results)
		if err != nil {
			return fmt.Errorf("index the default corpus: %w", err)
		}
		report(len(pending))
		pending, passages = nil, 0
		return nil
	}
	prepare := func() error {
		if err := prepareAll(ctx, chunk, func(int) {}); err != nil {
			return err
		}
		report(len(chunk))
		for _, d := range chunk {
			pending = append(pending, d)
			passages += len(d.Passages)
		}
		chunk = nil
		if passages >= bulkPassages {
			return add()
		}
		return nil
	}
	err = defaultcorpus.Each(func(d *corpus.Document) error {
		chunk = append(chunk, d)
		if len(chunk) >= bulkChunk {
			return prepare()
		}
		return nil
	})
	if err == nil {
		err = prepare()
	}
	if err == nil {
		err = add()
	}
	if err == nil {
		err = ix.Flush(ctx)
	}
	return sum, err
}

// prepareAll prepares docs on every CPU, calling progress, one call at a
// time, with the number done. It returns the first error, or ctx's.
func prepareAll(ctx context.Context, docs []*corpus.Document, progress func(done int)) error {
	next := make(chan *corpus.Document)
	var mu sync.Mutex
	var first error
	done := 0
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				err := Prepare(d)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				done++
				progress(done)
				mu.Unlock()
			}
		}()
	}
	for _, d := range docs {
		if ctx.Err() != nil {
			break
		}
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- d
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// BuildDefault creates a new index in dir holding the default corpus. It
// builds in a sibling folder and renames it into place only when complete,
// so dir never holds half an archive; a stale sibling from an interrupted
// build is removed first. It fails if dir exists.
func BuildDefault(ctx context.Context, dir string, progress Progress) (Summary, error) {
	if _, err := os.Stat(dir); err == nil {
		return Summary{}, fmt.Errorf("build default archive: %s already exists", dir)
	} else if !errors.Is(err, os.ErrNotExist) {
		return Summary{}, fmt.Errorf("build default archive: %w", err)
	}
	tmp := filepath.Clean(dir) + ".building"
	if err := os.RemoveAll(tmp); err != nil {
		return Summary{}, fmt.Errorf("build default archive: %w", err)
	}
	ix, err := indexer.Create(tmp)
	if err != nil {
		return Summary{}, err
	}
	sum, err := Default(ctx, ix, progress)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return sum, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return sum, fmt.Errorf("build default archive: %w", err)
	}
	return sum, nil
}
