package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/segment"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Engine names, as used on the child command line and in results.
const (
	engineRenda  = "renda"
	engineSQLite = "sqlite"
)

// sqliteFile is the database file inside an SQLite index folder.
const sqliteFile = "fts.db"

// buildResult is what one index build measured. The child fills the
// timings; the parent adds DiskBytes and PeakRSSMB.
type buildResult struct {
	Engine string      `json:"engine"`
	Scale  int         `json:"scale"`
	Corpus corpusStats `json:"corpus"`
	// Seconds is the wall time from creating the index to closing it;
	// preparing the documents, making replicas and loading gse's
	// dictionary are not in it.
	Seconds float64 `json:"seconds"`
	// CPUSeconds is the CPU time (user + system) of the same span.
	CPUSeconds float64 `json:"cpu_seconds"`
	// OptimizeSeconds is SQLite's final FTS5 'optimize' merge, part of Seconds.
	OptimizeSeconds float64 `json:"optimize_seconds,omitempty"`
	// SegmenterSeconds is loading gse's dictionary (Renda), not in Seconds.
	SegmenterSeconds float64 `json:"segmenter_seconds,omitempty"`
	// LoadPeakMB is the child's peak resident set while loading and
	// preparing the corpus, before the build.
	LoadPeakMB float64 `json:"load_peak_mb"`
	// CorpusRSSMB is the resident set when the build starts: the prepared
	// corpus in memory.
	CorpusRSSMB float64 `json:"corpus_rss_mb"`
	// PeakRSSMB is the child's Maxrss as its parent reads it: the peak
	// resident set from the start of the build (the peak is reset there).
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// DiskBytes is the whole index folder after Close.
	DiskBytes int64 `json:"disk_bytes"`
}

// MBps is passage text MB (10^6 bytes) indexed per second of wall time.
func (b *buildResult) MBps() float64 { return float64(b.Corpus.TextBytes) / 1e6 / b.Seconds }

// MBperCPUs is passage text MB indexed per CPU second.
func (b *buildResult) MBperCPUs() float64 { return float64(b.Corpus.TextBytes) / 1e6 / b.CPUSeconds }

// buildIndex loads and prepares the corpus, then builds engine's index of
// scale copies of it in dir, and returns what it measured. Renda indexes
// each replica as building the default archive does (rendaBuilder.add), so
// that the scale-up is that many default-sized imports.
// SQLite gets every passage in one transaction.
func buildIndex(engine string, scale int, dir string) (*buildResult, error) {
	res := &buildResult{Engine: engine, Scale: scale}
	base, err := loadCorpus()
	if err != nil {
		return nil, err
	}
	sc := newScaler(base)
	if engine == engineRenda {
		start := time.Now()
		if _, err := segment.Segmenter(); err != nil {
			return nil, fmt.Errorf("load gse: %w", err)
		}
		res.SegmenterSeconds = time.Since(start).Seconds()
	}
	runtime.GC()
	debug.FreeOSMemory()
	res.LoadPeakMB = procStatusMB("VmHWM")
	res.CorpusRSSMB = procStatusMB("VmRSS")
	if err := resetPeakRSS(); err != nil {
		return nil, err
	}
	var b builder
	switch engine {
	case engineRenda:
		b = &rendaBuilder{dir: dir}
	case engineSQLite:
		b = &sqliteBuilder{path: filepath.Join(dir, sqliteFile)}
	default:
		return nil, fmt.Errorf("unknown engine %q", engine)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("build %s: %w", engine, err)
	}
	var elapsed time.Duration
	cpu := 0.0
	timed := func(f func() error) error {
		start, c := time.Now(), cpuSeconds()
		err := f()
		elapsed += time.Since(start)
		cpu += cpuSeconds() - c
		return err
	}
	if err := timed(b.create); err != nil {
		return nil, err
	}
	for r := range scale {
		docs := sc.replica(r) // not timed
		res.Corpus.add(docs)
		if err := timed(func() error { return b.add(docs) }); err != nil {
			return nil, err
		}
		log.Printf("%s %d×: replica %d of %d indexed (%.0f s so far)", engine, scale, r+1, scale, elapsed.Seconds())
	}
	if err := timed(b.close); err != nil {
		return nil, err
	}
	res.Seconds, res.CPUSeconds = elapsed.Seconds(), cpu
	if sb, ok := b.(*sqliteBuilder); ok {
		res.OptimizeSeconds = sb.optimize.Seconds()
	}
	return res, nil
}

// builder writes one engine's index: create, add each replica, close.
type builder interface {
	create() error
	add(docs []*corpus.Document) error
	close() error
}

// rendaBuilder builds a Renda data folder with package indexer.
type rendaBuilder struct {
	dir string
	ix  *indexer.Index
}

func (b *rendaBuilder) create() error {
	ix, err := indexer.Create(b.dir)
	if err != nil {
		return fmt.Errorf("create renda index: %w", err)
	}
	b.ix = ix
	return nil
}

// rendaChunk is about how many passages each Add gets, as ingest.Default
// gives them.
const rendaChunk = 20000

// add indexes one replica as building the default archive does
// (ingest.Default): in building mode, Adds of about rendaChunk passages,
// and one Flush that writes the replica's occurrence segment.
func (b *rendaBuilder) add(docs []*corpus.Document) error {
	ctx := context.Background()
	if err := b.ix.Bulk(); err != nil {
		return fmt.Errorf("renda building mode: %w", err)
	}
	for len(docs) > 0 {
		n, passages := 0, 0
		for n < len(docs) && passages < rendaChunk {
			passages += len(docs[n].Passages)
			n++
		}
		if _, err := b.ix.Add(ctx, docs[:n]); err != nil {
			return fmt.Errorf("renda add %d documents: %w", n, err)
		}
		docs = docs[n:]
	}
	if err := b.ix.Flush(ctx); err != nil {
		return fmt.Errorf("renda flush: %w", err)
	}
	return nil
}

func (b *rendaBuilder) close() error {
	if err := b.ix.Close(); err != nil {
		return fmt.Errorf("close renda index: %w", err)
	}
	return nil
}

// sqliteBuilder builds an SQLite database with an FTS5 trigram table of
// passage text and a plain table of passage metadata sharing its rowids.
type sqliteBuilder struct {
	path     string
	db       *sql.DB
	tx       *sql.Tx
	meta     *sql.Stmt
	text     *sql.Stmt
	rowid    int64
	optimize time.Duration
}

// sqliteSchema creates the tables: passages holds what the facets and
// results need, fts the text.
const sqliteSchema = `
CREATE TABLE passages (
	rowid INTEGER PRIMARY KEY,
	id    TEXT NOT NULL,
	doc   TEXT NOT NULL,
	type  TEXT NOT NULL,
	level TEXT NOT NULL,
	year  INTEGER NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='trigram');`

func (b *sqliteBuilder) create() error {
	// No journal and no syncs while building; a 64 MB page cache.
	db, err := sql.Open("sqlite", "file:"+b.path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)")
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	b.db = db
	if _, err := db.Exec(sqliteSchema); err != nil {
		return fmt.Errorf("sqlite schema: %w", err)
	}
	if b.tx, err = db.Begin(); err != nil {
		return fmt.Errorf("sqlite begin: %w", err)
	}
	if b.meta, err = b.tx.Prepare(`INSERT INTO passages(rowid, id, doc, type, level, year) VALUES (?, ?, ?, ?, ?, ?)`); err != nil {
		return fmt.Errorf("sqlite prepare: %w", err)
	}
	if b.text, err = b.tx.Prepare(`INSERT INTO fts(rowid, text) VALUES (?, ?)`); err != nil {
		return fmt.Errorf("sqlite prepare: %w", err)
	}
	return nil
}

func (b *sqliteBuilder) add(docs []*corpus.Document) error {
	for _, d := range docs {
		for k := range d.Passages {
			p := &d.Passages[k]
			b.rowid++
			if _, err := b.meta.Exec(b.rowid, p.ID, d.ID, string(d.Type), string(d.Level), d.Year); err != nil {
				return fmt.Errorf("sqlite insert %s: %w", p.ID, err)
			}
			if _, err := b.text.Exec(b.rowid, p.Text); err != nil {
				return fmt.Errorf("sqlite insert %s: %w", p.ID, err)
			}
		}
	}
	return nil
}

// close commits, merges the FTS5 index into one segment ('optimize', as
// one would after a bulk load) and closes the database.
func (b *sqliteBuilder) close() error {
	b.meta.Close()
	b.text.Close()
	if err := b.tx.Commit(); err != nil {
		return fmt.Errorf("sqlite commit: %w", err)
	}
	start := time.Now()
	if _, err := b.db.Exec(`INSERT INTO fts(fts) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("sqlite optimize: %w", err)
	}
	b.optimize = time.Since(start)
	if err := b.db.Close(); err != nil {
		return fmt.Errorf("close sqlite: %w", err)
	}
	return nil
}
