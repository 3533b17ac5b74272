package dev.switchboard.load.rest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Open-model load: requests start at a fixed rate whatever the answers do, for a fixed time. Each latency is measured
 * from the moment the schedule said the request should start, so a server (or connection pool) that falls behind
 * shows as latency instead of a slower schedule. At most {@code maxInFlight} requests are outstanding; a request the
 * schedule wants beyond that is not sent and counts as an error with status -2.
 */
public final class OpenLoop {

    private final Vertx vertx;
    private final double rate;
    private final long durationNanos;
    private final int maxInFlight;
    private final LongFunction<Future<?>> request;
    private final Latencies latencies = new Latencies();
    private final Map<Integer, Integer> failures = new TreeMap<>();
    private final Promise<Void> done = Promise.promise();
    private long start;
    private long scheduled;
    private int inFlight;
    private boolean issuing = true;

    private OpenLoop(Vertx vertx, double rate, long durationNanos, int maxInFlight, LongFunction<Future<?>> request) {
        this.vertx = vertx;
        this.rate = rate;
        this.durationNanos = durationNanos;
        this.maxInFlight = maxInFlight;
        this.request = request;
    }

    /**
     * Sends {@code request.apply(n)} for n = 0, 1, ... at {@code rate} per second for {@code seconds}, then waits (at most
     * 30 s) for the answers and summarises them. Blocks the calling thread, which must not be the event loop.
     */
    public static Window run(Vertx vertx, String name, double rate, int seconds, int maxInFlight, LongFunction<Future<?>> request) {
        OpenLoop loop = new OpenLoop(vertx, rate, seconds * 1_000_000_000L, maxInFlight, request);
        vertx.runOnContext(v -> loop.begin());
        try {
            loop.done.future().await(seconds + 30L, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // summarise what came back; the rest stays unrecorded
        }
        return Window.of(name, maxInFlight, seconds, loop.latencies, loop.failures);
    }

    private void begin() {
        start = System.nanoTime();
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            long elapsed = now - start;
            long due = (long) (Math.min(elapsed, durationNanos) / 1e9 * rate);
            while (scheduled < due) {
                long intended = start + (long) (scheduled / rate * 1e9);
                send(scheduled++, intended);
            }
            if (elapsed >= durationNanos) {
                vertx.cancelTimer(id);
                issuing = false;
                finishIfIdle();
            }
        });
    }

    private void send(long n, long intended) {
        if (inFlight >= maxInFlight) {
            latencies.add((System.nanoTime() - intended) / 1000);
            failures.merge(-2, 1, Integer::sum);
            return;
        }
        inFlight++;
        Future<?> sent;
        try {
            sent = request.apply(n);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            inFlight--;
            latencies.add((System.nanoTime() - intended) / 1000);
            if (ar.failed()) {
                failures.merge(Http.status(ar.cause()), 1, Integer::sum);
            }
            finishIfIdle();
        });
    }

    private void finishIfIdle() {
        if (!issuing && inFlight == 0) {
            done.tryComplete();
        }
    }
}
