package links

import (
	"cmp"
	"regexp"
	"slices"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/fold"
	"github.com/renda-archive/renda/indexer"
)

// Version is one version of a law: a document of the archive.
type Version struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date,omitempty"` // of adoption or the latest amendment, YYYY-MM-DD
	Year  int    `json:"year"`
}

// reVersionNote is a note in a title that names a version rather than the
// law: （2018年修正）, (2015年修订文本).
var reVersionNote = regexp.MustCompile(`[（(][^（()）]*(修正|修订|修改|文本)[^（()）]*[)）]$`)

// lawKey groups the versions of one law: its type, its title folded and
// without a version note, and for a local regulation its region. It is ""
// for documents that are not laws or regulations.
func lawKey(m *indexer.Meta) string {
	if m.Type != corpus.TypeLaw && m.Type != corpus.TypeLocalRegulation {
		return ""
	}
	key := string(m.Type) + "/" + fold.String(reVersionNote.ReplaceAllString(m.Title, ""))
	if m.Type == corpus.TypeLocalRegulation {
		key += "/" + m.Region
	}
	return key
}

// Versions returns the versions of the law that the document id is a
// version of, itself included, oldest first (by date, then year, then ID),
// from the catalog entries catalog. It returns nil when id is not in
// catalog or is not a law or local regulation.
func Versions(catalog []indexer.Meta, id string) []Version {
	var key string
	for k := range catalog {
		if catalog[k].ID == id {
			key = lawKey(&catalog[k])
			break
		}
	}
	if key == "" {
		return nil
	}
	var out []Version
	for k := range catalog {
		if m := &catalog[k]; lawKey(m) == key {
			out = append(out, Version{ID: m.ID, Title: m.Title, Date: m.Date, Year: m.Year})
		}
	}
	slices.SortFunc(out, func(a, b Version) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Year, b.Year), cmp.Compare(a.ID, b.ID))
	})
	return out
}
