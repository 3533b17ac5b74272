package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.outbox.OutboxRelay;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the durable event log (the {@code outbox} table) for resumes: what a client missed, and where it ends. */
final class ReplayStore {

    /**
     * How far below the client's last seq to look for late commits: events inserted before it but
     * published after it (their transaction committed later). The outbox seq is shared by all tenants.
     */
    static final long LATE_COMMIT_WINDOW = 10_000;

    static final String MISSED = """
            SELECT o.seq, o.id, o.tenant_id, o.type, o.actor_type, o.actor_id, o.correlation_id, o.payload, o.occurred_at
            FROM outbox o
            WHERE o.tenant_id = $1
              AND (o.seq > $2
                   OR (o.seq < $2 AND o.seq > $2 - $4 AND o.published_at >
                       (SELECT h.published_at FROM outbox h WHERE h.tenant_id = $1 AND h.seq = $2)))
            ORDER BY o.seq
            LIMIT $3""";
    static final String NEWEST = "SELECT coalesce(max(o.seq), 0) AS seq FROM outbox o WHERE o.tenant_id = $1";

    private ReplayStore() {
    }

    /** The tenant's events after {@code lastSeq} (and late commits just below it) in seq order, at most {@code limit}. */
    static Future<List<EventEnvelope>> missed(SqlConnection conn, UUID tenantId, long lastSeq, int limit) {
        return conn.preparedQuery(MISSED).execute(Tuple.of(tenantId, lastSeq, limit, LATE_COMMIT_WINDOW)).map(rows -> {
            List<EventEnvelope> events = new ArrayList<>(rows.size());
            rows.forEach(row -> events.add(OutboxRelay.ROW_TO_EVENT.apply(row)));
            return events;
        });
    }

    /** The tenant's newest seq, or 0 before its first event. */
    static Future<Long> newest(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(NEWEST).execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong("seq"));
    }
}
