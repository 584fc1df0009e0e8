package identity

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Candidate is a person as the duplicate finder sees them.
type Candidate struct {
	ID int64 // the person's id; two candidates with one id are one person
	// Name is the display name as stored or found, in any form NameKey
	// reads; empty, or an address, when a source gave none.
	Name string
	// Emails are as stored or found; Suggest normalises them. A shared
	// address means the pair is one person already (the import merges
	// by it), so it is never suggested.
	Emails []string
	// Organisation is compared folded; empty means unknown and counts
	// neither way. (ally stores Me's own organisation as empty: a caller
	// that wants own-organisation people to count as one organisation
	// fills in its name.)
	Organisation string
	// Sources are where the person came from ("vcard:contacts.vcf",
	// "mail", "demo"): the same name in two sources is likelier one
	// person than the same name twice in one file.
	Sources []string
	// Identities are the person's other identities (phones, vCard
	// UIDs, org ids, external ids); a shared one, like a shared
	// address, rules the pair out.
	Identities []Identity
}

// Signal is one piece of evidence behind a suggestion, for a face that
// words, sorts or filters suggestions itself instead of reading Reason.
type Signal string

// Signals. A suggestion's first signal says how the names compare
// (SameName to NameIsAddress); qualifiers of the names may follow
// (Spelling or LastNamePart for the last name, FromAddress), then the
// evidence that raised or lowered the score (SameDomain to TwoOrgIDs).
const (
	SameName      Signal = "same-name"         // equal once folded ("José  García" ~ "jose garcia", "Arnold, John" ~ "John Arnold")
	MiddleName    Signal = "middle-name"       // equal but for a middle name or initial on one side ("John D. Arnold" ~ "John Arnold")
	Nickname      Signal = "nickname"          // first names share a full name in the nickname table ("Bob" ~ "Robert")
	Spelling      Signal = "spelling"          // first or last names differ by a doubled letter ("Phillip" ~ "Philip")
	Initial       Signal = "initial"           // an initial against a first name ("J. Arnold" ~ "John Arnold")
	GoesByMiddle  Signal = "goes-by-middle"    // one's first name is the other's middle name ("Greg Whalley" ~ "Lawrence Greg Whalley")
	LastNamePart  Signal = "last-name-part"    // one last name is part of the other's double name ("Mims" ~ "Mims-Thurston")
	Typo          Signal = "typo"              // the same first name, last names one letter apart ("John Griffith" ~ "John Giffith")
	NameIsAddress Signal = "name-is-address"   // one's name is an address the other has
	FromAddress   Signal = "name-from-address" // one has no name but a "first.last" address, read as the name
	SameDomain    Signal = "same-domain"       // addresses at the same (non-webmail) domain
	SameLocalPart Signal = "same-local-part"   // the same mailbox name at two domains (john.arnold@enron.com, john.arnold@gmail.com)
	SameOrg       Signal = "same-organisation"
	OtherOrg      Signal = "other-organisation" // both name an organisation, different ones
	OtherSource   Signal = "other-source"       // no source in common
	CommonName    Signal = "common-name"        // three or more people have this name
	TwoOrgIDs     Signal = "two-org-ids"        // each has an org-chart id, different ones: an org chart lists them as two people
)

// Suggestion is a likely duplicate pair, A < B.
//
// Score is from 0 to 1 (never 1: only an identity is certain):
//   - 0.9 and up: very likely one person — the same name and a
//     corroborating address, organisation or source, or a name that is
//     the other's address;
//   - 0.7 to 0.9: likely — the same name, a nickname, a middle name;
//   - 0.5 to 0.7: possible — an initial or a middle name used as first
//     name, with the same domain or organisation; the same name in
//     different organisations; a common name.
//
// Nothing under 0.5 is suggested. The parts: the name relation gives a
// base (same name 0.80, middle name 0.75, nickname 0.70, spelling 0.65,
// a typo in the last name 0.55, goes by middle 0.50, initial 0.45,
// one-word names 0.40, a name that is the other's address 0.90; a last
// name spelled differently or part of a double name −0.10, a name read
// from a "first.last" address −0.15), and
// evidence moves it (same domain +0.10, same mailbox name at two domains
// +0.15, same organisation +0.10, other organisation −0.25, no common
// source +0.05, a name three or more people share −0.15, two different
// org-chart ids −0.30). An initial, a
// middle name as first name, a typo in the last name (one letter apart,
// six letters or more, with the same first name or a nickname) and a
// one-word name are suggested only with a same domain, same mailbox
// name or same organisation to back them.
type Suggestion struct {
	A, B    int64    // the two people's ids, A < B
	Score   float64  // 0.5 to 0.99, see above
	Reason  string   // for people: "J. Arnold ~ John Arnold at enron.com"
	Signals []Signal // the same, structured: the name relation first
}

// Blocks bigger than this are not compared pair by pair: a last name and
// initial shared by more people than this ("smith|j" in a huge
// workspace) is too common to suggest anything by itself, and comparing
// it would be quadratic. Such people still meet through their mailbox
// names.
const maxBlock = 200

// minScore is the lowest score Suggest returns.
const minScore = 0.5

// webmail domains host unrelated people: sharing one says nothing.
var webmail = set("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "hotmail.co.uk",
	"outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "gmx.com", "gmx.de", "gmx.net",
	"web.de", "proton.me", "protonmail.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "comcast.net", "att.net",
	"verizon.net", "orange.fr", "free.fr", "t-online.de", "fastmail.com")

// generic mailbox names belong to roles, not people.
var generic = set("info", "admin", "contact", "sales", "support", "office", "hello", "mail", "noreply", "no-reply",
	"team", "hr", "jobs", "billing", "help", "enquiries", "webmaster", "postmaster", "news", "marketing", "service")

// person is a candidate prepared for comparison.
type person struct {
	c       *Candidate
	n       name
	key     string     // n.key()
	lastC   string     // n.last, doubled letters collapsed
	lastP   []string   // the parts of a double last name, collapsed; nil for a single one
	ids     []Identity // normalised emails and the other identities
	domains []string   // non-webmail domains
	locals  []localAt  // personal mailbox names
	org     string     // folded
	blocks  []int32    // the blocks the person is compared in, ascending
	derived bool       // n comes from a mailbox name, not from Name
	shown   string     // the name for a reason: Name, or the address n comes from
}

type localAt struct{ local, domain string }

// Suggest returns the likely duplicates among people, best first (then
// by A, B), each pair once with A < B. Pairs in notPairs (a "don't
// merge" list, and pairs already merged or unmerged; either order) are
// left out, and so are pairs that share an identity: the import merges
// those by itself. See Suggestion for the scores.
//
// People are compared only within blocks: the same last name (doubled
// letters collapsed, each part of a double name) and the same initial of
// a given name or of a full name it is short for; the same first name
// (or full name it is short for) and last-name initial; the same personal
// mailbox name; a name that is an address another person has. Cost:
// O(n) to block; each person is in a bounded number of blocks (at most
// three given names, each with its nickname table entries, times the
// parts of the last name, plus the mailbox names) of at most maxBlock
// people, so O(n·maxBlock) comparisons at worst and about n·(average
// block size) in practice. Each pair is compared once.
func Suggest(people []Candidate, notPairs map[[2]int64]bool) []Suggestion {
	ps := make([]person, len(people))
	owners := map[string][]int{} // normalised address → people
	common := map[string]int{}   // name key → how many people
	blockID := map[string]int32{}
	var blocks [][]int
	for i := range people {
		p := prepare(&people[i])
		for _, id := range p.ids {
			if id.Kind == KindEmail {
				owners[id.Value] = append(owners[id.Value], i)
			}
		}
		if p.key != "" && p.n.full() {
			common[p.key]++
		}
		for _, k := range blockKeys(p) {
			b, ok := blockID[k]
			if !ok {
				b = int32(len(blocks))
				blockID[k] = b
				blocks = append(blocks, nil)
			}
			blocks[b] = append(blocks[b], i)
			p.blocks = append(p.blocks, b)
		}
		ps[i] = p
	}
	// Each person keeps only the blocks that are compared, in order, so
	// that a pair is compared once: in the first block both are in.
	for i := range ps {
		p := &ps[i]
		p.blocks = slices.DeleteFunc(p.blocks, func(b int32) bool { return len(blocks[b]) < 2 || len(blocks[b]) > maxBlock })
		slices.Sort(p.blocks)
	}
	var out []Suggestion
	keep := func(a, b int, s Suggestion) {
		if s.Score < minScore || notPairs[[2]int64{s.A, s.B}] || notPairs[[2]int64{s.B, s.A}] {
			return
		}
		s.Reason = reason(ps[a], ps[b], s, common)
		out = append(out, s)
	}
	// ordered returns i and j ordered by person id (A < B), and false
	// when they are one person.
	ordered := func(i, j int) (int, int, bool) {
		if ps[i].c.ID > ps[j].c.ID {
			i, j = j, i
		}
		return i, j, ps[i].c.ID != ps[j].c.ID
	}
	// A name that is someone's address: the strongest hint short of an
	// identity. These pairs are few; a map keeps them from being
	// compared again by name.
	byAddress := map[[2]int]bool{}
	for i := range ps {
		if ps[i].n.email == "" {
			continue
		}
		for _, j := range owners[ps[i].n.email] {
			a, b, ok := ordered(i, j)
			if !ok || byAddress[[2]int{a, b}] || shareIdentity(ps[a], ps[b]) {
				continue
			}
			byAddress[[2]int{a, b}] = true
			keep(a, b, evidence(ps[a], ps[b], NameIsAddress, 0.90, false, common))
		}
	}
	for k, m := range blocks {
		if len(m) < 2 || len(m) > maxBlock {
			continue
		}
		for x := range m {
			for y := x + 1; y < len(m); y++ {
				if firstCommon(ps[m[x]].blocks, ps[m[y]].blocks) != int32(k) {
					continue // compared in an earlier block
				}
				a, b, ok := ordered(m[x], m[y])
				if !ok || len(byAddress) > 0 && byAddress[[2]int{a, b}] {
					continue
				}
				if s, ok := compare(ps[a], ps[b], common); ok {
					keep(a, b, s)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y Suggestion) int {
		switch {
		case x.Score != y.Score:
			if x.Score > y.Score {
				return -1
			}
			return 1
		case x.A != y.A:
			return cmpInt(x.A, y.A)
		}
		return cmpInt(x.B, y.B)
	})
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// firstCommon returns the first value two ascending lists share, or -1.
func firstCommon(a, b []int32) int32 {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return a[i]
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return -1
}

// prepare parses a candidate's name and normalises its identities.
func prepare(c *Candidate) person {
	p := person{c: c, n: parseName(c.Name), org: Fold(c.Organisation)}
	p.shown = display(c.Name)
	if p.n.last == "" {
		// No name, or only an address: a "first.last" mailbox name
		// stands in for one.
		addr := p.n.email
		if addr == "" && len(c.Emails) > 0 {
			if id, ok := Email(c.Emails[0]); ok {
				addr = id.Value
			}
		}
		if n, ok := nameFromAddress(addr); ok {
			p.n.given, p.n.initial, p.n.last = n.given, n.initial, n.last
			p.derived, p.shown = true, addr
		}
	}
	p.key = p.n.key()
	p.lastC = collapse(p.n.last)
	if strings.Contains(p.n.last, "-") {
		for part := range strings.SplitSeq(p.n.last, "-") {
			if part != "" {
				p.lastP = append(p.lastP, collapse(part))
			}
		}
	}
	for _, e := range c.Emails {
		id, ok := Email(e)
		if !ok || slices.Contains(p.ids, id) {
			continue
		}
		p.ids = append(p.ids, id)
		at := strings.LastIndexByte(id.Value, '@')
		local, domain := id.Value[:at], id.Value[at+1:]
		if !webmail[domain] && !slices.Contains(p.domains, domain) {
			p.domains = append(p.domains, domain)
		}
		if !generic[local] && len(local) >= 3 {
			p.locals = append(p.locals, localAt{local, domain})
		}
	}
	for _, id := range c.Identities {
		if id != (Identity{}) && !slices.Contains(p.ids, id) {
			p.ids = append(p.ids, id)
		}
	}
	return p
}

// nameFromAddress reads a mailbox name made of a person's names
// ("john.arnold", "j.arnold", "john_d_arnold", "j..yanowski"): two or
// three words of letters split by "." or "_", the last of two letters or
// more. "jarnold" and "info" say nothing reliable, and "-" joins role
// names ("owner-magick", "bounce-list") more often than a person's.
func nameFromAddress(addr string) (name, bool) {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return name{}, false
	}
	words := strings.FieldsFunc(addr[:at], func(r rune) bool { return r == '.' || r == '_' })
	if len(words) < 2 || len(words) > 3 || generic[addr[:at]] {
		return name{}, false
	}
	for _, w := range words {
		for _, r := range w {
			if !unicode.IsLetter(r) {
				return name{}, false
			}
		}
	}
	last := words[len(words)-1]
	if utf8.RuneCountInString(last) < 2 {
		return name{}, false
	}
	n := name{given: words[:len(words)-1], last: last}
	for _, g := range n.given {
		n.initial = append(n.initial, utf8.RuneCountInString(g) == 1)
	}
	return n, true
}

// blockKeys are the blocks a person is compared in.
func blockKeys(p person) []string {
	var keys []string
	add := func(k string) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	n := p.n
	switch {
	case n.full():
		lasts := append([]string{p.lastC}, p.lastP...)
		// A typo in the last name: the first name (and the full names
		// it is short for) and the last name's initial.
		if !n.initial[0] {
			for _, c := range canon(n.given[0]) {
				add("f|" + c + "|" + firstRune(n.last))
			}
		}
		for gi, g := range n.given {
			if gi >= 3 {
				break
			}
			for _, c := range canon(g) {
				for _, l := range lasts {
					add("n|" + l + "|" + firstRune(c))
				}
			}
		}
	case n.last != "":
		add("1|" + p.lastC)
	}
	for _, l := range p.locals {
		add("l|" + l.local)
	}
	return keys
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// shareIdentity reports whether two people have an identity in common.
func shareIdentity(a, b person) bool {
	for _, x := range a.ids {
		if slices.Contains(b.ids, x) {
			return true
		}
	}
	return false
}

// givenRel is how two given names compare.
type givenRel int

const (
	relNone givenRel = iota
	relSame
	relInitial
	relNickname
	relSpelling
)

// compareGiven compares two folded given names, each maybe an initial.
func compareGiven(x string, xi bool, y string, yi bool) givenRel {
	switch {
	case x == y && xi:
		return relInitial // "J." and "J": no more than an initial
	case x == y:
		return relSame
	case xi && !yi:
		if firstRune(y) == x {
			return relInitial
		}
		return relNone
	case yi && !xi:
		if firstRune(x) == y {
			return relInitial
		}
		return relNone
	case xi || yi:
		return relNone
	case sameGiven(x, y):
		return relNickname
	case len(x) >= 3 && sameCollapsed(x, y):
		return relSpelling
	}
	return relNone
}

// compare scores two people blocked together by name or mailbox name,
// leaving Reason to be written for the pairs that are kept.
func compare(a, b person, common map[string]int) (Suggestion, bool) {
	if !a.n.full() || !b.n.full() {
		// One-word names match only each other, exactly, and only
		// with a corroborating address or organisation.
		if a.n.full() || b.n.full() || a.n.last == "" || a.n.last != b.n.last || shareIdentity(a, b) {
			return Suggestion{}, false
		}
		return evidence(a, b, SameName, 0.40, true, common), true
	}
	sig, base, needs, ok := compareNames(a, b)
	if !ok || shareIdentity(a, b) {
		return Suggestion{}, false
	}
	var lastSig Signal
	switch {
	case a.n.last == b.n.last, sig == Typo:
	case a.lastC == b.lastC:
		lastSig, base = Spelling, base-0.10
	default:
		lastSig, base = LastNamePart, base-0.10
	}
	if a.derived || b.derived {
		// A mailbox name is a weaker name than one a person wrote.
		base -= 0.15
	}
	s := evidence(a, b, sig, base, needs, common)
	if lastSig != "" && lastSig != sig {
		s.Signals = slices.Insert(s.Signals, 1, lastSig)
	}
	if a.derived || b.derived {
		s.Signals = slices.Insert(s.Signals, 1, FromAddress)
	}
	return s, true
}

// reason words a suggestion's signals for people: the names, then the
// evidence ("J. Arnold ~ John Arnold at enron.com").
func reason(a, b person, s Suggestion, common map[string]int) string {
	var w strings.Builder
	an, bn := a.shown, b.shown
	switch sig := s.Signals[0]; {
	case len(s.Signals) > 1 && s.Signals[1] == FromAddress:
		fmt.Fprintf(&w, "%s ~ %s (name from the address)", an, bn)
	case sig == NameIsAddress:
		holder, owner := a, b
		if a.n.email == "" || !slices.Contains(b.ids, Identity{KindEmail, a.n.email}) {
			holder, owner = b, a
		}
		fmt.Fprintf(&w, "the name %s is the address of %s", holder.n.email, display(owner.c.Name))
	case sig == SameName:
		if len(s.Signals) > 1 && (s.Signals[1] == Spelling || s.Signals[1] == LastNamePart) {
			fmt.Fprintf(&w, "%s ~ %s", an, bn)
		} else {
			w.WriteString("same name")
		}
	case sig == MiddleName || sig == Nickname || sig == Spelling || sig == GoesByMiddle || sig == Typo:
		fmt.Fprintf(&w, "%s ~ %s (%s)", an, bn, map[Signal]string{
			MiddleName: "middle name", Nickname: "nickname", Spelling: "spelling",
			GoesByMiddle: "middle name as first name", Typo: "last name one letter apart",
		}[sig])
	default:
		fmt.Fprintf(&w, "%s ~ %s", an, bn)
	}
	for _, sig := range s.Signals[1:] {
		switch sig {
		case SameDomain:
			w.WriteString(" at " + firstShared(a.domains, b.domains))
		case SameLocalPart:
			if x, y, ok := sharedLocal(a, b); ok {
				fmt.Fprintf(&w, ", same mailbox name %s at %s and %s", x.local, x.domain, y.domain)
			}
		case SameOrg:
			w.WriteString(", same organisation")
		case OtherOrg:
			fmt.Fprintf(&w, ", other organisations (%s, %s)", display(a.c.Organisation), display(b.c.Organisation))
		case OtherSource:
			w.WriteString(", other source")
		case CommonName:
			fmt.Fprintf(&w, ", common name (%d people)", common[a.key])
		case TwoOrgIDs:
			w.WriteString(", two org-chart ids")
		}
	}
	return w.String()
}

// sharedLocal returns the first mailbox name a and b have at different
// domains.
func sharedLocal(a, b person) (localAt, localAt, bool) {
	for _, x := range a.locals {
		for _, y := range b.locals {
			if x.local == y.local && x.domain != y.domain {
				return x, y, true
			}
		}
	}
	return localAt{}, localAt{}, false
}

// compareNames relates two full names whose last names blocked together:
// the signal, its base score, whether it needs a corroborating address
// or organisation, and false when the names are not one person's (two
// different full first names, conflicting middle names, unrelated last
// names).
func compareNames(pa, pb person) (Signal, float64, bool, bool) {
	a, b := pa.n, pb.n
	rel := compareGiven(a.given[0], a.initial[0], b.given[0], b.initial[0])
	if !lastNamesMatch(pa, pb) {
		// A typo in a long last name, when the first names agree and
		// the middle names do not disagree.
		if (rel == relSame || rel == relNickname) && oneEdit(a.last, b.last) && !middleConflict(a, b) {
			return Typo, 0.55, true, true
		}
		return "", 0, false, false
	}
	if rel == relNone {
		if goesByMiddle(a, b) || goesByMiddle(b, a) {
			return GoesByMiddle, 0.50, true, true
		}
		return "", 0, false, false
	}
	oneSided := (len(a.given) > 1) != (len(b.given) > 1)
	if middleConflict(a, b) {
		return "", 0, false, false // "John D. Arnold" and "John E. Arnold"
	}
	switch rel {
	case relSame:
		if oneSided {
			return MiddleName, 0.75, false, true
		}
		return SameName, 0.80, false, true
	case relNickname:
		return Nickname, 0.70, false, true
	case relSpelling:
		return Spelling, 0.65, false, true
	}
	return Initial, 0.45, true, true
}

// middleConflict reports whether both names have a middle name and the
// first ones are not the same (an initial matches its name).
func middleConflict(a, b name) bool {
	return len(a.given) > 1 && len(b.given) > 1 &&
		compareGiven(a.given[1], a.initial[1], b.given[1], b.initial[1]) == relNone
}

// minTypoLen is the shortest last name a typo is looked for in: in
// short names one letter makes another name ("Lee", "Lea").
const minTypoLen = 6

// oneEdit reports whether x and y, both at least minTypoLen letters,
// are one insertion, deletion or substitution apart.
func oneEdit(x, y string) bool {
	a, b := []rune(x), []rune(y)
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < minTypoLen || len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return i < len(a) && string(a[i+1:]) == string(b[i+1:])
	}
	return string(a[i:]) == string(b[i+1:])
}

// goesByMiddle reports whether a's first name (a full one) is one of b's
// middle names, as with people known by their middle name.
func goesByMiddle(a, b name) bool {
	if a.initial[0] {
		return false
	}
	for k := 1; k < len(b.given); k++ {
		if !b.initial[k] && b.given[k] == a.given[0] {
			return true
		}
	}
	return false
}

// lastNamesMatch: equal, equal but for doubled letters, or one a part of
// the other's double-barrelled name.
func lastNamesMatch(a, b person) bool {
	return a.lastC == b.lastC || slices.Contains(b.lastP, a.lastC) || slices.Contains(a.lastP, b.lastC)
}

// evidence applies the address, organisation, source and common-name
// evidence to a name relation's base score: the suggestion without its
// Reason, scored 0 when needs is true and nothing corroborates.
func evidence(a, b person, sig Signal, base float64, needs bool, common map[string]int) Suggestion {
	s := Suggestion{A: a.c.ID, B: b.c.ID, Signals: make([]Signal, 1, 4)}
	s.Signals[0] = sig
	score := base
	corroborated := false
	if firstShared(a.domains, b.domains) != "" {
		score += 0.10
		s.Signals = append(s.Signals, SameDomain)
		corroborated = true
	}
	if _, _, ok := sharedLocal(a, b); ok {
		score += 0.15
		s.Signals = append(s.Signals, SameLocalPart)
		corroborated = true
	}
	switch {
	case a.org != "" && a.org == b.org:
		score += 0.10
		s.Signals = append(s.Signals, SameOrg)
		corroborated = true
	case a.org != "" && b.org != "":
		score -= 0.25
		s.Signals = append(s.Signals, OtherOrg)
	}
	if otherSource(a.c.Sources, b.c.Sources) {
		score += 0.05
		s.Signals = append(s.Signals, OtherSource)
	}
	if a.n.full() && common[a.key] >= 3 && a.key == b.key {
		score -= 0.15
		s.Signals = append(s.Signals, CommonName)
	}
	if hasKind(a.ids, KindOrg) && hasKind(b.ids, KindOrg) {
		// Shared ids never get here (shareIdentity), so the ids
		// differ: two rows of an org chart are two employees, unless
		// the chart itself holds a duplicate.
		score -= 0.30
		s.Signals = append(s.Signals, TwoOrgIDs)
	}
	if needs && !corroborated {
		score = 0
	}
	s.Score = math.Round(min(max(score, 0), 0.99)*100) / 100
	return s
}

// hasKind reports whether ids hold an identity of kind k.
func hasKind(ids []Identity, k Kind) bool {
	return slices.ContainsFunc(ids, func(id Identity) bool { return id.Kind == k })
}

func firstShared(a, b []string) string {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x
		}
	}
	return ""
}

// otherSource reports whether both name their sources and none is
// shared.
func otherSource(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(y)) {
				return false
			}
		}
	}
	return true
}

// display trims a name for a reason and bounds it, so a hostile name
// cannot make a reason of a megabyte.
func display(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}
