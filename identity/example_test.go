package identity_test

import (
	"fmt"

	"github.com/allyhq/ally/identity"
)

func ExampleEmail() {
	for _, s := range []string{"Jane Doe jane@x", "<JANE@X>", "mailto:Jane@X.org", "jane@x.", "a@x, b@y"} {
		id, ok := identity.Email(s)
		fmt.Printf("%q → %q %v\n", s, id.Value, ok)
	}
	// Output:
	// "Jane Doe jane@x" → "jane@x" true
	// "<JANE@X>" → "jane@x" true
	// "mailto:Jane@X.org" → "jane@x.org" true
	// "jane@x." → "jane@x" true
	// "a@x, b@y" → "" false
}

func ExamplePhone() {
	for _, s := range []string{"+1 (713) 853-6000", "tel:+1-713-853-6000;ext=123", "(713) 853-6000 x123", "1234"} {
		id, ok := identity.Phone(s)
		fmt.Printf("%q → %q %v\n", s, id.Value, ok)
	}
	// Output:
	// "+1 (713) 853-6000" → "+17138536000" true
	// "tel:+1-713-853-6000;ext=123" → "+17138536000;ext=123" true
	// "(713) 853-6000 x123" → "7138536000;ext=123" true
	// "1234" → "" false
}

func ExampleIndex_Match() {
	x := identity.NewIndex()
	jane, _ := identity.Email("jane@x.org")
	bob, _ := identity.Email("bob@x.org")
	x.Add(1, jane)
	x.Add(2, bob)
	incoming, _ := identity.Email("Jane Doe <JANE@x.org>")
	fmt.Println(x.Match([]identity.Identity{incoming}))
	fmt.Println(x.Match([]identity.Identity{incoming, bob}))
	// Output:
	// 1 []
	// 0 [1 2]
}

func ExampleSuggest() {
	people := []identity.Candidate{
		{ID: 1, Name: "J. Arnold", Emails: []string{"jarnold@enron.com"}},
		{ID: 2, Name: "John Arnold", Emails: []string{"john.arnold@enron.com"}},
		{ID: 3, Name: "Jane Arnold", Emails: []string{"jane.arnold@enron.com"}},
		{ID: 4, Name: "Arnold, John", Emails: []string{"john.arnold@gmail.com"}, Sources: []string{"vcard"}},
	}
	for _, s := range identity.Suggest(people, nil) {
		fmt.Printf("%d~%d %.2f %s\n", s.A, s.B, s.Score, s.Reason)
	}
	// J. Arnold may be John or Jane: both are suggested, John and Jane
	// never are.
	// Output:
	// 2~4 0.95 same name, same mailbox name john.arnold at enron.com and gmail.com
	// 1~2 0.55 J. Arnold ~ John Arnold at enron.com
	// 1~3 0.55 J. Arnold ~ Jane Arnold at enron.com
}
