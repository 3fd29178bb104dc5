package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Type is the kind of document, used as a facet value.
type Type string

// Document types. The values are what users see in facets and type: filters.
const (
	TypeStandingReport  Type = "常委会工作报告" // work report of a people's-congress standing committee
	TypeGovReport       Type = "政府工作报告"  // government work report delivered to a congress
	TypeResolution      Type = "决议决定"    // congress resolution or decision
	TypeLaw             Type = "法律"      // national law
	TypeLocalRegulation Type = "地方性法规"   // local regulation
	TypeOther           Type = "其他"
)

// Types lists every Type in display order.
var Types = []Type{TypeStandingReport, TypeGovReport, TypeResolution, TypeLaw, TypeLocalRegulation, TypeOther}

// Level is the administrative level of the issuing body.
type Level string

// Levels of the issuing or reporting body.
const (
	LevelNational   Level = "全国"
	LevelProvincial Level = "省"
	LevelCity       Level = "市"
	LevelCounty     Level = "区县"
)

// Levels lists every Level from the top down.
var Levels = []Level{LevelNational, LevelProvincial, LevelCity, LevelCounty}

// Kind says whether a section reviews the past or plans the future.
type Kind string

// Section kinds, as used in the API (kind:plan).
const (
	KindReview Kind = "review"
	KindPlan   Kind = "plan"
	KindOther  Kind = "other"
)

// Role says what a passage is within its document.
type Role string

// Passage roles.
const (
	RoleHeading   Role = "heading"   // a section heading line
	RoleParagraph Role = "paragraph" // ordinary running text
	RoleItem      Role = "item"      // a work item: ☆ line, short standalone line, 1. 2. list entry
	RoleArticle   Role = "article"   // a law article (第X条) or one of its continuation paragraphs
	RoleMeta      Role = "meta"      // front matter: law history lines, date lines, speaker lines
)

// Dates holds the dates known for a document, each as YYYY-MM-DD or empty.
type Dates struct {
	Session     string `json:"session,omitempty"`     // the congress session the document was delivered to or adopted at
	Adopted     string `json:"adopted,omitempty"`     // 通过 (latest adoption, amendment or revision)
	Promulgated string `json:"promulgated,omitempty"` // 公布
	Effective   string `json:"effective,omitempty"`   // 施行
	Published   string `json:"published,omitempty"`   // publication of the copy that was imported
}

// Source says where a document was imported from.
type Source struct {
	Format string `json:"format"`           // one of the Format* constants
	Path   string `json:"path"`             // file path as given to the importer, slash-separated
	Record int    `json:"record,omitempty"` // 1-based line (JSON Lines) or row (CSV) within the file
	URL    string `json:"url,omitempty"`    // original publication URL, when the file names one
}

// Document is one imported document. Importers fill everything except
// Sections and Passages, which structure building adds, and the tags on
// passages, which tagging adds. Documents are plain values: not safe for
// concurrent mutation, safe to read from many goroutines.
type Document struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// TitleSupplied says where a title the source does not give came
	// from ("file name", "first line"); "" when the source gives it.
	TitleSupplied string   `json:"title_supplied,omitempty"`
	Type          Type     `json:"type"`
	Level         Level    `json:"level"`
	Region        string   `json:"region"` // province-level name (上海市), or 全国
	Locality      string   `json:"locality,omitempty"`
	Body          string   `json:"body"` // issuing or reporting body: 国务院, 闵行区人大常委会, 上海市人民代表大会常务委员会
	Year          int      `json:"year"` // report year (session year for reports), or year of the version for laws
	Session       string   `json:"session,omitempty"`
	Dates         Dates    `json:"dates"`
	History       []string `json:"history,omitempty"` // law history lines, as written
	Source        Source   `json:"source"`

	// Original is the text exactly as imported, for display and audit.
	Original string `json:"original"`
	// Text is the normalized text: furniture removed, broken lines rejoined,
	// one paragraph per line, no blank lines. Characters are kept as written
	// (full-width, traditional); search folds them, display does not.
	Text string `json:"text"`
	// Hash identifies the content that was imported; re-importing a source
	// whose Hash is unchanged changes nothing.
	Hash string `json:"hash"`

	// Headings marks the lines of Text that the source format itself marks
	// as headings (Markdown #, ##, …). Structure building trusts them and
	// detects the rest from content.
	Headings []Heading `json:"headings,omitempty"`

	Sections []Section `json:"sections,omitempty"`
	Passages []Passage `json:"passages,omitempty"`
}

// Heading is a line of Document.Text marked as a heading by its source.
type Heading struct {
	Line  int `json:"line"`  // 0-based line number in Text
	Depth int `json:"depth"` // 1 for a top-level heading (Markdown ##), 2 for ###, …
}

// Section is a heading and the passages under it. Sections form a tree
// through Parent.
type Section struct {
	ID      string   `json:"id"`               // DocumentID + "-s" + Ordinal
	Ordinal int      `json:"ordinal"`          // 1-based, in document order
	Parent  int      `json:"parent"`           // ordinal of the parent section, 0 for a top-level one
	Depth   int      `json:"depth"`            // 1 for top level
	Heading string   `json:"heading"`          // the heading as written
	Number  int      `json:"number,omitempty"` // ① → 1, 三、 → 3, 第二章 → 2; 0 when unnumbered
	Path    []string `json:"path"`             // headings from the top level down to this one
	Kind    Kind     `json:"kind"`
	First   int      `json:"first"` // ordinal of the first passage (the heading itself)
	Last    int      `json:"last"`  // ordinal of the last passage, children included
}

// Label is one theme or tag on a passage, with the reason it was given.
type Label struct {
	Name string   `json:"name"`
	Why  []string `json:"why"` // the terms, heading or title that produced it, or the model's weightiest words
}

// Passage is one line of Document.Text: the unit that search returns and
// users cite.
type Passage struct {
	ID      string  `json:"id"`      // DocumentID + "-" + Ordinal
	Ordinal int     `json:"ordinal"` // 1-based, in document order
	Section int     `json:"section"` // ordinal of the innermost section, 0 if none
	Role    Role    `json:"role"`
	Kind    Kind    `json:"kind"`              // inherited from the section
	Article int     `json:"article,omitempty"` // law article number: 第十二条 → 12
	Text    string  `json:"text"`
	Themes  []Label `json:"themes,omitempty"`
	Tags    []Label `json:"tags,omitempty"` // the 四个机关
}

// DocumentID returns the stable ID for a source identified by key: the same
// key gives the same ID on every import and every machine. Importers build the
// key from what identifies the source independent of where it is stored (the
// file's base name and folder, a record's title), so moving a corpus folder
// keeps IDs.
func DocumentID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:6])
}

// PassageID returns the ID of passage ordinal (1-based) of document docID.
func PassageID(docID string, ordinal int) string {
	return fmt.Sprintf("%s-%d", docID, ordinal)
}

// SectionID returns the ID of section ordinal (1-based) of document docID.
func SectionID(docID string, ordinal int) string {
	return fmt.Sprintf("%s-s%d", docID, ordinal)
}

// SplitPassageID splits a passage ID into its document ID and ordinal.
// It reports false for anything that is not a well-formed passage ID.
func SplitPassageID(id string) (docID string, ordinal int, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 || i == len(id)-1 {
		return "", 0, false
	}
	n := 0
	for _, c := range id[i+1:] {
		if c < '0' || c > '9' || n > 1e8 {
			return "", 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return "", 0, false
	}
	return id[:i], n, true
}

// ContentHash returns the hash stored in Document.Hash for the given parts.
func ContentHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Passage returns the passage with the given 1-based ordinal, or nil.
func (d *Document) Passage(ordinal int) *Passage {
	if ordinal < 1 || ordinal > len(d.Passages) {
		return nil
	}
	return &d.Passages[ordinal-1]
}

// Section returns the section with the given 1-based ordinal, or nil.
func (d *Document) Section(ordinal int) *Section {
	if ordinal < 1 || ordinal > len(d.Sections) {
		return nil
	}
	return &d.Sections[ordinal-1]
}

// Format names, as stored in Source.Format.
const (
	FormatWeChat = "wechat-text"  // plain text as published in a WeChat article
	FormatJSONL  = "jsonl"        // JSON Lines with title, url, content, year
	FormatCSV    = "csv"          // CSV with province, year, title, source_url, publish_date, full_text
	FormatLawMD  = "law-markdown" // law Markdown: # title, history lines, <!-- INFO END -->, ## headings
	FormatHTML   = "html"         // an HTML page saved from a government site
)
