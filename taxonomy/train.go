package taxonomy

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/renda-archive/renda/corpus"
)

// TrainOptions are the settings of Train. The zero value is not usable;
// start from DefaultTrainOptions.
type TrainOptions struct {
	// The passage model.
	Epochs    int     // passes over the passages
	Rate      float64 // initial learning rate; it falls as 1/(1+epoch)
	L2        float64 // weight decay per update
	MinDocs   int     // a word is a feature when at least this many examples hold it
	MaxShare  float64 // … and at most this share of them (推进, 发展 say nothing)
	MinWeight float64 // smaller weights are dropped from the model
	// FixtureWeight is how many times each hand-labelled passage counts.
	FixtureWeight int

	// The law model.
	LawEpochs int     // passes over the laws, far fewer examples
	LawRate   float64 // initial learning rate: a law's many words each weigh little
	LawShare  float64 // MaxShare for the laws: a law's own words recur across laws

	// The judge, which decides every label from the rules' evidence and
	// the word model's probability (see judged).
	Threshold float64 // judged probability at which a passage gets a label
	JudgeL2   float64 // the judge's L2 penalty
	// The hand model, learned from the hand-labelled passages alone.
	HandEpochs   int
	HandRate     float64
	HandMinDocs  int
	HandShare    float64
	LawThreshold float64 // probability at which a law whose title names no theme gets one
}

// DefaultTrainOptions are the settings the embedded model was trained with.
// The word model's were chosen by measuring on blind.tsv before it became
// training data; the hand model's and the judge's by training the judge on
// four fifths of train3.tsv and train4.tsv and measuring on the rest and on
// blind4.tsv. The threshold is the one nearest both P 0.90 and R 0.80 over
// train3.tsv … blind6.tsv in four folds, each measured with models trained
// on the other three (P 0.886, R 0.802). blind8.tsv and blind9.tsv played
// no part.
var DefaultTrainOptions = TrainOptions{
	Epochs:        4,
	Rate:          0.5,
	L2:            1e-6,
	MinDocs:       5,
	MaxShare:      0.01,
	MinWeight:     0.05,
	FixtureWeight: 10,
	LawEpochs:     40,
	LawRate:       20,
	LawShare:      0.3,
	Threshold:     0.5,
	JudgeL2:       1,
	HandEpochs:    10,
	HandRate:      2,
	HandMinDocs:   3,
	HandShare:     0.2,
	LawThreshold:  0.3,
}

// example is one passage (or one law) as the trainer sees it.
type example struct {
	words    []string // features by name, until vocabulary indexes them
	features []int    // feature indexes
	norm     float32  // 1/√(number of words): each feature's value
	labels   []bool   // the rules' labels
	allowed  bool     // tags may be given (a congress context)
	key      uint64   // hash of the passage ID: fixes the order and the calibration split
	fixture  bool     // hand-labelled: always trained on, never held back
}

// calibrationShare is the share of examples (by hash of their ID) kept out
// of training to measure each label's scale.
const calibrationShare = 10 // one in ten

// Train learns a Model from docs, which must have their structure built
// (structure.Build). Every passage is tagged by t's rules, and one logistic
// classifier per label learns, from the passages' words (with the rules'
// terms hidden), their headings' and their laws' titles', to give the labels
// the rules give. A second set of classifiers, the law model, learns from
// every word of a law which themes its title gives, for the laws whose
// titles name none.
//
// Because the rules label only some of the passages about a theme, a
// classifier's raw probability is divided by its mean over the rules'
// positives among held-back examples (one in ten): the label's scale
// (Elkan and Noto's estimator for learning from positive and unlabelled
// examples).
//
// The word model also learns from fixtures and judged, each passage
// counted FixtureWeight times; the hand model is the same classifiers
// trained on fixtures and judged alone. The judge (see judged) learns from
// judged, each passage read in its document of docs when docs hold it: per
// label, how far to trust the word model, the hand model and each kind of
// rule evidence. The models' probabilities it learns from are those of
// models trained without the passage's fold (handFolds of them, cross-
// fitting), so that it trusts them as far as they deserve on unseen
// passages.
//
// Train overwrites the themes and tags of docs. The result depends only on
// docs, the fixtures, t and opts: the order of examples and the held-back
// share come from hashes of their IDs. It fails if no passage carries a
// label or a label has no judged passage where it may be given.
func (t *Taxonomy) Train(docs []*corpus.Document, fixtures, judged Fixtures, opts TrainOptions) (*Model, error) {
	rules := *t
	rules.model = nil
	words := t.words
	names := make([]string, 0, len(t.themes)+len(t.tags))
	for _, e := range append(append([]Entry(nil), t.themes...), t.tags...) {
		names = append(names, e.Name)
	}
	index := map[string]int{}
	for i, n := range names {
		index[n] = i
	}
	// each calls fn with the features of every passage of doc that can be
	// labelled, and with the passage's own words.
	each := func(doc *corpus.Document, title []string, fn func(p *corpus.Passage, features, own []string)) {
		heads := map[int][]string{}
		for i := range doc.Passages {
			p := &doc.Passages[i]
			if p.Role == corpus.RoleMeta || len(p.Text) == 0 {
				continue
			}
			var hw []string
			if h := headingOf(doc, p); h != nil {
				var ok bool
				if hw, ok = heads[h.Ordinal]; !ok {
					hw = words(h.Text, headingPrefix)
					heads[h.Ordinal] = hw
				}
			}
			own := words(p.Text, "")
			fn(p, features(own, hw, title), own)
		}
	}
	labels := func(names ...[]string) []bool {
		out := make([]bool, len(index))
		for _, ns := range names {
			for _, n := range ns {
				if k, ok := index[n]; ok {
					out[k] = true
				}
			}
		}
		return out
	}
	var passages, laws []example
	for _, doc := range docs {
		rules.Tag(doc)
		var title []string
		law := isLaw(doc)
		if law {
			title = words(doc.Title, titlePrefix)
		}
		all := map[string]bool{}
		each(doc, title, func(p *corpus.Passage, fs, own []string) {
			passages = append(passages, example{labels: labels(labelNames(p.Themes), labelNames(p.Tags)),
				allowed: t.tagsAllowed(doc, p), words: fs, key: hashKey(doc.ID + "|" + p.ID + "|" + p.Text)})
			for _, w := range own {
				all[lawPrefix+w] = true
			}
		})
		if law {
			ex := example{labels: labels(labelNames(t.match(t.themes, doc.Title, inTitle, "title", nil))), key: hashKey(doc.ID)}
			for _, w := range title {
				all[lawPrefix+w] = true
			}
			for w := range all {
				ex.words = append(ex.words, w)
			}
			sort.Strings(ex.words)
			// A law whose title names no theme is unlabelled, not a
			// negative: it is what the law model is for.
			if slices.Contains(ex.labels, true) {
				laws = append(laws, ex)
			}
		}
	}
	// The hand-labelled passages teach the conventions the rules miss;
	// each counts FixtureWeight times and none is held back.
	handExamples := func(rows []labelled) [][]example {
		out := make([][]example, len(rows))
		for i, r := range rows {
			doc := r.document()
			var title []string
			if isLaw(doc) {
				title = words(doc.Title, titlePrefix)
			}
			each(doc, title, func(p *corpus.Passage, fs, _ []string) {
				if p.Ordinal != len(doc.Passages) {
					return // the headings of its path
				}
				for k := 0; k < opts.FixtureWeight; k++ {
					out[i] = append(out[i], example{labels: labels(r.themes, r.tags), allowed: t.tagsAllowed(doc, p),
						words: fs, fixture: true, key: hashKey(fmt.Sprintf("fixture|%s|%d|%s|%d", r.title, r.ordinal, r.text, k))})
				}
			})
		}
		return out
	}
	for _, exs := range handExamples(fixtures.rows) {
		passages = append(passages, exs...)
	}
	judgedExamples := handExamples(judged.rows)
	nThemes := len(t.themes)
	lm, err := fit(laws, len(names), nThemes, opts.LawEpochs, opts.LawRate, opts.LawShare, false, opts)
	if err != nil {
		return nil, fmt.Errorf("law model: %w", err)
	}
	// wordModel trains the word model on the passages, the fixtures and
	// the judged rows outside fold skip (all of them when skip < 0).
	wordModel := func(skip int) (*Taxonomy, error) {
		exs := append([]example(nil), passages...)
		for i, je := range judgedExamples {
			if skip < 0 || i%handFolds != skip {
				exs = append(exs, je...)
			}
		}
		pm, err := fit(exs, len(names), nThemes, opts.Epochs, opts.Rate, opts.MaxShare, true, opts)
		if err != nil {
			return nil, err
		}
		m := &Model{labels: names, bias: pm.b, scale: pm.scale, lawBias: lm.b, lawScale: lm.scale,
			threshold: opts.Threshold, lawThreshold: opts.LawThreshold, weights: map[string][]entry{}}
		pm.keep(m.weights, opts.MinWeight)
		lm.keep(m.weights, opts.MinWeight)
		words := *t
		words.model = m
		return &words, nil
	}
	words1, err := wordModel(-1)
	if err != nil {
		return nil, err
	}
	m := words1.model
	// The judge learns from the judged rows, each read in its document
	// when docs hold it, with the word and hand models' probabilities of
	// models trained without the row's fold: what they give unseen
	// passages.
	evs1, want1, _ := words1.judgeEvidence(docs, fixtures)
	evs, want, rows := words1.judgeEvidence(docs, judged)
	for f := 0; f < handFolds; f++ {
		wf, err := wordModel(f)
		if err != nil {
			return nil, err
		}
		evsF, _, rowsF := wf.judgeEvidence(docs, judged)
		for i, e := range evsF {
			if rowsF[i]%handFolds == f {
				evs[i].probs, evs[i].best = e.probs, e.best
			}
		}
	}
	hopts := opts
	hopts.MinDocs = opts.HandMinDocs
	hand := func(skip int) (fitted, error) {
		var exs []example
		add := func(evs []*evidence, want [][]string, rows []int, skip int) {
			for i, e := range evs {
				if skip >= 0 && rows[i]%handFolds == skip {
					continue
				}
				exs = append(exs, example{words: e.features, labels: labels(want[i]), allowed: e.allowed, fixture: true,
					key: hashKey(fmt.Sprintf("hand|%d|%d|%s", len(exs), i, strings.Join(e.features, " ")))})
			}
		}
		add(evs1, want1, nil, -1)
		add(evs, want, rows, skip)
		return fit(exs, len(names), nThemes, opts.HandEpochs, opts.HandRate, opts.HandShare, false, hopts)
	}
	for f := 0; f < handFolds; f++ {
		h, err := hand(f)
		if err != nil {
			return nil, fmt.Errorf("hand model: %w", err)
		}
		weights := map[string][]entry{}
		h.keep(weights, opts.MinWeight)
		for i, e := range evs {
			if rows[i]%handFolds == f {
				e.hand = m.calibrated(weights, e.features, h.b, nil)
			}
		}
	}
	h, err := hand(-1)
	if err != nil {
		return nil, fmt.Errorf("hand model: %w", err)
	}
	m.hand, m.handBias = map[string][]entry{}, h.b
	h.keep(m.hand, opts.MinWeight)
	if m.judge, err = words1.trainJudge(evs, want, opts.JudgeL2); err != nil {
		return nil, err
	}
	return m, nil
}

// handFolds is how many folds the judge's passages are split into, by
// their order, to give each the word and hand models' probabilities from
// models trained without it.
const handFolds = 5

// judgeEvidence returns the evidence t gives each row of fixtures, read in
// its document of docs when one has the row's passage at its ordinal, else
// in a document of the row's own; each row's labels, themes then tags; and
// each one's index in fixtures (an empty passage has no evidence).
func (t *Taxonomy) judgeEvidence(docs []*corpus.Document, fixtures Fixtures) ([]*evidence, [][]string, []int) {
	byTitle := map[string][]*corpus.Document{}
	for _, d := range docs {
		byTitle[d.Title] = append(byTitle[d.Title], d)
	}
	cache := map[*corpus.Document][]*evidence{}
	var evs []*evidence
	var want [][]string
	var rows []int
	for i, r := range fixtures.rows {
		var e *evidence
		for _, d := range byTitle[r.title] {
			if p := d.Passage(r.ordinal); p == nil || p.Text != r.text {
				continue
			}
			if cache[d] == nil {
				cache[d] = t.evidence(d)
			}
			e = cache[d][r.ordinal-1]
			break
		}
		if e == nil {
			doc := r.document()
			e = t.evidence(doc)[len(doc.Passages)-1]
		}
		if e == nil {
			continue // an empty passage
		}
		evs = append(evs, e)
		want = append(want, append(append([]string(nil), r.themes...), r.tags...))
		rows = append(rows, i)
	}
	return evs, want, rows
}

func hashKey(id string) uint64 {
	sum := sha256.Sum256([]byte(id))
	return binary.BigEndian.Uint64(sum[:8])
}

// fitted is one set of classifiers after training.
type fitted struct {
	*learner
	vocab []string
	scale []float32
}

// fit indexes the examples' words that are frequent enough and not too
// frequent, and trains one classifier per label on them for the given
// epochs. With calibrate, one example in calibrationShare is held back to
// measure each label's scale; without, every example trains and the scales
// are 1 (the laws are too few to hold some back). It fails if no example
// carries a label.
func fit(exs []example, labels, themes, epochs int, rate, maxShare float64, calibrate bool, opts TrainOptions) (fitted, error) {
	df := map[string]int{}
	for _, ex := range exs {
		for _, w := range ex.words {
			df[w]++
		}
	}
	var vocab []string
	for w, n := range df {
		if n >= opts.MinDocs && float64(n) <= maxShare*float64(len(exs)) {
			vocab = append(vocab, w)
		}
	}
	sort.Strings(vocab)
	feat := make(map[string]int, len(vocab))
	for i, w := range vocab {
		feat[w] = i
	}
	positives := 0
	for i := range exs {
		exs[i].norm = float32(1 / math.Sqrt(float64(max(len(exs[i].words), 1))))
		exs[i].features = exs[i].features[:0]
		for _, w := range exs[i].words {
			if k, ok := feat[w]; ok {
				exs[i].features = append(exs[i].features, k)
			}
		}
		for _, y := range exs[i].labels {
			if y {
				positives++
			}
		}
	}
	if positives == 0 {
		return fitted{}, errors.New("taxonomy: train: no example carries a label")
	}
	sort.SliceStable(exs, func(i, j int) bool { return exs[i].key < exs[j].key })
	lr := &learner{w: make([]float32, len(vocab)*labels), b: make([]float32, labels), labels: labels, themes: themes}
	share := uint64(calibrationShare)
	if !calibrate {
		share = 0
	}
	lr.fit(exs, epochs, rate, share, opts.L2)
	scale := make([]float32, labels)
	for k := range scale {
		scale[k] = 1
	}
	if calibrate {
		scale = lr.scales(exs)
	}
	return fitted{learner: lr, vocab: vocab, scale: scale}, nil
}

// learner holds the weights being fitted: w[feature*labels+label].
type learner struct {
	w              []float32
	b              []float32
	labels, themes int
}

// z returns every label's score for an example.
func (l *learner) z(ex example) []float32 {
	z := append([]float32(nil), l.b...)
	v := ex.norm
	for _, f := range ex.features {
		row := l.w[f*l.labels : (f+1)*l.labels]
		for k, w := range row {
			z[k] += w * v
		}
	}
	return z
}

// fit runs stochastic gradient descent on the log loss of every label over
// the training passages (all but the calibration share). Tags learn only
// from passages where tags may be given.
func (l *learner) fit(exs []example, epochs int, rate0 float64, share uint64, l2 float64) {
	g := make([]float32, l.labels)
	for epoch := 0; epoch < epochs; epoch++ {
		rate := float32(rate0 / float64(1+epoch))
		decay := rate * float32(l2)
		for _, ex := range exs {
			if share > 0 && ex.key%share == 0 && !ex.fixture || len(ex.features) == 0 {
				continue
			}
			z := l.z(ex)
			for k := range g {
				g[k] = 0
				if k >= l.themes && !ex.allowed {
					continue
				}
				y := float32(0)
				if ex.labels[k] {
					y = 1
				}
				g[k] = float32(sigmoid(float64(z[k]))) - y
				l.b[k] -= rate * g[k]
			}
			v := ex.norm
			for _, f := range ex.features {
				row := l.w[f*l.labels : (f+1)*l.labels]
				for k := range row {
					row[k] -= rate*g[k]*v + decay*row[k]
				}
			}
		}
	}
}

// scales returns, per label, the mean raw probability over the calibration
// passages that the targets label: the share of true positives a
// classifier trained on partial labels gives, by which its probabilities are
// divided. A label without such passages gets 1.
func (l *learner) scales(exs []example) []float32 {
	sum := make([]float64, l.labels)
	n := make([]int, l.labels)
	for _, ex := range exs {
		if ex.key%calibrationShare != 0 || ex.fixture {
			continue
		}
		z := l.z(ex)
		for k := range sum {
			if ex.labels[k] && (k < l.themes || ex.allowed) {
				sum[k] += sigmoid(float64(z[k]))
				n[k]++
			}
		}
	}
	out := make([]float32, l.labels)
	for k := range out {
		out[k] = 1
		if n[k] > 0 && sum[k] > 0 {
			out[k] = float32(sum[k] / float64(n[k]))
		}
	}
	return out
}

// keep adds to weights the weights of at least min.
func (f fitted) keep(weights map[string][]entry, min float64) {
	for i, word := range f.vocab {
		var es []entry
		for k := 0; k < f.labels; k++ {
			if w := f.w[i*f.labels+k]; math.Abs(float64(w)) >= min {
				es = append(es, entry{int32(k), w})
			}
		}
		if len(es) > 0 {
			weights[word] = es
		}
	}
}

func labelNames(ls []corpus.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Name
	}
	return out
}
