package links_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/internal/golden"
	"github.com/renda-archive/renda/links"
)

// laws returns the laws and local regulations of the embedded default
// corpus that have more than one version, prepared, by ID, and the
// catalog entries of every law and regulation.
var laws = sync.OnceValues(func() (map[string]*corpus.Document, []indexer.Meta) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		panic(err)
	}
	var catalog []indexer.Meta
	byID := map[string]*corpus.Document{}
	for _, d := range docs {
		if d.Type != corpus.TypeLaw && d.Type != corpus.TypeLocalRegulation {
			continue
		}
		date := d.Dates.Adopted
		if date == "" {
			date = d.Dates.Effective
		}
		catalog = append(catalog, indexer.Meta{ID: d.ID, Title: d.Title, Type: d.Type, Region: d.Region, Date: date, Year: d.Year})
		byID[d.ID] = d
	}
	prepared := map[string]*corpus.Document{}
	for _, m := range catalog {
		if len(links.Versions(catalog, m.ID)) > 1 {
			d := byID[m.ID]
			if err := ingest.Prepare(d); err != nil {
				panic(err)
			}
			prepared[d.ID] = d
		}
	}
	return prepared, catalog
})

func versionsOf(t *testing.T, title string) []links.Version {
	t.Helper()
	docs, catalog := laws()
	for id, d := range docs {
		if d.Title == title {
			return links.Versions(catalog, id)
		}
	}
	t.Fatalf("no versions of %s in the default corpus", title)
	return nil
}

// TestSupervisionLaw compares the 监督法 of 2006 with that of 2024: the
// golden file lists every article's fate, and the 备案审查 articles are
// found in both.
func TestSupervisionLaw(t *testing.T) {
	docs, _ := laws()
	vs := versionsOf(t, "中华人民共和国各级人民代表大会常务委员会监督法")
	if len(vs) != 2 || vs[0].Date != "2006-08-27" || vs[1].Date != "2024-11-08" {
		t.Fatalf("versions %+v", vs)
	}
	c := links.Compare(vs[0], vs[1], docs[vs[0].ID], docs[vs[1].ID])
	golden.Check(t, "testdata/监督法-2006-2024.txt", c.Text())
	kept := 0
	for _, ch := range c.Articles {
		if ch.Old != nil && strings.Contains(ch.Old.Text, "备案") {
			if ch.New == nil || !strings.Contains(ch.New.Text, "备案") {
				t.Errorf("2006 %s on 备案 has no 2024 counterpart on 备案: %+v", ch.Old.Label, ch)
			}
			kept++
		}
	}
	if kept < 2 {
		t.Errorf("%d articles of 2006 on 备案", kept)
	}
	if c.Counts[links.Changed] == 0 || c.Counts[links.Added] == 0 || c.Counts[links.Unchanged] == 0 {
		t.Errorf("counts %v: the 2024 revision changes, adds and keeps articles", c.Counts)
	}
}

// TestEveryVersionPair compares every pair of consecutive versions in the
// default corpus and checks the comparison's invariants: every article of
// either version appears exactly once, unchanged means the same text, and
// a diff spells both texts exactly.
func TestEveryVersionPair(t *testing.T) {
	docs, catalog := laws()
	seen := map[string]bool{}
	pairs := 0
	for id := range docs {
		vs := links.Versions(catalog, id)
		ids := map[string]bool{}
		for _, v := range vs {
			if ids[v.ID] {
				t.Fatalf("%s listed twice among its versions", v.ID)
			}
			ids[v.ID] = true
		}
		if !ids[id] {
			t.Fatalf("%s is not among its own versions", id)
		}
		for k := 1; k < len(vs); k++ {
			if seen[vs[k].ID] {
				continue
			}
			seen[vs[k].ID] = true
			old, new := docs[vs[k-1].ID], docs[vs[k].ID]
			c := links.Compare(vs[k-1], vs[k], old, new)
			pairs++
			oldSeen, newSeen := map[string]int{}, map[string]int{}
			for _, ch := range c.Articles {
				if ch.Old != nil {
					oldSeen[ch.Old.Passage]++
				}
				if ch.New != nil {
					newSeen[ch.New.Passage]++
				}
				if ch.Status == links.Changed {
					var a, b strings.Builder
					for _, op := range ch.Diff {
						if op.Op != "+" {
							a.WriteString(op.Text)
						}
						if op.Op != "-" {
							b.WriteString(op.Text)
						}
					}
					if !strings.HasSuffix(ch.Old.Text, a.String()) || !strings.HasSuffix(ch.New.Text, b.String()) {
						t.Errorf("%s %s: the diff does not spell both texts", new.Title, ch.New.Label)
					}
				}
			}
			for _, a := range links.Articles(old) {
				if oldSeen[a.Passage] != 1 {
					t.Errorf("%s %s (%s): old article listed %d times", old.Title, a.Label, old.ID, oldSeen[a.Passage])
				}
			}
			for _, a := range links.Articles(new) {
				if newSeen[a.Passage] != 1 {
					t.Errorf("%s %s (%s): new article listed %d times", new.Title, a.Label, new.ID, newSeen[a.Passage])
				}
			}
		}
	}
	if pairs < 5 {
		t.Errorf("only %d version pairs in the default corpus", pairs)
	}
	t.Logf("%d version pairs compared over %d versioned laws", pairs, len(docs))
}
