// Package corpus is the centre of Renda: the document model shared by every
// other package (Document, Section, Passage, their IDs and facet values) and the
// importers that turn the files users really have into normalized Documents.
//
// A Document is what search results and facet counts are about; a Passage (one
// paragraph, heading, work item or law article paragraph) is what users cite
// and what search returns as evidence. Passages are the lines of
// Document.Text in order, so strings.Join(passage texts, "\n") == Document.Text.
//
// Nothing in this package touches the index or the network; importers read
// only the files they are given.
package corpus
