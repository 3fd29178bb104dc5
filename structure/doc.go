// Package structure turns a normalized Document's text into the sections and
// passages that Renda searches, cites and tags.
//
// Build reads Document.Text (one paragraph per line) and Document.Headings,
// and fills Document.Sections and Document.Passages. Every line of Text
// becomes exactly one Passage, in order, so joining the passage texts with
// "\n" always gives Text back: structuring never loses or duplicates text.
//
// Detection is rule-based and deterministic. Reports (standing-committee and
// government work reports, resolutions) are read for numbered headings (①–⑤,
// 一、, （一）, 第一，), a few unnumbered headings that name a part of a report
// (工作回顾, 主要任务, 结束语 …), and a circled heading whose number was lost,
// recognised by its position between two circled neighbours. Work items are
// ☆ lines, 1. and （1） list entries, and short one-sentence lines standing
// alone under a heading. Laws and local regulations are read for 编, 分编,
// 章 and 节 headings (trusting Document.Headings when the importer gives
// them) and 第X条 articles, whose number is parsed from the Chinese numeral
// (第一百零五条 → 105); an article's continuation paragraphs keep its number.
//
// Each section gets a Kind: review of the past period, plan for the coming
// one, or other. Kinds come from the heading's words (2024年工作回顾,
// 主要任务 …), from an opening paragraph that starts a part of a report
// without a heading (the Minhang report's "2024年是…一年来…" and
// "2025年是…"), and pass from a section to its sub-sections and passages.
// Laws are always other.
package structure
