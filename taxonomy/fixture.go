package taxonomy

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/renda-archive/renda/corpus"
)

// Fixtures are hand-labelled passages, read by ReadFixtures from files in
// the format of testdata/labelled.tsv: what Train learns the labelling
// conventions from, besides the rules' labels.
type Fixtures struct {
	rows []labelled
}

// Len is the number of passages.
func (f Fixtures) Len() int { return len(f.rows) }

// ReadFixtures reads the named files in the format of
// testdata/labelled.tsv. Errors name the file and the line.
func ReadFixtures(names ...string) (Fixtures, error) {
	var f Fixtures
	for _, name := range names {
		rows, err := readFixtureFile(name)
		if err != nil {
			return Fixtures{}, err
		}
		f.rows = append(f.rows, rows...)
	}
	return f, nil
}

// TrainingFixtures names the hand-labelled files under dir that Train's
// word and hand models learn from: the tuning sets, the first three blind
// sets once their first measurement was taken, and the first two training
// sets. blind8.tsv and blind9.tsv are in neither these nor JudgeFixtures:
// they measure the tagger.
func TrainingFixtures(dir string) []string {
	var out []string
	for _, name := range []string{"labelled.tsv", "heldout.tsv", "heldout2.tsv", "blind.tsv", "blind2.tsv", "blind3.tsv", "train.tsv", "train2.tsv"} {
		out = append(out, filepath.Join(dir, name))
	}
	return out
}

// JudgeFixtures names the hand-labelled files under dir that Train's judge
// learns from, and its word and hand models too: the judge reads each
// passage with the probabilities of models trained without the passage's
// fold, which are what the models give unseen passages.
func JudgeFixtures(dir string) []string {
	var out []string
	for _, name := range []string{"train3.tsv", "train4.tsv", "blind4.tsv", "blind5.tsv", "blind6.tsv", "blind7.tsv"} {
		out = append(out, filepath.Join(dir, name))
	}
	return out
}

// labelled is one row of testdata/labelled.tsv.
type labelled struct {
	title, typ, role, text string
	ordinal                int
	path                   []string
	themes, tags           []string
}

func readFixtureFile(name string) ([]labelled, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseFixtures(f, name)
}

// parseFixtures reads rows in the format of testdata/labelled.tsv: #
// comments, a header line, then eight tab-separated columns a row.
func parseFixtures(r io.Reader, name string) ([]labelled, error) {
	var rows []labelled
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	header := true
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.TrimSpace(text) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		c := strings.Split(text, "\t")
		if len(c) != 8 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 8", name, line, len(c))
		}
		ord, err := strconv.Atoi(c[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: ordinal %q", name, line, c[1])
		}
		r := labelled{title: c[0], ordinal: ord, typ: c[2], role: c[3], text: c[5], themes: split(c[6]), tags: split(c[7])}
		for _, h := range strings.Split(c[4], " > ") {
			if h != "" && h != r.title {
				r.path = append(r.path, h)
			}
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rows, nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.Split(s, ",")
	sort.Strings(out)
	return out
}

// document rebuilds a labelled passage in its context: a document of its
// type and title whose sections are the passage's heading path, each heading
// a passage, with the passage last (or as the last heading).
func (r labelled) document() *corpus.Document {
	doc := &corpus.Document{ID: "fixture", Title: r.title, Type: corpus.Type(r.typ)}
	if doc.Type == corpus.TypeLaw || doc.Type == corpus.TypeLocalRegulation {
		doc.Source.Format = corpus.FormatLawMD
	}
	path := r.path
	isHeading := r.role == string(corpus.RoleHeading) && len(path) > 0 && path[len(path)-1] == r.text
	for i, h := range path {
		ord := len(doc.Passages) + 1
		doc.Sections = append(doc.Sections, corpus.Section{Ordinal: i + 1, Parent: i, Depth: i + 1, Heading: h, First: ord, Path: path[:i+1]})
		doc.Passages = append(doc.Passages, corpus.Passage{Ordinal: ord, Section: i + 1, Role: corpus.RoleHeading, Text: h})
	}
	if !isHeading {
		ord := len(doc.Passages) + 1
		doc.Passages = append(doc.Passages, corpus.Passage{Ordinal: ord, Section: len(path), Role: corpus.Role(r.role), Text: r.text})
	}
	for i := range doc.Sections {
		doc.Sections[i].Last = len(doc.Passages)
	}
	return doc
}
