package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/export"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/search"
)

// RequestTimeout bounds the work of one request: past it the work stops
// and the client gets 504.
const RequestTimeout = 30 * time.Second

// Server serves the API and the web pages over one index. It is safe for
// concurrent use.
type Server struct {
	ix      *indexer.Index
	engine  *search.Engine
	router  *mux.Router
	log     *log.Logger
	limiter *limiter
	token   []byte // the write token; nil: writes are off
}

// New returns a Server over ix, logging internal errors to logger (nil: the
// standard logger).
func New(ix *indexer.Index, logger *log.Logger) *Server {
	if logger == nil {
		logger = log.Default()
	}
	s := &Server{ix: ix, engine: search.New(ix), router: mux.NewRouter(), log: logger,
		limiter: newLimiter(MaxRunning, MaxQueued)}
	s.router.Use(s.recoverer, s.checkQuery, timeout, s.limit)
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, corpus.Errorf(corpus.ENOTFOUND, "no route %s", r.URL.Path))
	})
	notAllowed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, corpus.Errorf(errMethod, "method %s not allowed on %s", r.Method, r.URL.Path))
	})
	s.router.NotFoundHandler, s.router.MethodNotAllowedHandler = notFound, notAllowed
	// Routes sit on the root router: a mux subrouter answers a wrong method
	// with 404 instead of 405.
	r := s.router
	r.HandleFunc("/api/health", s.handleHealth).Methods(reads...)
	r.HandleFunc("/api/search", s.handleSearch).Methods(reads...)
	r.HandleFunc("/api/kwic", s.handleKWIC).Methods(reads...)
	r.HandleFunc("/api/trends", s.handleTrends).Methods(reads...)
	r.HandleFunc("/api/documents/{id}", s.handleDocument).Methods(reads...)
	r.HandleFunc("/api/passages/{id}", s.handlePassage).Methods(reads...)
	s.registerTaxonomy(r)
	s.registerWrites(r)
	s.registerLinks(r)
	s.registerPage(s.router)
	return s
}

// Engine returns the search engine the Server answers with, for tuning it
// (Engine.CacheResults) before serving.
func (s *Server) Engine() *search.Engine { return s.engine }

// Routes lists the routes the Server answers, as "METHOD /path/{var}",
// HEAD left out (it is answered wherever GET is): for the API's
// description and its tests.
func (s *Server) Routes() []string {
	var out []string
	_ = s.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		methods, _ := route.GetMethods()
		for _, m := range methods {
			if m != http.MethodHead {
				out = append(out, m+" "+path)
			}
		}
		return nil
	})
	return out
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// reads are the methods of every route that reads: HEAD wherever GET.
var reads = []string{http.MethodGet, http.MethodHead}

// status maps an error code to its HTTP status.
var status = map[string]int{
	corpus.EINVALID:  http.StatusBadRequest,
	corpus.ENOTFOUND: http.StatusNotFound,
	corpus.ETOOLARGE: http.StatusRequestEntityTooLarge,
	errMethod:        http.StatusMethodNotAllowed,
	errBusy:          http.StatusServiceUnavailable,
	errUnauthorized:  http.StatusUnauthorized,
	errForbidden:     http.StatusForbidden,
	errMediaType:     http.StatusUnsupportedMediaType,
	errTimeout:       http.StatusGatewayTimeout,
	corpus.EINTERNAL: http.StatusInternalServerError,
}

// maxMessage bounds an error message, which may quote the request.
const maxMessage = 300

// error writes err as JSON. Internal errors are logged and shown only as
// "internal error"; a request whose client has left gets nothing.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := corpus.ErrorCode(err), corpus.Shorten(corpus.ErrorMessage(err), maxMessage)
	switch {
	case errors.Is(err, indexer.ErrNotFound):
		code, msg = corpus.ENOTFOUND, "not found"
	case errors.Is(err, context.DeadlineExceeded):
		code, msg = errTimeout, fmt.Sprintf("the request took longer than %s and was stopped; narrow it with more words or a filter", RequestTimeout)
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return // the client went away
	}
	st, ok := status[code]
	if !ok {
		st = http.StatusInternalServerError
	}
	if st == http.StatusInternalServerError {
		s.log.Printf("%s %s: %v", r.Method, r.URL, err)
	}
	writeJSON(w, st, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing to do
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Printf("panic serving %s: %v", r.URL, v)
				s.error(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// WriteRequestTimeout bounds a write: a file of many documents takes
// longer to index than a search takes to answer. A write that runs past it
// stops between documents; those written stay written.
const WriteRequestTimeout = 100 * time.Second

func timeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := RequestTimeout
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			d = WriteRequestTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	docs, passages := s.ix.Stats()
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "documents": docs, "passages": passages})
}

// handleSearch answers GET /api/search; see docs/api.md.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := search.Request{Query: q.Get("q"), Sort: q.Get("sort"), Filters: filterParams(q)}
	format, err := formatParam(q, export.CSV, export.JSON)
	if err == nil {
		err = checkParams(q, "q", "sort", "page", "size", "passages", "format")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if req.Page, err = intParam(q.Get("page"), "page"); err != nil {
		s.error(w, r, err)
		return
	}
	if req.Size, err = intParam(q.Get("size"), "size"); err != nil {
		s.error(w, r, err)
		return
	}
	if req.Passages, err = intParam(q.Get("passages"), "passages"); err != nil {
		s.error(w, r, err)
		return
	}
	if format != "" {
		s.stream(w, r, format, "renda-search", search.PassageColumns, func(row func([]string, any) error) error {
			_, err := s.engine.EachPassage(r.Context(), req, func(p search.PassageRow) error { return row(p.Record(), p) })
			return err
		})
		return
	}
	resp, err := s.engine.Search(r.Context(), req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func intParam(v, name string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, corpus.Errorf(corpus.EINVALID, "%s %q: want a positive whole number", name, v)
	}
	return n, nil
}
