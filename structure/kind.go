package structure

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/renda-archive/renda/corpus"
)

// Heading words that give a section its kind. A heading with both review
// and plan words (广西: "“十四五”时期发展成就和“十五五”时期主要目标任务")
// is a plan: it ends by setting targets.
var (
	otherCues  = []string{"结束语", "结语", "前言", "序言", "总则", "附则"}
	reviewCues = []string{"回顾", "工作总结", "发展成就", "主要成就", "执行情况", "过去一年", "过去的一年", "过去五年", "过去的五年", "一年来", "五年来"}
	planCues   = []string{"工作安排", "主要任务", "重点任务", "基本任务", "重点工作", "总体要求", "目标任务", "主要目标", "预期目标", "政策取向", "工作任务", "工作建议", "工作的建议", "今年", "新的一年", "十五五", "规划纲要", "主要考虑", "战略举措", "展望"}
	yearWorkRe = regexp.MustCompile(`([0-9]{4})年.*工作`)
)

// headingCue returns the kind a heading's own words give it, or "".
func headingCue(t string) corpus.Kind {
	for _, c := range otherCues {
		if strings.Contains(t, c) {
			return corpus.KindOther
		}
	}
	for _, c := range planCues {
		if strings.Contains(t, c) {
			return corpus.KindPlan
		}
	}
	for _, c := range reviewCues {
		if strings.Contains(t, c) {
			return corpus.KindReview
		}
	}
	return ""
}

// headingKind is headingCue plus the year rule: a heading about the work of
// a year before the report year is a review ("2024年工作"), of the report
// year or later a plan ("关于1 9 9 8 年政府工作的建议").
func (b *builder) headingKind(t string) corpus.Kind {
	if k := headingCue(t); k != "" {
		return k
	}
	if b.doc.Year > 0 {
		compact := strings.NewReplacer(" ", "", "\u3000", "").Replace(t)
		if m := yearWorkRe.FindStringSubmatch(compact); m != nil {
			y, _ := strconv.Atoi(m[1])
			if y < b.doc.Year {
				return corpus.KindReview
			}
			return corpus.KindPlan
		}
	}
	return ""
}

// openerKind returns the kind of the part of a report that a paragraph
// outside any section opens, or "": "2024年是…" in a report of 2025 opens the
// review, "2025年是…" the plan; without a report year, 一年来/过去一年 mark a
// review and 今年/新的一年 a plan.
func (b *builder) openerKind(t string) corpus.Kind {
	if m := openerYearRe.FindStringSubmatch(t); m != nil && b.doc.Year > 0 {
		y, _ := strconv.Atoi(m[1])
		if y < b.doc.Year {
			return corpus.KindReview
		}
		return corpus.KindPlan
	}
	head := t
	if r := []rune(t); len(r) > 80 {
		head = string(r[:80])
	}
	for _, c := range []string{"一年来", "过去一年", "过去的一年", "五年来", "过去五年"} {
		if strings.Contains(head, c) {
			return corpus.KindReview
		}
	}
	for _, c := range []string{"今年", "新的一年"} {
		if strings.HasPrefix(t, c) {
			return corpus.KindPlan
		}
	}
	if openerYearRe.MatchString(t) {
		return corpus.KindPlan // a later "YYYY年是" without a report year
	}
	return ""
}
