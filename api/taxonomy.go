package api

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/taxonomy"
)

// registerTaxonomy adds GET /api/taxonomy.
func (s *Server) registerTaxonomy(r *mux.Router) {
	r.HandleFunc("/api/taxonomy", s.handleTaxonomy).Methods(reads...)
}

// handleTaxonomy lists the themes and the 四个机关 tags with their
// descriptions and the number of documents that carry each.
func (s *Server) handleTaxonomy(w http.ResponseWriter, r *http.Request) {
	themes, tags := map[string]int{}, map[string]int{}
	for _, m := range s.ix.Catalog() {
		for _, t := range m.Themes {
			themes[t]++
		}
		for _, t := range m.Tags {
			tags[t]++
		}
	}
	writeJSON(w, http.StatusOK, taxonomyListing(themes, tags))
}

// TaxonomyEntry is a theme or tag as GET /api/taxonomy lists it.
type TaxonomyEntry struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Terms       []string `json:"terms"`
	Documents   int      `json:"documents"`
}

func taxonomyListing(themes, tags map[string]int) map[string][]TaxonomyEntry {
	list := func(entries []taxonomy.Entry, counts map[string]int) []TaxonomyEntry {
		out := make([]TaxonomyEntry, len(entries))
		for i, e := range entries {
			out[i] = TaxonomyEntry{Name: e.Name, Description: e.Description, Terms: e.Terms, Documents: counts[e.Name]}
		}
		return out
	}
	t := taxonomy.Default()
	return map[string][]TaxonomyEntry{"themes": list(t.Themes(), themes), "tags": list(t.Tags(), tags)}
}
