package dev.switchboard.platform.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verticle that drains a database backlog in batches: on a timer, and at once when woken through a
 * local address. Batches never overlap; a wake-up during a batch runs another right after (or once the
 * linger has passed, so that under a steady stream of wake-ups each batch takes what came in the meantime), and a
 * full batch is followed immediately by the next. On stop it lets the running batch finish.
 * <p>A failed batch is retried on the next wake-up or tick. A worker whose batches keep failing is listed in the
 * node's {@link #FAILING} map (what {@code /health/ready} shows) until a batch succeeds again; its log names the
 * first failure and every 30th after it, not each retry.
 */
public abstract class PollingWorker extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

    /** The node's local map of the workers whose last batches all failed: name to failures, since and last error. */
    public static final String FAILING = "switchboard.workers.failing";
    /** The node's local map of the workers it runs: name to true (what the failing-batches gauge reports on). */
    public static final String RUNNING = "switchboard.workers.running";
    /** Consecutive failed batches after which a worker is listed as failing. */
    static final int FAILING_AFTER = 3;

    private final String name;
    private final Duration interval;
    private final String wakeAddress;
    private final int batchSize;
    private final Duration linger;

    private long timerId = -1;
    private long lingerId = -1;
    private MessageConsumer<Object> wakeConsumer;
    private boolean running;
    private boolean wokenWhileRunning;
    private Promise<Void> stopped;
    private int failures;
    private Instant failingSince;

    protected PollingWorker(String name, Duration interval, String wakeAddress, int batchSize) {
        this(name, interval, wakeAddress, batchSize, Duration.ZERO);
    }

    /** {@code linger}: how long the batch after a wake-up that came during the last one waits; zero runs it at once. */
    protected PollingWorker(String name, Duration interval, String wakeAddress, int batchSize, Duration linger) {
        this.name = name;
        this.interval = interval;
        this.wakeAddress = wakeAddress;
        this.batchSize = batchSize;
        this.linger = linger;
    }

    /** Processes at most {@code limit} items and completes with how many it processed. */
    protected abstract Future<Integer> runBatch(int limit);

    @Override
    public Future<?> start() {
        vertx.sharedData().<String, Boolean>getLocalMap(RUNNING).put(name, Boolean.TRUE);
        timerId = vertx.setPeriodic(interval.toMillis(), id -> drain());
        wakeConsumer = vertx.eventBus().localConsumer(wakeAddress, message -> drain());
        drain();
        return wakeConsumer.completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timerId);
        if (lingerId != -1) {
            vertx.cancelTimer(lingerId);
        }
        Future<Void> unregistered = wakeConsumer.unregister();
        if (!running) {
            return unregistered;
        }
        stopped = Promise.promise();
        return Future.all(unregistered, stopped.future());
    }

    private void drain() {
        if (running) {
            wokenWhileRunning = true;
            return;
        }
        if (lingerId != -1) {
            return; // the lingering batch takes this wake-up's work too
        }
        running = true;
        wokenWhileRunning = false;
        runBatch(batchSize).onComplete(ar -> {
            running = false;
            if (ar.failed()) {
                failed(ar.cause());
            } else if (failures > 0) {
                recovered();
            }
            if (stopped != null) {
                stopped.tryComplete();
                return;
            }
            if (ar.failed()) {
                return;
            }
            if (ar.result() == batchSize || wokenWhileRunning && linger.isZero()) {
                drain();
            } else if (wokenWhileRunning) {
                lingerId = vertx.setTimer(linger.toMillis(), id -> {
                    lingerId = -1;
                    drain();
                });
            }
        });
    }

    private void failed(Throwable cause) {
        failures++;
        if (failures == 1) {
            failingSince = Instant.now();
        }
        if (failures == 1 || failures % 30 == 0) {
            log.warn("{} batch failed; will retry [failures in a row: {}]", name, failures, cause);
        }
        if (failures >= FAILING_AFTER) {
            String error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            failing().put(name, new JsonObject().put("failures", failures).put("since", failingSince.toString())
                    .put("lastError", error));
        }
    }

    private void recovered() {
        if (failures >= FAILING_AFTER) {
            log.info("{} recovered after {} failed batches", name, failures);
        }
        failures = 0;
        failing().remove(name);
    }

    private LocalMap<String, JsonObject> failing() {
        return vertx.sharedData().getLocalMap(FAILING);
    }

    /**
     * How many batches in a row the worker {@code name} of this node has failed, as {@code /health/ready} lists it:
     * zero until it has failed {@value #FAILING_AFTER} in a row, and again once a batch succeeds.
     */
    public static int failingBatches(io.vertx.core.Vertx vertx, String name) {
        JsonObject failing = vertx.sharedData().<String, JsonObject>getLocalMap(FAILING).get(name);
        return failing == null ? 0 : failing.getInteger("failures", 0);
    }
}
