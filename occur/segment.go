package occur

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/blevesearch/mmap-go"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
)

// Source is one document as a segment stores it.
type Source struct {
	ID       string
	Hash     string
	Passages []PassageSource // in document order: passage k has ordinal k+1
}

// PassageSource is one passage of a Source.
type PassageSource struct {
	Text    string
	Kind    string
	Role    string
	Article int
	Section []string // headings from the top-level section to the passage's own, none if none
	Themes  []corpus.Label
	Tags    []corpus.Label
}

// FromDocument returns what a segment stores of d, which must carry its
// passages.
func FromDocument(d *corpus.Document) Source {
	src := Source{ID: d.ID, Hash: d.Hash, Passages: make([]PassageSource, len(d.Passages))}
	for k := range d.Passages {
		p := &d.Passages[k]
		ps := PassageSource{Text: p.Text, Kind: string(p.Kind), Role: string(p.Role), Article: p.Article, Themes: p.Themes, Tags: p.Tags}
		if sec := d.Section(p.Section); sec != nil {
			ps.Section = sec.Path
		}
		src.Passages[k] = ps
	}
	return src
}

// sep joins the parts of a stored list (section paths, label reasons):
// the ASCII unit separator, which text does not contain.
const sep = "\x1f"

func join(parts []string) string { return strings.Join(parts, sep) }

func split(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, sep)
}

// Segment is an immutable occurrence index over a set of documents; see
// the package documentation. Passages and documents are numbered from 0 in
// the segment's order: documents sorted by ID, each document's passages in
// order and contiguous.
type Segment struct {
	gen    uint64
	covers []uint64 // generations whose documents this segment holds

	text16 []uint16 // symbols, one per folded character; 0 ends a passage
	text32 []uint32 // used instead of text16 when symbols do not fit 16 bits
	// sa lists the characters (never separators) by suffix: as passage
	// and offset, passage<<saShift | offset, when both fit in 32 bits,
	// so that the passage of an occurrence is read, not looked up; as
	// text positions when saShift is 0.
	sa      []uint32
	saShift uint32
	runes   []uint32 // symbol → original rune
	folds   []uint32 // symbol → folded rune + 1; 0 for the separator

	pStart    []uint32 // passage → position of its first character; one more entry: len(text)
	pDoc      []uint32 // passage → document
	pKind     []uint32 // passage → code in kinds
	pRole     []uint32 // passage → string
	pArticle  []uint32 // passage → article number, 0 if none
	pPath     []uint32 // passage → string: the section path, joined by sep
	pLabelOff []uint32 // passage → first entry in labels; one more entry at the end
	labels    []uint32 // two entries per label: code<<1 | 1 for a tag, 0 for a theme; the string of its reasons, joined by sep
	kinds     []uint32 // the section kinds in use: code → string
	themes    []uint32 // the theme names in use: code → string
	tags      []uint32 // the tag names in use: code → string
	pGapOff   []uint32 // passage → first entry in gapPos; one more entry at the end
	gapPos    []uint32 // position before which a dropped rune (whitespace) stood, ascending
	gapRune   []uint32 // that rune

	dID    []uint32 // document → string
	dHash  []uint32 // document → string
	dFirst []uint32 // document → first passage; one more entry: the number of passages
	dChars []uint32 // document → folded characters

	strs   []string // strings, decoded at Open
	blocks []uint32 // passage holding position b<<blockShift, computed at Open
	// Computed at Open: the vocabularies as strings, and per passage its
	// kind, themes and tags as one bit set, for filters and facets.
	kindNames, themeNames, tagNames []string
	labelBits                       Bits

	mapped mmap.MMap // the file's mapping; nil for a segment built in memory
}

// blockShift sets the spacing of the position → passage table: one entry
// per 64 positions, so that a lookup reads one entry and, passages being
// about 60 characters long, steps over one or two passage starts.
const blockShift = 6

// Build returns a new segment over docs with generation gen, covering the
// generations covers (gen itself when covers is empty). It fails if two
// documents share an ID or the text is too long for one segment (2³¹
// characters). Build is safe for concurrent use; docs are not modified.
func Build(gen uint64, covers []uint64, docs []Source) (*Segment, error) {
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b Source) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].ID == sorted[i-1].ID {
			return nil, fmt.Errorf("occur: build: document %s given twice", sorted[i].ID)
		}
	}
	if len(covers) == 0 {
		covers = []uint64{gen}
	}
	s := &Segment{gen: gen, covers: slices.Sorted(slices.Values(covers))}
	s.covers = slices.Compact(s.covers)
	strs := stringTable{ids: map[string]uint32{}}
	kinds, themes, tags := vocabulary{strs: &strs}, vocabulary{strs: &strs}, vocabulary{strs: &strs}
	alphabet := map[rune]uint32{}
	s.runes, s.folds = []uint32{0}, []uint32{0}
	s.text16 = []uint16{}
	for _, d := range sorted {
		s.dID = append(s.dID, strs.id(d.ID))
		s.dHash = append(s.dHash, strs.id(d.Hash))
		s.dFirst = append(s.dFirst, uint32(len(s.pStart)))
		chars := 0
		for _, p := range d.Passages {
			s.pStart = append(s.pStart, uint32(s.textLen()))
			s.pDoc = append(s.pDoc, uint32(len(s.dID)-1))
			s.pKind = append(s.pKind, kinds.code(p.Kind))
			s.pRole = append(s.pRole, strs.id(p.Role))
			s.pArticle = append(s.pArticle, uint32(max(p.Article, 0)))
			s.pPath = append(s.pPath, strs.id(join(p.Section)))
			s.pLabelOff = append(s.pLabelOff, uint32(len(s.labels)))
			for _, l := range p.Themes {
				s.labels = append(s.labels, themes.code(l.Name)<<1, strs.id(join(l.Why)))
			}
			for _, l := range p.Tags {
				s.labels = append(s.labels, tags.code(l.Name)<<1|1, strs.id(join(l.Why)))
			}
			s.pGapOff = append(s.pGapOff, uint32(len(s.gapPos)))
			for _, r := range p.Text {
				f, kept := fold.Rune(r)
				if !kept {
					s.gapPos = append(s.gapPos, uint32(s.textLen()))
					s.gapRune = append(s.gapRune, uint32(r))
					continue
				}
				sym, ok := alphabet[r]
				if !ok {
					sym = uint32(len(s.runes))
					alphabet[r] = sym
					s.runes = append(s.runes, uint32(r))
					s.folds = append(s.folds, uint32(f)+1)
				}
				s.appendSym(sym)
				chars++
			}
			s.appendSym(0)
			if s.textLen() >= 1<<31-1 {
				return nil, fmt.Errorf("occur: build: more than 2³¹ characters in one segment")
			}
		}
		s.dChars = append(s.dChars, uint32(chars))
	}
	s.pStart = append(s.pStart, uint32(s.textLen()))
	s.pLabelOff = append(s.pLabelOff, uint32(len(s.labels)))
	s.pGapOff = append(s.pGapOff, uint32(len(s.gapPos)))
	s.dFirst = append(s.dFirst, uint32(len(s.pDoc)))
	s.strs = strs.list
	s.kinds, s.themes, s.tags = kinds.list, themes.list, tags.list
	s.sortSuffixes()
	s.index()
	return s, nil
}

// appendSym appends a symbol to the text: 16 bits each until a symbol
// needs more, 32 bits from then on.
func (s *Segment) appendSym(sym uint32) {
	switch {
	case s.text32 != nil:
		s.text32 = append(s.text32, sym)
	case sym >= 1<<16:
		s.text32 = make([]uint32, len(s.text16), 2*len(s.text16)+1)
		for i, c := range s.text16 {
			s.text32[i] = uint32(c)
		}
		s.text16 = nil
		s.text32 = append(s.text32, sym)
	default:
		s.text16 = append(s.text16, uint16(sym))
	}
}

// sortSuffixes builds the suffix array of the text restricted to character
// positions. For sorting, passage k's separator becomes symbol k, below
// every character, so that equal texts up to the end of their passages sort
// in passage order; characters sort by folded rune. Entries become passage
// and offset when both fit in 32 bits (see Segment.sa). Memory: two arrays
// of 4 bytes per character besides the text; the second ends as the
// suffix array itself.
func (s *Segment) sortSuffixes() {
	n, P := s.textLen(), len(s.pDoc)
	if n == 0 {
		return
	}
	distinct := slices.Sorted(slices.Values(s.folds[1:]))
	distinct = slices.Compact(distinct)
	rank := make([]int32, len(s.folds))
	for sym, f := range s.folds[1:] {
		r, _ := slices.BinarySearch(distinct, f)
		rank[sym+1] = int32(P + 1 + r)
	}
	// SA-IS wants a unique smallest symbol at the end: 0; separators are
	// 1…P.
	t := make([]int32, n+1)
	sep := int32(1)
	for i := range n {
		if c := s.sym(uint32(i)); c == 0 {
			t[i] = sep
			sep++
		} else {
			t[i] = rank[c]
		}
	}
	sa := make([]int32, n+1)
	sais(t, sa, P+1+len(distinct))

	// t is free now: it becomes the position → entry table.
	shift := s.packShift()
	if shift > 0 {
		for p := range P {
			for pos := s.pStart[p]; pos < s.pStart[p+1]; pos++ {
				t[pos] = int32(uint32(p)<<shift | (pos - s.pStart[p]))
			}
		}
	}
	// Keep character positions only, compacting sa in place: the write
	// index never passes the read index. The int32s become uint32s.
	out := unsafe.Slice((*uint32)(unsafe.Pointer(&sa[0])), len(sa))
	k := 0
	for _, pos := range sa[1:] {
		if s.sym(uint32(pos)) == 0 {
			continue
		}
		if shift > 0 {
			out[k] = uint32(t[pos])
		} else {
			out[k] = uint32(pos)
		}
		k++
	}
	s.sa, s.saShift = out[:k:k], uint32(shift)
}

// maxPackBits is the width of a suffix array entry; tests lower it to
// exercise the positions layout.
var maxPackBits = 32

// packShift returns the width of the offset in a suffix array entry of
// passage and offset, or 0 when passage and offset do not fit in
// maxPackBits together.
func (s *Segment) packShift() int {
	P := len(s.pDoc)
	longest := 1
	for p := 0; p < P; p++ {
		longest = max(longest, int(s.pStart[p+1]-s.pStart[p]-1))
	}
	shift := bits.Len(uint(longest - 1))
	if P == 0 || bits.Len(uint(P-1))+shift > maxPackBits || shift == 0 {
		return 0
	}
	return shift
}

// stringTable interns strings for a segment being built.
type stringTable struct {
	ids  map[string]uint32
	list []string
}

func (t *stringTable) id(s string) uint32 {
	if id, ok := t.ids[s]; ok {
		return id
	}
	id := uint32(len(t.list))
	t.ids[s] = id
	t.list = append(t.list, s)
	return id
}

// vocabulary numbers the distinct values of one attribute from 0, in the
// order they first appear.
type vocabulary struct {
	strs  *stringTable
	codes map[string]uint32
	list  []uint32 // code → string
}

func (v *vocabulary) code(s string) uint32 {
	if c, ok := v.codes[s]; ok {
		return c
	}
	if v.codes == nil {
		v.codes = map[string]uint32{}
	}
	c := uint32(len(v.list))
	v.codes[s] = c
	v.list = append(v.list, v.strs.id(s))
	return c
}

// index computes what Open derives instead of storing: the position →
// passage table, the vocabularies' strings and the label masks.
func (s *Segment) index() {
	names := func(ids []uint32) []string {
		out := make([]string, len(ids))
		for k, id := range ids {
			out[k] = s.strs[id]
		}
		return out
	}
	s.kindNames, s.themeNames, s.tagNames = names(s.kinds), names(s.themes), names(s.tags)
	P := len(s.pDoc)
	themeBit, tagBit := len(s.kinds), len(s.kinds)+len(s.themes)
	words := (tagBit + len(s.tags) + 63) / 64
	s.labelBits = Bits{Bits: make([]uint64, P*words), Words: words}
	for p := 0; p < P; p++ {
		s.labelBits.set(p, int(s.pKind[p]))
		for i := s.pLabelOff[p]; i < s.pLabelOff[p+1]; i += 2 {
			code := int(s.labels[i] >> 1)
			if s.labels[i]&1 == 1 {
				s.labelBits.set(p, tagBit+code)
			} else {
				s.labelBits.set(p, themeBit+code)
			}
		}
	}

	n := s.textLen()
	s.blocks = make([]uint32, (n+(1<<blockShift)-1)>>blockShift)
	p := uint32(0)
	for b := range s.blocks {
		pos := uint32(b) << blockShift
		for int(p)+1 < len(s.pDoc) && s.pStart[p+1] <= pos {
			p++
		}
		s.blocks[b] = p
	}
}

func (s *Segment) textLen() int {
	if s.text32 != nil {
		return len(s.text32)
	}
	return len(s.text16)
}

// sym returns the symbol at position pos.
func (s *Segment) sym(pos uint32) uint32 {
	if s.text16 != nil {
		return uint32(s.text16[pos])
	}
	return s.text32[pos]
}

// Gen returns the segment's generation.
func (s *Segment) Gen() uint64 { return s.gen }

// Covers returns the generations whose documents the segment holds, in
// ascending order. The slice must not be modified.
func (s *Segment) Covers() []uint64 { return s.covers }

// Docs returns the number of documents.
func (s *Segment) Docs() int { return len(s.dID) }

// Passages returns the number of passages.
func (s *Segment) Passages() int { return len(s.pDoc) }

// Chars returns the number of folded characters, and so of suffix array
// entries.
func (s *Segment) Chars() int { return len(s.sa) }

// DocID returns the ID of document d.
func (s *Segment) DocID(d int) string { return s.strs[s.dID[d]] }

// DocHash returns the corpus.Document.Hash of document d.
func (s *Segment) DocHash(d int) string { return s.strs[s.dHash[d]] }

// DocPassages returns the passages of document d: from first up to, not
// including, end.
func (s *Segment) DocPassages(d int) (first, end int) {
	return int(s.dFirst[d]), int(s.dFirst[d+1])
}

// DocChars returns the number of folded characters of document d.
func (s *Segment) DocChars(d int) int { return int(s.dChars[d]) }

// FindDoc returns the number of the document with the given ID.
func (s *Segment) FindDoc(id string) (int, bool) {
	return sort.Find(len(s.dID), func(d int) int { return cmp.Compare(id, s.strs[s.dID[d]]) })
}

// PassageDoc returns the document of passage p.
func (s *Segment) PassageDoc(p int) int { return int(s.pDoc[p]) }

// Ordinal returns the 1-based ordinal of passage p within its document.
func (s *Segment) Ordinal(p int) int { return p - int(s.dFirst[s.pDoc[p]]) + 1 }

// PassageChars returns the number of folded characters of passage p.
func (s *Segment) PassageChars(p int) int { return int(s.pStart[p+1] - s.pStart[p] - 1) }

// Kind returns the section kind of passage p (corpus.Kind).
func (s *Segment) Kind(p int) string { return s.kindNames[s.pKind[p]] }

// KindCode returns the code of passage p's kind in Kinds.
func (s *Segment) KindCode(p int) int { return int(s.pKind[p]) }

// Kinds, Themes and Tags return the segment's vocabularies: the section
// kinds, theme names and tag names its passages have, by code. The slices
// must not be modified.
func (s *Segment) Kinds() []string  { return s.kindNames }
func (s *Segment) Themes() []string { return s.themeNames }
func (s *Segment) Tags() []string   { return s.tagNames }

// LabelBits returns every passage's kind, themes and tags as one bit set:
// bit KindBit()+c for kind code c, ThemeBit()+c for theme c, TagBit()+c
// for tag c. Filters and facets test and merge them a word at a time.
func (s *Segment) LabelBits() Bits { return s.labelBits }

// KindBit, ThemeBit and TagBit return where each vocabulary's codes start
// in LabelBits.
func (s *Segment) KindBit() int  { return 0 }
func (s *Segment) ThemeBit() int { return len(s.kinds) }
func (s *Segment) TagBit() int   { return len(s.kinds) + len(s.themes) }

// Bits holds a bit set per passage: passage p's is Bits[p*Words :
// (p+1)*Words]. It must not be modified.
type Bits struct {
	Bits  []uint64
	Words int
}

func (b Bits) set(p, bit int) { b.Bits[p*b.Words+bit/64] |= 1 << (bit % 64) }

// Of returns passage p's bit set.
func (b Bits) Of(p int) []uint64 { return b.Bits[p*b.Words : (p+1)*b.Words] }

// Role returns the role of passage p (corpus.Role).
func (s *Segment) Role(p int) string { return s.strs[s.pRole[p]] }

// Article returns the law article number of passage p, 0 if none.
func (s *Segment) Article(p int) int { return int(s.pArticle[p]) }

// Section returns the headings from the top-level section down to passage
// p's own, empty if it is in none.
func (s *Segment) Section(p int) []string { return split(s.strs[s.pPath[p]]) }

// Heading returns the heading of the innermost section of passage p, "" if
// none.
func (s *Segment) Heading(p int) string {
	path := s.strs[s.pPath[p]]
	return path[strings.LastIndex(path, sep)+1:]
}

// Labels returns passage p's themes and tags with their reasons; the
// slices are the caller's.
func (s *Segment) Labels(p int) (themes, tags []corpus.Label) {
	ls := s.labels[s.pLabelOff[p]:s.pLabelOff[p+1]]
	for i := 0; i+1 < len(ls); i += 2 {
		code := ls[i] >> 1
		if ls[i]&1 == 1 {
			tags = append(tags, corpus.Label{Name: s.tagNames[code], Why: split(s.strs[ls[i+1]])})
		} else {
			themes = append(themes, corpus.Label{Name: s.themeNames[code], Why: split(s.strs[ls[i+1]])})
		}
	}
	return themes, tags
}

// Text returns the original text of passage p, as given to Build.
func (s *Segment) Text(p int) string {
	return string(s.appendText(nil, p))
}

// appendText appends the original runes of passage p to buf.
func (s *Segment) appendText(buf []rune, p int) []rune {
	g, gEnd := s.pGapOff[p], s.pGapOff[p+1]
	end := s.pStart[p+1] - 1 // the separator
	for pos := s.pStart[p]; ; pos++ {
		for g < gEnd && s.gapPos[g] == pos {
			buf = append(buf, rune(s.gapRune[g]))
			g++
		}
		if pos == end {
			return buf
		}
		buf = append(buf, rune(s.runes[s.sym(pos)]))
	}
}

// Source returns document d as Build was given it, for merging segments.
func (s *Segment) Source(d int) Source {
	first, end := s.DocPassages(d)
	src := Source{ID: s.DocID(d), Hash: s.DocHash(d), Passages: make([]PassageSource, 0, end-first)}
	var buf []rune
	for p := first; p < end; p++ {
		buf = s.appendText(buf[:0], p)
		ps := PassageSource{Text: string(buf), Kind: s.Kind(p), Role: s.Role(p), Article: s.Article(p), Section: s.Section(p)}
		ps.Themes, ps.Tags = s.Labels(p)
		src.Passages = append(src.Passages, ps)
	}
	return src
}

// Lookup returns the range [lo, hi) of suffix array ranks whose suffixes
// start with pattern, a folded string (fold.String); the range is empty
// when pattern does not occur. An empty pattern yields an empty range.
func (s *Segment) Lookup(pattern []rune) (lo, hi int) {
	if len(pattern) == 0 {
		return 0, 0
	}
	n := len(s.sa)
	lo = sort.Search(n, func(i int) bool { return s.comparePrefix(s.Pos(i), pattern) >= 0 })
	hi = lo + sort.Search(n-lo, func(i int) bool { return s.comparePrefix(s.Pos(lo+i), pattern) > 0 })
	return lo, hi
}

// comparePrefix compares the len(pattern) characters of folded text at pos
// with pattern; the end of a passage is smaller than any character.
func (s *Segment) comparePrefix(pos uint32, pattern []rune) int {
	for k, r := range pattern {
		c, want := s.folds[s.sym(pos+uint32(k))], uint32(r)+1
		if c != want {
			if c < want {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Pos returns the text position of suffix array rank i.
func (s *Segment) Pos(i int) uint32 {
	e := s.sa[i]
	if s.saShift == 0 {
		return e
	}
	return s.pStart[e>>s.saShift] + e&(1<<s.saShift-1)
}

// RankPassage returns the passage of the occurrence at suffix array rank
// i: for counting by passage, cheaper than PassageAt(Pos(i)).
func (s *Segment) RankPassage(i int) int {
	if s.saShift == 0 {
		return s.PassageAt(s.sa[i])
	}
	return int(s.sa[i] >> s.saShift)
}

// PassageAt returns the passage holding text position pos.
func (s *Segment) PassageAt(pos uint32) int {
	p := s.blocks[pos>>blockShift]
	for s.pStart[p+1] <= pos {
		p++
	}
	return int(p)
}

// Offset returns the passage holding text position pos and the offset of
// that character in the passage's original text, in code points.
func (s *Segment) Offset(pos uint32) (passage, offset int) {
	p := s.PassageAt(pos)
	off := int(pos - s.pStart[p])
	for g := s.pGapOff[p]; g < s.pGapOff[p+1] && s.gapPos[g] <= pos; g++ {
		off++
	}
	return p, off
}

// Folded returns the folded rune at text position pos, and false at the
// end of a passage.
func (s *Segment) Folded(pos uint32) (rune, bool) {
	f := s.folds[s.sym(pos)]
	return rune(f) - 1, f != 0
}

// LeftKey packs the three folded characters before text position pos,
// the nearest first, into one integer, 21 bits a character (the folded
// rune plus one, 0 before start, the start of pos's passage): comparing
// keys compares the left contexts up to three characters, read backwards,
// as a concordance sorted by left context needs.
func (s *Segment) LeftKey(pos, start uint32) uint64 {
	var key uint64
	for i := uint32(1); i <= 3; i++ {
		key <<= 21
		if pos >= start+i {
			key |= uint64(s.folds[s.sym(pos-i)])
		}
	}
	return key
}

// Start returns the text position of passage p's first character.
func (s *Segment) Start(p int) uint32 { return s.pStart[p] }

// CompareSuffixes compares the folded text from position a of segment s
// with the text from position b of segment t, each up to the end of its
// passage (the shorter first when one is a prefix of the other).
func (s *Segment) CompareSuffixes(a uint32, t *Segment, b uint32) int {
	for {
		x, y := s.folds[s.sym(a)], t.folds[t.sym(b)]
		if x != y {
			return cmp.Compare(x, y)
		}
		if x == 0 {
			return 0
		}
		a, b = a+1, b+1
	}
}

// Line is one occurrence in its context of original text.
type Line struct {
	Passage int    // in the segment
	Offset  int    // of the match in the passage's original text, in code points
	Left    string // up to width code points before the match
	Match   string // the original text that matched, whitespace inside included
	Right   string // up to width code points after the match
}

// Line returns the occurrence of a folded string of n characters at text
// position pos with width code points of original text on each side. buf
// is scratch space, returned for reuse.
func (s *Segment) Line(pos uint32, n, width int, buf []rune) (Line, []rune) {
	p, start := s.Offset(pos)
	buf = s.appendText(buf[:0], p)
	_, last := s.Offset(pos + uint32(n) - 1)
	end := last + 1
	l := Line{
		Passage: p, Offset: start,
		Left:  string(buf[max(0, start-width):start]),
		Match: string(buf[start:end]),
		Right: string(buf[end:min(len(buf), end+width)]),
	}
	return l, buf
}

// Positions returns the text positions of suffix array ranks [lo, hi) in
// ascending order, in buf's memory if it is large enough. Visiting
// occurrences in text order makes the position → passage lookups walk
// memory forwards instead of jumping: for a frequent string, sorting first
// and looking up after is the faster way to count by passage.
func (s *Segment) Positions(lo, hi int, buf []uint32) []uint32 {
	buf = append(buf[:0], s.sa[lo:hi]...)
	sortPositions(buf) // packed entries sort in text order too
	if s.saShift != 0 {
		mask := uint32(1)<<s.saShift - 1
		for i, e := range buf {
			buf[i] = s.pStart[e>>s.saShift] + e&mask
		}
	}
	return buf
}

// Place is an occurrence in text order: its text position, its passage
// and where that passage starts.
type Place struct {
	Pos, Start uint32
	Passage    int32
}

// Places returns the occurrences of suffix array ranks [lo, hi) in text
// order with their passages, in buf's memory if it is large enough: like
// Positions, without a lookup per occurrence when the array holds passages.
func (s *Segment) Places(lo, hi int, buf []Place) []Place {
	entries := make([]uint32, hi-lo)
	copy(entries, s.sa[lo:hi])
	sortPositions(entries)
	buf = buf[:0]
	mask := uint32(1)<<s.saShift - 1
	for _, e := range entries {
		var pl Place
		if s.saShift == 0 {
			p := s.PassageAt(e)
			pl = Place{Pos: e, Start: s.pStart[p], Passage: int32(p)}
		} else {
			p := e >> s.saShift
			pl = Place{Start: s.pStart[p], Passage: int32(p)}
			pl.Pos = pl.Start + e&mask
		}
		buf = append(buf, pl)
	}
	return buf
}

// sortPositions sorts text positions: a few with the standard sort, more
// by a radix sort of four 8-bit digits (256 buckets keep the scattered
// writes within the caches).
func sortPositions(a []uint32) {
	if len(a) < 256 {
		slices.Sort(a)
		return
	}
	tmp := make([]uint32, len(a))
	src, dst := a, tmp
	for shift := uint(0); shift < 32; shift += 8 {
		var count [256]int
		for _, v := range src {
			count[(v>>shift)&255]++
		}
		if count[(src[0]>>shift)&255] == len(src) {
			continue // every value has this digit
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			d := (v >> shift) & 255
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
}
