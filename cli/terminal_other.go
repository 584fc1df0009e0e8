//go:build !unix

package cli

// isTerminalFd reports false where ally cannot ask (Windows, Plan 9,
// WebAssembly): no progress bar there rather than escapes in a file.
func isTerminalFd(uintptr) bool { return false }
