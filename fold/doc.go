// Package fold normalises text for search so that a quote typed by a user
// matches the text as written in the archive.
//
// Folding works rune by rune: every rune maps to at most one rune or is
// dropped, never to several. That makes folding a homomorphism,
// fold(a+b) == fold(a)+fold(b), so a substring of a text folds to a
// substring of the folded text, and a match in folded text maps back to the
// exact bytes of the original (see Map).
//
// The rules, applied to each rune:
//
//   - traditional characters become simplified ones, using the
//     single-character mappings of OpenCC's t2s conversion (會→会, 當→当);
//     conversions that OpenCC makes only for whole phrases are not applied;
//   - full-width ASCII (U+FF01–U+FF5E) becomes ASCII (２０２４→2024, ＡＢＣ→abc);
//   - ASCII letters become lower case;
//   - whitespace (unicode.IsSpace, including U+3000 and line breaks) and
//     zero-width separators (U+200B–U+200D, U+2060, U+FEFF) are dropped.
//
// Everything else, punctuation included, is kept: a quote can contain it.
//
// The t2s table is generated from github.com/longbridgeapp/opencc by
// gen_t2s.go (go generate ./fold) and committed, so folding needs no
// dictionary at run time.
package fold
