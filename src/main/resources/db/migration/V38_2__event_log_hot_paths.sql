-- The event log's most frequent entry points as PL/pgSQL, whose statements are planned once per session.
-- As SQL functions that run as their owner (SECURITY DEFINER), PostgreSQL parsed and planned their bodies
-- again on every call: each stored webhook batch, each consumer's checkpoint move and each read of the log head.

CREATE OR REPLACE FUNCTION webhook_inbox_receive(p_tenants uuid[], p_ids uuid[], p_providers text[], p_hooks uuid[],
                                                 p_event_ids text[], p_bodies bytea[], p_headers jsonb[],
                                                 p_received timestamptz[])
    RETURNS SETOF uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH stored AS (
        INSERT INTO webhook_inbox (tenant_id, id, provider, hook_id, event_id, body, headers, received_at)
        SELECT * FROM unnest(p_tenants, p_ids, p_providers, p_hooks, p_event_ids, p_bodies, p_headers, p_received)
        ON CONFLICT DO NOTHING
        RETURNING webhook_inbox.tenant_id, webhook_inbox.id, webhook_inbox.provider, webhook_inbox.received_at
    ), logged AS (
        INSERT INTO outbox (tenant_id, id, type, actor_type, payload, occurred_at)
        SELECT s.tenant_id, s.id, 'internal.webhook_inbox.received', 'system',
               jsonb_build_object('inboxId', s.id, 'provider', s.provider), s.received_at
        FROM stored s
    )
    SELECT s.id FROM stored s;
END
$$;

CREATE OR REPLACE FUNCTION event_checkpoint_move(p_consumer text, p_shard integer, p_position bigint)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE event_checkpoints SET position = greatest(position, p_position), updated_at = now()
    WHERE consumer = p_consumer AND shard = p_shard;
END
$$;

CREATE OR REPLACE FUNCTION event_log_head()
    RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN (SELECT s.head FROM event_log_state s);
END
$$;

CREATE OR REPLACE FUNCTION audit_chain_heads_for(p_tenants uuid[])
    RETURNS TABLE (tenant_id uuid, chain_seq bigint, hash bytea)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT h.tenant_id, h.chain_seq, h.hash FROM audit_chain_heads h WHERE h.tenant_id = ANY (p_tenants);
END
$$;

-- Each delivery's row is updated once, when it is processed: room on its page lets that update stay on the
-- page (a heap-only tuple) instead of adding an entry to each of the table's indexes.
ALTER TABLE webhook_inbox SET (fillfactor = 50);
