package taxonomy

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
)

//go:embed taxonomy.json
var defaultFile []byte

// modelFile is the learned tagger trained on the default corpus (see
// Train); regenerate it with go generate ./taxonomy after changing the rules
// or the corpus.
//
//go:generate go run ./gen
//go:embed model.tsv.gz
var modelFile []byte

// ErrInvalid is returned (wrapped, with the reason) by Parse for a taxonomy
// file that is not valid JSON or breaks a rule of the format.
var ErrInvalid = errors.New("taxonomy: invalid taxonomy file")

// Entry is one theme or tag as the taxonomy file defines it.
type Entry struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Terms are the words that give the label. A term "A…B" matches A
	// followed by B within a few characters ("接受…监督" matches
	// 接受同级人大及其常委会的监督).
	Terms []string `json:"terms"`
	// HeadingTerms give the label only when they occur in a heading or a
	// law's title, where a single word names the whole section.
	HeadingTerms []string `json:"heading_terms,omitempty"`
	// TitleTerms give the label only in a law's title, where the law names
	// its field (税 in 关税法, 信访 in 信访条例, 总则 in 民法典 总则) in a
	// word that in a report's heading names none.
	TitleTerms []string `json:"title_terms,omitempty"`
	// Except lists longer phrases in which this entry's terms mean something
	// else (教育 in 党纪学习教育, 司法 in 公司法): they are hidden before
	// this entry's terms are matched.
	Except []string `json:"except,omitempty"`
}

// file is the layout of the taxonomy file.
type file struct {
	CongressTerms []string `json:"congress_terms"`
	Ignore        []string `json:"ignore"`
	Themes        []Entry  `json:"themes"`
	Tags          []Entry  `json:"tags"`
}

// Taxonomy is a parsed taxonomy file. It is immutable after Parse and safe
// for concurrent use; Tag writes only to the document it is given.
type Taxonomy struct {
	themes, tags []Entry
	congress     []string
	ignore       []string
	version      string // hash of the file the taxonomy was parsed from
	// parts indexes every term part (the pieces of "A…B") by its first
	// rune, so that one pass over a passage finds the candidate terms.
	parts map[rune][]string
	model *Model // nil: the rules alone
}

var defaultRules = sync.OnceValue(func() *Taxonomy {
	t, err := Parse(defaultFile)
	if err != nil {
		panic(err) // the embedded file is checked by TestDefault
	}
	return t
})

var defaultTaxonomy = sync.OnceValue(func() *Taxonomy {
	m, err := ReadModel(modelFile)
	if err != nil {
		panic(err) // the embedded model is checked by TestDefault
	}
	t, err := defaultRules().WithModel(m)
	if err != nil {
		panic(err)
	}
	return t
})

// Default returns the taxonomy embedded in Renda: the rules of
// taxonomy/taxonomy.json with the learned model of model.tsv.gz, loaded once
// per process. It is safe for concurrent use.
func Default() *Taxonomy { return defaultTaxonomy() }

// Rules returns the embedded taxonomy's rules without the learned model:
// what the model is trained on, and what the rule tests measure.
func Rules() *Taxonomy { return defaultRules() }

// WithModel returns a copy of t that adds m's labels to the rules'. m must
// predict t's themes and tags, in order; otherwise the error wraps
// ErrModel.
func (t *Taxonomy) WithModel(m *Model) (*Taxonomy, error) {
	var want []string
	for _, e := range append(append([]Entry(nil), t.themes...), t.tags...) {
		want = append(want, e.Name)
	}
	if strings.Join(want, ",") != strings.Join(m.labels, ",") {
		return nil, fmt.Errorf("%w: it predicts %v, the taxonomy has %v", ErrModel, m.labels, want)
	}
	c := *t
	c.model = m
	sum := sha256.Sum256([]byte(t.version + m.version))
	c.version = hex.EncodeToString(sum[:8])
	return &c, nil
}

// Parse reads a taxonomy file (see docs/taxonomy.md). Every theme and tag
// needs a unique name, a description and at least one term; congress_terms
// must not be empty. Errors wrap ErrInvalid.
func Parse(data []byte) (*Taxonomy, error) {
	var f file
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if len(f.CongressTerms) == 0 {
		return nil, fmt.Errorf("%w: congress_terms is empty", ErrInvalid)
	}
	if len(f.Themes) == 0 || len(f.Tags) == 0 {
		return nil, fmt.Errorf("%w: no themes or no tags", ErrInvalid)
	}
	seen := map[string]bool{}
	for _, list := range [][]Entry{f.Themes, f.Tags} {
		for _, e := range list {
			switch {
			case strings.TrimSpace(e.Name) == "":
				return nil, fmt.Errorf("%w: an entry has no name", ErrInvalid)
			case seen[e.Name]:
				return nil, fmt.Errorf("%w: %s is defined twice", ErrInvalid, e.Name)
			case strings.TrimSpace(e.Description) == "":
				return nil, fmt.Errorf("%w: %s has no description", ErrInvalid, e.Name)
			case len(e.Terms) == 0:
				return nil, fmt.Errorf("%w: %s has no terms", ErrInvalid, e.Name)
			}
			seen[e.Name] = true
			for _, term := range slices.Concat(e.Terms, e.HeadingTerms, e.TitleTerms) {
				if strings.Trim(term, "… ") == "" || strings.HasPrefix(term, "…") || strings.HasSuffix(term, "…") {
					return nil, fmt.Errorf("%w: %s has an empty or dangling term %q", ErrInvalid, e.Name, term)
				}
			}
		}
	}
	sum := sha256.Sum256(data)
	t := &Taxonomy{themes: f.Themes, tags: f.Tags, congress: f.CongressTerms, ignore: f.Ignore,
		parts: map[rune][]string{}, version: hex.EncodeToString(sum[:8])}
	seenPart := map[string]bool{}
	for _, list := range [][]Entry{f.Themes, f.Tags} {
		for _, e := range list {
			for _, term := range append(append([]string(nil), e.Terms...), e.HeadingTerms...) {
				for _, part := range strings.Split(term, "…") {
					if r, _ := utf8.DecodeRuneInString(part); !seenPart[part] {
						seenPart[part] = true
						t.parts[r] = append(t.parts[r], part)
					}
				}
			}
		}
	}
	return t, nil
}

// present returns the term parts that occur in text. Masking and taking the
// lead sentence only remove text, so a term found in either is among them.
func (t *Taxonomy) present(text string) map[string]bool {
	found := map[string]bool{}
	for i, r := range text {
		for _, part := range t.parts[r] {
			if strings.HasPrefix(text[i:], part) {
				found[part] = true
			}
		}
	}
	return found
}

// candidate reports whether every part of term is in present (nil: all are).
func candidate(present map[string]bool, term string) bool {
	if present == nil {
		return true
	}
	for {
		part, rest, more := strings.Cut(term, "…")
		if !present[part] {
			return false
		}
		if !more {
			return true
		}
		term = rest
	}
}

// Version identifies the taxonomy file's contents and the model's: it
// changes whenever any rule or weight does, so callers can tell that tags
// need recomputing.
func (t *Taxonomy) Version() string { return t.version }

// Themes returns the themes in file order, with their names, descriptions
// and terms. The result is a copy.
func (t *Taxonomy) Themes() []Entry { return copyEntries(t.themes) }

// Tags returns the 四个机关 tags in file order. The result is a copy.
func (t *Taxonomy) Tags() []Entry { return copyEntries(t.tags) }

func copyEntries(es []Entry) []Entry {
	out := make([]Entry, len(es))
	for i, e := range es {
		out[i] = Entry{Name: e.Name, Description: e.Description,
			Terms: slices.Clone(e.Terms), HeadingTerms: slices.Clone(e.HeadingTerms),
			TitleTerms: slices.Clone(e.TitleTerms), Except: slices.Clone(e.Except)}
	}
	return out
}

// leadLimit bounds the lead of a passage in runes: the first sentence, or at
// most this much of a passage without sentence punctuation.
const (
	leadLimit  = 80
	shortLimit = 40 // passages this short read in the context of their heading
	bodyTerms  = 2  // distinct terms needed to label a passage from its body
	gapLimit   = 12 // runes allowed between the parts of an "A…B" term
)

// Tag fills Themes and Tags of every passage of doc, replacing what they
// held, by the rules described in the package documentation and, when t has
// a model, by its judge over the rules' labels and the word model's
// probabilities. It needs the sections and passages that structure.Build
// makes, and does nothing to a document without passages. Labels are sorted
// by name and each carries its reasons in Why. Tag mutates doc and must not
// run concurrently with other users of the same document; it may run
// concurrently on different documents.
func (t *Taxonomy) Tag(doc *corpus.Document) {
	evs := t.evidence(doc)
	for i := range doc.Passages {
		p := &doc.Passages[i]
		p.Themes, p.Tags = nil, nil
		e := evs[i]
		if e == nil {
			continue
		}
		themes, tags := e.themes, e.tags
		if t.model != nil && t.model.judge != nil {
			themes, tags = t.judged(e)
		}
		if !e.allowed {
			tags = nil
		}
		p.Themes, p.Tags = themes, tags
	}
}

// evidence returns, by passage index, what the rules and the word model
// find in each passage of doc (nil for front matter and empty passages). It
// writes the rules' labels into doc's headings, which the passages under
// them inherit.
func (t *Taxonomy) evidence(doc *corpus.Document) []*evidence {
	law := isLaw(doc)
	var titleThemes, titleTags []corpus.Label
	var titleWords []string
	if law {
		why := "title: " + doc.Title
		titleThemes = t.match(t.themes, doc.Title, inTitle, why, nil)
		titleTags = t.match(t.tags, doc.Title, inTitle, why, nil)
		if t.model != nil {
			titleWords = t.words(doc.Title, titlePrefix)
		}
	}
	feats := t.passageFeatures(doc, titleWords)
	if law && len(titleThemes) == 0 && t.model != nil {
		titleThemes = t.lawThemes(feats, titleWords)
	}
	out := make([]*evidence, len(doc.Passages))
	for i := range doc.Passages {
		p := &doc.Passages[i]
		p.Themes, p.Tags = nil, nil
		if p.Role == corpus.RoleMeta || strings.TrimSpace(p.Text) == "" {
			continue
		}
		var parentThemes, parentTags []corpus.Label
		head := headingOf(doc, p)
		if head != nil {
			parentThemes, parentTags = inherit(head)
		}
		heading := p.Role == corpus.RoleHeading
		text := t.mask(p.Text, heading)
		short := utf8.RuneCountInString(p.Text) <= shortLimit
		present := t.present(p.Text)
		themes := t.own(t.themes, text, heading, short, parentThemes, present)
		tags := t.own(t.tags, text, heading, short, parentTags, present)
		e := &evidence{themes: merge(themes, titleThemes), tags: merge(tags, titleTags), allowed: t.tagsAllowed(doc, p),
			law: law, gov: doc.Type == corpus.TypeGovReport, heading: heading}
		if t.model != nil {
			e.features = feats[i]
			e.probs = t.model.probs(feats[i])
			for k, p := range e.probs {
				kind := min(k/len(t.themes), 1)
				e.best[kind] = max(e.best[kind], p)
			}
			e.hand = t.model.handProbs(feats[i])
		}
		// A heading keeps the rules' labels while the passages after
		// it are read: they inherit them.
		p.Themes, p.Tags = e.themes, e.tags
		out[i] = e
	}
	return out
}

// isLaw reports whether doc is a law or regulation, whose title names what
// every article is about.
func isLaw(doc *corpus.Document) bool {
	return doc.Type == corpus.TypeLaw || doc.Type == corpus.TypeLocalRegulation || doc.Source.Format == corpus.FormatLawMD
}

// headingOf returns the heading passage whose labels p reads in the
// context of: its section's heading for a passage under one, the parent
// section's heading for a heading; nil if there is none.
func headingOf(doc *corpus.Document, p *corpus.Passage) *corpus.Passage {
	sec := doc.Section(p.Section)
	if sec == nil {
		return nil
	}
	h := doc.Passage(sec.First)
	if p.Role == corpus.RoleHeading && sec.Parent > 0 {
		if ps := doc.Section(sec.Parent); ps != nil {
			if ph := doc.Passage(ps.First); ph != nil && ph.Role == corpus.RoleHeading {
				return ph
			}
		}
		return nil
	}
	if p.Role != corpus.RoleHeading && h != nil && h.Role == corpus.RoleHeading && h.Ordinal != p.Ordinal {
		return h
	}
	return nil
}

// tagsAllowed reports whether p may carry 四个机关 tags: it belongs to a
// document where a people's congress speaks, or it or its document's title
// names the congress; never in a government work report.
func (t *Taxonomy) tagsAllowed(doc *corpus.Document, p *corpus.Passage) bool {
	if doc.Type == corpus.TypeGovReport {
		return false
	}
	return t.congressDoc(doc) || t.names(doc.Title) || t.names(p.Text)
}

// inherit returns a heading passage's labels with the heading as the reason.
func inherit(h *corpus.Passage) (themes, tags []corpus.Label) {
	why := "heading: " + h.Text
	for _, l := range h.Themes {
		themes = append(themes, corpus.Label{Name: l.Name, Why: []string{why}})
	}
	for _, l := range h.Tags {
		tags = append(tags, corpus.Label{Name: l.Name, Why: []string{why}})
	}
	return themes, tags
}

// own returns a passage's labels from its own words and its heading: the
// labels named in its lead sentence (a heading is all lead); a short passage
// adds its heading's labels; a passage whose lead names nothing takes its
// heading's labels, or failing that the labels with at least bodyTerms
// distinct terms anywhere in it.
func (t *Taxonomy) own(entries []Entry, text string, heading, short bool, parent []corpus.Label, present map[string]bool) []corpus.Label {
	if heading {
		if got := t.match(entries, text, inHeading, "", present); len(got) > 0 {
			return got
		}
		return parent
	}
	got := t.match(entries, lead(text), inBody, "", present)
	if short || len(got) == 0 {
		got = merge(got, parent)
	}
	if len(got) > 0 {
		return got
	}
	for _, l := range t.match(entries, text, inBody, "", present) {
		if len(l.Why) >= bodyTerms {
			got = append(got, l)
		}
	}
	return got
}

// mask hides what must not count as a passage's topic: the ignore phrases of
// the taxonomy file (经济社会发展 names no theme; 工农业 is not 农业) and the
// items of enumerations. In a clause that lists three or more things
// (教育、卫生、文化、体育等社会事业; A、B和C), the listed items are mentions,
// not the topic; only what follows the last 和 or 等 (社会事业) counts.
func (t *Taxonomy) mask(text string, heading bool) string {
	for _, ig := range t.ignore {
		if !heading { // a heading's 经济社会发展 does name its section
			text = strings.ReplaceAll(text, ig, "□")
		}
	}
	var b strings.Builder
	clause := func(c string) {
		if m := numberingRe.FindString(c); m != "" { // 二、 numbers, it does not list
			b.WriteString(m)
			c = c[len(m):]
		}
		n := strings.Count(c, "、")
		if n == 0 {
			b.WriteString(c)
			return
		}
		segs := strings.Split(c, "、")
		last := segs[len(segs)-1]
		and := strings.LastIndexAny(last, "和及")
		if n == 1 && and < 0 {
			b.WriteString(c)
			return
		}
		item := last  // the last item, up to 和 or 等
		if and >= 0 { // A、B和C
			item = last[:and]
			last = last[and+len("和"):]
		}
		if i := strings.Index(last, "等"); i >= 0 {
			if and < 0 {
				item = last[:i]
			}
			last = last[i+len("等"):]
		}
		// Items of a list are alike in length: the first item is as long
		// as the longest of the others, and what precedes it in its
		// segment (the sentence's subject and verb) is kept.
		width := utf8.RuneCountInString(item)
		for _, m := range segs[1 : len(segs)-1] {
			width = max(width, utf8.RuneCountInString(m))
		}
		if first := []rune(segs[0]); len(first) > width {
			b.WriteString(string(first[:len(first)-width]))
		}
		b.WriteString("□")
		b.WriteString(last)
	}
	start := 0
	for i, r := range text {
		if strings.ContainsRune("，,。；;：:！？!?", r) {
			clause(text[start:i])
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	clause(text[start:])
	return b.String()
}

// place is where a text stands, which decides the terms it is matched with.
type place int

const (
	inBody    place = iota // Terms
	inHeading              // and HeadingTerms
	inTitle                // a law's title: and HeadingTerms and TitleTerms
)

// match returns the entries whose terms occur in text, each with the terms
// found as its reasons, or with why alone when why is given; where text
// stands decides which of an entry's terms count. Only terms all of whose
// parts are in present are tried (nil: every term).
func (t *Taxonomy) match(entries []Entry, text string, where place, why string, present map[string]bool) []corpus.Label {
	var out []corpus.Label
	for _, e := range entries {
		text := text
		for _, x := range e.Except {
			text = strings.ReplaceAll(text, x, "□")
		}
		var found []string
		for _, term := range e.Terms {
			if candidate(present, term) && contains(text, term) {
				found = append(found, term)
			}
		}
		var more []string
		switch where {
		case inHeading:
			more = e.HeadingTerms
		case inTitle:
			more = slices.Concat(e.HeadingTerms, e.TitleTerms)
		}
		for _, term := range more {
			if candidate(present, term) && contains(text, term) {
				found = append(found, term)
			}
		}
		if len(found) == 0 {
			continue
		}
		if why != "" {
			found = []string{why}
		}
		out = append(out, corpus.Label{Name: e.Name, Why: found})
	}
	sortLabels(out)
	return out
}

// contains reports whether text contains term; "A…B" means A, then B
// within gapLimit runes.
func contains(text, term string) bool {
	parts := strings.Split(term, "…")
	if len(parts) == 1 {
		return strings.Contains(text, term)
	}
	for from := 0; ; {
		i := strings.Index(text[from:], parts[0])
		if i < 0 {
			return false
		}
		rest := text[from+i+len(parts[0]):]
		window := rest
		if r := []rune(rest); len(r) > gapLimit+utf8.RuneCountInString(parts[1]) {
			window = string(r[:gapLimit+utf8.RuneCountInString(parts[1])])
		}
		if strings.Contains(window, parts[1]) {
			return true
		}
		from += i + len(parts[0])
	}
}

// lead returns a passage's first sentence, at most leadLimit runes. A first
// sentence that only dates the passage ("2024年是中华人民共和国成立75周年…")
// or addresses the audience ("各位代表！") is skipped: the topic is in the
// next one.
func lead(text string) string {
	for {
		i := strings.IndexAny(text, "。！？；：!?;")
		if i < 0 {
			break
		}
		if datelineRe.MatchString(text) && i+3 < len(text) {
			text = text[i+3:]
			continue
		}
		text = text[:i]
		break
	}
	if r := []rune(text); len(r) > leadLimit {
		text = string(r[:leadLimit])
	}
	return text
}

var numberingRe = regexp.MustCompile(`^[一二三四五六七八九十0-9０-９]+、`)

var datelineRe = regexp.MustCompile(`^([0-9０-９]{4}年是|各位代表[！!，,])`)

// names reports whether text names a people's congress or its deputies.
func (t *Taxonomy) names(text string) bool {
	for _, c := range t.congress {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}

// congressDoc reports whether a people's congress speaks in doc: standing-
// committee reports and congress resolutions and decisions.
func (t *Taxonomy) congressDoc(doc *corpus.Document) bool {
	return doc.Type == corpus.TypeStandingReport || doc.Type == corpus.TypeResolution
}

// merge adds labels from b to a: a label already in a keeps a's reasons and
// gains b's.
func merge(a, b []corpus.Label) []corpus.Label {
	if len(b) == 0 {
		return a
	}
	out := append([]corpus.Label(nil), a...)
	for _, l := range b {
		found := false
		for i := range out {
			if out[i].Name == l.Name {
				out[i].Why = appendNew(out[i].Why, l.Why...)
				found = true
			}
		}
		if !found {
			out = append(out, corpus.Label{Name: l.Name, Why: append([]string(nil), l.Why...)})
		}
	}
	sortLabels(out)
	return out
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		dup := false
		for _, x := range list {
			dup = dup || x == s
		}
		if !dup {
			list = append(list, s)
		}
	}
	return list
}

func sortLabels(ls []corpus.Label) {
	sort.Slice(ls, func(i, j int) bool { return ls[i].Name < ls[j].Name })
}

// Union returns the names of every theme and every tag on any passage of
// doc, each sorted and without duplicates: the document-level labels used as
// facets.
func Union(doc *corpus.Document) (themes, tags []string) {
	ts, gs := map[string]bool{}, map[string]bool{}
	for _, p := range doc.Passages {
		for _, l := range p.Themes {
			ts[l.Name] = true
		}
		for _, l := range p.Tags {
			gs[l.Name] = true
		}
	}
	return keys(ts), keys(gs)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
