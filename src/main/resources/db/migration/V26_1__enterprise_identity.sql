-- Enterprise identity: SCIM 2.0 provisioning with IdP group mapping, and OpenID Connect single sign-on.

-- Users a SCIM client manages carry the client's own id for them and the parts of their name it sends.
-- scim_managed users get their role and mapped teams from their IdP groups.
ALTER TABLE users
    ADD COLUMN external_id   text CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 512),
    ADD COLUMN given_name    text CHECK (given_name IS NULL OR length(given_name) <= 200),
    ADD COLUMN family_name   text CHECK (family_name IS NULL OR length(family_name) <= 200),
    ADD COLUMN scim_managed  boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX users_external_id_key ON users (tenant_id, external_id) WHERE external_id IS NOT NULL;

-- SCIM bearer tokens, one set per organization: shown once, stored as the SHA-256 of their secret.
CREATE TABLE scim_tokens (
    tenant_id     uuid        NOT NULL REFERENCES organizations (id),
    id            uuid        NOT NULL,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix        text        NOT NULL,
    secret_hash   bytea       NOT NULL,
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);

-- Groups as the identity provider pushes them, and their members.
CREATE TABLE scim_groups (
    tenant_id     uuid        NOT NULL REFERENCES organizations (id),
    id            uuid        NOT NULL,
    display_name  text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 256),
    external_id   text        CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 512),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX scim_groups_name_key ON scim_groups (tenant_id, lower(display_name));
CREATE UNIQUE INDEX scim_groups_external_id_key ON scim_groups (tenant_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE scim_group_members (
    tenant_id  uuid NOT NULL,
    group_id   uuid NOT NULL,
    user_id    uuid NOT NULL,
    PRIMARY KEY (tenant_id, group_id, user_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES scim_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX scim_group_members_user_idx ON scim_group_members (tenant_id, user_id);

-- An IdP group's name mapped to a role and teams; a member gets the highest mapped role of their groups.
CREATE TABLE group_mappings (
    tenant_id   uuid        NOT NULL REFERENCES organizations (id),
    id          uuid        NOT NULL,
    group_name  text        NOT NULL CHECK (length(group_name) BETWEEN 1 AND 256),
    role        text        CHECK (role IS NULL OR role IN ('admin', 'manager', 'agent', 'viewer')),
    team_ids    uuid[]      NOT NULL DEFAULT '{}',
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX group_mappings_name_key ON group_mappings (tenant_id, lower(group_name));

-- OpenID Connect providers: the client secret is sealed by the secret box.
CREATE TABLE identity_providers (
    tenant_id      uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    issuer         text        NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2048),
    client_id      text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 512),
    client_secret  text,
    redirect_uris  text[]      NOT NULL,
    enabled        boolean     NOT NULL DEFAULT true,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Email domains route a sign-in to one provider; a domain belongs to one organization's provider at most.
CREATE TABLE identity_provider_domains (
    tenant_id    uuid NOT NULL,
    provider_id  uuid NOT NULL,
    domain       text NOT NULL CHECK (length(domain) BETWEEN 1 AND 253),
    PRIMARY KEY (tenant_id, provider_id, domain),
    FOREIGN KEY (tenant_id, provider_id) REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX identity_provider_domains_key ON identity_provider_domains (lower(domain));

-- A sign-in between its start and the provider's callback: state, nonce and PKCE verifier, used once.
CREATE TABLE sso_logins (
    tenant_id      uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    state_hash     bytea       NOT NULL,
    provider_id    uuid        NOT NULL,
    nonce          text        NOT NULL,
    code_verifier  text        NOT NULL,
    redirect_uri   text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, provider_id) REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE scim_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON scim_tokens USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE scim_groups ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON scim_groups USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE scim_group_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON scim_group_members USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE group_mappings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_mappings USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE identity_providers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON identity_providers USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE identity_provider_domains ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON identity_provider_domains USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE sso_logins ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sso_logins USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON scim_tokens, scim_groups, scim_group_members, group_mappings, identity_providers,
    identity_provider_domains, sso_logins TO ${appRole};

-- Sign-in routing: the tenant and provider an email domain belongs to (enabled providers of active organizations).
CREATE FUNCTION sso_provider_for_domain(p_domain text)
    RETURNS TABLE (tenant_id uuid, provider_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT d.tenant_id, d.provider_id FROM identity_provider_domains d
    JOIN identity_providers p ON p.tenant_id = d.tenant_id AND p.id = d.provider_id AND p.enabled
    JOIN organizations o ON o.id = d.tenant_id AND o.active
    WHERE lower(d.domain) = lower(p_domain)
$$;
REVOKE ALL ON FUNCTION sso_provider_for_domain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_provider_for_domain(text) TO ${appRole};

-- SCIM clients act as their own kind of actor in the audit log.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_type_check
    CHECK (actor_type IN ('user', 'system', 'anonymous', 'api_key', 'scim'));
