-- Timeline: a conversation's case (so a case's timeline shows its conversations' messages), and rebuilds of a
-- tenant's projection from the durable event log (outbox), each tracked as a row an admin can read.

ALTER TABLE timeline_parents ADD COLUMN case_id uuid;

CREATE TABLE timeline_rebuilds (
    tenant_id        uuid        NOT NULL,
    id               uuid        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    requested_by     uuid,
    job_id           uuid,
    events_replayed  integer     NOT NULL DEFAULT 0,
    entries          integer     NOT NULL DEFAULT 0,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    PRIMARY KEY (tenant_id, id)
);

ALTER TABLE timeline_rebuilds ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON timeline_rebuilds USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON timeline_rebuilds TO ${appRole};
