-- The event log: every committed outbox event gets a position in commit order, and work consumers read the
-- log from their own checkpoint per shard.
--
-- Positions are handed out by one relay at a time (an advisory lock), only to rows that are already
-- committed, and the positions of one batch become visible together when the relay commits. So a reader that
-- sees position p sees every position below p: a position-based reader can never skip a late commit. A relay
-- that rolls back hands nothing out; the next one continues from the stored head.

ALTER TABLE outbox ADD COLUMN position bigint, ADD COLUMN shard integer;

-- Events published before the log existed keep their insertion order; their positions equal their seq, so a
-- realtime client's last event id stays valid across the upgrade.
UPDATE outbox SET position = seq WHERE published_at IS NOT NULL;

-- Readers of the log go by shard (work consumers, and a tenant's replay within its shard): one index serves them.
-- The shard is stored when the position is handed out; rows positioned before the log existed get theirs the
-- first time a server fixes the shard count (event_log_shards).
DROP INDEX outbox_unpublished_idx;
CREATE INDEX outbox_unpositioned_idx ON outbox (seq) WHERE position IS NULL;
CREATE INDEX outbox_log_idx ON outbox (shard, position) WHERE position IS NOT NULL;

-- The newest position handed out, and the head every consumer starts from when it first runs.
CREATE TABLE event_log_state (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    head       bigint  NOT NULL,
    baseline   bigint  NOT NULL,
    shards     integer
);
INSERT INTO event_log_state (head, baseline)
SELECT coalesce(max(position), 0), coalesce(max(position), 0) FROM outbox;

-- Where each work consumer stands in each shard of the log.
CREATE TABLE event_checkpoints (
    consumer    text        NOT NULL,
    shard       integer     NOT NULL,
    position    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, shard)
);

-- Which node works which shard. A node renews its leases while it lives; an expired lease is free.
CREATE TABLE event_shard_leases (
    shard       integer     PRIMARY KEY,
    owner       text,
    expires_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE event_nodes (
    node     text        PRIMARY KEY,
    seen_at  timestamptz NOT NULL DEFAULT now()
);

-- Events a consumer gave up on after its attempts: kept with the error until an admin retries them.
CREATE TABLE parked_events (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    position     bigint      NOT NULL,
    event_type   text        NOT NULL,
    attempts     integer     NOT NULL,
    last_error   text        NOT NULL,
    parked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT parked_events_event_key UNIQUE (tenant_id, consumer, event_id)
);
CREATE INDEX parked_events_consumer_idx ON parked_events (consumer);
ALTER TABLE parked_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON parked_events USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The shard of a tenant's events among p_shards: the unsigned XOR of the uuid's four 32-bit words (Java's
-- UUID.hashCode taken unsigned) modulo the shard count, so the server computes the same shard without asking.
-- One expression, so the planner inlines it rather than running a query per row.
CREATE FUNCTION event_shard(p_tenant uuid, p_shards integer)
    RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT ((('x' || substr(replace(p_tenant::text, '-', ''), 1, 8))::bit(32)::bigint
           # ('x' || substr(replace(p_tenant::text, '-', ''), 9, 8))::bit(32)::bigint
           # ('x' || substr(replace(p_tenant::text, '-', ''), 17, 8))::bit(32)::bigint
           # ('x' || substr(replace(p_tenant::text, '-', ''), 25, 8))::bit(32)::bigint) % p_shards)::integer
$$;

-- Hands out positions to at most p_limit committed events in insertion order, and returns them (in no
-- particular order). Returns nothing when another relay holds the lock. One statement, run once the lock is held
-- (so its snapshot sees the previous relay's commit): the oldest committed unpositioned rows get head+1... in seq
-- order, each found by its primary key, and the head moves to the highest position handed out.
CREATE FUNCTION event_log_assign(p_limit integer)
    RETURNS TABLE (seq bigint, "position" bigint, tenant_id uuid, id uuid, type text, actor_type text, actor_id uuid,
                   correlation_id text, payload jsonb, occurred_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF NOT pg_try_advisory_xact_lock(6009440328877637186) THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH state AS (
        SELECT s.head, coalesce(s.shards, 1) AS shards FROM event_log_state s
    ), next AS MATERIALIZED (
        SELECT p.tenant_id, p.seq, st.head + row_number() OVER (ORDER BY p.seq) AS pos, st.shards
        FROM (SELECT u.tenant_id, u.seq FROM outbox u WHERE u.position IS NULL ORDER BY u.seq LIMIT p_limit) p
        CROSS JOIN state st
    ), moved AS (
        UPDATE outbox o SET position = n.pos, shard = event_shard(o.tenant_id, n.shards), published_at = now()
        FROM next n
        WHERE o.tenant_id = n.tenant_id AND o.seq = n.seq
        RETURNING o.seq, o.position, o.tenant_id, o.id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload,
                  o.occurred_at
    ), bumped AS (
        UPDATE event_log_state s SET head = (SELECT max(n.pos) FROM next n)
        WHERE EXISTS (SELECT 1 FROM next)
    )
    SELECT m.seq, m.position, m.tenant_id, m.id, m.type, m.actor_type, m.actor_id, m.correlation_id, m.payload,
           m.occurred_at
    FROM moved m;
END $$;

-- The newest position whose event (and every one below it) is visible.
CREATE FUNCTION event_log_head()
    RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT s.head FROM event_log_state s $$;

-- One shard's events after p_after up to p_upto, of the given types (all when null), in log order: a range of
-- the shard's index. PL/pgSQL keeps the plan between calls.
CREATE FUNCTION event_log_read(p_shard integer, p_shards integer, p_after bigint, p_upto bigint, p_types text[],
                               p_limit integer)
    RETURNS TABLE (seq bigint, "position" bigint, tenant_id uuid, id uuid, type text, actor_type text, actor_id uuid,
                   correlation_id text, payload jsonb, occurred_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT o.seq, o.position, o.tenant_id, o.id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload, o.occurred_at
    FROM outbox o
    WHERE o.shard = p_shard AND o.position > p_after AND o.position <= p_upto
      AND (p_types IS NULL OR o.type = ANY (p_types))
    ORDER BY o.shard, o.position
    LIMIT p_limit;
END $$;

-- One event of a tenant's log, for retrying it once it was parked.
CREATE FUNCTION event_log_find(p_tenant uuid, p_id uuid)
    RETURNS TABLE (seq bigint, "position" bigint, tenant_id uuid, id uuid, type text, actor_type text, actor_id uuid,
                   correlation_id text, payload jsonb, occurred_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT o.seq, o.position, o.tenant_id, o.id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload, o.occurred_at
    FROM outbox o WHERE o.tenant_id = p_tenant AND o.id = p_id
$$;

-- Parked events of every tenant, by consumer: for metrics and readiness details.
CREATE FUNCTION parked_event_counts()
    RETURNS TABLE (consumer text, parked bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT p.consumer, count(*) FROM parked_events p GROUP BY p.consumer $$;

-- Parks an event: the consumer moves past it in the same transaction.
CREATE FUNCTION park_event(p_tenant uuid, p_id uuid, p_consumer text, p_event uuid, p_position bigint, p_type text,
                           p_attempts integer, p_error text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    INSERT INTO parked_events (tenant_id, id, consumer, event_id, position, event_type, attempts, last_error)
    VALUES (p_tenant, p_id, p_consumer, p_event, p_position, p_type, p_attempts, p_error)
    ON CONFLICT (tenant_id, consumer, event_id) DO UPDATE SET attempts = parked_events.attempts + excluded.attempts,
        last_error = excluded.last_error, parked_at = now()
$$;

-- Renews p_node's leases and balances shards among live nodes: each takes free or expired shards up to its
-- fair share and gives back what it holds beyond it. Returns the shards p_node holds.
CREATE FUNCTION event_leases_renew(p_node text, p_shards integer, p_ttl interval)
    RETURNS SETOF integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_live integer;
    v_fair integer;
    v_held integer;
BEGIN
    INSERT INTO event_nodes (node, seen_at) VALUES (p_node, now())
    ON CONFLICT (node) DO UPDATE SET seen_at = now();
    DELETE FROM event_nodes WHERE seen_at < now() - p_ttl * 10;
    INSERT INTO event_shard_leases (shard) SELECT g FROM generate_series(0, p_shards - 1) g ON CONFLICT DO NOTHING;
    SELECT count(*) INTO v_live FROM event_nodes WHERE seen_at > now() - p_ttl;
    v_fair := ceil(p_shards::numeric / greatest(v_live, 1));

    UPDATE event_shard_leases SET expires_at = now() + p_ttl WHERE owner = p_node;
    SELECT count(*) INTO v_held FROM event_shard_leases WHERE owner = p_node;
    IF v_held > v_fair THEN
        UPDATE event_shard_leases SET owner = NULL, expires_at = now()
        WHERE shard IN (SELECT l.shard FROM event_shard_leases l WHERE l.owner = p_node
                        ORDER BY l.shard DESC LIMIT v_held - v_fair);
    ELSIF v_held < v_fair THEN
        UPDATE event_shard_leases SET owner = p_node, expires_at = now() + p_ttl
        WHERE shard IN (SELECT l.shard FROM event_shard_leases l
                        WHERE l.shard < p_shards AND (l.owner IS NULL OR l.expires_at < now())
                        ORDER BY l.shard LIMIT v_fair - v_held FOR UPDATE SKIP LOCKED);
    END IF;
    RETURN QUERY SELECT l.shard FROM event_shard_leases l WHERE l.owner = p_node AND l.shard < p_shards ORDER BY l.shard;
END $$;

-- Gives back p_node's leases at once (a clean stop).
CREATE FUNCTION event_leases_release(p_node text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE event_shard_leases SET owner = NULL, expires_at = now() WHERE owner = p_node;
    DELETE FROM event_nodes WHERE node = p_node;
$$;

-- The shard count is fixed the first time a server starts on this database: checkpoints are kept per shard. That
-- first time, events positioned before the log existed get their shard.
CREATE FUNCTION event_log_shards(p_wanted integer)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_shards integer;
BEGIN
    SELECT s.shards INTO v_shards FROM event_log_state s FOR UPDATE;
    IF v_shards IS NULL THEN
        v_shards := p_wanted;
        UPDATE event_log_state SET shards = v_shards;
        UPDATE outbox SET shard = event_shard(tenant_id, v_shards) WHERE position IS NOT NULL AND shard IS NULL;
    END IF;
    RETURN v_shards;
END $$;

-- Checkpoints: where a consumer stands in a shard (the baseline the first time), and moving it.
CREATE FUNCTION event_checkpoint_lock(p_consumer text, p_shard integer)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_position bigint;
BEGIN
    SELECT c.position INTO v_position FROM event_checkpoints c
    WHERE c.consumer = p_consumer AND c.shard = p_shard FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO event_checkpoints (consumer, shard, position)
        SELECT p_consumer, p_shard, s.baseline FROM event_log_state s
        ON CONFLICT DO NOTHING;
        SELECT c.position INTO v_position FROM event_checkpoints c
        WHERE c.consumer = p_consumer AND c.shard = p_shard FOR UPDATE;
    END IF;
    RETURN v_position;
END $$;

CREATE FUNCTION event_checkpoint_move(p_consumer text, p_shard integer, p_position bigint)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE event_checkpoints SET position = greatest(position, p_position), updated_at = now()
    WHERE consumer = p_consumer AND shard = p_shard
$$;

-- Tenants with enabled outbound webhook endpoints: the fan-out consumer skips every other tenant's events.
CREATE FUNCTION webhook_endpoint_tenants()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT DISTINCT e.tenant_id FROM webhook_endpoints e WHERE e.enabled $$;

-- Retention: deletes at most p_limit events that every consumer has passed in every shard and that are older
-- than p_keep, except those an admin may still retry (parked); and idempotency keys past their 24 hours.
-- Returns how many events it deleted. One pruner at a time.
CREATE FUNCTION event_log_prune(p_keep interval, p_limit integer)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_passed bigint;
    v_deleted integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(6009440328877637187) THEN
        RETURN 0;
    END IF;
    SELECT least(min(c.position),
                 CASE WHEN count(*) < count(DISTINCT c.consumer) * max(s.shards) THEN max(s.baseline) END)
    INTO v_passed
    FROM event_checkpoints c CROSS JOIN event_log_state s;
    IF v_passed IS NULL THEN
        RETURN 0;
    END IF;
    WITH doomed AS (
        SELECT o.tenant_id, o.seq FROM outbox o
        WHERE o.position <= v_passed AND o.occurred_at < now() - p_keep
          AND NOT EXISTS (SELECT 1 FROM parked_events p WHERE p.tenant_id = o.tenant_id AND p.event_id = o.id)
        LIMIT p_limit
    )
    DELETE FROM outbox o USING doomed d WHERE o.tenant_id = d.tenant_id AND o.seq = d.seq;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    DELETE FROM idempotency_keys k
    WHERE k.ctid IN (SELECT i.ctid FROM idempotency_keys i WHERE i.created_at < now() - interval '24 hours' LIMIT p_limit);
    RETURN v_deleted;
END $$;

-- Webhook intake: stores a batch of verified deliveries of known tenants in one statement; each new one (per
-- provider, tenant and event id) is appended to the event log in the same statement, for the inbox consumer to
-- process. Returns the ids stored (duplicates are left out).
CREATE FUNCTION webhook_inbox_receive(p_tenants uuid[], p_ids uuid[], p_providers text[], p_hooks uuid[],
                                      p_event_ids text[], p_bodies bytea[], p_headers jsonb[], p_received timestamptz[])
    RETURNS SETOF uuid
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH stored AS (
        INSERT INTO webhook_inbox (tenant_id, id, provider, hook_id, event_id, body, headers, received_at)
        SELECT * FROM unnest(p_tenants, p_ids, p_providers, p_hooks, p_event_ids, p_bodies, p_headers, p_received)
        ON CONFLICT DO NOTHING
        RETURNING tenant_id, id, provider, received_at
    ), logged AS (
        INSERT INTO outbox (tenant_id, id, type, actor_type, payload, occurred_at)
        SELECT s.tenant_id, s.id, 'internal.webhook_inbox.received', 'system',
               jsonb_build_object('inboxId', s.id, 'provider', s.provider), s.received_at
        FROM stored s
    )
    SELECT s.id FROM stored s
$$;

-- A tenant hook by organization slug and hook id, in one round trip: the receiver's only read.
CREATE FUNCTION inbound_hook_lookup(p_slug text, p_hook uuid)
    RETURNS TABLE (tenant_id uuid, secret text, enabled boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT h.tenant_id, h.secret, h.enabled FROM inbound_webhooks h
    JOIN organizations o ON o.id = h.tenant_id AND o.active
    WHERE o.slug = p_slug AND h.id = p_hook
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON parked_events TO ${appRole};
-- The shard count, for a tenant's reads within its shard; the table holds nothing else of interest.
GRANT SELECT ON event_log_state TO ${appRole};
REVOKE ALL ON FUNCTION event_log_assign(integer), event_log_head(), event_log_read(integer, integer, bigint, bigint, text[], integer),
    event_log_find(uuid, uuid), parked_event_counts(), park_event(uuid, uuid, text, uuid, bigint, text, integer, text),
    event_leases_renew(text, integer, interval), event_leases_release(text), event_log_shards(integer),
    event_checkpoint_lock(text, integer), event_checkpoint_move(text, integer, bigint),
    webhook_endpoint_tenants(), event_log_prune(interval, integer),
    webhook_inbox_receive(uuid[], uuid[], text[], uuid[], text[], bytea[], jsonb[], timestamptz[]), inbound_hook_lookup(text, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_shard(uuid, integer), event_log_assign(integer), event_log_head(),
    event_log_read(integer, integer, bigint, bigint, text[], integer), event_log_find(uuid, uuid), parked_event_counts(),
    park_event(uuid, uuid, text, uuid, bigint, text, integer, text), event_leases_renew(text, integer, interval),
    event_leases_release(text), event_log_shards(integer), event_checkpoint_lock(text, integer),
    event_checkpoint_move(text, integer, bigint), webhook_endpoint_tenants(),
    event_log_prune(interval, integer),
    webhook_inbox_receive(uuid[], uuid[], text[], uuid[], text[], bytea[], jsonb[], timestamptz[]), inbound_hook_lookup(text, uuid)
    TO ${appRole};

-- Consumers no longer mark each event they handled: their checkpoints say how far they got.
DROP TABLE processed_events;
