-- Inbound webhook ingestion: every verified provider event is stored here before it is answered, then
-- processed by a job. An event is unique per provider and event id (and tenant where known). Events whose
-- tenant is not known yet (an unknown Meta page) are stored without one, through a SECURITY DEFINER function;
-- row-level security hides them from every tenant.
CREATE TABLE webhook_inbox (
    tenant_id     uuid,
    id            uuid        NOT NULL PRIMARY KEY,
    provider      text        NOT NULL CHECK (provider IN ('tenant', 'resend', 'meta')),
    hook_id       uuid,
    event_id      text        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 300),
    body          bytea       NOT NULL,
    headers       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status        text        NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'dead', 'unroutable')),
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text,
    received_at   timestamptz NOT NULL,
    processed_at  timestamptz,
    CHECK (tenant_id IS NOT NULL OR status = 'unroutable')
);
CREATE UNIQUE INDEX webhook_inbox_event_key
    ON webhook_inbox (provider, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id);
CREATE INDEX webhook_inbox_tenant_idx ON webhook_inbox (tenant_id, id);

-- Per-tenant inbound hooks, verified with Standard Webhooks signatures. The secret is stored as issued
-- (encryption at rest is not part of this migration).
CREATE TABLE inbound_webhooks (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    secret      text        NOT NULL,
    enabled     boolean     NOT NULL DEFAULT true,
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Resend signing secrets (whsec_...) a tenant configured; a Resend event belongs to the tenants whose
-- secret verifies it. Several per tenant allow rotation. Stored as given (no encryption at rest yet).
CREATE TABLE resend_signing_secrets (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    secret      text        NOT NULL CHECK (secret LIKE 'whsec\_%'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Facebook pages whose Meta lead ads belong to a tenant; a page belongs to one organization.
CREATE TABLE meta_pages (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    page_id     text        NOT NULL CHECK (page_id ~ '^[0-9]{1,30}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT meta_pages_page_key UNIQUE (page_id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_inbox', 'inbound_webhooks', 'resend_signing_secrets', 'meta_pages']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${appRole}', t);
    END LOOP;
END $$;

-- Stores an event whose tenant is unknown (status unroutable); deduplicated like every other event.
-- Returns the new row's id, or null when the event was already stored.
CREATE FUNCTION webhook_inbox_insert_unrouted(p_id uuid, p_provider text, p_event_id text, p_body bytea, p_headers jsonb,
                                              p_received_at timestamptz, p_error text)
    RETURNS uuid
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    INSERT INTO webhook_inbox (tenant_id, id, provider, event_id, body, headers, status, last_error, received_at)
    VALUES (NULL, p_id, p_provider, p_event_id, p_body, p_headers, 'unroutable', p_error, p_received_at)
    ON CONFLICT DO NOTHING
    RETURNING id
$$;

-- Resend routing: every tenant's Resend signing secrets, to find the tenants whose secret verifies an event.
CREATE FUNCTION resend_signing_secrets_all()
    RETURNS TABLE (tenant_id uuid, secret text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT r.tenant_id, r.secret FROM resend_signing_secrets r JOIN organizations o ON o.id = r.tenant_id WHERE o.active $$;

-- Meta routing: the active organization a page belongs to, or null.
CREATE FUNCTION meta_page_tenant(p_page_id text)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT m.tenant_id FROM meta_pages m JOIN organizations o ON o.id = m.tenant_id WHERE m.page_id = p_page_id AND o.active $$;

REVOKE ALL ON FUNCTION webhook_inbox_insert_unrouted(uuid, text, text, bytea, jsonb, timestamptz, text),
    resend_signing_secrets_all(), meta_page_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_inbox_insert_unrouted(uuid, text, text, bytea, jsonb, timestamptz, text),
    resend_signing_secrets_all(), meta_page_tenant(text) TO ${appRole};
