package ally

import (
	"errors"
	"fmt"
)

// Error codes. Each kind of failure maps once to a process exit code (see
// ExitCode) and, in the web layer, once to an HTTP status. Anything that is not
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

// Error is an application error with a code and a message that is safe to show
// a user. Field names the input that was at fault (a flag, a JSON field, a
// "file:line"), when there is one.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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

// Exit codes, one per error code. They are documented in the README.
var exitCodes = map[string]int{
	EINTERNAL:     1,
	EUSAGE:        2,
	ENOTFOUND:     3,
	EINVALID:      4,
	ECONFLICT:     5,
	EFORBIDDEN:    6,
	EUNAUTHORIZED: 6,
	EINTERRUPTED:  130, // the shell's convention for SIGINT
	EUNAVAILABLE:  75,  // EX_TEMPFAIL of sysexits.h: try again later
}

// ExitCode maps an error to the process exit status: 0 for nil, otherwise the
// code's entry in the table above.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	if c, ok := exitCodes[ErrorCode(err)]; ok {
		return c
	}
	return 1
}
