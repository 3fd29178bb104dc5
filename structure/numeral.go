package structure

import "strings"

// Numeral parses a Chinese numeral as written in headings and law articles
// (十二 → 12, 一百零五 → 105, 一千二百六十 → 1260, 两百 → 200) or a string of
// ASCII or full-width digits. Numerals without units are read digit by digit
// (一〇五 → 105). It reports false for an empty string or any other
// character.
func Numeral(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	digits := true
	for _, r := range s {
		if digitValue(r) < 0 {
			digits = false
			break
		}
	}
	if digits {
		n := 0
		for _, r := range s {
			n = n*10 + digitValue(r)
			if n > 1e8 {
				return 0, false
			}
		}
		return n, true
	}
	if !strings.ContainsAny(s, "十百千万") {
		return 0, false
	}
	total, section, cur := 0, 0, -1
	for _, r := range s {
		switch r {
		case '十', '百', '千':
			unit := map[rune]int{'十': 10, '百': 100, '千': 1000}[r]
			if cur < 0 {
				cur = 1 // 十二 means 一十二
			}
			section += cur * unit
			cur = -1
		case '万':
			if cur > 0 {
				section += cur
			}
			total += section * 10000
			section, cur = 0, -1
		default:
			v := digitValue(r)
			if v < 0 {
				return 0, false
			}
			cur = v
		}
	}
	if cur > 0 {
		section += cur
	}
	return total + section, true
}

// digitValue returns the value of a single Chinese, ASCII or full-width
// digit, or -1.
func digitValue(r rune) int {
	switch r {
	case '〇', '零', '0', '０':
		return 0
	case '一', '1', '１':
		return 1
	case '二', '两', '2', '２':
		return 2
	case '三', '3', '３':
		return 3
	case '四', '4', '４':
		return 4
	case '五', '5', '５':
		return 5
	case '六', '6', '６':
		return 6
	case '七', '7', '７':
		return 7
	case '八', '8', '８':
		return 8
	case '九', '9', '９':
		return 9
	}
	return -1
}

// circledValue returns 1–20 for ①–⑳, or 0.
func circledValue(r rune) int {
	if r >= '①' && r <= '⑳' {
		return int(r-'①') + 1
	}
	return 0
}
