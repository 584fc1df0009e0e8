package cli

import (
	"strings"

	"github.com/allyhq/ally"
)

// step reads a repair step, --step DATE=WHAT; DATE is any date c.date
// reads. Whether WHAT is a valid step is the domain's to say.
func (c *CLI) step(s string) (ally.RepairStep, error) {
	when, what, ok := strings.Cut(s, "=")
	if !ok {
		return ally.RepairStep{}, ally.Errorf(ally.EUSAGE, "--step %q should be DATE=WHAT", s)
	}
	d, err := c.date("--step", when)
	if err != nil {
		return ally.RepairStep{}, err
	}
	return ally.RepairStep{Due: d, What: what}, nil
}

// parseTag reads a KIND:VALUE tag argument. Whether the kind and value are
// valid is the domain's to say (ally.Tag.Validate).
func parseTag(s string) (ally.Tag, error) {
	k, v, ok := strings.Cut(s, ":")
	if !ok {
		return ally.Tag{}, ally.Errorf(ally.EUSAGE, "tag %q should be KIND:VALUE (kind: interest, goal, skill, currency)", s)
	}
	return ally.Tag{Kind: ally.TagKind(k), Value: v}, nil
}
