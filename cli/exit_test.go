package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/allyhq/ally"
)

func TestExitCode(t *testing.T) {
	plain := errors.New("disk on fire")
	for _, tt := range []struct {
		name string
		err  error
		exit int
	}{
		{"nil", nil, 0},
		{"plain error", plain, 1},
		{"internal", ally.Errorf(ally.EINTERNAL, "oops"), 1},
		{"usage", ally.Errorf(ally.EUSAGE, "bad flag"), 2},
		{"not found", ally.Errorf(ally.ENOTFOUND, "no %s", "ana"), 3},
		{"invalid", ally.Errorf(ally.EINVALID, "bad"), 4},
		{"conflict", ally.Errorf(ally.ECONFLICT, "dup"), 5},
		{"forbidden", ally.Errorf(ally.EFORBIDDEN, "no"), 6},
		{"unauthorized", ally.Errorf(ally.EUNAUTHORIZED, "who"), 6},
		{"unavailable", ally.Errorf(ally.EUNAVAILABLE, "busy"), 75},
		{"interrupted", ally.Errorf(ally.EINTERRUPTED, "stopped"), 130},
		{"unknown code", ally.Errorf("weird", "w"), 1},
		{"wrapped", fmt.Errorf("open: %w", ally.Errorf(ally.ENOTFOUND, "missing")), 3},
		{"joined", errors.Join(plain, ally.Errorf(ally.ECONFLICT, "dup")), 5},
	} {
		if got := exitCode(tt.err); got != tt.exit {
			t.Errorf("%s: exit %d, want %d", tt.name, got, tt.exit)
		}
	}
}
