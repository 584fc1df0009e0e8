-- When an initiative's outcome was recorded, so that the return-on-alliances
-- view can compare the outcome with the support the initiative had when it
-- was decided. NULL for open initiatives and for outcomes recorded before
-- this column: those fall back to the target date.
ALTER TABLE initiatives ADD COLUMN decided INTEGER;
