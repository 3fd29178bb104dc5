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

// anyIn reports whether b has a member in [from, to).
func (b bitset) anyIn(from, to int) bool {
	if from >= to {
		return false
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
		if w != 0 {
			return true
		}
	}
	return false
}

// countIn returns the number of members in [from, to).
func (b bitset) countIn(from, to int) int {
	if from >= to {
		return 0
	}
	n := 0
	first, last := from>>6, (to-1)>>6
	for k := first; k <= last; k++ {
		w := b[k]
		if k == first {
			w &= ^uint64(0) << (from & 63)
		}
		if k == last {
			w &= ^uint64(0) >> (63 - (to-1)&63)
		}
		n += bits.OnesCount64(w)
	}
	return n
}

// eachIn calls f with every member in [from, to), in ascending order.
func (b bitset) eachIn(from, to int, f func(i int)) {
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
		for w != 0 {
			t := bits.TrailingZeros64(w)
			f(k<<6 | t)
			w &= w - 1
		}
	}
}
