package corpus

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Laws and local regulations in Markdown (FormatLawMD), as in the national
// law database export:
//
//	# 中华人民共和国宪法
//
//	1982年12月4日 第五届全国人民代表大会第五次会议通过
//	…
//	<!-- INFO END -->
//
//	## 第一章 总纲
//
//	第一条 …
//
// The "# " lines before the marker are the title (the Civil Code's books have
// two: 中华人民共和国民法典 and 总则, joined with a space) and are not part of
// Text. The other lines there are history lines (a date, or an issuing body
// and what it did: 通过, 修正, 修订, 批准, 公布, 施行), kept as lines of Text
// and in History; a history line broken where a 、 was lost inside a quoted
// title ("《关于修改〈浙江省县" + "乡两级…〉的决定》第一次修正") is re-joined.
// HTML comments (<!-- INFO END -->, <!-- FORCE BREAK -->) are dropped; the
// #, ## … markers are stripped from heading lines, which are recorded in
// Headings (## is depth 1).

const lawInfoEnd = "<!-- INFO END -->"

var (
	reHeading   = regexp.MustCompile(`^(#{1,6})(?:\s+(.*))?$`)
	reComment   = regexp.MustCompile(`<!--.*?-->`)
	reNameDate  = regexp.MustCompile(`[（(](\d{4}-\d{1,2}-\d{1,2})[)）]`)
	reOrg       = regexp.MustCompile(`人民代表大会常务委员会|人大常委会|人民代表大会|人民政府|国务院`)
	reTerm      = regexp.MustCompile(`第?[` + cnNumber + `]+[届屆]$`)
	reQuoted    = regexp.MustCompile(`《[^《》]*》|〈[^〈〉]*〉|<[^<>]*>`)
	reSession   = regexp.MustCompile(`\p{Han}*?第[` + cnNumber + `]+届\p{Han}*?第[` + cnNumber + `]+次会议`)
	reInForce   = regexp.MustCompile(`自(\S{6,16}?日)起(施行|实施)`)
	reLocalName = regexp.MustCompile(`^(\p{Han}{1,8}?(?:自治县|县|市))`)
)

func parseLaw(src source, text string) ([]*Document, []Problem) {
	lines := splitLines(text)
	end := -1
	for i, l := range lines {
		if trim(l) == lawInfoEnd {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, []Problem{{Path: src.path, Reason: "not a supported format: Markdown whose " + lawInfoEnd + " is not on a line of its own (not a law file)"}}
	}
	var titles, head []string
	for _, l := range lines[:end] {
		l = trim(reComment.ReplaceAllString(l, ""))
		switch {
		case l == "":
			continue
		case len(head) == 0 && strings.HasPrefix(l, "#"):
			if t := trim(strings.TrimLeft(l, "#")); t != "" {
				titles = append(titles, t)
			}
			continue
		case len(head) > 0 && reDate.FindStringIndex(l) == nil && unbalanced(head[len(head)-1]):
			head[len(head)-1] += l
			continue
		}
		head = append(head, l)
	}
	title := strings.Join(titles, " ")
	if title == "" {
		return nil, []Problem{{Path: src.path, Line: 1, Reason: "law Markdown without a # title"}}
	}
	d := &Document{
		Title:    title,
		Source:   Source{Format: FormatLawMD, Path: src.path},
		Original: text,
	}
	var out []string
	for _, l := range head {
		if isHistory(l) {
			d.History = append(d.History, l)
		}
		out = append(out, l)
	}
	open := false // the last line is a heading that breaks off (…人民法院和)
	for _, l := range lines[end+1:] {
		l = trim(reComment.ReplaceAllString(l, ""))
		if l == "" {
			continue
		}
		if m := reHeading.FindStringSubmatch(l); m != nil {
			if l = trim(m[2]); l == "" {
				continue
			}
			d.Headings = append(d.Headings, Heading{Line: len(out), Depth: max(1, len(m[1])-1)})
			out = append(out, l)
			open = brokenHeading(l)
			continue
		}
		if open && continuesHeading(l) {
			out[len(out)-1] += l // the source split the heading over two lines
			open = brokenHeading(out[len(out)-1])
			continue
		}
		open = false
		out = append(out, l)
	}
	d.Text = joinText(out)
	if d.Text == "" {
		return nil, []Problem{{Path: src.path, Reason: "law Markdown without text"}}
	}
	if reason := inferLaw(d, src); reason != "" {
		return nil, []Problem{{Path: src.path, Reason: reason}}
	}
	return []*Document{d}, nil
}

// unbalanced reports whether s opens more title quotes than it closes.
func unbalanced(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '《', '〈', '<':
			n++
		case '》', '〉', '>':
			n--
		}
	}
	return n > 0
}

// isHistory reports whether a line before the INFO END marker is a history
// line: one that starts with a date, or names a congress or government and
// what it did.
func isHistory(l string) bool {
	if loc := reDate.FindStringIndex(l); loc != nil && loc[0] == 0 {
		return true
	}
	return reOrg.MatchString(l) && hasVerb(l, "通过", "修正", "修订", "批准", "公布", "施行")
}

// hasVerb reports whether l says one of verbs outside quoted titles:
// "…批准的《…关于修改〈…〉的决定》第一次修正" says 批准 and 修正.
func hasVerb(l string, verbs ...string) bool {
	l = reQuoted.ReplaceAllString(l, "")
	for _, v := range verbs {
		if strings.Contains(l, v) {
			return true
		}
	}
	return false
}

// orgOf returns the issuing body named first in l: its place and its kind
// (全国人民代表大会常务委员会 is "全国" and "人民代表大会常务委员会"). A place
// abbreviated to its level (省十二届人大常委会, 县第五届人民代表大会) comes back
// as that level: 省, 市, 县, 自治区, or "" when none is written.
func orgOf(l string) (place, kind string, ok bool) {
	loc := reOrg.FindStringIndex(l)
	if loc == nil {
		return "", "", false
	}
	kind = l[loc[0]:loc[1]]
	if kind == "人大常委会" {
		kind = "人民代表大会常务委员会"
	}
	if kind == "国务院" {
		return "全国", kind, true
	}
	prefix := l[:loc[0]]
	if dl := reDate.FindStringIndex(prefix); dl != nil {
		prefix = prefix[dl[1]:]
	}
	prefix = reTerm.ReplaceAllString(trim(prefix), "")
	switch {
	case strings.Contains(prefix, "全国"):
		return "全国", kind, true
	case runeLen(prefix) > 12 || strings.ContainsAny(prefix, " 《〈<，。、"):
		return "", "", false
	}
	return prefix, kind, true
}

// isAbbrev reports whether place is a level standing for a place named
// elsewhere.
func isAbbrev(place string) bool {
	switch place {
	case "", "省", "市", "县", "区", "自治区", "自治州", "自治县":
		return true
	}
	return false
}

// inferLaw fills the metadata of a law from its history lines, title, file
// name and folder. It returns why the file is not a law or regulation, or "".
//
// Body is the body that adopted the law (the first history line saying
// 通过, 修订 or 修正, else any naming a body), else the body its title names
// (上海市人民代表大会常务委员会议事规则). Local regulations without history
// lines are taken to be their province's (or the city's their title names)
// standing committee's, which adopts local regulations unless the title says
// the congress itself. Files in national folders that name no body and no
// history are TypeOther with an empty Body; files that give no date either
// and whose title names no congress are not laws and are refused.
func inferLaw(d *Document, src source) string {
	parts := strings.Split(dirName(src.path), "/")
	local := false
	for _, p := range parts {
		local = local || p == "DLC" || strings.Contains(p, "地方性法规") || strings.Contains(p, "地方法规")
	}
	region := ""
	if local {
		region = province(src.folder)
		for _, p := range parts {
			if region == "" {
				region = province(p)
			}
		}
	}

	// Dates.
	var adoptedLine string
	var latest string
	for _, h := range d.History {
		dates, _ := findDates(h)
		if len(dates) == 0 {
			continue
		}
		dt := dates[0]
		latest = max(latest, dt)
		if hasVerb(h, "通过", "修正", "修订") && dt >= d.Dates.Adopted {
			d.Dates.Adopted, adoptedLine = dt, h
		}
		if hasVerb(h, "公布") {
			d.Dates.Promulgated = max(d.Dates.Promulgated, dt)
		}
		if hasVerb(h, "施行") {
			d.Dates.Effective = max(d.Dates.Effective, dt)
		}
	}
	if m := reNameDate.FindStringSubmatch(src.base); m != nil {
		d.Dates.Effective = isoDate(m[1])
		d.Year = dateYear(d.Dates.Effective)
	}
	if d.Dates.Effective == "" {
		// "本条例自2008年1月1日起实施。" near the end.
		if ms := reInForce.FindAllStringSubmatch(d.Text, -1); ms != nil {
			d.Dates.Effective = firstDate(ms[len(ms)-1][1])
		}
	}
	if d.Year == 0 {
		d.Year = dateYear(latest)
	}
	if d.Year == 0 {
		d.Year = dateYear(d.Dates.Effective)
	}
	if adoptedLine != "" {
		if m := reSession.FindString(adoptedLine[strings.Index(adoptedLine, "日")+len("日"):]); m != "" {
			d.Session = trim(m)
			d.Dates.Session = d.Dates.Adopted
		}
	}

	// Body and place. The title names the place of a local regulation
	// (宁波市城市绿化条例, 景宁畲族自治县水资源管理条例) for abbreviated lines.
	titlePlace := province(d.Title)
	if m := reLocalName.FindStringSubmatch(d.Title); titlePlace == "" && m != nil {
		titlePlace = m[1]
	}
	place, kind, found := "", "", false
	for _, pass := range []bool{true, false} {
		for _, h := range d.History {
			if pass && !hasVerb(h, "通过", "修正", "修订") {
				continue
			}
			if place, kind, found = orgOf(h); found {
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		// A body the title names: 上海市人民代表大会常务委员会议事规则.
		if p, k, ok := orgOf(d.Title); ok && p != "" && (p == "全国" || p == titlePlace) {
			place, kind, found = p, k, true
		}
	}
	if !found && local {
		place, kind, found = titlePlace, "人民代表大会常务委员会", true
	}
	if !found && d.Year == 0 {
		return "not a law or regulation: no history lines, no date and no issuing body"
	}
	if found && isAbbrev(place) {
		switch {
		case place != "" && place != "省" && place != "自治区" && strings.HasSuffix(titlePlace, place):
			place = titlePlace
		default:
			place = region
		}
	}
	switch {
	case !found:
	case place == "全国" && kind == "国务院":
		d.Body = kind
	case place == "全国":
		d.Body = "全国" + kind
	default:
		d.Body = place + kind
	}

	switch {
	case place == "全国":
		d.Type, d.Level, d.Region = TypeLaw, LevelNational, "全国"
	case found && place != "":
		d.Type = TypeLocalRegulation
		d.Level = levelOf(place)
		if d.Level != LevelProvincial {
			d.Locality = place
		}
		d.Region = region
		if d.Region == "" {
			d.Region = province(place)
		}
		if d.Region == "" {
			d.Region = municipalDistricts[place]
		}
	default:
		d.Type, d.Level, d.Region = TypeOther, LevelNational, "全国"
		if local {
			d.Level, d.Region = LevelProvincial, region
		}
	}
	return ""
}

// brokenHeading reports whether a heading line stops mid-phrase, on a
// conjunction or a comma: 第二章 听取和审议人民政府、人民法院和.
func brokenHeading(l string) bool {
	last, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune("和、，的及与或并", last)
}

// reArticleLine is a line that opens an article (第十二条); structure
// reads the number.
var reArticleLine = regexp.MustCompile(`^第[^条\s]{1,8}条`)

// continuesHeading reports whether l can be the rest of a broken heading:
// short, not an article, not a sentence.
func continuesHeading(l string) bool {
	return runeLen(l) <= 40 && !reArticleLine.MatchString(l) && !endsSentence(l)
}
