-- The slip check reads only what fell due, or changed, since its last run.
-- `dates`: every milestone's due and first agreed date (tracker.slips.watched_dates), found by a
-- GIN index: a check asks for the days of its windows (a date array, whose statistics the planner
-- estimates well; a datemultirange under GiST was estimated at most of the table and scanned whole);
-- `changed`: the transaction that last wrote the row, so a check
-- re-reads every row written by a transaction its last read could not see.

ALTER TABLE recommendations ADD COLUMN dates date[] NOT NULL DEFAULT '{}';
ALTER TABLE recommendations ADD COLUMN changed xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE reviews ADD COLUMN changed xid8 NOT NULL DEFAULT pg_current_xact_id();

UPDATE recommendations r SET dates = ARRAY(
    SELECT DISTINCT d
    FROM (
        SELECT (m ->> 'due')::date AS d FROM jsonb_array_elements(r.doc -> 'milestones') AS m
        UNION
        SELECT (m -> 'revised_from' ->> 0)::date FROM jsonb_array_elements(r.doc -> 'milestones') AS m
    ) AS found
    WHERE d IS NOT NULL
    ORDER BY d
);

CREATE INDEX recommendations_by_dates ON recommendations USING gin (dates);
CREATE INDEX recommendations_by_changed ON recommendations (changed);
CREATE INDEX reviews_by_changed ON reviews (changed);

-- The last slip check: its day, the last day its reminders reached, and the changes it had read.
CREATE TABLE checks (
    name text PRIMARY KEY,
    day date NOT NULL,
    horizon date NOT NULL,
    seen bigint NOT NULL
);
