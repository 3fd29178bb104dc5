package corpus

import (
	"fmt"
	"net/url"
	"strings"
)

// Reference names a passage the way a citation does. Every field but
// Title and Passage may be empty or zero.
type Reference struct {
	Body    string // issuing or reporting body
	Title   string // document title
	Year    int
	Heading string // heading of the passage's innermost section
	Article int    // law article number
	Ordinal int    // the passage's place in its document
	Passage string // passage ID
}

// Citation formats r the way a researcher cites a passage: body, title,
// year, then the article for laws or the section and paragraph number for
// reports, and the passage ID that finds it again.
func (r Reference) Citation() string {
	var b strings.Builder
	if r.Body != "" && !strings.Contains(r.Title, r.Body) {
		b.WriteString(r.Body)
		b.WriteString("：")
	}
	fmt.Fprintf(&b, "《%s》", r.Title)
	if r.Year > 0 {
		fmt.Fprintf(&b, "（%d年）", r.Year)
	}
	if r.Article > 0 {
		fmt.Fprintf(&b, "，第%s条", Numeral(r.Article))
	} else {
		if r.Heading != "" {
			fmt.Fprintf(&b, "，“%s”", Shorten(r.Heading, 24))
		}
		fmt.Fprintf(&b, "，第%d段", r.Ordinal)
	}
	fmt.Fprintf(&b, "。Renda 段落 %s", r.Passage)
	return b.String()
}

// Permalink returns the address of a passage on Renda's web page, relative
// to the server: the document view opened at the passage.
func Permalink(passageID string) string {
	docID, _, _ := SplitPassageID(passageID)
	return "/?doc=" + url.QueryEscape(docID) + "#" + url.PathEscape(passageID)
}

// Numeral writes n (1–9999) in Chinese numerals as laws number their
// articles: 十二, 一百零五; other numbers in digits.
func Numeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 10000 {
		return fmt.Sprint(n)
	}
	units := []string{"千", "百", "十", ""}
	vals := []int{1000, 100, 10, 1}
	var b strings.Builder
	zero := false
	for i, v := range vals {
		d := n / v % 10
		if d == 0 {
			if b.Len() > 0 && n%v != 0 {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(d == 1 && v == 10 && b.Len() == 0) {
			b.WriteString(digits[d])
		}
		b.WriteString(units[i])
	}
	return b.String()
}
