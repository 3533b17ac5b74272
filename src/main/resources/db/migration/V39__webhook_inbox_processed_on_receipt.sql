-- Deliveries whose processing needs nothing but the database (a tenant hook's event becomes a webhook.received
-- domain event) are processed by the statement that stores them: the inbox row is stored processed, with the audit
-- entry and the domain event its processing records, in the acknowledgement's own transaction. Such a delivery
-- costs one event in the log instead of two (the internal "received" event, then the domain event) and no
-- consumer transaction. A delivery given no change (a provider whose processing calls out first, or a batch
-- stored again after its changes failed) is stored as before: received, with the internal event that the inbox
-- consumer processes, retries and parks.
--
-- The change is always the system's, about the delivery itself (entity_id is the inbox id): its action is both
-- the audit action and the event type. Only rows this statement stored get an audit entry and an event, so a
-- duplicate delivery records nothing. The older webhook_inbox_receive stays for nodes not yet upgraded.

CREATE FUNCTION webhook_inbox_receive_processed(p_tenants uuid[], p_ids uuid[], p_providers text[], p_hooks uuid[],
                                                p_event_ids text[], p_bodies bytea[], p_headers jsonb[],
                                                p_received timestamptz[], p_actions text[], p_entity_types text[],
                                                p_audit_ids uuid[], p_afters jsonb[], p_log_ids uuid[],
                                                p_payloads jsonb[], p_occurred timestamptz[])
    RETURNS SETOF uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH given AS (
        SELECT *
        FROM unnest(p_tenants, p_ids, p_providers, p_hooks, p_event_ids, p_bodies, p_headers, p_received, p_actions,
                    p_entity_types, p_audit_ids, p_afters, p_log_ids, p_payloads, p_occurred)
             AS g(tenant_id, id, provider, hook_id, event_id, body, headers, received_at, action, entity_type, audit_id,
                  after, log_id, payload, occurred_at)
    ), stored AS (
        INSERT INTO webhook_inbox (tenant_id, id, provider, hook_id, event_id, body, headers, received_at, status,
                                   attempts, processed_at)
        SELECT g.tenant_id, g.id, g.provider, g.hook_id, g.event_id, g.body, g.headers, g.received_at,
               CASE WHEN g.action IS NULL THEN 'received' ELSE 'processed' END,
               CASE WHEN g.action IS NULL THEN 0 ELSE 1 END,
               CASE WHEN g.action IS NULL THEN NULL ELSE now() END
        FROM given g
        ON CONFLICT DO NOTHING
        RETURNING webhook_inbox.id
    ), audited AS (
        INSERT INTO audit_log (tenant_id, id, actor_type, action, entity_type, entity_id, after)
        SELECT g.tenant_id, g.audit_id, 'system', g.action, g.entity_type, g.id, g.after
        FROM given g JOIN stored s ON s.id = g.id
        WHERE g.action IS NOT NULL
    ), logged AS (
        INSERT INTO outbox (tenant_id, id, type, actor_type, payload, occurred_at)
        SELECT g.tenant_id, g.log_id, g.action, 'system', g.payload, g.occurred_at
        FROM given g JOIN stored s ON s.id = g.id
        WHERE g.action IS NOT NULL
        UNION ALL
        SELECT g.tenant_id, g.id, 'internal.webhook_inbox.received', 'system',
               jsonb_build_object('inboxId', g.id, 'provider', g.provider), g.received_at
        FROM given g JOIN stored s ON s.id = g.id
        WHERE g.action IS NULL
    )
    SELECT s.id FROM stored s;
END
$$;

REVOKE ALL ON FUNCTION webhook_inbox_receive_processed(uuid[], uuid[], text[], uuid[], text[], bytea[], jsonb[],
    timestamptz[], text[], text[], uuid[], jsonb[], uuid[], jsonb[], timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_inbox_receive_processed(uuid[], uuid[], text[], uuid[], text[], bytea[], jsonb[],
    timestamptz[], text[], text[], uuid[], jsonb[], uuid[], jsonb[], timestamptz[]) TO ${appRole};
