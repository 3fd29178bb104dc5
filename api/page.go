package api

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
)

//go:embed web
var webFiles embed.FS

// registerPage serves the search page and its assets from the binary: no
// CDN, nothing fetched at run time.
func (s *Server) registerPage(r *mux.Router) {
	sub, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	files := http.FileServer(http.FS(sub))
	// A missing asset gets the JSON error like every other route, not
	// the file server's plain text.
	static := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if info, err := fs.Stat(sub, name); err != nil || info.IsDir() {
			s.error(w, r, corpus.Errorf(corpus.ENOTFOUND, "no file %s", corpus.Shorten(r.URL.Path, 100)))
			return
		}
		files.ServeHTTP(w, r)
	})
	r.Handle("/", files).Methods(reads...)
	r.PathPrefix("/static/").Handler(static).Methods(reads...)
}
