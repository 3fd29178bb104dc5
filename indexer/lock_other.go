//go:build !unix

package indexer

import (
	"errors"
	"os"
)

// errWouldBlock is never returned where flock does not exist.
var errWouldBlock = errors.New("would block")

// flock does nothing where the system has no flock: two processes on one
// data folder then wait on Bleve's own lock, bounded by boltTimeout.
func flock(*os.File) error { return nil }
