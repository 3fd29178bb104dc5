package corpus

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML pages as saved from government sites (FormatHTML). The article is
// the element whose id or class names content (content, article, zoom,
// TRS_Editor, …) holding the most Han characters, or the body. Dropped:
// scripts, styles, comments, navigation, headers, footers, forms, and the
// page furniture lines within the article: 当前位置：首页>>…, 【字体：大 中 小】,
// 责任编辑：…, 来源：…, 发布时间：…, 分享到…, 打印本页, 关闭窗口, 上一篇/下一篇.
// Literal "<U+00A0>" left by broken converters and non-breaking spaces
// become spaces. A paragraph the page repeats (a report printed twice,
// once for the screen and once for printing) is kept once. The title is
// the page's ArticleTitle meta, its h1 or its <title> without the site
// name after "_", " - " or "|"; the file name otherwise. Type, body, place,
// year and session then come from the title and text as for plain text.

var (
	reContentBox = regexp.MustCompile(`(?i)content|article|zoom|trs_?editor|detail|main|text|wenzhang|zhengwen`)
	reFurniture  = regexp.MustCompile(`^(当前位置|您现在的位置|您的位置|所在位置)\s*[:：]|【?\s*字[体号]\s*[:：]|^(责任编辑|编辑|来源|作者|发布时间|发布日期|时间|浏览次数|点击数|阅读次数|信息来源|文章来源)\s*[:：]|分享到|打印本页|关闭窗口|^(上一篇|下一篇)\s*[:：]?|^扫一扫|^首页\s*(>|》|»)`)
	reSiteSuffix = regexp.MustCompile(`\s*(_|\s-\s|\||｜|——).*$`)
)

// blockTags break lines in extracted text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.Table: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true, atom.Center: true,
	atom.Ul: true, atom.Ol: true, atom.Dd: true, atom.Dt: true, atom.Hr: true,
}

// droppedTags are never article text.
var droppedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Select: true,
	atom.Button: true, atom.Head: true, atom.Template: true, atom.Svg: true,
}

// looksHTML reports whether data starts like an HTML page.
func looksHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimLeft(data[:min(len(data), 1024)], " \t\r\n\ufeff"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<head")) || bytes.HasPrefix(head, []byte("<meta")) ||
		bytes.HasPrefix(head, []byte("<!--")) && bytes.Contains(head, []byte("<html"))
}

func parseHTML(src source, text string) ([]*Document, []Problem) {
	// Broken converters leave "<U+00A0>", which would parse as a tag.
	root, err := html.Parse(strings.NewReader(strings.ReplaceAll(text, "<U+00A0>", " ")))
	if err != nil {
		return nil, []Problem{{Path: src.path, Reason: "HTML that does not parse: " + err.Error()}}
	}
	title := pageTitle(root)
	box := contentBox(root)
	var lines []string
	var cur strings.Builder
	flush := func() {
		if l := trim(cur.String()); l != "" {
			lines = append(lines, l)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.CommentNode:
			return
		case html.TextNode:
			cur.WriteString(strings.Join(strings.Fields(n.Data), " "))
			return
		case html.ElementNode:
			if droppedTags[n.DataAtom] {
				return
			}
			if blockTags[n.DataAtom] {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(box)
	flush()
	var paras []string
	seen := map[string]bool{}
	for _, l := range lines {
		l = trim(strings.ReplaceAll(l, "\u00a0", " "))
		if l == "" || runeLen(l) <= 80 && reFurniture.MatchString(l) {
			continue
		}
		if l == title && len(paras) == 0 {
			continue // the heading repeats the title
		}
		if runeLen(l) >= 10 {
			if seen[l] {
				continue
			}
			seen[l] = true
		}
		paras = append(paras, l)
	}
	supplied := ""
	if title == "" {
		title, supplied = fileTitle(src.base), SuppliedFileName
	}
	docs, probs := proseDocument(src, FormatHTML, title, text, paras)
	for _, d := range docs {
		d.TitleSupplied = supplied
	}
	return docs, probs
}

// pageTitle is the article's title: the ArticleTitle meta, the first h1,
// or <title> without the site name.
func pageTitle(root *html.Node) string {
	var meta, h1, title string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				if strings.EqualFold(attr(n, "name"), "ArticleTitle") && meta == "" {
					meta = trim(attr(n, "content"))
				}
			case atom.H1:
				if h1 == "" {
					h1 = trim(textOf(n))
				}
			case atom.Title:
				if title == "" {
					title = trim(reSiteSuffix.ReplaceAllString(trim(textOf(n)), ""))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, t := range []string{meta, h1, title} {
		if t != "" {
			return t
		}
	}
	return ""
}

// contentBox returns the element that holds the article: of those whose
// id or class names content, the one with the most Han characters, if it
// holds at least a third of the page's; else the body (or the root).
func contentBox(root *html.Node) *html.Node {
	var best, body *html.Node
	bestHan := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if droppedTags[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Body {
				body = n
			}
			if reContentBox.MatchString(attr(n, "id") + " " + attr(n, "class")) {
				if h := hanCount(n); h > bestHan {
					best, bestHan = n, h
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if body == nil {
		body = root
	}
	if best != nil && bestHan*3 >= hanCount(body) {
		return best
	}
	return body
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// textOf is the text under n, scripts and styles left out.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && droppedTags[n.DataAtom] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// hanCount counts the Han characters of the article text under n.
func hanCount(n *html.Node) int {
	count := 0
	for _, r := range textOf(n) {
		if unicode.Is(unicode.Han, r) {
			count++
		}
	}
	return count
}
