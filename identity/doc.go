// Package identity says when two records are the same person: it
// normalises the identities a source gives (email addresses, phone
// numbers, vCard UIDs, org-chart ids, a source's own record ids), matches
// an incoming record to the workspace's people by them (Index), and
// suggests the likely duplicates that no identity proves (Suggest).
//
// The split follows what peers learned the hard way (Folk, Meerkat; see
// RESEARCH.md, "Identity resolution"): only an exact identity merges by
// itself — a case-folded email address, a normalised phone number, the
// same external id. Everything else that looks like the same person (the
// same name in another source, "J. Arnold" and "John Arnold" at
// enron.com, Bob and Robert) is a Suggestion with a score and a reason
// people read, and a person decides.
//
// The package is pure: no database, no I/O, no clock, no global state
// that changes. It reads strings and returns values.
//
// What it deliberately drops or does not do, and why:
//   - Display names and comments around an address ("Jane Doe
//     <jane@x>"): they are not part of the identity. Raw 8-bit names are
//     tolerated, never decoded into the identity.
//   - Punycode: an IDN domain is lower-cased as Unicode (strings.ToLower);
//     "bücher.de" and "xn--bcher-kva.de" are two identities. Converting
//     needs golang.org/x/net/idna, which is not pinned, and real address
//     books store one form or the other consistently.
//   - Country guessing for phone numbers: a number without "+" (or "00")
//     stays national; "+1 713 853 6000" and "(713) 853-6000" do not
//     match. Guessing a country from the workspace would merge people
//     across countries by mistake; a miss only costs a suggestion.
//   - Name transliteration beyond Latin: Fold strips Latin accents
//     (José → jose, Łukasz → lukasz, ß → ss) with its own table and
//     lower-cases everything else; Greek, Cyrillic or CJK names compare
//     by case only. golang.org/x/text/unicode/norm would do more, but
//     the package keeps to the standard library.
//
// Cost: Email, Phone and Fold are linear in their input, which they
// bound (4 KB, 128 B, 512 B of a name). Index.Add and Index.Match are map
// operations. Suggest never compares all pairs: it blocks people by last
// name and initial, by first name and last-name initial, and by mailbox
// name, compares each pair once in the first block both are in, and
// skips blocks of more than 200 people; 10,000 people take about 0.1 s
// of CPU (BenchmarkSuggest10k).
package identity
