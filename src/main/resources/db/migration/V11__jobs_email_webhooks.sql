-- Automation foundations: the durable job queue, email templates and log, outbound webhook endpoints
-- and their delivery log.

-- The job queue. Workers of every node claim due jobs across tenants through jobs_claim() (FOR UPDATE
-- SKIP LOCKED); a claimed job is leased to one worker (locked_by) until locked_until, after which
-- another worker may claim it again. Completions are recorded per tenant, guarded by locked_by.
CREATE TABLE jobs (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    kind          text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status        text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
    run_at        timestamptz NOT NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    max_attempts  integer     NOT NULL CHECK (max_attempts >= 1),
    locked_by     text,
    locked_until  timestamptz,
    last_error    text,
    dedupe_key    text,
    created_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_status_idx ON jobs (tenant_id, status, id);

CREATE TABLE email_templates (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    subject     text        NOT NULL,
    html        text        NOT NULL,
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX email_templates_name_key ON email_templates (tenant_id, lower(name));

-- Every version a template ever had; the template row holds the current one.
CREATE TABLE email_template_versions (
    tenant_id    uuid        NOT NULL,
    template_id  uuid        NOT NULL,
    version      integer     NOT NULL,
    name         text        NOT NULL,
    subject      text        NOT NULL,
    html         text        NOT NULL,
    created_by   uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, template_id, version),
    FOREIGN KEY (tenant_id, template_id) REFERENCES email_templates (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE email_log (
    tenant_id            uuid        NOT NULL,
    id                   uuid        NOT NULL,
    template_id          uuid        NOT NULL,
    template_version     integer     NOT NULL,
    to_address           text        NOT NULL,
    data                 jsonb       NOT NULL DEFAULT '{}'::jsonb,
    reply_to             text[]      NOT NULL DEFAULT '{}',
    subject              text,
    status               text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    provider_message_id  text,
    job_id               uuid        NOT NULL,
    last_error           text,
    created_by           uuid,
    created_at           timestamptz NOT NULL,
    sent_at              timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX email_log_status_idx ON email_log (tenant_id, status, id);

CREATE TABLE webhook_endpoints (
    tenant_id        uuid        NOT NULL,
    id               uuid        NOT NULL,
    url              text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    description      text,
    event_types      text[]      NOT NULL,
    secret           text        NOT NULL,
    enabled          boolean     NOT NULL DEFAULT true,
    disabled_reason  text,
    version          integer     NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- One row per delivery attempt.
CREATE TABLE webhook_deliveries (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    endpoint_id   uuid        NOT NULL,
    event_id      uuid        NOT NULL,
    event_type    text        NOT NULL,
    job_id        uuid        NOT NULL,
    attempt       integer     NOT NULL,
    status_code   integer,
    duration_ms   integer     NOT NULL,
    succeeded     boolean     NOT NULL,
    error         text,
    attempted_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['jobs', 'email_templates', 'email_template_versions', 'email_log',
                             'webhook_endpoints', 'webhook_deliveries']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${appRole}', t);
    END LOOP;
END $$;

-- Job workers: claim the due jobs of all tenants (and jobs whose lease expired), oldest run_at first.
CREATE FUNCTION jobs_claim(p_worker text, p_now timestamptz, p_lease_ms integer, p_limit integer)
    RETURNS TABLE (tenant_id uuid, id uuid, kind text, payload jsonb, status text, run_at timestamptz, attempts integer,
                   max_attempts integer, locked_by text, locked_until timestamptz, last_error text, dedupe_key text,
                   created_at timestamptz, finished_at timestamptz)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH due AS (
        SELECT j.tenant_id, j.id FROM jobs j
        WHERE (j.status = 'queued' AND j.run_at <= p_now) OR (j.status = 'running' AND j.locked_until <= p_now)
        ORDER BY j.run_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs j
    SET status = 'running', locked_by = p_worker, locked_until = p_now + make_interval(secs => p_lease_ms / 1000.0),
        attempts = j.attempts + 1
    FROM due
    WHERE j.tenant_id = due.tenant_id AND j.id = due.id
    RETURNING j.tenant_id, j.id, j.kind, j.payload, j.status, j.run_at, j.attempts, j.max_attempts, j.locked_by,
              j.locked_until, j.last_error, j.dedupe_key, j.created_at, j.finished_at
$$;

-- Queue gauges across tenants: jobs due now, and the run_at of the oldest of them.
CREATE FUNCTION jobs_due_stats(p_now timestamptz)
    RETURNS TABLE (due bigint, oldest timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT count(*), min(j.run_at) FROM jobs j WHERE j.status = 'queued' AND j.run_at <= p_now $$;

REVOKE ALL ON FUNCTION jobs_claim(text, timestamptz, integer, integer), jobs_due_stats(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jobs_claim(text, timestamptz, integer, integer), jobs_due_stats(timestamptz) TO ${appRole};
