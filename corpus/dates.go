package corpus

import (
	"fmt"
	"regexp"
	"strings"
)

// Dates are written 2026年2月3日, 2026年2月3日 with full-width digits,
// 二〇二六年二月三日 in Chinese numerals, or 2026-02-03. All become
// YYYY-MM-DD.

const (
	cnDigits = "〇○零一二三四五六七八九"
	cnNumber = "一二三四五六七八九十"
)

var (
	reDate = regexp.MustCompile(`([0-9０-９]{4}|[` + cnDigits + `]{4})\s*年\s*([0-9０-９]{1,2}|[` + cnNumber + `]{1,3})\s*月\s*([0-9０-９]{1,2}|[` + cnNumber + `]{1,3})\s*日`)
	reISO  = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
)

// findDates returns every date written in s, in order, as YYYY-MM-DD, with
// the byte offsets where each one starts and ends.
func findDates(s string) (dates []string, spans [][2]int) {
	for _, m := range reDate.FindAllStringSubmatchIndex(s, -1) {
		d := makeDate(cnDigitsValue(s[m[2]:m[3]]), cnValue(s[m[4]:m[5]]), cnValue(s[m[6]:m[7]]))
		if d != "" {
			dates = append(dates, d)
			spans = append(spans, [2]int{m[0], m[1]})
		}
	}
	return dates, spans
}

// firstDate returns the first date written in s as YYYY-MM-DD, or "".
func firstDate(s string) string {
	d, _ := findDates(s)
	if len(d) == 0 {
		return ""
	}
	return d[0]
}

// isoDate returns the first YYYY-MM-DD (or YYYY-M-D) date in s, normalized.
func isoDate(s string) string {
	m := reISO.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return makeDate(cnDigitsValue(m[1]), cnValue(m[2]), cnValue(m[3]))
}

func makeDate(y, m, d int) string {
	if y < 1000 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// dateYear returns the year of a YYYY-MM-DD date, or 0.
func dateYear(d string) int {
	if len(d) < 4 {
		return 0
	}
	return cnDigitsValue(d[:4])
}

// digitValue returns the value of one digit written in ASCII, full-width or
// Chinese, or -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	case r == '〇' || r == '○' || r == '零':
		return 0
	}
	if i := strings.IndexRune("一二三四五六七八九", r); i >= 0 {
		return i/len("一") + 1
	}
	return -1
}

// cnDigitsValue reads digits one by one, as years are written: 二〇二六 → 2026.
func cnDigitsValue(s string) int {
	n := 0
	for _, r := range s {
		d := digitValue(r)
		if d < 0 {
			return 0
		}
		n = n*10 + d
	}
	return n
}

// cnValue reads a number below 100 written in digits or in Chinese numerals
// with 十: 十 → 10, 十四 → 14, 二十七 → 27, 27 → 27. It returns 0 for
// anything else.
func cnValue(s string) int {
	if !strings.ContainsRune(s, '十') {
		return cnDigitsValue(s)
	}
	tens, ones, ok := strings.Cut(s, "十")
	if !ok || strings.ContainsRune(ones, '十') {
		return 0
	}
	t, o := 1, 0
	if tens != "" {
		if t = cnDigitsValue(tens); t < 1 || t > 9 || runeLen(tens) != 1 {
			return 0
		}
	}
	if ones != "" {
		if o = cnDigitsValue(ones); o < 1 || runeLen(ones) != 1 {
			return 0
		}
	}
	return t*10 + o
}

// cnNumeral writes n (1..99) in Chinese numerals, as congress names do:
// 14 → 十四, 23 → 二十三.
func cnNumeral(n int) string {
	const d = "〇一二三四五六七八九"
	digit := func(i int) string { return string([]rune(d)[i]) }
	switch {
	case n <= 0 || n > 99:
		return fmt.Sprint(n)
	case n < 10:
		return digit(n)
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digit(n%10)
	case n%10 == 0:
		return digit(n/10) + "十"
	}
	return digit(n/10) + "十" + digit(n%10)
}

// National People's Congress sessions. Each NPC held its first session in
// the year below and then one session a year, except that the 2nd NPC held
// no session in 1961 (its 3rd session met in 1962, its 4th in 1963).
var npcFirstYear = map[int]int{
	1: 1954, 2: 1959, 3: 1964, 4: 1975, 5: 1978, 6: 1983, 7: 1988,
	8: 1993, 9: 1998, 10: 2003, 11: 2008, 12: 2013, 13: 2018, 14: 2023,
}

// npcSessions is the number of sessions of the NPCs that held fewer than
// five: the 2nd held four, the 3rd (1964–65) and the 4th (1975) one each.
var npcSessions = map[int]int{2: 4, 3: 1, 4: 1}

// npcSessionYear returns the year of session n of the npc-th NPC, or 0.
func npcSessionYear(npc, n int) int {
	y, ok := npcFirstYear[npc]
	last := npcSessions[npc]
	if last == 0 {
		last = 5
	}
	if !ok || n < 1 || n > last {
		return 0
	}
	y += n - 1
	if npc == 2 && n >= 3 {
		y++
	}
	return y
}

// npcSessionOf returns the NPC and session that met in year, or 0, 0.
func npcSessionOf(year int) (npc, n int) {
	for npc := range 20 {
		for n := 1; n <= 5; n++ {
			if npcSessionYear(npc, n) == year {
				return npc, n
			}
		}
	}
	return 0, 0
}

// npcSessionName is the name of session n of the npc-th NPC, in simplified
// characters: 第十四届全国人民代表大会第三次会议.
func npcSessionName(npc, n int) string {
	return "第" + cnNumeral(npc) + "届全国人民代表大会第" + cnNumeral(n) + "次会议"
}

// reNPCSession matches an NPC session in simplified or traditional
// characters: 第十四届全国人民代表大会第三次会议, 第一届全國人民代表大會第四次會議.
var reNPCSession = regexp.MustCompile(`第([` + cnNumber + `]{1,3})[届屆]全[国國]人民代表大[会會]第([` + cnNumber + `]{1,3})次[会會][议議]`)

// findNPCSession returns the first NPC session named in s, its byte offset,
// or ok false.
func findNPCSession(s string) (npc, n, at int, ok bool) {
	m := reNPCSession.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, 0, false
	}
	npc, n = cnValue(s[m[2]:m[3]]), cnValue(s[m[4]:m[5]])
	if npcSessionYear(npc, n) == 0 {
		return 0, 0, 0, false
	}
	return npc, n, m[0], true
}

// sessionLine finds, in the first 30 lines, the line under a report's
// title that names the session it was delivered to and the date before
// it (２０２６年１月２６日在广东省第十四届人民代表大会第五次会议上), and returns
// the session's name and the date as YYYY-MM-DD, or "" and "".
func sessionLine(lines []string) (session, date string) {
	for _, l := range lines[:min(len(lines), 30)] {
		if loc := reSessionLine.FindStringSubmatchIndex(l); loc != nil {
			return l[loc[2]:loc[3]], firstDate(l[:loc[0]])
		}
	}
	return "", ""
}
