package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// JSON Lines of national reports and resolutions (FormatJSONL), one object a
// line: {"title", "url", "content", "year"}, year a string or null. The
// content is Wikisource's page text. Furniture and damage handled:
//
//   - the licence block at the end: from the last paragraph starting
//     本作品是/本作品来自 to the closing "Public domain … false false"
//     lines, removed when the content ends that way;
//   - words that were wiki links stand on their own line inside a paragraph
//     ("李强所作的\n政府工作报告\n。会议"). Paragraphs are separated by blank
//     lines, so within one the single line breaks are re-joined, except after
//     a line ending a sentence or clause (。！？；： and closing quotes),
//     where some pages break between paragraphs with a single newline
//     ("各位代表：\n现在，…", "——经济平稳快速增长。\n国内生产总值…");
//   - the MediaWiki toolbar residue of one page: lines holding only
//     apostrophes (broken ''' bold markup) or the placeholder 粗体文字;
//   - full-width indentation (\u3000\u3000) and zero-width spaces trimmed.
//
// Reports (year set) are 政府工作报告 of 国务院; records with year null are
// resolutions of 全国人民代表大会, dated by the session they name.

var reLicence = regexp.MustCompile(`Public domain\s*\nPublic domain\s*\nfalse\s*\nfalse\s*$`)

type jsonRecord struct {
	Title   string          `json:"title"`
	URL     string          `json:"url"`
	Content *string         `json:"content"`
	Year    json.RawMessage `json:"year"`
}

func parseJSONL(src source, text string) ([]*Document, []Problem) {
	var docs []*Document
	var problems []Problem
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n := i + 1
		bad := func(reason string) { problems = append(problems, Problem{Path: src.path, Line: n, Reason: reason}) }
		var rec jsonRecord
		dec := json.NewDecoder(strings.NewReader(line))
		if err := dec.Decode(&rec); err != nil {
			bad("bad JSON record: " + err.Error())
			continue
		}
		if dec.More() {
			bad("bad JSON record: more than one value on the line")
			continue
		}
		if rec.Content == nil || isBlank(*rec.Content) {
			bad("record has no content")
			continue
		}
		year, err := jsonYear(rec.Year)
		if err != nil {
			bad(err.Error())
			continue
		}
		content := *rec.Content
		paras := wikiParagraphs(content)
		if len(paras) == 0 {
			bad("no text left after removing the licence notice")
			continue
		}
		title := trim(rec.Title)
		if title == "" {
			bad("record has no title")
			continue
		}
		d := &Document{
			Title:    title,
			Level:    LevelNational,
			Region:   "全国",
			Source:   Source{Format: FormatJSONL, Path: src.path, Record: n, URL: trim(rec.URL)},
			Original: content,
			Text:     joinText(paras),
		}
		inferNational(d, paras, year)
		docs = append(docs, d)
	}
	if len(docs) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{Path: src.path, Reason: "no records"})
	}
	return docs, problems
}

// jsonYear reads year as a string ("2025"), a number or null (0).
func jsonYear(raw json.RawMessage) (int, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, fmt.Errorf("year is neither a string, a number nor null: %s", raw)
		}
		s = n.String()
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1000 || y > 9999 {
		return 0, fmt.Errorf("year %q is not a year", s)
	}
	return y, nil
}

// wikiParagraphs returns the trimmed paragraphs of Wikisource page text.
func wikiParagraphs(content string) []string {
	content = strings.ReplaceAll(strings.ReplaceAll(content, "\r\n", "\n"), "\r", "\n")
	if reLicence.MatchString(content) {
		cut := -1
		for _, mark := range []string{"\n本作品是", "\n本作品来自"} {
			cut = max(cut, strings.LastIndex(content, mark))
		}
		if cut >= 0 {
			content = content[:cut]
		} else {
			content = reLicence.ReplaceAllString(content, "")
		}
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := trim(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	blank := true
	for _, l := range strings.Split(content, "\n") {
		t := trim(l)
		switch {
		case t == "":
			flush()
			blank = true
			continue
		case strings.Trim(t, "'") == "", t == "粗体文字", t == "斜体文字":
			continue
		}
		if !blank && endsSentence(cur.String()) {
			flush()
		}
		if cur.Len() == 0 {
			l = strings.TrimLeftFunc(l, isTrimmed) // no indentation at the start of a line
		}
		cur.WriteString(l)
		blank = false
	}
	flush()
	return paras
}

var (
	reReportDate = regexp.MustCompile(`在第[` + cnNumber + `]+[届屆]全[国國]人民代表大[会會]`)
	reNamedYear  = regexp.MustCompile(`报告提出的(\d{4})年`)
)

// inferNational fills type, body, year, session and dates of a national
// record from its year field, title and text.
func inferNational(d *Document, paras []string, year int) {
	head := strings.Join(paras[:min(len(paras), 12)], "\n")
	npc, n, _, ok := findNPCSession(d.Title)
	if !ok {
		npc, n, _, ok = findNPCSession(head)
	}
	if year != 0 || strings.Contains(d.Title, "政府工作报告") && !strings.Contains(d.Title, "决议") {
		d.Type = TypeGovReport
		d.Body = "国务院"
		d.Year = year
		// "——2024年3月5日在第十四届全国人民代表大会第二次会议上"
		for _, p := range paras[:min(len(paras), 12)] {
			if loc := reReportDate.FindStringIndex(p); loc != nil {
				if dt := firstDate(p[:loc[0]]); dt != "" {
					d.Dates.Session = dt
					break
				}
			}
		}
		// Reports name earlier sessions too ("从去年９月第五届全国人民代表大会
		// 第三次会议到现在"): a session named in the text counts only if it met
		// in the report's year; otherwise the table says which one did.
		if year != 0 && (!ok || npcSessionYear(npc, n) != year) {
			npc, n = npcSessionOf(year)
			ok = npc != 0
		}
		if ok {
			d.Session = npcSessionName(npc, n)
		}
		if d.Year == 0 {
			d.Year = dateYear(d.Dates.Session)
		}
		return
	}
	d.Type = TypeResolution
	if strings.Contains(d.Title, "常务委员会") {
		d.Body = "全国人民代表大会常务委员会"
	} else {
		d.Body = "全国人民代表大会"
	}
	if ok {
		d.Session = npcSessionName(npc, n)
		d.Year = npcSessionYear(npc, n)
	}
	// The resolution's own words beat the table: "（2023年3月13日第十四届
	// 全国人民代表大会第一次会议通过）", or "同意报告提出的2025年…".
	for _, p := range paras[:min(len(paras), 6)] {
		if strings.Contains(p, "通过") && reNPCSession.MatchString(p) {
			if dt := firstDate(p); dt != "" {
				d.Dates.Adopted, d.Dates.Session = dt, dt
				d.Year = dateYear(dt)
				return
			}
		}
	}
	if m := reNamedYear.FindStringSubmatch(head); m != nil {
		d.Year, _ = strconv.Atoi(m[1])
	}
	if d.Year == 0 {
		d.Year = year
	}
}
