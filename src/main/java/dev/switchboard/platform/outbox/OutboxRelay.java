package dev.switchboard.platform.outbox;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.OutboxConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox events to {@link TenantBus#DOMAIN_EVENTS} in log order, then stamps them
 * published in the same transaction. At-least-once: a crash between publishing and commit publishes
 * again, so consumers deduplicate by event id. A transaction-scoped advisory lock keeps relays of
 * several nodes from interleaving.
 */
public final class OutboxRelay extends VerticleBase {

    /** Local address that wakes the relay after a commit that wrote events. */
    public static final String WAKE_ADDRESS = "switchboard.outbox.wake";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_KEY = 0x5357_4254_4f42L;
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1)";
    private static final String PENDING = "SELECT * FROM outbox_pending($1)";
    private static final String MARK = "SELECT outbox_mark_published($1)";

    static final Function<Row, EventEnvelope> ROW_TO_EVENT = row -> new EventEnvelope(
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
    private final OutboxConfig config;
    private final Counter published;
    private final AtomicLong lagMillis = new AtomicLong();

    private long timerId = -1;
    private MessageConsumer<Object> wakeConsumer;
    private boolean draining;
    private boolean wokenWhileDraining;
    private Promise<Void> idle;

    public OutboxRelay(Db db, TenantBus bus, OutboxConfig config, MeterRegistry registry) {
        this.db = db;
        this.bus = bus;
        this.config = config;
        this.published = Counter.builder(MetricNames.OUTBOX_PUBLISHED).register(registry);
        Gauge.builder(MetricNames.OUTBOX_LAG, lagMillis, v -> v.get() / 1000.0)
                .description("age of the oldest event not yet published when the relay last looked")
                .register(registry);
    }

    @Override
    public Future<?> start() {
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> drain());
        wakeConsumer = vertx.eventBus().localConsumer(WAKE_ADDRESS, message -> drain());
        drain();
        return wakeConsumer.completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timerId);
        Future<Void> unregistered = wakeConsumer.unregister();
        if (!draining) {
            return unregistered;
        }
        idle = Promise.promise();
        return Future.all(unregistered, idle.future());
    }

    private void drain() {
        if (draining) {
            wokenWhileDraining = true;
            return;
        }
        draining = true;
        wokenWhileDraining = false;
        db.withoutTenant(this::publishBatch).onComplete(ar -> {
            draining = false;
            if (ar.failed()) {
                log.warn("outbox relay batch failed; will retry", ar.cause());
            }
            if (idle != null) {
                idle.tryComplete();
                return;
            }
            if (ar.succeeded() && (ar.result() == config.batchSize() || wokenWhileDraining)) {
                drain();
            }
        });
    }

    private Future<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).compose(lock -> {
            if (!lock.iterator().next().getBoolean(0)) {
                return Future.succeededFuture(0);
            }
            return conn.preparedQuery(PENDING).execute(Tuple.of(config.batchSize())).compose(rows -> {
                if (rows.size() == 0) {
                    lagMillis.set(0);
                    return Future.succeededFuture(0);
                }
                List<Long> seqs = new ArrayList<>(rows.size());
                boolean first = true;
                for (Row row : rows) {
                    EventEnvelope event = ROW_TO_EVENT.apply(row);
                    if (first) {
                        lagMillis.set(Duration.between(event.occurredAt(), Instant.now()).toMillis());
                        first = false;
                    }
                    bus.publish(TenantBus.DOMAIN_EVENTS, event);
                    seqs.add(event.seq());
                }
                published.increment(seqs.size());
                return conn.preparedQuery(MARK).execute(Tuple.of(seqs.toArray(new Long[0]))).map(rows.size());
            });
        });
    }
}
