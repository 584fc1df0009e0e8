package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDidYouMean: an unknown command, subcommand or flag, or a person
// reference that matches nobody, is answered with the closest names.
func TestDidYouMean(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ally.db")
	mustRun(t, db, "init", "--me", "Ana Ruiz")
	mustRun(t, db, "person", "add", "Cy Diaz")
	mustRun(t, db, "person", "add", "Bo Park")
	cases := []struct {
		args []string
		code int
		want string // on stderr; "" for no suggestion
	}{
		{[]string{"todya"}, 2, "did you mean `ally today`?"},
		{[]string{"person", "shwo", "Bo"}, 2, "did you mean `ally person show`?"},
		{[]string{"goal", "lsit"}, 2, "did you mean `ally goal list`?"},
		{[]string{"xyzzy"}, 2, ""},
		{[]string{"person", "list", "--dri", "up"}, 2, "did you mean --dir?"},
		{[]string{"health", "Bo", "--jsn"}, 2, "did you mean --json?"},
		{[]string{"person", "list", "--qwertyuiop"}, 2, ""},
		{[]string{"health", "Cyy"}, 3, "did you mean Cy Diaz?"},
		{[]string{"health", "Xavier"}, 3, ""},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			_, errs, code := run(t, db, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d: %s", code, c.code, errs)
			}
			if c.want == "" {
				if strings.Contains(errs, "did you mean") {
					t.Errorf("suggests something far:\n%s", errs)
				}
				return
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("no %q in:\n%s", c.want, errs)
			}
		})
	}
}
