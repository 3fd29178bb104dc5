package corpus

import (
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// CSV of provincial government work reports (FormatCSV): a header naming
// province, year, title, source_url, publish_date and full_text, then one
// report a row. full_text is the text of a web page, one paragraph a line,
// with the page around it. Furniture removed from Text:
//
//   - in the page head (the lines before 各位代表 or the first long
//     paragraph): toolbars (下载 打印 全屏 收藏 【字号： 加大 还原 减小 】,
//     【字体： 大 中 小 】), breadcrumbs (您的位置: / 当前位置： 首页 > … up
//     to the title line), 来源：, 时间：, 发表时间：, 阅读量： with their
//     values, bare timestamps, and the photo caption under the title (the line
//     saying someone 作政府工作报告, often ending with the photographer: 本报
//     记者 … 摄);
//   - anywhere: photo credits (a short line with 记者 ending in 摄);
//   - at the end: 相关报道：, 相关文档：, 扫一扫在手机打开当前页, 【打印本页】
//     【关闭窗口】, 收藏 | 分享到…, 》》点击图片进入专题《《 and editor credits.
//
// Lines broken inside a sentence by page markup are re-joined: a lone opening
// bracket ("（" + "三）…"), a subscript between a Latin word and the text
// ("PM" + "2.5" + "年平均浓度"), a line starting with closing punctuation, a
// bold lead-in ("主要目标" + "是：…") and a session line broken in two
// ("——2026年1月26日在广东省第十四届" + "人民代表大会第五次会议上").

var (
	reHeaderField = regexp.MustCompile(`^"?[A-Za-z_][A-Za-z0-9_ ]*"?$`)
	reTimestamp   = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$`)
	reEditor      = regexp.MustCompile(`^[（(【\[]?(责任编辑|编辑|责编|审核|校对)\s*[:：]`)
	reSubscript   = regexp.MustCompile(`^[0-9.]{1,4}$`)
	reDigits      = regexp.MustCompile(`^[0-9,]+$`)
	reSessionLine = regexp.MustCompile(`在((?:\p{Han}{2,20}?)?第[` + cnNumber + `]+届(?:全国)?人民代表大会第[` + cnNumber + `]+次会议)上`)
)

// isCSVHeader reports whether line is a CSV header of plain column names.
func isCSVHeader(line string) bool {
	fields := strings.Split(strings.TrimSpace(line), ",")
	if len(fields) < 2 {
		return false
	}
	for _, f := range fields {
		if !reHeaderField.MatchString(strings.TrimSpace(f)) {
			return false
		}
	}
	return true
}

var toolbar = map[string]bool{
	"下载": true, "打印": true, "全屏": true, "收藏": true, "加大": true, "还原": true, "减小": true,
	"【": true, "】": true, "大": true, "中": true, "小": true, "首页": true, ">": true, "›": true,
	"»": true, "|": true, "×": true, "分享到微信": true, "分享到微博": true,
}

var tailFurniture = map[string]bool{
	"相关报道：": true, "相关报道:": true, "相关文档：": true, "相关文档:": true, "相关新闻：": true,
	"扫一扫在手机打开当前页": true, "打印本页": true, "关闭窗口": true, "【打印本页】": true,
	"【关闭窗口】": true, "【打印本页】【关闭窗口】": true, "》》点击图片进入专题《《": true,
}

func parseCSV(src source, text string) ([]*Document, []Problem) {
	var problems []Problem
	bad := func(line int, reason string) {
		problems = append(problems, Problem{Path: src.path, Line: line, Reason: reason})
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		bad(1, "bad CSV header: "+err.Error())
		return nil, problems
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	if _, ok := col["full_text"]; !ok {
		bad(1, "CSV header has no full_text column: "+strings.Join(header, ","))
		return nil, problems
	}
	var docs []*Document
	lastErrLine := 0
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line := 0
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if line == lastErrLine {
				break // the reader is stuck on the same damage
			}
			lastErrLine = line
			bad(line, "bad CSV record: "+err.Error())
			continue
		}
		line, _ = r.FieldPos(0)
		if len(rec) != len(header) {
			bad(line, "CSV record has "+strconv.Itoa(len(rec))+" fields, the header "+strconv.Itoa(len(header)))
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return rec[i]
			}
			return ""
		}
		full := get("full_text")
		if isBlank(full) {
			bad(line, "record has an empty full_text")
			continue
		}
		prov := province(trim(get("province")))
		title := trim(get("title"))
		lines := cleanPage(splitLines(full), title)
		if len(lines) == 0 {
			bad(line, "no text left after removing page furniture")
			continue
		}
		supplied := ""
		if title == "" {
			title, supplied = lines[0], SuppliedFirstLine
		}
		d := &Document{
			Title:         title,
			TitleSupplied: supplied,
			Type:          TypeGovReport,
			Source:        Source{Format: FormatCSV, Path: src.path, Record: row, URL: trim(get("source_url"))},
			Original:      full,
			Text:          joinText(lines),
		}
		inferProvincial(d, lines, prov, get("year"), get("publish_date"))
		docs = append(docs, d)
	}
	if len(docs) == 0 && len(problems) == 0 {
		bad(0, "no records")
	}
	return docs, problems
}

// cleanPage removes the page furniture around a report and re-joins lines
// broken by markup, returning trimmed non-empty lines.
func cleanPage(raw []string, title string) []string {
	var lines []string
	for _, l := range raw {
		if l = trim(l); l != "" {
			lines = append(lines, l)
		}
	}
	// The page foot, before re-joining: "》》点击图片进入专题《《" must not be
	// glued to the last paragraph as if it continued it.
	for len(lines) > 0 {
		l := lines[len(lines)-1]
		if tailFurniture[l] || toolbar[l] || strings.HasPrefix(l, "分享到") || reEditor.MatchString(l) {
			lines = lines[:len(lines)-1]
			continue
		}
		break
	}
	// The head ends at the salutation or the first real paragraph.
	head := len(lines)
	for i, l := range lines {
		if strings.HasPrefix(l, "各位代表") || runeLen(l) >= 60 {
			head = i
			break
		}
	}
	var out []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if i < head {
			switch {
			case toolbar[l], strings.HasPrefix(l, "【字号"), strings.HasPrefix(l, "【字体"), reTimestamp.MatchString(l):
				continue
			case strings.HasPrefix(l, "您的位置") || strings.HasPrefix(l, "当前位置"):
				// The breadcrumb runs to the title line, when there is one.
				for j := i + 1; j < min(head, i+10); j++ {
					if lines[j] == title || strings.HasSuffix(lines[j], "政府工作报告") {
						i = j - 1
						break
					}
				}
				continue
			case l == "来源：" || l == "来源:" || l == "发表时间：" || l == "发表时间:" || l == "时间：" || l == "阅读量：":
				if i+1 < head && (l != "阅读量：" || reDigits.MatchString(lines[i+1])) && !toolbar[lines[i+1]] && !strings.HasPrefix(lines[i+1], "【") {
					i++ // and its value
				}
				continue
			case strings.HasPrefix(l, "来源：") || strings.HasPrefix(l, "来源:") || strings.HasPrefix(l, "时间：") ||
				strings.HasPrefix(l, "发表时间") || strings.HasPrefix(l, "阅读量"):
				continue
			case strings.Contains(l, "作政府工作报告") && !strings.HasPrefix(l, "——") && (strings.HasSuffix(l, "摄") || strings.HasSuffix(l, "。")):
				continue // photo caption
			}
		}
		if strings.HasSuffix(l, "摄") && strings.Contains(l, "记者") && runeLen(l) <= 80 {
			continue // photo credit
		}
		n := len(out)
		switch {
		case n > 0 && runeLen(out[n-1]) == 1 && strings.ContainsRune("（(“《【", firstRune(out[n-1])):
			out[n-1] += l // "（" + "三）改革开放…"
			continue
		case n > 0 && reSubscript.MatchString(l) && endsLatin(out[n-1]) && i+1 < len(lines):
			out[n-1] += l + lines[i+1] // "PM" + "2.5" + "年平均浓度…"
			i++
			continue
		case n > 0 && strings.ContainsRune("，。、；：？！）」』”》,.;:?!)", firstRune(l)):
			out[n-1] += l
			continue
		case n > 0 && strings.HasPrefix(l, "是：") && runeLen(out[n-1]) <= 10 && !endsSentence(out[n-1]):
			out[n-1] += l // bold lead-in: "主要目标" + "是：…"
			continue
		case n > 0 && strings.HasPrefix(out[n-1], "——") && !strings.HasSuffix(out[n-1], "上") && strings.HasSuffix(l, "会议上"):
			out[n-1] += l
			continue
		}
		out = append(out, l)
	}
	return out
}

func endsLatin(s string) bool {
	r := []rune(s)
	if len(r) == 0 {
		return false
	}
	c := r[len(r)-1]
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// inferProvincial fills level, region, body, title, year, session and dates
// of a provincial government work report.
func inferProvincial(d *Document, lines []string, prov, year, published string) {
	if prov == "" {
		prov = province(d.Title)
	}
	d.Level = LevelProvincial
	d.Region = prov
	if prov != "" {
		d.Body = prov + "人民政府"
		// "2026年政府工作报告" says whose report it is only in its column.
		if !strings.Contains(d.Title, prov) {
			if y, rest, ok := strings.Cut(d.Title, "年"); ok && cnDigitsValue(y) > 0 {
				d.Title = y + "年" + prov + rest
			} else {
				d.Title = prov + d.Title
			}
		}
	}
	d.Session, d.Dates.Session = sessionLine(lines)
	d.Dates.Published = isoDate(published)
	if d.Dates.Published == "" {
		d.Dates.Published = firstDate(published)
	}
	d.Year, _ = strconv.Atoi(strings.TrimSpace(year))
	if d.Year == 0 {
		d.Year = dateYear(d.Dates.Session)
	}
}
