package app

import (
	"testing"

	"github.com/allyhq/ally"
)

// TestSetConfigEmptyRestoresDefault: `ally config KEY ""` restores the
// default, as its help says, for every setting; an unknown key or a bad
// value is still refused.
func TestSetConfigEmptyRestoresDefault(t *testing.T) {
	a := buildWorkspace(t, mustDB(t))
	defaults := ok(a.Config(bg))(t)
	for _, key := range SettingKeys() {
		if err := a.SetConfig(bg, key, "7d"); err != nil {
			t.Fatalf("%s 7d: %v", key, err)
		}
		if got := ok(a.Config(bg))(t)[key]; got != "7d" {
			t.Fatalf("%s after 7d = %q", key, got)
		}
		if err := a.SetConfig(bg, key, ""); err != nil {
			t.Fatalf("%s \"\": %v", key, err)
		}
		if got, want := ok(a.Config(bg))(t)[key], defaults[key]; got != want {
			t.Errorf("%s after \"\" = %q, want the default %q", key, got, want)
		}
	}
	wantErr(t, a.SetConfig(bg, "tie.nonsense", ""), ally.EINVALID, "is not one of")
	wantErr(t, a.SetConfig(bg, SettingHalfLife, "soon"), ally.EINVALID, "needs a unit")
}
