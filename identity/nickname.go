package identity

import (
	"slices"
	"strings"
)

// nicknameTable lists given names and the short forms and spellings
// people use for them, one full name a line. It is deliberately small:
// the common English short forms (Bob/Robert, Bill/William, Jim/James,
// Mike/Michael, Kate/Katherine, Liz/Elizabeth, …) and a few spelling
// twins (Jeffrey/Jeffery, Steven/Stephen, Katherine/Catherine). A short
// form may belong to several names ("Al": Albert, Alan, Alexander,
// Alfred); two names match when they share a full name, so "Bert"
// matches "Albert" and "Robert" but "Albert" never matches "Robert".
const nicknameTable = `
abigail: abby
albert: al bert
alan: al
alexander: alex al sandy
alexandra: alex sandy
alfred: al alf fred
andrew: andy drew
anthony: tony
barbara: barb
benjamin: ben benny
bradley: brad
catherine: cathy cath kate katie kat katherine kathryn
charles: charlie chuck chas
christina: chris tina
christine: chris chrissy tina
christopher: chris kit
cynthia: cindy
daniel: dan danny
david: dave davy
deborah: deb debbie debra
donald: don donnie
dorothy: dot dottie
douglas: doug
edward: ed eddie ted ned
elizabeth: liz lizzie beth betty eliza libby
eugene: gene
francis: frank
franklin: frank
frederick: fred freddie
gabriel: gabe
geoffrey: geoff geoffery
gerald: gerry jerry
gilbert: gil bert
gregory: greg
harold: harry hal
henry: hank harry
herbert: herb bert
jacob: jake
james: jim jimmy jamie
jeffrey: jeff jeffery
jennifer: jen jenny
jerome: jerry
john: jack johnny jon
jonathan: jon jonny
joseph: joe joey
joshua: josh
judith: judy
katherine: kate katie kathy kat kay catherine kathryn
kenneth: ken kenny
lawrence: larry laurence
laurence: larry lawrence
leonard: len lenny leo
louis: lou
margaret: maggie meg peggy
matthew: matt
michael: mike mikey mick
mitchell: mitch
nathaniel: nate nathan
nicholas: nick nicky
patricia: pat patty trish
patrick: pat
peter: pete
philip: phil phillip
phillip: phil philip
randall: randy
raymond: ray
rebecca: becky becca
richard: rick ricky rich dick
robert: bob bobby rob robbie bert
ronald: ron ronnie
samantha: sam sammy
samuel: sam sammy
stanley: stan
stephen: steve steven
steven: steve stephen
susan: sue susie
terence: terry
theodore: ted teddy theo
thomas: tom tommy
timothy: tim
victoria: vicky tori
vincent: vince vinny
virginia: ginny
walter: walt
william: bill billy will willy liam
zachary: zach zack
`

// nicknames maps a name to the full names it may stand for (a full name
// maps to itself implicitly). Read-only after package initialisation.
var nicknames = func() map[string][]string {
	m := map[string][]string{}
	for line := range strings.SplitSeq(nicknameTable, "\n") {
		full, short, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		full = strings.TrimSpace(full)
		for _, n := range strings.Fields(short) {
			m[n] = append(m[n], full)
		}
	}
	return m
}()

// canon returns the full names a folded given name may stand for,
// itself first.
func canon(given string) []string {
	return append([]string{given}, nicknames[given]...)
}

// sameGiven reports whether two folded given names may be one person's
// by the nickname table: they share a full name.
func sameGiven(x, y string) bool {
	if x == y {
		return true
	}
	xs, ys := nicknames[x], nicknames[y]
	if slices.Contains(xs, y) || slices.Contains(ys, x) {
		return true
	}
	for _, a := range xs {
		if slices.Contains(ys, a) {
			return true
		}
	}
	return false
}
