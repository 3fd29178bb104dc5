package indexer

// Field names of the passage records in the Bleve index. One Bleve document
// is one corpus.Passage; its Bleve ID is the passage ID. Bleve holds the gse
// words of passages and titles, which rank, and the filter fields, so that
// ranking can be restricted by the same filters as a search; which passages
// match, and the facet counts, come from the occurrence index (Snapshot).
const (
	FieldDoc     = "doc"     // keyword: document ID
	FieldTitle   = "title"   // gse words of the document title (ranking)
	FieldText    = "text"    // gse words of the passage, sub-words at the same position (ranking)
	FieldType    = "type"    // keyword: corpus.Type
	FieldLevel   = "level"   // keyword: corpus.Level
	FieldRegion  = "region"  // keyword
	FieldBody    = "body"    // keyword
	FieldYear    = "year"    // number: document year
	FieldKind    = "kind"    // keyword: corpus.Kind of the passage's section
	FieldArticle = "article" // number: law article number, 0 if none
	FieldTheme   = "theme"   // keyword, repeated: passage themes
	FieldTag     = "tag"     // keyword, repeated: passage 四个机关 tags
)

// DocKeySep may not occur in a document ID: it separated the parts of
// document-scoped label keys in earlier layouts, and keeping it out leaves
// IDs usable as such keys.
const DocKeySep = "|"
