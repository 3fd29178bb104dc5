package taxonomy

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/segment"
)

// ErrModel is returned (wrapped, with the line) by ReadModel for a model
// file that does not parse.
var ErrModel = errors.New("taxonomy: invalid model file")

// Model is the learned part of the tagger, trained by Train. The word model
// is one logistic classifier per label over a passage's features (its gse
// words, its heading's words and its document's title words), trained on the
// labels the rules give across a corpus and on hand-labelled passages: it
// learns the words that accompany a theme besides the terms that name it.
// The hand model is the same classifiers trained on hand labels alone. The
// judge decides each label from both models' probabilities and the rules'
// evidence, so the tagger finds passages the rules miss and doubts rule
// labels the rest of a passage contradicts.
//
// A Model is immutable and safe for concurrent use.
type Model struct {
	labels []string  // themes then tags, in taxonomy order
	bias   []float32 // per label
	scale  []float32 // per label: the mean raw probability of the rules' positives (Elkan–Noto c)
	// lawBias and lawScale are the same for the law model, whose features
	// are prefixed lawPrefix.
	lawBias, lawScale []float32
	threshold         float64 // a passage gets a label when the judge's probability reaches it
	lawThreshold      float64 // a law gets a theme when its probability ÷ scale reaches it
	judge             *judge
	weights           map[string][]entry
	// hand and handBias are the hand model: classifiers learned from the
	// hand-labelled passages alone, over the same features, whose
	// probabilities the judge reads besides the word model's.
	hand     map[string][]entry
	handBias []float32
	version  string // hash of the model file
}

// entry is one non-zero weight of a feature.
type entry struct {
	label  int32
	weight float32
}

// Feature prefixes: a heading's words and a document title's words are
// features of their own, apart from the passage's words.
const (
	headingPrefix = "§"
	titlePrefix   = "《"
	lawPrefix     = "@" // the law model's features: every word of a law
	handPrefix    = "!" // the hand model's weights, in the model file
)

// maxModelThemes bounds the themes of a passage, rules' and model's
// together, as the labelling conventions do.
const maxModelThemes = 3

// explainWords is how many of the words that weighed most a model label
// names as its reason.
const explainWords = 4

// Version identifies the model file's contents.
func (m *Model) Version() string { return m.version }

// Labels returns the names the model predicts, themes then tags.
func (m *Model) Labels() []string { return append([]string(nil), m.labels...) }

// Threshold is the calibrated probability at which a label is given.
func (m *Model) Threshold() float64 { return m.threshold }

// probs returns every label's calibrated probability for a passage's
// features: the classifier's probability divided by the label's scale,
// capped at 1.
func (m *Model) probs(features []string) []float64 {
	return m.calibrated(m.weights, features, m.bias, m.scale)
}

// handProbs returns every label's probability for a passage's features by
// the hand model.
func (m *Model) handProbs(features []string) []float64 {
	return m.calibrated(m.hand, features, m.handBias, nil)
}

// calibrated returns probabilities from the weights of features with the
// given biases and scales.
func (m *Model) calibrated(weights map[string][]entry, features []string, bias, scale []float32) []float64 {
	z := make([]float32, len(m.labels))
	copy(z, bias)
	if len(features) > 0 {
		v := float32(1 / math.Sqrt(float64(len(features))))
		for _, f := range features {
			for _, e := range weights[f] {
				z[e.label] += e.weight * v
			}
		}
	}
	out := make([]float64, len(z))
	for k := range z {
		out[k] = sigmoid(float64(z[k]))
		if scale != nil {
			out[k] = min(out[k]/float64(scale[k]), 1)
		}
	}
	return out
}

// explain names the features that add most to label's score, as "word
// 0.41": the word's weights in the word and hand models times its value in
// this passage (a heading's word as "§word", a title's without its mark).
func (m *Model) explain(features []string, label int) []string {
	type fw struct {
		f string
		w float32
	}
	v := float32(1 / math.Sqrt(float64(max(len(features), 1))))
	var ws []fw
	for _, f := range features {
		w := float32(0)
		for _, e := range m.weights[f] {
			if int(e.label) == label {
				w += e.weight
			}
		}
		for _, e := range m.hand[f] {
			if int(e.label) == label {
				w += e.weight
			}
		}
		// A word is named with two decimals: one that would read 0.00
		// weighed for nothing.
		if w*v >= 0.005 {
			ws = append(ws, fw{f, w * v})
		}
	}
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].w != ws[j].w {
			return ws[i].w > ws[j].w
		}
		return ws[i].f < ws[j].f
	})
	var out []string
	// A title's word reads as the passage's same word: it is named once,
	// at its heavier weight.
	shown := map[string]bool{}
	for i := 0; i < len(ws) && len(out) < explainWords; i++ {
		f := strings.TrimPrefix(strings.TrimPrefix(ws[i].f, lawPrefix), titlePrefix)
		if shown[f] {
			continue
		}
		shown[f] = true
		out = append(out, fmt.Sprintf("%s %.2f", f, ws[i].w))
	}
	return out
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// words returns the distinct gse words of s that hold a Han character,
// each with prefix: the model's features of one part of a passage (numbers,
// Latin words and punctuation are left out).
func (t *Taxonomy) words(s, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	err := segment.Walk([]byte(s), func(term []byte, _, _ int) {
		if !hanWord(term) {
			return
		}
		f := prefix + string(term)
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	})
	if err != nil {
		panic(err) // the embedded dictionary is checked by segment's tests
	}
	return out
}

// features joins a passage's own words with its heading's and its title's
// (each already prefixed by words).
func features(parts ...[]string) []string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]string, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// hanWord reports whether w holds a Han character: the words that carry a
// topic.
func hanWord(w []byte) bool {
	for len(w) > 0 {
		r, n := utf8.DecodeRune(w)
		if unicode.Is(unicode.Han, r) {
			return true
		}
		w = w[n:]
	}
	return false
}

// WriteTo writes m in the model file format that ReadModel reads: gzip'd
// text, a header of labels, biases, scales and the threshold, then one line
// per feature with its non-zero weights, features in byte order. The output
// depends only on m.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString("# Renda tagger model: see taxonomy/model.go; regenerate with go generate ./taxonomy\n")
	fmt.Fprintf(&b, "labels\t%s\n", strings.Join(m.labels, "\t"))
	fmt.Fprintf(&b, "bias\t%s\n", floats(m.bias))
	fmt.Fprintf(&b, "scale\t%s\n", floats(m.scale))
	fmt.Fprintf(&b, "law_bias\t%s\n", floats(m.lawBias))
	fmt.Fprintf(&b, "law_scale\t%s\n", floats(m.lawScale))
	fmt.Fprintf(&b, "hand_bias\t%s\n", floats(m.handBias))
	fmt.Fprintf(&b, "threshold\t%s\n", strconv.FormatFloat(m.threshold, 'g', -1, 64))
	fmt.Fprintf(&b, "law_threshold\t%s\n", strconv.FormatFloat(m.lawThreshold, 'g', -1, 64))
	for k, w := range m.judgeWeights() {
		fmt.Fprintf(&b, "judge\t%d", k)
		for _, v := range w {
			fmt.Fprintf(&b, "\t%s", strconv.FormatFloat(v, 'g', 6, 64))
		}
		b.WriteByte('\n')
	}
	for _, ws := range []struct {
		prefix  string
		weights map[string][]entry
	}{{"", m.weights}, {handPrefix, m.hand}} {
		feats := make([]string, 0, len(ws.weights))
		for f := range ws.weights {
			feats = append(feats, f)
		}
		sort.Strings(feats)
		for _, f := range feats {
			b.WriteString(ws.prefix + f)
			for _, e := range ws.weights[f] {
				fmt.Fprintf(&b, "\t%d:%s", e.label, strconv.FormatFloat(float64(e.weight), 'g', 4, 32))
			}
			b.WriteByte('\n')
		}
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	n, err := w.Write(gz.Bytes())
	return int64(n), err
}

func floats(fs []float32) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = strconv.FormatFloat(float64(f), 'g', 6, 32)
	}
	return strings.Join(s, "\t")
}

// ReadModel parses a model file written by WriteTo. Errors wrap ErrModel
// and name the line.
func ReadModel(data []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	sum := sha256.Sum256(raw)
	m := &Model{weights: map[string][]entry{}, hand: map[string][]entry{}, version: hex.EncodeToString(sum[:8])}
	// Every weight is one "label:weight" cell: sized so, the slab never
	// moves and no feature keeps an old copy alive.
	slab := make([]entry, 0, bytes.Count(raw, []byte(":")))
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	bad := func(why string) error { return fmt.Errorf("%w: line %d: %s", ErrModel, line, why) }
	parseFloats := func(cells []string) ([]float32, error) {
		if len(cells) != len(m.labels) {
			return nil, bad(fmt.Sprintf("%d values for %d labels", len(cells), len(m.labels)))
		}
		out := make([]float32, len(cells))
		for i, c := range cells {
			f, err := strconv.ParseFloat(c, 32)
			if err != nil {
				return nil, bad(err.Error())
			}
			out[i] = float32(f)
		}
		return out, nil
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cells := strings.Split(text, "\t")
		switch cells[0] {
		case "labels":
			m.labels = cells[1:]
		case "bias":
			if m.bias, err = parseFloats(cells[1:]); err != nil {
				return nil, err
			}
		case "hand_bias":
			if m.handBias, err = parseFloats(cells[1:]); err != nil {
				return nil, err
			}
		case "law_bias":
			if m.lawBias, err = parseFloats(cells[1:]); err != nil {
				return nil, err
			}
		case "scale", "law_scale":
			sc, err := parseFloats(cells[1:])
			if err != nil {
				return nil, err
			}
			for _, s := range sc {
				if s <= 0 {
					return nil, bad("a scale is not positive")
				}
			}
			if cells[0] == "scale" {
				m.scale = sc
			} else {
				m.lawScale = sc
			}
		case "threshold":
			if len(cells) != 2 {
				return nil, bad("threshold needs one value")
			}
			if m.threshold, err = strconv.ParseFloat(cells[1], 64); err != nil {
				return nil, bad(err.Error())
			}
		case "law_threshold":
			if len(cells) != 2 {
				return nil, bad("law_threshold needs one value")
			}
			if m.lawThreshold, err = strconv.ParseFloat(cells[1], 64); err != nil {
				return nil, bad(err.Error())
			}
		case "judge":
			k, err := strconv.Atoi(cells[1])
			if err != nil || k < 0 || k >= len(m.labels) || len(cells) != 2+judgeInputs {
				return nil, bad(fmt.Sprintf("a judge line needs a label and %d weights", judgeInputs))
			}
			if m.judge == nil {
				m.judge = &judge{w: make([][]float64, len(m.labels))}
			}
			w := make([]float64, judgeInputs)
			for i, c := range cells[2:] {
				if w[i], err = strconv.ParseFloat(c, 64); err != nil {
					return nil, bad(err.Error())
				}
			}
			m.judge.w[k] = w
		default:
			if len(m.labels) == 0 {
				return nil, bad("weights before labels")
			}
			// The weights of every feature share one slab, and the
			// feature's name is copied out of its line, so that the
			// lines themselves can be collected.
			start := len(slab)
			for _, c := range cells[1:] {
				k, w, ok := strings.Cut(c, ":")
				label, err1 := strconv.Atoi(k)
				weight, err2 := strconv.ParseFloat(w, 32)
				if !ok || err1 != nil || err2 != nil || label < 0 || label >= len(m.labels) {
					return nil, bad(fmt.Sprintf("bad weight %q", c))
				}
				slab = append(slab, entry{int32(label), float32(weight)})
			}
			if f, ok := strings.CutPrefix(cells[0], handPrefix); ok {
				m.hand[strings.Clone(f)] = slab[start:len(slab):len(slab)]
			} else {
				m.weights[strings.Clone(cells[0])] = slab[start:len(slab):len(slab)]
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if len(m.labels) == 0 || len(m.bias) == 0 || len(m.scale) == 0 || len(m.lawBias) == 0 || len(m.lawScale) == 0 || len(m.handBias) == 0 || m.threshold <= 0 || m.lawThreshold <= 0 {
		return nil, fmt.Errorf("%w: labels, biases, scales or thresholds missing", ErrModel)
	}
	if m.judge == nil || slices.ContainsFunc(m.judge.w, func(w []float64) bool { return w == nil }) {
		return nil, fmt.Errorf("%w: a label has no judge line", ErrModel)
	}
	return m, nil
}

// judgeWeights returns the judge's weights by label (none before Train
// has fitted the judge).
func (m *Model) judgeWeights() [][]float64 {
	if m.judge == nil {
		return nil
	}
	return m.judge.w
}

// Features is how many features carry a weight.
func (m *Model) Features() int { return len(m.weights) }

// passageFeatures returns the model's features of every passage of doc, by
// index (nil for front matter and empty passages, and for every passage
// when t has no model): each passage's words, its heading's and the title
// words given.
func (t *Taxonomy) passageFeatures(doc *corpus.Document, titleWords []string) [][]string {
	if t.model == nil {
		return nil
	}
	out := make([][]string, len(doc.Passages))
	heads := map[int][]string{}
	for i := range doc.Passages {
		p := &doc.Passages[i]
		if p.Role == corpus.RoleMeta || strings.TrimSpace(p.Text) == "" {
			continue
		}
		var hw []string
		if h := headingOf(doc, p); h != nil {
			var ok bool
			if hw, ok = heads[h.Ordinal]; !ok {
				hw = t.words(h.Text, headingPrefix)
				heads[h.Ordinal] = hw
			}
		}
		out[i] = features(t.words(p.Text, ""), hw, titleWords)
	}
	return out
}

// maxLawThemes bounds the themes the model gives a whole law.
const maxLawThemes = 2

// lawThemes returns the themes of a law whose title names none, from the
// law model over every word of the law: those whose calibrated probability
// reaches the law threshold, at most maxLawThemes, most probable first.
// Each names as its reason the words of the law that weighed most. Every
// passage of the law gets them, as it would its title's.
func (t *Taxonomy) lawThemes(feats [][]string, titleWords []string) []corpus.Label {
	m := t.model
	seen := map[string]bool{}
	var fs []string
	add := func(w string) {
		if f := lawPrefix + w; !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	for _, f := range feats {
		for _, w := range f {
			if !strings.HasPrefix(w, headingPrefix) && !strings.HasPrefix(w, titlePrefix) {
				add(w)
			}
		}
	}
	for _, w := range titleWords {
		add(w)
	}
	probs := m.calibrated(m.weights, fs, m.lawBias, m.lawScale)
	var ks []int
	for k := range t.themes {
		if probs[k] >= m.lawThreshold {
			ks = append(ks, k)
		}
	}
	sort.SliceStable(ks, func(i, j int) bool { return probs[ks[i]] > probs[ks[j]] })
	if len(ks) > maxLawThemes {
		ks = ks[:maxLawThemes]
	}
	var out []corpus.Label
	for _, k := range ks {
		why := m.explain(fs, k)
		out = append(out, corpus.Label{Name: m.labels[k], Why: []string{"model (whole law): " + strings.Join(why, ", ")}})
	}
	sortLabels(out)
	return out
}
