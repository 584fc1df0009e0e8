// Package sysmem reads how much memory the system can give new work now,
// so that ally can refuse an analysis that would not fit before it starts
// rather than be killed half-way through it.
package sysmem

import (
	"bytes"
	"math"
	"strconv"
)

// Available returns the memory, in bytes, that the system can give new
// work now without swapping: MemAvailable of /proc/meminfo on Linux (the
// kernel's own estimate, free memory plus the page cache and the slabs it
// can reclaim). ok is false where it cannot be read: other systems, or a
// Linux without /proc.
func Available() (bytes int64, ok bool) { return available() }

// parseMeminfo returns MemAvailable, in bytes, from the text of
// /proc/meminfo ("MemAvailable:   16170768 kB"); ok is false when the line
// is missing or does not hold a number of kB that fits in an int64.
func parseMeminfo(b []byte) (int64, bool) {
	for line := range bytes.Lines(b) {
		rest, found := bytes.CutPrefix(line, []byte("MemAvailable:"))
		if !found {
			continue
		}
		fs := bytes.Fields(rest)
		if len(fs) == 0 {
			return 0, false
		}
		kb, err := strconv.ParseInt(string(fs[0]), 10, 64)
		if err != nil || kb < 0 || kb > math.MaxInt64/1024 {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}
