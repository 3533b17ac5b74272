-- Accounts and organization settings: optimistic concurrency on organizations (their name, time zone and
-- settings are now editable), users' own profile fields, login sessions that remember where they started,
-- single-use password resets, and organization API keys.

ALTER TABLE organizations
    ADD COLUMN version     integer     NOT NULL DEFAULT 1,
    ADD COLUMN updated_at  timestamptz NOT NULL DEFAULT now();

ALTER TABLE users
    ADD COLUMN timezone    text CHECK (timezone IS NULL OR length(timezone) BETWEEN 1 AND 64),
    ADD COLUMN avatar_url  text CHECK (avatar_url IS NULL OR length(avatar_url) BETWEEN 1 AND 2048);

-- The client a refresh token was issued to, so a user can tell their sessions apart.
ALTER TABLE refresh_tokens
    ADD COLUMN ip          text,
    ADD COLUMN user_agent  text;

-- Only the SHA-256 of each reset token is stored; a token is spent by its first use, and a newer request
-- supersedes older ones.
CREATE TABLE password_resets (
    tenant_id   uuid        NOT NULL REFERENCES organizations (id),
    id          uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    token_hash  bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX password_resets_user_idx ON password_resets (tenant_id, user_id) WHERE used_at IS NULL;

-- Organization API keys: shown once, stored as the SHA-256 of their secret, with a visible prefix. A key acts
-- with the permissions it was given, never more than its creator holds at the time of the request.
CREATE TABLE api_keys (
    tenant_id     uuid        NOT NULL REFERENCES organizations (id),
    id            uuid        NOT NULL,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix        text        NOT NULL,
    secret_hash   bytea       NOT NULL,
    permissions   text[]      NOT NULL,
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);

ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON password_resets USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE ON password_resets, api_keys TO ${appRole};

-- API keys act as their own kind of actor in the audit log.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_type_check
    CHECK (actor_type IN ('user', 'system', 'anonymous', 'api_key'));
