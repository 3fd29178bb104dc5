package taxonomy

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/structure"
)

func readLabelled(t *testing.T) []labelled {
	t.Helper()
	return readLabelledFile(t, "testdata/labelled.tsv")
}

// readLabelledFile reads a file in the format of testdata/labelled.tsv.
func readLabelledFile(t *testing.T, name string) []labelled {
	t.Helper()
	rows, err := readFixtureFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return rows
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
// read to improve the rules, which brought it to 88.3% (53 of 60). It is now
// also training data for the learned model (Train's fixtures), with which
// it reaches 93.3% (56 of 60, micro P 0.96, R 0.99), so it is held to
// TestAgreement's 90%.
func TestTuning2Agreement(t *testing.T) {
	rows := readLabelledFile(t, "testdata/heldout.tsv")
	if len(rows) != 60 {
		t.Fatalf("%d passages in tuning set 2, want 60", len(rows))
	}
	if rate := agreement(t, rows); rate < 0.9 {
		t.Errorf("tuning set 2 agreement %.1f%% is below 90%%", 100*rate)
	}
}

// TestHeldOut2Agreement measures the same on testdata/heldout2.tsv: 60
// passages drawn and labelled before the rules were first run on them,
// after the rules had been tuned on labelled.tsv and heldout.tsv. The rules
// were never tuned on it, but the learned model's settings were chosen with
// it (DefaultTrainOptions), so it is a development set for the model and
// the blind sets are the measure of both (TestBlindAgreement).
//
// Measured when the rules first ran on it: 56.7% (34 of 60; micro
// precision 0.862, recall 0.675). With the first model, 61.7% (37 of 60; P
// 0.897, R 0.735). It is now also training data for the model, with which
// it reaches 91.7%, so the guard below (the first model's figure less two
// passages) only catches regressions.
func TestHeldOut2Agreement(t *testing.T) {
	rows := readLabelledFile(t, "testdata/heldout2.tsv")
	if len(rows) != 60 {
		t.Fatalf("%d held-out passages, want 60", len(rows))
	}
	if rate := agreement(t, rows); rate < 0.58 {
		t.Errorf("held-out agreement %.1f%% fell below the 58%% regression guard", 100*rate)
	}
}

// agreement tags each row in its rebuilt context with Default and returns
// the share of rows whose themes and tags equal the hand labels exactly. It
// logs that share with micro precision, recall and F1 over all labels, the
// same per label, and every disagreement with the rules' reasons.
func agreement(t *testing.T, rows []labelled) float64 {
	t.Helper()
	return agreementOf(t, Default(), rows).rate
}

// figures are what agreementOf measures.
type figures struct {
	rate, precision, recall float64
	tagPrecision            float64           // over the 四个机关 tags alone
	passages                []corpus.Passage  // each row's passage as tagged
	perLabel                map[string][3]int // tp, fp, fn
}

// agreementOf is agreement with the taxonomy tx, each passage tagged in
// its rebuilt context (labelled.document).
func agreementOf(t *testing.T, tx *Taxonomy, rows []labelled) figures {
	t.Helper()
	return agreementIn(t, tx, rows, func(r labelled) corpus.Passage {
		doc := r.document()
		tx.Tag(doc)
		return doc.Passages[len(doc.Passages)-1]
	})
}

// defaultDocs are the default corpus's documents with their structure
// built, by title; each title's documents in corpus order.
var defaultDocs = sync.OnceValues(func() (map[string][]*corpus.Document, error) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		return nil, err
	}
	out := map[string][]*corpus.Document{}
	for _, d := range docs {
		if err := structure.Build(d); err != nil {
			return nil, err
		}
		out[d.Title] = append(out[d.Title], d)
	}
	return out, nil
})

// inCorpus returns the passage of row r as tx tags it in its whole document
// of the default corpus, as users see it: the document of r's title whose
// passage r.ordinal has r's text. A row found in no document is tagged in
// its rebuilt context. Tagged documents are kept for the next rows.
func inCorpus(t *testing.T, tx *Taxonomy) func(r labelled) corpus.Passage {
	byTitle, err := defaultDocs()
	if err != nil {
		t.Fatal(err)
	}
	tagged := map[*corpus.Document]*corpus.Document{}
	return func(r labelled) corpus.Passage {
		for _, d := range byTitle[r.title] {
			p := d.Passage(r.ordinal)
			if p == nil || p.Text != r.text {
				continue
			}
			c := tagged[d]
			if c == nil {
				cp := *d // Tag writes only the passages' labels
				cp.Passages = append([]corpus.Passage(nil), d.Passages...)
				c = &cp
				tx.Tag(c)
				tagged[d] = c
			}
			return *c.Passage(r.ordinal)
		}
		doc := r.document()
		tx.Tag(doc)
		return doc.Passages[len(doc.Passages)-1]
	}
}

// agreementIn is agreement with the taxonomy tx and each row's passage as
// passage gives it.
func agreementIn(t *testing.T, tx *Taxonomy, rows []labelled, passage func(labelled) corpus.Passage) figures {
	t.Helper()
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
	var tagged []corpus.Passage
	for _, r := range rows {
		p := passage(r)
		tagged = append(tagged, p)
		gotThemes, gotTags := names(p.Themes), names(p.Tags)
		gs, ws := labelSet(p), r.labelSet()
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
	var lines []string
	perLabel := map[string][3]int{}
	for n, c := range per {
		perLabel[n] = [3]int{c.tp, c.fp, c.fn}
		lines = append(lines, fmt.Sprintf("  %-8s P %.2f R %.2f (tp %d fp %d fn %d)", n, ratio(c.tp, c.tp+c.fp), ratio(c.tp, c.tp+c.fn), c.tp, c.fp, c.fn))
	}
	sort.Strings(lines)
	all, tags := totals(perLabel, tx.tags)
	rate := ratio(agree, len(rows))
	p, rc := ratio(all[0], all[0]+all[1]), ratio(all[0], all[0]+all[2])
	t.Logf("agreement: %d of %d passages exactly (%.1f%%); micro precision %.3f recall %.3f F1 %.3f",
		agree, len(rows), 100*rate, p, rc, 2*p*rc/(p+rc))
	t.Logf("per label:\n%s", strings.Join(lines, "\n"))
	for _, m := range mismatches {
		t.Logf("mismatch: %s", m)
	}
	t.Logf("四个机关 tags: precision %.3f recall %.3f (tp %d fp %d fn %d)", ratio(tags[0], tags[0]+tags[1]), ratio(tags[0], tags[0]+tags[2]), tags[0], tags[1], tags[2])
	return figures{rate: rate, precision: p, recall: rc, tagPrecision: ratio(tags[0], tags[0]+tags[1]), passages: tagged, perLabel: perLabel}
}

// totals sums per-label counts (tp, fp, fn) over every label, and over the
// 四个机关 tags alone.
func totals(perLabel map[string][3]int, tags []Entry) (all, tagged [3]int) {
	isTag := map[string]bool{}
	for _, e := range tags {
		isTag[e.Name] = true
	}
	for n, c := range perLabel {
		for i := range all {
			all[i] += c[i]
			if isTag[n] {
				tagged[i] += c[i]
			}
		}
	}
	return all, tagged
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestBlindAgreement measures the tagger (rules and learned model) on the
// blind sets: passages over every document type, drawn by the seeded rule
// of heldout_test.go and labelled before the tagger they measure ran on
// them (each file was committed first, on its own).
//
//   - blind8.tsv and blind9.tsv (162 passages each) measure the tagger:
//     neither the rules nor the models nor the judge's settings were tuned
//     or trained on them. blind9.tsv was drawn after blind8.tsv had measured
//     the tagger, which did not change in between: a second sample of it.
//   - blind7.tsv (162) measured the judge once (micro P 0.894, R 0.738),
//     was then read to choose the vocabulary's title terms and is now the
//     judge's training data.
//   - blind6.tsv (162) measured the judge once (micro P 0.886, R 0.770 at a
//     threshold of 0.45) and is now the judge's training data.
//   - blind5.tsv (162) measured the judge once (micro P 0.937, R 0.765 at a
//     threshold of 0.55), then helped choose its threshold and is now the
//     judge's training data; blind5b.tsv holds a second reader's labels of
//     the same passages, whose agreement with the first reader's is logged
//     as the ceiling.
//   - blind4.tsv (156) measured the tagger before the judge (micro P 0.848,
//     R 0.748); it was then used to choose the judge's settings and is now
//     the judge's training data.
//   - blind3.tsv (156) measured the third model once (micro P 0.868, R
//     0.716; the rules alone P 0.827, R 0.659); it was then read to revise
//     the vocabulary and is now training data.
//   - blind2.tsv (156) measured the second model once (micro P 0.827, R
//     0.685 in each passage's document; the rules alone P 0.827, R 0.620);
//     it was then read to revise the vocabulary and is now training data.
//   - blind.tsv (155) measured the first model once (P 0.800, R 0.707; the
//     rules alone P 0.756, R 0.626); it was then read to choose the model's
//     settings and is now training data.
//
// The figures of the last two are no longer blind.
//
// Each passage is measured twice: tagged in its whole document of the
// default corpus, as users see it (a law's other articles, a report's
// headings around it), and in the rebuilt context of the other fixture
// tests. Micro precision and recall over all labels, per label and for the
// 四个机关 tags alone are logged for both, with every disagreement, the
// confusions between labels and the labels the model adds rightly. The
// guards are the first measurement less a small margin, against
// regressions. The sets that measure the embedded tagger (fresh: it was
// final before they were drawn, and nothing trains on them) are also
// pooled, the best estimate of what it does on passages it never saw.
func TestBlindAgreement(t *testing.T) {
	fresh := map[string][3]int{} // by label: tp, fp, fn over the fresh sets
	freshSets, freshRows := 0, 0
	for _, set := range []struct {
		file                     string
		precision, recall, tagsP float64       // guards
		types                    []corpus.Type // drawn from every one of them
		fresh                    bool
	}{
		// measured: P 0.900 R 0.870, 四个机关 P 1.000 (rules alone P 0.847 R 0.773)
		{"testdata/blind9.tsv", 0.87, 0.84, 0.9, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, true},
		// measured: P 0.912 R 0.756, 四个机关 P 0.833 (rules alone P 0.822 R 0.671)
		{"testdata/blind8.tsv", 0.89, 0.73, 0.8, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, true},
		// first measured P 0.894 R 0.738, 四个机关 P 0.900 (rules alone P 0.853 R 0.607);
		// with the title terms, before it trained the judge: P 0.916 R 0.812 (rules alone P 0.872 R 0.742);
		// now judge training data: P 0.982 R 0.978
		{"testdata/blind7.tsv", 0.87, 0.71, 0.85, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
		// first measured P 0.886 R 0.770, 四个机关 P 1.000 (rules alone P 0.782 R 0.573; the model before the judge P 0.826 R 0.667);
		// now judge training data: P 0.958 R 0.972
		{"testdata/blind6.tsv", 0.86, 0.74, 0.9, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
		// first measured P 0.937 R 0.765, 四个机关 P 1.000 (rules alone P 0.799 R 0.634); a second reader P 0.937 R 0.972;
		// now judge training data: P 0.975 R 0.934
		{"testdata/blind5.tsv", 0.91, 0.74, 0.9, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
		// first measured P 0.848 R 0.748, 四个机关 P 1.000 (rules alone P 0.832 R 0.663); now judge training data: P 0.955 R 0.946
		{"testdata/blind4.tsv", 0.82, 0.72, 0.9, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
		// first measured P 0.868 R 0.716, 四个机关 P 1.000; now training data: P 0.957 R 0.957
		{"testdata/blind3.tsv", 0.88, 0.86, 0.9, []corpus.Type{corpus.TypeGovReport, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
		// now training data: P 0.949 R 0.940
		{"testdata/blind2.tsv", 0.86, 0.82, 0.9, []corpus.Type{corpus.TypeGovReport, corpus.TypeResolution, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
		// now training data: P 0.941 R 0.960
		{"testdata/blind.tsv", 0.88, 0.86, 0.9, []corpus.Type{corpus.TypeStandingReport, corpus.TypeGovReport, corpus.TypeResolution, corpus.TypeLaw, corpus.TypeLocalRegulation}, false},
	} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(set.file, "testdata/"), ".tsv"), func(t *testing.T) {
			rows := readLabelledFile(t, set.file)
			if len(rows) < 150 {
				t.Fatalf("%d blind passages, want at least 150", len(rows))
			}
			types := map[string]int{}
			for _, r := range rows {
				types[r.typ]++
			}
			for _, typ := range set.types {
				if types[string(typ)] == 0 {
					t.Errorf("no passage of type %s", typ)
				}
			}
			tx := Default()
			t.Log("— in each passage's whole document:")
			doc := agreementIn(t, tx, rows, inCorpus(t, tx))
			t.Log("— in the rebuilt context:")
			rebuilt := agreementOf(t, tx, rows)
			t.Log("— the rules alone, in each passage's whole document:")
			rules := agreementIn(t, Rules(), rows, inCorpus(t, Rules()))
			logConfusions(t, rows, doc.passages)
			logGains(t, rows, doc.passages, rules.passages)
			t.Logf("%s, %d passages: tagger P %.3f R %.3f (四个机关 P %.3f); rebuilt context P %.3f R %.3f; rules alone P %.3f R %.3f",
				set.file, len(rows), doc.precision, doc.recall, doc.tagPrecision, rebuilt.precision, rebuilt.recall, rules.precision, rules.recall)
			if second := strings.TrimSuffix(set.file, ".tsv") + "b.tsv"; fileExists(second) {
				t.Log("— a second reader's labels against the first's:")
				readers(t, tx, rows, readLabelledFile(t, second))
			}
			if doc.precision < set.precision || doc.recall < set.recall || doc.tagPrecision < set.tagsP {
				t.Errorf("below the guards P %.2f R %.2f 四个机关 P %.2f", set.precision, set.recall, set.tagsP)
			}
			if set.fresh {
				for n, c := range doc.perLabel {
					f := fresh[n]
					fresh[n] = [3]int{f[0] + c[0], f[1] + c[1], f[2] + c[2]}
				}
				freshSets++
				freshRows += len(rows)
			}
		})
	}
	if freshSets < 2 {
		return // run alone, a set has nothing to pool with
	}
	all, tags := totals(fresh, Default().tags)
	p, r, tp := ratio(all[0], all[0]+all[1]), ratio(all[0], all[0]+all[2]), ratio(tags[0], tags[0]+tags[1])
	t.Logf("the %d fresh sets pooled, %d passages: tagger P %.3f R %.3f (四个机关 P %.3f, %d of %d)", freshSets, freshRows, p, r, tp, tags[0], tags[0]+tags[1])
	// measured: P 0.906 R 0.810, 四个机关 P 0.909
	if p < 0.88 || r < 0.78 || tp < 0.85 {
		t.Errorf("the fresh sets pooled are below the guards P 0.88 R 0.78 四个机关 P 0.85")
	}
}

// readers logs how far a second reader's labels b of the passages of a
// agree with the first reader's, as agreementIn measures a tagger: the
// ceiling a tagger can reach on the set. Rows are matched by title,
// ordinal and text; every row of a must be in b.
func readers(t *testing.T, tx *Taxonomy, a, b []labelled) figures {
	t.Helper()
	byKey := map[string]labelled{}
	for _, r := range b {
		byKey[fmt.Sprintf("%s|%d|%s", r.title, r.ordinal, r.text)] = r
	}
	asLabels := func(ns []string) []corpus.Label {
		var out []corpus.Label
		for _, n := range ns {
			out = append(out, corpus.Label{Name: n, Why: []string{"second reader"}})
		}
		return out
	}
	return agreementIn(t, tx, a, func(r labelled) corpus.Passage {
		o, ok := byKey[fmt.Sprintf("%s|%d|%s", r.title, r.ordinal, r.text)]
		if !ok {
			t.Fatalf("%s #%d: not in the second reader's file", r.title, r.ordinal)
		}
		return corpus.Passage{Themes: asLabels(o.themes), Tags: asLabels(o.tags)}
	})
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// logConfusions logs, most frequent first, the pairs of labels where a row
// wanted one and got the other instead: each missed label of a row against
// each label the row got wrongly.
func logConfusions(t *testing.T, rows []labelled, got []corpus.Passage) {
	t.Helper()
	pairs := map[string]int{}
	for i, r := range rows {
		want, have := r.labelSet(), labelSet(got[i])
		for w := range want {
			for h := range have {
				if !have[w] && !want[h] {
					pairs[w+" → "+h]++
				}
			}
		}
	}
	var lines []string
	for p, n := range pairs {
		lines = append(lines, fmt.Sprintf("%3d  %s", n, p))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(lines)))
	t.Logf("confusions (wanted → given instead):\n%s", strings.Join(lines, "\n"))
}

// logGains logs the labels the tagger gives rightly and the rules alone do
// not, with the tagger's reasons: what the model learned that the rules
// miss.
func logGains(t *testing.T, rows []labelled, tagger, rules []corpus.Passage) {
	t.Helper()
	for i, r := range rows {
		want, had := r.labelSet(), labelSet(rules[i])
		for _, l := range append(append([]corpus.Label(nil), tagger[i].Themes...), tagger[i].Tags...) {
			if want[l.Name] && !had[l.Name] {
				t.Logf("gained: %s #%d %.40s… → %s (%s)", r.title, r.ordinal, r.text, l.Name, strings.Join(l.Why, "; "))
			}
		}
	}
}

// labelSet is the set of r's hand labels, themes and tags.
func (r labelled) labelSet() map[string]bool {
	out := map[string]bool{}
	for _, n := range append(append([]string(nil), r.themes...), r.tags...) {
		out[n] = true
	}
	return out
}

// labelSet is the set of p's labels, themes and tags.
func labelSet(p corpus.Passage) map[string]bool {
	out := map[string]bool{}
	for _, l := range append(append([]corpus.Label(nil), p.Themes...), p.Tags...) {
		out[l.Name] = true
	}
	return out
}
