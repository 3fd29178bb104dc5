package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/renda-archive/renda/corpus"
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
	return options{batchPassages: 1000, inflight: 2}
}

// newMapping returns the index mapping for passage records. Bleve's
// defaults (Store, IncludeInAll and DocValues on every field, an _all
// field) cost +85% indexing time and twice the disk, so every field turns
// them off: facets are counted over the occurrence index, not Bleve's
// DocValues, and nothing is read back from Bleve but IDs and scores.
func newMapping() *mapping.IndexMappingImpl {
	keywordField := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	textField := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	numericField := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	dm.AddFieldMappingsAt(FieldDoc, keywordField())
	// Every passage carries its title, for ranking; titleAnalyzer
	// analyses each title once, not once per passage.
	dm.AddFieldMappingsAt(FieldTitle, textField(titleAnalyzer))
	dm.AddFieldMappingsAt(FieldText, textField(WordsAnalyzer))
	for _, name := range []string{FieldType, FieldLevel, FieldRegion, FieldBody, FieldKind, FieldTheme, FieldTag} {
		dm.AddFieldMappingsAt(name, keywordField())
	}
	dm.AddFieldMappingsAt(FieldYear, numericField())
	dm.AddFieldMappingsAt(FieldArticle, numericField())

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

// newRecord returns passage p of document d as Bleve indexes it. A map
// keyed by the Field* constants keeps the names in one place; the document
// type comes from the mapping's DefaultType.
func newRecord(d *corpus.Document, p *corpus.Passage) map[string]interface{} {
	rec := map[string]interface{}{
		FieldDoc:     d.ID,
		FieldTitle:   d.Title,
		FieldText:    p.Text,
		FieldType:    string(d.Type),
		FieldLevel:   string(d.Level),
		FieldRegion:  d.Region,
		FieldBody:    d.Body,
		FieldYear:    d.Year,
		FieldKind:    string(p.Kind),
		FieldArticle: p.Article,
	}
	if len(p.Themes) > 0 {
		rec[FieldTheme] = labelNames(p.Themes)
	}
	if len(p.Tags) > 0 {
		rec[FieldTag] = labelNames(p.Tags)
	}
	return rec
}

// labelNames returns the names of labels.
func labelNames(labels []corpus.Label) []string {
	names := make([]string, len(labels))
	for i, l := range labels {
		names[i] = l.Name
	}
	return names
}
