package corpus

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings a file may come in; which one is detected from the content.
const (
	EncUTF8    = "UTF-8"
	EncUTF16LE = "UTF-16LE"
	EncUTF16BE = "UTF-16BE"
	EncGB18030 = "GB18030" // a superset of GBK and GB2312, most scraped government pages
)

// maxRepairs is how many damaged lines decode names one by one; past it,
// one more problem gives the count.
const maxRepairs = 10

// decoded is a file's content as UTF-8 text.
type decoded struct {
	text     string
	encoding string
	repaired []int // lines where bytes that decode to nothing were replaced by U+FFFD
}

// decode turns a file's bytes into UTF-8 text, detecting the encoding
// from the content: a byte-order mark; UTF-16 without one, by its zero
// bytes; an HTML page's declared charset; valid UTF-8; GB18030 when the
// bytes read as Chinese in it. Bytes that decode to nothing in the chosen
// encoding become U+FFFD and their lines are listed, so that one bad byte
// costs a character, not the file. It fails with the reason when the bytes
// are text in none of these encodings.
func decode(data []byte) (decoded, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return decodeWith(data[3:], EncUTF8, nil)
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return decodeWith(data[2:], EncUTF16LE, textunicode.UTF16(textunicode.LittleEndian, textunicode.IgnoreBOM))
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeWith(data[2:], EncUTF16BE, textunicode.UTF16(textunicode.BigEndian, textunicode.IgnoreBOM))
	}
	if order, ok := utf16Order(data); ok {
		name := EncUTF16LE
		if order == textunicode.BigEndian {
			name = EncUTF16BE
		}
		return decodeWith(data, name, textunicode.UTF16(order, textunicode.IgnoreBOM))
	}
	if looksHTML(data) {
		if enc, name, certain := charset.DetermineEncoding(data, "text/html"); certain && name != "utf-8" {
			if isGB(name) {
				return decodeWith(data, EncGB18030, simplifiedchinese.GB18030)
			}
			return decodeWith(data, strings.ToUpper(name), enc)
		}
	}
	if utf8.Valid(data) {
		return decoded{text: string(data), encoding: EncUTF8}, nil
	}
	// Mostly UTF-8 with a few damaged bytes, or another encoding: whichever
	// reads with fewer characters lost, as long as few are.
	asUTF8, _ := decodeWith(data, EncUTF8, nil)
	asGB, _ := decodeWith(data, EncGB18030, simplifiedchinese.GB18030)
	best := asUTF8
	if lost(asGB.text) < lost(asUTF8.text) && hanShare(asGB.text) > 0.3 {
		best = asGB
	}
	if tooDamaged(best.text) || strings.IndexFunc(best.text, isControl) >= 0 {
		return decoded{}, fmt.Errorf("not text in UTF-8, UTF-16 or GB18030 (binary file or another encoding)")
	}
	return best, nil
}

// decodeWith decodes data with enc (nil: UTF-8 as it is) and lists the
// lines where U+FFFD stands in for bytes that did not decode.
func decodeWith(data []byte, name string, enc encoding.Encoding) (decoded, error) {
	text := string(data)
	if enc != nil {
		out, _, err := transform.Bytes(enc.NewDecoder(), data)
		if err != nil {
			return decoded{}, fmt.Errorf("not valid %s: %w", name, err)
		}
		text = string(out)
	}
	d := decoded{encoding: name}
	if enc == nil && !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if strings.ContainsRune(text, '\uFFFD') && !bytes.Contains(data, []byte("\xef\xbf\xbd")) {
		for n, line := range strings.Split(text, "\n") {
			if strings.ContainsRune(line, '\uFFFD') {
				d.repaired = append(d.repaired, n+1)
			}
		}
	}
	d.text = text
	return d, nil
}

// problems reports the repaired lines of the file at path.
func (d decoded) problems(path string) []Problem {
	var out []Problem
	for k, line := range d.repaired {
		if k == maxRepairs {
			out = append(out, Problem{Path: path, Line: line, Repaired: true,
				Reason: fmt.Sprintf("and %d more lines with bytes that are not %s, replaced by U+FFFD", len(d.repaired)-k, d.encoding)})
			break
		}
		out = append(out, Problem{Path: path, Line: line, Repaired: true,
			Reason: fmt.Sprintf("bytes that are not %s replaced by U+FFFD; the rest of the file was imported", d.encoding)})
	}
	return out
}

// utf16Order detects UTF-16 without a byte-order mark: real text has no
// NUL characters, so zero bytes, most of them at odd offsets or most at
// even ones (the high bytes of ASCII letters, digits and line ends; a few
// CJK characters such as 一, U+4E00, put one at the other parity), say
// UTF-16; the decoded text must then read as text.
func utf16Order(data []byte) (textunicode.Endianness, bool) {
	if len(data) < 4 || len(data)%2 != 0 {
		return textunicode.LittleEndian, false
	}
	var even, odd int
	for k := 0; k < len(data); k += 2 {
		if data[k] == 0 {
			even++
		}
		if data[k+1] == 0 {
			odd++
		}
	}
	order := textunicode.LittleEndian
	switch {
	case odd >= 2 && even*4 < odd:
	case even >= 2 && odd*4 < even:
		order = textunicode.BigEndian // the high byte first
	default:
		return order, false
	}
	out, _, err := transform.Bytes(textunicode.UTF16(order, textunicode.IgnoreBOM).NewDecoder(), data)
	if err != nil || tooDamaged(string(out)) || strings.IndexFunc(string(out), isControl) >= 0 {
		return order, false
	}
	return order, true
}

// tooDamaged reports whether more characters of s failed to decode than a
// damaged file plausibly has: more than 3 and more than 1 in 100.
func tooDamaged(s string) bool {
	n := lost(s)
	return n > 3 && n*100 > utf8.RuneCountInString(s)
}

func isGB(name string) bool {
	switch name {
	case "gbk", "gb2312", "gb18030":
		return true
	}
	return false
}

// lost counts the characters that did not decode.
func lost(s string) int { return strings.Count(s, "\uFFFD") }

// hanShare is the share of Han characters among the letters of s.
func hanShare(s string) float64 {
	var han, letters int
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
			letters++
		} else if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return 0
	}
	return float64(han) / float64(letters)
}
