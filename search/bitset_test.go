package search

import (
	"math/rand"
	"testing"
)

func TestBitsetRanges(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	const n = 1000
	b := newBitset(n)
	member := make([]bool, n)
	for i := 0; i < n; i++ {
		if rng.Intn(7) == 0 {
			b.set(i)
			member[i] = true
		}
	}
	for trial := 0; trial < 2000; trial++ {
		from := rng.Intn(n + 1)
		to := from + rng.Intn(n-from+1)
		var want []int
		for i := from; i < to; i++ {
			if member[i] {
				want = append(want, i)
			}
		}
		var got []int
		b.eachIn(from, to, func(i int) { got = append(got, i) })
		if len(got) != len(want) || b.countIn(from, to) != len(want) || b.anyIn(from, to) != (len(want) > 0) {
			t.Fatalf("[%d, %d): each %v count %d any %v, want %v", from, to, got, b.countIn(from, to), b.anyIn(from, to), want)
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("[%d, %d): %v, want %v", from, to, got, want)
			}
		}
	}
}
