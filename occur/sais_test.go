package occur

import (
	"math/rand"
	"slices"
	"testing"
)

// naiveSuffixArray sorts the suffixes by comparing them.
func naiveSuffixArray(text []int32) []int32 {
	sa := make([]int32, len(text))
	for i := range sa {
		sa[i] = int32(i)
	}
	slices.SortFunc(sa, func(a, b int32) int { return slices.Compare(text[a:], text[b:]) })
	return sa
}

func TestSuffixArrayRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 3000; trial++ {
		n := rng.Intn(200)
		k := 1 + rng.Intn(6)
		if trial%10 == 0 {
			k = 1 + rng.Intn(300)
		}
		text := make([]int32, n)
		for i := range text {
			text[i] = int32(rng.Intn(k))
		}
		if trial%7 == 0 && n > 4 { // long repeats, as in laws amended word for word
			copy(text[n/2:], text[:n/2])
		}
		got, want := suffixArray(text, k), naiveSuffixArray(text)
		if !slices.Equal(got, want) {
			t.Fatalf("text %v (k=%d):\n got %v\nwant %v", text, k, got, want)
		}
	}
}

func TestSuffixArrayPeriodic(t *testing.T) {
	for _, period := range []int{1, 2, 3, 7} {
		text := make([]int32, 500)
		for i := range text {
			text[i] = int32(i % period)
		}
		if got, want := suffixArray(text, period), naiveSuffixArray(text); !slices.Equal(got, want) {
			t.Fatalf("period %d: got %v, want %v", period, got[:10], want[:10])
		}
	}
}

func TestSortPositions(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for _, n := range []int{0, 1, 10, 255, 256, 1000, 100000} {
		a := make([]uint32, n)
		for i := range a {
			a[i] = uint32(rng.Int31())
			if i%3 == 0 {
				a[i] %= 5000
			}
		}
		want := slices.Clone(a)
		slices.Sort(want)
		sortPositions(a)
		if !slices.Equal(a, want) {
			t.Fatalf("n=%d: not sorted", n)
		}
	}
}
