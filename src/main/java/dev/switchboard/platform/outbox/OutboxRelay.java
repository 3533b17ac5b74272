package dev.switchboard.platform.outbox;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.OutboxConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.worker.PollingWorker;
import dev.switchboard.platform.worker.WorkerMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Publishes committed outbox events to {@link TenantBus#DOMAIN_EVENTS} in log order, then stamps them
 * published in the same transaction. At-least-once: a crash between publishing and commit publishes
 * again, so consumers deduplicate by event id. A transaction-scoped advisory lock keeps relays of
 * several nodes from interleaving. The order is the order rows were inserted ({@code seq}); of two
 * concurrent transactions the later-inserted one may commit, and be published, first.
 */
public final class OutboxRelay extends PollingWorker {

    /** Local address that wakes the relay after a commit that wrote events. */
    public static final String WAKE_ADDRESS = "switchboard.outbox.wake";

    private static final long LOCK_KEY = 0x5357_4254_4f42L;
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1)";
    private static final String PENDING = "SELECT * FROM outbox_pending($1)";
    private static final String MARK = "SELECT outbox_mark_published($1)";

    /**
     * An outbox row as its envelope; the row needs {@code seq, id, tenant_id, actor_type, actor_id, correlation_id,
     * type, payload, occurred_at}. For every reader of the durable event log (relay, resume, rebuild).
     */
    public static final Function<Row, EventEnvelope> ROW_TO_EVENT = row -> new EventEnvelope(
            row.getUUID("id"),
            row.getLong("seq"),
            row.getUUID("tenant_id"),
            new Actor(Actor.Type.fromWire(row.getString("actor_type")), row.getUUID("actor_id")),
            row.getString("correlation_id"),
            row.getString("type"),
            (JsonObject) row.getValue("payload"),
            row.getOffsetDateTime("occurred_at").toInstant());

    private final Db db;
    private final TenantBus bus;
    private final WorkerMetrics metrics;

    public OutboxRelay(Db db, TenantBus bus, OutboxConfig config, WorkerMetrics metrics) {
        super("outbox relay", config.pollInterval(), WAKE_ADDRESS, config.batchSize());
        this.db = db;
        this.bus = bus;
        this.metrics = metrics;
    }

    @Override
    protected Future<Integer> runBatch(int limit) {
        return db.withoutTenant(conn -> publishBatch(conn, limit));
    }

    private Future<Integer> publishBatch(SqlConnection conn, int limit) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).compose(lock -> {
            if (!lock.iterator().next().getBoolean(0)) {
                return Future.succeededFuture(0);
            }
            return conn.preparedQuery(PENDING).execute(Tuple.of(limit)).compose(rows -> {
                List<Long> seqs = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    EventEnvelope event = ROW_TO_EVENT.apply(row);
                    if (seqs.isEmpty()) {
                        metrics.oldestWaiting(event.occurredAt());
                    }
                    bus.publish(TenantBus.DOMAIN_EVENTS, event);
                    seqs.add(event.seq());
                }
                if (seqs.isEmpty()) {
                    metrics.oldestWaiting(null);
                    return Future.succeededFuture(0);
                }
                metrics.processed(seqs.size());
                return conn.preparedQuery(MARK).execute(Tuple.of(seqs.toArray(new Long[0]))).map(rows.size());
            });
        });
    }

    /** The relay's meters; create once per registry. */
    public static WorkerMetrics metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        return new WorkerMetrics(registry, dev.switchboard.platform.metrics.MetricNames.OUTBOX_PUBLISHED,
                dev.switchboard.platform.metrics.MetricNames.OUTBOX_LAG,
                "age of the oldest event not yet published when the relay last looked");
    }
}
