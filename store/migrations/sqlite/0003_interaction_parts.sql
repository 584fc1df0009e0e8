-- Each interaction also carries its participants as text, "id:role,…"
-- sorted by role then id, beside the participants table (which stays the
-- source for every query by person). A timeline page then reads one row per
-- interaction: without it, a 1,000-interaction page cost a second walk of
-- the participants, about 6 ms of the 13 ms measured (docs/benchmarks.md).
ALTER TABLE interactions ADD COLUMN parts TEXT NOT NULL DEFAULT '';
UPDATE interactions SET parts = COALESCE((
    SELECT group_concat(x, ',') FROM (
        SELECT p.person_id || ':' || p.role AS x FROM participants p
        WHERE p.interaction_id = interactions.id ORDER BY p.role, p.person_id)), '');

-- participants becomes a WITHOUT ROWID table clustered on its primary key:
-- one B-tree write per row fewer (the rowid table), which is most of a
-- bulk import's cost after the indexes.
CREATE TABLE participants_new (
    -- No foreign key on workspace_id: the interaction's own carries it
    -- (and its cascade), and the check cost a lookup per row.
    workspace_id   INTEGER NOT NULL,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    at             INTEGER NOT NULL,
    PRIMARY KEY (interaction_id, person_id)
) WITHOUT ROWID;
INSERT INTO participants_new (workspace_id, interaction_id, person_id, role, at)
    SELECT workspace_id, interaction_id, person_id, role, at FROM participants;
DROP TABLE participants;
ALTER TABLE participants_new RENAME TO participants;
CREATE INDEX participants_timeline ON participants(workspace_id, person_id, at, interaction_id);
