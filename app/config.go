package app

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// Workspace settings of the relationship engine. Durations are written
// like "90d", "12h" or "2w".
const (
	SettingHalfLife    = "tie.half_life"
	settingCadence     = "tie.cadence." // + tier
	settingFingerprint = "tie.fingerprint"
	settingNormQ       = "tie.norm.q"  // the raw-strength quantile at tie.norm.at
	settingNormAt      = "tie.norm.at" // RFC 3339
)

// derivedSetting reports whether a workspace setting is state derived from
// the interactions (the aggregates' fingerprint and normaliser), which an
// export leaves out and an import rebuilds.
func derivedSetting(key string) bool {
	return key == settingFingerprint || key == settingNormQ || key == settingNormAt
}

// SettingKeys lists the engine settings `ally config` accepts.
func SettingKeys() []string {
	keys := []string{SettingHalfLife}
	for _, t := range []ally.Tier{ally.TierKeyAlly, ally.TierAlly, ally.TierNetwork, ally.TierProspect} {
		keys = append(keys, settingCadence+string(t))
	}
	return keys
}

// ParseDuration reads "90d", "2w", "36h" or "1.5d"; field names the input.
func ParseDuration(field, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = tie.Day
	case strings.HasSuffix(s, "w"):
		unit = 7 * tie.Day
	case strings.HasSuffix(s, "h"):
		unit = time.Hour
	}
	if unit == 0 {
		return 0, ally.Errorf(ally.EINVALID, "%s %q needs a unit: d (days), w (weeks) or h (hours), e.g. 90d", field, s)
	}
	f, err := strconv.ParseFloat(s[:len(s)-1], 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e6 {
		return 0, ally.Errorf(ally.EINVALID, "%s %q is not a duration, e.g. 90d", field, s)
	}
	return time.Duration(f * float64(unit)), nil
}

func formatDuration(d time.Duration) string {
	if d%tie.Day == 0 {
		return strconv.FormatInt(int64(d/tie.Day), 10) + "d"
	}
	return strconv.FormatFloat(d.Hours(), 'g', -1, 64) + "h"
}

// params reads the engine parameters: the defaults with the workspace's
// settings applied, validated.
func params(ctx context.Context, tx *store.Tx) (tie.Params, error) {
	p := tie.DefaultParams()
	set, err := tx.Settings(ctx)
	if err != nil {
		return p, err
	}
	if err := applySettings(&p, set); err != nil {
		return p, err
	}
	return p, p.Validate()
}

func applySettings(p *tie.Params, set map[string]string) error {
	if v := set[SettingHalfLife]; v != "" {
		d, err := ParseDuration("half-life", v)
		if err != nil {
			return err
		}
		p.HalfLife = d
	}
	cad := map[ally.Tier]time.Duration{}
	for k, v := range p.Cadence {
		cad[k] = v
	}
	for k, v := range set {
		t, ok := strings.CutPrefix(k, settingCadence)
		if !ok {
			continue
		}
		if v == "none" {
			delete(cad, ally.Tier(t))
			continue
		}
		d, err := ParseDuration("cadence of "+t, v)
		if err != nil {
			return err
		}
		cad[ally.Tier(t)] = d
	}
	p.Cadence = cad
	return nil
}

// Config returns the engine settings in force: each key with its value.
func (a *App) Config(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := a.view(ctx, func(tx *store.Tx) error {
		p, err := params(ctx, tx)
		if err != nil {
			return err
		}
		out[SettingHalfLife] = formatDuration(p.HalfLife)
		for _, t := range []ally.Tier{ally.TierKeyAlly, ally.TierAlly, ally.TierNetwork, ally.TierProspect} {
			if d, ok := p.Cadence[t]; ok {
				out[settingCadence+string(t)] = formatDuration(d)
			} else {
				out[settingCadence+string(t)] = "none"
			}
		}
		return nil
	})
	return out, err
}

// SetConfig changes one engine setting ("" restores the default). A new
// half-life rebuilds the tie aggregates in the same transaction; an invalid
// value is refused and nothing is written.
func (a *App) SetConfig(ctx context.Context, key, value string) error {
	known := false
	for _, k := range SettingKeys() {
		known = known || k == key
	}
	if !known {
		return ally.Errorf(ally.EINVALID, "setting %q is not one of %s", key, strings.Join(SettingKeys(), ", "))
	}
	return a.update(ctx, func(tx *store.Tx) error {
		set, err := tx.Settings(ctx)
		if err != nil {
			return err
		}
		if value == "" {
			delete(set, key) // "" restores the default (the store deletes it)
		} else {
			set[key] = value
		}
		p := tie.DefaultParams()
		if err := applySettings(&p, set); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, key, value); err != nil {
			return err
		}
		return rebuildTies(ctx, tx, p)
	})
}
