package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/links"
	"github.com/renda-archive/renda/segment"
)

// Reasons a passage is related.
const (
	RelatedSimilar   = "similar"      // on the same subject, in another document
	RelatedVersion   = "version"      // the same article in another version of the law
	RelatedImplement = "implementing" // a local regulation that implements the law
)

// RelatedPassage is a passage on the same subject as the one asked about.
type RelatedPassage struct {
	Passage string   `json:"passage"`
	Text    string   `json:"text"`
	Doc     string   `json:"doc"`
	Title   string   `json:"title"`
	Type    string   `json:"type"`
	Body    string   `json:"body"`
	Year    int      `json:"year"`
	Why     string   `json:"why"` // RelatedSimilar, RelatedVersion or RelatedImplement
	Score   float64  `json:"score"`
	Terms   []string `json:"terms"` // the gse words it shares with the passage
}

// RelatedResponse answers Related.
type RelatedResponse struct {
	Passage RelatedPassage   `json:"passage"`
	Related []RelatedPassage `json:"related"`
}

// Limits of Related.
const (
	DefaultRelated = 10
	MaxRelated     = 50
	relatedWords   = 16  // distinctive words of the passage asked about
	nearDuplicate  = 0.8 // character-pair overlap above which a passage repeats the one asked about
)

// Related returns passages on the same subject as passage id in other
// documents (other years, other bodies), more-like-this style: Bleve
// scores passages by the gse words of id's text, near-duplicates of it are
// left out, and each result names the words it shares. For a law article
// the same article in the law's other versions comes first, then the
// articles of local regulations that implement the law (实施《…》办法).
// It fails with ENOTFOUND for an unknown passage and EINVALID for size out
// of 1..MaxRelated (0 means DefaultRelated).
func (e *Engine) Related(ctx context.Context, id string, size int) (*RelatedResponse, error) {
	if size == 0 {
		size = DefaultRelated
	}
	if size < 1 || size > MaxRelated {
		return nil, corpus.Errorf(corpus.EINVALID, "size %d: want 1 to %d", size, MaxRelated)
	}
	snap, err := e.ix.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("related: %w", err)
	}
	defer snap.Release()
	n, ok := snap.Number(id)
	if !ok {
		return nil, corpus.Errorf(corpus.ENOTFOUND, "no passage %q", corpus.Shorten(id, 40))
	}
	self := relatedAt(snap, n, "", 0, nil)
	words, err := segment.Words(self.Text)
	if err != nil {
		return nil, fmt.Errorf("related: %w", err)
	}
	mine := distinct(words)
	resp := &RelatedResponse{Passage: self, Related: []RelatedPassage{}}
	seen := map[string]bool{self.Passage: true}
	add := func(r RelatedPassage) {
		if !seen[r.Passage] && len(resp.Related) < size {
			seen[r.Passage] = true
			resp.Related = append(resp.Related, r)
		}
	}
	m := snap.PassageMeta(n)
	if m.Type == corpus.TypeLaw || m.Type == corpus.TypeLocalRegulation {
		e.relatedArticles(ctx, snap, m, n, mine, add)
	}
	query := mine
	if len(query) > relatedWords {
		query = query[:relatedWords]
	}
	scored, err := e.ix.Scores(ctx, query, nil, 5*size+20)
	if err != nil {
		return nil, fmt.Errorf("related: %w", err)
	}
	grams := bigramSet(self.Text)
	for _, s := range scored {
		k, ok := snap.Number(s.Passage)
		if !ok || snap.PassageMeta(k).ID == m.ID {
			continue // other documents only
		}
		r := relatedAt(snap, k, RelatedSimilar, s.Score, mine)
		if len(r.Terms) == 0 || overlap(grams, bigramSet(r.Text)) >= nearDuplicate {
			continue
		}
		add(r)
	}
	return resp, nil
}

// relatedArticles adds the same article in the other versions of the law
// of m, and the best-matching article of each local regulation that
// implements it.
func (e *Engine) relatedArticles(ctx context.Context, snap *indexer.Snapshot, m *indexer.Meta, n int, mine []string, add func(RelatedPassage)) {
	catalog := e.ix.Catalog()
	doc, err := e.ix.Document(m.ID)
	if err != nil {
		return
	}
	k, p := snap.Locate(n)
	ordinal := snap.Segment(k).Ordinal(p)
	for _, v := range links.Versions(catalog, m.ID) {
		if v.ID == m.ID {
			continue
		}
		other, err := e.ix.Document(v.ID)
		if err != nil {
			continue
		}
		old, new := doc, other
		oldV, newV := links.Version{ID: m.ID}, v
		if v.Date < m.Date {
			old, new, oldV, newV = other, doc, v, links.Version{ID: m.ID}
		}
		for _, ch := range links.Compare(oldV, newV, old, new).Articles {
			mineSide, otherSide := ch.New, ch.Old
			if old == doc {
				mineSide, otherSide = ch.Old, ch.New
			}
			if mineSide == nil || otherSide == nil || !articleHolds(doc, mineSide, ordinal) {
				continue
			}
			if k, ok := snap.Number(otherSide.Passage); ok {
				add(relatedAt(snap, k, RelatedVersion, 1, mine))
			}
		}
	}
	// Local regulations titled 实施《…this law…》.
	var implementing []string
	for _, c := range catalog {
		if c.Type == corpus.TypeLocalRegulation && strings.Contains(c.Title, "《"+m.Title+"》") {
			implementing = append(implementing, c.ID)
		}
	}
	if len(implementing) == 0 {
		return
	}
	scored, err := e.ix.Scores(ctx, mine[:min(len(mine), relatedWords)], implementing, 3*len(implementing))
	if err != nil {
		return
	}
	best := map[string]bool{}
	for _, s := range scored {
		if k, ok := snap.Number(s.Passage); ok {
			r := relatedAt(snap, k, RelatedImplement, s.Score, mine)
			if !best[r.Doc] {
				best[r.Doc] = true
				add(r)
			}
		}
	}
}

// articleHolds reports whether article a of doc holds the passage with
// the given ordinal.
func articleHolds(doc *corpus.Document, a *links.Article, ordinal int) bool {
	p := doc.Passage(ordinal)
	return p != nil && p.Article == a.Number && strings.HasPrefix(a.Passage, doc.ID+"-")
}

// relatedAt describes passage number n of snap.
func relatedAt(snap *indexer.Snapshot, n int, why string, score float64, mine []string) RelatedPassage {
	k, p := snap.Locate(n)
	seg, m := snap.Segment(k), snap.PassageMeta(n)
	r := RelatedPassage{Passage: corpus.PassageID(m.ID, seg.Ordinal(p)), Text: seg.Text(p), Doc: m.ID, Title: m.Title,
		Type: string(m.Type), Body: m.Body, Year: m.Year, Why: why, Score: score, Terms: []string{}}
	if mine != nil {
		if theirs, err := segment.Words(r.Text); err == nil {
			has := map[string]bool{}
			for _, w := range theirs {
				has[w] = true
			}
			for _, w := range mine {
				if has[w] && len(r.Terms) < 8 {
					r.Terms = append(r.Terms, w)
				}
			}
		}
	}
	return r
}

// distinct returns the words of two characters or more, each once, the
// rarer-looking (longer) first.
func distinct(words []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 2 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return out
}

// bigramSet is the set of character pairs of s.
func bigramSet(s string) map[string]bool {
	rs := []rune(s)
	g := make(map[string]bool, len(rs))
	for k := 0; k+1 < len(rs); k++ {
		g[string(rs[k:k+2])] = true
	}
	return g
}

// overlap is the share of the smaller set's pairs found in the other.
func overlap(a, b map[string]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for g := range a {
		if b[g] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}
