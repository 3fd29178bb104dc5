package api

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/ingest"
)

// MaxBodyBytes bounds a write request's body: a file of a few thousand
// reports, or one document.
const MaxBodyBytes = 64 << 20

// Error codes of the write routes.
const (
	errUnauthorized = "unauthorized"      // 401: no or wrong bearer token
	errForbidden    = "forbidden"         // 403: writes are off on this server
	errMediaType    = "unsupported_media" // 415: a body in no format Renda reads
)

// AllowWrites turns the write routes on: requests must carry
// "Authorization: Bearer " + token, compared in constant time. Without it
// (or with an empty token) every write answers 403. Call it before
// serving; it is not safe to call while the Server answers requests.
func (s *Server) AllowWrites(token string) { s.token = []byte(token) }

func (s *Server) registerWrites(r *mux.Router) {
	r.HandleFunc("/api/documents", s.authorized(s.handlePost)).Methods(http.MethodPost)
	r.HandleFunc("/api/documents/{id}", s.authorized(s.handlePut)).Methods(http.MethodPut)
	r.HandleFunc("/api/documents/{id}", s.authorized(s.handleDelete)).Methods(http.MethodDelete)
}

// authorized runs next for requests with the write token.
func (s *Server) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if len(s.token) == 0 {
			s.error(w, r, corpus.Errorf(errForbidden, "writes are off on this server: start renda serve with RENDA_TOKEN or --token-file to accept documents"))
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), s.token) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="renda"`)
			s.error(w, r, corpus.Errorf(errUnauthorized, "writes need the header Authorization: Bearer <token>, with the server's token"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next(w, r)
	}
}

// WriteResult is what a write did to one document.
type WriteResult struct {
	ID       string `json:"id"`
	Status   string `json:"status"` // created, replaced, unchanged or deleted
	Title    string `json:"title,omitempty"`
	Passages int    `json:"passages,omitempty"`
}

// WriteResponse answers a write.
type WriteResponse struct {
	Status    string           `json:"status"` // of the only document, or "imported" for a file
	ID        string           `json:"id,omitempty"`
	Documents []WriteResult    `json:"documents"`
	Skipped   []corpus.Problem `json:"skipped,omitempty"`
	Repaired  []corpus.Problem `json:"repaired,omitempty"`
}

// statusWord names what Add did, in the API's words.
func statusWord(st indexer.Status) string {
	switch st {
	case indexer.Added:
		return "created"
	case indexer.Replaced:
		return "replaced"
	case indexer.Unchanged:
		return "unchanged"
	}
	return "not_written"
}

// handlePost answers POST /api/documents: one document as JSON, or a file
// in any format Renda imports, as multipart form data (field "file") or as
// the raw body with ?name=FILE.
func (s *Server) handlePost(w http.ResponseWriter, r *http.Request) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ct == "application/json":
		s.writeSubmission(w, r, "")
	case ct == "multipart/form-data":
		f, hdr, err := r.FormFile("file")
		if err != nil {
			s.error(w, r, bodyError(err, "multipart body without a file field"))
			return
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			s.error(w, r, bodyError(err, "reading the file"))
			return
		}
		s.writeFile(w, r, hdr.Filename, data)
	case ct == "":
		s.error(w, r, corpus.Errorf(errMediaType, "say what the body is with Content-Type: application/json for a document, multipart/form-data or the file's own type for a file"))
	default:
		name := r.URL.Query().Get("name")
		if name == "" {
			s.error(w, r, corpus.Errorf(corpus.EINVALID, "a file sent as the body needs ?name=FILE, its file name"))
			return
		}
		data, err := io.ReadAll(r.Body)
		if err != nil {
			s.error(w, r, bodyError(err, "reading the body"))
			return
		}
		s.writeFile(w, r, name, data)
	}
}

// handlePut answers PUT /api/documents/{id}: the document as JSON, stored
// under that ID whatever its natural key.
func (s *Server) handlePut(w http.ResponseWriter, r *http.Request) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		s.error(w, r, corpus.Errorf(errMediaType, "PUT takes one document as application/json"))
		return
	}
	s.writeSubmission(w, r, mux.Vars(r)["id"])
}

// handleDelete answers DELETE /api/documents/{id}.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if err := s.ix.Delete(r.Context(), id); err != nil {
		s.error(w, r, notFound(err, "document", id))
		return
	}
	writeJSON(w, http.StatusOK, WriteResponse{Status: "deleted", ID: id, Documents: []WriteResult{{ID: id, Status: "deleted"}}})
}

// writeSubmission decodes one JSON document and writes it, under id if
// given.
func (s *Server) writeSubmission(w http.ResponseWriter, r *http.Request, id string) {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var sub corpus.Submission
	if err := dec.Decode(&sub); err != nil {
		s.error(w, r, bodyError(err, "the body is not a JSON document"))
		return
	}
	if dec.More() {
		s.error(w, r, corpus.Errorf(corpus.EINVALID, "the body holds more than one JSON value; send one document"))
		return
	}
	if id != "" {
		if sub.ID != "" && sub.ID != id {
			s.error(w, r, corpus.Errorf(corpus.EINVALID, "id %q in the body differs from %q in the path", corpus.Shorten(sub.ID, 40), corpus.Shorten(id, 40)))
			return
		}
		sub.ID = id
	}
	doc, err := sub.Document()
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.add(w, r, []*corpus.Document{doc}, nil)
}

// writeFile imports the documents of one file named name, its path as a
// client has it (cleaned, never above its root): the importers read a
// law's level and region from its folders as an import from disk does, so
// that a file sent here and the same file imported by `renda import` are
// one document.
func (s *Server) writeFile(w http.ResponseWriter, r *http.Request, name string, data []byte) {
	name = strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(name, "\\", "/")), "/")
	docs, problems := corpus.Parse(name, data)
	var sum ingest.Summary
	sum.Note(problems)
	if len(docs) == 0 {
		reason := "no documents in the file"
		if len(sum.Skipped) > 0 {
			reason = sum.Skipped[0].Error()
		}
		s.error(w, r, corpus.Errorf(corpus.EINVALID, "%s", reason))
		return
	}
	s.add(w, r, docs, &sum)
}

// add prepares and indexes docs and answers with what happened: 201 when
// a document was created, 200 otherwise.
func (s *Server) add(w http.ResponseWriter, r *http.Request, docs []*corpus.Document, sum *ingest.Summary) {
	for _, d := range docs {
		if err := ingest.Prepare(d); err != nil {
			s.error(w, r, corpus.Errorf(corpus.EINVALID, "%v", err))
			return
		}
	}
	results, err := s.ix.Add(r.Context(), docs)
	if err != nil {
		s.error(w, r, err)
		return
	}
	resp := WriteResponse{Documents: make([]WriteResult, len(results))}
	created := false
	for k, res := range results {
		resp.Documents[k] = WriteResult{ID: res.ID, Status: statusWord(res.Status), Title: docs[k].Title, Passages: len(docs[k].Passages)}
		created = created || res.Status == indexer.Added
	}
	if sum == nil {
		resp.Status, resp.ID = resp.Documents[0].Status, resp.Documents[0].ID
	} else {
		resp.Status, resp.Skipped, resp.Repaired = "imported", sum.Skipped, sum.Repaired
	}
	st := http.StatusOK
	if created {
		st = http.StatusCreated
	}
	writeJSON(w, st, resp)
}

// bodyError says what was wrong with a request body: too large, or what.
func bodyError(err error, what string) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return corpus.Errorf(corpus.ETOOLARGE, "the body is over %d bytes", MaxBodyBytes)
	}
	return corpus.Errorf(corpus.EINVALID, "%s: %v", what, err)
}
