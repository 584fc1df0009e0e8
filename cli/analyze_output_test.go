package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/allyhq/ally/network"
	"github.com/allyhq/ally/network/graphio"
)

// TestAnalyzeOutputFilesPrivate: the GraphML and GEXF files analyze writes
// carry every person's metrics and attributes, so they are created 0600
// whatever the umask, as the exports are, and an older file in the way is
// replaced by a private one.
func TestAnalyzeOutputFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022) // CI's umask
	defer syscall.Umask(old)
	dir := t.TempDir()
	graph := filepath.Join(dir, "g.txt")
	if err := os.WriteFile(graph, []byte("0 1 2\n1 2 1\n2 0 1\n2 3 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	outs := map[string]string{
		"--graphml": filepath.Join(dir, "a.graphml"),
		"--gexf":    filepath.Join(dir, "a.gexf"),
		"-o":        filepath.Join(dir, "b.graphml"),
	}
	// One of them already exists, readable by all.
	if err := os.WriteFile(outs["-o"], []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"analyze", "--graph", graph, "--metric", "degree,pagerank"}
	for flag, path := range outs {
		args = append(args, flag, path)
	}
	mustRun(t, filepath.Join(dir, "ally.db"), args...)
	for flag, path := range outs {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatalf("%s: %v", flag, err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s %s: mode %v, want 0600", flag, path, st.Mode().Perm())
		}
		b, _ := os.ReadFile(path)
		if !strings.HasPrefix(string(b), "<?xml") || !strings.Contains(string(b), "pagerank") {
			t.Errorf("%s: wrote %.60q", flag, b)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestWriteGraphFileFailure: a write that fails leaves no file, partial or
// empty, and keeps an older file as it was.
func TestWriteGraphFileFailure(t *testing.T) {
	g, err := graphio.ReadEdgeList(strings.NewReader("0 1\n1 2\n"), "x", graphio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bad := []network.Column{{Name: "m", Float: []float64{1}}} // one value for three nodes
	dir := t.TempDir()
	path := filepath.Join(dir, "out.graphml")
	if err := writeGraphFile(path, "graphml", g, bad); err == nil {
		t.Fatal("no error")
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("a failed write left %v", names)
	}
	if err := os.WriteFile(path, []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeGraphFile(path, "gexf", g, bad); err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "earlier" {
		t.Errorf("the earlier file now holds %q", b)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("a failed write left %v", names)
	}
}

// TestWriteGraphFileSpecial: a path that is not a regular file (a pipe
// here, /dev/stdout in use) is written through, not replaced, and a
// symbolic link keeps pointing at the file it names.
func TestWriteGraphFileSpecial(t *testing.T) {
	g, err := graphio.ReadEdgeList(strings.NewReader("0 1\n1 2\n"), "x", graphio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string)
	go func() {
		fh, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(fh)
		fh.Close()
		got <- string(b)
	}()
	if err := writeGraphFile(fifo, "graphml", g, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if !strings.Contains(s, "<graphml") {
			t.Errorf("the pipe read %.60q", s)
		}
	case <-time.After(10 * time.Second):
		// The write was over before the reader came: let the reader go.
		t.Error("nothing came through the pipe")
		if fh, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			fh.Close()
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", st.Mode(), err)
	}

	real := filepath.Join(dir, "real.gexf")
	link := filepath.Join(dir, "link.gexf")
	if err := os.WriteFile(real, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := writeGraphFile(link, "gexf", g, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(real); !strings.Contains(string(b), "<gexf") {
		t.Errorf("the file behind the link holds %.60q", b)
	}
}

// TestAnalyzeRevealsLabels: labels come from the user's file; a terminal
// escape or a bidi override in one is shown, not obeyed, in text and
// escaped in JSON.
func TestAnalyzeRevealsLabels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.txt")
	os.WriteFile(path, []byte("ana\x1b[31mred bo\nbo cy\u202egnp\ncy ana\x1b[31mred\n"), 0o600)
	out, errs, code := run(t, filepath.Join(t.TempDir(), "none.db"), "analyze", "--graph", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, "<U+001B>") {
		t.Errorf("text output obeys the label's controls:\n%q", out)
	}
	out, errs, code = run(t, filepath.Join(t.TempDir(), "none.db"), "--json", "analyze", "--graph", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.ContainsAny(out, "\x1b\u202e") {
		t.Errorf("JSON output holds raw controls:\n%q", out)
	}
}
