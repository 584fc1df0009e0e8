package ally_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// org builds people from id → manager id, with the given organisations and
// overrides.
func org(managers map[int64]int64, orgs map[int64]string, over map[int64]ally.Direction) []*ally.Person {
	var ps []*ally.Person
	for id, m := range managers {
		ps = append(ps, &ally.Person{ID: id, Name: "p", ManagerID: m, Organisation: orgs[id], DirOverride: over[id]})
	}
	return ps
}

func TestDeriveDirections(t *testing.T) {
	// The org chart used by most cases:
	//
	//	      1 (CEO)
	//	     /       \
	//	    2         3
	//	   / \         \
	//	 me=4  5        6
	//	 / \
	//	7   8
	//	|
	//	9
	//
	// 10 has no manager; 11 and 12 are of another organisation, 12 reporting to me.
	chart := map[int64]int64{1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: 4, 8: 4, 9: 7, 10: 0, 11: 0, 12: 4}
	tests := []struct {
		name     string
		managers map[int64]int64
		orgs     map[int64]string
		over     map[int64]ally.Direction
		me       int64
		want     map[int64]ally.Direction
	}{
		{
			name: "chart", managers: chart, me: 4,
			orgs: map[int64]string{11: "Acme", 12: "Acme"},
			want: map[int64]ally.Direction{
				1: ally.DirUp, 2: ally.DirUp, // up the chain
				7: ally.DirDown, 8: ally.DirDown, 9: ally.DirDown, 12: ally.DirDown, // the reporting tree, whatever the organisation
				3: ally.DirAcross, 5: ally.DirAcross, 6: ally.DirAcross, 10: ally.DirAcross,
				11: ally.DirOutside,
			},
		},
		{
			name: "override wins", managers: chart, me: 4,
			orgs: map[int64]string{11: "Acme"},
			over: map[int64]ally.Direction{1: ally.DirAcross, 7: ally.DirUp, 11: ally.DirDown, 5: ally.DirOutside},
			want: map[int64]ally.Direction{
				1: ally.DirAcross, 2: ally.DirUp, 3: ally.DirAcross, 5: ally.DirOutside, 6: ally.DirAcross,
				7: ally.DirUp, 8: ally.DirDown, 9: ally.DirDown, 10: ally.DirAcross, 11: ally.DirDown, 12: ally.DirDown,
			},
		},
		{
			name: "no me: everyone across or outside", managers: chart, me: 0,
			orgs: map[int64]string{11: "Acme"},
			want: map[int64]ally.Direction{
				1: ally.DirAcross, 2: ally.DirAcross, 3: ally.DirAcross, 4: ally.DirAcross, 5: ally.DirAcross, 6: ally.DirAcross,
				7: ally.DirAcross, 8: ally.DirAcross, 9: ally.DirAcross, 10: ally.DirAcross, 11: ally.DirOutside, 12: ally.DirAcross,
			},
		},
		{
			name: "manager cycle above me", me: 1,
			managers: map[int64]int64{1: 2, 2: 3, 3: 2, 4: 1},
			want:     map[int64]ally.Direction{2: ally.DirUp, 3: ally.DirUp, 4: ally.DirDown},
		},
		{
			name: "cycle through me", me: 1,
			managers: map[int64]int64{1: 2, 2: 3, 3: 1},
			want:     map[int64]ally.Direction{2: ally.DirUp, 3: ally.DirUp},
		},
		{
			name: "cycle away from me", me: 1,
			managers: map[int64]int64{1: 0, 2: 3, 3: 2, 4: 3, 5: 1},
			want:     map[int64]ally.Direction{2: ally.DirAcross, 3: ally.DirAcross, 4: ally.DirAcross, 5: ally.DirDown},
		},
		{
			name: "self-managed person", me: 1,
			managers: map[int64]int64{1: 0, 2: 2},
			want:     map[int64]ally.Direction{2: ally.DirAcross},
		},
		{
			name: "manager unknown to the list", me: 1,
			managers: map[int64]int64{1: 99, 2: 1, 3: 98},
			want:     map[int64]ally.Direction{2: ally.DirDown, 3: ally.DirAcross},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := org(tt.managers, tt.orgs, tt.over)
			done := make(chan map[int64]ally.Direction, 1)
			go func() { done <- ally.DeriveDirections(ps, tt.me) }()
			var got map[int64]ally.Direction
			select {
			case got = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("DeriveDirections did not return (a cycle hangs it)")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
			if _, ok := got[tt.me]; ok {
				t.Errorf("me (%d) is in the result", tt.me)
			}
		})
	}
}

// A long chain must be classified in linear-ish time and depth: 20,000
// people each reporting to the previous one, me at the top.
func TestDeriveDirectionsLongChain(t *testing.T) {
	const n = 20_000
	ps := make([]*ally.Person, n)
	for i := range ps {
		ps[i] = &ally.Person{ID: int64(i + 1), Name: "p", ManagerID: int64(i)}
	}
	got := ally.DeriveDirections(ps, 1)
	if len(got) != n-1 {
		t.Fatalf("got %d directions, want %d", len(got), n-1)
	}
	for id, d := range got {
		if d != ally.DirDown {
			t.Fatalf("person %d is %s, want down", id, d)
		}
	}
	// From the bottom: everyone above is up.
	got = ally.DeriveDirections(ps, n)
	for id, d := range got {
		if d != ally.DirUp {
			t.Fatalf("person %d is %s, want up", id, d)
		}
	}
}
