package cli

import (
	"testing"

	"github.com/allyhq/ally/app"
)

func TestShown(t *testing.T) {
	for _, tt := range []struct {
		items, offset, total int
		want                 string
	}{
		{1, 0, 1, "1 person shown"},
		{3, 0, 3, "3 people shown"},
		{2, 0, 5, "2 of 5 people shown"},
		{2, 3, 5, "4–5 of 5 people shown"},
		{0, 9, 1, "none of 1 person shown (offset 9)"},
		{0, 0, 0, "0 people shown"},
	} {
		l := app.List[int]{Items: make([]int, tt.items), Offset: tt.offset, Total: tt.total}
		if got := shown(l, "person", "people"); got != tt.want {
			t.Errorf("shown(%d items from %d of %d) = %q, want %q", tt.items, tt.offset, tt.total, got, tt.want)
		}
	}
}
