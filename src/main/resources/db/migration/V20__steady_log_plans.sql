-- The relay and the audit chainer take small batches from tables that grow and churn all day (every event and
-- audit row is inserted, then updated once). Their plans must not depend on how fresh the statistics are:
-- - A bitmap scan of a partial "not yet done" index visits every dead entry the updates left behind, and never
--   marks them dead as a plain index scan does, so each batch would cost as much as the whole table.
-- - A batch joined back to its table must be a nested loop over the key; from a mis-estimated batch size the
--   planner otherwise hashes the whole table.
-- Pinning these plan choices per function keeps each batch's cost proportional to the batch.

CREATE OR REPLACE FUNCTION event_log_assign(p_limit integer)
    RETURNS TABLE (seq bigint, "position" bigint, tenant_id uuid, id uuid, type text, actor_type text, actor_id uuid,
                   correlation_id text, payload jsonb, occurred_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
#variable_conflict use_column
DECLARE
    v_tenants uuid[];
    v_seqs bigint[];
    v_head bigint;
    v_shards integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(6009440328877637186) THEN
        RETURN;
    END IF;
    SELECT array_agg(u.tenant_id ORDER BY u.seq), array_agg(u.seq ORDER BY u.seq) INTO v_tenants, v_seqs
    FROM (SELECT o.tenant_id, o.seq FROM outbox o WHERE o.position IS NULL ORDER BY o.seq LIMIT p_limit) u;
    IF v_seqs IS NULL THEN
        RETURN;
    END IF;
    UPDATE event_log_state s SET head = s.head + cardinality(v_seqs)
    RETURNING s.head - cardinality(v_seqs), coalesce(s.shards, 1) INTO v_head, v_shards;
    RETURN QUERY
    UPDATE outbox o SET position = v_head + l.n, shard = event_shard(o.tenant_id, v_shards), published_at = now()
    FROM unnest(v_tenants, v_seqs) WITH ORDINALITY AS l(tenant_id, seq, n)
    WHERE o.tenant_id = l.tenant_id AND o.seq = l.seq
    RETURNING o.seq, o.position, o.tenant_id, o.id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload,
              o.occurred_at;
END $$;

ALTER FUNCTION audit_unchained(integer) SET enable_bitmapscan = off;
ALTER FUNCTION audit_link(bigint[], uuid[], bigint[], bytea[], bytea[])
    SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
