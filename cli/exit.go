package cli

import "github.com/allyhq/ally"

// exitCodes maps each error kind to the process exit status, once for the
// command line (the web layer has its table of HTTP statuses). The README
// documents them.
var exitCodes = map[string]int{
	ally.EINTERNAL:     1,
	ally.EUSAGE:        2,
	ally.ENOTFOUND:     3,
	ally.EINVALID:      4,
	ally.ECONFLICT:     5,
	ally.EFORBIDDEN:    6,
	ally.EUNAUTHORIZED: 6,
	ally.EUNAVAILABLE:  75,  // EX_TEMPFAIL of sysexits.h: try again later
	ally.EINTERRUPTED:  130, // the shell's convention for SIGINT
}

// exitCode is the exit status for err: 0 for nil, 1 for an error of no
// known kind.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if c, ok := exitCodes[ally.ErrorCode(err)]; ok {
		return c
	}
	return 1
}
