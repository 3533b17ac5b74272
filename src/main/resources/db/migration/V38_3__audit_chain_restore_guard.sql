-- Transaction ids belong to a database cluster. A database restored from a logical dump (pg_dump) into another
-- cluster keeps the chainer's watermark and the entries' transaction ids of the old one, while its new entries
-- get the new cluster's, which can be lower: they would never be linked. The chainer therefore stops, visibly
-- (its batches fail and the chain lag grows), when its watermark is ahead of every transaction id of this
-- cluster, until an operator runs audit_chain_rebase() once as the database owner.

CREATE OR REPLACE FUNCTION audit_unchained(p_limit integer)
    RETURNS TABLE (xact bigint, seq bigint, tenant_id uuid, id uuid, at timestamptz, actor_type text, actor_id uuid,
                   action text, entity_type text, entity_id uuid, before jsonb, after jsonb, ip text, user_agent text,
                   request_id text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_xact xid8;
    v_seq bigint;
    v_snapshot pg_snapshot := pg_current_snapshot();
BEGIN
    SELECT s.xact, s.seq INTO v_xact, v_seq FROM audit_chain_state s;
    IF v_xact >= pg_snapshot_xmax(v_snapshot) THEN
        RAISE EXCEPTION 'the audit chain watermark (transaction %) is ahead of this database cluster', v_xact
            USING HINT = 'the database was restored from a logical dump into another cluster: run SELECT audit_chain_rebase() once as its owner';
    END IF;
    RETURN QUERY
    SELECT a.xact::text::bigint, a.seq, a.tenant_id, a.id, a.at, a.actor_type, a.actor_id, a.action, a.entity_type,
           a.entity_id, a.before, a.after, a.ip, a.user_agent, a.request_id
    FROM audit_log a
    WHERE (a.xact, a.seq) > (v_xact, v_seq) AND a.xact < pg_snapshot_xmin(v_snapshot)
    ORDER BY a.xact, a.seq LIMIT p_limit;
END
$$;

-- After a restore into another cluster: linked entries leave the chainer's order, entries still waiting go first
-- in their insertion order, and the watermark starts over. Returns the number of entries waiting.
CREATE FUNCTION audit_chain_rebase()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
AS $$
DECLARE
    v_waiting bigint;
BEGIN
    LOCK TABLE audit_chain_state IN EXCLUSIVE MODE;
    UPDATE audit_log a SET xact = NULL
    WHERE a.xact IS NOT NULL AND EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = a.tenant_id AND c.id = a.id);
    UPDATE audit_log SET xact = '3' WHERE xact IS NOT NULL;
    GET DIAGNOSTICS v_waiting = ROW_COUNT;
    UPDATE audit_chain_state SET xact = '0', seq = 0;
    RETURN v_waiting;
END
$$;
REVOKE ALL ON FUNCTION audit_chain_rebase() FROM PUBLIC;
