// Package indexer builds and opens Renda's search index.
//
// One Bleve document is one corpus.Passage, carrying its document's
// metadata so that every filter is a plain term query; fields.go names the
// fields, which the search package queries. Text is indexed twice:
//
//   - FieldTitle and FieldText with WordsAnalyzer: gse words of the folded
//     text (see package fold), each dictionary word's sub-words at the
//     word's own position, for ranked word search;
//   - FieldChars with CharsAnalyzer: one token per folded character with
//     positions, so that a phrase query over the characters of a quote
//     finds exactly the passages that contain it, whatever gse made of
//     them.
//
// Both tokenizers report byte offsets into the original text, so hits can
// be highlighted on the characters as written (full-width, traditional).
//
// gse's dictionary is loaded once per process (Segmenter), from the copy
// embedded in gse plus Renda's vocabulary in vocab.txt, which keeps terms
// such as 全过程人民民主 and 人大常委会 whole.
//
// An Index also stores each document, compressed, in a file of its own
// written before the Bleve batch of its passages and catalog entry (the
// commit point), and keeps the catalog of document metadata (Meta) in
// memory for lists and facets.
package indexer
