package app

import (
	"context"

	"github.com/allyhq/ally/store"
)

// RebuildTies recomputes the workspace's stored tie aggregates and
// normaliser from all its interactions, even when the recorded parameters
// match. It is for maintenance: after interactions were written straight
// through the store (a bulk load, a benchmark), or to repair aggregates
// suspected to have drifted. It runs in one write transaction.
func (a *App) RebuildTies(ctx context.Context) error {
	return a.update(ctx, func(tx *store.Tx) error {
		p, err := params(ctx, tx)
		if err != nil {
			return err
		}
		return writeTies(ctx, tx, p)
	})
}
