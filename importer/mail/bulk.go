package mail

import (
	"bytes"
	"strings"
)

// noReplyWords are the local parts (with ".", "-", "_" and "+" between
// words removed) of senders that no person reads.
var noReplyWords = []string{"noreply", "donotreply", "dontreply", "mailerdaemon", "noreplies"}

// bulkReason says why a message is list or bulk mail, or "" for personal
// mail. The reason names the header that decided it ("List-Id",
// "Precedence: bulk", "Auto-Submitted: auto-replied", "no-reply sender"),
// so that the caller can count by reason; the words a user reads are the
// caller's to choose. The checks, in order: a list header (RFC 2919, RFC
// 2369), Precedence bulk, list or junk (RFC 2076, still what vacation
// programs and list servers write), Auto-Submitted other than "no" (RFC
// 3834), and a sender whose local part is a no-reply word.
func bulkReason(h *header, sender string) string {
	if _, _, ok := h.get("list-id"); ok {
		return "List-Id"
	}
	if _, _, ok := h.get("list-unsubscribe"); ok {
		return "List-Unsubscribe"
	}
	if v, _, ok := h.get("precedence"); ok {
		w := strings.ToLower(firstWord(v))
		switch w {
		case "bulk", "list", "junk":
			return "Precedence: " + w
		}
	}
	if v, _, ok := h.get("auto-submitted"); ok {
		w := strings.ToLower(firstWord(v))
		if w != "" && w != "no" {
			return "Auto-Submitted: " + clip(w)
		}
	}
	if isNoReply(sender) {
		return "no-reply sender"
	}
	return ""
}

// firstWord is the value up to white space, ";" or a comment.
func firstWord(v []byte) string {
	v = bytes.TrimSpace(v)
	if i := bytes.IndexAny(v, " \t;("); i >= 0 {
		v = v[:i]
	}
	return string(v)
}

// isNoReply reports whether the address's local part is a no-reply word
// made of whole words: "no-reply@x", "noreply+abc@x", "MAILER-DAEMON",
// "do_not_reply@x", but not "bruno-reply@x".
func isNoReply(addr string) bool {
	// Every no-reply word ends in "reply", "replies" or "daemon": most
	// senders are passed without building anything.
	if !containsFold(addr, "repl") && !containsFold(addr, "daemon") {
		return false
	}
	local := addr
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	local = strings.ToLower(strings.Trim(local, `"`))
	if len(local) > 64 {
		return false
	}
	words := strings.FieldsFunc(local, func(r rune) bool {
		return r == '.' || r == '-' || r == '_' || r == '+'
	})
	for i := range words {
		joined := ""
		for j := i; j < len(words) && len(joined) < 16; j++ {
			joined += words[j]
			for _, w := range noReplyWords {
				if joined == w {
					return true
				}
			}
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word w in
// any case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}
