package tie

import (
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

func TestParamsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Params)
		want   string // "" for valid
	}{
		{"defaults", func(*Params) {}, ""},
		{"zero half-life", func(p *Params) { p.HalfLife = 0 }, "half-life must be positive, got 0s"},
		{"negative half-life", func(p *Params) { p.HalfLife = -90 * Day }, "half-life must be positive, got -90d"},
		{"tiny half-life", func(p *Params) { p.HalfLife = time.Minute }, "half-life must be at least 1h0m0s"},
		{"zero cadence", func(p *Params) { p.Cadence[ally.TierAlly] = 0 }, "cadence of ally must be positive, got 0s"},
		{"negative cadence", func(p *Params) { p.Cadence[ally.TierKeyAlly] = -Day }, "cadence of key-ally must be positive, got -1d"},
		{"unknown tier", func(p *Params) { p.Cadence["friend"] = Day }, `tier "friend" is not one of`},
		{"no cadence for network", func(p *Params) { delete(p.Cadence, ally.TierNetwork) }, ""},
		{"zero weight", func(p *Params) { p.Weights.Chat = 0 }, "weight of chat must be positive"},
		{"cc above one", func(p *Params) { p.Weights.CC = 2 }, "cc factor"},
		{"ledger half-life", func(p *Params) { p.LedgerHalfLife = 0 }, "ledger half-life must be positive"},
		{"late credit", func(p *Params) { p.LateCredit = 1.5 }, "late credit"},
		{"agenda limit", func(p *Params) { p.AgendaLimit = 0 }, "agenda limit"},
		{"max pairwise", func(p *Params) { p.MaxPairwise = 1 }, "max pairwise"},
		{"quantile", func(p *Params) { p.NormQuantile = 0 }, "quantile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			tc.change(&p)
			err := p.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want EINVALID containing %q", err, tc.want)
			}
		})
	}
}

func TestInvalidParamsRefused(t *testing.T) {
	p := DefaultParams()
	p.HalfLife = 0
	if _, err := Aggregate(nil, p); ally.ErrorCode(err) != ally.EINVALID {
		t.Fatalf("Aggregate with zero half-life: %v", err)
	}
	if _, err := Contributions(ix(1, ally.ChanCall, t0, ini(1), to(2)), p); ally.ErrorCode(err) != ally.EINVALID {
		t.Fatalf("Contributions with zero half-life: %v", err)
	}
}

func TestCheckNow(t *testing.T) {
	first := time.Date(2021, 3, 4, 10, 0, 0, 0, time.UTC)
	if err := CheckNow(first.Add(time.Hour), first); err != nil {
		t.Fatal(err)
	}
	if err := CheckNow(first, time.Time{}); err != nil {
		t.Fatal(err)
	}
	err := CheckNow(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), first)
	if ally.ErrorCode(err) != ally.EINVALID || err.Error() != "the date 2020-01-01 is before the data's first date 2021-03-04" {
		t.Fatalf("got %v", err)
	}
	if h := ally.ErrorHint(err); h == nil || h.Action != ally.HintSetClock || h.Args["from"] != "2021-03-04" {
		t.Fatalf("hint %+v, want to set the clock from 2021-03-04", h)
	}
	if ally.ErrorCode(CheckNow(time.Time{}, first)) != ally.EINVALID {
		t.Fatal("zero now accepted")
	}
}

func TestFingerprint(t *testing.T) {
	p, q := DefaultParams(), DefaultParams()
	if p.Fingerprint() != q.Fingerprint() {
		t.Fatal("fingerprint not stable")
	}
	q.AgendaLimit = 3 // a query-time parameter
	if p.Fingerprint() != q.Fingerprint() {
		t.Fatal("fingerprint depends on a query-time parameter")
	}
	for _, change := range []func(*Params){
		func(p *Params) { p.HalfLife = 30 * Day },
		func(p *Params) { p.Weights.CC = 0.5 },
		func(p *Params) { p.MaxPairwise = 10 },
	} {
		q := DefaultParams()
		change(&q)
		if p.Fingerprint() == q.Fingerprint() {
			t.Fatalf("fingerprint misses a change: %s", q.Fingerprint())
		}
	}
}
