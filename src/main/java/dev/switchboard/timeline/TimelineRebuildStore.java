package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.events.EventLog;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** SQL of timeline rebuilds: their status rows, the tenant's exclusive projection lock, and reading the event log. */
final class TimelineRebuildStore {

    static final String INSERT = """
            INSERT INTO timeline_rebuilds (tenant_id, id, status, requested_by, job_id) VALUES ($1, $2, 'queued', $3, $4)
            RETURNING""" + " " + TimelineRebuild.COLUMNS;

    static final String FIND = "SELECT " + TimelineRebuild.COLUMNS + " FROM timeline_rebuilds WHERE tenant_id = $1 AND id = $2";

    static final String MARK_RUNNING = """
            UPDATE timeline_rebuilds SET status = 'running', started_at = now(), error = NULL
            WHERE tenant_id = $1 AND id = $2""";

    static final String MARK_COMPLETED = """
            UPDATE timeline_rebuilds SET status = 'completed', events_replayed = $3, entries = $4, finished_at = now(), error = NULL
            WHERE tenant_id = $1 AND id = $2
            RETURNING""" + " " + TimelineRebuild.COLUMNS;

    static final String MARK_FAILED = """
            UPDATE timeline_rebuilds SET status = 'failed', error = $3, finished_at = now()
            WHERE tenant_id = $1 AND id = $2""";

    /** Exclusive per-tenant projection lock: live projection of this tenant waits until the rebuild commits. */
    static final String LOCK_EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtextextended('timeline:' || $1::text, 0))";

    /**
     * The entries the rebuild replaces: those whose event is still in the log. Entries of events the log's
     * retention pruned stay as they are, and so do the records' parents (the replay updates them).
     */
    static final String CLEAR_ENTRIES = """
            DELETE FROM timeline_entries e
            WHERE e.tenant_id = $1 AND EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = $1 AND o.id = e.entry_id)""";

    static final String COUNT_ENTRIES = "SELECT count(*) FROM timeline_entries WHERE tenant_id = $1";

    /**
     * The tenant's events of the given types after log position $2, in log order: $4 at most. Events not yet
     * positioned are left to live projection, which applies them once this rebuild committed.
     */
    static final String EVENTS = """
            SELECT position, id, tenant_id, type, actor_type, actor_id, correlation_id, payload, occurred_at FROM outbox
            WHERE shard = event_shard($1, (SELECT s.shards FROM event_log_state s)) AND position > $2 AND tenant_id = $1
              AND type = ANY($3)
            ORDER BY shard, position
            LIMIT $4""";

    private TimelineRebuildStore() {
    }

    static Future<TimelineRebuild> insert(SqlConnection conn, UUID tenantId, UUID id, UUID requestedBy, UUID jobId) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, requestedBy, jobId)).map(rows -> one(rows, TimelineRebuild.FROM_ROW));
    }

    static Future<TimelineRebuild> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> one(rows, TimelineRebuild.FROM_ROW));
    }

    static Future<Void> markRunning(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(MARK_RUNNING).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    static Future<TimelineRebuild> markCompleted(SqlConnection conn, UUID tenantId, UUID id, int events, int entries) {
        return conn.preparedQuery(MARK_COMPLETED).execute(Tuple.of(tenantId, id, events, entries))
                .map(rows -> one(rows, TimelineRebuild.FROM_ROW));
    }

    static Future<Void> markFailed(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return conn.preparedQuery(MARK_FAILED).execute(Tuple.of(tenantId, id, error)).mapEmpty();
    }

    /** Takes the tenant's projection lock and removes what the replay will write again, inside the rebuild's transaction. */
    static Future<Void> lockAndClear(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(LOCK_EXCLUSIVE).execute(Tuple.of(tenantId.toString()))
                .compose(v -> conn.preparedQuery(CLEAR_ENTRIES).execute(Tuple.of(tenantId)))
                .mapEmpty();
    }

    static Future<Integer> countEntries(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(COUNT_ENTRIES).execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Up to {@code limit} events after log position {@code afterSeq}; each envelope carries its position as {@code seq}. */
    static Future<List<EventEnvelope>> events(SqlConnection conn, UUID tenantId, long afterSeq, String[] types, int limit) {
        return conn.preparedQuery(EVENTS).execute(Tuple.of(tenantId, afterSeq, types, limit)).map(rows -> {
            List<EventEnvelope> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(EventLog.ROW_TO_EVENT.apply(r)));
            return out;
        });
    }

    private static <T> T one(io.vertx.sqlclient.RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
    }
}
