package api

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/gorilla/mux"
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
	r.Handle("/", files).Methods(http.MethodGet, http.MethodHead)
	r.PathPrefix("/static/").Handler(files).Methods(http.MethodGet, http.MethodHead)
}
