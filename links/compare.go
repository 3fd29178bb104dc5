package links

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
)

// Article is one article of a version: its number, its text (the article
// line and its continuation paragraphs, one per line) and its first
// passage.
type Article struct {
	Number  int    `json:"number"`
	Label   string `json:"label"` // 第四十四条
	Text    string `json:"text"`
	Passage string `json:"passage"`
}

// Statuses of an article between two versions.
const (
	Unchanged = "unchanged" // the same text, perhaps under another number
	Changed   = "changed"   // the same article, reworded
	Added     = "added"     // only in the newer version
	Removed   = "removed"   // only in the older version
)

// Op is one step of a character-level diff: "=" kept, "-" deleted, "+"
// inserted.
type Op struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Change is one article across two versions.
type Change struct {
	Status     string   `json:"status"`
	Old        *Article `json:"old,omitempty"`
	New        *Article `json:"new,omitempty"`
	Renumbered bool     `json:"renumbered,omitempty"` // Old and New have different numbers
	Similarity float64  `json:"similarity,omitempty"` // of the texts, 0–1, for changed articles
	Diff       []Op     `json:"diff,omitempty"`       // for changed articles
}

// Comparison is two versions of a law, article by article, in the newer
// version's order, each removed article after the one that preceded it.
type Comparison struct {
	Old      Version        `json:"old"`
	New      Version        `json:"new"`
	Articles []Change       `json:"articles"`
	Counts   map[string]int `json:"counts"` // per status
}

// minSimilarity is how alike two articles' texts must be, in shared
// character pairs, to count as one article reworded rather than one
// removed and another added.
const minSimilarity = 0.45

// reArticleLabel is the 第X条 that opens an article's first line.
var reArticleLabel = regexp.MustCompile(`^第[零〇一二三四五六七八九十百千0-9]+条\s*`)

// Articles returns doc's articles in order: its passages with an article
// number, consecutive ones of one number joined.
func Articles(doc *corpus.Document) []Article {
	var out []Article
	for k := range doc.Passages {
		p := &doc.Passages[k]
		if p.Article == 0 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Number == p.Article {
			out[n-1].Text += "\n" + p.Text
			continue
		}
		out = append(out, Article{Number: p.Article, Label: "第" + corpus.Numeral(p.Article) + "条", Text: p.Text, Passage: p.ID})
	}
	return out
}

// body is an article's text without its number, folded, for comparing.
func body(a *Article) string { return fold.String(reArticleLabel.ReplaceAllString(a.Text, "")) }

// Compare aligns the articles of two versions, old and new (their
// Version as given), and marks each unchanged, changed (with a
// character-level diff of the texts), added or removed. Articles pair
// first by equal text wherever they stand, then by similarity, best pairs
// first, so that an article renumbered or reworded keeps its identity.
func Compare(oldV, newV Version, old, new *corpus.Document) *Comparison {
	oa, na := Articles(old), Articles(new)
	ob, nb := make([]string, len(oa)), make([]string, len(na))
	for k := range oa {
		ob[k] = body(&oa[k])
	}
	for k := range na {
		nb[k] = body(&na[k])
	}
	match := make([]int, len(oa)) // old article → new article, or -1
	used := make([]bool, len(na))
	for k := range match {
		match[k] = -1
	}
	// Equal texts, nearest in order first.
	byText := map[string][]int{}
	for k, b := range nb {
		byText[b] = append(byText[b], k)
	}
	for k, b := range ob {
		for _, j := range byText[b] {
			if !used[j] {
				match[k], used[j] = j, true
				break
			}
		}
	}
	// Then the most similar pairs, best first.
	type pair struct {
		o, n int
		sim  float64
	}
	var pairs []pair
	grams := make([]map[string]bool, len(nb))
	for j, b := range nb {
		grams[j] = bigrams(b)
	}
	for k, b := range ob {
		if match[k] >= 0 {
			continue
		}
		g := bigrams(b)
		for j := range nb {
			if !used[j] {
				if s := dice(g, grams[j]); s >= minSimilarity {
					pairs = append(pairs, pair{k, j, s})
				}
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		switch {
		case a.sim > b.sim:
			return -1
		case a.sim < b.sim:
			return 1
		}
		return abs(a.o-a.n) - abs(b.o-b.n) // nearer in order first
	})
	sims := map[int]float64{}
	for _, p := range pairs {
		if match[p.o] < 0 && !used[p.n] {
			match[p.o], used[p.n], sims[p.o] = p.n, true, p.sim
		}
	}

	c := &Comparison{Old: oldV, New: newV, Counts: map[string]int{}}
	newToOld := make([]int, len(na))
	for j := range newToOld {
		newToOld[j] = -1
	}
	for k, j := range match {
		if j >= 0 {
			newToOld[j] = k
		}
	}
	// Removed articles go after the new article matched to the nearest
	// preceding old article.
	removedAfter := map[int][]int{} // new index (-1: before all) → old indexes
	last := -1
	for k, j := range match {
		if j >= 0 {
			last = j
			continue
		}
		removedAfter[last] = append(removedAfter[last], k)
	}
	add := func(ch Change) {
		c.Articles = append(c.Articles, ch)
		c.Counts[ch.Status]++
	}
	removed := func(at int) {
		for _, k := range removedAfter[at] {
			add(Change{Status: Removed, Old: &oa[k]})
		}
	}
	removed(-1)
	for j := range na {
		k := newToOld[j]
		switch {
		case k < 0:
			add(Change{Status: Added, New: &na[j]})
		case ob[k] == nb[j]:
			add(Change{Status: Unchanged, Old: &oa[k], New: &na[j], Renumbered: oa[k].Number != na[j].Number})
		default:
			add(Change{Status: Changed, Old: &oa[k], New: &na[j], Renumbered: oa[k].Number != na[j].Number,
				Similarity: round2(dice(bigrams(ob[k]), grams[j])), Diff: diff(strip(oa[k].Text), strip(na[j].Text))})
		}
		removed(j)
	}
	return c
}

// strip drops the article number from an article's text.
func strip(s string) string { return reArticleLabel.ReplaceAllString(s, "") }

// diff is the character-level difference from a to b, cleaned up so that
// it reads by words and phrases rather than scattered characters.
func diff(a, b string) []Op {
	dmp := diffmatchpatch.New()
	ds := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	out := make([]Op, 0, len(ds))
	for _, d := range ds {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = "-"
		case diffmatchpatch.DiffInsert:
			op = "+"
		}
		out = append(out, Op{Op: op, Text: d.Text})
	}
	return out
}

// bigrams is the set of character pairs of s.
func bigrams(s string) map[string]bool {
	rs := []rune(s)
	g := make(map[string]bool, len(rs))
	for k := 0; k+1 < len(rs); k++ {
		g[string(rs[k:k+2])] = true
	}
	if len(rs) == 1 {
		g[s] = true
	}
	return g
}

// dice is the Sørensen–Dice coefficient of two sets.
func dice(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	shared := 0
	for g := range a {
		if b[g] {
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(a)+len(b))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// Text renders the comparison as lines for a terminal or a golden file:
// old label → new label, status, similarity.
func (c *Comparison) Text() string {
	var b strings.Builder
	for _, ch := range c.Articles {
		from, to := "—", "—"
		if ch.Old != nil {
			from = ch.Old.Label
		}
		if ch.New != nil {
			to = ch.New.Label
		}
		b.WriteString(from + " → " + to + " " + ch.Status)
		if ch.Status == Changed {
			b.WriteString(" " + strconv.FormatFloat(ch.Similarity, 'f', 2, 64))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
