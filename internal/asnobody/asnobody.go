// Package asnobody lets a test run as root check what an ordinary user
// meets: root may write any file, so a test of read-only files runs one of
// its own test functions again, as user nobody, in a copy of the test
// binary. For tests only; Unix only.
package asnobody

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Run runs the test named test of the calling test binary again as user
// nobody with env added, and fails t unless it passes. path is a file the
// child must reach: the directories above it are opened for traversal
// (the go tool's build and temp directories are private).
func Run(t testing.TB, test, path string, env ...string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(os.TempDir(), "ally-nobody-test-"+filepath.Base(t.TempDir()))
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(dst, src)
	src.Close()
	dst.Close()
	defer os.Remove(bin)
	for d := filepath.Dir(filepath.Dir(path)); d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil {
			os.Chmod(d, st.Mode().Perm()|0o055)
		}
	}
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	cmd.Dir = os.TempDir()
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run as nobody: %v", err)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Errorf("as nobody:\n%s", out)
	}
}
