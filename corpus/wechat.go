package corpus

import (
	"regexp"
	"strconv"
	"strings"
)

// Plain text as copied from a WeChat article (FormatWeChat). Paragraphs are
// lines separated by blank lines; the article title is not in the text, so
// the file name supplies it. Furniture removed from Text:
//
//   - credits: lines starting 编辑: 初审: 复审: 终审: 责任编辑: 校对: 审核:
//     (ASCII or full-width colon);
//   - reprint notices: lines starting 转载请注明;
//   - image placeholders: lines such as "ad1 webp" (a name and an image type);
//   - image captions. A caption is a short line (at most 40 characters) with
//     no ending punctuation that stands after a gap of two or more blank
//     lines, where paragraphs are separated by one. Section headings can also
//     follow such a gap, but they are numbered (① … ⑳, 一、, （一）, 1.) or
//     marked (☆); unnumbered headings and work items (发挥重要制度载体作用…,
//     强化组织实施。) follow a single blank line, so they stay. In the Minhang
//     report the six captions are exactly the unnumbered lines after a double
//     gap (闵行区召开庆祝人民代表大会成立70周年大会, …).

var (
	reCredit      = regexp.MustCompile(`^(编辑|初审|复审|终审|责任编辑|责编|校对|审核|审校|排版|美编)\s*[:：]`)
	reImage       = regexp.MustCompile(`(?i)^[a-z0-9_\-]+\s+(webp|jpe?g|png|gif|bmp)$`)
	reMarked      = regexp.MustCompile(`^([①-⑳☆★●■◆▲]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、.．])`)
	reReviewYear  = regexp.MustCompile(`^(\d{4})年是`)
	reEditionName = regexp.MustCompile(`^(.+?)[-_—－]+[^-_—－]*(版|微信|网|转载)[^-_—－]*$`)
	reReportTitle = regexp.MustCompile(`^(.+?(?:省|自治区|市|区|县|旗|州|盟))(人大常委会|人民代表大会常务委员会|人民政府|政府|人民代表大会)(.*)$`)
)

func parseWeChat(src source, text string) ([]*Document, []Problem) {
	lines := splitLines(text)
	var out []string
	blanks := 0   // blank lines just before the current one
	seen := false // a paragraph has been kept already
	for _, raw := range lines {
		l := trim(raw)
		if l == "" {
			blanks++
			continue
		}
		gap := blanks
		blanks = 0
		switch {
		case reCredit.MatchString(l), strings.HasPrefix(l, "转载请注明"), reImage.MatchString(l):
			continue
		case seen && gap >= 2 && runeLen(l) <= 40 && !endsSentence(l) && !reMarked.MatchString(l):
			continue // image caption
		}
		out = append(out, l)
		seen = true
	}
	docs, probs := proseDocument(src, FormatWeChat, fileTitle(src.base), text, out)
	for _, d := range docs {
		d.TitleSupplied = SuppliedFileName // a copied article's text does not hold its title
	}
	return docs, probs
}

// Where a supplied title came from (Document.TitleSupplied).
const (
	SuppliedFileName  = "file name"
	SuppliedFirstLine = "first line"
)

// proseDocument makes the one document of a file of prose in format:
// titled title, its paragraphs paras, original the file's text; type,
// body, place, year and session inferred from the title and the text. A
// file without paragraphs or without a title is a Problem.
func proseDocument(src source, format, title, original string, paras []string) ([]*Document, []Problem) {
	body := joinText(paras)
	if body == "" {
		return nil, []Problem{{Path: src.path, Reason: "no text left after removing page furniture"}}
	}
	if title == "" {
		return nil, []Problem{{Path: src.path, Reason: "no title: the text has no title line and the file has no name to take one from"}}
	}
	d := &Document{
		Title:    title,
		Source:   Source{Format: format, Path: src.path},
		Original: original,
		Text:     body,
	}
	inferReport(d, paras)
	return []*Document{d}, nil
}

// fileTitle makes a title of a file name: the extension goes, and so does a
// trailing note naming the edition or channel it was copied from
// (闵行区人大常委会工作报告-今日闵行微信版.txt → 闵行区人大常委会工作报告).
func fileTitle(base string) string {
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if m := reEditionName.FindStringSubmatch(base); m != nil {
		base = m[1]
	}
	return trim(base)
}

// inferReport fills type, level, region, locality, body and year of a report
// known only by its title and text.
//
// The body and place come from the title: 闵行区人大常委会工作报告 is a
// standing-committee report of 闵行区人大常委会 in 闵行区, a district of
// 上海市. The year is that of the session the report was delivered to:
// reports review one year and plan the next, so a paragraph opening
// "2024年是…" that looks back (一年来, 过去一年) dates the report 2025, and
// one opening "2025年是…" that looks ahead dates it 2025; the latest wins.
func inferReport(d *Document, paras []string) {
	d.Type = TypeOther
	switch {
	case strings.Contains(d.Title, "人大常委会工作报告") || strings.Contains(d.Title, "常务委员会工作报告"):
		d.Type = TypeStandingReport
	case strings.Contains(d.Title, "政府工作报告"):
		d.Type = TypeGovReport
	case strings.Contains(d.Title, "决议") || strings.Contains(d.Title, "决定"):
		d.Type = TypeResolution
	}
	if m := reReportTitle.FindStringSubmatch(d.Title); m != nil {
		place := m[1]
		d.Body = m[1] + m[2]
		if m[2] == "政府" {
			d.Body = m[1] + "人民政府"
		}
		d.Level = levelOf(place)
		switch d.Level {
		case LevelProvincial:
			d.Region = province(place)
		default:
			d.Locality = place
			d.Region = municipalDistricts[place]
			if d.Region == "" {
				d.Region = province(place)
			}
		}
	}
	// The session line under the title says when and where it was
	// delivered: １９９０年３月２０日在第七届全国人民代表大会第三次会议上.
	if session, date := sessionLine(paras); session != "" {
		d.Session, d.Dates.Session = session, date
		if d.Body == "" && strings.Contains(session, "全国人民代表大会") {
			d.Level = LevelNational
			switch d.Type {
			case TypeGovReport:
				d.Body = "国务院"
			case TypeStandingReport:
				d.Body = "全国人民代表大会常务委员会"
			}
		}
		if y := dateYear(date); y > 0 {
			d.Year = y
			return
		}
	}
	for _, p := range paras {
		m := reReviewYear.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		if strings.Contains(p, "一年来") || strings.Contains(p, "过去一年") || strings.Contains(p, "过去的一年") {
			y++
		}
		d.Year = max(d.Year, y)
	}
}
