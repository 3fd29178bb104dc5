// Package chart draws line charts as self-contained SVG: no scripts, no
// external fonts or styles, Chinese labels in whatever CJK font the
// viewer has, readable at 800×400.
package chart

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
)

// Point is one value of a series at a whole-number x (a year).
type Point struct {
	X int
	Y float64
}

// Series is one line of a chart.
type Series struct {
	Name   string
	Points []Point // in ascending X
}

// Chart is a line chart. Width and Height default to 800 and 400.
type Chart struct {
	Title, XLabel, YLabel string
	Series                []Series
	Width, Height         int
}

// palette holds distinguishable colours, also for colour-blind readers
// (Okabe–Ito), reused in turn past eight series.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}

// fonts lists CJK fonts common on Linux, macOS and Windows, so that the
// labels render without a font file.
const fonts = `'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif`

// Margins of the plot area inside the chart.
const (
	marginLeft   = 70
	marginRight  = 170 // the legend
	marginTop    = 44
	marginBottom = 56
)

// SVG renders the chart. A chart without points renders its frame and a
// note saying so.
func (c Chart) SVG() []byte {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 800
	}
	if h <= 0 {
		h = 400
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s" font-size="12">`+"\n", w, h, w, h, fonts)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", w, h)
	if c.Title != "" {
		fmt.Fprintf(&b, `<text x="%d" y="24" font-size="16" font-weight="bold">%s</text>`+"\n", marginLeft, esc(c.Title))
	}
	x0, x1 := marginLeft, w-marginRight
	y0, y1 := h-marginBottom, marginTop // y0 is the bottom
	minX, maxX, maxY, any := bounds(c.Series)
	if !any {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#666666">没有数据</text>`+"\n", (x0+x1)/2, (y0+y1)/2)
		b.WriteString("</svg>\n")
		return b.Bytes()
	}
	if minX == maxX {
		minX, maxX = minX-1, maxX+1
	}
	top, step := niceScale(maxY)
	px := func(x int) float64 { return float64(x0) + float64(x-minX)/float64(maxX-minX)*float64(x1-x0) }
	py := func(y float64) float64 { return float64(y0) - y/top*float64(y0-y1) }

	// Grid and y ticks.
	for v := 0.0; v <= top*1.0000001; v += step {
		y := py(v)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e5e5"/>`+"\n", x0, y, x1, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle" fill="#333333">%s</text>`+"\n", x0-6, y, formatTick(v, step))
	}
	// X ticks: about ten, on round years.
	xstep := niceInt((maxX - minX) / 10)
	for x := (minX + xstep - 1) / xstep * xstep; x <= maxX; x += xstep {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#333333"/>`+"\n", px(x), y0, px(x), y0+5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333333">%d</text>`+"\n", px(x), y0+18, x)
	}
	// Axes and their labels.
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333333"/>`+"\n", x0, y0, x1, y0)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333333"/>`+"\n", x0, y0, x0, y1)
	if c.XLabel != "" {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", (x0+x1)/2, h-14, esc(c.XLabel))
	}
	if c.YLabel != "" {
		fmt.Fprintf(&b, `<text transform="translate(18 %d) rotate(-90)" text-anchor="middle">%s</text>`+"\n", (y0+y1)/2, esc(c.YLabel))
	}
	// Lines, markers with their values as tooltips, legend.
	for k, s := range c.Series {
		colour := palette[k%len(palette)]
		var pts bytes.Buffer
		for _, p := range s.Points {
			fmt.Fprintf(&pts, "%.1f,%.1f ", px(p.X), py(p.Y))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", colour, bytes.TrimSpace(pts.Bytes()))
		for _, p := range s.Points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s %d：%s</title></circle>`+"\n",
				px(p.X), py(p.Y), colour, esc(s.Name), p.X, strconv.FormatFloat(p.Y, 'f', -1, 64))
		}
		ly := marginTop + 8 + k*20
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>`+"\n", x1+16, ly, x1+36, ly, colour)
		fmt.Fprintf(&b, `<text x="%d" y="%d" dominant-baseline="middle">%s</text>`+"\n", x1+42, ly, esc(s.Name))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func esc(s string) string { return html.EscapeString(s) }

func bounds(series []Series) (minX, maxX int, maxY float64, any bool) {
	for _, s := range series {
		for _, p := range s.Points {
			if !any || p.X < minX {
				minX = p.X
			}
			if !any || p.X > maxX {
				maxX = p.X
			}
			maxY = math.Max(maxY, p.Y)
			any = true
		}
	}
	return minX, maxX, maxY, any
}

// niceScale returns a round top for the y axis at or above max and a round
// step that divides it into four to ten parts.
func niceScale(max float64) (top, step float64) {
	if max <= 0 {
		return 1, 0.25
	}
	raw := max / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	return math.Ceil(max/step) * step, step
}

// niceInt returns a round step of at least n: 1, 2, 5, 10, 20, 50, …
func niceInt(n int) int {
	step := 1
	for {
		for _, m := range []int{1, 2, 5} {
			if m*step >= n {
				return m * step
			}
		}
		step *= 10
	}
}

func formatTick(v, step float64) string {
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step)))
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
