package api

import (
	"net/http"
	"slices"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/links"
)

func (s *Server) registerLinks(r *mux.Router) {
	r.HandleFunc("/api/documents/{id}/versions", s.handleVersions).Methods(reads...)
	r.HandleFunc("/api/documents/{id}/compare", s.handleCompare).Methods(reads...)
	r.HandleFunc("/api/documents/{id}/followups", s.handleFollowups(links.FollowupsOf)).Methods(reads...)
	r.HandleFunc("/api/documents/{id}/precedents", s.handleFollowups(links.PrecedentsOf)).Methods(reads...)
	r.HandleFunc("/api/passages/{id}/related", s.handleRelated).Methods(reads...)
}

// handleRelated answers GET /api/passages/{id}/related?size=N.
func (s *Server) handleRelated(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, "size"); err != nil {
		s.error(w, r, err)
		return
	}
	size, err := intParam(q.Get("size"), "size")
	if err != nil {
		s.error(w, r, err)
		return
	}
	resp, err := s.engine.Related(r.Context(), mux.Vars(r)["id"], size)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// handleFollowups answers GET /api/documents/{id}/followups (each plan
// item with the passages of next year's report that report on it) and
// /precedents (each review passage with last year's plan items it
// answers), as links computes them.
func (s *Server) handleFollowups(of func([]indexer.Meta, string, func(string) (*corpus.Document, error)) (*links.Linked, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		linked, err := of(s.ix.Catalog(), mux.Vars(r)["id"], s.ix.Document)
		if err != nil {
			s.error(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, linked)
	}
}

// handleVersions answers GET /api/documents/{id}/versions: the versions
// of the law the document is a version of, oldest first; none for a
// document that is not a law or regulation.
func (s *Server) handleVersions(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	m, ok := s.ix.Meta(id)
	if !ok {
		s.error(w, r, notFound(corpus.Errorf(corpus.ENOTFOUND, ""), "document", id))
		return
	}
	versions := links.Versions(s.ix.Catalog(), id)
	if versions == nil {
		versions = []links.Version{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"document": links.Version{ID: m.ID, Title: m.Title, Date: m.Date, Year: m.Year}, "versions": versions})
}

// handleCompare answers GET /api/documents/{id}/compare?with=ID: two
// versions of one law article by article, the older first.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, "with"); err != nil {
		s.error(w, r, err)
		return
	}
	id, with := mux.Vars(r)["id"], q.Get("with")
	if with == "" {
		s.error(w, r, corpus.Errorf(corpus.EINVALID, "compare needs ?with=ID, another version of the law"))
		return
	}
	versions := links.Versions(s.ix.Catalog(), id)
	i := slices.IndexFunc(versions, func(v links.Version) bool { return v.ID == id })
	j := slices.IndexFunc(versions, func(v links.Version) bool { return v.ID == with })
	switch {
	case i < 0:
		if _, ok := s.ix.Meta(id); !ok {
			s.error(w, r, notFound(corpus.Errorf(corpus.ENOTFOUND, ""), "document", id))
			return
		}
		s.error(w, r, corpus.Errorf(corpus.EINVALID, "%s is not a law or regulation: it has no versions", corpus.Shorten(id, 40)))
		return
	case j < 0:
		if _, ok := s.ix.Meta(with); !ok {
			s.error(w, r, notFound(corpus.Errorf(corpus.ENOTFOUND, ""), "document", with))
			return
		}
		s.error(w, r, corpus.Errorf(corpus.EINVALID, "%s is not a version of the same law as %s", corpus.Shorten(with, 40), id))
		return
	case i > j:
		i, j = j, i
	}
	old, err := s.ix.Document(versions[i].ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	new, err := s.ix.Document(versions[j].ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, links.Compare(versions[i], versions[j], old, new))
}
