-- Idempotency keys: the first response to a POST with an Idempotency-Key is kept for 24 hours and
-- replayed for retries of the same request.
CREATE TABLE idempotency_keys (
    tenant_id     uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  bytea       NOT NULL,
    status_code   integer,
    response      bytea,
    content_type  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    PRIMARY KEY (tenant_id, user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ${appRole};

-- Audit hash chain. Writers only insert; the chainer assigns each tenant's rows a position and a
-- SHA-256 over (previous hash, canonical JSON of the row) after commit, in insertion order, so
-- writes never wait on each other. Verification recomputes the chain and names the first row that
-- was altered or is missing.
ALTER TABLE audit_log
    ADD COLUMN seq        bigint GENERATED ALWAYS AS IDENTITY,
    ADD COLUMN chain_seq  bigint,
    ADD COLUMN prev_hash  bytea,
    ADD COLUMN hash       bytea;
CREATE INDEX audit_log_unchained_idx ON audit_log (seq) WHERE chain_seq IS NULL;
CREATE UNIQUE INDEX audit_log_chain_key ON audit_log (tenant_id, chain_seq);

CREATE TABLE audit_chain_heads (
    tenant_id  uuid   PRIMARY KEY,
    chain_seq  bigint NOT NULL,
    hash       bytea  NOT NULL
);
ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_chain_heads USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON audit_chain_heads TO ${appRole};

-- Chainer entry points: cross-tenant, append-only.
CREATE FUNCTION audit_unchained(p_limit integer)
    RETURNS TABLE (seq bigint, tenant_id uuid, id uuid, at timestamptz, actor_type text, actor_id uuid, action text,
                   entity_type text, entity_id uuid, before jsonb, after jsonb, ip text, user_agent text, request_id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT a.seq, a.tenant_id, a.id, a.at, a.actor_type, a.actor_id, a.action, a.entity_type, a.entity_id,
           a.before, a.after, a.ip, a.user_agent, a.request_id
    FROM audit_log a WHERE a.chain_seq IS NULL ORDER BY a.seq LIMIT p_limit
$$;

CREATE FUNCTION audit_chain_heads_for(p_tenants uuid[])
    RETURNS TABLE (tenant_id uuid, chain_seq bigint, hash bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT h.tenant_id, h.chain_seq, h.hash FROM audit_chain_heads h WHERE h.tenant_id = ANY (p_tenants) $$;

-- Links a batch of rows (only once: rows already chained are left alone) and moves each tenant's head
-- to its newest link in the batch.
CREATE FUNCTION audit_link(p_seqs bigint[], p_tenants uuid[], p_positions bigint[], p_prev bytea[], p_hashes bytea[])
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE audit_log a SET chain_seq = l.pos, prev_hash = l.prev, hash = l.h
    FROM unnest(p_seqs, p_tenants, p_positions, p_prev, p_hashes) AS l(seq, tenant, pos, prev, h)
    WHERE a.seq = l.seq AND a.tenant_id = l.tenant AND a.chain_seq IS NULL;
    INSERT INTO audit_chain_heads (tenant_id, chain_seq, hash)
    SELECT DISTINCT ON (l.tenant) l.tenant, l.pos, l.h
    FROM unnest(p_tenants, p_positions, p_hashes) AS l(tenant, pos, h)
    ORDER BY l.tenant, l.pos DESC
    ON CONFLICT (tenant_id) DO UPDATE SET chain_seq = excluded.chain_seq, hash = excluded.hash;
END
$$;

REVOKE ALL ON FUNCTION audit_unchained(integer), audit_chain_heads_for(uuid[]),
    audit_link(bigint[], uuid[], bigint[], bytea[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_unchained(integer), audit_chain_heads_for(uuid[]),
    audit_link(bigint[], uuid[], bigint[], bytea[], bytea[]) TO ${appRole};

-- A portal customer's own contact: customers see only records linked to it. The contacts table
-- adds the foreign key.
ALTER TABLE users ADD COLUMN contact_id uuid;
