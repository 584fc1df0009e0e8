package ally

import (
	"errors"
	"fmt"
)

// Error codes. Each kind of failure maps once to a process exit code (in
// package cli) and, in the web layer, once to an HTTP status. Anything that is not
// an *Error is treated as EINTERNAL.
const (
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	EUSAGE        = "usage"
	// EINTERRUPTED: the user stopped a long computation (Ctrl-C).
	EINTERRUPTED = "interrupted"
	// EUNAVAILABLE: a resource is busy or exhausted for now (another ally
	// holds the write lock, the disk is full); the same command may succeed
	// when it is tried again.
	EUNAVAILABLE = "unavailable"
)

// Error is an application error with a code and a message that is safe to
// show a user. The message names what is at fault and where (the field, the
// file and line, the row of an import) in words of no face in particular;
// what the user can do next is a Hint, which each face words its own way
// (the CLI as a command or a flag, the web app as a link or a form field).
// Err is the cause, when there is one: errors.Is and errors.As see it
// through Unwrap, and it is never shown as the message.
type Error struct {
	Code    string
	Message string
	Hint    *Hint
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message. A %w verb
// in the format records that error as the cause (Err).
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	e := &Error{Code: code, Message: err.Error()}
	if u, ok := err.(interface{ Unwrap() error }); ok {
		e.Err = u.Unwrap()
	}
	return e
}

// WithHint returns e with a hint: the action, and its arguments as pairs of
// key and value ("sample", "100000").
func (e *Error) WithHint(action string, keyValues ...string) *Error {
	h := &Hint{Action: action}
	for i := 0; i+1 < len(keyValues); i += 2 {
		if h.Args == nil {
			h.Args = map[string]string{}
		}
		h.Args[keyValues[i]] = keyValues[i+1]
	}
	e.Hint = h
	return e
}

// Hint is a next step the user can take, named by what it does. Action is
// one of the Hint constants; Args carries its values.
type Hint struct {
	Action string            `json:"action"`
	Args   map[string]string `json:"args,omitempty"`
}

// The actions of a Hint.
const (
	// HintInit: create a workspace with its user (or the demo).
	HintInit = "init"
	// HintInitHere: make an ally database of the (empty) file at
	// Args["path"].
	HintInitHere = "init-here"
	// HintChooseWorkspace: name the workspace to use.
	HintChooseWorkspace = "choose-workspace"
	// HintResetDemo: rebuild the demo workspace.
	HintResetDemo = "reset-demo"
	// HintImportAs: import under another name, or replace the workspace.
	HintImportAs = "import-as"
	// HintRetry: the same request may succeed later.
	HintRetry = "retry"
	// HintSample: estimate with a sample of Args["sample"] instead.
	HintSample = "sample"
	// HintEditRule: change the decision rule of initiative Args["id"].
	HintEditRule = "edit-rule"
	// HintUpgrade: a newer ally reads this.
	HintUpgrade = "upgrade"
	// HintGiveWeights: give the weight of each committee voter's vote.
	HintGiveWeights = "give-weights"
	// HintSetStatus: set the status of Me's relationship with person
	// Args["id"] to Args["status"].
	HintSetStatus = "set-status"
	// HintCloseRepair: close repair plan Args["id"] with an outcome.
	HintCloseRepair = "close-repair"
	// HintSkipBad: nothing was imported; rerun with --skip-bad to import
	// the rest and list the records that cannot be read.
	HintSkipBad = "skip-bad"
	// HintSnapshot: record a snapshot of the alliances now, to start a
	// trend.
	HintSnapshot = "snapshot"
	// HintAddStake: add stakeholders to initiative Args["id"].
	HintAddStake = "add-stake"
	// HintSetClock: run as of a date on or after Args["from"], the data's
	// first.
	HintSetClock = "set-clock"
	// HintForce: the value is unusual but may be meant; record it anyway.
	HintForce = "force"
	// HintCreateManager: create the manager Args["name"], who is not in
	// the workspace yet, along with the change.
	HintCreateManager = "create-manager"
	// HintAllowDuplicate: another person already has the name
	// Args["name"]; add this one as a different person, told apart by an
	// email address.
	HintAllowDuplicate = "allow-duplicate"
	// HintDidYouMean: what was typed names nothing; Args["names"] holds
	// the closest names, one a line, nearest first.
	HintDidYouMean = "did-you-mean"
)

// ErrorHint returns the hint of the first *Error in err's chain, or nil.
func ErrorHint(err error) *Hint {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return nil
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL
// for any other non-nil error. It returns "" for a nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the *Error's message
// when there is one, otherwise the error text itself. Internal errors keep
// their text because ally runs on the user's own machine; the web layer hides
// it from remote clients.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
