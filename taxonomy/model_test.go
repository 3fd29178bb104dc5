package taxonomy

import (
	"bytes"
	"compress/gzip"
	"errors"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/corpus/defaultcorpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/structure"
)

// gz compresses s as a model file is stored.
func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// TestReadModelErrors feeds ReadModel broken model files: each is refused
// with an error that wraps ErrModel and, where a line is at fault, names it.
func TestReadModelErrors(t *testing.T) {
	judges := "judge\t0" + strings.Repeat("\t0", judgeInputs) + "\njudge\t1" + strings.Repeat("\t0", judgeInputs) + "\n"
	base := "labels\ta\tb\nbias\t0\t0\nscale\t1\t1\nlaw_bias\t0\t0\nlaw_scale\t1\t1\nhand_bias\t0\t0\nthreshold\t0.5\nlaw_threshold\t0.5\n"
	head := base + judges // ten lines
	tests := []struct {
		name string
		data []byte
		line string // "" when no line is at fault
	}{
		{"not gzip", []byte("labels\ta"), ""},
		{"empty", gz(t, ""), ""},
		{"no threshold", gz(t, "labels\ta\tb\nbias\t0\t0\nscale\t1\t1\nlaw_bias\t0\t0\nlaw_scale\t1\t1\n"), ""},
		{"bias count", gz(t, "labels\ta\tb\nbias\t0\n"), "line 2"},
		{"bad bias", gz(t, "labels\ta\tb\nbias\t0\tx\n"), "line 2"},
		{"zero scale", gz(t, "labels\ta\tb\nbias\t0\t0\nscale\t1\t0\n"), "line 3"},
		{"weights before labels", gz(t, "词\t0:1\n"), "line 1"},
		{"label out of range", gz(t, head+"词\t2:1\n"), "line 11"},
		{"bad weight", gz(t, head+"词\t0:x\n"), "line 11"},
		{"no colon", gz(t, head+"词\t01\n"), "line 11"},
		{"short judge line", gz(t, head+"judge\t0\t1\n"), "line 11"},
		{"judge of no label", gz(t, head+"judge\t2"+strings.Repeat("\t0", judgeInputs)+"\n"), "line 11"},
		{"no judge", gz(t, base), ""},
		{"no hand bias", gz(t, "labels\ta\tb\nbias\t0\t0\nscale\t1\t1\nlaw_bias\t0\t0\nlaw_scale\t1\t1\nthreshold\t0.5\nlaw_threshold\t0.5\n"+judges), ""},
		{"threshold without value", gz(t, head+"threshold\n"), "line 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadModel(tt.data)
			if !errors.Is(err, ErrModel) {
				t.Fatalf("err = %v, want ErrModel", err)
			}
			if tt.line != "" && !strings.Contains(err.Error(), tt.line+":") {
				t.Errorf("err = %v, want it to name %s", err, tt.line)
			}
		})
	}
	if _, err := ReadModel(gz(t, head+"词\t0:1.5\t1:-2\n!词\t1:0.5\n")); err != nil {
		t.Errorf("a valid model: %v", err)
	}
}

// TestWithModelLabels checks that a model is only attached to a taxonomy
// whose themes and tags it predicts.
func TestWithModelLabels(t *testing.T) {
	m, err := ReadModel(gz(t, "labels\ta\tb\nbias\t0\t0\nscale\t1\t1\nlaw_bias\t0\t0\nlaw_scale\t1\t1\nhand_bias\t0\t0\nthreshold\t0.5\nlaw_threshold\t0.5\n"+
		"judge\t0"+strings.Repeat("\t0", judgeInputs)+"\njudge\t1"+strings.Repeat("\t0", judgeInputs)+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Rules().WithModel(m); !errors.Is(err, ErrModel) {
		t.Errorf("a model of other labels attached: err = %v", err)
	}
	if Default().Version() == Rules().Version() {
		t.Error("the model does not change the taxonomy's version")
	}
}

// TestModelRoundTrip writes the embedded model and reads it back: the same
// bytes and the same predictions.
func TestModelRoundTrip(t *testing.T) {
	m, err := ReadModel(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	again, err := ReadModel(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if again.Version() != m.Version() {
		t.Error("writing and reading the model changed it")
	}
	feats := Default().words("加快科技成果转化，加大研发投入", "")
	if a, b := m.probs(feats), again.probs(feats); !equalFloats(a, b) {
		t.Errorf("predictions changed: %v vs %v", a, b)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// trainedDefault trains a model from the embedded corpus and the training
// fixtures as go generate ./taxonomy does.
func trainedDefault(t testing.TB) *Model {
	t.Helper()
	docs, err := defaultcorpus.Documents()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := structure.Build(d); err != nil {
			t.Fatal(err)
		}
	}
	fx, err := ReadFixtures(TrainingFixtures("testdata")...)
	if err != nil {
		t.Fatal(err)
	}
	judged, err := ReadFixtures(JudgeFixtures("testdata")...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Rules().Train(docs, fx, judged, DefaultTrainOptions)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestModelCurrent retrains the model from the embedded corpus and the
// training fixtures and checks that it is byte for byte the embedded
// model.tsv.gz: training is deterministic, and the committed model is what
// go generate ./taxonomy makes from the committed rules and data.
func TestModelCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("training on the whole default corpus takes about a minute")
	}
	var b bytes.Buffer
	if _, err := trainedDefault(t).WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), modelFile) {
		t.Error("model.tsv.gz is stale: run go generate ./taxonomy")
	}
}

var explanationRe = regexp.MustCompile(`^model( \(whole law\))?: (.+)$`)

// TestModelExplanations tags the whole default corpus and checks every
// label the model gives: its reason names between one and explainWords
// words of the passage, its heading or its document's title (or, for a
// whole law, the law), each once and with a positive weight, heaviest first.
func TestModelExplanations(t *testing.T) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		docs = docs[:200]
	}
	tx := Default()
	model, lawModel := 0, 0
	for _, d := range docs {
		if err := structure.Build(d); err != nil {
			t.Fatal(err)
		}
		tx.Tag(d)
		for _, p := range d.Passages {
			context := d.Title + "\n" + p.Text
			if h := headingOf(d, &p); h != nil {
				context += "\n" + h.Text
			}
			for _, l := range append(append([]corpus.Label(nil), p.Themes...), p.Tags...) {
				for _, why := range l.Why {
					m := explanationRe.FindStringSubmatch(why)
					if m == nil {
						continue
					}
					if m[1] != "" {
						lawModel++
					} else {
						model++
					}
					checkExplanation(t, d, p, l.Name, m[2], m[1] != "", context)
				}
				if len(l.Why) == 0 {
					t.Errorf("%s #%d: %s without a reason", d.Title, p.Ordinal, l.Name)
				}
			}
		}
	}
	t.Logf("%d documents: %d passage labels and %d whole-law labels from the model", len(docs), model, lawModel)
	if model == 0 {
		t.Error("the model gave no label")
	}
	if !testing.Short() && lawModel == 0 {
		t.Error("the law model gave no law a theme")
	}
}

func checkExplanation(t *testing.T, d *corpus.Document, p corpus.Passage, label, words string, law bool, context string) {
	t.Helper()
	parts := strings.Split(words, ", ")
	if len(parts) == 0 || len(parts) > explainWords {
		t.Errorf("%s #%d %s: %d words in %q", d.Title, p.Ordinal, label, len(parts), words)
		return
	}
	last := 1e9
	named := map[string]bool{}
	for _, part := range parts {
		word, weight, ok := strings.Cut(part, " ")
		w, err := strconv.ParseFloat(weight, 64)
		if !ok || err != nil || w <= 0 || w > last {
			t.Errorf("%s #%d %s: bad or unordered weight in %q", d.Title, p.Ordinal, label, words)
			return
		}
		last = w
		if named[word] {
			t.Errorf("%s #%d %s: %q named twice in %q", d.Title, p.Ordinal, label, word, words)
		}
		named[word] = true
		word = strings.TrimPrefix(word, headingPrefix)
		if law {
			if !strings.Contains(fold.String(d.Title+"\n"+d.Text), word) {
				t.Errorf("%s %s: %q is not in the law", d.Title, label, word)
			}
		} else if !strings.Contains(fold.String(context), word) {
			t.Errorf("%s #%d %s: %q is not in the passage, its heading or the title", d.Title, p.Ordinal, label, word)
		}
	}
}

// BenchmarkTagDefaultCorpus tags every passage of the default corpus with
// the rules alone and with the rules and the model: the tagging an import
// of the default corpus does. Run:
//
//	go test -run '^$' -bench TagDefaultCorpus -benchtime 1x ./taxonomy
func BenchmarkTagDefaultCorpus(b *testing.B) {
	docs, err := defaultcorpus.Documents()
	if err != nil {
		b.Fatal(err)
	}
	passages := 0
	for _, d := range docs {
		if err := structure.Build(d); err != nil {
			b.Fatal(err)
		}
		passages += len(d.Passages)
	}
	Default().Tag(docs[0]) // load gse's dictionary outside the timing
	for _, bc := range []struct {
		name string
		tx   *Taxonomy
	}{{"rules", Rules()}, {"rules+model", Default()}} {
		b.Run(bc.name, func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				for _, d := range docs {
					bc.tx.Tag(d)
				}
			}
			b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/corpus")
			b.ReportMetric(float64(passages), "passages")
		})
	}
	// As an import tags: documents on every CPU at once (Tag may run
	// concurrently on different documents).
	b.Run("rules+model/every-cpu", func(b *testing.B) {
		tx := Default()
		start := time.Now()
		for b.Loop() {
			next := make(chan *corpus.Document)
			var wg sync.WaitGroup
			for range runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for d := range next {
						tx.Tag(d)
					}
				})
			}
			for _, d := range docs {
				next <- d
			}
			close(next)
			wg.Wait()
		}
		b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/corpus")
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cpus")
	})
}
