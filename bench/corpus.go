package main

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/ingest"
)

// substRate is the share of Han characters a replica replaces: one in
// substRate.
const substRate = 20

// substPool is how many of the corpus's most frequent Han characters
// replace the substituted ones.
const substPool = 1000

// loadCorpus returns the embedded default corpus with every document
// prepared by ingest.Prepare (structure, tags, hash), in the order
// defaultcorpus.Documents returns them. Preparing runs on every CPU.
func loadCorpus() ([]*corpus.Document, error) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		return nil, fmt.Errorf("load the default corpus: %w", err)
	}
	next := make(chan *corpus.Document)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for d := range next {
				if err := ingest.Prepare(d); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, d := range docs {
		next <- d
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, fmt.Errorf("prepare the default corpus: %w", first)
	}
	return docs, nil
}

// corpusStats are the sizes of a set of documents.
type corpusStats struct {
	Documents int   `json:"documents"`
	Passages  int   `json:"passages"`
	TextBytes int64 `json:"text_bytes"` // UTF-8 bytes of passage text
}

// add counts docs into s.
func (s *corpusStats) add(docs []*corpus.Document) {
	for _, d := range docs {
		s.Documents++
		s.Passages += len(d.Passages)
		for k := range d.Passages {
			s.TextBytes += int64(len(d.Passages[k].Text))
		}
	}
}

// scaler makes the replicas of the synthetic scale-up from the prepared
// default corpus. Replica 0 is the corpus itself; replica r > 0 is every
// document again with a new ID (and so new passage and section IDs), its
// years shifted r years earlier and about one Han character in substRate
// replaced by a frequent one. The replacement depends only on r and the
// line it is in, so the same line gets the same replacement in Text,
// Original, its passage and any section heading or path, and a run
// repeats exactly.
type scaler struct {
	base  []*corpus.Document
	subst []rune // the substPool most frequent Han characters, most frequent first
}

// newScaler returns a scaler over the prepared documents base.
func newScaler(base []*corpus.Document) *scaler {
	freq := map[rune]int{}
	for _, d := range base {
		for k := range d.Passages {
			for _, r := range d.Passages[k].Text {
				if unicode.Is(unicode.Han, r) {
					freq[r]++
				}
			}
		}
	}
	runes := make([]rune, 0, len(freq))
	for r := range freq {
		runes = append(runes, r)
	}
	slices.SortFunc(runes, func(a, b rune) int { return cmp.Or(freq[b]-freq[a], int(a-b)) })
	return &scaler{base: base, subst: runes[:min(substPool, len(runes))]}
}

// replica returns replica r of the corpus; the documents share nothing
// mutable with the base but their labels and history, which nothing writes.
func (s *scaler) replica(r int) []*corpus.Document {
	if r == 0 {
		return s.base
	}
	out := make([]*corpus.Document, len(s.base))
	for i, d := range s.base {
		out[i] = s.perturb(d, r)
	}
	return out
}

// perturb returns the copy of d for replica r.
func (s *scaler) perturb(d *corpus.Document, r int) *corpus.Document {
	c := *d
	tag := strconv.Itoa(r)
	c.ID = corpus.DocumentID("bench-replica-" + tag + "/" + d.ID)
	c.Hash = corpus.ContentHash(d.Hash, "bench-replica", tag)
	c.Title = s.line(r, d.Title)
	c.Year = d.Year - r
	c.Dates = corpus.Dates{
		Session:     shiftDate(d.Dates.Session, -r),
		Adopted:     shiftDate(d.Dates.Adopted, -r),
		Promulgated: shiftDate(d.Dates.Promulgated, -r),
		Effective:   shiftDate(d.Dates.Effective, -r),
		Published:   shiftDate(d.Dates.Published, -r),
	}
	c.Source.Path = d.Source.Path + "#replica-" + tag
	lines := strings.Split(d.Text, "\n")
	perturbed := make([]string, len(lines))
	for k, l := range lines {
		perturbed[k] = s.line(r, l)
	}
	c.Text = strings.Join(perturbed, "\n")
	c.Original = s.text(r, d.Original)
	c.Passages = slices.Clone(d.Passages)
	for k := range c.Passages {
		p := &c.Passages[k]
		p.ID = corpus.PassageID(c.ID, p.Ordinal)
		if k < len(lines) && lines[k] == p.Text {
			p.Text = perturbed[k] // structure.Build: passage k is line k of Text
		} else {
			p.Text = s.line(r, p.Text)
		}
	}
	c.Sections = slices.Clone(d.Sections)
	for k := range c.Sections {
		sec := &c.Sections[k]
		sec.ID = corpus.SectionID(c.ID, sec.Ordinal)
		sec.Heading = s.line(r, sec.Heading)
		path := make([]string, len(sec.Path))
		for j, h := range sec.Path {
			path[j] = s.line(r, h)
		}
		sec.Path = path
	}
	return &c
}

// text perturbs every line of a multi-line text.
func (s *scaler) text(r int, text string) string {
	lines := strings.Split(text, "\n")
	for k, l := range lines {
		lines[k] = s.line(r, l)
	}
	return strings.Join(lines, "\n")
}

// line returns l with about one Han character in substRate replaced by one
// of the frequent ones, seeded by r and l itself.
func (s *scaler) line(r int, l string) string {
	if l == "" {
		return l
	}
	h := fnv.New64a()
	h.Write([]byte(l))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(r)))
	var b strings.Builder
	b.Grow(len(l))
	for _, c := range l {
		if unicode.Is(unicode.Han, c) && rng.IntN(substRate) == 0 {
			c = s.subst[rng.IntN(len(s.subst))]
		}
		b.WriteRune(c)
	}
	return b.String()
}

// shiftDate moves the year of a YYYY-MM-DD (or YYYY…) date by delta years;
// anything else is returned unchanged.
func shiftDate(date string, delta int) string {
	if len(date) < 4 {
		return date
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil || y < 1000+max(0, -delta) {
		return date
	}
	return fmt.Sprintf("%04d%s", y+delta, date[4:])
}
