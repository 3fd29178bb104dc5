// Package indexer keeps Renda's archive in a data folder and gives searches
// what they need of it.
//
// The folder holds three things, written in this order by Add: occurrence
// segments (package occur) under occur/, which find every string exactly
// and carry each passage's text and attributes; each document's stored
// copy under docs/; and a Bleve index under index/ with one record per
// corpus.Passage (its document's ID and its gse words: fields.go), whose
// batch, carrying the catalog entry, is the commit point. The catalog of
// document metadata (Meta) lives in memory and in Bleve's internal storage.
//
// Reads go through a Snapshot, a consistent view of the segments and the
// current documents, and Scores, which ranks passages by gse words with
// Bleve. The words tokenizer reports byte offsets into the original text,
// so matches map back to the characters as written (full-width,
// traditional). Words are package segment's.
package indexer
