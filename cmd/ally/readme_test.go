package main

// The README test: every shell block of README.md runs, line by line and in
// the order a reader meets them, on a fresh machine: an empty home, no
// ALLY_DB, XDG_DATA_HOME or ALLY_WORKSPACE, an empty working directory, and
// no ally on the PATH until the README puts one there. ally is this test
// binary (see TestMain), so nothing is built.
//
// The convention, also in README's "Developing":
//   - a block fenced ```sh (or bash, shell) runs; ```sh norun does not
//     (network, ../shared, minutes of work), and the test logs each one it
//     leaves out;
//   - every other line runs with sh -c in the working directory and must
//     exit 0, or the code its comment names: `cmd  # exit 5: why`;
//   - the go commands stand for what they would make: `go run ./cmd/ally
//     ARGS` runs ally ARGS, `go build -o NAME ./cmd/ally` puts ally at
//     ./NAME, `go install ./cmd/ally` puts it on the PATH, and `go test`
//     (the suite this test is part of) is logged and left out.
// Lines ending in a backslash continue on the next; shell state (cd,
// variables) does not carry from one line to the next.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readmeLine is one command of a README shell block.
type readmeLine struct {
	line  int    // 1-based line in README.md where the command starts
	block int    // line of the block's opening fence
	cmd   string // the command, continuation lines joined
	exit  int    // the exit code the README shows, 0 unless `# exit N`
}

// readmeBlock is one fenced shell block.
type readmeBlock struct {
	line  int // the opening fence's line
	run   bool
	lines []readmeLine
}

var (
	fenceRe = regexp.MustCompile("^(```+|~~~+)\\s*(\\S*)\\s*(.*)$")
	exitRe  = regexp.MustCompile(`\s#\s*exit\s+(\d+)\b`)
)

// shellLangs are the info strings whose blocks are shell commands.
var shellLangs = map[string]bool{"sh": true, "bash": true, "shell": true}

// readmeBlocks returns the shell blocks of a Markdown text. A fenced block
// of another shell-like language (console, zsh…) is an error, so that no
// block is left out without a marker.
func readmeBlocks(text string) ([]readmeBlock, error) {
	var blocks []readmeBlock
	var cur *readmeBlock
	var fence string // the open fence, "" outside a block
	var pending strings.Builder
	pendingLine := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		s := sc.Text()
		if fence == "" {
			m := fenceRe.FindStringSubmatch(strings.TrimSpace(s))
			if m == nil {
				continue
			}
			fence = m[1]
			lang, rest := m[2], strings.Fields(m[3])
			switch {
			case shellLangs[lang]:
				run := true
				for _, w := range rest {
					switch w {
					case "norun":
						run = false
					default:
						return nil, fmt.Errorf("README.md:%d: unknown marker %q after ```%s (only norun)", n, w, lang)
					}
				}
				blocks = append(blocks, readmeBlock{line: n, run: run})
				cur = &blocks[len(blocks)-1]
			case lang == "console" || lang == "zsh" || lang == "fish" || lang == "powershell":
				return nil, fmt.Errorf("README.md:%d: a ```%s block: fence commands as ```sh (run by the README test) or ```sh norun", n, lang)
			}
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(s), fence) && strings.Trim(strings.TrimSpace(s), fence[:1]) == "" {
			if pending.Len() > 0 {
				return nil, fmt.Errorf("README.md:%d: the block ends inside a continued line", n)
			}
			fence, cur = "", nil
			continue
		}
		if cur == nil {
			continue
		}
		if pending.Len() == 0 {
			t := strings.TrimSpace(s)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			pendingLine = n
		}
		if strings.HasSuffix(s, `\`) {
			pending.WriteString(strings.TrimSuffix(s, `\`))
			pending.WriteByte(' ')
			continue
		}
		pending.WriteString(s)
		l := readmeLine{line: pendingLine, block: cur.line, cmd: strings.TrimSpace(pending.String())}
		if m := exitRe.FindStringSubmatch(l.cmd); m != nil {
			l.exit, _ = strconv.Atoi(m[1])
		}
		cur.lines = append(cur.lines, l)
		pending.Reset()
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if fence != "" {
		return nil, errors.New("README.md: a fenced block is not closed")
	}
	return blocks, nil
}

func TestReadmeBlocks(t *testing.T) {
	md := "text\n```sh\ngo build -o ally ./cmd/ally\n# a comment\n\n./ally demo   # exit 5: it exists\n./ally person add \\\n  \"Bo Park\"\n```\n" +
		"```go\nfunc main() {}\n```\n```sh norun\nbench/run.sh\n```\n"
	blocks, err := readmeBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 2 || !blocks[0].run || blocks[1].run {
		t.Fatalf("blocks: %+v", blocks)
	}
	got := blocks[0].lines
	want := []readmeLine{
		{line: 3, block: 2, cmd: "go build -o ally ./cmd/ally"},
		{line: 6, block: 2, cmd: "./ally demo   # exit 5: it exists", exit: 5},
		{line: 7, block: 2, cmd: `./ally person add    "Bo Park"`},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("lines:\n got %+v\nwant %+v", got, want)
	}
	for _, bad := range []string{"```console\n$ ally\n```\n", "```sh skip\nally\n```\n", "```sh\nally\n"} {
		if _, err := readmeBlocks(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestReadme runs README.md's shell blocks as a new user would, stopping at
// the first command that does not exit as the README says.
func TestReadme(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the README's commands are for a POSIX shell")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh on the PATH")
	}
	text, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := readmeBlocks(string(text))
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	home := filepath.Join(root, "home")
	work := filepath.Join(root, "work")
	bin := filepath.Join(root, "bin")       // the PATH's ally, once installed
	private := filepath.Join(root, "gorun") // what go run runs
	for _, d := range []string{home, work, bin, private} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Until the README installs ally, `ally` on the PATH says it is not
	// there, as on a fresh machine (and not the developer's own ally).
	notThere := "#!/bin/sh\necho 'ally: command not found (a fresh machine has no ally on the PATH)' >&2\nexit 127\n"
	if err := os.WriteFile(filepath.Join(bin, "ally"), []byte(notThere), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(private, "ally")); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "ALLY_DB", "XDG_DATA_HOME", "ALLY_WORKSPACE", "PATH", "ALLY_AS_ALLY", "ALLY_WRITE_LOOP":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "ALLY_AS_ALLY=1")

	install := func(path string) {
		os.Remove(path)
		if err := os.Symlink(self, path); err != nil {
			t.Fatal(err)
		}
	}
	ran := 0
	start := time.Now()
	for _, b := range blocks {
		if !b.run {
			for _, l := range b.lines {
				t.Logf("README.md:%d: not run (```sh norun): %s", l.line, l.cmd)
			}
			continue
		}
		for _, l := range b.lines {
			cmd := l.cmd
			if f := strings.Fields(cmd); len(f) > 0 && f[0] == "go" {
				switch {
				case len(f) >= 3 && f[1] == "run" && f[2] == "./cmd/ally":
					cmd = shellQuote(filepath.Join(private, "ally")) + strings.TrimPrefix(cmd[strings.Index(cmd, "./cmd/ally"):], "./cmd/ally")
				case len(f) >= 5 && f[1] == "build" && f[2] == "-o" && f[4] == "./cmd/ally":
					install(filepath.Join(work, f[3]))
					t.Logf("README.md:%d: %s: ally is this test binary, at ./%s", l.line, cmd, f[3])
					continue
				case len(f) >= 3 && f[1] == "install" && f[2] == "./cmd/ally":
					install(filepath.Join(bin, "ally"))
					t.Logf("README.md:%d: %s: ally is this test binary, on the PATH", l.line, cmd)
					continue
				case len(f) >= 2 && f[1] == "test":
					t.Logf("README.md:%d: not run: %s (the test suite this test is part of)", l.line, cmd)
					continue
				default:
					t.Fatalf("README.md:%d: %s: the README test does not know this go command: teach it in cmd/ally/readme_test.go, or fence the block ```sh norun", l.line, cmd)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			c := exec.CommandContext(ctx, "sh", "-c", cmd)
			c.Dir, c.Env = work, env
			out, err := c.CombinedOutput()
			late := ctx.Err() != nil
			cancel()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatalf("README.md:%d: %s: %v", l.line, l.cmd, err)
			}
			if late {
				t.Fatalf("README.md:%d (block at line %d): %s: still running after 2 minutes; fence a long block ```sh norun\n%s", l.line, l.block, l.cmd, tail(out))
			}
			if code != l.exit {
				t.Fatalf("README.md:%d (block at line %d): %s\nexit %d, the README says %d; its output:\n%s", l.line, l.block, l.cmd, code, l.exit, tail(out))
			}
			ran++
		}
	}
	if ran == 0 {
		t.Fatal("README.md: no command ran: are its blocks fenced ```sh?")
	}
	t.Logf("%d README commands ran as written in %v", ran, time.Since(start).Round(time.Millisecond))
}

// shellQuote quotes a path for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// tail keeps the last 4,000 bytes of a command's output for a failure.
func tail(out []byte) string {
	const max = 4000
	if len(out) > max {
		return "…" + string(out[len(out)-max:])
	}
	return string(out)
}

// TestDemoSaysItsClock: `ally demo` says the demo keeps its own clock (it
// said "try --now 2001-11-01", which the demo does not need), and a second
// `ally demo` says the demo exists, exits 5 (a conflict) and how to go back
// to it or rebuild it.
func TestDemoSaysItsClock(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ally.db")
	out := mustAlly(t, "--db", db, "demo")
	if !strings.Contains(out, "keeps its own clock at 2001-11-01") || strings.Contains(out, "try --now") {
		t.Errorf("ally demo:\n%s", out)
	}
	out, code := ally(t, "--db", db, "demo")
	if code != 5 || !strings.Contains(out, "already exists") || !strings.Contains(out, "ally workspace use demo") || !strings.Contains(out, "ally demo --reset") {
		t.Errorf("ally demo again: exit %d:\n%s", code, out)
	}
}
