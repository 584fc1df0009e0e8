package tie

// What to offer a person, by the currencies they value (Cohen and
// Bradford): the one table the agenda and the plan word offers from.

import (
	"fmt"
	"strings"
)

// offers suggests what to give for each currency (Cohen and Bradford).
var offers = map[string]string{
	"inspiration":      "share how their work serves the larger purpose",
	"vision":           "involve them in shaping where things are going",
	"excellence":       "help them do something really well",
	"ethics":           "back them in doing the right thing",
	"task":             "offer concrete help with their work",
	"resources":        "lend budget, people or tools",
	"help":             "offer a hand with a current task",
	"information":      "pass on knowledge or news they need",
	"challenge":        "bring them an interesting problem",
	"position":         "help their standing",
	"recognition":      "credit their work publicly",
	"visibility":       "give them a chance to present to leadership",
	"reputation":       "speak well of them where it counts",
	"contacts":         "introduce them to someone useful",
	"relationship":     "spend time with them",
	"acceptance":       "include them",
	"personal-support": "check how they are doing",
	"understanding":    "listen to their concerns",
	"personal":         "thank them personally",
	"gratitude":        "thank them, specifically and in writing",
	"ownership":        "let them own a piece of the outcome",
	"self-concept":     "affirm what they care about in their work",
}

// CurrencyOffer returns what to give someone who values currency c (a
// currency of Cohen and Bradford or its family, as ally.Currencies names
// them), from the one table the agenda and goal plan share.
func CurrencyOffer(c string) (string, bool) {
	o, ok := offers[strings.ToLower(strings.TrimSpace(c))]
	return o, ok
}

// Offer returns a suggestion of what to give someone who values the
// currencies (the first one known), or a generic one.
func Offer(currencies []string) string {
	for _, c := range currencies {
		if o, ok := offers[c]; ok {
			return fmt.Sprintf("they value %s: %s", c, o)
		}
	}
	return "ask what would help them most"
}
