package taxonomy

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
)

// evidence is what the tagger knows of one passage before it decides: the
// labels the rules give it and why, and the word model's probabilities.
type evidence struct {
	themes, tags []corpus.Label // the rules' labels, a law's title themes included
	features     []string       // the word model's features (nil without a model)
	probs        []float64      // the word model's calibrated probabilities, by label (nil without a model)
	best         [2]float64     // the highest of probs among the themes, and among the tags
	hand         []float64      // the hand model's probabilities, by label (nil without a model)
	allowed      bool           // the passage may carry 四个机关 tags
	law, gov     bool           // the passage belongs to a law or regulation, or to a government work report
	heading      bool           // the passage is a heading
}

// The judge's inputs for one label of one passage, by index in a judge
// row: what the rules found and how, and how sure the word model is.
const (
	jBias        = iota
	jLogit       // the word model's log-odds, clamped to ±judgeClamp, ÷ judgeClamp
	jLogitRule   // the same when the rules give the label: trust differs then
	jHand        // the hand model's log-odds, likewise
	jHandRule    // the same when the rules give the label
	jRule        // the rules give the label
	jHeading     // … because of the passage's heading
	jTitle       // … because of its law's title
	jLawModel    // … because the law model gave the whole law the theme
	jTerms2      // … from two or more terms of the passage
	jTermShort   // … from one term of one or two runes
	jTermMid     // … from one term of three or four runes
	jTermLong    // … from one longer term
	jOthers      // how many other labels of its kind the rules give, ÷ 3
	jTop         // the word model ranks the label first of its kind
	jLaw         // the passage belongs to a law or regulation
	jGov         // … to a government work report
	jHeadingRole // the passage is a heading
	judgeInputs
)

// judgeClamp bounds the word model's log-odds as a judge input.
const judgeClamp = 6

// judgeRow writes into x (judgeInputs long) the judge's inputs for label k
// of a passage, named name (k indexes the model's labels; themes come first,
// nThemes of them), and returns x.
func judgeRow(x []float64, e *evidence, k, nThemes int, name string) []float64 {
	clear(x)
	x[jBias] = 1
	if e.law {
		x[jLaw] = 1
	}
	if e.gov {
		x[jGov] = 1
	}
	if e.heading {
		x[jHeadingRole] = 1
	}
	if e.probs != nil {
		x[jLogit] = logit(e.probs[k])
		x[jHand] = logit(e.hand[k])
		if best := e.best[min(k/nThemes, 1)]; e.probs[k] >= best {
			x[jTop] = 1
		}
	}
	rules := e.themes
	if k >= nThemes {
		rules = e.tags
	}
	others := 0
	for _, l := range rules {
		if l.Name != name {
			others++
			continue
		}
		x[jRule] = 1
		x[jLogitRule] = x[jLogit]
		x[jHandRule] = x[jHand]
		terms := 0
		for _, why := range l.Why {
			switch {
			case strings.HasPrefix(why, "heading: "):
				x[jHeading] = 1
			case strings.HasPrefix(why, "title: "):
				x[jTitle] = 1
			case strings.HasPrefix(why, "model"):
				x[jLawModel] = 1
			default:
				terms++
				switch n := utf8.RuneCountInString(why); {
				case n <= 2:
					x[jTermShort] = 1
				case n <= 4:
					x[jTermMid] = 1
				default:
					x[jTermLong] = 1
				}
			}
		}
		if terms >= 2 {
			x[jTerms2], x[jTermShort], x[jTermMid], x[jTermLong] = 1, 0, 0, 0
		}
	}
	x[jOthers] = float64(min(others, 3)) / 3
	return x
}

// logit returns p's log-odds, clamped to ±judgeClamp, ÷ judgeClamp.
func logit(p float64) float64 {
	p = min(max(p, 1e-6), 1-1e-6)
	return max(-judgeClamp, min(judgeClamp, math.Log(p/(1-p)))) / judgeClamp
}

// judged returns a passage's labels as the judge decides them from its
// evidence: every label whose judged probability reaches the model's
// threshold, and every rule label from a specific term, at most maxModelThemes themes, most probable first, and tags
// only where they are allowed. A label the rules give keeps their reasons;
// one they do not give names the words that weighed most in the word model
// ("model: 科技成果转化 0.41, 研发投入 0.33"), and is not given when no word
// weighed for it.
func (t *Taxonomy) judged(e *evidence) (themes, tags []corpus.Label) {
	m := t.model
	nThemes := len(t.themes)
	var buf [judgeInputs]float64
	decide := func(from, to, limit int, rules []corpus.Label) []corpus.Label {
		type cand struct {
			k int
			q float64
		}
		var cs []cand
		for k := from; k < to; k++ {
			q := m.judge.prob(k, judgeRow(buf[:], e, k, nThemes, m.labels[k]))
			if i := labelIndex(rules, m.labels[k]); i >= 0 && specific(rules[i]) {
				q = 1
			}
			if q >= m.threshold {
				cs = append(cs, cand{k, q})
			}
		}
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].q > cs[j].q })
		var out []corpus.Label
		for _, c := range cs {
			if len(out) >= limit {
				break
			}
			name := m.labels[c.k]
			if i := labelIndex(rules, name); i >= 0 {
				out = append(out, corpus.Label{Name: name, Why: append([]string(nil), rules[i].Why...)})
				continue
			}
			if why := m.explain(e.features, c.k); len(why) > 0 {
				out = append(out, corpus.Label{Name: name, Why: []string{"model: " + strings.Join(why, ", ")}})
			}
		}
		sortLabels(out)
		return out
	}
	themes = decide(0, nThemes, maxModelThemes, e.themes)
	if e.allowed {
		tags = decide(nThemes, len(m.labels), len(m.labels)-nThemes, e.tags)
	}
	return themes, tags
}

// specificTerm is the length in runes from which a rule term names its
// label unambiguously (党纪学习教育, 科技成果转化): a label it gives is kept
// whatever the judge says, as the word model never sees the rules' terms.
const specificTerm = 5

// specific reports whether one of a rule label's reasons is a specific
// term of the passage.
func specific(l corpus.Label) bool {
	for _, why := range l.Why {
		if !strings.Contains(why, ": ") && utf8.RuneCountInString(why) >= specificTerm {
			return true
		}
	}
	return false
}

func labelIndex(ls []corpus.Label, name string) int {
	for i, l := range ls {
		if l.Name == name {
			return i
		}
	}
	return -1
}

// judge holds one logistic regression per label over the judge's inputs,
// learned from hand-labelled passages with the probabilities of models
// trained without them.
type judge struct {
	w [][]float64 // by label, by input
}

func (j *judge) prob(k int, x []float64) float64 {
	z := 0.0
	for i, w := range j.w[k] {
		z += w * x[i]
	}
	return sigmoid(z)
}

// pooledL2 is the L2 penalty of the weights shared by a kind of labels.
const pooledL2 = 1.0

// judgeExample is one label of one hand-labelled passage.
type judgeExample struct {
	x []float64
	y bool
}

// fitJudge fits one regression by Newton's method on the log loss with an
// L2 penalty l2 on every weight but the bias, towards prior (nil: towards
// zero); the result depends only on the examples and their order.
func fitJudge(exs []judgeExample, l2 float64, prior []float64) []float64 {
	if prior == nil {
		prior = make([]float64, judgeInputs)
	}
	w := append([]float64(nil), prior...)
	for iter := 0; iter < 25; iter++ {
		g := make([]float64, judgeInputs)
		h := make([][]float64, judgeInputs)
		for i := range h {
			h[i] = make([]float64, judgeInputs+1)
		}
		for _, ex := range exs {
			z := 0.0
			for i, v := range ex.x {
				z += w[i] * v
			}
			p := sigmoid(z)
			y := 0.0
			if ex.y {
				y = 1
			}
			for i, vi := range ex.x {
				if vi == 0 {
					continue
				}
				g[i] += (p - y) * vi
				for k, vk := range ex.x {
					h[i][k] += p * (1 - p) * vi * vk
				}
			}
		}
		for i := range h {
			if i != jBias {
				g[i] += l2 * (w[i] - prior[i])
				h[i][i] += l2
			}
			h[i][i] += 1e-9 // inputs that never occur stay at zero
			h[i][judgeInputs] = g[i]
		}
		step := solve(h)
		done := true
		for i := range w {
			w[i] -= step[i]
			if math.Abs(step[i]) > 1e-7 {
				done = false
			}
		}
		if done {
			break
		}
	}
	return w
}

// solve solves the augmented system a (n rows of n coefficients and the
// right-hand side) by Gaussian elimination with partial pivoting.
func solve(a [][]float64) []float64 {
	n := len(a)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k <= n; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// trainJudge learns the judge from hand-labelled passages, each with the
// evidence t (the rules and the word model, without a judge) gives it.
func (t *Taxonomy) trainJudge(evs []*evidence, want [][]string, l2 float64) (*judge, error) {
	m := t.model
	nThemes := len(t.themes)
	j := &judge{w: make([][]float64, len(m.labels))}
	byLabel := make([][]judgeExample, len(m.labels))
	for k, name := range m.labels {
		for i, e := range evs {
			if k >= nThemes && !e.allowed {
				continue
			}
			byLabel[k] = append(byLabel[k], judgeExample{x: judgeRow(make([]float64, judgeInputs), e, k, nThemes, name), y: slices.Contains(want[i], name)})
		}
		if len(byLabel[k]) == 0 {
			return nil, fmt.Errorf("taxonomy: train judge: no passage for %s", name)
		}
	}
	// Each label's weights are drawn towards those of all the labels of
	// its kind, themes or tags, which rare labels need.
	for _, kind := range [][2]int{{0, nThemes}, {nThemes, len(m.labels)}} {
		var all []judgeExample
		for k := kind[0]; k < kind[1]; k++ {
			all = append(all, byLabel[k]...)
		}
		pooled := fitJudge(all, pooledL2, nil)
		for k := kind[0]; k < kind[1]; k++ {
			j.w[k] = fitJudge(byLabel[k], l2, pooled)
		}
	}
	return j, nil
}
