package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progressEvery is how often progress is written when stderr is not a
// terminal: a line each time, not bar frames joined by carriage returns.
const progressEvery = 5 * time.Second

// bar shows progress on w: a bar that learns its total from the first call
// on a terminal, a line every few seconds elsewhere (a log file).
type bar struct {
	w    io.Writer
	desc string
	tty  bool
	pb   *progressbar.ProgressBar
	last time.Time
}

func newBar(w io.Writer, desc string) *bar {
	f, ok := w.(*os.File)
	return &bar{w: w, desc: desc, tty: ok && isatty.IsTerminal(f.Fd()), last: time.Now()}
}

func (b *bar) progress(done, total int) {
	if !b.tty {
		if time.Since(b.last) >= progressEvery || done == total {
			fmt.Fprintf(b.w, "%s: %d of %d\n", b.desc, done, total)
			b.last = time.Now()
		}
		return
	}
	if b.pb == nil {
		b.pb = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(b.desc),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(200_000_000),
			progressbar.OptionClearOnFinish(),
		)
	}
	_ = b.pb.Set(done) // only fails on a closed writer
}

func (b *bar) finish() {
	if b.pb != nil {
		_ = b.pb.Finish()
	}
}
