package corpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileSize is the largest file ReadFile imports. Larger files are reported
// as a Problem instead of being read into memory.
const MaxFileSize = 256 << 20

// Problem is a file or record that could not be imported, with the reason.
// Importers report problems instead of failing so that one bad record does
// not stop a whole import.
type Problem struct {
	Path   string // file path as given, slash-separated
	Line   int    // 1-based line of the file where the bad record starts; 0 for the whole file
	Reason string
}

// Error implements the error interface as "path:line: reason", or
// "path: reason" when Line is 0.
func (p Problem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.Path, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Reason)
}

// ReadFile imports the documents of one file. The format is detected from
// the content, not the file name:
//
//   - a first line (after an optional UTF-8 BOM) that is a CSV header of
//     plain column names: CSV government work reports (FormatCSV), one
//     document per row; the header must name full_text;
//   - a first non-blank line starting with "{": JSON Lines with title, url,
//     content and year (FormatJSONL), one document per line;
//   - a first line "# title" and a "<!-- INFO END -->" marker: a law or local
//     regulation in Markdown (FormatLawMD);
//   - otherwise UTF-8 plain text that reads as Chinese prose, such as a report
//     copied from a WeChat article (FormatWeChat), titled by its file name.
//
// Original is the document's raw text: the whole file (without a leading
// byte-order mark), a JSON record's content or a CSV row's full_text.
//
// Empty, binary, non-UTF-8 and unrecognised files give a single Problem with
// Line 0 and no documents. In JSON Lines and CSV files a bad record gives a
// Problem with its line and the other records are still imported. ReadFile
// never panics on malformed input. It is safe for concurrent use.
func ReadFile(path string) ([]*Document, []Problem) {
	name := filepath.ToSlash(path)
	info, err := os.Stat(path)
	if err != nil {
		return nil, []Problem{{Path: name, Reason: err.Error()}}
	}
	if !info.Mode().IsRegular() {
		return nil, []Problem{{Path: name, Reason: "not a regular file"}}
	}
	if info.Size() > MaxFileSize {
		return nil, []Problem{{Path: name, Reason: fmt.Sprintf("file too large: %d bytes (limit %d)", info.Size(), MaxFileSize)}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []Problem{{Path: name, Reason: err.Error()}}
	}
	return Parse(name, data)
}

// Parse is ReadFile on content already in memory: name is the file path as
// given (it supplies the file name, the parent folder and Source.Path). It is
// safe for concurrent use.
func Parse(name string, data []byte) ([]*Document, []Problem) {
	src := source{path: filepath.ToSlash(name)}
	src.base = baseName(src.path)
	src.folder = baseName(dirName(src.path))
	fail := func(reason string) ([]*Document, []Problem) {
		return nil, []Problem{{Path: src.path, Reason: reason}}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("empty file")
	}
	if !utf8.Valid(data) {
		return fail("not a supported format: not UTF-8 text (binary file or another encoding)")
	}
	if i := bytes.IndexFunc(data, isControl); i >= 0 {
		return fail(fmt.Sprintf("not a supported format: binary content (control character %U at byte %d)", data[i], i))
	}
	text := string(data)
	first, _, _ := strings.Cut(strings.TrimLeft(text, " \t\r\n"), "\n")
	first = strings.TrimRight(first, "\r")
	switch {
	case isCSVHeader(first):
		return parseCSV(src, text)
	case strings.HasPrefix(first, "{"):
		return parseJSONL(src, text)
	case strings.HasPrefix(text, "# ") && strings.Contains(text, lawInfoEnd):
		return parseLaw(src, text)
	case strings.HasPrefix(first, "#"):
		return fail("not a supported format: Markdown without " + lawInfoEnd + " (not a law file)")
	}
	if reason := notProse(text); reason != "" {
		return fail("not a supported format: " + reason)
	}
	return parseWeChat(src, text)
}

// source is what the importers know about the file being read.
type source struct {
	path   string // as given, slash-separated
	base   string // file name with extension
	folder string // name of the parent folder, "" at the root
}

// key returns the natural key of a document of this file: format, parent
// folder and file name, plus the record title for multi-record files. It does
// not depend on where the folder lives, so IDs survive moving the corpus.
func (s source) key(format string, record ...string) string {
	return strings.Join(append([]string{format, s.folder, s.base}, record...), "/")
}

// recordKey returns the natural key of a record titled title in a file of
// several records; seen counts titles so far, and a repeated title gets
// "#2", "#3", … so that its records keep distinct, stable IDs.
func (s source) recordKey(format, title string, seen map[string]int) string {
	key := s.key(format, title)
	if seen[title]++; seen[title] > 1 {
		key += "#" + strconv.Itoa(seen[title])
	}
	return key
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' || r == 0x7f
}

// notProse reports why text does not look like Chinese prose, or "".
// Renda archives Chinese documents: a text file whose letters are mostly not
// Han characters is much more likely a stray README or log than a report.
func notProse(text string) string {
	var han, letters, other int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		case unicode.IsSpace(r):
		default:
			other++
		}
	}
	switch {
	case letters == 0:
		return "plain text without words"
	case han*10 < letters*3:
		return "plain text that is not Chinese prose"
	case letters < other:
		return "plain text that is mostly symbols or digits"
	}
	return ""
}

// Files expands paths into the files they name, for progress bars and Load:
// a file is listed as given; a folder is walked in lexical order, skipping
// hidden files and folders (names starting with ".") and anything that is not
// a regular file. It returns an error, wrapping the fs error, if a path does
// not exist or a folder cannot be read. It is safe for concurrent use.
func Files(paths []string) ([]string, error) {
	var files []string
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		if !info.IsDir() {
			files = append(files, root)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("corpus: walking %s: %w", root, err)
		}
	}
	return files, nil
}

// Load imports every file of Files(paths) with ReadFile and calls fn for each
// document, in file order and record order, on the calling goroutine. It
// returns the problems met (skipped files and records, with reasons). The
// error is non-nil only when a path cannot be read (as from Files) or when fn
// fails; fn's error is wrapped with %w and stops the import.
func Load(paths []string, fn func(*Document) error) ([]Problem, error) {
	files, err := Files(paths)
	if err != nil {
		return nil, err
	}
	var problems []Problem
	for _, f := range files {
		docs, probs := ReadFile(f)
		problems = append(problems, probs...)
		for _, d := range docs {
			if err := fn(d); err != nil {
				return problems, fmt.Errorf("corpus: %s: %w", d.Source.Path, err)
			}
		}
	}
	return problems, nil
}

func baseName(p string) string {
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func dirName(p string) string {
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}
