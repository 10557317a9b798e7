--liquibase formatted sql

--changeset flashsale:002-claims-commit-order
-- The claims are the outbox of the coupon.claimed events. Each claim records the transaction that made
-- it: every transaction older than the oldest one still running is finished, so the claims ordered by
-- (transaction, id) up to that horizon are final and the relay can never skip one that commits late
-- (identity values are handed out before commit, so "id > last published" could). No backfill: claims
-- made before this change are not events (their tx stays NULL), and adding the column rewrites nothing.
ALTER TABLE claims ADD COLUMN tx xid8;
ALTER TABLE claims ALTER COLUMN tx SET DEFAULT pg_current_xact_id();
CREATE INDEX claims_in_commit_order ON claims (tx, id);
--rollback DROP INDEX claims_in_commit_order; ALTER TABLE claims DROP COLUMN tx;

--changeset flashsale:002-claim-event-cursor
-- How far the event relay has published, in (transaction, claim id) order: one row, written only by the
-- instance holding the relay lock, after the broker confirmed.
CREATE TABLE claim_event_cursor (
    id            integer     NOT NULL DEFAULT 1,
    last_tx       xid8        NOT NULL,
    last_claim_id bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT claim_event_cursor_pk PRIMARY KEY (id),
    CONSTRAINT claim_event_cursor_single_row CHECK (id = 1)
);
INSERT INTO claim_event_cursor (id, last_tx, last_claim_id) VALUES (1, '0', 0);
--rollback DROP TABLE claim_event_cursor;
