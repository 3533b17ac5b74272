package dev.switchboard.platform.outbox;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.OutboxConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.EventLog;
import dev.switchboard.platform.events.EventTail;
import dev.switchboard.platform.metrics.MetricNames;
import dev.switchboard.platform.worker.PollingWorker;
import dev.switchboard.platform.worker.WorkerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Gives committed outbox events their log positions, in commit order, and then publishes them to
 * {@link TenantBus#DOMAIN_EVENTS} for this node's realtime fan-out and the other nodes. One statement per batch:
 * it takes the relay lock (one relay at a time across nodes), positions what is committed and returns it; only
 * after it committed are the events published, so a published position is never handed out again. Work
 * consumers do not depend on this publication: they read the log from their checkpoints (the events just
 * positioned also go to the node's {@link EventTail}, from which they read them without the database).
 * <p>A commit wakes the relay at once when it is idle. Under a steady stream of commits it lingers a few milliseconds
 * between batches, so each statement positions the commits of that while instead of three or four: the statement's
 * own cost is most of the relay's, and the realtime fan-out waits those milliseconds at most.
 */
public final class OutboxRelay extends PollingWorker {

    /** Local address that wakes the relay after a commit that wrote events. */
    public static final String WAKE_ADDRESS = "switchboard.outbox.wake";
    private static final Duration LINGER = Duration.ofMillis(10);

    private final Db db;
    private final TenantBus bus;
    private final WorkerMetrics metrics;
    private final EventTail tail;

    public OutboxRelay(Db db, TenantBus bus, OutboxConfig config, WorkerMetrics metrics, EventTail tail) {
        super("outbox relay", config.pollInterval(), WAKE_ADDRESS, config.batchSize(), LINGER);
        this.db = db;
        this.bus = bus;
        this.metrics = metrics;
        this.tail = tail;
    }

    @Override
    protected Future<Integer> runBatch(int limit) {
        return EventLog.assign(db.pool(), limit).map(this::publish);
    }

    private int publish(List<EventEnvelope> events) {
        if (events.isEmpty()) {
            metrics.oldestWaiting(null);
            return 0;
        }
        metrics.oldestWaiting(events.get(0).occurredAt());
        tail.append(events);
        for (EventEnvelope event : events) {
            bus.publish(TenantBus.DOMAIN_EVENTS, event);
        }
        metrics.processed(events.size());
        return events.size();
    }

    /** The relay's meters; create once per registry. */
    public static WorkerMetrics metrics(MeterRegistry registry) {
        return new WorkerMetrics(registry, MetricNames.OUTBOX_PUBLISHED, "events given their position in the event log by the relay",
                MetricNames.OUTBOX_LAG,
                "age of the oldest event not yet positioned when the relay last looked");
    }
}
