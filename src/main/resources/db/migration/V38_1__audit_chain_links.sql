-- The audit hash chain leaves audit_log for a narrow, insert-only table of links. Linking an entry used
-- to rewrite its audit_log row: a second copy of the row with its JSON, a new entry in each of the
-- table's five indexes, and a dead row for vacuum, for every audited write. Now it appends a link of
-- a few dozen bytes.
--
-- Which entries wait for the chainer no longer needs a column that changes: each entry records the
-- transaction that wrote it (xact), and the chainer takes entries in (xact, seq) order past its
-- watermark, only from transactions older than every transaction still running. No entry can then
-- appear behind the watermark later (a slow writer's entry waits until the writer ends), so none is
-- passed over, and each is linked once: the links and the watermark commit together.

CREATE TABLE audit_chain (
    tenant_id  uuid   NOT NULL,
    chain_seq  bigint NOT NULL,
    id         uuid   NOT NULL,
    prev_hash  bytea  NOT NULL,
    hash       bytea  NOT NULL,
    PRIMARY KEY (tenant_id, chain_seq)
);
ALTER TABLE audit_chain ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_chain USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON audit_chain TO ${appRole};

INSERT INTO audit_chain (tenant_id, chain_seq, id, prev_hash, hash)
SELECT tenant_id, chain_seq, id, prev_hash, hash FROM audit_log WHERE chain_seq IS NOT NULL;

CREATE TABLE audit_chain_state (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    xact       xid8    NOT NULL,
    seq        bigint  NOT NULL
);
INSERT INTO audit_chain_state (xact, seq) VALUES ('0', 0);
GRANT SELECT ON audit_chain_state TO ${appRole};

-- Entries written before this change carry no transaction: those already linked stay out of the
-- chainer's order, those not yet linked go first, in their insertion order (3 is the first ordinary
-- transaction id).
ALTER TABLE audit_log ADD COLUMN xact xid8;
UPDATE audit_log SET xact = '3' WHERE chain_seq IS NULL;
ALTER TABLE audit_log ALTER COLUMN xact SET DEFAULT pg_current_xact_id();
CREATE INDEX audit_log_chain_order_idx ON audit_log (xact, seq) WHERE xact IS NOT NULL;

DROP FUNCTION audit_link(bigint[], uuid[], bigint[], bytea[], bytea[]);
DROP FUNCTION audit_unchained(integer);
DROP INDEX audit_log_unchained_idx;
DROP INDEX audit_log_chain_key;
ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash;

-- Up to p_limit entries waiting to be linked, in chain order, from transactions that have all ended. The
-- transaction ids come as bigint (a full transaction id fits).
CREATE FUNCTION audit_unchained(p_limit integer)
    RETURNS TABLE (xact bigint, seq bigint, tenant_id uuid, id uuid, at timestamptz, actor_type text, actor_id uuid,
                   action text, entity_type text, entity_id uuid, before jsonb, after jsonb, ip text, user_agent text,
                   request_id text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_xact xid8;
    v_seq bigint;
BEGIN
    SELECT s.xact, s.seq INTO v_xact, v_seq FROM audit_chain_state s;
    RETURN QUERY
    SELECT a.xact::text::bigint, a.seq, a.tenant_id, a.id, a.at, a.actor_type, a.actor_id, a.action, a.entity_type,
           a.entity_id, a.before, a.after, a.ip, a.user_agent, a.request_id
    FROM audit_log a
    WHERE (a.xact, a.seq) > (v_xact, v_seq) AND a.xact < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY a.xact, a.seq LIMIT p_limit;
END
$$;

-- Appends a batch of links, moves each tenant's head to its newest link in the batch and the chainer's
-- watermark past the batch, in one transaction.
CREATE FUNCTION audit_link(p_tenants uuid[], p_ids uuid[], p_positions bigint[], p_prev bytea[], p_hashes bytea[],
                           p_last_xact bigint, p_last_seq bigint)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO audit_chain (tenant_id, chain_seq, id, prev_hash, hash)
    SELECT l.tenant, l.pos, l.id, l.prev, l.h FROM unnest(p_tenants, p_positions, p_ids, p_prev, p_hashes) AS l(tenant, pos, id, prev, h);
    INSERT INTO audit_chain_heads (tenant_id, chain_seq, hash)
    SELECT DISTINCT ON (l.tenant) l.tenant, l.pos, l.h
    FROM unnest(p_tenants, p_positions, p_hashes) AS l(tenant, pos, h)
    ORDER BY l.tenant, l.pos DESC
    ON CONFLICT (tenant_id) DO UPDATE SET chain_seq = excluded.chain_seq, hash = excluded.hash;
    UPDATE audit_chain_state SET xact = p_last_xact::text::xid8, seq = p_last_seq;
END
$$;

REVOKE ALL ON FUNCTION audit_unchained(integer), audit_link(uuid[], uuid[], bigint[], bytea[], bytea[], bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_unchained(integer), audit_link(uuid[], uuid[], bigint[], bytea[], bytea[], bigint, bigint)
    TO ${appRole};
