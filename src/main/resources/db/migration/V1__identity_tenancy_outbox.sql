-- Identity, tenancy, audit and the transactional outbox.
--
-- Every tenant-owned table carries tenant_id, leads its primary key with it (so the schema can be
-- distributed by tenant) and has row-level security keyed on the app.tenant_id setting, which the
-- server sets per transaction. Request traffic runs as ${appRole}, which owns nothing and cannot
-- bypass RLS. The few operations that must cross tenants (login by email, the outbox relay, slug
-- lookup) are SECURITY DEFINER functions below.

CREATE FUNCTION app_tenant() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE organizations (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug        text        NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    timezone    text        NOT NULL DEFAULT 'UTC',
    settings    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_slug_key UNIQUE (slug)
);

CREATE TABLE users (
    tenant_id      uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    email          text        NOT NULL,
    full_name      text        NOT NULL,
    password_hash  text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'viewer', 'customer')),
    active         boolean     NOT NULL DEFAULT true,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);
-- Email is unique across the whole system, case-insensitively.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE user_permissions (
    tenant_id   uuid    NOT NULL,
    user_id     uuid    NOT NULL,
    permission  text    NOT NULL,
    granted     boolean NOT NULL,
    PRIMARY KEY (tenant_id, user_id, permission),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE teams (
    tenant_id    uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description  text,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX teams_name_key ON teams (tenant_id, lower(name));

CREATE TABLE team_members (
    tenant_id  uuid        NOT NULL,
    team_id    uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, team_id, user_id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_user_idx ON team_members (tenant_id, user_id);

-- Refresh tokens are opaque to clients and stored only as SHA-256 hashes. A family is one login
-- session; rotation keeps the family, reuse of a rotated token revokes all of it.
CREATE TABLE refresh_tokens (
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    user_id         uuid        NOT NULL,
    family_id       uuid        NOT NULL,
    token_hash      bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    revoked_at      timestamptz,
    revoked_reason  text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (tenant_id, family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (tenant_id, user_id) WHERE revoked_at IS NULL;

CREATE TABLE invites (
    tenant_id         uuid        NOT NULL REFERENCES organizations (id),
    id                uuid        NOT NULL,
    email             text        NOT NULL,
    role              text        NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'viewer', 'customer')),
    token_hash        bytea       NOT NULL,
    invited_by        uuid        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    accepted_at       timestamptz,
    accepted_user_id  uuid,
    revoked_at        timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE audit_log (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_type   text        NOT NULL CHECK (actor_type IN ('user', 'system', 'anonymous')),
    actor_id     uuid,
    action       text        NOT NULL,
    entity_type  text,
    entity_id    uuid,
    before       jsonb,
    after        jsonb,
    ip           text,
    user_agent   text,
    request_id   text,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id, at DESC);
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at DESC);

-- Domain events written in the same transaction as the change they describe. seq orders them;
-- the relay publishes unpublished rows in seq order and then stamps published_at.
CREATE TABLE outbox (
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    type            text        NOT NULL,
    actor_type      text        NOT NULL,
    actor_id        uuid,
    correlation_id  text,
    payload         jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    PRIMARY KEY (tenant_id, seq)
);
CREATE UNIQUE INDEX outbox_id_key ON outbox (tenant_id, id);
CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL;

-- What each idempotent consumer has already handled.
CREATE TABLE processed_events (
    tenant_id     uuid        NOT NULL,
    consumer      text        NOT NULL,
    event_id      uuid        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, consumer, event_id)
);

-- Not tenant-owned: the server's token signing keys.
CREATE TABLE signing_keys (
    kid          text        PRIMARY KEY,
    algorithm    text        NOT NULL,
    private_pem  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    retired_at   timestamptz
);

-- Row-level security on every tenant-owned table.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'user_permissions', 'teams', 'team_members', 'refresh_tokens',
                             'invites', 'audit_log', 'outbox', 'processed_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organizations USING (id = app_tenant()) WITH CHECK (id = app_tenant());

-- Cross-tenant entry points, each doing one narrow thing.

-- Login: which tenant and user an email belongs to.
CREATE FUNCTION auth_find_login(p_email text)
    RETURNS TABLE (tenant_id uuid, user_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT u.tenant_id, u.id FROM users u WHERE lower(u.email) = lower(p_email) $$;

-- Tenant-addressed webhooks: the tenant of an organization slug.
CREATE FUNCTION tenant_by_slug(p_slug text)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT o.id FROM organizations o WHERE o.slug = p_slug AND o.active $$;

-- Outbox relay: the oldest unpublished events of all tenants, and stamping them published.
CREATE FUNCTION outbox_pending(p_limit integer)
    RETURNS TABLE (seq bigint, tenant_id uuid, id uuid, type text, actor_type text, actor_id uuid,
                   correlation_id text, payload jsonb, occurred_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT o.seq, o.tenant_id, o.id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload, o.occurred_at
    FROM outbox o WHERE o.published_at IS NULL ORDER BY o.seq LIMIT p_limit
$$;

CREATE FUNCTION outbox_mark_published(p_seqs bigint[])
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH done AS (
        UPDATE outbox o SET published_at = now()
        WHERE o.published_at IS NULL AND o.seq = ANY (p_seqs)
        RETURNING 1
    )
    SELECT count(*)::integer FROM done
$$;

CREATE FUNCTION outbox_oldest_unpublished()
    RETURNS timestamptz
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT min(o.occurred_at) FROM outbox o WHERE o.published_at IS NULL $$;

-- The application role: data access only, no DDL, and the audit log is append-only.
GRANT USAGE ON SCHEMA public TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, users, user_permissions, teams, team_members,
    refresh_tokens, invites, outbox, processed_events TO ${appRole};
GRANT SELECT, INSERT ON audit_log, signing_keys TO ${appRole};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${appRole};
REVOKE ALL ON FUNCTION auth_find_login(text), tenant_by_slug(text), outbox_pending(integer),
    outbox_mark_published(bigint[]), outbox_oldest_unpublished() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_tenant(), auth_find_login(text), tenant_by_slug(text), outbox_pending(integer),
    outbox_mark_published(bigint[]), outbox_oldest_unpublished() TO ${appRole};
