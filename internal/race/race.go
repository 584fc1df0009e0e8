//go:build !race

// Package race says whether the binary was built with the race detector,
// so that a test can leave out work that checks no concurrency and takes
// ten times as long under it (as the standard library's internal/race).
package race

// Enabled is true when the race detector is on (go test -race).
const Enabled = false
