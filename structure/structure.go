package structure

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
)

// Errors returned by Build, wrapped with the document's ID; test with
// errors.Is.
var (
	// ErrNilDocument is returned when Build is given a nil document.
	ErrNilDocument = errors.New("structure: nil document")
	// ErrHeadingLine is returned when Document.Headings names a line that
	// Document.Text does not have.
	ErrHeadingLine = errors.New("structure: heading line out of range")
)

// Limits on what can be a heading or a standalone work item, in runes.
// Headings in the corpus are at most ~45 runes (Guangdong's （一） headings);
// standalone items ("强化组织实施。", "进一步抓实代表建议办理。") at most ~20.
const (
	maxHeading      = 60
	maxPlainHeading = 30
	maxItem         = 32
)

type class int

const (
	clsParagraph class = iota
	clsHeading
	clsItem
	clsArticle
	clsMeta
)

// line is one line of Document.Text as Build classifies it.
type line struct {
	text    string
	runes   int
	cls     class
	scheme  string // heading numbering scheme: circled, cn, paren, ordinal, plain, law
	rank    int    // law heading rank (编 1, 分编 2, 章 3, 节 4, or the given depth)
	number  int    // heading number or article number
	outside bool   // kept out of every section: report interludes and closings
	kind    corpus.Kind
}

type builder struct {
	doc   *corpus.Document
	lines []line
	law   bool
}

// Build fills doc.Sections and doc.Passages from doc.Text and doc.Headings,
// replacing whatever they held (themes and tags on old passages are dropped:
// tag again after building). Each line of Text becomes one Passage, in order,
// with IDs from corpus.PassageID and corpus.SectionID and 1-based ordinals.
// A document in which no heading is found gets one section spanning all of
// it, headed by its title, so every document has at least one section.
//
// Build mutates the document it is given and must not run concurrently with
// other readers or writers of that document. It returns ErrNilDocument for a
// nil document and ErrHeadingLine (wrapped) when doc.Headings names a line
// outside Text; doc is left unchanged on error.
func Build(doc *corpus.Document) error {
	if doc == nil {
		return ErrNilDocument
	}
	texts := strings.Split(doc.Text, "\n")
	for _, h := range doc.Headings {
		if h.Line < 0 || h.Line >= len(texts) {
			return fmt.Errorf("structure: document %s: line %d of %d: %w", doc.ID, h.Line, len(texts), ErrHeadingLine)
		}
	}
	b := &builder{doc: doc, lines: make([]line, len(texts))}
	for i, t := range texts {
		b.lines[i] = line{text: t, runes: utf8.RuneCountInString(strings.TrimSpace(t))}
	}
	b.law = isLaw(doc, texts)
	if b.law {
		b.classifyLaw()
	} else {
		b.classifyReport()
	}
	b.assemble()
	return nil
}

// isLaw reports whether doc is read as a law: by its type or source format,
// or, for documents of unknown type, by having several 第X条 articles.
func isLaw(doc *corpus.Document, texts []string) bool {
	switch doc.Type {
	case corpus.TypeLaw, corpus.TypeLocalRegulation:
		return true
	case corpus.TypeStandingReport, corpus.TypeGovReport:
		return false
	}
	if doc.Source.Format == corpus.FormatLawMD {
		return true
	}
	if doc.Type != "" && doc.Type != corpus.TypeOther {
		return false
	}
	n := 0
	for _, t := range texts {
		if articleRe.MatchString(strings.TrimSpace(t)) {
			n++
		}
	}
	return n >= 3
}

const numeral = `[一二三四五六七八九十百千零〇两]+`

var (
	articleRe    = regexp.MustCompile(`^第(` + numeral + `)条(之` + numeral + `)?(?:[\s\x{3000}]|$)`)
	lawHeadingRe = regexp.MustCompile(`^第(` + numeral + `)(分编|编|章|节)(?:[\s\x{3000}]|$)`)
	cnRe         = regexp.MustCompile(`^([一二三四五六七八九十]+)、`)
	parenRe      = regexp.MustCompile(`^[（(]([一二三四五六七八九十]+)[）)]`)
	ordinalRe    = regexp.MustCompile(`^第([一二三四五六七八九十]+)[，、,]`)
	listRe       = regexp.MustCompile(`^(?:[0-9０-９]+[.．、]|[（(][0-9０-９]+[）)])`)
	historyRe    = regexp.MustCompile(`[0-9０-９〇一二三四五六七八九]{4}年.{1,3}月.{1,3}日.*(通过|修正|修订|公布|施行|批准|决定|颁布)`)
	dateLineRe   = regexp.MustCompile(`^[（(]?[—－-]*[（(]?[0-9〇一二三四五六七八九]{4}年.*(会议|大会)上[）)]?$`)
	sourceLineRe = regexp.MustCompile(`^(来源|时间|发布时间|作者|发布日期)[：:]`)
	speakerRe    = regexp.MustCompile(`(总理|省长|市长|主席|区长|县长|主任)[\s\x{3000}]*[^\s\x{3000}，。]([\s\x{3000}]?[^\s\x{3000}，。]){0,3}$`) // 上海市市长 龚 正
	openerYearRe = regexp.MustCompile(`^([0-9]{4})年是`)
)

// classifyLaw reads a law or local regulation: 编/章/节 headings (from
// doc.Headings when given), 第X条 articles and their continuation
// paragraphs, front-matter history lines, and numbered items of decisions.
func (b *builder) classifyLaw() {
	given := map[int]int{}
	for _, h := range b.doc.Headings {
		given[h.Line] = h.Depth
	}
	article := 0
	started := false // past the front matter
	for i := range b.lines {
		l := &b.lines[i]
		t := strings.TrimSpace(l.text)
		if d, ok := given[i]; ok {
			if d < 1 {
				l.cls = clsMeta // the title line, when an importer keeps it
				continue
			}
			l.cls, l.scheme, l.rank = clsHeading, "law", d
			if m := lawHeadingRe.FindStringSubmatch(t); m != nil {
				l.number, _ = Numeral(m[1])
			}
			article, started = 0, true
			continue
		}
		if len(given) == 0 && l.runes <= 40 && !endsPunct(t) {
			if m := lawHeadingRe.FindStringSubmatch(t); m != nil {
				l.cls, l.scheme = clsHeading, "law"
				l.rank = map[string]int{"编": 1, "分编": 2, "章": 3, "节": 4}[m[2]]
				l.number, _ = Numeral(m[1])
				article, started = 0, true
				continue
			}
		}
		if m := articleRe.FindStringSubmatch(t); m != nil {
			article, _ = Numeral(m[1])
			l.cls, l.number, started = clsArticle, article, true
			continue
		}
		switch {
		case article > 0:
			l.cls, l.number = clsArticle, article
		case !started && (historyRe.MatchString(t) || (t != "" && t == strings.TrimSpace(b.doc.Title)) || strings.HasPrefix(t, "#")):
			l.cls = clsMeta
		case cnRe.MatchString(t) || parenRe.MatchString(t) || listRe.MatchString(t):
			l.cls, started = clsItem, true
		default:
			started = started || t != ""
		}
	}
}

// classifyReport reads a report or resolution: numbered headings, unnumbered
// part headings, a circled heading that lost its number, items and front
// matter.
func (b *builder) classifyReport() {
	given := map[int]int{}
	for _, h := range b.doc.Headings {
		given[h.Line] = h.Depth
	}
	for i := range b.lines {
		l := &b.lines[i]
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t)
		short := l.runes <= maxHeading
		switch {
		case strings.ContainsRune("☆★●◆■▲", first):
			l.cls = clsItem
		case circledValue(first) > 0:
			l.cls, l.scheme, l.number = itemOrHeading(short && !endsPunct(t)), "circled", circledValue(first)
		case cnRe.MatchString(t):
			n, _ := Numeral(cnRe.FindStringSubmatch(t)[1])
			l.cls, l.scheme, l.number = itemOrHeading(short && !endsPunct(t)), "cn", n
		case parenRe.MatchString(t):
			n, _ := Numeral(parenRe.FindStringSubmatch(t)[1])
			l.cls, l.scheme, l.number = itemOrHeading(short && (!endsPunct(t) || oneSentence(t))), "paren", n
		case ordinalRe.MatchString(t):
			n, _ := Numeral(ordinalRe.FindStringSubmatch(t)[1])
			l.cls, l.scheme, l.number = itemOrHeading(short && !endsPunct(t)), "ordinal", n
		case listRe.MatchString(t):
			l.cls = clsItem
		case l.runes <= maxPlainHeading && !endsPunct(t) && !strings.ContainsAny(t, "，,") &&
			i+1 < len(b.lines) && headingCue(t) != "":
			l.cls, l.scheme = clsHeading, "plain"
		}
		if d, ok := given[i]; ok && l.cls != clsHeading {
			l.cls, l.scheme, l.number = clsHeading, fmt.Sprintf("h%d", d), 0
		}
		if l.cls == clsItem {
			l.scheme = ""
		}
	}
	b.fillCircledGaps()
	b.markFrontMatter()
	b.markInterludes()
	b.markClosing()
}

func itemOrHeading(heading bool) class {
	if heading {
		return clsHeading
	}
	return clsItem
}

// fillCircledGaps finds circled headings that lost their number. Between ①
// and ③ of one series, the missing ② is the first line that looks like a
// heading (short, no ending punctuation) and is followed by an introductory
// paragraph and then at least one work item, the shape every circled section
// of the Minhang report has.
func (b *builder) fillCircledGaps() {
	prev, prevAt := 0, -1
	for i := range b.lines {
		l := &b.lines[i]
		if l.cls != clsHeading || l.scheme != "circled" {
			continue
		}
		if l.number > prev+1 && prevAt >= 0 {
			from := prevAt + 1
			for want := prev + 1; want < l.number; want++ {
				j := b.gapCandidate(from, i)
				if j < 0 {
					break
				}
				b.lines[j].cls, b.lines[j].scheme, b.lines[j].number = clsHeading, "circled", want
				from = j + 1
			}
		}
		prev, prevAt = l.number, i
	}
}

func (b *builder) gapCandidate(from, to int) int {
	for j := from; j+2 < to; j++ {
		l, next := b.lines[j], b.lines[j+1]
		t := strings.TrimSpace(l.text)
		if l.cls != clsParagraph || l.runes < 6 || l.runes > maxHeading || endsPunct(t) {
			continue
		}
		nt := strings.TrimSpace(next.text)
		if next.cls != clsParagraph || next.runes < 30 || !strings.HasSuffix(nt, "。") {
			continue
		}
		for k := j + 2; k < to; k++ {
			if b.lines[k].cls == clsItem || isShortItem(strings.TrimSpace(b.lines[k].text), b.lines[k].runes) {
				return j
			}
		}
	}
	return -1
}

// markFrontMatter marks, before the first heading, the lines that are about
// the document rather than part of it: its title repeated, date and session
// lines, speaker lines, source lines.
func (b *builder) markFrontMatter() {
	title := strings.TrimSpace(b.doc.Title)
	for i := range b.lines {
		l := &b.lines[i]
		if l.cls == clsHeading {
			return
		}
		t := strings.TrimSpace(l.text)
		if l.cls != clsParagraph || t == "" {
			continue
		}
		switch {
		case t == title,
			dateLineRe.MatchString(t),
			sourceLineRe.MatchString(t),
			l.runes <= 20 && !endsPunct(t) && speakerRe.MatchString(t),
			l.runes <= 40 && !endsPunct(t) && strings.HasSuffix(t, "报告"):
			l.cls = clsMeta
		}
	}
}

// markInterludes handles reports made of several runs of circled headings
// (the Minhang report: ①–⑤ reviewing 2024, then ①–⑤ planning 2025). The
// paragraphs that open the next run ("2025年是…") sit just before its ①; they
// are taken out of the last section of the previous run.
func (b *builder) markInterludes() {
	prev := 0
	for i := range b.lines {
		l := b.lines[i]
		if l.cls != clsHeading || l.scheme != "circled" {
			continue
		}
		if l.number == 1 && prev > 1 {
			for j := i - 1; j >= 0 && b.lines[j].cls == clsParagraph; j-- {
				k := b.openerKind(strings.TrimSpace(b.lines[j].text))
				if k == "" {
					if strings.TrimSpace(b.lines[j].text) == "" {
						continue
					}
					break
				}
				b.lines[j].outside = true
			}
		}
		prev = l.number
	}
}

// markClosing takes a report's closing appeal ("各位代表！…", after the last
// heading, to the end) out of the last section: it closes the whole report.
func (b *builder) markClosing() {
	last := -1
	for i, l := range b.lines {
		if l.cls == clsHeading {
			last = i
		}
	}
	if last < 0 || headingCue(strings.TrimSpace(b.lines[last].text)) == corpus.KindOther {
		return
	}
	for j := len(b.lines) - 1; j > last; j-- {
		t := strings.TrimSpace(b.lines[j].text)
		if strings.HasPrefix(t, "各位代表") && b.lines[j].cls == clsParagraph {
			for k := j; k < len(b.lines); k++ {
				b.lines[k].outside = true
			}
			return
		}
	}
}

// isShortItem reports whether a line is a standalone work item: one short
// sentence ending in 。 that does not introduce what follows.
func isShortItem(t string, runes int) bool {
	return runes >= 4 && runes <= maxItem && strings.HasSuffix(t, "。") && oneSentence(t) &&
		!strings.ContainsAny(t, "：:") && !strings.Contains(t, "以下") &&
		!strings.Contains(t, "如下") && !strings.Contains(t, "下面")
}

// oneSentence reports whether t has sentence-ending punctuation only at its
// end.
func oneSentence(t string) bool {
	body := strings.TrimRight(t, "。！？；!?;”’）)")
	return !strings.ContainsAny(body, "。！？；!?;")
}

// endsPunct reports whether t ends in punctuation that a heading would not
// end with, looking through closing quotes and brackets.
func endsPunct(t string) bool {
	t = strings.TrimRight(t, "”’）)》」』 \u3000")
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune("。！？；：，、…!?;:,", r)
}
