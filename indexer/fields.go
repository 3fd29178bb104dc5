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
	// Document-scoped copies, "docID|value", DocValues on: a terms facet over
	// them counts documents, not passages, per kind, theme and tag.
	FieldDocKind  = "dkind"
	FieldDocTheme = "dtheme"
	FieldDocTag   = "dtag"
)

// DocKeySep separates the document ID from the value in the Doc* fields.
const DocKeySep = "|"
