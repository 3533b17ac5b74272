-- Workflow automation: rules and their versions, runs and their steps, per-user opt-outs, the record
-- projection clock triggers read, and the dedupe table of clock triggers.

CREATE TABLE workflows (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description   text        CHECK (length(description) <= 2000),
    trigger_type  text        NOT NULL,
    definition    jsonb       NOT NULL,
    enabled       boolean     NOT NULL DEFAULT false,
    version       integer     NOT NULL DEFAULT 1,
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    enabled_at    timestamptz,
    deleted_at    timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX workflows_trigger_idx ON workflows (tenant_id, trigger_type) WHERE enabled AND deleted_at IS NULL;
CREATE INDEX workflows_clock_idx ON workflows (trigger_type)
    WHERE enabled AND deleted_at IS NULL
      AND trigger_type IN ('appointment.upcoming', 'task.due', 'task.overdue', 'inactivity', 'schedule');

-- Every saved definition; a run names the version it used.
CREATE TABLE workflow_versions (
    tenant_id    uuid        NOT NULL,
    workflow_id  uuid        NOT NULL,
    version      integer     NOT NULL,
    name         text        NOT NULL,
    definition   jsonb       NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, workflow_id, version)
);

CREATE TABLE workflow_runs (
    tenant_id         uuid        NOT NULL,
    id                uuid        NOT NULL,
    workflow_id       uuid        NOT NULL,
    workflow_version  integer     NOT NULL,
    trigger_type      text        NOT NULL,
    event_id          uuid,
    entity_type       text,
    entity_id         uuid,
    input             jsonb       NOT NULL,
    status            text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'stopped')),
    depth             integer     NOT NULL DEFAULT 0,
    origin_event_id   uuid,
    error             text,
    dedupe_key        text        NOT NULL,
    created_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX workflow_runs_workflow_idx ON workflow_runs (tenant_id, workflow_id, id);

CREATE TABLE workflow_run_steps (
    tenant_id    uuid        NOT NULL,
    run_id       uuid        NOT NULL,
    position     integer     NOT NULL,
    action       text        NOT NULL,
    input        jsonb       NOT NULL,
    status       text        NOT NULL CHECK (status IN ('started', 'succeeded', 'failed', 'skipped', 'interrupted')),
    result       jsonb,
    error        text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    PRIMARY KEY (tenant_id, run_id, position)
);

-- What a user does not want automation to do to them.
CREATE TABLE workflow_opt_outs (
    tenant_id      uuid        NOT NULL,
    user_id        uuid        NOT NULL,
    notifications  boolean     NOT NULL DEFAULT false,
    emails         boolean     NOT NULL DEFAULT false,
    assignments    boolean     NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- The latest audit view of each record, fed by domain events: conditions of clock triggers, due times,
-- last activity and assignment load come from here, never from other features' tables.
CREATE TABLE workflow_records (
    tenant_id         uuid        NOT NULL,
    entity_type       text        NOT NULL,
    entity_id         uuid        NOT NULL,
    view              jsonb       NOT NULL,
    due_at            timestamptz,
    status            text,
    assignee_user_id  uuid,
    last_activity_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, entity_type, entity_id)
);
CREATE INDEX workflow_records_due_idx ON workflow_records (tenant_id, entity_type, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX workflow_records_activity_idx ON workflow_records (tenant_id, entity_type, last_activity_at);
CREATE INDEX workflow_records_assignee_idx ON workflow_records (tenant_id, entity_type, assignee_user_id)
    WHERE assignee_user_id IS NOT NULL;

-- One row per clock trigger that fired: workflow + record + period. Inserting is the claim.
CREATE TABLE workflow_clock_fires (
    tenant_id    uuid        NOT NULL,
    workflow_id  uuid        NOT NULL,
    record_key   text        NOT NULL,
    period       text        NOT NULL,
    due_at       timestamptz NOT NULL,
    fired_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, workflow_id, record_key, period)
);

-- Round-robin position per workflow step.
CREATE TABLE workflow_round_robin (
    tenant_id    uuid    NOT NULL,
    workflow_id  uuid    NOT NULL,
    position     integer NOT NULL,
    turn         bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, workflow_id, position)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['workflows', 'workflow_versions', 'workflow_runs', 'workflow_run_steps', 'workflow_opt_outs',
                             'workflow_records', 'workflow_clock_fires', 'workflow_round_robin']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${appRole}', t);
    END LOOP;
END $$;

-- The sweeper: tenants with enabled clock-triggered workflows, across tenants.
CREATE FUNCTION workflow_clock_tenants()
    RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT DISTINCT w.tenant_id FROM workflows w
    WHERE w.enabled AND w.deleted_at IS NULL
      AND w.trigger_type IN ('appointment.upcoming', 'task.due', 'task.overdue', 'inactivity', 'schedule')
$$;

-- The sweeper: claims due appointment reminders of every tenant (each exactly once, whatever the number
-- of nodes) by stamping fired_at; the caller enqueues their runs in the same transaction.
CREATE FUNCTION workflow_claim_reminders(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id uuid, appointment_id uuid, offset_minutes integer, fire_at timestamptz)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH due AS (
        SELECT r.tenant_id, r.appointment_id, r.offset_minutes FROM appointment_reminders r
        WHERE r.fired_at IS NULL AND r.fire_at <= p_now
        ORDER BY r.fire_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE appointment_reminders r SET fired_at = p_now
    FROM due
    WHERE r.tenant_id = due.tenant_id AND r.appointment_id = due.appointment_id AND r.offset_minutes = due.offset_minutes
    RETURNING r.tenant_id, r.appointment_id, r.offset_minutes, r.fire_at
$$;

REVOKE ALL ON FUNCTION workflow_clock_tenants(), workflow_claim_reminders(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workflow_clock_tenants(), workflow_claim_reminders(timestamptz, integer) TO ${appRole};
