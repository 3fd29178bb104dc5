package structure

import (
	"strings"

	"github.com/renda-archive/renda/corpus"
)

// frame is an open section on the heading stack.
type frame struct {
	section int // ordinal
	scheme  string
	rank    int
}

// assemble turns classified lines into sections and passages.
func (b *builder) assemble() {
	doc := b.doc
	var sections []corpus.Section
	passages := make([]corpus.Passage, len(b.lines))
	var stack []frame
	part := corpus.Kind("")    // kind set by a report's opening paragraph
	prevTop := corpus.Kind("") // kind of the previous top-level section
	for i := range b.lines {
		l := &b.lines[i]
		ord := i + 1
		p := corpus.Passage{ID: corpus.PassageID(doc.ID, ord), Ordinal: ord, Text: l.text, Role: roleOf(l.cls), Kind: corpus.KindOther}
		if l.cls == clsArticle {
			p.Article = l.number
		}
		if l.cls == clsHeading {
			stack = b.push(stack, l)
			sec := corpus.Section{
				Ordinal: len(sections) + 1,
				Depth:   len(stack),
				Heading: l.text,
				Number:  l.number,
				First:   ord,
				Last:    ord,
			}
			sec.ID = corpus.SectionID(doc.ID, sec.Ordinal)
			if len(stack) > 1 {
				sec.Parent = stack[len(stack)-2].section
			}
			for _, f := range stack[:len(stack)-1] {
				sec.Path = append(sec.Path, sections[f.section-1].Heading)
			}
			sec.Path = append(sec.Path, l.text)
			sec.Kind = b.sectionKind(sec, sections, part, prevTop)
			if sec.Depth == 1 {
				if b.headingKind(strings.TrimSpace(l.text)) != "" {
					part = ""
				}
				prevTop = sec.Kind
			}
			stack[len(stack)-1].section = sec.Ordinal
			sections = append(sections, sec)
		}
		switch {
		case l.outside || len(stack) == 0:
			if !b.law && l.cls == clsParagraph {
				if k := b.openerKind(strings.TrimSpace(l.text)); k != "" && !l.outside || k != "" && l.outside {
					part = k
				}
			}
			if part != "" && !isClosing(b, i) {
				p.Kind = part
			}
		default:
			s := stack[len(stack)-1].section
			p.Section = s
			p.Kind = sections[s-1].Kind
			for sec := &sections[s-1]; ; sec = &sections[sec.Parent-1] {
				sec.Last = ord
				if sec.Parent == 0 {
					break
				}
			}
			if !b.law && p.Role == corpus.RoleParagraph && isShortItem(strings.TrimSpace(l.text), l.runes) {
				p.Role = corpus.RoleItem
			}
		}
		passages[i] = p
	}
	if len(sections) == 0 {
		sections = []corpus.Section{b.wholeDocument(passages)}
	}
	doc.Sections, doc.Passages = sections, passages
}

// isClosing reports whether line i is part of a report's closing appeal.
func isClosing(b *builder, i int) bool {
	return b.lines[i].outside && strings.HasPrefix(strings.TrimSpace(b.lines[i].text), "各位代表") ||
		i > 0 && b.lines[i].outside && b.lines[i-1].outside && isClosing(b, i-1)
}

// push puts a heading on the stack: a heading of a numbering scheme already
// open closes that level and everything under it and becomes its sibling; a
// new scheme opens a level under the current one. Law headings nest by rank.
// An unnumbered heading below the top level (广东's "主要目标") is closed by
// the next numbered heading, which becomes its sibling rather than its child;
// 结束语 and other closing headings are always top level.
func (b *builder) push(stack []frame, l *line) []frame {
	if l.scheme == "law" {
		for len(stack) > 0 && stack[len(stack)-1].rank >= l.rank {
			stack = stack[:len(stack)-1]
		}
		return append(stack, frame{scheme: l.scheme, rank: l.rank})
	}
	if l.scheme != "plain" && len(stack) > 1 && stack[len(stack)-1].scheme == "plain" {
		stack = stack[:len(stack)-1]
	}
	for i, f := range stack {
		if f.scheme == l.scheme {
			stack = stack[:i]
			break
		}
	}
	if l.scheme == "plain" && len(stack) > 0 && (stack[0].scheme == "plain" || headingCue(strings.TrimSpace(l.text)) == corpus.KindOther) {
		stack = stack[:0] // unnumbered part headings are siblings of each other; 结束语 closes everything
	}
	return append(stack, frame{scheme: l.scheme})
}

// sectionKind decides a new section's kind. Laws are all other. In reports
// a sub-section inherits a review or plan parent; otherwise the heading's
// words decide, then the part of the report that an opening paragraph began,
// then the order of a report: reports review first and plan after, so a
// top-level section without words of its own that follows a review or a plan
// is a plan ("四、全面加强政府自身建设" after "三、2026年重点工作",
// "二、保持国民经济发展的良好势头" after "一、１９９６年国内工作的回顾").
func (b *builder) sectionKind(sec corpus.Section, sections []corpus.Section, part, prevTop corpus.Kind) corpus.Kind {
	if b.law {
		return corpus.KindOther
	}
	if sec.Parent > 0 {
		if k := sections[sec.Parent-1].Kind; k != corpus.KindOther {
			return k
		}
	}
	if k := b.headingKind(strings.TrimSpace(sec.Heading)); k != "" {
		return k
	}
	if sec.Parent > 0 {
		return corpus.KindOther
	}
	if part != "" {
		return part
	}
	if prevTop == corpus.KindPlan || prevTop == corpus.KindReview {
		return corpus.KindPlan
	}
	return corpus.KindOther
}

// wholeDocument is the section of a document without headings: it spans
// every passage and is headed by the document's title (or its first line),
// which is not itself a passage.
func (b *builder) wholeDocument(passages []corpus.Passage) corpus.Section {
	heading := strings.TrimSpace(b.doc.Title)
	if heading == "" && len(b.lines) > 0 {
		heading = strings.TrimSpace(b.lines[0].text)
	}
	sec := corpus.Section{
		ID:      corpus.SectionID(b.doc.ID, 1),
		Ordinal: 1,
		Depth:   1,
		Heading: heading,
		Path:    []string{heading},
		Kind:    corpus.KindOther,
		First:   1,
		Last:    len(passages),
	}
	for i := range passages {
		passages[i].Section = 1
	}
	return sec
}

func roleOf(c class) corpus.Role {
	switch c {
	case clsHeading:
		return corpus.RoleHeading
	case clsItem:
		return corpus.RoleItem
	case clsArticle:
		return corpus.RoleArticle
	case clsMeta:
		return corpus.RoleMeta
	}
	return corpus.RoleParagraph
}
