package api

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"time"
)

// Connection limits of the server Serve runs. A slow or stalled client
// holds a connection no longer than these; see the README's list of limits.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = time.Minute // the whole request, body included
	// WriteTimeout lets a request use its RequestTimeout (a write its
	// WriteRequestTimeout) and still send a large answer (an export) to a
	// client that reads slowly.
	WriteTimeout    = 2 * time.Minute
	IdleTimeout     = 2 * time.Minute
	MaxHeaderBytes  = 64 << 10
	ShutdownTimeout = 5 * time.Second // from ctx's end to Serve's return
)

// Serve serves h on ln until ctx ends, then shuts down: it stops
// accepting, lets running requests finish for up to ShutdownTimeout, and
// then cancels them (searches stop at their next check) and closes every
// connection. errLog gets the server's own errors (nil: the standard
// logger). It returns nil after a shutdown, or the error that stopped
// serving.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, errLog *log.Logger) error {
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          errLog,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	grace, stop := context.WithTimeout(context.Background(), ShutdownTimeout-time.Second)
	defer stop()
	if err := srv.Shutdown(grace); err != nil {
		cancel() // running requests stop, then their connections close
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
