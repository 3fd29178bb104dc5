package corpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
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
	// Repaired is set when the input was mended and imported all the
	// same (a byte that did not decode, replaced by U+FFFD): a warning,
	// not a skipped file or record.
	Repaired bool
}

// Error implements the error interface as "path:line: reason", or
// "path: reason" when Line is 0.
func (p Problem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.Path, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Reason)
}

// ReadFile imports the documents of one file. The encoding and the format
// are detected from the content, not the file name: the encoding as decode
// says (UTF-8, UTF-16 or GB18030, with or without a byte-order mark), the
// format by the first of formats whose Detect accepts the text, or plain
// text (FormatWeChat) when none does.
//
// Original is the document's raw text, decoded: the whole file, a JSON
// record's content or a CSV row's full_text.
//
// Empty, binary, undecodable and unrecognised files give a single Problem
// with Line 0 and no documents. Bytes that do not decode cost a character
// (U+FFFD) and give a Problem with Repaired set and their line; in JSON
// Lines and CSV files a bad record gives a Problem with its line and the
// other records are still imported. ReadFile never panics on malformed
// input. It is safe for concurrent use.
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
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("empty file")
	}
	dec, err := decode(data)
	if err != nil {
		return fail("not a supported format: " + err.Error())
	}
	text := strings.TrimPrefix(dec.text, "\ufeff")
	if len(strings.TrimSpace(text)) == 0 {
		return fail("empty file")
	}
	if i := strings.IndexFunc(text, isControl); i >= 0 {
		return fail(fmt.Sprintf("not a supported format: binary content (control character %U at byte %d)", text[i], i))
	}
	first, _, _ := strings.Cut(strings.TrimLeft(text, " \t\r\n"), "\n")
	in := input{Text: text, First: strings.TrimRight(first, "\r")}
	docs, problems := parseAs(src, in)
	keys := map[string]int{}
	for _, d := range docs {
		identify(d, keys)
	}
	return docs, append(dec.problems(src.path), problems...)
}

// input is a file's decoded content as the format detectors see it.
type input struct {
	Text  string // the whole file as UTF-8, without a byte-order mark
	First string // its first non-blank line
}

// format is one input format: Detect says whether a file's content is in
// it, and Parse imports it. Detectors look at distinct signs (a CSV
// header, a JSON object, a law's info marker, an HTML tag), so that no
// file is claimed by two; text that none claims is plain prose.
type format struct {
	name   string
	Detect func(in input) bool
	// Refuse, when set, is a reason to refuse content that Detect did not
	// accept but that looks almost like this format (a Markdown file
	// without the law marker); "" lets it through.
	Refuse func(in input) string
	Parse  func(src source, text string) ([]*Document, []Problem)
}

// formats are the formats ReadFile detects, besides plain text. Adding a
// format is adding an entry here: its detector and its parser.
var formats = []format{
	{name: FormatCSV, Detect: func(in input) bool { return isCSVHeader(in.First) }, Parse: parseCSV},
	{name: FormatJSONL, Detect: func(in input) bool { return strings.HasPrefix(in.First, "{") }, Parse: parseJSONL},
	{name: FormatLawMD,
		Detect: func(in input) bool { return strings.HasPrefix(in.Text, "# ") && strings.Contains(in.Text, lawInfoEnd) },
		Refuse: func(in input) string {
			if strings.HasPrefix(in.First, "#") {
				return "Markdown without " + lawInfoEnd + " (not a law file)"
			}
			return ""
		},
		Parse: parseLaw},
	{name: FormatHTML, Detect: func(in input) bool { return looksHTML([]byte(in.Text)) }, Parse: parseHTML},
}

// parseAs imports in with the format that claims it, or as plain prose.
func parseAs(src source, in input) ([]*Document, []Problem) {
	fail := func(reason string) ([]*Document, []Problem) {
		return nil, []Problem{{Path: src.path, Reason: "not a supported format: " + reason}}
	}
	for _, f := range formats {
		if f.Detect(in) {
			return f.Parse(src, in.Text)
		}
	}
	for _, f := range formats {
		if f.Refuse != nil {
			if reason := f.Refuse(in); reason != "" {
				return fail(reason)
			}
		}
	}
	if reason := notProse(in.Text); reason != "" {
		return fail(reason)
	}
	return parseWeChat(src, in.Text)
}

// source is what the importers know about the file being read. Where it
// sits does not name its documents: identify does, from their content.
type source struct {
	path   string // as given, slash-separated
	base   string // file name with extension
	folder string // name of the parent folder, "" at the root
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
