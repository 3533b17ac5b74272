package dev.switchboard.platform.events;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one consumer through one shard of the log: reads the events after its checkpoint (outside any
 * transaction, only the types it acts on, and from the node's in-memory tail of the log when it holds them), then
 * applies them and moves the checkpoint in one transaction.
 * A failing event is retried with backoff; the events before it commit first, so only the failing one waits.
 * After the configured attempts it is parked and the consumer moves past it; a failure no retry can fix
 * ({@link dev.switchboard.platform.error.Retryability#permanent}) parks it at the first. A database that cannot be reached
 * is waited out without counting attempts. Runs on its owner's context; never two batches at once.
 */
final class ShardWorker {

    private static final Logger log = LoggerFactory.getLogger(ShardWorker.class);
    private static final String PARK = "SELECT park_event($1, $2, $3, $4, $5, $6, $7, $8)";
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final long SKIPPED_STORE_EVENTS = 1_000;
    private static final int PREPARE_AT_ONCE = 16;
    private static final long SKIPPED_STORE_NANOS = Duration.ofSeconds(5).toNanos();

    private final Vertx vertx;
    private final Db db;
    private final LogConsumer consumer;
    private final int shard;
    private final Settings settings;
    private final Permits permits;
    private final ConsumerMetrics.PerConsumer metrics;
    private final Set<String> typeSet;
    private final String[] types;

    private volatile long known = -1;
    private long stored = -1;
    private long storedAtNanos;
    private boolean running;
    private boolean again;
    private boolean stopped;
    private long timer = -1;
    /** The store of skipped progress that waits for its interval, or -1. */
    private long skippedTimer = -1;
    private UUID failing;
    private int attempts;
    private int unreachable;
    private Promise<Void> idle;

    /**
     * What every worker of a node shares: the shard count, batch size, attempts and backoff, how long a woken
     * worker lets events gather before it reads them (a few milliseconds turn a burst into one transaction), and
     * the node's in-memory tail of the log, read before the database.
     */
    record Settings(int shards, int batchSize, int maxAttempts, Duration backoff, Duration linger, EventTail tail) {
    }

    ShardWorker(Vertx vertx, Db db, LogConsumer consumer, int shard, Settings settings, Permits permits,
                ConsumerMetrics.PerConsumer metrics) {
        this.vertx = vertx;
        this.db = db;
        this.consumer = consumer;
        this.shard = shard;
        this.settings = settings;
        this.permits = permits;
        this.metrics = metrics;
        this.typeSet = consumer.types();
        this.types = typeSet == null ? null : typeSet.toArray(new String[0]);
    }

    /** Looks for work when events up to {@code position} may be waiting; a no-op when it is already past them. */
    void wake(long position) {
        if (stopped || position <= known) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        if (timer != -1) {
            return; // a backoff or the linger is running; it looks again when it ends
        }
        if (settings.linger().isZero() || known < 0) {
            run();
            return;
        }
        timer = vertx.setTimer(settings.linger().toMillis(), id -> {
            timer = -1;
            if (!stopped && !running) {
                run();
            }
        });
    }

    /** Whether this worker's consumer acts on events of {@code type} at all. */
    boolean actsOn(String type) {
        return typeSet == null || typeSet.contains(type);
    }

    /** Whether this worker has passed every event up to {@code position} (skipping what it does not act on). */
    boolean passed(long position) {
        return known >= position;
    }

    /** Stops taking batches; completes once the running one ended. */
    Future<Void> stop() {
        stopped = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (skippedTimer != -1) {
            vertx.cancelTimer(skippedTimer);
            skippedTimer = -1;
        }
        metrics.released(shard);
        if (!running) {
            return Future.succeededFuture();
        }
        idle = Promise.promise();
        return idle.future();
    }

    /** Runs at once (more is known to wait, or a backoff ended), unless stopped or already running. */
    private void runNow() {
        if (!stopped && !running && timer == -1) {
            run();
        }
    }

    private void run() {
        running = true;
        again = false;
        permits.acquire().compose(v -> step().onComplete(ar -> permits.release())).onComplete(ar -> {
            running = false;
            if (idle != null) {
                idle.tryComplete();
                return;
            }
            if (stopped) {
                return;
            }
            Duration wait = ar.succeeded() ? ar.result() : waitAfter(ar.cause());
            if (wait == null) {
                vertx.runOnContext(v -> runNow());
            } else if (wait.isZero()) {
                if (again) {
                    vertx.runOnContext(v -> wake(Long.MAX_VALUE));
                }
            } else {
                timer = vertx.setTimer(wait.toMillis(), id -> {
                    timer = -1;
                    runNow();
                });
            }
        });
    }

    /** One batch; completes with null to go on at once, zero when caught up, or how long to wait before retrying. */
    private Future<Duration> step() {
        if (known < 0) {
            return open().compose(opened -> db.withoutTenant(conn -> EventLog.lockCheckpoint(conn, consumer.name(), shard))).map(position -> {
                known = position;
                stored(position);
                metrics.position(shard, position);
                return (Duration) null;
            });
        }
        EventLog.Slice held = settings.tail().read(shard, settings.shards(), known, this::actsOn, settings.batchSize());
        Future<EventLog.Slice> sliced = held != null ? Future.succeededFuture(held)
                : EventLog.read(db.pool(), shard, settings.shards(), known, types, settings.batchSize());
        return sliced.compose(slice -> {
            List<EventEnvelope> read = slice.events();
            boolean full = read.size() == settings.batchSize();
            long upto = full ? read.get(read.size() - 1).seq() : slice.head();
            List<EventEnvelope> events = read.stream().filter(consumer::wants).toList();
            if (events.isEmpty()) {
                known = Math.max(known, upto);
                storeSkipped();
                metrics.position(shard, known);
                metrics.caughtUp(shard);
                unreachable = 0;
                return Future.succeededFuture(full ? null : Duration.ZERO);
            }
            metrics.waiting(shard, events.get(0).occurredAt());
            return commit(events, upto).map(whole -> whole && !full ? Duration.ZERO : null);
        });
    }

    /**
     * Applies {@code events} and moves the checkpoint to {@code upto} in one transaction; completes with false when
     * only the events before a failing one committed.
     */
    private Future<Boolean> commit(List<EventEnvelope> events, long upto) {
        Batch batch = new Batch();
        return prepare(events, batch, 0).compose(unprepared -> unprepared == null ? commit(events, upto, batch, true)
                : failed(events, unprepared.index(), unprepared.cause(), batch));
    }

    /** A prepare that failed: the first failing event's index and why. */
    private record Unprepared(int index, Throwable cause) {
    }

    /** Runs {@link LogConsumer#prepare} for {@code events} from {@code from} on, a few at a time; null when all succeeded. */
    private Future<Unprepared> prepare(List<EventEnvelope> events, Batch batch, int from) {
        if (from >= events.size()) {
            return Future.succeededFuture();
        }
        int to = Math.min(events.size(), from + PREPARE_AT_ONCE);
        List<Future<Object>> fetched = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            EventEnvelope event = events.get(i);
            Future<Object> one = guarded(() -> consumer.prepare(event));
            fetched.add(one.onSuccess(value -> batch.prepared(event.id(), value)));
        }
        return Future.join(fetched).transform(done -> {
            for (int i = 0; i < fetched.size(); i++) {
                if (fetched.get(i).failed()) {
                    return Future.succeededFuture(new Unprepared(from + i, fetched.get(i).cause()));
                }
            }
            return prepare(events, batch, to);
        });
    }

    /**
     * Applies {@code events} and moves the checkpoint to {@code upto} in one transaction.
     * <p>Grouped (the normal case), one tenant's events are applied together: the tenant is bound once, and every
     * event's statements are sent without waiting for the previous event's, so a batch costs a few round trips per
     * tenant instead of several per event. (A consumer whose events depend on what earlier ones wrote orders that
     * part itself, as the workflow intake does with its launches.) The connection runs statements in the order they were sent, so each
     * event's first statements still run in log order (and so do its later ones, among the events' later ones).
     * When a grouped batch fails it is tried again one event at a time in log order, where the events before the
     * failing one commit alone and only the failing one is retried or parked.
     */
    private Future<Boolean> commit(List<EventEnvelope> events, long upto, Batch batch, boolean grouped) {
        int[] failedAt = {-1};
        Runnable[] afterCommit = new Runnable[events.size()];
        List<Instant> applied = java.util.Collections.synchronizedList(new ArrayList<>(events.size()));
        List<List<Integer>> steps = grouped ? byTenant(events) : oneByOne(events);
        return db.withoutTenant(conn -> EventLog.lockCheckpoint(conn, consumer.name(), shard).compose(checkpoint -> {
            Future<Void> chain = Future.succeededFuture();
            UUID[] bound = {null};
            for (List<Integer> step : steps) {
                chain = chain.compose(v -> {
                    List<Future<?>> effects = new ArrayList<>(step.size() + 1);
                    for (int index : step) {
                        EventEnvelope event = events.get(index);
                        if (event.seq() <= checkpoint) {
                            continue; // another node applied it already
                        }
                        if (!event.tenantId().equals(bound[0])) {
                            // the binding leaves with the event's first statements; the connection keeps their order
                            effects.add(EventLog.bindTenant(conn, event.tenantId()));
                            bound[0] = event.tenantId();
                        }
                        effects.add(guarded(() -> consumer.apply(conn, event, batch)).transform(ar -> {
                            if (ar.failed()) {
                                failedAt[0] = failedAt[0] < 0 ? index : Math.min(failedAt[0], index);
                                return Future.failedFuture(ar.cause());
                            }
                            afterCommit[index] = ar.result();
                            applied.add(event.occurredAt());
                            return Future.succeededFuture();
                        }));
                    }
                    if (!effects.isEmpty()) {
                        int first = step.get(0);
                        effects.add(guarded(() -> consumer.flush(conn, batch)).recover(err -> {
                            failedAt[0] = failedAt[0] < 0 ? first : Math.min(failedAt[0], first);
                            return Future.failedFuture(err);
                        }));
                    }
                    return Future.join(effects).mapEmpty();
                });
            }
            long target = Math.max(checkpoint, upto);
            return chain.compose(v -> EventLog.moveCheckpoint(conn, consumer.name(), shard, target)).map(target);
        })).compose(position -> {
            known = position;
            stored(position);
            unreachable = 0;
            if (failing != null && !applied.isEmpty()) {
                failing = null;
                attempts = 0;
            }
            metrics.position(shard, position);
            metrics.applied(applied.size(), applied);
            metrics.progressed(shard, null);
            for (Runnable action : afterCommit) {
                if (action != null) {
                    runSafely(action);
                }
            }
            return Future.succeededFuture(true);
        }, err -> grouped && failedAt[0] >= 0 && !isUnreachable(err) ? commit(events, upto, batch.again(), false)
                : failed(events, failedAt[0], err, batch));
    }

    /** One step per event, in log order. */
    private static List<List<Integer>> oneByOne(List<EventEnvelope> events) {
        List<List<Integer>> steps = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            steps.add(List.of(i));
        }
        return steps;
    }

    /** One step per tenant: the indexes of its events in log order, tenants in the order of their first event. */
    private static List<List<Integer>> byTenant(List<EventEnvelope> events) {
        java.util.Map<UUID, List<Integer>> tenants = new java.util.LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            tenants.computeIfAbsent(events.get(i).tenantId(), t -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(tenants.values());
    }

    private Future<Boolean> failed(List<EventEnvelope> events, int index, Throwable err, Batch batch) {
        if (index < 0 || isUnreachable(err)) {
            return Future.failedFuture(err);
        }
        if (index > 0) {
            // The events before the failing one commit on their own; the next batch starts at the failing one.
            return commit(events.subList(0, index), events.get(index - 1).seq(), batch.again(), false).map(false);
        }
        EventEnvelope event = events.get(0);
        if (!event.id().equals(failing)) {
            failing = event.id();
            attempts = 0;
        }
        attempts++;
        String error = describe(err);
        Future<Void> recorded = attemptFailed(event, attempts, error);
        if (attempts < settings.maxAttempts() && !dev.switchboard.platform.error.Retryability.permanent(err)) {
            log.warn("event consumer failed; will retry [consumer: {}, tenant: {}, event: {}, type: {}, attempt: {}]",
                    consumer.name(), event.tenantId(), event.id(), event.type(), attempts, err);
            return recorded.transform(v -> Future.failedFuture(new Retry(backoff(attempts))));
        }
        return recorded.transform(v -> park(event, error)).map(false);
    }

    /** Records {@code event} as parked and moves the checkpoint past it, together. */
    private Future<Void> park(EventEnvelope event, String error) {
        int tried = attempts;
        return db.withoutTenant(conn -> EventLog.lockCheckpoint(conn, consumer.name(), shard).compose(checkpoint -> {
            if (checkpoint >= event.seq()) {
                return Future.succeededFuture(checkpoint);
            }
            return EventLog.bindTenant(conn, event.tenantId())
                    .compose(bound -> consumer.parked(conn, event, error))
                    .compose(marked -> conn.preparedQuery(PARK).execute(Tuple.of(event.tenantId(), Ids.next(), consumer.name(), event.id(),
                            event.seq(), event.type(), tried, error)))
                    .compose(parked -> EventLog.moveCheckpoint(conn, consumer.name(), shard, event.seq()))
                    .map(event.seq());
        })).map(position -> {
            log.error("event parked after {} attempt(s) [consumer: {}, tenant: {}, event: {}, type: {}, error: {}]", tried,
                    consumer.name(), event.tenantId(), event.id(), event.type(), error);
            known = position;
            stored(position);
            failing = null;
            attempts = 0;
            metrics.position(shard, position);
            return null;
        });
    }

    private void stored(long position) {
        stored = position;
        storedAtNanos = System.nanoTime();
    }

    /**
     * Stores progress made by skipping events this consumer does not act on, now and then rather than per batch:
     * it only saves rereading them after a restart, and lets retention prune them. Progress not stored now is stored
     * once the interval has passed, even if no event comes after it (a consumer that skipped the last events of a
     * quiet log would otherwise keep them from retention).
     */
    private void storeSkipped() {
        if (known <= stored) {
            return;
        }
        long since = System.nanoTime() - storedAtNanos;
        if (known - stored >= SKIPPED_STORE_EVENTS || since >= SKIPPED_STORE_NANOS) {
            storeKnown();
        } else if (skippedTimer == -1 && !stopped) {
            skippedTimer = vertx.setTimer(Math.max(1, (SKIPPED_STORE_NANOS - since) / 1_000_000), id -> {
                skippedTimer = -1;
                if (!stopped && known > stored) {
                    storeKnown();
                }
            });
        }
    }

    private void storeKnown() {
        long position = known;
        stored(position);
        EventLog.moveCheckpoint(db.pool(), consumer.name(), shard, position)
                .onFailure(err -> log.debug("skipped progress not stored [consumer: {}, shard: {}]", consumer.name(), shard, err));
    }

    private Future<Void> open() {
        return guarded(() -> consumer.open(shard));
    }

    private Future<Void> attemptFailed(EventEnvelope event, int attempt, String error) {
        return guarded(() -> consumer.attemptFailed(event, attempt, error))
                .onFailure(e -> log.debug("failed attempt not recorded [consumer: {}, event: {}]", consumer.name(), event.id(), e));
    }

    /** What {@code call} returns, or its exception as a failed future: a consumer's mistake fails its event, not the worker. */
    private static <T> Future<T> guarded(java.util.function.Supplier<Future<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** How long to wait after a failed step: the backoff of a failing event, or of an unreachable database. */
    private Duration waitAfter(Throwable err) {
        if (err instanceof Retry retry) {
            return retry.after;
        }
        unreachable++;
        if (unreachable == 1 || unreachable % 30 == 0) {
            log.warn("event consumer waits for the database [consumer: {}, shard: {}, tries: {}]: {}", consumer.name(), shard,
                    unreachable, err.toString());
        }
        return backoff(Math.min(unreachable, 4));
    }

    private Duration backoff(int attempt) {
        long millis = settings.backoff().toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** A failure of the connection or the server rather than of this event's effects. */
    static boolean isUnreachable(Throwable err) {
        Throwable cause = err instanceof StoreException store && store.getCause() != null ? store.getCause() : err;
        if (cause instanceof ClosedConnectionException || cause instanceof java.net.ConnectException) {
            return true;
        }
        if (cause instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("40001")
                    || state.equals("40P01");
        }
        return false;
    }

    private static String describe(Throwable err) {
        String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("after-commit action failed", e);
        }
    }

    /** Ends a step that must wait before the next try. */
    static final class Retry extends RuntimeException {

        final Duration after;

        Retry(Duration after) {
            super(null, null, false, false);
            this.after = after;
        }
    }
}
