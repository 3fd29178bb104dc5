// Package search answers Renda's queries: it parses the query language,
// turns it into Bleve queries over the passage records that package indexer
// writes, groups matching passages into documents, counts facets in
// documents, and marks every match exactly.
//
// Bleve's own search package is imported as bsearch throughout.
package search
