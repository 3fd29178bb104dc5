package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/structure"
)

// Limits on what a query may ask for, so that its cost is bounded before
// it runs: a word is matched verbatim and split into gse words for the
// ranking, so a long unquoted word or a long run of one character buys
// nothing a user wants and costs work.
const (
	MaxQueryRunes  = 2000 // the whole query string
	MaxTerms       = 32   // words, phrases and exclusions together
	MaxWordRunes   = 64   // one unquoted word
	MaxPhraseRunes = 500  // one quoted phrase: a sentence or a short paragraph
	MaxRepeat      = 16   // one character repeated in a row within a word or phrase
)

// Term is one word or quoted phrase of a query.
type Term struct {
	Text   string `json:"text"`
	Quoted bool   `json:"quoted"`
}

// Filters maps a filter field to the values asked for: values of one field
// are alternatives (OR), fields combine with AND.
type Filters map[string][]string

// Add appends value to field, ignoring duplicates.
func (f Filters) Add(field, value string) {
	for _, v := range f[field] {
		if v == value {
			return
		}
	}
	f[field] = append(f[field], value)
}

// Query is a parsed query string: every group must match (a group matches
// when any of its terms does), no exclusion may match, and the filters apply.
type Query struct {
	Groups  [][]Term `json:"groups"`
	Exclude []Term   `json:"exclude,omitempty"`
	Filters Filters  `json:"filters,omitempty"`
}

// Empty reports whether the query has no words or phrases.
func (q *Query) Empty() bool { return len(q.Groups) == 0 }

// Parse parses the query language:
//
//	word            every word must match (verbatim, synonyms added)
//	"a phrase"      matches exactly, no synonyms; “…” 「…」 『…』 ＂…＂ too
//	-word -"phrase" excludes passages that contain it
//	a OR b          either
//	field:value     filter: year:2024, year:2019..2024, type:, level:,
//	                region:, body:, theme:, tag:, kind:, article:, doc:
//	field:"a b"     a filter value with spaces
//
// It returns a *corpus.Error with code EINVALID for an unterminated quote,
// an unknown field, a malformed year or article, a dangling OR, or a query
// over its limits (MaxQueryRunes, MaxTerms, MaxWordRunes, MaxPhraseRunes,
// MaxRepeat). Parse is safe for concurrent use.
func Parse(s string) (*Query, error) {
	if !utf8.ValidString(s) {
		return nil, corpus.Errorf(corpus.EINVALID, "query is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxQueryRunes {
		return nil, corpus.Errorf(corpus.EINVALID, "query is %d characters long; the limit is %d", n, MaxQueryRunes)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	q := &Query{Filters: Filters{}}
	pendingOr := false
	terms := 0
	for i, t := range toks {
		switch {
		case t.or:
			if len(q.Groups) == 0 || pendingOr || i == len(toks)-1 || toks[i+1].or || toks[i+1].field != "" || toks[i+1].neg {
				return nil, corpus.Errorf(corpus.EINVALID, "OR must stand between two words or phrases")
			}
			pendingOr = true
		case t.field != "":
			if err := checkFilter(t.field, t.text); err != nil {
				return nil, err
			}
			q.Filters.Add(t.field, t.text)
		case t.neg:
			terms++
			if err := checkTerm(t); err != nil {
				return nil, err
			}
			q.Exclude = append(q.Exclude, Term{Text: t.text, Quoted: t.quoted})
		default:
			terms++
			if err := checkTerm(t); err != nil {
				return nil, err
			}
			term := Term{Text: t.text, Quoted: t.quoted}
			if pendingOr {
				last := len(q.Groups) - 1
				q.Groups[last] = append(q.Groups[last], term)
				pendingOr = false
			} else {
				q.Groups = append(q.Groups, []Term{term})
			}
		}
	}
	if terms > MaxTerms {
		return nil, corpus.Errorf(corpus.EINVALID, "query has %d words or phrases; the limit is %d", terms, MaxTerms)
	}
	return q, nil
}

// checkTerm refuses a word or phrase over MaxWordRunes, MaxPhraseRunes or
// MaxRepeat.
func checkTerm(t token) error {
	n, run, longest := 0, 0, 0
	var last, repeated rune
	for _, r := range t.text {
		n++
		if r == last && !isSpace(r) {
			run++
		} else {
			run = 1
		}
		if run > longest {
			longest, repeated = run, r
		}
		last = r
	}
	switch {
	case !t.quoted && n > MaxWordRunes:
		return corpus.Errorf(corpus.EINVALID, "word %q is %d characters long; the limit is %d: put a longer text in quotes", corpus.Shorten(t.text, 20), n, MaxWordRunes)
	case n > MaxPhraseRunes:
		return corpus.Errorf(corpus.EINVALID, "quote %q is %d characters long; the limit is %d", corpus.Shorten(t.text, 20), n, MaxPhraseRunes)
	case longest > MaxRepeat:
		return corpus.Errorf(corpus.EINVALID, "%q repeats %c %d times in a row; the limit is %d", corpus.Shorten(t.text, 20), repeated, longest, MaxRepeat)
	}
	return nil
}

type token struct {
	text   string
	field  string
	quoted bool
	neg    bool
	or     bool
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// lex splits a query into tokens; quotes group, whitespace separates.
func lex(s string) ([]token, error) {
	var toks []token
	rs := []rune(s)
	i := 0
	for i < len(rs) {
		if isSpace(rs[i]) {
			i++
			continue
		}
		var t token
		if rs[i] == '-' && i+1 < len(rs) && !isSpace(rs[i+1]) {
			t.neg = true
			i++
		}
		if isQuote(rs[i]) {
			text, next, err := quoted(rs, i)
			if err != nil {
				return nil, err
			}
			t.text, t.quoted, i = text, true, next
			if strings.TrimFunc(text, isSpace) == "" {
				return nil, corpus.Errorf(corpus.EINVALID, "empty quotes")
			}
			toks = append(toks, t)
			continue
		}
		start := i
		for i < len(rs) && !isSpace(rs[i]) && !isQuote(rs[i]) {
			i++
		}
		word := string(rs[start:i])
		if name, value, ok := strings.Cut(word, ":"); ok && isASCIIWord(name) && !t.neg {
			name = strings.ToLower(name)
			if !isFilterField(name) {
				return nil, corpus.Errorf(corpus.EINVALID, "unknown field %q; fields are %s", name, strings.Join(FilterFields, ", "))
			}
			if value == "" && i < len(rs) && isQuote(rs[i]) {
				v, next, err := quoted(rs, i)
				if err != nil {
					return nil, err
				}
				value, i = v, next
			}
			value = strings.TrimFunc(value, isSpace)
			if value == "" {
				return nil, corpus.Errorf(corpus.EINVALID, "field %s: needs a value", name)
			}
			toks = append(toks, token{field: name, text: value})
			continue
		}
		if word == "OR" && !t.neg {
			toks = append(toks, token{or: true})
			continue
		}
		if word == "" {
			continue
		}
		t.text = word
		toks = append(toks, t)
	}
	return toks, nil
}

// quoteMarks maps each opening quotation mark to its closing one: the
// ASCII and full-width double quotes, and the marks Chinese text uses
// (“…”, 「…」, 『…』), so that a quote pasted from a document works as typed.
var quoteMarks = map[rune]rune{'"': '"', '＂': '＂', '“': '”', '「': '」', '『': '』'}

func isQuote(r rune) bool {
	_, ok := quoteMarks[r]
	return ok
}

// quoted reads a quoted string starting at the opening mark rs[i].
func quoted(rs []rune, i int) (string, int, error) {
	closing := quoteMarks[rs[i]]
	j := i + 1
	for j < len(rs) && rs[j] != closing {
		j++
	}
	if j >= len(rs) {
		return "", 0, corpus.Errorf(corpus.EINVALID, "unterminated quote %c starting at character %d: close it with %c", rs[i], i+1, closing)
	}
	return string(rs[i+1 : j]), j + 1, nil
}

func isASCIIWord(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// YearRange is an inclusive range of years.
type YearRange struct{ From, To int }

// ParseYear parses 2024, 2019..2024, 2019-2024, ..2010 or 2019.. into a range.
// It returns a *corpus.Error with code EINVALID otherwise.
func ParseYear(v string) (YearRange, error) {
	bad := corpus.Errorf(corpus.EINVALID, "year %q: want a year like 2024 or a range like 2019..2024", v)
	from, to, isRange := strings.Cut(v, "..")
	if !isRange {
		from, to, isRange = strings.Cut(v, "-")
	}
	if !isRange {
		to = from
	}
	r := YearRange{From: 1, To: 9999} // undated documents (year 0) match no range
	var err error
	if from != "" {
		if r.From, err = strconv.Atoi(from); err != nil || r.From < 1 || r.From > 9999 {
			return r, bad
		}
	}
	if to != "" {
		if r.To, err = strconv.Atoi(to); err != nil || r.To < 1 || r.To > 9999 {
			return r, bad
		}
	}
	if from == "" && to == "" || r.From > r.To {
		return r, bad
	}
	return r, nil
}

// ParseArticle parses an article number: 12, 第十二条 or 十二.
// It returns a *corpus.Error with code EINVALID otherwise.
func ParseArticle(v string) (int, error) {
	s := strings.TrimSuffix(strings.TrimPrefix(v, "第"), "条")
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n, nil
	}
	if n, ok := structure.Numeral(s); ok && n > 0 {
		return n, nil
	}
	return 0, corpus.Errorf(corpus.EINVALID, "article %q: want a number like 12 or 第十二条", v)
}
