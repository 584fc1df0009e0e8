-- Merges of two records of one person (`ally person merge`), recorded so
-- that `ally person unmerge` can undo them exactly. kept and merged are
-- person ids without a foreign key: the merged person's row is gone while
-- the merge stands, and both ids must survive in the record. body is JSON
-- (store.MergeBody): the merged person's rows as they were (people,
-- emails, tags, identities, relationship, "not a duplicate" pairs), the
-- kept person's rows before and after, the ids of every row re-pointed
-- from the merged person to the kept one, and the rows the merge removed
-- (the merged person's part in interactions both took part in, a stake
-- both had in one initiative, ledger entries between the two). undone is
-- NULL until the merge is undone; an undone merge stays as a record and
-- keeps the pair from being suggested again.
CREATE TABLE merges (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    kept         INTEGER NOT NULL,
    merged       INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    body         TEXT NOT NULL,
    undone       INTEGER
);
CREATE INDEX merges_kept ON merges(workspace_id, kept);
CREATE INDEX merges_merged ON merges(workspace_id, merged);

-- Pairs of people the user said are not one person (`ally person
-- duplicates --not A B`): never suggested as duplicates again. a < b.
-- Removing either person removes the pair.
CREATE TABLE not_duplicates (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    a            INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    b            INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, a, b)
);
CREATE INDEX not_duplicates_b ON not_duplicates(b);
