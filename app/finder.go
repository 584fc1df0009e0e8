package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
)

// Ally finder.

// AllyFinding is the ally finder's answer.
type AllyFinding struct {
	Query      string           `json:"query"`
	GoalID     int64            `json:"goal_id,omitempty"`
	Goal       string           `json:"goal,omitempty"`
	Candidates int              `json:"candidates"`
	Allies     []*AllyCandidate `json:"allies"`
	// OnBoard, with an initiative, are its supporters (Me aside): they are
	// already in the coalition, so they are not ranked as candidates but
	// listed after them, marked with their stance.
	OnBoard []*StakeMark `json:"on_board"`
	Notes   []string     `json:"notes"`
}

// StakeMark is a person's stake in an open initiative, as the finder marks
// it.
type StakeMark struct {
	GoalID int64       `json:"goal_id"`
	Goal   string      `json:"goal"`
	ID     int64       `json:"id"`
	Name   string      `json:"name"`
	Stance ally.Stance `json:"stance"`
}

// AllyCandidate is one ranked candidate with the parts of its score, each
// 0–1: Score = 0.35·text + 0.20·reach + 0.20·influence + 0.15·diversity +
// 0.10·reliability.
type AllyCandidate struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Title       string   `json:"title,omitempty"`
	Department  string   `json:"department,omitempty"`
	Score       float64  `json:"score"`
	Text        float64  `json:"text"`
	BM25        float64  `json:"bm25"`
	Reach       float64  `json:"reach"`
	Influence   float64  `json:"influence"`
	Diversity   float64  `json:"diversity"`
	Reliability float64  `json:"reliability"`
	Matched     []string `json:"matched"`
	Via         []string `json:"via"` // intermediaries on the best warm path
	Reasons     []string `json:"reasons"`
	// Stakes are the candidate's stakes in open initiatives (the one
	// sought for first): a skeptic to win over, a supporter of another
	// initiative already working with Me.
	Stakes []*StakeMark `json:"stakes"`
}

// FindInput says what allies are sought for: an initiative (Goal, its id:
// its name, purpose and win-win are the query, its supporters are the
// coalition and are not ranked) or free text (Text; the coalition is Me),
// and how many candidates to return (K ≥ 1; 0: up to 10).
type FindInput struct {
	Goal int64
	Text string
	K    int
}

// FindAllies ranks the people who could help with an initiative or a piece
// of text. With an initiative, its supporters are not ranked (they are the
// coalition) but listed after as OnBoard; every candidate carries their
// stakes in open initiatives (a skeptic of this one is someone to win over,
// a supporter of another already works with Me). EINVALID when K is larger
// than the candidates.
func (a *App) FindAllies(ctx context.Context, in FindInput) (*AllyFinding, error) {
	ref, k := strings.TrimSpace(in.Text), in.K
	if ref == "" && in.Goal == 0 {
		return nil, ally.Errorf(ally.EINVALID, "say what you need allies for: an initiative or a few words")
	}
	if ref != "" && in.Goal != 0 {
		return nil, ally.Errorf(ally.EINVALID, "say what you need allies for: an initiative or a few words, not both")
	}
	if k < 0 {
		return nil, ally.Errorf(ally.EINVALID, "%d candidates: ask for at least one", k)
	}
	f := &AllyFinding{Query: ref, Allies: []*AllyCandidate{}, OnBoard: []*StakeMark{}, Notes: []string{}}
	var goal *ally.Initiative
	var stakes []*ally.Stake
	marks := map[int64][]*StakeMark{} // person → stakes in open initiatives
	kept := map[int64][2]int{}        // person → commitments kept on time, closed or late
	err := a.view(ctx, func(tx *store.Tx) error {
		if in.Goal != 0 {
			g, err := initiative(ctx, tx, in.Goal)
			if err != nil {
				return err
			}
			goal = initiativeAt(g, a)
			if stakes, err = a.stakesAt(ctx, tx, g.ID); err != nil {
				return err
			}
		}
		gs, err := a.initiativesAt(ctx, tx)
		if err != nil {
			return err
		}
		open := map[int64]*ally.Initiative{}
		for _, g := range gs {
			if g.Outcome == "" || g.Outcome == ally.OutcomeOpen {
				open[g.ID] = g
			}
		}
		all, err := a.stakesAt(ctx, tx, 0)
		if err != nil {
			return err
		}
		for _, st := range all {
			if g := open[st.InitiativeID]; g != nil {
				marks[st.PersonID] = append(marks[st.PersonID], &StakeMark{GoalID: g.ID, Goal: g.Name, ID: st.PersonID, Stance: st.Stance})
			}
		}
		cs, err := tx.FindCommitments(ctx, 0, false)
		if err != nil {
			return err
		}
		for _, c := range cs {
			x := kept[c.FromID]
			switch c.State(a.Now) {
			case ally.CommitKept:
				if c.OnTime() {
					x[0]++
				}
				x[1]++
			case ally.CommitBroken, ally.CommitLate:
				x[1]++
			}
			kept[c.FromID] = x
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t, err := a.Ties(ctx)
	if err != nil {
		return nil, err
	}
	ti := newTieIndex(t)
	query := ref
	inCoalition := map[int64]bool{a.WS.MeID: true}
	if goal != nil {
		f.Query = goal.Name
		f.GoalID, f.Goal = goal.ID, goal.Name
		query = strings.Join([]string{goal.Name, goal.Purpose, goal.WinWin}, " ")
		for _, s := range stakes {
			if s.Stance.Supports() {
				inCoalition[s.PersonID] = true
				if i, ok := t.Index[s.PersonID]; ok && s.PersonID != a.WS.MeID {
					f.OnBoard = append(f.OnBoard, &StakeMark{GoalID: goal.ID, Goal: goal.Name, ID: s.PersonID, Name: t.People[i].Name, Stance: s.Stance})
				}
			}
		}
		// Champions first, then by name.
		slices.SortStableFunc(f.OnBoard, func(x, y *StakeMark) int {
			if c := cmpBool(x.Stance == ally.StanceChampion, y.Stance == ally.StanceChampion); c != 0 {
				return c
			}
			return strings.Compare(x.Name, y.Name)
		})
	}
	var depts []string
	var levels []int
	for id := range inCoalition {
		if i, ok := t.Index[id]; ok {
			p := t.People[i]
			if p.Department != "" && !slices.Contains(depts, p.Department) {
				depts = append(depts, p.Department)
			}
			if p.Level != 0 && !slices.Contains(levels, p.Level) {
				levels = append(levels, p.Level)
			}
		}
	}
	pr, err := ti.pageRank(ctx)
	if err != nil {
		return nil, err
	}
	// The best warm path from Me to everyone in one search: a search per
	// candidate cost O(n) each, and 150 s on 200,000 people.
	var tree *coalition.WarmTree
	if t.Me >= 0 {
		if tree, err = coalition.BestWarmPaths(ti.graph(), t.Me, ti.nodeCosts()); err != nil {
			return nil, err
		}
	}
	cands := make([]coalition.Candidate, len(t.People))
	via := make([][]int, len(t.People))
	n := 0
	for i, p := range t.People {
		c := &cands[i]
		var tags, goals []string
		for _, tg := range p.Tags {
			if tg.Kind == ally.TagGoal {
				goals = append(goals, tg.Value)
			} else {
				tags = append(tags, tg.Value)
			}
		}
		c.Tags, c.Goals, c.Notes = strings.Join(tags, " "), strings.Join(goals, " "), p.Notes
		c.Department, c.Level = p.Department, p.Level
		c.InCoalition = inCoalition[p.ID]
		if pr != nil {
			c.Influence = pr[i]
		}
		x := kept[p.ID]
		c.Reliability = float64(x[0]+1) / float64(x[1]+2)
		if c.InCoalition {
			continue
		}
		n++
		switch {
		case orgLine(t, t.Me, i) != "":
			// Me's manager or a direct report is reached directly, never
			// through someone else: the org chart is the line.
			c.Reach = 1
		case tree != nil:
			if p, ok := tree.Path(i); ok {
				c.Reach = p.Strength
				via[i] = p.Nodes[1 : len(p.Nodes)-1]
			}
		}
	}
	f.Candidates = n
	if k == 0 {
		k = min(10, n)
	}
	if k > n {
		return nil, ally.Errorf(ally.EINVALID, "%d is more than the %d candidates (everyone not already in the coalition)", k, n)
	}
	scores := coalition.FindAllies(query, cands, depts, levels)
	// People who share the goal come first: an ally who wants the same
	// thing needs no persuading, whatever the other parts say.
	slices.SortStableFunc(scores, func(a, b coalition.AllyScore) int {
		switch am, bm := a.BM25 > 0, b.BM25 > 0; {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		return 0
	})
	if len(scores) > 0 && scores[0].BM25 == 0 {
		f.Notes = append(f.Notes, "nobody's tags, goals or notes match the words; ranked by reach, influence, diversity and reliability only (tag people with their interests, goals and skills to match them)")
	} else {
		f.Notes = append(f.Notes, "people whose tags, goals or notes match come first, then by score")
	}
	for _, s := range scores[:min(k, len(scores))] {
		p := t.People[s.Candidate]
		c := &AllyCandidate{ID: p.ID, Name: p.Name, Title: p.Title, Department: p.Department,
			Score: s.Score, Text: s.Text, BM25: s.BM25, Reach: s.Reach, Influence: s.Influence,
			Diversity: s.Diversity, Reliability: s.Reliability, Matched: nonNil(s.Matched), Via: []string{}, Stakes: []*StakeMark{}}
		for _, m := range marks[p.ID] {
			mk := *m
			mk.Name = p.Name
			if goal != nil && m.GoalID == goal.ID {
				c.Stakes = append([]*StakeMark{&mk}, c.Stakes...)
			} else {
				c.Stakes = append(c.Stakes, &mk)
			}
		}
		var reasons []string
		if len(s.Matched) > 0 {
			reasons = append(reasons, "shares "+quoteTerms(s.Matched, p))
		}
		switch line := orgLine(t, t.Me, s.Candidate); {
		case line == LineManager:
			reasons = append(reasons, "your manager: reached directly")
		case line == LineReport:
			reasons = append(reasons, "your direct report: reached directly")
		case s.Reach == 0:
			reasons = append(reasons, "no chain of ties from you yet")
		case len(via[s.Candidate]) == 0:
			reasons = append(reasons, fmt.Sprintf("direct tie with you (strength %.2f)", s.Reach))
		default:
			for _, j := range via[s.Candidate] {
				c.Via = append(c.Via, t.People[j].Name)
			}
			reasons = append(reasons, fmt.Sprintf("reachable via %s (chain strength %.2f)", strings.Join(c.Via, " → "), s.Reach))
		}
		if s.Influence >= 0.5 {
			reasons = append(reasons, fmt.Sprintf("influential: network centrality %.0f%% of the most central person's", 100*s.Influence))
		}
		reasons = append(reasons, s.Reasons...)
		if x := kept[p.ID]; x[1] > 0 {
			reasons = append(reasons, fmt.Sprintf("kept %d of %d commitments due so far on time", x[0], x[1]))
		}
		c.Reasons = reasons
		f.Allies = append(f.Allies, c)
	}
	return f, nil
}

// quoteTerms names the tags in which the matched (stemmed) terms occur.
func quoteTerms(terms []string, p *ally.Person) string {
	var hits []string
	for _, tg := range p.Tags {
		toks := coalition.Tokens(tg.Value)
		for _, t := range terms {
			if slices.Contains(toks, t) {
				hits = append(hits, string(tg.Kind)+" \""+tg.Value+"\"")
				break
			}
		}
	}
	if len(hits) == 0 {
		return "the words " + strings.Join(terms, ", ") + " (in their notes)"
	}
	return strings.Join(hits, ", ")
}
