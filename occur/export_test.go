package occur

// Unpacked makes Build keep positions in the suffix array until the
// returned function is called.
func Unpacked() (restore func()) {
	maxPackBits = 0
	return func() { maxPackBits = 32 }
}
