package corpus

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Reference names a passage the way a citation does. Every field but
// Title and Passage may be empty or zero.
type Reference struct {
	Body        string // issuing or reporting body
	Title       string // document title
	Supplied    string // where a title the source does not give came from (Document.TitleSupplied)
	Type        Type
	Year        int
	Session     string // the meeting a report was delivered to: 第十四届全国人民代表大会第二次会议
	SessionDate string // YYYY-MM-DD
	Version     string // a law's version: 2006年8月27日通过，2024年11月8日修正
	Heading     string // heading of the passage's innermost section
	Article     int    // law article number
	Ordinal     int    // the passage's place in its document: its paragraph number
	Passage     string // passage ID
	URL         string // where the document was published, if known
	File        string // the file it was imported from, when there is no URL
}

// Citation formats r in the conventional Chinese style: for a law its
// title, the version cited and the article (《中华人民共和国各级人民代表大会
// 常务委员会监督法》（2006年8月27日通过，2024年11月8日修正）第四十四条); for a
// report the body, the title, the meeting and date it was delivered at
// (2024年3月5日在第十四届全国人民代表大会第二次会议上) or its year, the section
// and the paragraph number; then the source (URL or file) and the Renda
// passage ID that finds it again.
func (r Reference) Citation() string {
	var b strings.Builder
	law := r.Type == TypeLaw || r.Type == TypeLocalRegulation
	if r.Body != "" && !strings.Contains(r.Title, r.Body) && !law {
		b.WriteString(r.Body)
		b.WriteString("：")
	}
	fmt.Fprintf(&b, "《%s》", r.Title)
	if r.Supplied != "" {
		b.WriteString("〔题名据" + map[string]string{SuppliedFileName: "文件名", SuppliedFirstLine: "正文首行"}[r.Supplied] + "〕")
	}
	switch {
	case law && r.Version != "":
		fmt.Fprintf(&b, "（%s）", r.Version)
	case r.Session != "" && r.SessionDate != "":
		fmt.Fprintf(&b, "（%s在%s上）", ChineseDate(r.SessionDate), r.Session)
	case r.Session != "":
		fmt.Fprintf(&b, "（%s）", r.Session)
	case r.Year > 0:
		fmt.Fprintf(&b, "（%d年）", r.Year)
	}
	if r.Article > 0 {
		fmt.Fprintf(&b, "第%s条", Numeral(r.Article))
	} else {
		if r.Heading != "" {
			fmt.Fprintf(&b, "，“%s”", Shorten(r.Heading, 24))
		}
		fmt.Fprintf(&b, "，第%d段", r.Ordinal)
	}
	b.WriteString("。")
	if src := r.source(); src != "" {
		fmt.Fprintf(&b, "来源：%s。", src)
	}
	fmt.Fprintf(&b, "Renda 段落 %s", r.Passage)
	return b.String()
}

// GBT7714 formats r after GB/T 7714-2015: a law as [Z] with its date of
// adoption or amendment, a report as [R] (or [R/OL] with its URL) with the
// meeting and its date, then the article or paragraph cited.
func (r Reference) GBT7714() string {
	var b strings.Builder
	law := r.Type == TypeLaw || r.Type == TypeLocalRegulation
	if r.Body != "" && !law {
		b.WriteString(r.Body + ". ")
	}
	kind := "R"
	if law {
		kind = "Z"
	}
	if r.URL != "" {
		kind += "/OL"
	}
	fmt.Fprintf(&b, "%s[%s]", r.Title, kind)
	switch {
	case law && r.Version != "":
		fmt.Fprintf(&b, ". %s", r.Version)
	case r.Session != "" && r.SessionDate != "":
		fmt.Fprintf(&b, ". %s, %s", r.Session, r.SessionDate)
	case r.Year > 0:
		fmt.Fprintf(&b, ". %d", r.Year)
	}
	if r.Article > 0 {
		fmt.Fprintf(&b, ": 第%s条", Numeral(r.Article))
	} else {
		fmt.Fprintf(&b, ": 第%d段", r.Ordinal)
	}
	b.WriteString(".")
	if r.URL != "" {
		b.WriteString(" " + r.URL + ".")
	}
	return b.String()
}

// source is where the document can be found: its URL, else its file.
func (r Reference) source() string {
	if r.URL != "" {
		return r.URL
	}
	return r.File
}

// DocumentReference is the part of a citation that d gives, whatever
// passage is cited: body, title, type, year, meeting, law version, source.
func DocumentReference(d *Document) Reference {
	r := Reference{Body: d.Body, Title: d.Title, Supplied: d.TitleSupplied, Type: d.Type, Year: d.Year, Session: d.Session, SessionDate: d.Dates.Session, URL: d.Source.URL}
	if d.Type == TypeLaw || d.Type == TypeLocalRegulation {
		r.Version = LawVersion(d)
	}
	if r.URL == "" && d.Source.Format != FormatAPI {
		r.File = d.Source.Path
	}
	return r
}

// Cite returns the reference of passage p of d: its section's heading,
// article and paragraph number on top of DocumentReference.
func (d *Document) Cite(p *Passage) Reference { return DocumentReference(d).At(d, p) }

// At returns r, a DocumentReference of d, for its passage p: with p's
// section heading, article and paragraph number. Citing many passages of
// one document, compute DocumentReference once and call At for each.
func (r Reference) At(d *Document, p *Passage) Reference {
	if sec := d.Section(p.Section); sec != nil {
		r.Heading = sec.Heading
	}
	r.Article, r.Ordinal, r.Passage = p.Article, p.Ordinal, p.ID
	return r
}

// ChineseDate writes a YYYY-MM-DD date as 2024年3月5日; other strings are
// returned as they are.
func ChineseDate(iso string) string {
	var y, m, d int
	if n, _ := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); n != 3 {
		return iso
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, d)
}

// LawVersion names the version of a law that d is, from its history
// lines: when it was first adopted and when last amended or revised
// (2006年8月27日通过，2024年11月8日修正), or "" when its history says neither.
func LawVersion(d *Document) string {
	var first, last, verb string
	for _, h := range d.History {
		dates, _ := findDates(h)
		if len(dates) == 0 {
			continue
		}
		latest := slices.Max(dates) // 根据1988年…、1993年…和2018年…修正
		switch {
		case hasVerb(h, "修正", "修订", "修改") || strings.Contains(h, "修正案》"): // …通过的《宪法修正案》
			if latest >= last {
				last = latest
				verb = "修正"
				if hasVerb(h, "修订") {
					verb = "修订"
				}
			}
		case hasVerb(h, "通过") && (first == "" || dates[0] < first):
			first = dates[0]
		}
	}
	var parts []string
	if first != "" {
		parts = append(parts, ChineseDate(first)+"通过")
	}
	if last != "" && last != first {
		parts = append(parts, ChineseDate(last)+verb)
	}
	return strings.Join(parts, "，")
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
