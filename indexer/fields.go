package indexer

// Field names of the passage records in the Bleve index. One Bleve document
// is one corpus.Passage; its Bleve ID is the passage ID. Every passage carries
// its document's metadata so that filters are plain term queries.
//
// The search package builds queries against these names and nothing else.
const (
	FieldDoc     = "doc"     // keyword: document ID (DocValues on: facet of matching documents)
	FieldTitle   = "title"   // gse words of the document title (ranking)
	FieldText    = "text"    // gse words of the passage, sub-words at the same position (ranking)
	FieldChars   = "chars"   // one token per folded character, positions on (verbatim phrase match)
	FieldType    = "type"    // keyword: corpus.Type
	FieldLevel   = "level"   // keyword: corpus.Level
	FieldRegion  = "region"  // keyword
	FieldBody    = "body"    // keyword
	FieldYear    = "year"    // number: document year
	FieldKind    = "kind"    // keyword: corpus.Kind of the passage's section
	FieldRole    = "role"    // keyword: corpus.Role
	FieldArticle = "article" // number: law article number, 0 if none
	FieldTheme   = "theme"   // keyword, repeated: passage themes
	FieldTag     = "tag"     // keyword, repeated: passage 四个机关 tags
	// FieldDocLabel holds document-scoped copies of the passage's kind,
	// themes and tags, "docID|kind|plan", "docID|theme|立法",
	// "docID|tag|代表机关", with DocValues on: one terms facet over it counts
	// documents, not passages, per kind, theme and tag. One field instead of
	// three halves the DocValues a facet query visits.
	FieldDocLabel = "dlabel"
)

// Label kinds in FieldDocLabel values.
const (
	LabelKind  = "kind"
	LabelTheme = "theme"
	LabelTag   = "tag"
)

// DocKeySep separates the parts of a FieldDocLabel value.
const DocKeySep = "|"
