package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
)

// TestReplica checks that a replica is a valid, different and repeatable
// copy of the corpus: new IDs that follow corpus.PassageID, passages that
// are still the lines of Text, shifted years, text as long as the
// original but not the same.
func TestReplica(t *testing.T) {
	base, err := loadCorpus()
	if err != nil {
		t.Fatal(err)
	}
	sc := newScaler(base)
	one, again := sc.replica(1), sc.replica(1)
	two := sc.replica(2)
	ids := map[string]bool{}
	for _, d := range base {
		ids[d.ID] = true
	}
	changed, total := 0, 0
	for i, d := range one {
		b := base[i]
		if ids[d.ID] || ids[two[i].ID] || d.ID == two[i].ID {
			t.Fatalf("replica of %s reuses an ID", b.ID)
		}
		if d.Hash == "" || d.Hash == b.Hash || d.Year != b.Year-1 || two[i].Year != b.Year-2 {
			t.Fatalf("replica of %s: hash %q, year %d (base %d)", b.ID, d.Hash, d.Year, b.Year)
		}
		lines := strings.Split(d.Text, "\n")
		for k := range d.Passages {
			p := &d.Passages[k]
			if p.ID != corpus.PassageID(d.ID, k+1) || p.Ordinal != k+1 {
				t.Fatalf("replica of %s: passage %d has ID %s", b.ID, k+1, p.ID)
			}
			if k < len(lines) && lines[k] != p.Text {
				t.Fatalf("replica of %s: passage %d is not line %d of Text", b.ID, k+1, k+1)
			}
			if utf8.RuneCountInString(p.Text) != utf8.RuneCountInString(b.Passages[k].Text) {
				t.Fatalf("replica of %s: passage %d changed length", b.ID, k+1)
			}
			if p.Text != again[i].Passages[k].Text {
				t.Fatalf("replica of %s: passage %d differs between two runs", b.ID, k+1)
			}
			total++
			if p.Text != b.Passages[k].Text {
				changed++
			}
		}
		if b.Passages[0].Text != base[i].Passages[0].Text {
			t.Fatal("making a replica changed the base")
		}
	}
	if changed < total/2 {
		t.Errorf("only %d of %d passages differ from the base", changed, total)
	}
	var s1, s0 corpusStats
	s1.add(one)
	s0.add(base)
	if s1.Passages != s0.Passages || s1.Documents != s0.Documents {
		t.Errorf("replica has %+v, base %+v", s1, s0)
	}
	t.Logf("%d of %d passages differ; %d vs %d bytes", changed, total, s1.TextBytes, s0.TextBytes)
}
