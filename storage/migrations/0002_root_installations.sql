-- Slack installations and OAuth states of a many-workspace deployment. "root_": created in the
-- deployment's own schema only, never in a workspace's schema (storage/pg/migrate.py).

CREATE TABLE installations (
    enterprise_id text NOT NULL DEFAULT '',
    team_id text NOT NULL DEFAULT '',
    record jsonb NOT NULL,
    PRIMARY KEY (enterprise_id, team_id)
);

CREATE TABLE oauth_states (
    state text PRIMARY KEY,
    expires double precision NOT NULL
);
CREATE INDEX oauth_states_by_expiry ON oauth_states (expires);
