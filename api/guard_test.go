package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestLimiterAnswersBusyWhenFull fills the one running slot and the one
// queue place with requests that block, and checks that the next request
// gets 503 with Retry-After at once, and that the queued one runs when the
// slot frees.
func TestLimiterAnswersBusyWhenFull(t *testing.T) {
	s := &Server{limiter: newLimiter(1, 1)}
	release := make(chan struct{})
	var ran sync.WaitGroup
	h := s.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran.Done()
		<-release
		w.WriteHeader(http.StatusNoContent)
	}))
	codes := make(chan int, 2)
	ran.Add(1)
	for range 2 {
		go func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=a", nil))
			codes <- rec.Code
		}()
	}
	ran.Wait() // one runs; the other waits in the queue
	deadline := time.Now().Add(5 * time.Second)
	for len(s.limiter.queued) < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=b", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("third request: %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	var body map[string]map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["error"]["code"] != errBusy {
		t.Errorf("busy body %q", rec.Body.String())
	}
	// Health checks pass however busy the server is.
	rec = httptest.NewRecorder()
	ran.Add(1) // the health request runs the handler too
	go func() { h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/health", nil)) }()
	ran.Wait()
	ran.Add(1) // the queued request, once the slot frees
	close(release)
	for range 2 {
		if c := <-codes; c != http.StatusNoContent {
			t.Errorf("a request that was admitted answered %d", c)
		}
	}
}

// TestQueuedRequestGivesUpWithItsClient checks that a request waiting for
// a slot leaves the queue when its context ends.
func TestQueuedRequestGivesUpWithItsClient(t *testing.T) {
	s := &Server{limiter: newLimiter(1, 1)}
	s.limiter.running <- struct{}{} // the slot is taken
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	rec := httptest.NewRecorder()
	s.limit(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=a", nil).WithContext(ctx))
	if rec.Code != http.StatusGatewayTimeout {
		t.Errorf("queued past its deadline: %d, want 504", rec.Code)
	}
	if len(s.limiter.queued) != 0 {
		t.Errorf("%d requests still counted in the queue", len(s.limiter.queued))
	}
}
