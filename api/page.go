package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/web"
)

// registerPage serves the pages (package web) and their assets from the
// binary: no CDN, nothing fetched at run time.
func (s *Server) registerPage(r *mux.Router) {
	web.New(s.ix, s.engine, s.log).Register(r, reads...)
	sub := web.Static()
	files := http.FileServer(http.FS(sub))
	// A missing asset gets the JSON error like every other route, not
	// the file server's plain text.
	static := http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if info, err := fs.Stat(sub, name); err != nil || info.IsDir() {
			s.error(w, r, corpus.Errorf(corpus.ENOTFOUND, "no file %s", corpus.Shorten(r.URL.Path, 100)))
			return
		}
		files.ServeHTTP(w, r)
	}))
	r.PathPrefix("/static/").Handler(static).Methods(reads...)
}
