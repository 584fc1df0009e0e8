package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAnalyzeTableFits: the text table fits 100 columns by default and
// says which columns it left out and how to see them; --wide shows every
// column. PageRank is shown ×n (1.0 = average), so that it does not print
// as 0.0000 on a large graph; JSON and CSV keep the raw share.
func TestAnalyzeTableFits(t *testing.T) {
	dir, err := filepath.Abs(analyzeGoldens)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	all := []string{"degree", "strength", "pagerank", "eigenvector", "betweenness", "closeness", "harmonic",
		"coreness", "component", "constraint", "effective_size", "community"}
	cases := []struct {
		name    string
		args    []string
		wide    bool   // every column shown, no footer
		want    string // a line (trimmed) the output holds
		hidden  []string
		maxLine int
	}{
		{name: "florentine", args: []string{"analyze", "--graph", "florentine.txt"},
			want: "not shown: ", maxLine: 100},
		{name: "karate with labels", args: []string{"analyze", "--graph", "karate.txt", "--labels", "karate.labels.tsv", "--groups", "club"},
			want: "not shown: ", maxLine: 100},
		{name: "wide", args: []string{"analyze", "--graph", "florentine.txt", "--wide"}, wide: true, maxLine: 140},
		{name: "few metrics need no footer", args: []string{"analyze", "--graph", "florentine.txt", "--metric", "degree,pagerank"},
			maxLine: 100},
		{name: "sort column always shown", args: []string{"analyze", "--graph", "florentine.txt", "--sort", "component"},
			want: "not shown: ", maxLine: 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := mustRun(t, "none.db", c.args...)
			table, head := tableOf(out)
			for _, l := range strings.Split(table, "\n") {
				if n := utf8.RuneCountInString(l); n > c.maxLine {
					t.Errorf("a line of %d columns (at most %d):\n%s", n, c.maxLine, l)
				}
			}
			shown := strings.Fields(head)
			if c.wide {
				for _, m := range all {
					if !strings.Contains(head, m) {
						t.Errorf("--wide leaves out %s:\n%s", m, head)
					}
				}
				if strings.Contains(out, "not shown") {
					t.Errorf("--wide says columns are not shown:\n%s", out)
				}
			}
			if c.want != "" && !strings.Contains(out, c.want) {
				t.Errorf("no %q in\n%s", c.want, out)
			}
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "not shown") || strings.HasPrefix(l, "  ") && !strings.Contains(l, " cross-group ") {
					if n := utf8.RuneCountInString(l); n > 100 {
						t.Errorf("a footer line of %d columns:\n%s", n, l)
					}
				}
			}
			if strings.Contains(out, "not shown: ") {
				foot := out[strings.Index(out, "not shown: "):]
				foot = foot[:strings.Index(foot, ")\n")+1]
				if !strings.Contains(foot, "--wide") {
					t.Errorf("the footer does not say how to see them: %q", foot)
				}
				for _, m := range all {
					if strings.Contains(foot, m) == slices.Contains(shown, m) {
						t.Errorf("%s: shown %v, named in the footer %v: %q", m, slices.Contains(shown, m), !slices.Contains(shown, m), foot)
					}
				}
			} else if !c.wide && strings.Contains(c.args[len(c.args)-1], "pagerank") && len(shown) != 3 {
				t.Errorf("columns %v", shown)
			}
			if i := slices.Index(c.args, "--sort"); i >= 0 && !slices.Contains(shown, c.args[i+1]) {
				t.Errorf("the sort column %s is not shown: %v", c.args[i+1], shown)
			}
		})
	}
}

// TestAnalyzePageRankScaled: the text table shows PageRank ×n with the
// scale said; on a ring every node is average and shows 1.00, not
// 0.0000; JSON and CSV keep the raw values.
func TestAnalyzePageRankScaled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ring.txt")
	var b strings.Builder
	const n = 40000
	for i := 0; i < n; i++ {
		b.WriteString(strconv.Itoa(i) + " " + strconv.Itoa((i+1)%n) + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "none.db")
	out := mustRun(t, db, "analyze", "--graph", path, "--metric", "pagerank,degree", "--top", "3")
	table, _ := tableOf(out)
	rows := strings.Split(table, "\n")[1:]
	for _, r := range rows {
		if f := strings.Fields(r); len(f) != 3 || f[2] != "1.00" {
			t.Errorf("row %q: want pagerank 1.00 (×n)", r)
		}
	}
	if !strings.Contains(out, "1.00 = average") || !strings.Contains(out, "×n") {
		t.Errorf("the scale is not said:\n%s", out)
	}
	csv := mustRun(t, db, "analyze", "--graph", path, "--metric", "pagerank", "--csv")
	if !strings.Contains(csv, ",2.5e-05\n") {
		t.Errorf("CSV is not the raw share: %.200q", csv)
	}
	js := mustRun(t, db, "--json", "analyze", "--graph", path, "--metric", "pagerank", "--top", "1")
	if !regexp.MustCompile(`"pagerank": (2\.5e-05|0\.0000249999)`).MatchString(js) {
		t.Errorf("JSON is not the raw share: %.300q", js)
	}
}

// TestTinyValues: a value too small for four decimals is shown in
// scientific form, not as 0.0000; zero stays 0.0000.
func TestTinyValues(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{
		{0, "0.0000"}, {0.5, "0.5000"}, {0.00005, "0.0001"}, {0.0000412, "4.1e-05"}, {3.2e-9, "3.2e-09"}, {-0.00001, "-1e-05"},
	}
	for _, c := range cases {
		if got := metricText(c.v); got != c.want {
			t.Errorf("metricText(%g) = %q, want %q", c.v, got, c.want)
		}
	}
}

// tableOf returns the node table of analyze's text output (its header
// and rows) and its header line.
func tableOf(out string) (string, string) {
	i := strings.Index(out, "\ntop ")
	if i < 0 {
		return "", ""
	}
	rest := out[i+1:]
	rest = rest[strings.IndexByte(rest, '\n')+1:]
	if j := strings.Index(rest, "\n\n"); j >= 0 {
		rest = rest[:j]
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(rest, "\n"), "\n") {
		if strings.HasPrefix(l, "not shown") || strings.HasPrefix(l, "pagerank") {
			break
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n"), lines[0]
}

// TestWrap: a footer longer than the table breaks at spaces, the next
// lines indented; a word longer than the width stays whole.
func TestWrap(t *testing.T) {
	cases := []struct {
		s     string
		width int
		want  []string
	}{
		{"not shown: a, b (--wide)", 100, []string{"not shown: a, b (--wide)"}},
		{"not shown: strength, eigenvector, closeness (--wide)", 30, []string{"not shown: strength,", "  eigenvector, closeness", "  (--wide)"}},
		{"averyveryverylongword x", 5, []string{"averyveryverylongword", "  x"}},
	}
	for _, c := range cases {
		if got := wrap(c.s, c.width); !slices.Equal(got, c.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}
