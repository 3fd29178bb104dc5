package search

import "math/bits"

// bitset is a set of passage numbers of one snapshot (indexer.Snapshot):
// the archive has a few hundred thousand passages, so a plain bit set is
// tens of kilobytes and set operations are word-wide.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int) bool { return b[i>>6]&(1<<(i&63)) != 0 }

// or adds the members of c to b.
func (b bitset) or(c bitset) {
	for k := range b {
		b[k] |= c[k]
	}
}

// and keeps the members of b that are in c.
func (b bitset) and(c bitset) {
	for k := range b {
		b[k] &= c[k]
	}
}

// andNot removes the members of c from b.
func (b bitset) andNot(c bitset) {
	for k := range b {
		b[k] &^= c[k]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls f with every member in ascending order.
func (b bitset) each(f func(i int)) {
	for k, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			f(k<<6 | t)
			w &= w - 1
		}
	}
}

// words calls f with every word that holds members in [from, to), masked
// to that range, until f returns false.
func (b bitset) words(from, to int, f func(k int, w uint64) bool) {
	if from >= to {
		return
	}
	first, last := from>>6, (to-1)>>6
	for k := first; k <= last; k++ {
		w := b[k]
		if k == first {
			w &= ^uint64(0) << (from & 63)
		}
		if k == last {
			w &= ^uint64(0) >> (63 - (to-1)&63)
		}
		if !f(k, w) {
			return
		}
	}
}

// anyIn reports whether b has a member in [from, to).
func (b bitset) anyIn(from, to int) bool {
	found := false
	b.words(from, to, func(_ int, w uint64) bool {
		found = w != 0
		return !found
	})
	return found
}

// countIn returns the number of members in [from, to).
func (b bitset) countIn(from, to int) int {
	n := 0
	b.words(from, to, func(_ int, w uint64) bool {
		n += bits.OnesCount64(w)
		return true
	})
	return n
}

// eachIn calls f with every member in [from, to), in ascending order.
func (b bitset) eachIn(from, to int, f func(i int)) {
	b.words(from, to, func(k int, w uint64) bool {
		for w != 0 {
			f(k<<6 | bits.TrailingZeros64(w))
			w &= w - 1
		}
		return true
	})
}
