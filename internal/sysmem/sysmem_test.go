package sysmem

import (
	"runtime"
	"testing"
)

func TestParseMeminfo(t *testing.T) {
	cases := []struct {
		name string
		text string
		want int64
		ok   bool
	}{
		{"linux", "MemTotal:       32780592 kB\nMemFree:         1054088 kB\nMemAvailable:   16170768 kB\nBuffers:          905064 kB\n", 16170768 * 1024, true},
		{"last line without newline", "MemFree: 1 kB\nMemAvailable: 2 kB", 2048, true},
		{"zero", "MemAvailable: 0 kB\n", 0, true},
		{"missing (kernels before 3.14)", "MemTotal: 1024 kB\nMemFree: 512 kB\n", 0, false},
		{"empty", "", 0, false},
		{"no number", "MemAvailable:\n", 0, false},
		{"not a number", "MemAvailable: lots kB\n", 0, false},
		{"negative", "MemAvailable: -5 kB\n", 0, false},
		{"overflows in bytes", "MemAvailable: 9007199254740993 kB\n", 0, false},
		{"prefix of another key", "XMemAvailable: 7 kB\n", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := parseMeminfo([]byte(c.text))
			if got != c.want || ok != c.ok {
				t.Errorf("parseMeminfo(%q) = %d, %v; want %d, %v", c.text, got, ok, c.want, c.ok)
			}
		})
	}
}

// TestAvailable: on Linux the kernel says, and it is some memory; elsewhere
// nothing is known.
func TestAvailable(t *testing.T) {
	b, ok := Available()
	if runtime.GOOS != "linux" {
		if ok {
			t.Errorf("Available() = %d, true on %s", b, runtime.GOOS)
		}
		return
	}
	if !ok || b <= 0 {
		t.Errorf("Available() = %d, %v on Linux", b, ok)
	}
}
