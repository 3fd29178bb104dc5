package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// passageType is the Bleve document type of passage records.
const passageType = "passage"

// options are the knobs that tests and benchmarks turn; the zero value is
// not used directly, see defaultOptions.
type options struct {
	batchPassages int // passages per Bleve batch, at least
	inflight      int // batches written at the same time
}

func defaultOptions() options {
	// STYLE.md: batches of 500 cost 5% more time than 2000 but 27% less
	// peak memory; 1000 sits between.
	return options{batchPassages: 2000, inflight: 2}
}

// newMapping returns the index mapping for passage records. Bleve's
// defaults (Store, IncludeInAll and DocValues on every field, an _all
// field) cost +85% indexing time and twice the disk, so both fields turn
// them off: nothing is read back from Bleve but IDs and scores.
func newMapping() *mapping.IndexMappingImpl {
	doc := bleve.NewKeywordFieldMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = WordsAnalyzer
	for _, f := range []*mapping.FieldMapping{doc, text} {
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	dm.AddFieldMappingsAt(FieldDoc, doc)
	dm.AddFieldMappingsAt(FieldText, text)

	im := bleve.NewIndexMapping()
	im.AddDocumentMapping(passageType, dm)
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.DefaultType = passageType
	im.DefaultAnalyzer = keyword.Name
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// record is a passage as Bleve indexes it; the document type comes from
// the mapping's DefaultType.
type record struct {
	Doc  string `json:"doc"`
	Text string `json:"text"`
}
