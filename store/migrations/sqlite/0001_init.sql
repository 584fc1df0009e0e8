-- ally schema, version 1. Times are Unix seconds (UTC) so that the same
-- queries and comparisons work on SQLite and PostgreSQL. Every table but
-- workspaces carries workspace_id, and every query filters on it.

CREATE TABLE workspaces (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    me_id   INTEGER,
    created INTEGER NOT NULL
);

CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    department   TEXT NOT NULL DEFAULT '',
    team         TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    manager_id   INTEGER REFERENCES people(id) ON DELETE SET NULL,
    level        INTEGER NOT NULL DEFAULT 0,
    dir_override TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created      INTEGER NOT NULL,
    updated      INTEGER NOT NULL
);
CREATE INDEX people_workspace ON people(workspace_id, name);
CREATE INDEX people_manager ON people(manager_id);

CREATE TABLE person_emails (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, email)
);
CREATE INDEX person_emails_person ON person_emails(person_id);

CREATE TABLE tags (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (person_id, kind, value)
);
CREATE INDEX tags_workspace ON tags(workspace_id, kind, value);

CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    medium       TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL,
    external_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX interactions_at ON interactions(workspace_id, at);
-- A re-import of the same file finds its rows by their stable external id.
CREATE UNIQUE INDEX interactions_external ON interactions(workspace_id, source, external_id) WHERE external_id <> '';

-- at is copied from the interaction so that one index answers a person's
-- timeline without touching the interactions table until the page is known.
CREATE TABLE participants (
    workspace_id   INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    at             INTEGER NOT NULL,
    PRIMARY KEY (interaction_id, person_id)
);
CREATE INDEX participants_timeline ON participants(workspace_id, person_id, at, interaction_id);

CREATE TABLE exchanges (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    from_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    to_id        INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    what         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    size         TEXT NOT NULL,
    currency     TEXT NOT NULL DEFAULT '',
    example      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX exchanges_from ON exchanges(workspace_id, from_id, at);
CREATE INDEX exchanges_to ON exchanges(workspace_id, to_id, at);

CREATE TABLE commitments (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    from_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    to_id        INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    what         TEXT NOT NULL,
    due          INTEGER NOT NULL,
    created      INTEGER NOT NULL,
    status       TEXT NOT NULL,
    closed       INTEGER,
    example      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commitments_due ON commitments(workspace_id, status, due);

CREATE TABLE relationships (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tier         TEXT NOT NULL,
    status       TEXT NOT NULL,
    roles        TEXT NOT NULL DEFAULT '',
    trust        INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    updated      INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, person_id)
);

CREATE TABLE initiatives (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    purpose      TEXT NOT NULL DEFAULT '',
    win_win      TEXT NOT NULL DEFAULT '',
    rule         TEXT NOT NULL DEFAULT '{}',
    target       INTEGER,
    outcome      TEXT NOT NULL,
    created      INTEGER NOT NULL,
    example      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_id, name)
);

CREATE TABLE stakes (
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    stance        TEXT NOT NULL,
    power         INTEGER NOT NULL,
    interest      INTEGER NOT NULL,
    wiifm         TEXT NOT NULL DEFAULT '',
    ask           TEXT NOT NULL DEFAULT '',
    next_step     TEXT NOT NULL DEFAULT '',
    updated       INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, person_id)
);
CREATE INDEX stakes_person ON stakes(workspace_id, person_id);

CREATE TABLE stance_history (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    at            INTEGER NOT NULL,
    from_stance   TEXT NOT NULL DEFAULT '',
    to_stance     TEXT NOT NULL
);
CREATE INDEX stance_history_stake ON stance_history(initiative_id, person_id, at);

CREATE TABLE repair_plans (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    cause        TEXT NOT NULL,
    opened       INTEGER NOT NULL,
    steps        TEXT NOT NULL DEFAULT '[]',
    outcome      TEXT NOT NULL DEFAULT '',
    closed       INTEGER
);
CREATE INDEX repair_plans_person ON repair_plans(workspace_id, person_id);

CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    body         TEXT NOT NULL
);
CREATE INDEX snapshots_at ON snapshots(workspace_id, at);

CREATE TABLE settings (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

-- Database-wide settings (the current workspace).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
