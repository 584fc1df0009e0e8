//go:build unix

package cli

import "golang.org/x/sys/unix"

// isTerminalFd reports whether the file descriptor is a terminal: one
// that has a window size (TIOCGWINSZ answers on a terminal only, on every
// Unix, where the termios request's name differs between Linux and the
// BSDs). A character device is not enough: /dev/null is one.
func isTerminalFd(fd uintptr) bool {
	_, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
	return err == nil
}
