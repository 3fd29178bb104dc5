package indexer

// Field names of the passage records in the Bleve index. One Bleve document
// is one corpus.Passage; its Bleve ID is the passage ID. Bleve holds the gse
// words of passages, which rank; which passages match, their filters and
// the facet counts come from the occurrence index (Snapshot), and the
// catalog knows each document's metadata, so records carry nothing else:
// every field a record carries costs indexing time on every passage.
const (
	FieldDoc  = "doc"  // keyword: document ID
	FieldText = "text" // gse words of the passage (ranking)
)

// DocKeySep may not occur in a document ID: it separated the parts of
// document-scoped label keys in earlier layouts, and keeping it out leaves
// IDs usable as such keys.
const DocKeySep = "|"
