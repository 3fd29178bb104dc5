package api

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
)

// DocumentInfo is a document's metadata as the API shows it: its catalog
// entry plus what only the stored document knows.
type DocumentInfo struct {
	indexer.Meta
	// TitleSupplied says where a title the source does not give came
	// from: "file name" or "first line".
	TitleSupplied string        `json:"title_supplied,omitempty"`
	Session       string        `json:"session,omitempty"`
	Dates         corpus.Dates  `json:"dates"`
	History       []string      `json:"history,omitempty"`
	Source        corpus.Source `json:"source"`
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
	return DocumentInfo{Meta: m, TitleSupplied: doc.TitleSupplied, Session: doc.Session, Dates: doc.Dates, History: doc.History, Source: doc.Source}
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
	ref := doc.Cite(p)
	out := map[string]any{
		"passage":   p,
		"document":  info(doc, m),
		"section":   []string{},
		"citation":  ref.Citation(),
		"citations": map[string]string{"conventional": ref.Citation(), "gbt7714": ref.GBT7714(), "plain": ref.Citation() + " " + corpus.Permalink(p.ID)},
		"permalink": corpus.Permalink(p.ID),
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

func notFound(err error, what, id string) error {
	if corpus.ErrorCode(err) == corpus.ENOTFOUND || isNotFound(err) {
		return corpus.Errorf(corpus.ENOTFOUND, "no %s %q", what, corpus.Shorten(id, 100))
	}
	return err
}

func isNotFound(err error) bool { return errors.Is(err, indexer.ErrNotFound) }
