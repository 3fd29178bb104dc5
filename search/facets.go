package search

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/occur"
)

// Filter field names, in the query language (year:2024) and as URL parameters.
const (
	FilterYear    = "year"
	FilterType    = "type"
	FilterLevel   = "level"
	FilterRegion  = "region"
	FilterBody    = "body"
	FilterTheme   = "theme"
	FilterTag     = "tag"
	FilterKind    = "kind"
	FilterArticle = "article"
	FilterDoc     = "doc"
)

// scope says whose values a facet counts: a document's (year, type, …) or
// a passage's (theme, kind, …).
type scope int

const (
	docScope scope = iota
	passageScope
)

// facet is one filter field and, when counted, one facet of the response:
// the one place that says how its values are read, checked, filtered on and
// counted.
type facet struct {
	name    string
	scope   scope
	counted bool // listed in Response.Facets
	// check validates a filter value's syntax (nil: any value).
	check func(v string) error
	// canonical turns a filter value into the values it stands for
	// (nil: the value itself).
	canonical func(v string, s *indexer.Snapshot) []string
	// docValues appends the values of a document (docScope).
	docValues func(m *indexer.Meta, dst []string) []string
	// vocab returns a segment's values of a passage facet by code, and
	// bit where they start in the segment's LabelBits (passageScope, but
	// article, which is a number).
	vocab func(seg *occur.Segment) []string
	bit   func(seg *occur.Segment) int
}

// facets lists the filter fields in the order facets are shown.
var facets = []*facet{
	{name: FilterYear, counted: true,
		check: func(v string) error { _, err := ParseYear(v); return err },
		docValues: func(m *indexer.Meta, dst []string) []string {
			if m.Year == 0 {
				return dst // year unknown: no value
			}
			return append(dst, strconv.Itoa(m.Year))
		}},
	{name: FilterType, counted: true,
		check:     func(v string) error { _, err := canonicalType(v); return err },
		canonical: func(v string, _ *indexer.Snapshot) []string { c, _ := canonicalType(v); return []string{c} },
		docValues: func(m *indexer.Meta, dst []string) []string { return append(dst, string(m.Type)) }},
	{name: FilterLevel, counted: true,
		check:     func(v string) error { _, err := canonicalLevel(v); return err },
		canonical: func(v string, _ *indexer.Snapshot) []string { c, _ := canonicalLevel(v); return []string{c} },
		docValues: func(m *indexer.Meta, dst []string) []string { return append(dst, string(m.Level)) }},
	{name: FilterRegion, counted: true,
		canonical: func(v string, s *indexer.Snapshot) []string {
			return known(v, s, func(m *indexer.Meta) string { return m.Region })
		},
		docValues: func(m *indexer.Meta, dst []string) []string { return append(dst, m.Region) }},
	{name: FilterBody, counted: true,
		canonical: func(v string, s *indexer.Snapshot) []string {
			return known(v, s, func(m *indexer.Meta) string { return m.Body })
		},
		docValues: func(m *indexer.Meta, dst []string) []string { return append(dst, m.Body) }},
	{name: FilterTheme, scope: passageScope, counted: true,
		vocab: (*occur.Segment).Themes, bit: (*occur.Segment).ThemeBit},
	{name: FilterTag, scope: passageScope, counted: true,
		vocab: (*occur.Segment).Tags, bit: (*occur.Segment).TagBit},
	{name: FilterKind, scope: passageScope, counted: true,
		check:     func(v string) error { _, err := canonicalKind(v); return err },
		canonical: func(v string, _ *indexer.Snapshot) []string { c, _ := canonicalKind(v); return []string{c} },
		vocab:     (*occur.Segment).Kinds, bit: (*occur.Segment).KindBit},
	{name: FilterArticle, scope: passageScope,
		check: func(v string) error { _, err := ParseArticle(v); return err },
		canonical: func(v string, _ *indexer.Snapshot) []string {
			n, _ := ParseArticle(v)
			return []string{strconv.Itoa(n)}
		}},
	{name: FilterDoc,
		docValues: func(m *indexer.Meta, dst []string) []string { return append(dst, m.ID) }},
}

// FilterFields lists the filter fields in the order facets are shown.
var FilterFields = func() []string {
	names := make([]string, len(facets))
	for k, f := range facets {
		names[k] = f.name
	}
	return names
}()

func facetNamed(name string) *facet {
	for _, f := range facets {
		if f.name == name {
			return f
		}
	}
	return nil
}

func isFilterField(name string) bool { return facetNamed(name) != nil }

// checkFilter validates the syntax of a filter value.
func checkFilter(field, value string) error {
	if f := facetNamed(field); f != nil && f.check != nil {
		return f.check(value)
	}
	return nil
}

// known resolves a region or body the way users write it: an exact value, or
// else every known value it is a prefix of (上海 → 上海市).
func known(v string, s *indexer.Snapshot, value func(*indexer.Meta) string) []string {
	seen := map[string]bool{}
	var prefixed []string
	exact := false
	s.Each(func(_ indexer.DocRef, m *indexer.Meta) {
		x := value(m)
		if x == v {
			exact = true
		} else if strings.HasPrefix(x, v) && !seen[x] {
			seen[x] = true
			prefixed = append(prefixed, x)
		}
	})
	if exact {
		return []string{v}
	}
	sort.Strings(prefixed)
	return prefixed
}

// clause is one compiled filter: a document or passage passes when its
// value for the facet is one of values (years: in one of years; articles:
// one of articles).
type clause struct {
	facet    *facet
	values   []string
	years    []YearRange
	articles []int
	allowed  [][]uint64 // passage facets: per segment, the LabelBits of values
}

// compileFilters turns the filters of a query into clauses, in facet order.
func compileFilters(filters Filters, s *indexer.Snapshot) []clause {
	var out []clause
	for _, f := range facets {
		vs := filters[f.name]
		if len(vs) == 0 {
			continue
		}
		c := clause{facet: f}
		for _, v := range vs {
			switch {
			case f.name == FilterYear:
				r, _ := ParseYear(v)
				c.years = append(c.years, r)
			case f.name == FilterArticle:
				n, _ := ParseArticle(v)
				c.articles = append(c.articles, n)
			case f.canonical != nil:
				c.values = append(c.values, f.canonical(v, s)...)
			default:
				c.values = append(c.values, v)
			}
		}
		if f.vocab != nil {
			c.allowed = make([][]uint64, s.Segments())
			for k := range c.allowed {
				seg := s.Segment(k)
				c.allowed[k] = make([]uint64, seg.LabelBits().Words)
				for code, name := range f.vocab(seg) {
					if slices.Contains(c.values, name) {
						bit := f.bit(seg) + code
						c.allowed[k][bit/64] |= 1 << (bit % 64)
					}
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// passesDoc reports whether document m passes a document-scope clause.
func (c *clause) passesDoc(m *indexer.Meta, buf []string) bool {
	if c.facet.name == FilterYear {
		// An undated document is in no year range.
		return m.Year != 0 && slices.ContainsFunc(c.years, func(r YearRange) bool { return m.Year >= r.From && m.Year <= r.To })
	}
	for _, v := range c.facet.docValues(m, buf[:0]) {
		if slices.Contains(c.values, v) {
			return true
		}
	}
	return false
}

// passesPassage reports whether passage p of segment k passes a
// passage-scope clause.
func (c *clause) passesPassage(k int, seg *occur.Segment, p int) bool {
	if c.facet.name == FilterArticle {
		return slices.Contains(c.articles, seg.Article(p))
	}
	return intersects(seg.LabelBits().Of(p), c.allowed[k])
}

func intersects(a, b []uint64) bool {
	for i := range min(len(a), len(b)) {
		if a[i]&b[i] != 0 {
			return true
		}
	}
	return false
}

// FacetValue is one value of a facet with the number of matching documents.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// sortedFacet orders years newest first and everything else by count.
func sortedFacet(name string, counts map[string]int) []FacetValue {
	vs := make([]FacetValue, 0, len(counts))
	for v, n := range counts {
		if v != "" {
			vs = append(vs, FacetValue{Value: v, Count: n})
		}
	}
	sort.Slice(vs, func(i, j int) bool {
		if name == FilterYear {
			return vs[i].Value > vs[j].Value
		}
		if vs[i].Count != vs[j].Count {
			return vs[i].Count > vs[j].Count
		}
		return vs[i].Value < vs[j].Value
	})
	return vs
}

// canonicalKind, canonicalType and canonicalLevel accept the values users
// type: the stored value, an English name or a Chinese synonym.
func canonicalKind(v string) (string, error) {
	switch strings.ToLower(v) {
	case "review", "回顾", "总结":
		return string(corpus.KindReview), nil
	case "plan", "安排", "计划", "任务":
		return string(corpus.KindPlan), nil
	case "other", "其他":
		return string(corpus.KindOther), nil
	}
	return "", corpus.Errorf(corpus.EINVALID, "kind %q: want review, plan or other", v)
}

var typeAliases = map[string]corpus.Type{
	"standing-committee-report": corpus.TypeStandingReport, "常委会报告": corpus.TypeStandingReport, "人大常委会工作报告": corpus.TypeStandingReport,
	"government-report": corpus.TypeGovReport, "gov-report": corpus.TypeGovReport,
	"resolution": corpus.TypeResolution, "决议": corpus.TypeResolution, "决定": corpus.TypeResolution,
	"law": corpus.TypeLaw, "regulation": corpus.TypeLocalRegulation, "local-regulation": corpus.TypeLocalRegulation, "法规": corpus.TypeLocalRegulation,
	"other": corpus.TypeOther,
}

func canonicalType(v string) (string, error) {
	for _, t := range corpus.Types {
		if string(t) == v {
			return v, nil
		}
	}
	if t, ok := typeAliases[strings.ToLower(v)]; ok {
		return string(t), nil
	}
	names := make([]string, len(corpus.Types))
	for i, t := range corpus.Types {
		names[i] = string(t)
	}
	return "", corpus.Errorf(corpus.EINVALID, "type %q: want one of %s", v, strings.Join(names, ", "))
}

var levelAliases = map[string]corpus.Level{
	"national": corpus.LevelNational, "国家": corpus.LevelNational, "中央": corpus.LevelNational,
	"provincial": corpus.LevelProvincial, "省级": corpus.LevelProvincial,
	"city": corpus.LevelCity, "市级": corpus.LevelCity,
	"county": corpus.LevelCounty, "district": corpus.LevelCounty, "区": corpus.LevelCounty, "县": corpus.LevelCounty, "区县级": corpus.LevelCounty,
}

func canonicalLevel(v string) (string, error) {
	for _, l := range corpus.Levels {
		if string(l) == v {
			return v, nil
		}
	}
	if l, ok := levelAliases[strings.ToLower(v)]; ok {
		return string(l), nil
	}
	return "", corpus.Errorf(corpus.EINVALID, "level %q: want 全国, 省, 市 or 区县", v)
}
