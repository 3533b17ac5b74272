package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.events.EventLog;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the durable event log (positioned {@code outbox} rows) for resumes: what a client missed, and where it ends. */
final class ReplayStore {

    static final String MISSED = """
            SELECT o.position, o.id, o.tenant_id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload, o.occurred_at
            FROM outbox o
            WHERE o.shard = event_shard($1, (SELECT s.shards FROM event_log_state s)) AND o.position > $2 AND o.tenant_id = $1
            ORDER BY o.shard, o.position
            LIMIT $3""";
    static final String NEWEST = """
            SELECT coalesce(max(o.position), 0) AS seq FROM outbox o
            WHERE o.shard = event_shard($1, (SELECT s.shards FROM event_log_state s)) AND o.position IS NOT NULL AND o.tenant_id = $1""";

    private ReplayStore() {
    }

    /**
     * The tenant's events after log position {@code lastSeq}, in log order, at most {@code limit}. Positions follow
     * commit order, so nothing committed later can appear below {@code lastSeq}.
     */
    static Future<List<EventEnvelope>> missed(SqlConnection conn, UUID tenantId, long lastSeq, int limit) {
        return conn.preparedQuery(MISSED).execute(Tuple.of(tenantId, lastSeq, limit)).map(rows -> {
            List<EventEnvelope> events = new ArrayList<>(rows.size());
            rows.forEach(row -> events.add(EventLog.ROW_TO_EVENT.apply(row)));
            return events;
        });
    }

    /** The tenant's newest log position, or 0 before its first event. */
    static Future<Long> newest(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(NEWEST).execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong("seq"));
    }
}
