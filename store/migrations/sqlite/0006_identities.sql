-- A person's identities beyond their email addresses (which stay in
-- person_emails): phone numbers, vCard UIDs, org-chart ids and each
-- source's own id for them. An import matches an incoming record to a
-- person by any of these, exactly; the value is normalised by package
-- identity before it is stored. One identity belongs to one person of the
-- workspace.
CREATE TABLE person_identities (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, kind, value)
);
CREATE INDEX person_identities_person ON person_identities(person_id);

-- iCalendar's SEQUENCE of an imported meeting: a newer export of the same
-- calendar replaces a stored occurrence whose sequence is lower.
ALTER TABLE interactions ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
