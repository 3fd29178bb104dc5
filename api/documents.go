package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
)

// DocumentInfo is a document's metadata as the API shows it: its catalog
// entry plus what only the stored document knows.
type DocumentInfo struct {
	indexer.Meta
	Session string        `json:"session,omitempty"`
	Dates   corpus.Dates  `json:"dates"`
	History []string      `json:"history,omitempty"`
	Source  corpus.Source `json:"source"`
}

// SectionNode is a section in the document's structure tree.
type SectionNode struct {
	ID       string         `json:"id"`
	Heading  string         `json:"heading"`
	Number   int            `json:"number,omitempty"`
	Kind     corpus.Kind    `json:"kind"`
	Path     []string       `json:"path"`
	First    int            `json:"first"`
	Last     int            `json:"last"`
	Children []*SectionNode `json:"children"`
}

func info(doc *corpus.Document, m indexer.Meta) DocumentInfo {
	m.Themes, m.Tags = nonNil(m.Themes), nonNil(m.Tags)
	return DocumentInfo{Meta: m, Session: doc.Session, Dates: doc.Dates, History: doc.History, Source: doc.Source}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// tree nests the document's sections by their Parent ordinals.
func tree(doc *corpus.Document) []*SectionNode {
	nodes := make([]*SectionNode, len(doc.Sections)+1)
	roots := []*SectionNode{}
	for i := range doc.Sections {
		sec := &doc.Sections[i]
		n := &SectionNode{ID: sec.ID, Heading: sec.Heading, Number: sec.Number, Kind: sec.Kind,
			Path: sec.Path, First: sec.First, Last: sec.Last, Children: []*SectionNode{}}
		nodes[sec.Ordinal] = n
		if sec.Parent > 0 && sec.Parent < sec.Ordinal && nodes[sec.Parent] != nil {
			nodes[sec.Parent].Children = append(nodes[sec.Parent].Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}

// handleDocument answers GET /api/documents/{id}: metadata, the structure
// tree, the passages and the original text.
func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	doc, err := s.ix.Document(id)
	if err != nil {
		s.error(w, r, notFound(err, "document", id))
		return
	}
	m, _ := s.ix.Meta(id)
	writeJSON(w, http.StatusOK, map[string]any{
		"document": info(doc, m),
		"sections": tree(doc),
		"passages": doc.Passages,
		"original": doc.Original,
		"text":     doc.Text,
	})
}

// handlePassage answers GET /api/passages/{id}: the passage, its document's
// metadata, its section, its neighbours and a citation.
func (s *Server) handlePassage(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	docID, ord, ok := corpus.SplitPassageID(id)
	if !ok {
		s.error(w, r, corpus.Errorf(corpus.ENOTFOUND, "no passage %q", id))
		return
	}
	doc, err := s.ix.Document(docID)
	if err != nil {
		s.error(w, r, notFound(err, "passage", id))
		return
	}
	p := doc.Passage(ord)
	if p == nil {
		s.error(w, r, corpus.Errorf(corpus.ENOTFOUND, "no passage %q", id))
		return
	}
	m, _ := s.ix.Meta(docID)
	out := map[string]any{
		"passage":   p,
		"document":  info(doc, m),
		"section":   []string{},
		"citation":  Citation(doc, p),
		"permalink": "/api/passages/" + p.ID,
	}
	if sec := doc.Section(p.Section); sec != nil {
		out["section"] = sec.Path
	}
	if prev := doc.Passage(ord - 1); prev != nil {
		out["previous"] = prev.ID
	}
	if next := doc.Passage(ord + 1); next != nil {
		out["next"] = next.ID
	}
	writeJSON(w, http.StatusOK, out)
}

// Citation formats a passage the way a researcher cites it: body, title,
// year, then the article for laws or the section and paragraph number for
// reports, and the passage ID that finds it again.
func Citation(doc *corpus.Document, p *corpus.Passage) string {
	var b strings.Builder
	if doc.Body != "" && !strings.Contains(doc.Title, doc.Body) {
		b.WriteString(doc.Body)
		b.WriteString("：")
	}
	fmt.Fprintf(&b, "《%s》", doc.Title)
	if doc.Year > 0 {
		fmt.Fprintf(&b, "（%d年）", doc.Year)
	}
	if p.Article > 0 {
		fmt.Fprintf(&b, "，第%s条", chineseNumeral(p.Article))
	} else {
		if sec := doc.Section(p.Section); sec != nil && sec.Heading != "" {
			fmt.Fprintf(&b, "，“%s”", shorten(sec.Heading, 24))
		}
		fmt.Fprintf(&b, "，第%d段", p.Ordinal)
	}
	fmt.Fprintf(&b, "。Renda 段落 %s", p.ID)
	return b.String()
}

func shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// chineseNumeral writes n (1–9999) as laws number their articles: 十二, 一百零五.
func chineseNumeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 10000 {
		return fmt.Sprint(n)
	}
	units := []string{"千", "百", "十", ""}
	vals := []int{1000, 100, 10, 1}
	var b strings.Builder
	zero := false
	for i, v := range vals {
		d := n / v % 10
		if d == 0 {
			if b.Len() > 0 && n%v != 0 {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(d == 1 && v == 10 && b.Len() == 0) {
			b.WriteString(digits[d])
		}
		b.WriteString(units[i])
	}
	return b.String()
}

func notFound(err error, what, id string) error {
	if corpus.ErrorCode(err) == corpus.ENOTFOUND || isNotFound(err) {
		return corpus.Errorf(corpus.ENOTFOUND, "no %s %q", what, id)
	}
	return err
}

func isNotFound(err error) bool { return errors.Is(err, indexer.ErrNotFound) }
