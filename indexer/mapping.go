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
	chars         bool // index FieldChars (verbatim phrase matching)
	batchPassages int  // passages per Bleve batch, at least
	inflight      int  // batches written at the same time
}

func defaultOptions() options {
	// STYLE.md: batches of 500 cost 5% more time than 2000 but 27% less
	// peak memory; 1000 sits between.
	return options{chars: true, batchPassages: 1000, inflight: 2}
}

// newMapping returns the index mapping for passage records. Bleve's
// defaults (Store, IncludeInAll and DocValues on every field, an _all
// field) cost +85% indexing time and twice the disk, so every field turns
// them off and only the facet fields keep DocValues.
func newMapping(opt options) *mapping.IndexMappingImpl {
	keywordField := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	textField := func(analyzer string, termVectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = termVectors
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
	dm.AddFieldMappingsAt(FieldDoc, keywordField(true))
	// Every passage carries its title, for ranking; titleAnalyzer
	// analyses each title once, not once per passage.
	dm.AddFieldMappingsAt(FieldTitle, textField(titleAnalyzer, false))
	dm.AddFieldMappingsAt(FieldText, textField(WordsAnalyzer, false))
	if opt.chars {
		// Phrase queries need positions, which Bleve keeps with term
		// vectors.
		dm.AddFieldMappingsAt(FieldChars, textField(CharsAnalyzer, true))
	}
	for _, name := range []string{FieldType, FieldLevel, FieldRegion, FieldBody, FieldKind, FieldRole, FieldTheme, FieldTag} {
		dm.AddFieldMappingsAt(name, keywordField(false))
	}
	dm.AddFieldMappingsAt(FieldYear, numericField())
	dm.AddFieldMappingsAt(FieldArticle, numericField())
	dm.AddFieldMappingsAt(FieldDocLabel, keywordField(true))

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
		FieldChars:   p.Text,
		FieldType:    string(d.Type),
		FieldLevel:   string(d.Level),
		FieldRegion:  d.Region,
		FieldBody:    d.Body,
		FieldYear:    d.Year,
		FieldKind:    string(p.Kind),
		FieldRole:    string(p.Role),
		FieldArticle: p.Article,
	}
	keys := []string{DocLabel(d.ID, LabelKind, string(p.Kind))}
	if len(p.Themes) > 0 {
		rec[FieldTheme] = labelNames(p.Themes)
		for _, l := range p.Themes {
			keys = append(keys, DocLabel(d.ID, LabelTheme, l.Name))
		}
	}
	if len(p.Tags) > 0 {
		rec[FieldTag] = labelNames(p.Tags)
		for _, l := range p.Tags {
			keys = append(keys, DocLabel(d.ID, LabelTag, l.Name))
		}
	}
	rec[FieldDocLabel] = keys
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

// DocLabel returns a FieldDocLabel value: docID|kind|value.
func DocLabel(docID, kind, value string) string {
	return docID + DocKeySep + kind + DocKeySep + value
}
