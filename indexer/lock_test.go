package indexer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFolderLock checks that a second Open or Create of a data folder in
// use fails at once with a *LockedError naming the holder and, once the
// holder has announced it, its address; and that Close lets it go.
func TestFolderLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func(string) (*Index, error){"Open": Open, "Create": Create} {
		second, err := open(dir)
		if err == nil {
			second.Close()
			t.Fatalf("%s of a folder in use succeeded", name)
		}
		var le *LockedError
		if name == "Open" && (!errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.Holder.PID != os.Getpid()) {
			t.Fatalf("%s: %v (%T), want a *LockedError naming process %d", name, err, err, os.Getpid())
		}
	}
	if err := ix.Announce("127.0.0.1:8181"); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.Addr != "127.0.0.1:8181" || !strings.Contains(err.Error(), "http://127.0.0.1:8181") {
		t.Fatalf("after Announce: %v, want the address", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Announce("127.0.0.1:1"); !errors.Is(err, ErrClosed) {
		t.Errorf("Announce after Close: %v, want ErrClosed", err)
	}
	again, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	defer again.Close()
	if raw, _ := os.ReadFile(filepath.Join(dir, lockFile)); strings.Contains(string(raw), "8181") {
		t.Errorf("the lock file still names the closed server: %s", raw)
	}
}

// TestOpenAfterMove creates an index, closes it, moves its folder (as
// building the default archive does) and opens it in the same process.
func TestOpenAfterMove(t *testing.T) {
	root := t.TempDir()
	built, moved := filepath.Join(root, "data.building"), filepath.Join(root, "data")
	ix, err := Create(built)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(built, moved); err != nil {
		t.Fatal(err)
	}
	again, err := Open(moved)
	if err != nil {
		t.Fatalf("Open after a move: %v", err)
	}
	again.Close()
}

// TestCreateOverAnInterruptedCreate leaves what a process killed while
// creating the Bleve index leaves (a half-written index.creating) and
// checks that the folder holds no index yet and that Create succeeds.
func TestCreateOverAnInterruptedCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	half := filepath.Join(dir, indexDir+creatingSuffix)
	if err := os.MkdirAll(half, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(half, "index_meta.json"), []byte(`{"storage":`), 0o644)
	if _, err := Open(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open over an interrupted create: %v, want not exist", err)
	}
	ix, err := Create(dir)
	if err != nil {
		t.Fatalf("Create over an interrupted create: %v", err)
	}
	ix.Close()
	if _, err := os.Stat(half); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left behind", half)
	}
	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
}
