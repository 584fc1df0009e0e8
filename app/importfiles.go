package app

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/csvin"
	"github.com/allyhq/ally/store"
)

// The kinds of file ImportFiles reads.
const (
	ImportVCard        = "vcard"
	ImportICS          = "ics"
	ImportMail         = "mail"
	ImportOrg          = "org"
	ImportInteractions = "interactions"
)

// LargeMeeting is the number of attendees above which a meeting is large,
// as peer tools count it: kept (the tie engine already weighs a contact in
// a large meeting less) unless FileImport.MaxAttendees skips it.
const LargeMeeting = 20

// FileImport is one run of an importer over a user's files.
type FileImport struct {
	Kind  string   // ImportVCard, ImportICS, ImportMail, ImportOrg, ImportInteractions
	Files []string // paths; mail also takes maildir and other directories
	// DryRun reads, resolves and reports, and writes nothing.
	DryRun bool
	// SkipBad skips the records that cannot be read and lists them in the
	// summary; without it the first one stops the import and nothing of
	// the run is written.
	SkipBad bool
	// Notes keeps vCard notes (they may be private to the card's owner).
	Notes bool
	// From and To bound a calendar's occurrences (default: the 365 days to
	// the clock).
	From, To time.Time
	// MaxAttendees skips meetings with more attendees; 0 keeps them all.
	MaxAttendees int
	// MeAddresses are more addresses of Me's, for mail.
	MeAddresses []string
	// All imports mail between other people too (the organisation view);
	// by default only Me's own mail is an interaction of Me's.
	All bool
	// Map maps CSV columns to fields ("Column=field").
	Map []string
	// Channel is the kind of every row of an interaction log without a
	// kind column.
	Channel ally.Channel
	// Progress, if set, hears of each file as it is read.
	Progress func(stage string, done, total int)
}

// ImportSummary is what an import did (or, with DryRun, would do).
type ImportSummary struct {
	Kind                 string        `json:"kind"`
	Files                int           `json:"files"`
	PeopleCreated        int           `json:"people_created"`
	PeopleMatched        int           `json:"people_matched"`
	InteractionsCreated  int           `json:"interactions_created"`
	InteractionsUpdated  int           `json:"interactions_updated"`
	InteractionsExisting int           `json:"interactions_existing"`
	Skipped              []SkippedItem `json:"skipped"`
	DuplicatesSuggested  int           `json:"duplicates_suggested"`
	// Left out on purpose, counted: list and bulk mail, mail that is not
	// Me's (without All), meetings over MaxAttendees, records with nobody
	// but one person, and calendar occurrences outside the window.
	Bulk         int `json:"bulk,omitempty"`
	BadAddresses int `json:"bad_addresses,omitempty"` // parties left out: not an address

	NotMine       int  `json:"not_mine,omitempty"`
	TooLarge      int  `json:"too_large,omitempty"`
	LargeKept     int  `json:"large_kept,omitempty"`
	Alone         int  `json:"alone,omitempty"`
	OutsideWindow int  `json:"outside_window,omitempty"`
	Cancelled     int  `json:"cancelled,omitempty"`
	Declined      int  `json:"declined,omitempty"`
	DryRun        bool `json:"dry_run,omitempty"`
}

// SkippedItem is a record an import left out, where and why.
type SkippedItem struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}

var errDryRun = errors.New("dry run")

// ImportFiles reads the files of one kind and records what they hold: the
// people (matched to the workspace's by any identity, exactly: an email,
// a phone, a vCard UID, an org-chart id) and the interactions (each with
// its source's stable external id, so that importing the same files again
// creates nothing, and a newer calendar export updates the meetings whose
// SEQUENCE grew). One import is one transaction: a record that cannot be
// read stops it and nothing is written, unless SkipBad lists and skips
// it. The tie aggregates are rebuilt once, at the end.
func (a *App) ImportFiles(ctx context.Context, in FileImport) (*ImportSummary, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	switch in.Kind {
	case ImportVCard, ImportICS, ImportMail, ImportOrg, ImportInteractions:
	default:
		return nil, ally.Errorf(ally.EINVALID, "import %q: not one of vcard, ics, mail, org, interactions", in.Kind)
	}
	if len(in.Files) == 0 {
		return nil, ally.Errorf(ally.EUSAGE, "import %s: name at least one file", in.Kind)
	}
	for _, f := range in.Files {
		if _, err := os.Stat(f); err != nil {
			return nil, ally.Errorf(ally.ENOTFOUND, "%s: %v", f, unwrapPath(err))
		}
	}
	if in.Channel != "" {
		if err := in.Channel.Validate(); err != nil {
			return nil, prefix("--kind", err)
		}
	}
	colMap, err := csvin.ParseMap(in.Map)
	if err != nil {
		return nil, prefix("--map", err)
	}
	sum := &ImportSummary{Kind: in.Kind, Files: len(in.Files), Skipped: []SkippedItem{}, DryRun: in.DryRun}
	err = a.update(ctx, func(tx *store.Tx) error {
		r, err := a.newResolver(ctx, tx, sum, in)
		if err != nil {
			return err
		}
		var skip importer.Skip
		if in.SkipBad {
			skip = func(e *importer.Error) error {
				sum.Skipped = append(sum.Skipped, SkippedItem{File: e.Pos.File, Line: e.Pos.Line, Reason: reasonOf(e)})
				return ctx.Err()
			}
		}
		for i, f := range in.Files {
			if in.Progress != nil {
				in.Progress("reading "+f, i, len(in.Files))
			}
			if err := r.readFile(ctx, f, skip, colMap); err != nil {
				return err
			}
		}
		if err := r.finish(ctx); err != nil {
			return err
		}
		if in.Progress != nil {
			in.Progress("rebuilding ties", len(in.Files), len(in.Files))
		}
		if sum.InteractionsCreated+sum.InteractionsUpdated > 0 {
			p, err := params(ctx, tx)
			if err != nil {
				return err
			}
			if err := writeTies(ctx, tx, p); err != nil {
				return err
			}
		}
		if sum.DuplicatesSuggested, err = r.suggestions(ctx); err != nil {
			return err
		}
		if in.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// reasonOf is a reader error's reason with its field.
func reasonOf(e *importer.Error) string {
	if e.Field != "" {
		return e.Field + ": " + e.Reason
	}
	return e.Reason
}

// readError turns what a reader returned into the import's error: a bad
// record names file, line and field (EINVALID, exit 4); an error of the
// store or the context passes through.
func readError(err error) error {
	if err == nil {
		return nil
	}
	var ie *importer.Error
	if errors.As(err, &ie) {
		return ally.Errorf(ally.EINVALID, "%s", ie.Error()).WithHint(ally.HintSkipBad)
	}
	var ae *ally.Error
	if errors.As(err, &ae) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return ally.Errorf(ally.EINVALID, "%v", err)
}
