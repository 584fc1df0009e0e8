package app

import "github.com/allyhq/ally"

// Page asks for part of a list: at most Limit items (0: all of them) after
// skipping the first Offset. A web page or an API call asks for one page at
// a time; the CLI asks for all, or for the newest few.
type Page struct {
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset,omitempty"`
}

// Validate reports a negative limit or offset.
func (pg Page) Validate() error {
	if pg.Limit < 0 {
		return ally.Errorf(ally.EINVALID, "limit %d: say how many, 0 for all", pg.Limit)
	}
	if pg.Offset < 0 {
		return ally.Errorf(ally.EINVALID, "offset %d must not be negative", pg.Offset)
	}
	return nil
}

// List is one page of a list and the size of the whole list, so that a
// face can say "21–40 of 312" and offer the next page.
type List[T any] struct {
	Items  []T `json:"items"`
	Offset int `json:"offset"`
	Total  int `json:"total"`
}

// pageOf cuts the page pg out of all (which is the whole list, in order).
func pageOf[T any](all []T, pg Page) List[T] {
	l := List[T]{Items: []T{}, Offset: pg.Offset, Total: len(all)}
	if pg.Offset >= len(all) {
		return l
	}
	end := len(all)
	if pg.Limit > 0 && pg.Offset+pg.Limit < end {
		end = pg.Offset + pg.Limit
	}
	l.Items = all[pg.Offset:end]
	return l
}

// Way is which way something passes between Me and a person: a favour
// given or received, a promise made or expected. It is a value a web form
// or a JSON body can carry, not a boolean whose meaning hangs on its place.
type Way string

// The two ways.
const (
	FromMe Way = "from_me" // Me gave it, or Me promised it
	ToMe   Way = "to_me"   // they gave it to Me, or promised it to Me
)

// validate reports a way that is neither FromMe nor ToMe.
func (w Way) validate() error {
	switch w {
	case FromMe, ToMe:
		return nil
	}
	return ally.Errorf(ally.EINVALID, "way %q: want %s or %s", string(w), FromMe, ToMe)
}
