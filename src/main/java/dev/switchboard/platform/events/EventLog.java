package dev.switchboard.platform.events;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The durable event log: the outbox with positions in commit order. Positions are handed out by one relay at a
 * time to committed events only, so whoever sees a position sees every position below it. Every statement here
 * goes through a narrow cross-tenant function of the schema.
 */
public final class EventLog {

    static final String ASSIGN = "SELECT * FROM event_log_assign($1)";
    static final String READ = """
            SELECT h.head, e.* FROM event_log_head() AS h(head)
            LEFT JOIN LATERAL event_log_read($1, $2, $3, h.head, $4, $5) AS e ON true""";
    static final String HEAD = "SELECT event_log_head() AS head";
    static final String SHARDS = "SELECT event_log_shards($1) AS shards";
    static final String LOCK_CHECKPOINT = "SELECT event_checkpoint_lock($1, $2) AS position";
    static final String MOVE_CHECKPOINT = "SELECT event_checkpoint_move($1, $2, $3)";
    static final String FIND = "SELECT * FROM event_log_find($1, $2)";
    static final String BIND_TENANT = "SELECT set_config('app.tenant_id', $1, true)";

    /**
     * A log row as its envelope, with its position as {@code seq}; the row needs {@code position, id, tenant_id,
     * actor_type, actor_id, correlation_id, type, payload, occurred_at}. For every reader of the log.
     */
    public static final Function<Row, EventEnvelope> ROW_TO_EVENT = row -> new EventEnvelope(
            row.getUUID("id"),
            row.getLong("position"),
            row.getUUID("tenant_id"),
            new Actor(Actor.Type.fromWire(row.getString("actor_type")), row.getUUID("actor_id")),
            row.getString("correlation_id"),
            row.getString("type"),
            (JsonObject) row.getValue("payload"),
            row.getOffsetDateTime("occurred_at").toInstant());

    private EventLog() {
    }

    /** Positions the next committed events (at most {@code limit}) and returns them in log order; none while another relay works. */
    public static Future<List<EventEnvelope>> assign(SqlClient client, int limit) {
        return client.preparedQuery(ASSIGN).execute(Tuple.of(limit)).map(rows -> {
            List<EventEnvelope> events = new ArrayList<>(rows.size());
            rows.forEach(row -> events.add(ROW_TO_EVENT.apply(row)));
            events.sort((a, b) -> Long.compare(a.seq(), b.seq()));
            return events;
        });
    }

    /** The newest position handed out. */
    public static Future<Long> head(SqlClient client) {
        return client.preparedQuery(HEAD).execute().map(rows -> rows.iterator().next().getLong("head"));
    }

    /** The shard count of this database: {@code wanted} the first time, whatever was stored then ever after. */
    static Future<Integer> shards(SqlClient client, int wanted) {
        return client.preparedQuery(SHARDS).execute(Tuple.of(wanted)).map(rows -> rows.iterator().next().getInteger("shards"));
    }

    /** One shard's events after {@code after}, of {@code types} (all when null), with the head they were read at. */
    static Future<Slice> read(SqlClient client, int shard, int shards, long after, String[] types, int limit) {
        return client.preparedQuery(READ).execute(Tuple.of(shard, shards, after, types, limit)).map(EventLog::slice);
    }

    private static Slice slice(RowSet<Row> rows) {
        long head = 0;
        List<EventEnvelope> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            head = row.getLong("head");
            if (row.getUUID("id") != null) {
                events.add(ROW_TO_EVENT.apply(row));
            }
        }
        return new Slice(head, events);
    }

    /** Locks a consumer's checkpoint in a shard until the transaction ends and returns it (the baseline the first time). */
    static Future<Long> lockCheckpoint(SqlClient conn, String consumer, int shard) {
        return conn.preparedQuery(LOCK_CHECKPOINT).execute(Tuple.of(consumer, shard))
                .map(rows -> rows.iterator().next().getLong("position"));
    }

    /** Moves a checkpoint forward (never back). */
    static Future<Void> moveCheckpoint(SqlClient conn, String consumer, int shard, long position) {
        return conn.preparedQuery(MOVE_CHECKPOINT).execute(Tuple.of(consumer, shard, position)).mapEmpty();
    }

    /** One tenant's event by id, or null. */
    public static Future<EventEnvelope> find(SqlClient client, UUID tenantId, UUID eventId) {
        return client.preparedQuery(FIND).execute(Tuple.of(tenantId, eventId))
                .map(rows -> rows.size() == 0 ? null : ROW_TO_EVENT.apply(rows.iterator().next()));
    }

    /** Binds {@code tenantId} for the rest of the transaction, so row-level security applies to its statements. */
    static Future<Void> bindTenant(SqlClient conn, UUID tenantId) {
        return conn.preparedQuery(BIND_TENANT).execute(Tuple.of(tenantId.toString())).mapEmpty();
    }

    /** Events of one shard read together, and the head of the log when they were read. */
    record Slice(long head, List<EventEnvelope> events) {
    }
}
