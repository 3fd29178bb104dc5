package occur

// Suffix sorting by induced sorting (SA-IS: Nong, Zhang and Chan, "Two
// Efficient Algorithms for Linear Time Suffix Array Construction", 2011).
// The standard library's index/suffixarray sorts bytes and keeps its array
// to itself; a segment sorts one symbol per character over an alphabet of
// a few hundred thousand symbols (every passage ends in a separator of its
// own), so it needs the integer-alphabet form.

// suffixArray returns the suffix array of text, whose symbols lie in
// [0, k): sa[r] is the start of the suffix of rank r. A suffix that is a
// prefix of another sorts first. Memory: the result plus about n/8 bytes
// and a few arrays of k entries per level of recursion.
func suffixArray(text []int32, k int) []int32 {
	n := len(text)
	if n == 0 {
		return nil
	}
	// SA-IS wants a unique smallest symbol at the end: shift every symbol
	// up by one and append 0, then drop that sentinel's suffix, which sorts
	// first.
	t := make([]int32, n+1)
	for i, c := range text {
		t[i] = c + 1
	}
	sa := make([]int32, n+1)
	sais(t, sa, k+1)
	return sa[1:]
}

// sais computes the suffix array of t into sa, len(sa) == len(t). t's
// symbols lie in [0, k) and its last symbol is the only 0.
func sais(t, sa []int32, k int) {
	n := len(t)
	if n == 1 {
		sa[0] = 0
		return
	}
	// S-type: the suffix at i is smaller than the one at i+1.
	stype := newBits(n)
	stype.set(n - 1)
	for i := n - 2; i >= 0; i-- {
		if t[i] < t[i+1] || t[i] == t[i+1] && stype.get(i+1) {
			stype.set(i)
		}
	}
	lms := func(i int) bool { return i > 0 && stype.get(i) && !stype.get(i-1) }
	bkt := make([]int32, k)

	// Step 1: sort the LMS substrings by inducing from their positions.
	for i := range sa {
		sa[i] = -1
	}
	buckets(t, bkt, true)
	for i := 1; i < n; i++ {
		if lms(i) {
			bkt[t[i]]--
			sa[bkt[t[i]]] = int32(i)
		}
	}
	induce(t, sa, bkt, stype)

	// Step 2: name the sorted LMS substrings; equal substrings share a name.
	n1 := 0
	for i := 0; i < n; i++ {
		if lms(int(sa[i])) {
			sa[n1] = sa[i]
			n1++
		}
	}
	for i := n1; i < n; i++ {
		sa[i] = -1
	}
	name, prev := int32(0), -1
	for i := 0; i < n1; i++ {
		pos := int(sa[i])
		differ := prev < 0
		for d := 0; !differ; d++ {
			if t[pos+d] != t[prev+d] || stype.get(pos+d) != stype.get(prev+d) {
				differ = true
			} else if d > 0 && (lms(pos+d) || lms(prev+d)) {
				break
			}
		}
		if differ {
			name++
			prev = pos
		}
		// LMS positions are at least two apart, so pos/2 is unique.
		sa[n1+pos/2] = name - 1
	}
	j := n - 1
	for i := n - 1; i >= n1; i-- {
		if sa[i] >= 0 {
			sa[j] = sa[i]
			j--
		}
	}

	// Step 3: sort the LMS suffixes, recursing when names repeat.
	s1, sa1 := sa[n-n1:], sa[:n1]
	if int(name) < n1 {
		sais(s1, sa1, int(name))
	} else {
		for i, c := range s1 {
			sa1[c] = int32(i)
		}
	}

	// Step 4: induce the whole array from the sorted LMS suffixes.
	j = 0
	for i := 1; i < n; i++ {
		if lms(i) {
			s1[j] = int32(i)
			j++
		}
	}
	for i := range sa1 {
		sa1[i] = s1[sa1[i]]
	}
	for i := n1; i < n; i++ {
		sa[i] = -1
	}
	buckets(t, bkt, true)
	for i := n1 - 1; i >= 0; i-- {
		p := sa[i]
		sa[i] = -1
		bkt[t[p]]--
		sa[bkt[t[p]]] = p
	}
	induce(t, sa, bkt, stype)
}

// induce sorts the L-type suffixes from the placed ones, scanning left to
// right, then the S-type ones, scanning right to left.
func induce(t, sa, bkt []int32, stype bitSet) {
	buckets(t, bkt, false)
	for i := 0; i < len(sa); i++ {
		if j := sa[i] - 1; j >= 0 && !stype.get(int(j)) {
			sa[bkt[t[j]]] = j
			bkt[t[j]]++
		}
	}
	buckets(t, bkt, true)
	for i := len(sa) - 1; i >= 0; i-- {
		if j := sa[i] - 1; j >= 0 && stype.get(int(j)) {
			bkt[t[j]]--
			sa[bkt[t[j]]] = j
		}
	}
}

// buckets sets bkt[c] to the start (or, with end, the end) of symbol c's
// bucket.
func buckets(t, bkt []int32, end bool) {
	clear(bkt)
	for _, c := range t {
		bkt[c]++
	}
	sum := int32(0)
	for c, m := range bkt {
		sum += m
		if end {
			bkt[c] = sum
		} else {
			bkt[c] = sum - m
		}
	}
}

// bitSet is a fixed-size bit set.
type bitSet []uint64

func newBits(n int) bitSet      { return make(bitSet, (n+63)/64) }
func (b bitSet) set(i int)      { b[i>>6] |= 1 << (i & 63) }
func (b bitSet) get(i int) bool { return b[i>>6]&(1<<(i&63)) != 0 }
