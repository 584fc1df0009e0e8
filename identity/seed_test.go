package identity

import (
	"strconv"
	"strings"
	"testing"
)

// unquoteSeed reads a seed line: Go-quoted when it starts with '"' and
// ends with one, else as is.
func unquoteSeed(tb testing.TB, line string) string {
	tb.Helper()
	if len(line) >= 2 && strings.HasPrefix(line, `"`) && strings.HasSuffix(line, `"`) {
		s, err := strconv.Unquote(line)
		if err == nil {
			return s
		}
	}
	return line
}
