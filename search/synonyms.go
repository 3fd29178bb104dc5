package search

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/renda-archive/renda/fold"
)

//go:embed synonyms.txt
var synonymsFile string

// Synonyms expands unquoted words to their synonyms and abbreviations.
// It is immutable after ParseSynonyms and safe for concurrent use.
type Synonyms struct {
	groups map[string][]string // folded term → the other terms of its groups
}

// Expansion records the synonyms used for one word of a query.
type Expansion struct {
	Term     string   `json:"term"`
	Synonyms []string `json:"synonyms"`
}

// ParseSynonyms reads synonym groups: one group per line, terms separated by
// spaces, # comments. It returns an error naming the line of a group with
// fewer than two terms.
func ParseSynonyms(text string) (*Synonyms, error) {
	s := &Synonyms{groups: map[string][]string{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		terms := strings.Fields(t)
		if len(terms) < 2 {
			return nil, fmt.Errorf("synonyms line %d: a group needs at least two terms", line)
		}
		for _, a := range terms {
			key := fold.String(a)
			for _, b := range terms {
				if b != a && !contains(s.groups[key], b) {
					s.groups[key] = append(s.groups[key], b)
				}
			}
		}
	}
	return s, sc.Err()
}

var (
	defaultSynonyms     *Synonyms
	defaultSynonymsOnce sync.Once
)

// DefaultSynonyms returns the synonyms shipped in synonyms.txt.
func DefaultSynonyms() *Synonyms {
	defaultSynonymsOnce.Do(func() {
		s, err := ParseSynonyms(synonymsFile)
		if err != nil {
			panic(err) // the embedded file is checked by a test
		}
		defaultSynonyms = s
	})
	return defaultSynonyms
}

// Expand returns the synonyms of word, or nil. Matching ignores case, width
// and traditional/simplified differences.
func (s *Synonyms) Expand(word string) []string {
	if s == nil {
		return nil
	}
	return s.groups[fold.String(word)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
