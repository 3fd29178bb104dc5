package corpus

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// FormatAPI marks documents sent to the ingest API as JSON.
const FormatAPI = "api"

// Limits on a Submission.
const (
	MaxTitleRunes = 500
	MaxTextBytes  = 32 << 20
)

// Submission is one document as a client sends it to the ingest API: the
// model's descriptive fields and the text, one paragraph per line.
type Submission struct {
	ID       string `json:"id,omitempty"` // optional; default: from the natural key
	Title    string `json:"title"`
	Type     Type   `json:"type,omitempty"` // one of Types; default 其他
	Level    Level  `json:"level,omitempty"`
	Region   string `json:"region,omitempty"`
	Locality string `json:"locality,omitempty"`
	Body     string `json:"body,omitempty"`
	Year     int    `json:"year,omitempty"`
	Session  string `json:"session,omitempty"`
	Dates    Dates  `json:"dates"`
	URL      string `json:"url,omitempty"`
	Text     string `json:"text"`
}

// Document checks s and returns it as a Document ready for structure
// building: the ID given or one from its NaturalKey, as a file's document
// gets, Text normalized (lines trimmed, blank lines dropped), Original the
// text as sent, Hash over every field. It fails with a *Error (EINVALID) naming the field that is
// missing, malformed or over its limit. Safe for concurrent use.
func (s Submission) Document() (*Document, error) {
	bad := func(format string, args ...any) (*Document, error) {
		return nil, Errorf(EINVALID, format, args...)
	}
	s.Title = trim(s.Title)
	switch {
	case s.Title == "":
		return bad("title: missing")
	case utf8.RuneCountInString(s.Title) > MaxTitleRunes:
		return bad("title: %d characters; the limit is %d", utf8.RuneCountInString(s.Title), MaxTitleRunes)
	case len(s.Text) > MaxTextBytes:
		return bad("text: %d bytes; the limit is %d", len(s.Text), MaxTextBytes)
	case !utf8.ValidString(s.Title + s.Text + s.Body + s.Region + s.Session):
		return bad("not valid UTF-8")
	case s.Year < 0 || s.Year > 9999:
		return bad("year %d: want 1 to 9999, or 0 for undated", s.Year)
	case s.ID != "" && !validID(s.ID):
		return bad("id %q: want 1 to 64 letters, digits, _ or .", Shorten(s.ID, 40))
	}
	if s.Type == "" {
		s.Type = TypeOther
	}
	if !slices.Contains(Types, s.Type) {
		return bad("type %q: want one of %s", Shorten(string(s.Type), 20), typeNames())
	}
	if s.Level != "" && !slices.Contains(Levels, s.Level) {
		return bad("level %q: want 全国, 省, 市 or 区县", Shorten(string(s.Level), 20))
	}
	for name, d := range map[string]string{"session": s.Dates.Session, "adopted": s.Dates.Adopted, "promulgated": s.Dates.Promulgated,
		"effective": s.Dates.Effective, "published": s.Dates.Published} {
		if d != "" && isoDate(d) != d {
			return bad("dates.%s %q: want YYYY-MM-DD", name, Shorten(d, 20))
		}
	}
	if i := strings.IndexFunc(s.Text, isControl); i >= 0 {
		return bad("text: control character %U at byte %d", s.Text[i], i)
	}
	var lines []string
	for _, l := range splitLines(s.Text) {
		if l = trim(l); l != "" {
			lines = append(lines, l)
		}
	}
	text := joinText(lines)
	if text == "" {
		return bad("text: missing")
	}
	d := &Document{
		ID: s.ID, Title: s.Title, Type: s.Type, Level: s.Level, Region: s.Region, Locality: s.Locality,
		Body: s.Body, Year: s.Year, Session: s.Session, Dates: s.Dates,
		Source:   Source{Format: FormatAPI, URL: s.URL},
		Original: s.Text,
		Text:     text,
	}
	if d.Year == 0 {
		d.Year = dateYear(d.Dates.Session)
	}
	identify(d, map[string]int{})
	d.Source.Path = "api/" + d.ID
	return d, nil
}

// validID reports whether id can name a document in URLs and files.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func typeNames() string {
	names := make([]string, len(Types))
	for k, t := range Types {
		names[k] = string(t)
	}
	return strings.Join(names, ", ")
}
