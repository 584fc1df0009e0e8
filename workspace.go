package ally

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Workspace is a private or team space. Every other row belongs to exactly
// one workspace, and every query is scoped by it.
type Workspace struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	MeID    int64     `json:"me_id"` // the person who is the user; 0 until set
	Created time.Time `json:"created"`
}

// maxWorkspaceName is the longest workspace name, in characters: it is typed
// after -w and shown in one column of `workspace list`.
const maxWorkspaceName = 64

// workspaceNameRule is the rule, as an error message states it.
const workspaceNameRule = "a workspace name is 1 to 64 letters, digits, spaces, '-', '_' and '.', not starting with '.' and without spaces at either end"

// Validate reports whether the workspace can be stored. Its name is a short
// identifier (see workspaceNameRule): it is typed on the command line and
// may one day name a file or a URL path, so it holds no path separator, no
// line break and nothing invisible.
func (w *Workspace) Validate() error {
	name := w.Name
	if strings.TrimSpace(name) == "" {
		return Errorf(EINVALID, "workspace name is required: %s", workspaceNameRule)
	}
	if !utf8.ValidString(name) {
		return Errorf(EINVALID, "workspace name is not valid UTF-8: %s", workspaceNameRule)
	}
	if n := utf8.RuneCountInString(name); n > maxWorkspaceName {
		return Errorf(EINVALID, "workspace name is %d characters long: %s", n, workspaceNameRule)
	}
	if strings.TrimSpace(name) != name || strings.HasPrefix(name, ".") {
		return Errorf(EINVALID, "workspace name %q: %s", name, workspaceNameRule)
	}
	prev := rune(-1)
	for i, r := range name {
		next := rune(-1)
		if j := i + utf8.RuneLen(r); j < len(name) {
			next, _ = utf8.DecodeRuneInString(name[j:])
		}
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune(" -_.", r)
		if !ok || Hidden(prev, r, next) {
			return Errorf(EINVALID, "workspace name %q holds %q (%U): %s", name, r, r, workspaceNameRule)
		}
		prev = r
	}
	return nil
}
