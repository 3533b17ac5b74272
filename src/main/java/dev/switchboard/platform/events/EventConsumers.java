package dev.switchboard.platform.events;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.OutboxConfig;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's share of the log's work consumers. The log is split into shards by tenant; the node leases
 * shards from the database (a fair share among live nodes, renewed while it lives) and runs every consumer on
 * each shard it holds, so per-tenant order is kept and a dead node's shards move to a live one once its leases
 * expire. Workers wake on every committed event of a type they act on that this node hears of, and on a timer
 * for the rest.
 */
public final class EventConsumers extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);
    private static final String RENEW = "SELECT * FROM event_leases_renew($1, $2, make_interval(secs => $3))";
    private static final String RELEASE = "SELECT event_leases_release($1)";
    private static final String PARKED = "SELECT * FROM parked_event_counts()";
    /** How long a woken consumer lets further events gather: far below the lag anyone notices, and a burst is one batch. */
    private static final java.time.Duration LINGER = java.time.Duration.ofMillis(40);

    private final Db db;
    private final TenantBus bus;
    private final List<LogConsumer> consumers;
    private final OutboxConfig config;
    private final String node;
    private final ConsumerMetrics metrics;
    private final EventTail tail;
    private final Map<Integer, List<ShardWorker>> workers = new HashMap<>();

    private ShardWorker.Settings settings;
    private Permits permits;
    private MessageConsumer<Object> events;
    private long pollTimer = -1;
    private long leaseTimer = -1;
    private long parkedTimer = -1;

    public EventConsumers(Db db, TenantBus bus, List<LogConsumer> consumers, OutboxConfig config, String node,
                          ConsumerMetrics metrics, EventTail tail) {
        this.db = db;
        this.bus = bus;
        this.consumers = List.copyOf(consumers);
        this.config = config;
        this.node = node;
        this.metrics = metrics;
        this.tail = tail;
        consumers.forEach(c -> metrics.of(c.name()));
    }

    @Override
    public Future<?> start() {
        permits = new Permits(config.concurrency());
        return EventLog.shards(db.pool(), config.shards()).compose(shards -> {
            if (shards != config.shards()) {
                log.warn("the event log keeps the shard count it was created with [configured: {}, used: {}]", config.shards(), shards);
            }
            settings = new ShardWorker.Settings(shards, config.batchSize(), config.maxAttempts(), config.retryBackoff(), LINGER, tail);
            events = bus.consumer(TenantBus.NODE_EVENTS, this::heard);
            return events.completion();
        }).compose(v -> renew()).onSuccess(v -> {
            long renewEvery = Math.max(100, config.leaseTtl().toMillis() / 3);
            leaseTimer = vertx.setPeriodic(renewEvery, id -> renew());
            pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
            parkedTimer = vertx.setPeriodic(5_000, id -> countParked());
            countParked();
        });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(leaseTimer);
        vertx.cancelTimer(parkedTimer);
        List<Future<Void>> stopping = new ArrayList<>();
        workers.values().forEach(list -> list.forEach(w -> stopping.add(w.stop())));
        workers.clear();
        Future<Void> unregistered = events == null ? Future.succeededFuture() : events.unregister();
        return Future.join(stopping).compose(v -> unregistered)
                .compose(v -> db.pool().preparedQuery(RELEASE).execute(Tuple.of(node)))
                .onFailure(err -> log.warn("shard leases not released; they expire by themselves [node: {}]", node, err))
                .otherwiseEmpty();
    }

    /** A committed event this node heard of (its own relay's, or another node's through the cluster link). */
    private void heard(EventEnvelope event) {
        metrics.head(event.seq());
        List<ShardWorker> shard = workers.get(Shards.of(event.tenantId(), settings.shards()));
        if (shard != null) {
            for (ShardWorker worker : shard) {
                if (worker.actsOn(event.type())) {
                    worker.wake(event.seq()); // the others pass it on their next wake or poll
                }
            }
        }
    }

    /** Catches what no event announced: other nodes' events without a cluster link, and retries after restarts. */
    private void poll() {
        if (workers.isEmpty()) {
            return;
        }
        EventLog.head(db.pool()).onSuccess(head -> {
            metrics.head(head);
            workers.values().forEach(list -> list.forEach(w -> w.wake(head)));
        });
    }

    private Future<Void> renew() {
        Tuple args = Tuple.of(node, settings.shards(), config.leaseTtl().toMillis() / 1000.0);
        return db.pool().preparedQuery(RENEW).execute(args).map(rows -> {
            Set<Integer> held = new TreeSet<>();
            for (Row row : rows) {
                held.add(row.getInteger(0));
            }
            return held;
        }).onSuccess(this::hold).onFailure(err -> log.warn("shard leases not renewed [node: {}]: {}", node, err.toString()))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** Starts workers for newly leased shards and stops those of shards given up. */
    private void hold(Set<Integer> held) {
        List<Integer> lost = workers.keySet().stream().filter(s -> !held.contains(s)).toList();
        for (Integer shard : lost) {
            workers.remove(shard).forEach(ShardWorker::stop);
        }
        List<Integer> gained = new ArrayList<>();
        for (Integer shard : held) {
            if (!workers.containsKey(shard)) {
                List<ShardWorker> list = new ArrayList<>(consumers.size());
                for (LogConsumer consumer : consumers) {
                    list.add(new ShardWorker(vertx, db, consumer, shard, settings, permits, metrics.of(consumer.name())));
                }
                workers.put(shard, list);
                gained.add(shard);
                list.forEach(w -> w.wake(Long.MAX_VALUE));
            }
        }
        if (!lost.isEmpty() || !gained.isEmpty()) {
            log.info("event log shards changed [node: {}, held: {}, gained: {}, released: {}]", node, held, gained, lost);
        }
    }

    private void countParked() {
        db.pool().preparedQuery(PARKED).execute().onSuccess(rows -> {
            Map<String, Long> counts = new HashMap<>();
            rows.forEach(row -> counts.put(row.getString("consumer"), row.getLong("parked")));
            metrics.parked(counts);
        });
    }

    /**
     * Whether every consumer on this node's shards has passed the whole log as it stands now. (Only this node's
     * shards: with several nodes, ask each.)
     */
    public Future<Boolean> caughtUp() {
        return EventLog.head(db.pool()).compose(head -> {
            io.vertx.core.Promise<Boolean> answer = io.vertx.core.Promise.promise();
            context.runOnContext(v -> answer.complete(workers.values().stream().allMatch(list -> list.stream().allMatch(w -> w.passed(head)))));
            return answer.future();
        });
    }

}
