package occur

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/blevesearch/mmap-go"
)

// A segment file is a header, a directory of sections and the sections,
// each an array of little-endian integers starting at a multiple of 8:
//
//	magic "RNDAOCC1", version uint32, flags uint32 (1: 32-bit symbols;
//	bits 8–15: the suffix array's passage shift, 0 for positions),
//	gen uint64, sections uint32, CRC-32C of the sections uint32,
//	per section: offset uint64, length in bytes uint64,
//	CRC-32C of everything before it uint32, padding
//
// Open checks both checksums before it maps the file, so a damaged file is
// refused with an error rather than read.
const (
	magic       = "RNDAOCC1"
	fileVersion = 1
	flagWide    = 1
	headerSize  = 32
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt means a segment file is not one this version of Renda wrote,
// or was damaged after it was written.
var ErrCorrupt = errors.New("occur: segment file damaged or of another version")

// column is one section of the file: exactly one field is set.
type column struct {
	u16 *[]uint16
	u32 *[]uint32
	u64 *[]uint64
	raw *[]byte
}

// columns lists the sections in file order; strOff and strData hold the
// string table.
func (s *Segment) columns(strOff *[]uint32, strData *[]byte) []column {
	c32 := func(p *[]uint32) column { return column{u32: p} }
	return []column{
		{u64: &s.covers}, {u16: &s.text16}, c32(&s.text32), c32(&s.sa), c32(&s.runes), c32(&s.folds),
		c32(&s.pStart), c32(&s.pDoc), c32(&s.pKind), c32(&s.pRole), c32(&s.pArticle), c32(&s.pPath),
		c32(&s.pLabelOff), c32(&s.labels), c32(&s.kinds), c32(&s.themes), c32(&s.tags),
		c32(&s.pGapOff), c32(&s.gapPos), c32(&s.gapRune),
		c32(&s.dID), c32(&s.dHash), c32(&s.dFirst), c32(&s.dChars),
		c32(strOff), {raw: strData},
	}
}

// Write stores the segment in a new file at path durably: it writes a
// temporary file in the same folder, syncs it, renames it to path and
// syncs the folder, so that path either does not exist or holds the whole
// segment. It fails if the file cannot be written.
func (s *Segment) Write(path string) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("occur: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("occur: write %s: %w", path, err)
		}
	}()
	if err = s.writeTo(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (s *Segment) writeTo(f *os.File) error {
	var strOff []uint32
	var strData []byte
	for _, str := range s.strs {
		strOff = append(strOff, uint32(len(strData)))
		strData = append(strData, str...)
	}
	strOff = append(strOff, uint32(len(strData)))
	cols := s.columns(&strOff, &strData)
	dirEnd := headerSize + 16*len(cols) + 4
	offsets := make([]uint64, len(cols))
	lengths := make([]uint64, len(cols))
	at := uint64(align8(dirEnd))
	for i, c := range cols {
		offsets[i], lengths[i] = at, uint64(c.bytes())
		at = uint64(align8(int(at + lengths[i])))
	}

	// Sections first, after room for the header, so that their checksum is
	// known when the header is written.
	if _, err := f.Seek(int64(offsets[0]), io.SeekStart); err != nil {
		return err
	}
	sum := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<16)
	written := offsets[0]
	for i, c := range cols {
		for written < offsets[i] {
			w.WriteByte(0)
			written++
		}
		if err := c.write(w); err != nil {
			return err
		}
		written += lengths[i]
	}
	if err := w.Flush(); err != nil {
		return err
	}

	h := make([]byte, 0, dirEnd)
	h = append(h, magic...)
	h = binary.LittleEndian.AppendUint32(h, fileVersion)
	flags := s.saShift << 8
	if s.text32 != nil {
		flags |= flagWide
	}
	h = binary.LittleEndian.AppendUint32(h, flags)
	h = binary.LittleEndian.AppendUint64(h, s.gen)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(cols)))
	h = binary.LittleEndian.AppendUint32(h, sum.Sum32())
	for i := range cols {
		h = binary.LittleEndian.AppendUint64(h, offsets[i])
		h = binary.LittleEndian.AppendUint64(h, lengths[i])
	}
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(h, castagnoli))
	_, err := f.WriteAt(h, 0)
	return err
}

func align8(n int) int { return (n + 7) &^ 7 }

func (c column) bytes() int {
	switch {
	case c.u16 != nil:
		return 2 * len(*c.u16)
	case c.u32 != nil:
		return 4 * len(*c.u32)
	case c.u64 != nil:
		return 8 * len(*c.u64)
	}
	return len(*c.raw)
}

func (c column) write(w *bufio.Writer) error {
	var b [8]byte
	switch {
	case c.u16 != nil:
		for _, v := range *c.u16 {
			binary.LittleEndian.PutUint16(b[:], v)
			w.Write(b[:2])
		}
	case c.u32 != nil:
		for _, v := range *c.u32 {
			binary.LittleEndian.PutUint32(b[:], v)
			w.Write(b[:4])
		}
	case c.u64 != nil:
		for _, v := range *c.u64 {
			binary.LittleEndian.PutUint64(b[:], v)
			w.Write(b[:8])
		}
	default:
		w.Write(*c.raw)
	}
	return nil
}

// Open maps the segment file at path. It fails with an error wrapping
// ErrCorrupt if the file is damaged or of another format version, and with
// the underlying error if it cannot be read. The segment must be closed.
func Open(path string) (*Segment, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("occur: open: %w", err)
	}
	defer f.Close()
	s, err := open(f)
	if err != nil {
		return nil, fmt.Errorf("occur: open %s: %w", path, err)
	}
	return s, nil
}

func open(f *os.File) (*Segment, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := info.Size()
	var fixed [headerSize]byte
	if _, err := f.ReadAt(fixed[:], 0); err != nil {
		return nil, fmt.Errorf("%w: short header", ErrCorrupt)
	}
	le := binary.LittleEndian
	if string(fixed[:8]) != magic || le.Uint32(fixed[8:]) != fileVersion {
		return nil, fmt.Errorf("%w: not a version %d segment", ErrCorrupt, fileVersion)
	}
	flags, gen, nsec, bodySum := le.Uint32(fixed[12:]), le.Uint64(fixed[16:]), int(le.Uint32(fixed[24:])), le.Uint32(fixed[28:])
	s := &Segment{gen: gen, saShift: flags >> 8 & 0xff}
	var strOff []uint32
	var strData []byte
	cols := s.columns(&strOff, &strData)
	if nsec != len(cols) {
		return nil, fmt.Errorf("%w: %d sections, want %d", ErrCorrupt, nsec, len(cols))
	}
	h := make([]byte, headerSize+16*nsec+4)
	if _, err := f.ReadAt(h, 0); err != nil {
		return nil, fmt.Errorf("%w: short directory", ErrCorrupt)
	}
	if crc32.Checksum(h[:len(h)-4], castagnoli) != le.Uint32(h[len(h)-4:]) {
		return nil, fmt.Errorf("%w: header checksum", ErrCorrupt)
	}
	offsets := make([]uint64, nsec)
	lengths := make([]uint64, nsec)
	for i := range cols {
		offsets[i] = le.Uint64(h[headerSize+16*i:])
		lengths[i] = le.Uint64(h[headerSize+16*i+8:])
		if offsets[i]%8 != 0 || offsets[i] > uint64(size) || lengths[i] > uint64(size)-offsets[i] {
			return nil, fmt.Errorf("%w: section %d out of bounds", ErrCorrupt, i)
		}
	}
	// The checksum is read through the file, not the mapping, so that the
	// pages count against the process only once queries touch them.
	sum := crc32.New(castagnoli)
	if _, err := io.Copy(sum, io.NewSectionReader(f, int64(offsets[0]), size-int64(offsets[0]))); err != nil {
		return nil, err
	}
	if sum.Sum32() != bodySum {
		return nil, fmt.Errorf("%w: checksum", ErrCorrupt)
	}
	m, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		return nil, err
	}
	s.mapped = m
	for i, c := range cols {
		if err := c.view(m[offsets[i] : offsets[i]+lengths[i]]); err != nil {
			s.Close()
			return nil, fmt.Errorf("%w: section %d: %v", ErrCorrupt, i, err)
		}
	}
	if (flags&flagWide != 0) != (len(s.text16) == 0 && len(s.text32) > 0) || s.saShift > 31 {
		s.Close()
		return nil, fmt.Errorf("%w: text width", ErrCorrupt)
	}
	if err := s.decodeStrings(strOff, strData); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.check(); err != nil {
		s.Close()
		return nil, err
	}
	s.index()
	return s, nil
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// view points the column at b, the section's bytes in the mapping, or at
// a decoded copy on a big-endian machine.
func (c column) view(b []byte) error {
	size := 1
	switch {
	case c.u16 != nil:
		size = 2
	case c.u32 != nil:
		size = 4
	case c.u64 != nil:
		size = 8
	}
	if len(b)%size != 0 {
		return errors.New("length is not a whole number of entries")
	}
	n := len(b) / size
	if n == 0 {
		return nil
	}
	switch {
	case c.u16 != nil:
		if littleEndian {
			*c.u16 = unsafe.Slice((*uint16)(unsafe.Pointer(&b[0])), n)
		} else {
			*c.u16 = make([]uint16, n)
			for i := range *c.u16 {
				(*c.u16)[i] = binary.LittleEndian.Uint16(b[2*i:])
			}
		}
	case c.u32 != nil:
		if littleEndian {
			*c.u32 = unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n)
		} else {
			*c.u32 = make([]uint32, n)
			for i := range *c.u32 {
				(*c.u32)[i] = binary.LittleEndian.Uint32(b[4*i:])
			}
		}
	case c.u64 != nil:
		if littleEndian {
			*c.u64 = unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n)
		} else {
			*c.u64 = make([]uint64, n)
			for i := range *c.u64 {
				(*c.u64)[i] = binary.LittleEndian.Uint64(b[8*i:])
			}
		}
	default:
		*c.raw = b
	}
	return nil
}

func (s *Segment) decodeStrings(off []uint32, data []byte) error {
	if len(off) == 0 {
		return fmt.Errorf("%w: no string table", ErrCorrupt)
	}
	s.strs = make([]string, len(off)-1)
	for i := range s.strs {
		if off[i] > off[i+1] || int(off[i+1]) > len(data) {
			return fmt.Errorf("%w: string table", ErrCorrupt)
		}
		s.strs[i] = string(data[off[i]:off[i+1]]) // copied: strings outlive the mapping
	}
	return nil
}

// check verifies the invariants that lookups rely on without reading the
// text or the suffix array, whose checksum Open has verified.
func (s *Segment) check() error {
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrCorrupt, what) }
	P, D := len(s.pDoc), len(s.dID)
	n := s.textLen()
	switch {
	case len(s.covers) == 0:
		return bad("no generations")
	case len(s.pStart) != P+1 || len(s.pLabelOff) != P+1 || len(s.pGapOff) != P+1:
		return bad("passage table sizes")
	case len(s.pKind) != P || len(s.pRole) != P || len(s.pArticle) != P || len(s.pPath) != P:
		return bad("passage attribute sizes")
	case len(s.dHash) != D || len(s.dFirst) != D+1 || len(s.dChars) != D:
		return bad("document table sizes")
	case len(s.runes) != len(s.folds) || len(s.runes) == 0:
		return bad("alphabet")
	case len(s.gapPos) != len(s.gapRune):
		return bad("gaps")
	case int(s.pStart[P]) != n || len(s.sa) != n-P:
		return bad("text size")
	case D > 0 && (s.dFirst[0] != 0 || int(s.dFirst[D]) != P):
		return bad("document passages")
	case int(s.pLabelOff[P]) != len(s.labels) || int(s.pGapOff[P]) != len(s.gapPos) || len(s.labels)%2 != 0:
		return bad("passage table ends")
	}
	nstr := uint32(len(s.strs))
	for _, vocab := range [][]uint32{s.kinds, s.themes, s.tags} {
		for _, id := range vocab {
			if id >= nstr {
				return bad("vocabulary")
			}
		}
	}
	for p := 0; p < P; p++ {
		if s.pStart[p] >= s.pStart[p+1] || s.pLabelOff[p] > s.pLabelOff[p+1] || s.pLabelOff[p]%2 != 0 || s.pGapOff[p] > s.pGapOff[p+1] ||
			int(s.pDoc[p]) >= D || int(s.pKind[p]) >= len(s.kinds) || s.pRole[p] >= nstr || s.pPath[p] >= nstr {
			return bad("passage table")
		}
	}
	for d := 0; d < D; d++ {
		if s.dFirst[d] > s.dFirst[d+1] || s.dID[d] >= nstr || s.dHash[d] >= nstr {
			return bad("document table")
		}
	}
	for i := 0; i+1 < len(s.labels); i += 2 {
		vocab := s.themes
		if s.labels[i]&1 == 1 {
			vocab = s.tags
		}
		if int(s.labels[i]>>1) >= len(vocab) || s.labels[i+1] >= nstr {
			return bad("labels")
		}
	}
	return nil
}

// Close releases the segment's mapping. The segment must not be used
// afterwards; closing a segment built in memory does nothing.
func (s *Segment) Close() error {
	if s.mapped == nil {
		return nil
	}
	err := s.mapped.Unmap()
	s.mapped = nil
	if err != nil {
		return fmt.Errorf("occur: close: %w", err)
	}
	return nil
}
