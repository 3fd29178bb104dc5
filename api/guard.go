package api

import (
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"github.com/renda-archive/renda/corpus"
)

// Error codes of the HTTP layer, besides corpus's.
const (
	errMethod  = "method_not_allowed"
	errBusy    = "busy"    // 503: every worker busy and the queue full
	errTimeout = "timeout" // 504: the request ran past RequestTimeout
)

// Limits on concurrent work: at most MaxRunning requests compute at once
// (twice the CPUs), MaxQueued more wait for a turn, and any beyond that get
// 503 with Retry-After at once, so that a burst costs latency up to the
// queue's length and no more. A waiting request gives up when its client
// leaves or its timeout fires.
var (
	MaxRunning = 2 * runtime.GOMAXPROCS(0)
	MaxQueued  = 64
)

// retryAfter is the Retry-After of a 503, in seconds.
const retryAfter = 1

// limiter admits requests into a bounded number of running slots with a
// bounded queue. Safe for concurrent use.
type limiter struct {
	running chan struct{}
	queued  chan struct{}
}

func newLimiter(running, queued int) *limiter {
	return &limiter{running: make(chan struct{}, running), queued: make(chan struct{}, running+queued)}
}

// middleware runs next when a slot is free; health checks and static
// files are cheap and pass at once.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/health" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.limiter.queued <- struct{}{}:
		default:
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
			s.error(w, r, corpus.Errorf(errBusy, "the server is busy; try again in a moment"))
			return
		}
		defer func() { <-s.limiter.queued }()
		select {
		case s.limiter.running <- struct{}{}:
		case <-r.Context().Done():
			s.error(w, r, r.Context().Err())
			return
		}
		defer func() { <-s.limiter.running }()
		next.ServeHTTP(w, r)
	})
}

// checkQuery answers 400 for a query string that does not parse (a bad
// %-escape, a semicolon), which url.URL.Query would drop silently and so
// change what was asked.
func (s *Server) checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			s.error(w, r, corpus.Errorf(corpus.EINVALID, "malformed query string: %v", err))
			return
		}
		next.ServeHTTP(w, r)
	})
}
