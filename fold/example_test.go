package fold_test

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/renda-archive/renda/fold"
)

func ExampleString() {
	fmt.Println(fold.String("第一届全國人民代表大會\u3000２０２４年 ＧＤＰ"))
	// Output: 第一届全国人民代表大会2024年gdp
}

// Map lets a match found in folded text be highlighted on the original
// characters.
func ExampleMap() {
	text := "我們第一届全國人民代表大會第一次會議"
	quote := fold.String("全国人民代表大会")

	folded, pos := fold.Map(text)
	at := strings.Index(string(folded), quote)
	i := utf8.RuneCountInString(string(folded)[:at]) // first rune of the match
	j := i + utf8.RuneCountInString(quote) - 1       // last rune of the match
	_, size := utf8.DecodeRuneInString(text[pos[j]:])
	fmt.Println(text[pos[i] : pos[j]+size])
	// Output: 全國人民代表大會
}
