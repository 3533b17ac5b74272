-- The reference server's own tables, created idempotently at every start (the server runs this file once, under an
-- advisory lock, before it listens). :app_role is replaced by the server with the validated role name
-- (REF_APP_ROLE, default switchboard_app, the role Switchboard's own request traffic runs as).
--
-- It connects as a superuser or owner and, per transaction, runs set_config('role', '<app role>', true): the inserts
-- then run as a role that owns nothing and cannot bypass row-level security, exactly like Switchboard's requests.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ':app_role') THEN
        CREATE ROLE :app_role NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    -- A login that is not a superuser may only SET ROLE to a role it is a member of.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, ':app_role', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', ':app_role', current_user);
    END IF;
END $$;

CREATE TABLE IF NOT EXISTS ref_tasks (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    title       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- One row per accepted signed webhook; (tenant_id, event_id) deduplicates redeliveries like an inbox does.
CREATE TABLE IF NOT EXISTS ref_webhooks (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    event_id     text        NOT NULL,
    payload      jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, event_id)
);

ALTER TABLE ref_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE ref_webhooks ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'ref_tasks' AND policyname = 'ref_tenant_isolation') THEN
        CREATE POLICY ref_tenant_isolation ON ref_tasks
            USING (tenant_id = current_setting('app.tenant_id')::uuid)
            WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'ref_webhooks' AND policyname = 'ref_tenant_isolation') THEN
        CREATE POLICY ref_tenant_isolation ON ref_webhooks
            USING (tenant_id = current_setting('app.tenant_id')::uuid)
            WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);
    END IF;
END $$;

GRANT USAGE ON SCHEMA public TO :app_role;
GRANT SELECT, INSERT ON ref_tasks, ref_webhooks TO :app_role;
