package indexer

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockFile is the file in a data folder that the process using it holds
// an exclusive lock on (flock), and in which it says who it is.
const lockFile = "lock"

// ErrLocked means another process has the data folder open. The error is
// a *LockedError naming that process.
var ErrLocked = errors.New("indexer: data folder in use")

// Holder is what the process that has a data folder open says of itself.
type Holder struct {
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
	// Addr is the HTTP address a server answers on for this folder
	// ("127.0.0.1:8080"), once it has said so with Index.Announce; empty
	// for an import or a search.
	Addr string `json:"addr,omitempty"`
}

// LockedError is returned by Open and Create when another process holds
// the data folder. errors.Is(err, ErrLocked) holds for it.
type LockedError struct {
	Dir    string
	Holder Holder // zero when the holder has not written it yet
}

func (e *LockedError) Error() string {
	switch {
	case e.Holder.Addr != "":
		return fmt.Sprintf("%s is in use by renda serve (process %d, http://%s)", e.Dir, e.Holder.PID, e.Holder.Addr)
	case e.Holder.PID != 0:
		return fmt.Sprintf("%s is in use by another renda (process %d)", e.Dir, e.Holder.PID)
	}
	return fmt.Sprintf("%s is in use by another process", e.Dir)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// folderLock is a held lock on a data folder.
type folderLock struct {
	f      *os.File
	holder Holder
}

// lockFolder takes the data folder's lock without waiting, and writes this
// process into the lock file. It fails with a *LockedError if another
// process holds it. The lock goes with the process: a killed process
// leaves no stale lock.
func lockFolder(dir string) (*folderLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := flock(f); err != nil {
		defer f.Close()
		if errors.Is(err, errWouldBlock) {
			le := &LockedError{Dir: dir}
			if raw, err := os.ReadFile(f.Name()); err == nil {
				_ = json.Unmarshal(raw, &le.Holder) // a holder still writing it says nothing yet
			}
			return nil, le
		}
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	l := &folderLock{f: f, holder: Holder{PID: os.Getpid(), Since: time.Now().UTC().Truncate(time.Second)}}
	if err := l.write(); err != nil {
		l.release()
		return nil, err
	}
	return l, nil
}

// write replaces the lock file's content with l.holder.
func (l *folderLock) write() error {
	raw, _ := json.Marshal(l.holder)
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("write %s: %w", l.f.Name(), err)
	}
	if _, err := l.f.WriteAt(append(raw, '\n'), 0); err != nil {
		return fmt.Errorf("write %s: %w", l.f.Name(), err)
	}
	return nil
}

// release empties the lock file and lets the lock go.
func (l *folderLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0)
	l.f.Close() // closing the file releases the flock
	l.f = nil
}

// Announce records addr, the HTTP address a server answers on for this
// index, in the data folder, so that a command started beside the server
// can go through it instead of waiting. It fails with ErrClosed after
// Close. Safe for concurrent use.
func (i *Index) Announce(addr string) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		return ErrClosed
	}
	i.lock.holder.Addr = addr
	return i.lock.write()
}

// Owns reports whether name, an entry of a data folder, is one that an
// index keeps there: a folder holding only such entries and no index is
// what an interrupted Create left, which Create may reuse.
func Owns(name string) bool {
	switch name {
	case lockFile, docsDir, occurDir, indexDir, indexDir + creatingSuffix:
		return true
	}
	return false
}
