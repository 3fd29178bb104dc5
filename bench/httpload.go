package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/renda-archive/renda/api"
	"github.com/renda-archive/renda/indexer"
)

// httpConnections is how many client goroutines the load test runs.
const httpConnections = 32

// maxLoadRequests bounds a load test's requests, whatever its duration.
const maxLoadRequests = 5_000_000

// httpResult is what one HTTP load test measured.
type httpResult struct {
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds"`
	Requests    int     `json:"requests"` // completed, whatever their status
	Errors      int     `json:"errors"`   // transport errors: no response
	Non200      int     `json:"non_200"`
	ReqPerSec   float64 `json:"req_per_sec"`
	P50MS       float64 `json:"p50_ms"`
	P99MS       float64 `json:"p99_ms"`
	FirstError  string  `json:"first_error,omitempty"`
}

// server is Renda's HTTP API served on a loopback port in this process.
type server struct {
	srv  *http.Server
	base string // http://127.0.0.1:PORT
}

// startServer serves api.New(ix), without its result cache, on 127.0.0.1
// at a free port.
func startServer(ix *indexer.Index) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	h := api.New(ix, log.New(os.Stderr, "renda api: ", log.LstdFlags))
	h.Engine().CacheResults(0) // the mix repeats: measure the engine, not the cache
	s := &server{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 10 * time.Second,
		},
		base: "http://" + ln.Addr().String(),
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("serve: %v", err)
		}
	}()
	return s, nil
}

// close shuts the server down.
func (s *server) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shut the server down: %w", err)
	}
	return nil
}

// load sends GET requests for paths, in turn, from conns goroutines until
// maxRequests have been sent or d has passed, and measures them.
func (s *server) load(paths []string, conns, maxRequests int, d time.Duration) httpResult {
	client := &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, DisableCompression: true},
	}
	defer client.CloseIdleConnections()
	var (
		next       atomic.Int64
		mu         sync.Mutex
		res        = httpResult{Connections: conns}
		all        []float64
		wg         sync.WaitGroup
		start      = time.Now()
		deadline   = start.Add(d)
		firstError string
	)
	for range conns {
		wg.Go(func() {
			var ms []float64
			errs, non200 := 0, 0
			var first string
			for {
				n := next.Add(1)
				if n > int64(maxRequests) || time.Now().After(deadline) {
					break
				}
				t := time.Now()
				resp, err := client.Get(s.base + paths[int(n-1)%len(paths)])
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						non200++
						if first == "" {
							first = fmt.Sprintf("%s: status %d", paths[int(n-1)%len(paths)], resp.StatusCode)
						}
					}
				}
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
				ms = append(ms, float64(time.Since(t).Nanoseconds())/1e6)
			}
			mu.Lock()
			all = append(all, ms...)
			res.Errors += errs
			res.Non200 += non200
			if firstError == "" {
				firstError = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.Requests = len(all)
	res.ReqPerSec = float64(len(all)) / res.Seconds
	res.P50MS, res.P99MS = percentile(all, 50), percentile(all, 99)
	res.FirstError = firstError
	return res
}
