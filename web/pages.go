package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/links"
	"github.com/renda-archive/renda/search"
)

// handleRoot answers /: the reader with ?doc=, the results with a query
// or filters, the home page otherwise.
func (s *Site) handleRoot(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case q.Get("doc") != "":
		s.reader(w, r, q)
	case q.Get("q") != "" || len(filterParams(q)) > 0:
		s.results(w, r, q)
	default:
		s.home(w, r)
	}
}

// homeData is what the home page shows of the archive.
type homeData struct {
	Documents, Passages int
	Types, Levels       []search.FacetValue
	Years               []search.FacetValue
	MaxYear             int
	Latest              []search.Hit
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	resp, err := s.engine.Search(r.Context(), search.Request{Sort: search.SortDate, Size: 8, Passages: 1})
	if err != nil {
		s.fail(w, r, err, page{Title: "人大文献检索"})
		return
	}
	d := homeData{Types: resp.Facets[search.FilterType], Levels: resp.Facets[search.FilterLevel], Years: sortedYears(resp.Facets[search.FilterYear]), Latest: resp.Hits}
	d.Documents, d.Passages = s.ix.Stats()
	for _, y := range d.Years {
		d.MaxYear = max(d.MaxYear, y.Count)
	}
	s.render(w, http.StatusOK, "home.html", page{Title: "首页", Nav: "search", Data: d})
}

// resultsData is a page of results with what the page needs to link.
type resultsData struct {
	Resp     *search.Response
	Params   params
	Sort     string
	Facets   []facetBlock
	Selected []selected
	Prev     string
	Next     string
	From, To int
	Export   template.URL // the query string of the exports
}

type facetBlock struct {
	Name   string
	Values []facetLink
	Max    int
}

type facetLink struct {
	Value    string
	Count    int
	Href     string
	Selected bool
}

type selected struct {
	Field, Value, Remove string
}

func (s *Site) results(w http.ResponseWriter, r *http.Request, q url.Values) {
	p := params(q)
	req := search.Request{Query: q.Get("q"), Sort: q.Get("sort"), Page: intParam(q, "page", 1), Size: 10, Filters: filterParams(q)}
	resp, err := s.engine.Search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err, page{Title: "检索出错", Q: req.Query, Nav: "search"})
		return
	}
	d := resultsData{Resp: resp, Params: p, Sort: or(req.Sort, search.SortRelevance), From: (resp.Page-1)*resp.Size + 1, To: (resp.Page-1)*resp.Size + len(resp.Hits)}
	for _, name := range search.FilterFields {
		vs := resp.Facets[name]
		if len(vs) == 0 && len(req.Filters[name]) == 0 {
			continue
		}
		if name == search.FilterYear {
			vs = sortedYears(vs)
		} else if len(vs) > 15 {
			vs = vs[:15]
		}
		b := facetBlock{Name: name}
		for _, v := range vs {
			on := slices.Contains(req.Filters[name], v.Value)
			href := p.With(name, v.Value, "page", "")
			if on {
				href = p.Without(name, v.Value)
			}
			b.Values = append(b.Values, facetLink{Value: v.Value, Count: v.Count, Href: href, Selected: on})
			b.Max = max(b.Max, v.Count)
		}
		d.Facets = append(d.Facets, b)
	}
	for _, name := range search.FilterFields {
		for _, v := range req.Filters[name] {
			d.Selected = append(d.Selected, selected{Field: name, Value: v, Remove: p.Without(name, v)})
		}
	}
	if resp.Page > 1 {
		d.Prev = p.With("page", itoa(resp.Page-1))
	}
	if d.To < resp.Total && resp.Page < search.MaxPage {
		d.Next = p.With("page", itoa(resp.Page+1))
	}
	d.Export = template.URL(strings.TrimPrefix(p.With("page", ""), "?"))
	s.render(w, http.StatusOK, "results.html", page{Title: req.Query + " · 检索", Q: req.Query, Nav: "search", Data: d})
}

// Without drops one value of a filter (and the page).
func (p params) Without(field, value string) string {
	v := url.Values{}
	for k, vs := range p {
		if k == "page" {
			continue
		}
		for _, x := range vs {
			if !(k == field && x == value) {
				v.Add(k, x)
			}
		}
	}
	if len(v) == 0 {
		return "/"
	}
	return "?" + v.Encode()
}

// readerData is a document for reading.
type readerData struct {
	Doc      *corpus.Document
	Info     map[string]string
	Outline  []*outlineNode
	Passages []readerPassage
	Q        string
	Matches  int
	Back     string // the results this page was opened from
	Tags     bool   // show the labels
	Source   string
	Cite     string
	Params   params
}

type outlineNode struct {
	Heading  string
	Anchor   string
	Kind     string
	Children []*outlineNode
}

type readerPassage struct {
	corpus.Passage
	HTML     string
	Match    int // 1-based number of the match here, 0 for none
	Citation string
	Section  string
}

func (s *Site) reader(w http.ResponseWriter, r *http.Request, q url.Values) {
	doc, err := s.ix.Document(q.Get("doc"))
	if err != nil {
		s.fail(w, r, err, page{Title: "找不到文件"})
		return
	}
	d := readerData{Doc: doc, Q: strings.TrimSpace(q.Get("q")), Back: q.Get("from"), Tags: q.Get("tags") == "1", Params: params(q)}
	if d.Back != "" && !strings.HasPrefix(d.Back, "?") {
		d.Back = "" // only a query string of this site
	}
	d.Source = doc.Source.URL
	var needles []string
	if d.Q != "" {
		if parsed, err := search.Parse(d.Q); err == nil {
			for _, g := range parsed.Groups {
				for _, t := range g {
					needles = append(needles, t.Text)
				}
			}
		}
	}
	nodes := map[int]*outlineNode{}
	for _, sec := range doc.Sections {
		n := &outlineNode{Heading: sec.Heading}
		nodes[sec.Ordinal] = n
		if parent := nodes[sec.Parent]; parent != nil {
			parent.Children = append(parent.Children, n)
		} else {
			d.Outline = append(d.Outline, n)
		}
	}
	cite := corpus.DocumentReference(doc)
	for k := range doc.Passages {
		p := doc.Passages[k]
		rp := readerPassage{Passage: p, HTML: search.HTML(p.Text, nil), Citation: cite.At(doc, &doc.Passages[k]).Citation()}
		if sec := doc.Section(p.Section); sec != nil {
			rp.Section = sec.Heading
			if n := nodes[sec.Ordinal]; n != nil && n.Anchor == "" {
				n.Anchor, n.Kind = p.ID, string(p.Kind)
			}
		}
		if len(needles) > 0 {
			if _, ranges := search.Marks(p.Text, needles); len(ranges) > 0 {
				d.Matches++
				rp.Match = d.Matches
				rp.HTML = search.HTML(p.Text, ranges)
			}
		}
		d.Passages = append(d.Passages, rp)
	}
	s.render(w, http.StatusOK, "reader.html", page{Title: doc.Title, Q: "", Nav: "search", Data: d})
}

// kwicData is a concordance page.
type kwicData struct {
	Resp       *search.KWICResponse
	Params     params
	Prev, Next string
	Sorts      []string
	Export     template.URL
	Last       int
}

func (s *Site) handleKWIC(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := params(q)
	query := q.Get("q")
	if query == "" {
		s.render(w, http.StatusOK, "kwic.html", page{Title: "上下文 · KWIC", Nav: "kwic", Data: kwicData{Params: p}})
		return
	}
	req := search.KWICRequest{Query: query, Sort: q.Get("sort"), Page: intParam(q, "page", 1), Size: 50, Width: 20, Filters: filterParams(q)}
	resp, err := s.engine.KWIC(r.Context(), req)
	if err != nil {
		s.fail(w, r, err, page{Title: "上下文 · KWIC", Q: query, Nav: "kwic"})
		return
	}
	d := kwicData{Resp: resp, Params: p, Sorts: []string{search.SortRight, search.SortLeft, search.SortYear, search.SortYearDesc, search.SortDoc}}
	d.Last = (resp.Total + resp.Size - 1) / resp.Size
	if resp.Page > 1 {
		d.Prev = p.With("page", itoa(resp.Page-1))
	}
	if resp.Page < d.Last {
		d.Next = p.With("page", itoa(resp.Page+1))
	}
	d.Export = template.URL(strings.TrimPrefix(p.With("page", ""), "?"))
	s.render(w, http.StatusOK, "kwic.html", page{Title: query + " · 上下文", Q: query, Nav: "kwic", Data: d})
}

// trendsData is a trends page.
type trendsData struct {
	Resp   *search.TrendsResponse
	Query  string
	Split  string
	Chart  template.URL // the chart's query string
	Years  []int
	Cells  map[string]map[int]search.TrendPoint // series name → year → point
	Series []string
}

func (s *Site) handleTrends(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	query := q.Get("q")
	d := trendsData{Query: query, Split: q.Get("split")}
	if query == "" {
		s.render(w, http.StatusOK, "trends.html", page{Title: "趋势", Nav: "trends", Data: d})
		return
	}
	resp, err := s.engine.Trends(r.Context(), search.TrendsRequest{Query: query, Split: d.Split, Filters: filterParams(q)})
	if err != nil {
		s.fail(w, r, err, page{Title: "趋势", Nav: "trends", Data: d})
		return
	}
	d.Resp, d.Cells = resp, map[string]map[int]search.TrendPoint{}
	years := map[int]bool{}
	for _, se := range resp.Series {
		name := se.Term
		if se.Split != "" {
			name += "（" + se.Split + "）"
		}
		d.Series = append(d.Series, name)
		d.Cells[name] = map[int]search.TrendPoint{}
		for _, pt := range se.Points {
			years[pt.Year] = true
			d.Cells[name][pt.Year] = pt
		}
	}
	for y := range years {
		d.Years = append(d.Years, y)
	}
	sort.Ints(d.Years)
	d.Chart = template.URL(strings.TrimPrefix(params(q).With("format", "svg"), "?"))
	s.render(w, http.StatusOK, "trends.html", page{Title: query + " · 趋势", Nav: "trends", Data: d})
}

func (s *Site) handleFollowups(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("doc")
	of := links.FollowupsOf
	if r.URL.Query().Get("precedents") == "1" {
		of = links.PrecedentsOf
	}
	linked, err := of(s.ix.Catalog(), id, s.ix.Document)
	if err != nil {
		s.fail(w, r, err, page{Title: "工作安排与落实", Nav: "links"})
		return
	}
	s.render(w, http.StatusOK, "followups.html", page{Title: linked.Document.Title + " · 安排与落实", Nav: "links", Data: linked})
}

// compareData is two versions of a law side by side.
type compareData struct {
	*links.Comparison
	Versions []links.Version
	Doc      string
}

func (s *Site) handleCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, with := q.Get("doc"), q.Get("with")
	versions := links.Versions(s.ix.Catalog(), id)
	if versions == nil {
		s.fail(w, r, corpus.Errorf(corpus.ENOTFOUND, "no law %q", corpus.Shorten(id, 40)), page{Title: "法律版本对照", Nav: "links"})
		return
	}
	d := compareData{Versions: versions, Doc: id}
	i := slices.IndexFunc(versions, func(v links.Version) bool { return v.ID == id })
	j := slices.IndexFunc(versions, func(v links.Version) bool { return v.ID == with })
	if j < 0 && len(versions) > 1 { // the neighbouring version by default
		j = i - 1
		if j < 0 {
			j = i + 1
		}
	}
	if j >= 0 && j != i {
		if i > j {
			i, j = j, i
		}
		old, err := s.ix.Document(versions[i].ID)
		if err == nil {
			var new *corpus.Document
			if new, err = s.ix.Document(versions[j].ID); err == nil {
				d.Comparison = links.Compare(versions[i], versions[j], old, new)
			}
		}
		if err != nil {
			s.fail(w, r, err, page{Title: "法律版本对照", Nav: "links"})
			return
		}
	}
	s.render(w, http.StatusOK, "compare.html", page{Title: versions[0].Title + " · 版本对照", Nav: "links", Data: d})
}

func itoa(n int) string { return strconv.Itoa(n) }
