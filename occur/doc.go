// Package occur is Renda's occurrence index: where every string occurs in
// the archive's passages, how often, and in what context.
//
// A Segment holds a set of documents: the folded text of their passages
// (see package fold) as one sequence of symbols, a passage ending in a
// separator, and the suffix array of that sequence, with one entry per
// character. The suffixes that start with a string form one range of the
// array, so counting a string's occurrences is two binary searches and
// listing them is reading the range, already sorted by the text that
// follows each occurrence (the right-sorted concordance).
//
// Symbols stand for the characters as written (個, Ａ), and a table maps
// each to its folded form (个, a), so comparisons see folded text while the
// original text of every passage, whitespace included, comes back from the
// segment alone: KWIC lines and exports need no stored document. The
// segment also keeps what filters, facets and citations need of each
// passage (its document, section kind, role, article number, heading,
// themes and tags) and of each document (ID, hash, character count).
//
// Segments are immutable. Build makes one in memory from Sources, Write
// stores it in a file, and Open maps a file back read-only, so that opening
// costs little and the kernel shares the pages. Merging segments is
// building one from the Sources the old ones give back. Which documents of
// a segment are current is the caller's business (package indexer keeps
// that, as tombstones derived from its catalog).
//
// A Segment is safe for concurrent use; Close must not run while other
// methods do.
package occur
