package taxonomy

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
)

// labelled is one row of testdata/labelled.tsv.
type labelled struct {
	title, typ, role, text string
	ordinal                int
	path                   []string
	themes, tags           []string
}

func readLabelled(t *testing.T) []labelled {
	t.Helper()
	return readLabelledFile(t, "testdata/labelled.tsv")
}

// readLabelledFile reads a file in the format of testdata/labelled.tsv.
func readLabelledFile(t *testing.T, name string) []labelled {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 8 {
			t.Fatalf("%s: %d columns in %.40s", name, len(c), line)
		}
		ord, err := strconv.Atoi(c[1])
		if err != nil {
			t.Fatalf("%s: ordinal %q in %.40s", name, c[1], line)
		}
		r := labelled{title: c[0], ordinal: ord, typ: c[2], role: c[3], text: c[5], themes: split(c[6]), tags: split(c[7])}
		for _, h := range strings.Split(c[4], " > ") {
			if h != "" && h != r.title {
				r.path = append(r.path, h)
			}
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.Split(s, ",")
	sort.Strings(out)
	return out
}

// document rebuilds a labelled passage in its context: a document of its
// type and title whose sections are the passage's heading path, each heading
// a passage, with the passage last (or as the last heading).
func (r labelled) document() *corpus.Document {
	doc := &corpus.Document{ID: "fixture", Title: r.title, Type: corpus.Type(r.typ)}
	if doc.Type == corpus.TypeLaw || doc.Type == corpus.TypeLocalRegulation {
		doc.Source.Format = corpus.FormatLawMD
	}
	path := r.path
	isHeading := r.role == string(corpus.RoleHeading) && len(path) > 0 && path[len(path)-1] == r.text
	for i, h := range path {
		ord := len(doc.Passages) + 1
		doc.Sections = append(doc.Sections, corpus.Section{Ordinal: i + 1, Parent: i, Depth: i + 1, Heading: h, First: ord, Path: path[:i+1]})
		doc.Passages = append(doc.Passages, corpus.Passage{Ordinal: ord, Section: i + 1, Role: corpus.RoleHeading, Text: h})
	}
	if !isHeading {
		ord := len(doc.Passages) + 1
		doc.Passages = append(doc.Passages, corpus.Passage{Ordinal: ord, Section: len(path), Role: corpus.Role(r.role), Text: r.text})
	}
	for i := range doc.Sections {
		doc.Sections[i].Last = len(doc.Passages)
	}
	return doc
}

func names(ls []corpus.Label) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

// TestAgreement measures how far Default's labels agree with the hand labels
// of testdata/labelled.tsv. A passage agrees when its themes and its tags
// both equal the hand labels exactly; agreement is the share of passages
// that agree and must reach 90%. Micro precision and recall over all labels
// and per label are logged, with every disagreement.
func TestAgreement(t *testing.T) {
	rows := readLabelled(t)
	if len(rows) < 100 {
		t.Fatalf("%d labelled passages, want at least 100", len(rows))
	}
	if rate := agreement(t, rows); rate < 0.9 {
		t.Errorf("agreement %.1f%% is below 90%%", 100*rate)
	}
}

// TestTuning2Agreement measures the same on testdata/heldout.tsv, tuning
// set 2. It was drawn as a held-out set (see heldout_test.go) and first
// scored 51.7% (31 of 60, micro P 0.83, R 0.59); its mismatches were then
// read to improve the rules, so it no longer estimates how the rules do on
// unseen passages (TestHeldOut2Agreement does). After that work it scores
// 88.3% (53 of 60, micro P 0.92, R 0.95), short of the 90% of TestAgreement,
// so it has its own floor as a regression guard: it fails below 85%, and at
// 90% or above too, as a reminder to merge it into the 90% requirement.
func TestTuning2Agreement(t *testing.T) {
	rows := readLabelledFile(t, "testdata/heldout.tsv")
	if len(rows) != 60 {
		t.Fatalf("%d passages in tuning set 2, want 60", len(rows))
	}
	rate := agreement(t, rows)
	if rate < 0.85 {
		t.Errorf("tuning set 2 agreement %.1f%% fell below the 85%% regression guard", 100*rate)
	}
	if rate >= 0.9 {
		t.Errorf("tuning set 2 agreement %.1f%% reached 90%%: hold it to TestAgreement's requirement", 100*rate)
	}
}

// TestHeldOut2Agreement measures the same on testdata/heldout2.tsv, the
// fresh held-out set (see heldout_test.go): passages drawn and labelled
// before the rules were first run on them, after the rules had been tuned on
// labelled.tsv and heldout.tsv. It estimates how the rules do on passages in
// general. The rules must not be tuned on it.
//
// Measured when the rules first ran on it: 56.7% (34 of 60; micro precision
// 0.862, recall 0.675, F1 0.757), mostly missed labels again (laws whose
// titles name no term, government-report passages whose lead names none).
// The guard below was set after measuring, at that value less a small
// margin (two passages), against regressions; it is not a target.
func TestHeldOut2Agreement(t *testing.T) {
	rows := readLabelledFile(t, "testdata/heldout2.tsv")
	if len(rows) != 60 {
		t.Fatalf("%d held-out passages, want 60", len(rows))
	}
	if rate := agreement(t, rows); rate < 0.53 {
		t.Errorf("held-out agreement %.1f%% fell below the 53%% regression guard", 100*rate)
	}
}

// agreement tags each row in its rebuilt context with Default and returns
// the share of rows whose themes and tags equal the hand labels exactly. It
// logs that share with micro precision, recall and F1 over all labels, the
// same per label, and every disagreement with the rules' reasons.
func agreement(t *testing.T, rows []labelled) float64 {
	t.Helper()
	tx := Default()
	type count struct{ tp, fp, fn int }
	per := map[string]*count{}
	get := func(n string) *count {
		if per[n] == nil {
			per[n] = &count{}
		}
		return per[n]
	}
	agree := 0
	var mismatches []string
	for _, r := range rows {
		doc := r.document()
		tx.Tag(doc)
		p := doc.Passages[len(doc.Passages)-1]
		gotThemes, gotTags := names(p.Themes), names(p.Tags)
		got := append(append([]string(nil), gotThemes...), gotTags...)
		want := append(append([]string(nil), r.themes...), r.tags...)
		gs, ws := map[string]bool{}, map[string]bool{}
		for _, n := range got {
			gs[n] = true
		}
		for _, n := range want {
			ws[n] = true
		}
		for n := range gs {
			if ws[n] {
				get(n).tp++
			} else {
				get(n).fp++
			}
		}
		for n := range ws {
			if !gs[n] {
				get(n).fn++
			}
		}
		if strings.Join(gotThemes, ",") == strings.Join(r.themes, ",") && strings.Join(gotTags, ",") == strings.Join(r.tags, ",") {
			agree++
			continue
		}
		var why []string
		for _, l := range append(p.Themes, p.Tags...) {
			why = append(why, l.Name+"←"+strings.Join(l.Why, "|"))
		}
		mismatches = append(mismatches, fmt.Sprintf("%s #%d | %.30s… | want %v %v | got %v %v | %s",
			r.title, r.ordinal, r.text, r.themes, r.tags, gotThemes, gotTags, strings.Join(why, "; ")))
	}
	var all count
	var lines []string
	for n, c := range per {
		all.tp += c.tp
		all.fp += c.fp
		all.fn += c.fn
		lines = append(lines, fmt.Sprintf("  %-8s P %.2f R %.2f (tp %d fp %d fn %d)", n, ratio(c.tp, c.tp+c.fp), ratio(c.tp, c.tp+c.fn), c.tp, c.fp, c.fn))
	}
	sort.Strings(lines)
	rate := ratio(agree, len(rows))
	p, rc := ratio(all.tp, all.tp+all.fp), ratio(all.tp, all.tp+all.fn)
	t.Logf("agreement: %d of %d passages exactly (%.1f%%); micro precision %.3f recall %.3f F1 %.3f",
		agree, len(rows), 100*rate, p, rc, 2*p*rc/(p+rc))
	t.Logf("per label:\n%s", strings.Join(lines, "\n"))
	for _, m := range mismatches {
		t.Logf("mismatch: %s", m)
	}
	return rate
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
