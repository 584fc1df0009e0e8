package app

import (
	"slices"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

func TestPageOf(t *testing.T) {
	all := []int{1, 2, 3, 4, 5}
	for _, tt := range []struct {
		pg   Page
		want []int
	}{
		{Page{}, []int{1, 2, 3, 4, 5}},
		{Page{Limit: 2}, []int{1, 2}},
		{Page{Limit: 2, Offset: 4}, []int{5}},
		{Page{Offset: 3}, []int{4, 5}},
		{Page{Limit: 10, Offset: 1}, []int{2, 3, 4, 5}},
		{Page{Offset: 5}, []int{}},
		{Page{Limit: 1, Offset: 99}, []int{}},
	} {
		l := pageOf(all, tt.pg)
		if !slices.Equal(l.Items, tt.want) || l.Total != 5 || l.Offset != tt.pg.Offset || l.Items == nil {
			t.Errorf("pageOf(%+v) = %+v, want items %v of 5", tt.pg, l, tt.want)
		}
	}
	for _, pg := range []Page{{Limit: -1}, {Offset: -1}} {
		wantErr(t, pg.Validate(), ally.EINVALID)
	}
}

// TestListsPage: the lists of people, commitments, interactions and
// initiatives give one page and the size of the whole, and pages tile it.
func TestListsPage(t *testing.T) {
	a := buildWorkspace(t, mustDB(t))
	everyone := ok(a.ListPeople(bg, ListFilter{IncludeMe: true}))(t)
	if everyone.Total != 4 || len(everyone.Items) != 4 {
		t.Fatalf("%d of %d people, want 4 of 4", len(everyone.Items), everyone.Total)
	}
	var tiled []int64
	for off := 0; off < 5; off += 3 {
		l := ok(a.ListPeople(bg, ListFilter{IncludeMe: true, Page: Page{Limit: 3, Offset: off}}))(t)
		if l.Total != 4 {
			t.Errorf("page at %d: total %d, want 4", off, l.Total)
		}
		for _, p := range l.Items {
			tiled = append(tiled, p.ID)
		}
	}
	var ids []int64
	for _, p := range everyone.Items {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(tiled, ids) {
		t.Errorf("pages of 3 tile as %v, want %v", tiled, ids)
	}
	_, err := a.ListPeople(bg, ListFilter{Page: Page{Limit: -2}})
	wantErr(t, err, ally.EINVALID, "limit -2")

	cs := ok(a.Commitments(bg, CommitmentFilter{Closed: true, Page: Page{Limit: 1}}))(t)
	if cs.Total != 2 || len(cs.Items) != 1 {
		t.Errorf("commitments: %d of %d, want 1 of 2", len(cs.Items), cs.Total)
	}
	open := ok(a.Commitments(bg, CommitmentFilter{}))(t)
	if open.Total != 1 || open.Items[0].Mine {
		t.Errorf("open commitments %+v: want theirs alone (mine was kept)", open)
	}

	ana := pid(t, a, "Ana")
	p, tl := ok2(a.Timeline(bg, ana, Page{Limit: 2, Offset: 1}))(t)
	if p.ID != ana || tl.Total != 3 || len(tl.Items) != 2 || tl.Offset != 1 {
		t.Errorf("Ana's timeline page: %d items of %d from %d, want 2 of 3 from 1", len(tl.Items), tl.Total, tl.Offset)
	}
	whole := ok2(a.Timeline(bg, ana, Page{}))
	_, w := whole(t)
	idOf := func(in *ally.Interaction) int64 { return in.ID }
	if !slices.Equal(mapped(tl.Items, idOf), mapped(w.Items[1:], idOf)) {
		t.Errorf("the page is not the whole timeline's items 1–2")
	}

	gs := ok(a.ListGoals(bg, Page{Offset: 1}))(t)
	if gs.Total != 1 || len(gs.Items) != 0 {
		t.Errorf("goals past the end: %d of %d, want 0 of 1", len(gs.Items), gs.Total)
	}
}

// TestTypedInputs: a way that is neither is refused, people are named by
// id, and tags come off as they went on.
func TestTypedInputs(t *testing.T) {
	a := buildWorkspace(t, mustDB(t))
	ana := pid(t, a, "Ana")
	_, _, err := a.Give(bg, ExchangeInput{Person: ana, What: "x", Kind: ally.GaveHelp, Size: ally.SizeSmall})
	wantErr(t, err, ally.EINVALID, `way ""`)
	_, _, err = a.Promise(bg, PromiseInput{Person: ana, Way: "sideways", What: "x", Due: exportNow})
	wantErr(t, err, ally.EINVALID, `way "sideways"`)
	_, _, err = a.Promise(bg, PromiseInput{Person: 9999, Way: ToMe, What: "x", Due: exportNow})
	wantErr(t, err, ally.ENOTFOUND, "no person with id 9999")
	_, err = a.Health(bg, 0)
	wantErr(t, err, ally.EINVALID, "say which person")

	c, p, err := a.Promise(bg, PromiseInput{Person: ana, Way: ToMe, What: "the numbers", Due: exportNow.Add(48 * time.Hour)})
	if err != nil || c.FromID != ana || c.ToID != a.WS.MeID || p.ID != ana {
		t.Fatalf("their promise: %+v, %v", c, err)
	}
	e, _, err := a.Give(bg, ExchangeInput{Person: ana, Way: FromMe, What: "a review", Kind: ally.GaveHelp, Size: ally.SizeSmall})
	if err != nil || e.FromID != a.WS.MeID || e.ToID != ana {
		t.Fatalf("a favour given: %+v, %v", e, err)
	}

	// Tags are kept in lower case (Tag.Validate).
	goTag := ally.Tag{Kind: ally.TagSkill, Value: "go"}
	rust := ally.Tag{Kind: ally.TagSkill, Value: "rust"}
	got := ok(a.Tag(bg, ana, []ally.Tag{rust, rust, goTag}))(t)
	if n := len(got.Tags); n != 3 || !slices.Contains(got.Tags, rust) {
		t.Errorf("tags after adding Rust twice and Go again: %v, want Go, Rust and recognition once each", got.Tags)
	}
	got = ok(a.Untag(bg, ana, []ally.Tag{rust, {Kind: ally.TagSkill, Value: "COBOL"}}))(t)
	if slices.Contains(got.Tags, rust) || !slices.Contains(got.Tags, goTag) || len(got.Tags) != 2 {
		t.Errorf("tags after removing Rust (and COBOL, absent): %v", got.Tags)
	}

	cands := ok(a.Candidates(bg, "a", 0))(t)
	if len(cands) < 2 {
		t.Errorf("candidates for %q: %d, want Ana, Bea, Bo Partner, Mia…", "a", len(cands))
	}
	if one := ok(a.Candidates(bg, "a", 1))(t); len(one) != 1 {
		t.Errorf("candidates limited to 1: %d", len(one))
	}
	_, err = a.FindAllies(bg, FindInput{Goal: gid(t, a, "Platform"), Text: "words"})
	wantErr(t, err, ally.EINVALID, "not both")
	_, err = a.FindAllies(bg, FindInput{})
	wantErr(t, err, ally.EINVALID, "say what you need allies for")
}

func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
