package indexer

import (
	"slices"

	"github.com/renda-archive/renda/corpus"
)

// Meta is the catalog entry of one indexed document: what lists, facets
// and filters need without decoding the stored document.
type Meta struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Type     corpus.Type  `json:"type"`
	Level    corpus.Level `json:"level"`
	Region   string       `json:"region"`
	Locality string       `json:"locality,omitempty"`
	Body     string       `json:"body"`
	Year     int          `json:"year"`
	// Date is the best known date of the document as YYYY-MM-DD, which
	// sorts as a string: the session it was delivered to or adopted at,
	// else its adoption, promulgation, effective or publication date; empty
	// when none is known.
	Date     string `json:"date,omitempty"`
	Passages int    `json:"passages"` // number of passages
	Hash     string `json:"hash"`     // corpus.Document.Hash of the indexed version
	// Gen is the generation of the occurrence segment written with this
	// version: the segment, or a merge of it, holds the version's text.
	Gen uint64 `json:"gen"`
	// Themes, Tags and Kinds are the sorted union over the document's
	// passages of theme names, tag names and section kinds.
	// Cite is what a citation of any of its passages says of the
	// document (corpus.DocumentReference).
	Cite   corpus.Reference `json:"cite"`
	Themes []string         `json:"themes,omitempty"`
	Tags   []string         `json:"tags,omitempty"`
	Kinds  []corpus.Kind    `json:"kinds,omitempty"`
}

// newMeta returns the catalog entry for d, whose text goes into the
// segment of generation gen.
func newMeta(d *corpus.Document, gen uint64) *Meta {
	m := &Meta{
		ID:       d.ID,
		Title:    d.Title,
		Type:     d.Type,
		Level:    d.Level,
		Region:   d.Region,
		Locality: d.Locality,
		Body:     d.Body,
		Year:     d.Year,
		Date:     bestDate(d.Dates),
		Passages: len(d.Passages),
		Hash:     d.Hash,
		Gen:      gen,
		Cite:     corpus.DocumentReference(d),
	}
	for i := range d.Passages {
		p := &d.Passages[i]
		for _, l := range p.Themes {
			m.Themes = append(m.Themes, l.Name)
		}
		for _, l := range p.Tags {
			m.Tags = append(m.Tags, l.Name)
		}
		if p.Kind != "" {
			m.Kinds = append(m.Kinds, p.Kind)
		}
	}
	m.Themes = sortedSet(m.Themes)
	m.Tags = sortedSet(m.Tags)
	m.Kinds = sortedSet(m.Kinds)
	return m
}

func bestDate(d corpus.Dates) string {
	for _, s := range []string{d.Session, d.Adopted, d.Promulgated, d.Effective, d.Published} {
		if s != "" {
			return s
		}
	}
	return ""
}

func sortedSet[T ~string](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	return slices.Clip(slices.Compact(s))
}

// Reference is the citation of a passage of m's document: its heading,
// article and paragraph number on top of m.Cite.
func (m *Meta) Reference(heading string, article, ordinal int) corpus.Reference {
	r := m.Cite
	r.Heading, r.Article, r.Ordinal, r.Passage = heading, article, ordinal, corpus.PassageID(m.ID, ordinal)
	return r
}
