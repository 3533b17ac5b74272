-- What a node held when it died without a word (kill -9, a lost machine) is freed as soon as the node liveness of the
-- event log says it is gone (event_nodes, renewed by event_leases_renew while the node runs), instead of after a
-- job's visibility timeout or an idempotency key's 24 hours. A node's name there is unique per start, so a node
-- restarted under the same configured id does not answer for what its previous run held.

-- Whether p_node renewed its event log leases within p_ttl.
CREATE FUNCTION event_node_live(p_node text, p_ttl interval)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM event_nodes n WHERE n.node = p_node AND n.seen_at > now() - p_ttl) $$;

-- Idempotency keys: the node whose request holds the key, that request's claim, and when its work committed (set in
-- the work's own first write transaction). A key whose holder died is taken over by a retry when the work never
-- committed; when it did, the retry learns that the answer was lost instead of running the work again.
ALTER TABLE idempotency_keys
    ADD COLUMN node       text,
    ADD COLUMN claim      uuid,
    ADD COLUMN applied_at timestamptz;

-- Marks the work of the request holding p_claim as committed, inside the work's transaction. Fails that transaction
-- when a retry took the key over meanwhile (the holder's node was held dead), so the work never applies twice.
CREATE FUNCTION idempotency_key_applied(p_tenant uuid, p_user uuid, p_key text, p_claim uuid)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE idempotency_keys SET applied_at = coalesce(applied_at, now())
    WHERE tenant_id = p_tenant AND user_id = p_user AND key = p_key AND claim = p_claim;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this request no longer holds its Idempotency-Key: a retry took it over';
    END IF;
END $$;

-- Jobs: the node of the worker holding a running job. A job whose node is no longer live is claimable at once, like
-- one whose lease ran out; completions stay guarded by the worker and the attempt.
ALTER TABLE jobs ADD COLUMN locked_node text;

DROP FUNCTION jobs_claim(text, timestamptz, integer, integer);
CREATE FUNCTION jobs_claim(p_worker text, p_node text, p_now timestamptz, p_lease_ms integer, p_limit integer,
                           p_node_ttl interval)
    RETURNS TABLE (tenant_id uuid, id uuid, kind text, payload jsonb, status text, run_at timestamptz, attempts integer,
                   max_attempts integer, locked_by text, locked_until timestamptz, last_error text, dedupe_key text,
                   created_at timestamptz, finished_at timestamptz)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH due AS (
        SELECT j.tenant_id, j.id FROM jobs j
        WHERE (j.status = 'queued' AND j.run_at <= p_now)
           OR (j.status = 'running' AND (j.locked_until <= p_now
               OR (j.locked_node IS NOT NULL AND NOT event_node_live(j.locked_node, p_node_ttl))))
        ORDER BY j.run_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs j
    SET status = 'running', locked_by = p_worker, locked_node = p_node,
        locked_until = p_now + make_interval(secs => p_lease_ms / 1000.0), attempts = j.attempts + 1
    FROM due
    WHERE j.tenant_id = due.tenant_id AND j.id = due.id
    RETURNING j.tenant_id, j.id, j.kind, j.payload, j.status, j.run_at, j.attempts, j.max_attempts, j.locked_by,
              j.locked_until, j.last_error, j.dedupe_key, j.created_at, j.finished_at
$$;

REVOKE ALL ON FUNCTION event_node_live(text, interval), jobs_claim(text, text, timestamptz, integer, integer, interval),
    idempotency_key_applied(uuid, uuid, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_node_live(text, interval), jobs_claim(text, text, timestamptz, integer, integer, interval),
    idempotency_key_applied(uuid, uuid, text, uuid) TO ${appRole};
