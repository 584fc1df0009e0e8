-- Tie aggregates: one row per unordered pair of people (a < b) who shared an
-- interaction, kept up to date on every write so that tie strength at any
-- date is O(1) per pair instead of a scan of the interactions (see
-- tie.PairAgg). log_volume is log₂ Σ wᵢ·2^((tᵢ − epoch)/h) for the half-life
-- recorded in settings ('tie_params'); a change of parameters rebuilds them.
CREATE TABLE ties (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    a            INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    b            INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    log_volume   REAL NOT NULL,
    channels     INTEGER NOT NULL,
    init_a       INTEGER NOT NULL,
    init_b       INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    first        INTEGER NOT NULL,
    last         INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, a, b)
);
CREATE INDEX ties_b ON ties(workspace_id, b);
