// Package segment cuts Chinese text into words with gse, the one way Renda
// does it: the Bleve index ranks by these words (package indexer), the
// learned tagger weighs them (package taxonomy), and links and related
// passages compare them.
//
// gse's dictionary is loaded once per process (Segmenter): gse's own,
// trimmed to the words of the default corpus (dict.go, regenerated with go
// generate ./segment), plus Renda's vocabulary in vocab.txt, which keeps
// terms such as 全过程人民民主 and 人大常委会 whole. Text is folded (package
// fold) before it is cut, so full-width, traditional and simplified forms
// give the same words.
package segment
