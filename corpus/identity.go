package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// NaturalKey identifies a document by what it is, not by where its file
// sat: type, body, title, and the date that tells its versions and years
// apart (its latest adoption for a law, else the session it was delivered
// to, its session's name, promulgation or publication, else its year). The
// same report imported from two folders, or posted to the API, is one
// document.
func NaturalKey(d *Document) string {
	when := ""
	for _, w := range []string{d.Dates.Adopted, d.Dates.Session, d.Session, d.Dates.Promulgated, d.Dates.Published} {
		if w != "" {
			when = w
			break
		}
	}
	if when == "" && d.Year > 0 {
		when = strconv.Itoa(d.Year)
	}
	return strings.Join([]string{string(d.Type), d.Body, d.Title, when}, "/")
}

// identify sets d.ID from its natural key and d.Hash from the key and
// everything imported. keys counts the keys of one file so far: a second
// record with the same key in the same file (a CSV listing one report
// twice, with different text) gets "#2" and stays a document of its own.
func identify(d *Document, keys map[string]int) {
	key := NaturalKey(d)
	if keys[key]++; keys[key] > 1 {
		key += "#" + strconv.Itoa(keys[key])
	}
	if d.ID == "" {
		d.ID = DocumentID(key)
	}
	d.Hash = ContentHash(key, d.Title, string(d.Type), string(d.Level), d.Region, d.Locality, d.Body,
		strconv.Itoa(d.Year), d.Session, fmt.Sprint(d.Dates), strings.Join(d.History, "\n"), d.Source.URL,
		d.Original, d.Text)
}

// Seen remembers, over one import, which file gave each document ID, so
// that a second file holding the same document (the same natural key) is
// reported rather than silently replacing the first. Not safe for
// concurrent use.
type Seen map[string]string

// Check records d as coming from its source path, or returns the problem
// that skips it when another file gave its ID before.
func (s Seen) Check(d *Document) (Problem, bool) {
	if first, ok := s[d.ID]; ok && first != d.Source.Path {
		return Problem{Path: d.Source.Path, Line: d.Source.Record,
			Reason: fmt.Sprintf("the same document as %s (type, body, title and date agree); kept that one", first)}, false
	}
	s[d.ID] = d.Source.Path
	return Problem{}, true
}
