-- recbot's first PostgreSQL schema. Nested parts of a recommendation (owners, milestones, updates,
-- sign-off) stay in a JSONB document; what queries select or order by has columns of its own.

CREATE TABLE reviews (
    slug text PRIMARY KEY,
    doc jsonb NOT NULL
);

CREATE TABLE recommendations (
    review text NOT NULL REFERENCES reviews (slug) ON DELETE CASCADE,
    id text NOT NULL,
    status text,
    doc jsonb NOT NULL,
    PRIMARY KEY (review, id)
);
-- `/rec R16` without a review looks a recommendation up by its id alone.
CREATE INDEX recommendations_by_id ON recommendations (id);
CREATE INDEX recommendations_by_status ON recommendations (status);

CREATE TABLE subscriptions (
    seq bigserial UNIQUE,
    channel text NOT NULL,
    target text NOT NULL,
    filter text NOT NULL,
    by text NOT NULL DEFAULT '',
    at text NOT NULL DEFAULT '',
    PRIMARY KEY (channel, target)
);
CREATE INDEX subscriptions_by_target ON subscriptions (target);

CREATE TABLE threads (
    channel text NOT NULL,
    key text NOT NULL,
    ts text NOT NULL,
    PRIMARY KEY (channel, key)
);
CREATE INDEX threads_by_key ON threads (key);

CREATE TABLE uploads (
    channel text NOT NULL,
    slack_user text NOT NULL,
    until double precision NOT NULL,
    PRIMARY KEY (channel, slack_user)
);

CREATE TABLE people (
    id text PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE digests (
    seq bigserial UNIQUE,
    channel text PRIMARY KEY,
    doc jsonb NOT NULL
);

-- Events announced exactly once (slips, digests): the key's uniqueness is the guarantee.
CREATE TABLE once (
    key text PRIMARY KEY,
    at double precision NOT NULL
);

-- Slack request ids already applied: a retried delivery is recognised by the unique key.
CREATE TABLE requests (
    id text PRIMARY KEY,
    at double precision NOT NULL
);
CREATE INDEX requests_by_at ON requests (at);

CREATE TABLE outbox (
    seq bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    status text NOT NULL,
    next_at double precision NOT NULL,
    item jsonb NOT NULL
);
-- Delivery claims what is due, oldest first.
CREATE INDEX outbox_due ON outbox (next_at, seq) WHERE status IN ('pending', 'sending');
