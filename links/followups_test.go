package links_test

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/internal/golden"
	"github.com/renda-archive/renda/links"
)

// reports returns the prepared work reports of the default corpus by ID.
var reports = sync.OnceValue(func() map[string]*corpus.Document {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		panic(err)
	}
	out := map[string]*corpus.Document{}
	for _, d := range docs {
		if d.Type == corpus.TypeGovReport || d.Type == corpus.TypeStandingReport {
			if err := ingest.Prepare(d); err != nil {
				panic(err)
			}
			out[d.ID] = d
		}
	}
	return out
})

type labels struct {
	Pairs []struct {
		PlanDoc string `json:"plan_doc"`
		NextDoc string `json:"next_doc"`
		Years   string `json:"years"`
		HeldOut bool   `json:"held_out"`
		Items   []struct {
			Plan      string   `json:"plan"`
			Text      string   `json:"text"`
			Followups []string `json:"followups"`
		} `json:"items"`
	} `json:"pairs"`
}

// TestFollowupsAgainstLabels scores the top-3 follow-up links of the
// labelled plan items of the national government work reports and prints
// precision, recall and examples with their justification.
func TestFollowupsAgainstLabels(t *testing.T) {
	raw, err := os.ReadFile("testdata/followups-labels.json")
	if err != nil {
		t.Fatal(err)
	}
	var ls labels
	if err := json.Unmarshal(raw, &ls); err != nil {
		t.Fatal(err)
	}
	docs := reports()
	type score struct{ returned, right, wanted, found, items, withLink int }
	sets := map[bool]*score{false: {}, true: {}}
	examples := 0
	for _, pair := range ls.Pairs {
		sc := sets[pair.HeldOut]
		plan, next := docs[pair.PlanDoc], docs[pair.NextDoc]
		if plan == nil || next == nil {
			t.Fatalf("%s: reports %s, %s not in the default corpus", pair.Years, pair.PlanDoc, pair.NextDoc)
		}
		byPlan := map[string]links.Item{}
		for _, it := range links.Followups(plan, next) {
			byPlan[it.Passage] = it
		}
		for _, l := range pair.Items {
			it, ok := byPlan[l.Plan]
			if !ok {
				t.Errorf("%s: labelled plan item %s (%s) is not a plan item", pair.Years, l.Plan, l.Text)
				continue
			}
			sc.items++
			if len(it.Links) > 0 {
				sc.withLink++
			}
			truth := map[string]bool{}
			for _, f := range l.Followups {
				truth[f] = true
			}
			sc.wanted += len(truth)
			for _, link := range it.Links {
				sc.returned++
				if truth[link.Passage] {
					sc.right++
					sc.found++
				}
			}
			if examples < 10 && len(it.Links) > 0 {
				examples++
				first := it.Links[0]
				t.Logf("%s %s → %s (%.3f, %v) %s", pair.Years, short(l.Text, 24), first.Passage, first.Score, first.Terms, mark(truth[first.Passage]))
			}
		}
	}
	for _, held := range []bool{false, true} {
		sc := sets[held]
		name := map[bool]string{false: "tuned on", true: "held out"}[held]
		t.Logf("%s: %d labelled plan items, %d with a link; top-3 links: precision %.2f (%d of %d), recall %.2f (%d of %d)",
			name, sc.items, sc.withLink, ratio(sc.right, sc.returned), sc.right, sc.returned, ratio(sc.found, sc.wanted), sc.found, sc.wanted)
	}
	all := score{}
	for _, sc := range sets {
		all.returned, all.right, all.wanted, all.found = all.returned+sc.returned, all.right+sc.right, all.wanted+sc.wanted, all.found+sc.found
	}
	p, r := ratio(all.right, all.returned), ratio(all.found, all.wanted)
	t.Logf("all: precision %.2f, recall %.2f", p, r)
	// minScore was chosen on the first 23 labels (0.06: P 0.57 R 0.87;
	// 0.08: P 0.71 R 0.74; 0.10: P 0.79 R 0.59); the other 27 were
	// labelled afterwards (P 0.51 R 0.54 on them: the 2023 report reviews
	// five years, the 2017 one breaks its paragraphs). The floors guard
	// against regressions.
	if p < 0.55 || r < 0.55 {
		t.Errorf("precision %.2f, recall %.2f: below the floors 0.55 and 0.55", p, r)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func short(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[:n]) + "…"
	}
	return s
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// TestFollowupsOverTheCorpus links every work report of the default
// corpus to the next year's: every link points at a review passage of the
// next report, every plan item is listed once, and links are best first.
func TestFollowupsOverTheCorpus(t *testing.T) {
	docs := reports()
	pairs, planned, linked := 0, 0, 0
	for _, d := range docs {
		for _, n := range docs {
			if n.Type != d.Type || n.Level != d.Level || n.Region != d.Region || n.Body != d.Body || n.Year != d.Year+1 {
				continue
			}
			pairs++
			review := map[string]bool{}
			for _, p := range n.Passages {
				if p.Kind == corpus.KindReview {
					review[p.ID] = true
				}
			}
			seen := map[string]bool{}
			for _, it := range links.Followups(d, n) {
				if seen[it.Passage] || !strings.HasPrefix(it.Passage, d.ID+"-") {
					t.Fatalf("%s: item %s listed twice or not of the report", d.Title, it.Passage)
				}
				seen[it.Passage] = true
				planned++
				if len(it.Links) > 0 {
					linked++
				}
				for k, l := range it.Links {
					if !review[l.Passage] {
						t.Fatalf("%s → %s: link %s is not a review passage of the next report", d.Title, n.Title, l.Passage)
					}
					if k > 0 && l.Score > it.Links[k-1].Score || len(l.Terms) == 0 {
						t.Fatalf("%s: links not best first, or without terms: %+v", it.Passage, it.Links)
					}
				}
			}
		}
	}
	t.Logf("%d consecutive report pairs; %d plan items, %d with a follow-up in the next year's report", pairs, planned, linked)
	if pairs < 4 {
		t.Errorf("only %d consecutive pairs", pairs)
	}
}

// TestFollowupsGolden keeps the follow-ups of the 2024 national
// government work report in the 2025 one in testdata, so that a change of
// the linking shows as a diff to review.
func TestFollowupsGolden(t *testing.T) {
	docs := reports()
	items := links.Followups(docs["69d8c244cd5b"], docs["d4888e2cfb30"])
	var b strings.Builder
	for _, it := range items {
		b.WriteString(short(it.Text, 30) + "  [" + it.Passage + "]\n")
		for _, l := range it.Links {
			b.WriteString("  → " + l.Passage + " " + strconv.FormatFloat(l.Score, 'f', 3, 64) + " " + strings.Join(l.Terms, " ") + "\n")
		}
	}
	golden.Check(t, "testdata/followups-2024-2025.txt", b.String())
}

// TestCitationsOverTheCorpus cites every passage of every work report,
// law and regulation with versions in the default corpus: each citation
// names its document's title exactly.
func TestCitationsOverTheCorpus(t *testing.T) {
	all := reports()
	lawDocs, _ := laws()
	n := 0
	for _, set := range []map[string]*corpus.Document{all, lawDocs} {
		for _, d := range set {
			base := corpus.DocumentReference(d)
			for k := range d.Passages {
				ref := base.At(d, &d.Passages[k])
				if c := ref.Citation(); !strings.Contains(c, "《"+d.Title+"》") {
					t.Fatalf("%s: %s does not name %q", d.Passages[k].ID, c, d.Title)
				}
				n++
			}
		}
	}
	t.Logf("%d passages cited", n)
}
