package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/renda-archive/renda/chart"
	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/export"
	"github.com/renda-archive/renda/search"
)

// filterParams collects the filter parameters of q: repeated parameters or
// commas give several values of one filter.
func filterParams(q url.Values) search.Filters {
	filters := search.Filters{}
	for _, f := range search.FilterFields {
		for _, v := range q[f] {
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part != "" {
					filters.Add(f, part)
				}
			}
		}
	}
	return filters
}

// checkParams fails with EINVALID if q has a parameter that is neither a
// filter nor one of names, or one of names more than once: only filters
// take several values, and a second value silently ignored would answer
// another question than the one asked.
func checkParams(q url.Values, names ...string) error {
	for name, values := range q {
		switch {
		case slices.Contains(search.FilterFields, name):
		case !slices.Contains(names, name):
			return corpus.Errorf(corpus.EINVALID, "unknown parameter %q", corpus.Shorten(name, 40))
		case len(values) > 1:
			return corpus.Errorf(corpus.EINVALID, "parameter %s given %d times; it takes one value", name, len(values))
		}
	}
	return nil
}

// stream writes the rows that each produces as an export in format, an
// attachment named name. An error before the first row is answered as
// usual; after it the response is cut short, which the client sees as a
// broken download rather than a silently short file.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, format, name string, columns []string,
	each func(row func(record []string, v any) error) error) {
	var x *export.Writer
	start := func() error {
		w.Header().Set("Content-Type", export.ContentType(format))
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
		var err error
		x, err = export.NewWriter(w, format, columns)
		return err
	}
	err := each(func(record []string, v any) error {
		if x == nil {
			if err := start(); err != nil {
				return err
			}
		}
		return x.Row(record, v)
	})
	if err != nil {
		if x == nil {
			s.error(w, r, err)
			return
		}
		s.log.Printf("%s %s: export stopped: %v", r.Method, r.URL, err)
		panic(http.ErrAbortHandler)
	}
	if x == nil {
		if err := start(); err != nil {
			s.error(w, r, err)
			return
		}
	}
	x.Close()
}

// formatParam returns the format parameter, checked against allowed.
func formatParam(q url.Values, allowed ...string) (string, error) {
	f := q.Get("format")
	if f == "" || slices.Contains(allowed, f) {
		return f, nil
	}
	return "", corpus.Errorf(corpus.EINVALID, "format %q: want %s", f, strings.Join(allowed, " or "))
}

// handleKWIC answers GET /api/kwic; see docs/api.md.
func (s *Server) handleKWIC(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := search.KWICRequest{Query: q.Get("q"), Sort: q.Get("sort"), Filters: filterParams(q)}
	format, err := formatParam(q, export.CSV, export.JSON)
	if err == nil {
		err = checkParams(q, "q", "sort", "width", "page", "size", "format")
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"width", &req.Width}, {"page", &req.Page}, {"size", &req.Size}} {
		if err == nil {
			*p.dst, err = intParam(q.Get(p.name), p.name)
		}
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if format != "" {
		s.stream(w, r, format, "renda-kwic", search.KWICColumns, func(row func([]string, any) error) error {
			_, err := s.engine.EachKWIC(r.Context(), req, func(l search.KWICLine) error { return row(l.Record(), l) })
			return err
		})
		return
	}
	resp, err := s.engine.KWIC(r.Context(), req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// handleTrends answers GET /api/trends; see docs/api.md.
func (s *Server) handleTrends(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := search.TrendsRequest{Query: q.Get("q"), By: q.Get("by"), Split: q.Get("split"), Filters: filterParams(q)}
	format, err := formatParam(q, export.CSV, export.JSON, "svg")
	if err == nil {
		err = checkParams(q, "q", "by", "split", "format")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	resp, err := s.engine.Trends(r.Context(), req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	switch format {
	case "":
		writeJSON(w, http.StatusOK, resp)
	case "svg":
		w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
		w.Write(trendChart(resp).SVG())
	default:
		s.stream(w, r, format, "renda-trends", search.TrendColumns, func(row func([]string, any) error) error {
			for _, t := range resp.Rows() {
				if err := row(t.Record(), t); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// trendChart draws the occurrences per 10,000 characters of each series.
func trendChart(resp *search.TrendsResponse) chart.Chart {
	c := chart.Chart{Title: "每万字出现次数", XLabel: "年份", YLabel: "每万字出现次数"}
	for _, s := range resp.Series {
		name := s.Term
		if s.Split != "" {
			name += "（" + s.Split + "）"
		}
		cs := chart.Series{Name: name}
		for _, p := range s.Points {
			cs.Points = append(cs.Points, chart.Point{X: p.Year, Y: p.Per10k})
		}
		c.Series = append(c.Series, cs)
	}
	return c
}
