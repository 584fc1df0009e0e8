-- Tie aggregates clustered by pair, and a covering index by b: reading a
-- person's pairs (FindTies, once per ally when `ally today` grows the base)
-- is then two index range scans with no lookup of each row by rowid. With
-- the rowid table of 0002 those lookups were about half the cost of `ally
-- today` on a workspace of 10k people and 4M pairs (see
-- docs/benchmarks-relationships.md). The aggregates are copied as they are:
-- nothing about them changes.
CREATE TABLE ties_clustered (
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
) WITHOUT ROWID;
INSERT INTO ties_clustered (workspace_id, a, b, log_volume, channels, init_a, init_b, count, first, last)
    SELECT workspace_id, a, b, log_volume, channels, init_a, init_b, count, first, last FROM ties;
DROP TABLE ties;
ALTER TABLE ties_clustered RENAME TO ties;
-- The primary key's a is in every index entry of a WITHOUT ROWID table.
CREATE INDEX ties_b ON ties(workspace_id, b, log_volume, channels, init_a, init_b, count, first, last);
