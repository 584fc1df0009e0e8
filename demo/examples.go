package demo

import (
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// Ids of the people the examples involve, from employees.tsv.
const (
	sanders  = 113 // Richard B. Sanders, VP & Asst Gen Cnsl, ENA Legal
	steffes  = 131 // James D. Steffes, VP of Government Affairs
	shapiro  = 122 // Richard Shapiro, VP of Regulatory Affairs
	kean     = 61  // Steven J. Kean, VP & Chief of Staff
	hain     = 46  // Mary Hain, Director, Government Affairs
	badeer   = 3   // Robert Badeer, Mgr Trading, ENA West Power
	scott    = 117 // Susan Scott, Cnsl, ETS
	tycholiz = 143 // Barry Tycholiz, VP Trading, ENA Gas West
	delainey = 24  // David W. Delainey, President & CEO, EWS
	kitchen  = 65  // Louise Kitchen, COO, EWS
	harris   = 47  // Steven Harris, VP, ETS
	corman   = 17  // Shelley Corman, VP, ETS
	tholt    = 140 // Jane M. Tholt, Dir Trading, ENA Gas West
	fossum   = 34  // Drew Fossum, VP & Gen Cnsl, ETS
	allen    = 156 // Phillip K. Allen, Mng Dir Trading, ENA Gas West
	lavorato = 67  // John J. Lavorato, ENA President & CEO
	haedicke = 45  // Mark E. Haedicke, Mng Director & Gen Cnsl, ENA Legal
	hyatt    = 57  // Kevin Hyatt, Director, ETS
	outsideA = 1001
	outsideB = 1002
)

// outsiders are illustrative contacts in other organisations, so that the
// outside direction has people in it. They are not in the Enron data.
var outsiders = []struct{ person ally.Person }{
	{ally.Person{ID: outsideA, Name: "Jordan Lee (example)", Title: "Regulatory counsel", Organisation: "Example Utility Co.",
		Location: "San Francisco", Notes: "Illustrative outside contact, not in the Enron data.",
		Tags: []ally.Tag{{Kind: ally.TagInterest, Value: "california refund case"}, {Kind: ally.TagCurrency, Value: "information"}}}},
	{ally.Person{ID: outsideB, Name: "Sam Ortiz (example)", Title: "Energy policy analyst", Organisation: "Example Policy Institute",
		Location: "Sacramento", Notes: "Illustrative outside contact, not in the Enron data.",
		Tags: []ally.Tag{{Kind: ally.TagInterest, Value: "market design"}, {Kind: ally.TagCurrency, Value: "visibility"}}}},
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// addExamples adds the illustrative tags, initiatives, stakes, ledger
// entries and commitments, all marked as examples.
func addExamples(d *app.Dump) error {
	tags := map[int64][]ally.Tag{
		MeID: {{Kind: ally.TagGoal, Value: "california refund settlement"}, {Kind: ally.TagInterest, Value: "energy regulation"},
			{Kind: ally.TagSkill, Value: "regulatory strategy"}, {Kind: ally.TagSkill, Value: "public policy"}},
		steffes:  {{Kind: ally.TagInterest, Value: "government affairs"}, {Kind: ally.TagCurrency, Value: "information"}, {Kind: ally.TagCurrency, Value: "recognition"}},
		shapiro:  {{Kind: ally.TagGoal, Value: "california refund settlement"}, {Kind: ally.TagCurrency, Value: "reputation"}},
		kean:     {{Kind: ally.TagInterest, Value: "public policy"}, {Kind: ally.TagCurrency, Value: "vision"}, {Kind: ally.TagCurrency, Value: "visibility"}},
		sanders:  {{Kind: ally.TagSkill, Value: "litigation"}, {Kind: ally.TagCurrency, Value: "help"}},
		badeer:   {{Kind: ally.TagInterest, Value: "west power prices"}, {Kind: ally.TagCurrency, Value: "information"}},
		delainey: {{Kind: ally.TagGoal, Value: "trading profit"}, {Kind: ally.TagCurrency, Value: "resources"}, {Kind: ally.TagCurrency, Value: "reputation"}},
		tycholiz: {{Kind: ally.TagInterest, Value: "gas pricing"}, {Kind: ally.TagCurrency, Value: "information"}},
		lavorato: {{Kind: ally.TagGoal, Value: "trading profit"}, {Kind: ally.TagCurrency, Value: "resources"}},
		kitchen:  {{Kind: ally.TagInterest, Value: "enron online"}, {Kind: ally.TagCurrency, Value: "challenge"}},
		scott:    {{Kind: ally.TagSkill, Value: "pipeline tariffs"}, {Kind: ally.TagCurrency, Value: "gratitude"}},
	}
	for _, p := range d.People {
		p.Tags = append(p.Tags, tags[p.ID]...)
	}

	// Two example interactions with the outside contacts.
	d.Interactions = append(d.Interactions,
		&ally.Interaction{ID: 900001, Kind: ally.ChanCall, At: date(2001, 9, 20).Add(15 * time.Hour), Source: ally.SourceDemo,
			ExternalID: "example-1", Subject: "refund case: utility's view (example)",
			Participants: []ally.Participant{{PersonID: MeID, Role: ally.RoleInitiator}, {PersonID: outsideA, Role: ally.RoleTo}}},
		&ally.Interaction{ID: 900002, Kind: ally.ChanEvent, At: date(2001, 6, 12).Add(9 * time.Hour), Source: ally.SourceDemo,
			ExternalID: "example-2", Subject: "market design workshop (example)",
			Participants: []ally.Participant{{PersonID: outsideB, Role: ally.RoleInitiator}, {PersonID: MeID, Role: ally.RoleTo}}},
	)

	ex := func(id int64, at time.Time, from, to int64, what string, kind ally.ExchangeKind, size ally.Size, cur string) *ally.Exchange {
		return &ally.Exchange{ID: id, At: at, FromID: from, ToID: to, What: what, Kind: kind, Size: size, Currency: cur, Example: true}
	}
	d.Exchanges = []*ally.Exchange{
		ex(1, date(2001, 3, 2), MeID, hain, "covered the CPUC hearing for her", ally.GaveHelp, ally.SizeMedium, "help"),
		ex(2, date(2001, 5, 14), steffes, MeID, "argued for my role on the refund team", ally.GaveAdvocacy, ally.SizeLarge, "visibility"),
		ex(3, date(2001, 6, 1), MeID, steffes, "weekly California summary for his staff meeting", ally.GaveKnowledge, ally.SizeSmall, "information"),
		ex(4, date(2001, 7, 9), MeID, badeer, "explained the FERC price-cap order to the West desk", ally.GaveKnowledge, ally.SizeMedium, "information"),
		ex(5, date(2001, 8, 20), sanders, MeID, "reviewed my refund-case testimony overnight", ally.GaveHelp, ally.SizeLarge, "help"),
		ex(6, date(2001, 9, 5), kean, MeID, "credited my analysis in the executive update", ally.GaveRecognition, ally.SizeMedium, "recognition"),
		ex(7, date(2001, 9, 18), MeID, tycholiz, "introduced him to the utility's regulatory counsel", ally.GaveIntroduction, ally.SizeMedium, "contacts"),
		ex(8, date(2001, 9, 25), scott, MeID, "walked me through the pipeline tariff rules", ally.GaveKnowledge, ally.SizeMedium, "information"),
		ex(9, date(2001, 10, 3), outsideA, MeID, "shared the utility's draft settlement terms", ally.GaveKnowledge, ally.SizeMedium, "information"),
		ex(10, date(2001, 10, 12), MeID, kean, "prepared his Senate testimony briefing", ally.GaveHelp, ally.SizeLarge, "visibility"),
	}

	cm := func(id, from, to int64, what string, created, due time.Time, st ally.CommitmentStatus, closed time.Time) *ally.Commitment {
		return &ally.Commitment{ID: id, FromID: from, ToID: to, What: what, Created: created, Due: due, Status: st, Closed: closed, Example: true}
	}
	d.Commitments = []*ally.Commitment{
		cm(1, MeID, steffes, "weekly regulatory summary", date(2001, 9, 20), date(2001, 9, 28), ally.CommitKept, date(2001, 10, 2)),
		cm(2, MeID, badeer, "explain the price-cap order to the West desk", date(2001, 10, 1), date(2001, 10, 10), ally.CommitKept, date(2001, 10, 9)),
		cm(3, scott, MeID, "draft of the pipeline tariff comments", date(2001, 8, 1), date(2001, 8, 15), ally.CommitKept, date(2001, 8, 14)),
		cm(4, delainey, MeID, "decision on funding the outside economists", date(2001, 9, 28), date(2001, 10, 15), ally.CommitBroken, date(2001, 10, 20)),
		cm(5, MeID, kean, "California refund talking points", date(2001, 10, 15), date(2001, 10, 29), ally.CommitOpen, time.Time{}),
		cm(6, shapiro, MeID, "sign-off on the refund position", date(2001, 10, 12), date(2001, 10, 26), ally.CommitOpen, time.Time{}),
		cm(7, MeID, sanders, "FERC refund order analysis", date(2001, 10, 22), date(2001, 11, 2), ally.CommitOpen, time.Time{}),
		cm(8, tycholiz, MeID, "gas desk exposure numbers", date(2001, 10, 24), date(2001, 11, 5), ally.CommitOpen, time.Time{}),
		cm(9, MeID, outsideA, "our comments on the settlement terms", date(2001, 10, 5), date(2001, 11, 9), ally.CommitOpen, time.Time{}),
	}

	d.Initiatives = []*ally.Initiative{
		{ID: 1, Name: "California refund case: a common position", Example: true, Created: date(2001, 8, 1), Target: date(2001, 12, 15),
			Purpose: "One Enron position on the California refund proceeding instead of desk-by-desk positions.",
			WinWin:  "Trading gets predictable exposure; Legal gets one record to defend; Government Affairs speaks with one voice.",
			Rule: ally.Rule{Kind: ally.RuleCommittee, Quota: 7,
				Weights: map[int64]float64{kean: 3, delainey: 3, shapiro: 2, steffes: 2, haedicke: 2}},
			Outcome: ally.OutcomeOpen},
		{ID: 2, Name: "West desks: regulatory risk briefing", Example: true, Created: date(2001, 6, 15), Target: date(2001, 11, 30),
			Purpose: "A weekly regulatory risk briefing that the West gas and power desks actually use.",
			WinWin:  "Traders see rule changes before the market does; we learn what the desks need.",
			Rule:    ally.Rule{Kind: ally.RuleAdoption, Share: 0.6}, Outcome: ally.OutcomeOpen},
		{ID: 3, Name: "Pipeline tariff comments to FERC", Example: true, Created: date(2001, 5, 1), Target: date(2001, 8, 31),
			Purpose: "Joint comments with ETS on the pipeline capacity rule.",
			WinWin:  "ETS gets regulatory support; we get the pipeline view for the refund case.",
			Rule:    ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{fossum}}, Outcome: ally.OutcomeWon, Decided: date(2001, 8, 31)},
	}
	st := func(g, p int64, s ally.Stance, pow, in int, wiifm, ask, next string, hist ...ally.StanceChange) *ally.Stake {
		last := date(2001, 10, 1)
		if len(hist) > 0 {
			last = hist[len(hist)-1].At
		} else {
			hist = []ally.StanceChange{{At: last, To: s}}
		}
		return &ally.Stake{InitiativeID: g, PersonID: p, Stance: s, Power: pow, Interest: in, WIIFM: wiifm, Ask: ask, Next: next,
			History: hist, Updated: last}
	}
	ch := func(at time.Time, from, to ally.Stance) ally.StanceChange {
		return ally.StanceChange{At: at, From: from, To: to}
	}
	d.Stakes = []*ally.Stake{
		st(1, kean, ally.StanceChampion, 5, 4, "one message to Washington and Sacramento", "chair the decision meeting", "send him the talking points"),
		st(1, shapiro, ally.StanceSupporter, 4, 5, "fewer conflicting filings", "sign off the position", "follow up on his sign-off",
			ch(date(2001, 8, 2), "", ally.StanceNeutral), ch(date(2001, 9, 10), ally.StanceNeutral, ally.StanceSupporter)),
		st(1, steffes, ally.StanceChampion, 4, 5, "his team leads the work", "present it with me", "prepare the joint deck"),
		st(1, delainey, ally.StanceSkeptic, 5, 3, "trading exposure he can predict", "accept a cap on desk positions", "show the exposure numbers from the gas desk",
			ch(date(2001, 8, 2), "", ally.StanceNeutral), ch(date(2001, 10, 20), ally.StanceNeutral, ally.StanceSkeptic)),
		st(1, haedicke, ally.StanceUnknown, 4, 2, "one record to defend", "legal review of the position", "ask Sanders to introduce me"),
		st(1, sanders, ally.StanceSupporter, 3, 4, "litigation consistency", "brief Haedicke", "send him the FERC analysis"),
		st(1, tycholiz, ally.StanceNeutral, 2, 4, "clear gas exposure", "share desk numbers", "collect the exposure numbers"),
		st(2, badeer, ally.StanceSupporter, 2, 5, "early warning on price caps", "pilot the briefing on his desk", "ask for feedback on week 3"),
		st(2, tycholiz, ally.StanceNeutral, 3, 4, "fewer surprises in gas", "send two traders", "offer a gas-specific section"),
		st(2, allen, ally.StanceSkeptic, 4, 3, "time is money on the desk", "ten minutes a week", "ask Tycholiz how he sees it"),
		st(2, tholt, ally.StanceUnknown, 2, 3, "", "try one briefing", "invite her to the next one"),
		st(2, kitchen, ally.StanceNeutral, 5, 2, "EnronOnline adoption", "mention it at the COO staff meeting", "link it to EnronOnline volumes"),
		st(2, lavorato, ally.StanceBlocker, 5, 3, "desk profit", "let desks opt in", "find a warm path through Kitchen",
			ch(date(2001, 6, 20), "", ally.StanceUnknown), ch(date(2001, 7, 30), ally.StanceUnknown, ally.StanceSkeptic),
			ch(date(2001, 9, 15), ally.StanceSkeptic, ally.StanceBlocker)),
		st(3, fossum, ally.StanceSupporter, 4, 4, "regulatory cover for ETS", "approve the joint filing", "",
			ch(date(2001, 5, 2), "", ally.StanceNeutral), ch(date(2001, 7, 20), ally.StanceNeutral, ally.StanceSupporter)),
		// The tariff comments were won on 2001-08-31: their stakeholders'
		// histories run before that, so that the support they had when
		// decided (ally roi) is what the story says.
		st(3, scott, ally.StanceChampion, 3, 5, "her tariff expertise used", "draft the comments", "",
			ch(date(2001, 5, 1), "", ally.StanceChampion)),
		st(3, harris, ally.StanceSupporter, 3, 3, "capacity sales", "commercial review", "",
			ch(date(2001, 5, 10), "", ally.StanceNeutral), ch(date(2001, 8, 1), ally.StanceNeutral, ally.StanceSupporter)),
		st(3, corman, ally.StanceChampion, 4, 4, "ETS regulatory agenda", "lead for ETS", "",
			ch(date(2001, 5, 1), "", ally.StanceChampion)),
		st(3, hyatt, ally.StanceNeutral, 2, 2, "", "data on capacity use", "",
			ch(date(2001, 6, 1), "", ally.StanceNeutral)),
	}
	return nil
}
