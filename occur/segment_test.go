package occur_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/occur"
)

// samples returns the raw samples under corpus/testdata, prepared as the
// indexer gets them, plus a document with the characters folding touches:
// traditional, full-width, upper case, whitespace inside and around words.
func samples(t testing.TB) []occur.Source {
	t.Helper()
	var docs []*corpus.Document
	if _, err := corpus.Load([]string{"../corpus/testdata/corpus"}, func(d *corpus.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var out []occur.Source
	for _, d := range docs {
		if err := ingest.Prepare(d); err != nil {
			t.Fatal(err)
		}
		out = append(out, occur.FromDocument(d))
	}
	out = append(out, occur.Source{ID: "folding", Hash: "h1", Passages: []occur.PassageSource{
		{Text: "個人所得稅法　第一條", Kind: "other", Role: "heading"},
		{Text: " 人 民代表大會ＡＢＣ abc\u200b全過程 人民民主 ", Kind: "plan", Role: "paragraph",
			Themes: []corpus.Label{{Name: "民主", Why: []string{"人民民主", "heading: 民主"}}}, Tags: []corpus.Label{{Name: "代表机关", Why: []string{"代表"}}}},
		{Text: "", Kind: "plan", Role: "paragraph"},
		{Text: "人民", Kind: "review", Role: "item", Article: 12, Section: []string{"第一编", "第二章"}},
	}})
	return out
}

// occurrence is one match found by brute force: passage (in segment order)
// and offset in code points of the original text.
type occurrence struct{ passage, offset int }

// bruteForce scans every passage's folded text for the folded pattern.
func bruteForce(seg *occur.Segment, texts []string, pattern string) []occurrence {
	pat := []rune(fold.String(pattern))
	var out []occurrence
	if len(pat) == 0 {
		return nil
	}
	for p, text := range texts {
		folded, pos := fold.Map(text)
		for i := 0; i+len(pat) <= len(folded); i++ {
			if slices.Equal(folded[i:i+len(pat)], pat) {
				out = append(out, occurrence{p, len([]rune(text[:pos[i]]))})
			}
		}
	}
	return out
}

func lookup(seg *occur.Segment, pattern string) []occurrence {
	lo, hi := seg.Lookup([]rune(fold.String(pattern)))
	var out []occurrence
	for i := lo; i < hi; i++ {
		p, off := seg.Offset(seg.Pos(i))
		out = append(out, occurrence{p, off})
	}
	return out
}

func sortOccurrences(o []occurrence) {
	slices.SortFunc(o, func(a, b occurrence) int {
		if a.passage != b.passage {
			return a.passage - b.passage
		}
		return a.offset - b.offset
	})
}

// texts returns the passage texts of seg in segment order, from the sources.
func texts(t testing.TB, seg *occur.Segment, docs []occur.Source) []string {
	byID := map[string]occur.Source{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	var out []string
	for d := 0; d < seg.Docs(); d++ {
		src, ok := byID[seg.DocID(d)]
		if !ok {
			t.Fatalf("segment has unknown document %s", seg.DocID(d))
		}
		for _, p := range src.Passages {
			out = append(out, p.Text)
		}
	}
	if len(out) != seg.Passages() {
		t.Fatalf("segment has %d passages, sources %d", seg.Passages(), len(out))
	}
	return out
}

func build(t testing.TB, docs []occur.Source) *occur.Segment {
	t.Helper()
	seg, err := occur.Build(1, nil, docs)
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

func TestLookupEqualsBruteForce(t *testing.T) {
	t.Run("packed", func(t *testing.T) { testLookup(t) })
	t.Run("positions", func(t *testing.T) {
		defer occur.Unpacked()()
		testLookup(t)
	})
}

func testLookup(t *testing.T) {
	docs := samples(t)
	seg := build(t, docs)
	all := texts(t, seg, docs)
	rng := rand.New(rand.NewSource(3))
	patterns := []string{"的", "人民", "国", "人大常委会", "全过程人民民主", "个人所得税法", "人民代表大会abc", "ａｂｃ全过程", "第一条", "不存在的字符串〇〇", "人民民主 "}
	for len(patterns) < 400 {
		rs := []rune(all[rng.Intn(len(all))])
		if len(rs) == 0 {
			continue
		}
		n := 1 + rng.Intn(min(40, len(rs)))
		s := rng.Intn(len(rs) - n + 1)
		patterns = append(patterns, string(rs[s:s+n]))
	}
	for _, pat := range patterns {
		want, got := bruteForce(seg, all, pat), lookup(seg, pat)
		sortOccurrences(got)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: lookup found %d occurrences, brute force %d\n got %v\nwant %v", pat, len(got), len(want), first(got), first(want))
		}
		lo, hi := seg.Lookup([]rune(fold.String(pat)))
		positions := seg.Positions(lo, hi, nil)
		for k, pos := range positions {
			if k > 0 && positions[k-1] >= pos {
				t.Fatalf("%q: Positions not ascending", pat)
			}
		}
		places := seg.Places(lo, hi, nil)
		for k, pl := range places {
			if pl.Pos != positions[k] || int(pl.Passage) != seg.PassageAt(pl.Pos) || pl.Start != seg.Start(int(pl.Passage)) {
				t.Fatalf("%q: place %d is %+v", pat, k, pl)
			}
		}
		for r := lo; r < hi; r++ {
			if seg.RankPassage(r) != seg.PassageAt(seg.Pos(r)) {
				t.Fatalf("%q: rank %d: RankPassage %d, PassageAt %d", pat, r, seg.RankPassage(r), seg.PassageAt(seg.Pos(r)))
			}
			if _, ok := slices.BinarySearch(positions, seg.Pos(r)); !ok {
				t.Fatalf("%q: Positions lacks rank %d", pat, r)
			}
		}
	}
}

func first(o []occurrence) []occurrence { return o[:min(len(o), 8)] }

func TestSuffixOrder(t *testing.T) {
	// Ranks are in the order of the folded text to the end of the passage,
	// ties in passage order.
	docs := samples(t)
	seg := build(t, docs)
	for i := 1; i < seg.Chars(); i++ {
		a, b := seg.Pos(i-1), seg.Pos(i)
		c := seg.CompareSuffixes(a, seg, b)
		if c > 0 || c == 0 && seg.PassageAt(a) >= seg.PassageAt(b) {
			t.Fatalf("ranks %d and %d out of order (positions %d, %d)", i-1, i, a, b)
		}
	}
}

func TestTextAndAttributes(t *testing.T) {
	docs := samples(t)
	seg := build(t, docs)
	slices.SortFunc(docs, func(a, b occur.Source) int { return strings.Compare(a.ID, b.ID) })
	p := 0
	for d, src := range docs {
		if seg.DocID(d) != src.ID || seg.DocHash(d) != src.Hash {
			t.Fatalf("document %d is %s/%s, want %s/%s", d, seg.DocID(d), seg.DocHash(d), src.ID, src.Hash)
		}
		if got, ok := seg.FindDoc(src.ID); !ok || got != d {
			t.Fatalf("FindDoc(%s) = %d, %v; want %d", src.ID, got, ok, d)
		}
		chars := 0
		for k, ps := range src.Passages {
			if got := seg.Text(p); got != ps.Text {
				t.Fatalf("passage %d of %s: text %q, want %q", k+1, src.ID, got, ps.Text)
			}
			heading := ""
			if len(ps.Section) > 0 {
				heading = ps.Section[len(ps.Section)-1]
			}
			if seg.PassageDoc(p) != d || seg.Ordinal(p) != k+1 || seg.Kind(p) != ps.Kind || seg.Role(p) != ps.Role ||
				seg.Article(p) != ps.Article || seg.Heading(p) != heading || !slices.Equal(seg.Section(p), append([]string{}, ps.Section...)) {
				t.Fatalf("passage %d of %s: attributes differ: %q %v", k+1, src.ID, seg.Heading(p), seg.Section(p))
			}
			has := func(bit int) bool { return seg.LabelBits().Of(p)[bit/64]&(1<<(bit%64)) != 0 }
			if c := seg.KindCode(p); seg.Kinds()[c] != ps.Kind || !has(seg.KindBit()+c) {
				t.Fatalf("passage %d of %s: kind code", k+1, src.ID)
			}
			themes, tags := seg.Labels(p)
			if !reflect.DeepEqual(themes, ps.Themes) || !reflect.DeepEqual(tags, ps.Tags) {
				t.Fatalf("passage %d of %s: labels %v %v, want %v %v", k+1, src.ID, themes, tags, ps.Themes, ps.Tags)
			}
			for _, l := range themes {
				code := slices.Index(seg.Themes(), l.Name)
				if code < 0 || !has(seg.ThemeBit()+code) {
					t.Fatalf("passage %d of %s: theme mask lacks %s", k+1, src.ID, l.Name)
				}
			}
			for _, l := range tags {
				code := slices.Index(seg.Tags(), l.Name)
				if code < 0 || !has(seg.TagBit()+code) {
					t.Fatalf("passage %d of %s: tag mask lacks %s", k+1, src.ID, l.Name)
				}
			}
			n := len([]rune(fold.String(ps.Text)))
			if seg.PassageChars(p) != n {
				t.Fatalf("passage %d of %s: %d characters, want %d", k+1, src.ID, seg.PassageChars(p), n)
			}
			chars += n
			p++
		}
		if seg.DocChars(d) != chars {
			t.Fatalf("%s: %d characters, want %d", src.ID, seg.DocChars(d), chars)
		}
	}
}

func TestLineContext(t *testing.T) {
	seg := build(t, samples(t))
	d, _ := seg.FindDoc("folding")
	first, _ := seg.DocPassages(d)
	lo, hi := seg.Lookup([]rune(fold.String("全过程人民民主")))
	var l occur.Line
	found := 0
	for i := lo; i < hi; i++ {
		if seg.PassageDoc(seg.PassageAt(seg.Pos(i))) == d {
			l, _ = seg.Line(seg.Pos(i), 7, 5, nil)
			found++
		}
	}
	if found != 1 {
		t.Fatalf("全过程人民民主: %d occurrences in the folding document, want 1", found)
	}
	want := occur.Line{Passage: first + 1, Offset: 16, Left: " abc\u200b", Match: "全過程 人民民主", Right: " "}
	if l.Left != want.Left || l.Match != want.Match || l.Right != want.Right || l.Passage != want.Passage || l.Offset != want.Offset {
		t.Fatalf("line %+v, want %+v", l, want)
	}
	rs := []rune(seg.Text(l.Passage))
	if string(rs[l.Offset-len([]rune(l.Left)):l.Offset]) != l.Left {
		t.Fatalf("left context %q is not the text before offset %d", l.Left, l.Offset)
	}
}

func TestWriteOpen(t *testing.T) {
	docs := samples(t)
	built := build(t, docs)
	path := filepath.Join(t.TempDir(), "1.occ")
	if err := built.Write(path); err != nil {
		t.Fatal(err)
	}
	seg, err := occur.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	if seg.Gen() != 1 || !slices.Equal(seg.Covers(), []uint64{1}) || seg.Chars() != built.Chars() || seg.Passages() != built.Passages() {
		t.Fatalf("reopened segment differs: gen %d covers %v chars %d", seg.Gen(), seg.Covers(), seg.Chars())
	}
	all := texts(t, seg, docs)
	for _, pat := range []string{"人民", "的", "常委会", "全过程人民民主", "第一条"} {
		want, got := bruteForce(seg, all, pat), lookup(seg, pat)
		sortOccurrences(got)
		if !slices.Equal(got, want) {
			t.Fatalf("%q after reopening: %d occurrences, want %d", pat, len(got), len(want))
		}
	}
	for d := 0; d < seg.Docs(); d++ {
		if a, b := seg.Source(d), built.Source(d); a.ID != b.ID || len(a.Passages) != len(b.Passages) {
			t.Fatalf("document %d differs after reopening", d)
		}
	}
}

func TestOpenRefusesDamage(t *testing.T) {
	built := build(t, samples(t))
	path := filepath.Join(t.TempDir(), "1.occ")
	if err := built.Write(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{0, 20, 40, len(data) / 2, len(data) - 1} {
		bad := slices.Clone(data)
		bad[at] ^= 0x40
		p := filepath.Join(t.TempDir(), "bad.occ")
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if seg, err := occur.Open(p); err == nil {
			seg.Close()
			t.Errorf("byte %d flipped: Open succeeded", at)
		}
	}
	p := filepath.Join(t.TempDir(), "short.occ")
	os.WriteFile(p, data[:len(data)/3], 0o644)
	if _, err := occur.Open(p); err == nil {
		t.Error("truncated file: Open succeeded")
	}
}

func TestMergeBySources(t *testing.T) {
	// A segment rebuilt from the sources another one gives back holds the
	// same documents, texts and attributes.
	docs := samples(t)
	a := build(t, docs[:len(docs)/2])
	b := build(t, docs[len(docs)/2:])
	var srcs []occur.Source
	for _, s := range []*occur.Segment{a, b} {
		for d := 0; d < s.Docs(); d++ {
			srcs = append(srcs, s.Source(d))
		}
	}
	merged, err := occur.Build(3, []uint64{1, 2}, srcs)
	if err != nil {
		t.Fatal(err)
	}
	whole := build(t, docs)
	if merged.Passages() != whole.Passages() || merged.Chars() != whole.Chars() || !slices.Equal(merged.Covers(), []uint64{1, 2}) {
		t.Fatalf("merged: %d passages %d chars covers %v; whole: %d, %d", merged.Passages(), merged.Chars(), merged.Covers(), whole.Passages(), whole.Chars())
	}
	for i := 0; i < whole.Chars(); i++ {
		if merged.Pos(i) != whole.Pos(i) {
			t.Fatalf("rank %d: merged position %d, whole %d", i, merged.Pos(i), whole.Pos(i))
		}
	}
	for p := 0; p < whole.Passages(); p++ {
		if merged.Text(p) != whole.Text(p) {
			t.Fatalf("passage %d differs", p)
		}
	}
}

func TestWideAlphabet(t *testing.T) {
	// More distinct characters than 16 bits hold: symbols take 32 bits.
	var b strings.Builder
	for r := rune(0x20000); r < 0x20000+70000; r++ {
		b.WriteRune(r)
	}
	text := b.String()
	docs := []occur.Source{{ID: "wide", Hash: "h", Passages: []occur.PassageSource{{Text: text}, {Text: "人民" + string(rune(0x20005)) + "人民"}}}}
	path := filepath.Join(t.TempDir(), "w.occ")
	if err := build(t, docs).Write(path); err != nil {
		t.Fatal(err)
	}
	seg, err := occur.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	all := []string{text, docs[0].Passages[1].Text}
	for _, pat := range []string{string(rune(0x20005)), "人民", string([]rune(text)[60000:60010])} {
		want, got := bruteForce(seg, all, pat), lookup(seg, pat)
		sortOccurrences(got)
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Fatalf("%q: got %v, want %v", pat, got, want)
		}
	}
	if seg.Text(0) != text {
		t.Fatal("wide text does not come back")
	}
}

func TestBuildRefusesDuplicates(t *testing.T) {
	d := occur.Source{ID: "x", Hash: "h", Passages: []occur.PassageSource{{Text: "人民"}}}
	if _, err := occur.Build(1, nil, []occur.Source{d, d}); err == nil {
		t.Fatal("Build accepted a document twice")
	}
}
