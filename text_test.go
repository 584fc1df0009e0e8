package ally_test

import (
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

func TestCheckText(t *testing.T) {
	const many = true
	tests := []struct {
		name      string
		s         string
		multiline bool
		msg       string // "" when the text is allowed
	}{
		{name: "plain", s: "Ana Ruiz"},
		{name: "accents and scripts", s: "Zoë Ærøskøbing 李小龍 Ольга"},
		{name: "emoji", s: "Ana ❤️ 👩‍💻 👍🏽"},
		{name: "persian zwnj", s: "علی\u200cزاده"},
		{name: "devanagari zwj after virama", s: "क्\u200dष"},
		{name: "right-to-left text itself", s: "שלום עולם"},
		{name: "empty", s: ""},
		{name: "invalid utf8", s: "Ana\xff", msg: "name is not valid UTF-8"},
		{name: "newline", s: "Bob\n7\tEvil", msg: "name holds a line break (U+000A) at character 4: it must be one line"},
		{name: "carriage return", s: "Bob\rEve", msg: "line break (U+000D)"},
		{name: "line separator", s: "Bob\u2028Eve", msg: "line break (U+2028)"},
		{name: "next line c1", s: "Bob\u0085", msg: "line break (U+0085)"},
		{name: "tab", s: "Bob\tEve", msg: "a tab (U+0009) at character 4: it must be printable text on one line"},
		{name: "escape", s: "\x1b[31mBob", msg: "a terminal escape (U+001B) at character 1"},
		{name: "bell", s: "Bob\a", msg: "control character (U+0007) at character 4"},
		{name: "nul", s: "Bob\x00", msg: "control character (U+0000)"},
		{name: "del", s: "Bob\x7f", msg: "control character (U+007F)"},
		{name: "c1 csi", s: "Bob\u009b31m", msg: "control character (U+009B)"},
		{name: "right-to-left override", s: "Bob\u202egnp.exe", msg: "U+202E at character 4, a bidirectional control"},
		{name: "isolate", s: "\u2066Bob\u2069", msg: "U+2066 at character 1, a bidirectional control"},
		{name: "rlm", s: "Bob\u200f", msg: "U+200F at character 4, a bidirectional control"},
		{name: "arabic letter mark", s: "Bob\u061c", msg: "U+061C"},
		{name: "zero-width space", s: "Bob\u200b", msg: "U+200B at character 4, an invisible character"},
		{name: "zwnj between latin letters", s: "Bo\u200cb", msg: "U+200C"},
		{name: "zwj at the end", s: "Bob\u200d", msg: "U+200D"},
		{name: "word joiner", s: "Bo\u2060b", msg: "U+2060"},
		{name: "byte-order mark", s: "\ufeffBob", msg: "U+FEFF"},
		{name: "soft hyphen", s: "Bo\u00adb", msg: "U+00AD"},
		{name: "tag character", s: "Bob\U000e0041", msg: "U+E0041"},
		{name: "hangul filler", s: "Bob\u3164", msg: "U+3164"},
		{name: "combining grapheme joiner", s: "Bo\u034fb", msg: "U+034F"},
		{name: "variation selector on a letter", s: "Bob\ufe0f", msg: "U+FE0F"},

		{name: "notes: lines and tabs", s: "first\n\tsecond\n", multiline: many},
		{name: "notes: invisible characters are kept", s: "see\u200bhere \u202e", multiline: many},
		{name: "notes: escape", s: "ok\n\x1b]0;title\a", multiline: many, msg: "a terminal escape (U+001B) at character 4: only line breaks and tabs"},
		{name: "notes: carriage return", s: "a\rb", multiline: many, msg: "a carriage return (U+000D)"},
		{name: "notes: line separator", s: "a\u2029b", multiline: many, msg: "a line separator (U+2029)"},
		{name: "notes: nul", s: "a\x00", multiline: many, msg: "control character (U+0000)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			field := "name"
			if tt.multiline {
				field = "notes"
			}
			err := ally.CheckText(field, tt.s, tt.multiline)
			if tt.msg == "" {
				checkErr(t, err, "", "")
				return
			}
			checkErr(t, err, ally.EINVALID, tt.msg)
		})
	}
}

func TestHidden(t *testing.T) {
	tests := []struct {
		prev, r, next rune
		want          bool
	}{
		{'a', 'b', 'c', false},
		{-1, 'é', -1, false},
		{'a', 0x200B, 'b', true},
		{'a', 0x202E, 'b', true},
		{'a', 0x200C, 'b', true},            // ZWNJ in Latin: nothing to shape
		{'ی', 0x200C, 'ز', false},           // ZWNJ in Persian
		{'ی', 0x200C, 'b', true},            // not between two Arabic letters
		{0x094D, 0x200D, 'ष', false},        // ZWJ after a Devanagari virama
		{0x1F469, 0x200D, 0x1F4BB, false},   // 👩‍💻
		{0xFE0F, 0x200D, 0x1F525, false},    // ❤️‍🔥
		{'a', 0x200D, 0x1F525, true},        // half an emoji sequence
		{0x2764, 0xFE0F, -1, false},         // ❤️
		{'a', 0xFE0F, -1, true},             // a selector on a letter shows nothing
		{0x4E00, 0xE0100, -1, false},        // ideographic variation
		{'a', 0xE0100, -1, true},            //
		{-1, 0xFEFF, 'a', true},             // byte-order mark
		{'a', 0x00AD, 'b', true},            // soft hyphen
		{'a', 0x0007, 'b', false},           // controls are unicode.IsControl's
		{'a', 0x3164, 'b', true},            // Hangul filler
		{0x1820, 0x180B, 0x1821, false},     // Mongolian free variation selector
		{'a', 0x180E, 'b', true},            // Mongolian vowel separator outside Mongolian
		{'a', 0x2063, 'b', true},            // invisible separator
		{'a', 0x00A0, 'b', false},           // a no-break space shows as a space
		{'a', 0x0301, 'b', false},           // a combining accent shows
		{'a', 0xE0041, 'b', true},           // tag letter A
		{-1, 0x200E, -1, true},              // LRM
		{-1, 0x061C, -1, true},              // ALM
		{'a', 0x2069, 'b', true},            // pop directional isolate
		{'a', 0x0600, '1', true},            // Arabic number sign: a format character
		{'a', 0x17B4, 'b', true},            // Khmer inherent vowel
		{'a', 0xFFA0, 'b', true},            // halfwidth Hangul filler
		{'a', 0x1160, 'b', true},            // Hangul jungseong filler
		{'a', 0x034F, 'b', true},            // combining grapheme joiner
		{0x0915, 0x200C, 0x0937, false},     // ZWNJ between Devanagari letters
		{'a', 0x2028, 'b', false},           // a line break, not Hidden
		{'a', 0xFFFD, 'b', false},           // the replacement character shows
		{'a', 0x1D173, 'b', true},           // musical symbol begin beam
		{'a', 0xFFF9, 'b', true},            // interlinear annotation anchor
		{0x064A, 0x200C, 0x0632, false},     // Arabic ZWNJ
		{0x0710, 0x200D, 0x0712, false},     // Syriac ZWJ
		{0x05D0, 0x200C, 0x05D1, true},      // Hebrew does not join
		{0x1F44D, 0x1F3FD, 0x200D, false},   // skin tone: a symbol modifier, visible
		{0x1F3FD, 0x200D, 0x1F468, false},   // ZWJ after a skin tone
		{0x0915, 0x200D, 'a', true},         // ZWJ between Devanagari and Latin
		{0x0041, 0xFE0E, -1, true},          // text presentation selector on a letter
		{0x2764, 0xFE0E, -1, false},         // text presentation of ❤
		{0x1820, 0x180E, 0x1821, false},     // Mongolian vowel separator in Mongolian
		{0x0627, 0x200F, 0x0628, true},      // RLM is hidden even in Arabic
		{0x0627, 0x061C, 0x0628, true},      // ALM too
		{0x0627, 0x200B, 0x0628, true},      // ZWSP too
		{0x0627, 0x2060, 0x0628, true},      // word joiner too
		{0x0627, 0x00AD, 0x0628, true},      // soft hyphen too
		{0x0627, 0x034F, 0x0628, true},      // combining grapheme joiner too
		{0x0627, 0xFEFF, 0x0628, true},      // BOM too
		{0x0627, 0x200C, 0x0627 + 1, false}, // and ZWNJ is not
	}
	for _, tt := range tests {
		if got := ally.Hidden(tt.prev, tt.r, tt.next); got != tt.want {
			t.Errorf("Hidden(%U, %U, %U) = %v, want %v", tt.prev, tt.r, tt.next, got, tt.want)
		}
	}
}

// TestValidateRefusesControlCharacters checks that every Validate applies
// CheckText to its text fields, one-line or multi-line as they are shown.
func TestValidateRefusesControlCharacters(t *testing.T) {
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	const esc, nl, zw = "\x1b[2J", "a\nb", "Bob\u200b"
	tests := []struct {
		name string
		v    interface{ Validate() error }
		msg  string // "" when valid
	}{
		{"person name escape", &ally.Person{Name: "Bob" + esc}, "name holds a terminal escape"},
		{"person name newline", &ally.Person{Name: "Bob\nEve"}, "name holds a line break"},
		{"person name zero-width", &ally.Person{Name: zw}, "name holds U+200B"},
		{"person name bidi", &ally.Person{Name: "Bob\u202e"}, "name holds U+202E"},
		{"person title", &ally.Person{Name: "Ana", Title: "VP" + esc}, "title holds a terminal escape"},
		{"person department", &ally.Person{Name: "Ana", Department: nl}, "department holds a line break"},
		{"person team", &ally.Person{Name: "Ana", Team: zw}, "team holds U+200B"},
		{"person location", &ally.Person{Name: "Ana", Location: "\a"}, "location holds a control character"},
		{"person organisation", &ally.Person{Name: "Ana", Organisation: "\u202eACME"}, "organisation holds U+202E"},
		{"person email", &ally.Person{Name: "Ana", Emails: []string{"bob\u200b@x.org"}}, "email holds U+200B"},
		{"person notes keep lines", &ally.Person{Name: "Ana", Notes: "line 1\r\nline 2\tand a tab"}, ""},
		{"person notes escape", &ally.Person{Name: "Ana", Notes: esc}, "notes holds a terminal escape"},
		{"tag value", &ally.Person{Name: "Ana", Tags: []ally.Tag{{Kind: ally.TagSkill, Value: "go\x1b"}}}, "skill holds a terminal escape"},
		{"tag value zero-width", &ally.Tag{Kind: ally.TagInterest, Value: "chess\u200b"}, "interest holds U+200B"},
		{"initiative name", &ally.Initiative{Name: "Go\nlive", Created: now}, "name holds a line break"},
		{"initiative purpose lines", &ally.Initiative{Name: "Go", Purpose: "a\nb", WinWin: "c\r\nd", Created: now}, ""},
		{"initiative purpose escape", &ally.Initiative{Name: "Go", Purpose: esc, Created: now}, "purpose holds a terminal escape"},
		{"initiative win-win escape", &ally.Initiative{Name: "Go", WinWin: "\x00", Created: now}, "win-win holds a control character"},
		{"stake ask", &ally.Stake{Power: 3, Interest: 3, Ask: nl}, "ask holds a line break"},
		{"stake next", &ally.Stake{Power: 3, Interest: 3, Next: zw}, "next holds U+200B"},
		{"stake wiifm lines", &ally.Stake{Power: 3, Interest: 3, WIIFM: "a\nb"}, ""},
		{"stake wiifm escape", &ally.Stake{Power: 3, Interest: 3, WIIFM: esc}, "wiifm holds a terminal escape"},
		{"commitment what", &ally.Commitment{What: "send\nit", FromID: 1, ToID: 2, Due: now, Created: now}, "what holds a line break"},
		{"exchange what", &ally.Exchange{What: "intro" + esc, FromID: 1, ToID: 2, At: now}, "what holds a terminal escape"},
		{"interaction subject", &ally.Interaction{Kind: ally.ChanEmail, At: now, Subject: "re\n", Participants: two()}, "subject holds a line break"},
		{"interaction channel", &ally.Interaction{Kind: ally.ChanCall, At: now, Medium: zw, Participants: two()}, "channel holds U+200B"},
		{"interaction note escape", &ally.Interaction{Kind: ally.ChanCall, At: now, Note: esc, Participants: two()}, "note holds a terminal escape"},
		{"interaction note lines", &ally.Interaction{Kind: ally.ChanCall, At: now, Note: "a\nb", Participants: two()}, ""},
		{"interaction external id", &ally.Interaction{Kind: ally.ChanCall, At: now, ExternalID: "x\n", Participants: two()}, "external id holds a line break"},
		{"relationship note escape", &ally.Relationship{Note: esc}, "note holds a terminal escape"},
		{"repair cause escape", &ally.RepairPlan{Cause: esc, Opened: now}, "cause holds a terminal escape"},
		{"repair step", &ally.RepairPlan{Cause: "missed it", Opened: now, Steps: []ally.RepairStep{{Due: now, What: "coffee\n1. fake"}}}, "step holds a line break"},
		{"repair outcome", &ally.RepairPlan{Cause: "missed it", Opened: now, Outcome: "repaired" + esc}, "outcome holds a terminal escape"},
		{"workspace name", &ally.Workspace{Name: "team\nx"}, "workspace name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.msg == "" {
				checkErr(t, tt.v.Validate(), "", "")
				return
			}
			checkErr(t, tt.v.Validate(), ally.EINVALID, tt.msg)
		})
	}
}

func two() []ally.Participant {
	return []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 2, Role: ally.RoleTo}}
}

// TestValidateUnixLines checks that Windows line ends in notes are kept as
// plain line feeds rather than refused for their carriage returns.
func TestValidateUnixLines(t *testing.T) {
	p := ally.Person{Name: "Ana", Notes: "a\r\nb\r\n"}
	checkErr(t, p.Validate(), "", "")
	if p.Notes != "a\nb\n" {
		t.Errorf("notes = %q, want %q", p.Notes, "a\nb\n")
	}
}

func TestWorkspaceName(t *testing.T) {
	const rule = "a workspace name is 1 to 64 letters, digits, spaces, '-', '_' and '.'"
	tests := []struct {
		name string
		msg  string // "" when valid
	}{
		{"team", ""},
		{"demo", ""},
		{"Équipe Nord", ""},
		{"q3-2024_plan.v2", ""},
		{"チーム", ""},
		{strings.Repeat("w", 64), ""},
		{strings.Repeat("w", 65), "workspace name is 65 characters long: " + rule},
		{"", "workspace name is required: " + rule},
		{"  ", "workspace name is required"},
		{"team\nx", `workspace name "team\nx" holds '\n' (U+000A): ` + rule},
		{"../../etc/x", `workspace name "../../etc/x": ` + rule},
		{"a/b", `holds '/' (U+002F)`},
		{`a\b`, `holds '\\' (U+005C)`},
		{".hidden", `workspace name ".hidden": ` + rule},
		{" team", `workspace name " team": `},
		{"team ", `workspace name "team ": `},
		{"team\u200b", `holds '\u200b' (U+200B)`}, // quoted, so that the message shows it
		{"team\x1b", "(U+001B)"},
		{"a:b", "(U+003A)"},
		{"team\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (&ally.Workspace{Name: tt.name}).Validate()
			if tt.msg == "" {
				checkErr(t, err, "", "")
				return
			}
			checkErr(t, err, ally.EINVALID, tt.msg)
		})
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 people"}, {1, "1 person"}, {2, "2 people"}, {-1, "-1 people"}} {
		if got := ally.Count(tt.n, "person", "people"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
